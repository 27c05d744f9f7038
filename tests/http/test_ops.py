"""Running Balai for years: health, readiness and metrics on their own
listener; the database going away and coming back (stale pages served,
clear 503 for admin writes, recovery without a restart); a restart under
load through a socket held by the service manager (no request lost); kill -9
during writes (no acknowledged write lost)."""
import http.client
import os
import re
import signal
import socket
import subprocess
import threading
import time
import unittest

from harness import BIN, PG, Database, Server, free_port, wait_for
from test_admin import DOC, Client, make_accounts

BLUMAH, MEDONO = 3324012001, 3324072001


def loopback_listener(backlog):
    """A listening TCP socket on a free loopback port."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(backlog)
    return s


def pg_socket_path():
    host = re.search(r"host=(\S+)", PG).group(1)
    port = re.search(r"port=(\d+)", PG).group(1) if "port=" in PG else "5432"
    return os.path.join(host, f".s.PGSQL.{port}")


class DbProxy:
    """A TCP front for the test cluster's Unix socket that can be switched off:
    `down()` cuts every open connection and refuses new ones, like a database
    server that went away; `up()` lets connections through again."""

    def __init__(self):
        self.target = pg_socket_path()
        self.listener = loopback_listener(64)
        self.port = self.listener.getsockname()[1]
        self.is_down = False
        self.closed = False
        self.lock = threading.Lock()
        self.open = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.socket(socket.AF_UNIX)
            with self.lock:  # down() cannot slip in between the check and the registration
                if self.is_down:
                    client.close()
                    upstream.close()
                    continue
                try:
                    upstream.connect(self.target)
                except OSError:
                    client.close()
                    upstream.close()
                    continue
                self.open += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pump(a, b):
        try:
            while True:
                data = a.recv(65536)
                if not data:
                    break
                b.sendall(data)
        except OSError:
            pass
        for s in (a, b):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def down(self):
        with self.lock:
            self.is_down = True
            for s in self.open:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
                except OSError:
                    pass
            self.open = []

    def up(self):
        self.is_down = False

    def close(self):
        self.closed = True
        self.down()
        self.listener.close()


def metric(text, name, labels=None):
    """The value of one sample of a Prometheus exposition, or None."""
    want = name + ("{" + labels + "}" if labels else "")
    for line in text.splitlines():
        if line.startswith(want + " "):
            return float(line.split()[-1])
    return None


class Operations(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = Database()
        cls.proxy = DbProxy()
        cls.metrics_port = free_port()
        url = f"host=127.0.0.1 port={cls.proxy.port} dbname={cls.db.name} user=balai_app connect_timeout=2"
        cls.server = Server(cls.db, "--metrics-listen", f"127.0.0.1:{cls.metrics_port}", database_url=url)
        cls.passwords = make_accounts(cls.db, cls.server, [("admin.blumah", "admin_desa", "blumah")])

    @classmethod
    def tearDownClass(cls):
        cls.proxy.up()
        cls.server.stop()
        cls.proxy.close()
        cls.db.drop()

    def ops(self, path):
        c = http.client.HTTPConnection("127.0.0.1", self.metrics_port, timeout=10)
        try:
            c.request("GET", path)
            r = c.getresponse()
            return r.status, r.read().decode()
        finally:
            c.close()

    def test_health_readiness_and_metrics_on_their_own_listener(self):
        self.assertEqual(self.ops("/healthz"), (200, "ok\n"))
        self.assertEqual(self.ops("/readyz"), (200, "ready\n"))
        # The public port does not expose them.
        status, _, body = self.server.get("localhost", "/metrics")
        self.assertEqual(status, 404)
        self.assertNotIn("balai_http_requests_total", body)

        for _ in range(3):
            self.assertEqual(self.server.get("blumah.localhost", "/")[0], 200)
        self.assertEqual(self.server.get("blumah.localhost", "/tidak-ada-halaman-ini")[0], 404)
        c = Client(self.server)
        self.assertEqual(c.login("admin.blumah", "salah-sandi-sekali")[0], 401)
        status, text = self.ops("/metrics")
        self.assertEqual(status, 200)
        self.assertGreaterEqual(metric(text, "balai_http_requests_total", 'surface="site",status="200"'), 3)
        self.assertGreaterEqual(metric(text, "balai_http_requests_total", 'surface="site",status="404"'), 1)
        self.assertGreaterEqual(metric(text, "balai_http_requests_total", 'surface="admin",status="401"'), 1)
        self.assertGreater(metric(text, "balai_http_request_body_bytes_total", 'surface="admin"'), 0)
        # Every site request so far (3 home pages, 1 not found) is in the latency histogram, buckets cumulative.
        self.assertGreaterEqual(metric(text, "balai_http_request_duration_seconds_count", 'surface="site"'), 4)
        buckets = [float(line.split()[-1]) for line in text.splitlines()
                   if line.startswith('balai_http_request_duration_seconds_bucket{surface="site"')]
        self.assertEqual(buckets, sorted(buckets))
        self.assertGreaterEqual(metric(text, "balai_cache_hits_total"), 2)  # the 2nd and 3rd home page
        self.assertGreater(metric(text, "balai_cache_bytes"), 0)
        self.assertEqual(metric(text, "balai_db_pool_workers"), 4)
        self.assertIsNotNone(metric(text, "balai_db_pool_queued"))
        self.assertEqual(metric(text, "balai_villages"), float(self.db.sql("SELECT count(*) FROM desa")[0][0]))
        # Scrapes themselves are not counted as traffic.
        self.assertIsNone(metric(text, "balai_http_requests_total", 'surface="other",status="200"'))

    def test_security_headers_on_public_and_admin_origins(self):
        for host, path in (("blumah.localhost", "/"), ("blumah.localhost", "/tidak-ada"), ("localhost", "/")):
            status, h, _ = self.server.get(host, path)
            self.assertIn(status, (200, 404))
            csp = h["content-security-policy"]
            self.assertIn("frame-ancestors 'none'", csp, host + path)
            self.assertIn("default-src 'none'", csp)
            self.assertNotIn("script-src", csp)  # public pages run no script at all
            self.assertEqual(h["x-content-type-options"], "nosniff")
            self.assertEqual(h["referrer-policy"], "strict-origin-when-cross-origin")
        for path, expected in (("/", 200), ("/tidak-ada.js", 404)):
            status, h, _ = self.server.get("admin.localhost", path)
            self.assertEqual(status, expected, path)
            csp = h["content-security-policy"]
            self.assertNotIn("unsafe-inline", csp)
            self.assertNotIn("unsafe-eval", csp)
            self.assertIn("script-src 'self'", csp)
            self.assertIn("frame-ancestors 'none'", csp)
            self.assertEqual(h["x-frame-options"], "DENY")
            self.assertEqual(h["x-content-type-options"], "nosniff")
            self.assertEqual(h["referrer-policy"], "no-referrer")
        status, h, _ = self.server.get("admin.localhost", "/api/sesi")
        self.assertEqual(status, 401)
        self.assertNotIn("unsafe-inline", h["content-security-policy"])

    def test_the_database_going_away_and_coming_back(self):
        admin = Client(self.server)
        self.assertEqual(admin.login("admin.blumah", self.passwords["admin.blumah"])[0], 200)
        for path in ("/", "/kontak"):
            status, headers, _ = self.server.get("blumah.localhost", path)
            self.assertEqual(status, 200)
            self.assertNotIn("warning", headers)
        # News published after the pages were cached makes them stale (the
        # notification reaches the server within moments)...
        status, post = admin.call("POST", "/api/berita", {"judul": "Posyandu Balita Bulan Ini", "isi": DOC, "status": "published"})
        self.assertEqual(status, 201, post)
        # The notification has arrived once the contact page is rendered anew (a cache miss).
        def misses():
            return metric(self.ops("/metrics")[1], "balai_cache_misses_total")
        def kontak_rerendered():
            before = misses()
            self.server.get("blumah.localhost", "/kontak")
            return misses() > before
        self.assertIsNotNone(wait_for(kontak_rerendered, 10, interval=0.1), "the news did not make Blumah's pages stale")

        self.proxy.down()
        try:
            # ...but with the database away the old home page is still served, marked stale.
            status, headers, stale = self.server.get("blumah.localhost", "/")
            self.assertEqual(status, 200)
            self.assertIn("Stale", headers.get("warning", ""))
            self.assertIn("Blumah", stale)
            self.assertNotIn("Posyandu Balita Bulan Ini", stale)
            self.assertEqual(self.server.get("blumah.localhost", "/kontak")[0], 200)
            # A page never rendered has nothing to fall back on: a clear 503 in Indonesian.
            status, headers, page = self.server.get("medono.localhost", "/")
            self.assertEqual(status, 503)
            self.assertEqual(headers.get("retry-after"), "2")
            self.assertIn('lang="id"', page)
            # Admin writes are refused with a clear message, nothing half-done.
            status, body = admin.call("POST", "/api/berita", {"judul": "Saat database mati", "isi": DOC, "status": "published"})
            self.assertEqual(status, 503, body)
            self.assertIn("database tidak tersedia", body["galat"])
            self.assertEqual(self.ops("/healthz")[0], 200)
            status, text = self.ops("/readyz")
            self.assertEqual(status, 503)
            self.assertIn("database unavailable", text)
            _, text = self.ops("/metrics")
            self.assertGreaterEqual(metric(text, "balai_cache_stale_total"), 1)
            self.assertGreaterEqual(metric(text, "balai_village_server_errors_total", f'desa_id="{MEDONO}"'), 1)
        finally:
            self.proxy.up()

        # Back on its own, without a restart.
        took = wait_for(lambda: self.ops("/readyz")[0] == 200, 15, interval=0.2)
        self.assertIsNotNone(took, "not ready again within 15 s of the database returning")
        took = wait_for(lambda: self.server.get("medono.localhost", "/")[0] == 200, 15, interval=0.2)
        self.assertIsNotNone(took, "pages not rendered again after the database returned")
        status, headers, _ = self.server.get("blumah.localhost", "/")
        self.assertEqual(status, 200)
        self.assertNotIn("warning", headers)
        status, post = admin.call("POST", "/api/berita", {"judul": "Setelah database kembali", "isi": DOC, "status": "published"})
        self.assertEqual(status, 201, post)
        self.assertEqual(self.db.sql("SELECT count(*) FROM posts WHERE title = 'Saat database mati'"), [["0"]])
        self.assertEqual(self.db.sql("SELECT count(*) FROM posts WHERE title = 'Setelah database kembali'"), [["1"]])
        # The 503 of Medono reaches the console's roll-up when the server writes its counts (at the latest when it stops).
        self.assertEqual(self.server.stop(), 0)
        errors = self.db.sql(f"SELECT sum(errors) FROM desa_errors WHERE desa_id = {MEDONO}")[0][0]
        self.assertGreaterEqual(int(errors or 0), 1)


    def test_zz_password_and_code_guessing_is_limited(self):
        # Last in this class: it leaves the address limited. The server was
        # stopped by the outage test above: a fresh one on the same database.
        self.__class__.server = server = Server(self.db)
        admin = Client(server)
        self.assertEqual(admin.login("admin.blumah", self.passwords["admin.blumah"])[0], 200)
        statuses = []
        for i in range(30):
            status, body = admin.call("POST", "/api/sandi", {"sandi_lama": f"tebakan-{i}", "sandi_baru": "Sandi-Baru-Panjang-2026!"})
            statuses.append(status)
            if status == 429:
                break
        self.assertEqual(statuses[:-1], [422] * (len(statuses) - 1))
        self.assertEqual(statuses[-1], 429, statuses)
        self.assertEqual(len(statuses), 21)
        self.assertIn("Terlalu banyak percobaan", body["galat"])
        # Authenticator codes and sign-ins from the same address wait too.
        self.assertEqual(admin.call("POST", "/api/totp/aktifkan", {"kode": "000000"})[0], 429)
        self.assertEqual(Client(server).login("admin.blumah", self.passwords["admin.blumah"])[0], 429)


class Restarts(unittest.TestCase):
    """The listening socket is held outside the process, as systemd's
    balai-http.socket does: a restart queues connections instead of refusing them."""

    @classmethod
    def setUpClass(cls):
        cls.db = Database()
        cls.sock = loopback_listener(1024)
        cls.port = cls.sock.getsockname()[1]
        cls.log = open(f"/tmp/balai-restart-{os.getpid()}.log", "w+")

    @classmethod
    def tearDownClass(cls):
        cls.sock.close()
        cls.log.close()
        os.unlink(cls.log.name)
        cls.db.drop()

    def setUp(self):
        self.procs = []

    def tearDown(self):
        # Whatever happened in the test, no server outlives it.
        for p in self.procs:
            if p.poll() is None:
                p.kill()
                p.wait()

    def spawn(self):
        fd = self.sock.fileno()
        # The socket becomes descriptor 3, and LISTEN_PID the server's own pid:
        # both set by the shell that then becomes the server.
        proc = subprocess.Popen(
            ["sh", "-c", ("" if fd == 3 else f"exec 3<&{fd} {fd}<&-; ") + 'LISTEN_PID=$$ LISTEN_FDS=1 LISTEN_FDNAMES=http exec "$@"', "sh", BIN, "serve",
             "--port", "1", "--base-domain", "localhost", "--threads", "2", "--pool-size", "4"],
            stdout=self.log, stderr=subprocess.STDOUT, pass_fds=(fd,),
            env=dict(os.environ, BALAI_DATABASE_URL=self.db.app_url()))
        self.procs.append(proc)
        return proc

    def get(self, host, path="/", method="GET", body=None, headers=None, timeout=15):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            c.putheader("Host", f"{host}:{self.port}")
            c.putheader("Connection", "close")
            for k, v in (headers or {}).items():
                c.putheader(k, v)
            if body is not None:
                c.putheader("Content-Length", str(len(body)))
            c.endheaders(body)
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    def stop(self, proc, sig=signal.SIGTERM):
        if proc.poll() is None:
            proc.send_signal(sig)
            proc.wait(timeout=15)

    def wait_serving(self):
        ok = wait_for(lambda: self.get("blumah.localhost")[0] == 200, 30, interval=0.05)
        self.assertIsNotNone(ok, "server did not start serving")

    def test_graceful_restart_under_load_loses_no_request(self):
        proc = self.spawn()
        self.wait_serving()
        results, stop = [], threading.Event()

        def load(i):
            paths = ["/", "/berita", "/profil/sejarah", "/kontak"]
            n = 0
            while not stop.is_set():
                try:
                    status, _ = self.get("blumah.localhost" if i % 2 else "medono.localhost", paths[n % len(paths)])
                    results.append(status)
                except Exception as e:  # noqa: BLE001 - every failure is the finding
                    results.append(repr(e))
                n += 1

        threads = [threading.Thread(target=load, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        time.sleep(1.0)
        for _ in range(3):
            # The old process drains while the new one starts on the same socket.
            before = len(results)
            proc.send_signal(signal.SIGTERM)
            new = self.spawn()
            proc.wait(timeout=15)
            self.assertEqual(proc.returncode, 0)
            proc = new
            time.sleep(1.5)
            self.assertGreater(len(results), before, "no requests answered across the restart")
        stop.set()
        for t in threads:
            t.join(timeout=30)
        self.stop(proc)
        failures = [r for r in results if r != 200]
        print(f"\ngraceful restart x3 under load: {len(results)} requests, {len(failures)} not 200", flush=True)
        self.assertGreater(len(results), 100)
        self.assertEqual(failures, [], "requests lost or failed across graceful restarts")

    def test_kill_9_during_writes_loses_no_acknowledged_write_and_restarts_fast(self):
        proc = self.spawn()
        self.wait_serving()
        # An admin session, made through the server itself.
        server = type("S", (), {"port": self.port, "host": lambda _self, name: f"{name}:{self.port}"})()
        out = self.db.cli("user", "add", "--username", "admin.tulis", "--nama", "Admin Tulis", "--role", "admin_desa", "--desa", "blumah").stdout
        temp = re.search(r"temporary password: (\S+)", out).group(1)
        c = Client(server)
        self.assertEqual(c.login("admin.tulis", temp)[0], 200)
        self.assertEqual(c.call("POST", "/api/sandi", {"sandi_lama": temp, "sandi_baru": "Tulis-Terus-Sampai-2026!"})[0], 204)

        acked, stop = [], threading.Event()

        def write(i):
            n = 0
            while not stop.is_set():
                title = f"Kabar {i}-{n}"
                n += 1
                try:
                    status, body = c.call("POST", "/api/berita", {"judul": title, "isi": DOC, "status": "published"})
                    if status == 201:
                        acked.append(title)
                except Exception:  # noqa: BLE001 - a write cut by the kill was never acknowledged
                    pass

        threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        time.sleep(1.5)
        acked_before_kill = len(acked)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        started = time.time()
        proc = self.spawn()
        # Serving again: the first answer through the held socket.
        status, _ = self.get("blumah.localhost", timeout=30)
        restart = time.time() - started
        self.assertEqual(status, 200)
        time.sleep(1.5)
        stop.set()
        for t in threads:
            t.join(timeout=30)
        self.stop(proc)
        print(f"\nkill -9: {len(acked)} writes acknowledged ({acked_before_kill} before the kill); "
              f"restart to serving {restart * 1000:.0f} ms", flush=True)
        self.assertGreater(acked_before_kill, 5)
        self.assertGreater(len(acked), acked_before_kill, "no writes acknowledged after the restart")
        stored = {r[0] for r in self.db.sql("SELECT title FROM posts WHERE title LIKE 'Kabar %'")}
        lost = [t for t in acked if t not in stored]
        self.assertEqual(lost, [], "acknowledged writes lost")
        self.assertLess(restart, 5.0)


if __name__ == "__main__":
    unittest.main()

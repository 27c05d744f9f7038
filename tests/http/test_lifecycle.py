"""The server's life: clean stop under load, surviving the database going
away, refusing bad configuration, machine-readable logs."""
import json
import os
import signal
import subprocess
import threading
import time
import unittest

from harness import BIN, Database, Server, wait_for, psql


class Lifecycle(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = Database()

    @classmethod
    def tearDownClass(cls):
        cls.db.drop()

    def test_sigterm_under_load_finishes_requests_and_exits_0_within_5s(self):
        server = Server(self.db)
        stop = threading.Event()
        results = {"ok": 0, "bad": []}
        lock = threading.Lock()

        def load():
            import http.client
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
                    c.request("GET", f"/profil/sejarah?n={threading.get_ident()}-{n}", headers={"Host": server.host("blumah.localhost")})
                    r = c.getresponse()
                    body = r.read()
                    with lock:
                        if r.status == 200 and body.rstrip().endswith(b"</html>"):
                            results["ok"] += 1
                        else:
                            results["bad"].append((r.status, body[-40:]))
                    c.close()
                except (ConnectionRefusedError, ConnectionResetError):
                    pass  # the listener is closed: expected once stopping
                except Exception as e:  # noqa: BLE001
                    with lock:
                        results["bad"].append(repr(e))

        threads = [threading.Thread(target=load) for _ in range(16)]
        for t in threads:
            t.start()
        time.sleep(1.5)
        started = time.time()
        server.proc.send_signal(signal.SIGTERM)
        try:
            code = server.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        took = time.time() - started
        stop.set()
        for t in threads:
            t.join()
        out = server.output()
        server.stop()
        self.assertEqual(code, 0, out[-2000:])
        self.assertLess(took, 5.0)
        self.assertGreater(results["ok"], 50)
        self.assertEqual(results["bad"], [], "requests in flight must complete")
        self.assertIn("stopped", out)

    def test_reconnects_after_the_database_drops_every_connection(self):
        server = Server(self.db)
        try:
            self.assertEqual(server.get("blumah.localhost", "/profil/sejarah?n=0")[0], 200)
            # What a PostgreSQL restart does to the server: every connection is cut.
            psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{self.db.name}' "
                 "AND usename = 'balai_app'", user="postgres")
            # Distinct queries miss the cache, so each probe reaches PostgreSQL.
            probes = iter(range(1, 1000))
            took = wait_for(lambda: server.get("blumah.localhost", f"/profil/sejarah?n={next(probes)}")[0] == 200, 10.0, 0.1)
            self.assertIsNotNone(took, "pages never came back after the connections were cut")
            # The directory listener is back too: a new domain still resolves quickly.
            wait_for(lambda: "reconnected" in server.output(), 10.0, 0.1)
            self.db.cli("domain", "add", "kediten.example.id", "kediten", "--primary")
            self.assertIsNotNone(wait_for(lambda: server.get("kediten.example.id")[0] == 200, 1.0),
                                 "LISTEN was not re-established after reconnect")
            self.assertEqual(server.proc.poll(), None, "server must not have exited")
        finally:
            server.stop()

    def test_page_views_are_counted_without_bots_and_saved_in_batches(self):
        server = Server(self.db)
        browser = {"User-Agent": "Mozilla/5.0 (Linux; Android 12) Chrome/120 Mobile"}
        for _ in range(3):
            self.assertEqual(server.get("blumah.localhost", "/agenda", headers=browser)[0], 200)
        server.get("blumah.localhost", "/agenda", headers={"User-Agent": "Googlebot/2.1"})
        server.get("blumah.localhost", "/agenda")
        # Nothing is written per request: the count reaches PostgreSQL with the next flush.
        self.assertEqual(self.db.sql("SELECT count(*) FROM page_views WHERE desa_id = 3324012001 AND path = '/agenda'"), [["0"]])
        self.assertEqual(server.stop(), 0)
        rows = self.db.sql("SELECT views FROM page_views WHERE desa_id = 3324012001 AND path = '/agenda'")
        self.assertEqual(rows, [["3"]])
        self.assertEqual(self.db.sql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'page_views' "
                                     "AND column_name ~ 'ip|addr|agent'"), [["0"]])

    def test_json_access_log(self):
        server = Server(self.db, "--log-format", "json")
        try:
            _, headers, _ = server.get("blumah.localhost", "/")
            rid = headers["x-request-id"]
            self.assertIsNotNone(wait_for(lambda: rid in server.output(), 3.0))
            line = next(l for l in server.output().splitlines() if rid in l)
            try:
                entry = json.loads(line)
            except ValueError:
                self.fail("access log line is not JSON: " + line)
            self.assertEqual(entry["rid"], rid)
            self.assertEqual(entry["log"], "access")
            self.assertEqual(entry["desa"], 3324012001)
            self.assertEqual(entry["status"], 200)
            self.assertEqual(entry["host"], server.host("blumah.localhost"))
            self.assertIsInstance(entry["us"], int)
        finally:
            server.stop()

    def test_bad_configuration_is_refused_with_clear_messages(self):
        env = dict(os.environ, BALAI_DATABASE_URL=self.db.app_url())
        res = subprocess.run([BIN, "serve", "--port", "abc", "--time-zone", "Asia/Atlantis", "--trusted-proxy", "x"],
                             capture_output=True, text=True, env=env, timeout=30)
        self.assertEqual(res.returncode, 2)
        self.assertIn("--port", res.stderr)
        self.assertIn("--time-zone", res.stderr)
        self.assertIn("--trusted-proxy", res.stderr)
        res = subprocess.run([BIN, "serve", "--port", "1"], capture_output=True, text=True,
                             env={k: v for k, v in env.items() if k != "BALAI_DATABASE_URL"}, timeout=30)
        self.assertEqual(res.returncode, 2)
        self.assertIn("BALAI_DATABASE_URL", res.stderr)

    def test_refuses_to_start_when_an_applied_migration_changed(self):
        original = self.db.sql("SELECT checksum FROM schema_migrations WHERE name = '001_registry.sql'")[0][0]
        self.db.sql("UPDATE schema_migrations SET checksum = 'tampered' WHERE name = '001_registry.sql'")
        try:
            env = dict(os.environ, BALAI_DATABASE_URL=self.db.app_url())
            res = subprocess.run([BIN, "serve", "--port", "1"], capture_output=True, text=True, env=env, timeout=30)
            self.assertEqual(res.returncode, 1)
            self.assertIn("001_registry.sql has changed", res.stdout + res.stderr)
            res = self.db.cli("migrate", check=False)
            self.assertEqual(res.returncode, 1)
            self.assertIn("001_registry.sql has changed", res.stderr)
        finally:
            self.db.sql(f"UPDATE schema_migrations SET checksum = '{original}' WHERE name = '001_registry.sql'")


if __name__ == "__main__":
    unittest.main()

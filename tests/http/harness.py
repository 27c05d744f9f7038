"""Drives the real balai binary on loopback against a real PostgreSQL.

Each test module gets its own database cloned from the provisioned template
(BALAI_TEST_PG, BALAI_TEST_OWNER, BALAI_TEST_TEMPLATE, set by ./balai.sh test)
and its own server process on a free port.
"""
import os
import random
import signal
import socket
import subprocess
import threading
import time
import http.client

BIN = os.environ.get("BALAI_BIN", "")
PG = os.environ.get("BALAI_TEST_PG", "")
OWNER = os.environ.get("BALAI_TEST_OWNER", "balai_owner")
TEMPLATE = os.environ.get("BALAI_TEST_TEMPLATE", "balai_template")
DATA = os.path.join(os.path.dirname(__file__), "..", "..", "tenants", "data")


def require_env():
    if not BIN or not PG:
        raise RuntimeError("BALAI_BIN and BALAI_TEST_PG must be set: run through ./balai.sh test")


def psql(sql, db="postgres", user=None):
    """Runs SQL and returns rows as lists of strings."""
    out = subprocess.run(
        ["psql", "-X", "-q", "-tA", "-F", "\t", "-v", "ON_ERROR_STOP=1",
         f"{PG} dbname={db} user={user or OWNER}", "-c", sql],
        capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"psql failed: {sql[:200]}\n{out.stderr}")
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Database:
    def __init__(self):
        require_env()
        self.name = f"balai_http_{os.getpid()}_{random.randint(0, 99999)}"
        psql(f"CREATE DATABASE {self.name} TEMPLATE {TEMPLATE} STRATEGY FILE_COPY")

    def owner_url(self):
        return f"{PG} dbname={self.name} user={OWNER}"

    def app_url(self):
        return f"{PG} dbname={self.name} user=balai_app"

    def sql(self, statement, user=None):
        return psql(statement, db=self.name, user=user)

    def cli(self, *args, check=True):
        env = dict(os.environ, BALAI_OWNER_DATABASE_URL=self.owner_url())
        res = subprocess.run([BIN, *args], capture_output=True, text=True, env=env, timeout=120)
        if check and res.returncode != 0:
            raise AssertionError(f"balai {' '.join(args)} failed ({res.returncode}): {res.stderr}")
        return res

    def drop(self):
        for attempt in range(5):
            try:
                psql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
                return
            except RuntimeError:
                if attempt == 4:
                    raise
                time.sleep(1)


class Server:
    def __init__(self, db, *extra, database_url=None, base_domain="localhost", ready=(200,), port=None, **popen):
        self.db = db
        self.port = port or free_port()
        self.log_path = f"/tmp/balai-http-{os.getpid()}-{self.port}-{random.randint(0, 99999)}.log"
        self.log = open(self.log_path, "w+")
        env = dict(os.environ, BALAI_DATABASE_URL=database_url or db.app_url())
        env.update(popen.pop("env", {}))
        self.proc = subprocess.Popen(
            [BIN, "serve", "--port", str(self.port), "--base-domain", base_domain, "--threads", "2",
             "--pool-size", "4", *extra],
            stdout=self.log, stderr=subprocess.STDOUT, env=env, **popen)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited at start:\n" + self.output())
            try:
                status, _, _ = self.get(base_domain, "/healthz")
                if status in ready:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not become ready:\n" + self.output())

    def output(self):
        self.log.flush()
        with open(self.log_path) as f:
            return f.read()

    def host(self, name):
        return f"{name}:{self.port}"

    def get(self, host, path="/", headers=None, method="GET", conn=None):
        """One request with the given Host; returns (status, headers dict, body text)."""
        own = conn is None
        c = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            if host is not None:
                c.putheader("Host", host if ":" in host or host.startswith("[") else self.host(host))
            for k, v in (headers or {}).items():
                c.putheader(k, v)
            c.endheaders()
            r = c.getresponse()
            body = r.read().decode("utf-8", "replace")
            return r.status, {k.lower(): v for k, v in r.getheaders()}, body
        finally:
            if own:
                c.close()

    def raw(self, data, read_timeout=5):
        """Sends raw bytes and returns everything the server answers until it closes."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=read_timeout) as s:
            s.sendall(data)
            chunks = []
            try:
                while True:
                    b = s.recv(65536)
                    if not b:
                        break
                    chunks.append(b)
            except socket.timeout:
                pass
            return b"".join(chunks).decode("utf-8", "replace")

    def stop(self, sig=signal.SIGTERM, timeout=10):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        try:
            os.unlink(self.log_path)
        except OSError:
            pass
        return self.proc.returncode


def wait_for(predicate, timeout, interval=0.02):
    """Polls until predicate() is true; returns seconds taken or None on timeout."""
    start = time.time()
    while time.time() - start < timeout:
        if predicate():
            return time.time() - start
        time.sleep(interval)
    return None


def parallel(n, fn):
    """Runs fn(i) in n threads at once; returns the results in order."""
    results = [None] * n
    barrier = threading.Barrier(n)

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = fn(i)
        except Exception as e:  # noqa: BLE001 - reported by the caller's assertion
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results

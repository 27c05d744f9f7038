#!/usr/bin/env python3
"""Diskominfo console dashboard timings: the regency's 286 villages, then the
registry and activity rows of every village of Jawa Tengah (8,563, from the
national kode file; their content partitions are not provisioned, as the
console reads only the registry and the roll-up tables).

Run through `./balai.sh bench` (it provides a provisioned database), or by hand:
  BALAI_BIN=build/release/server/balai BALAI_TEST_PG="host=... port=..." \
  BALAI_BENCH_DB=balai python3 tests/bench/console.py
The database named by BALAI_BENCH_DB is changed (villages are added): use a
throw-away copy.
"""
import csv
import os
import random
import re
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
from harness import DATA, Server, wait_for  # noqa: E402
from test_admin import Client, totp  # noqa: E402

DB = os.environ.get("BALAI_BENCH_DB", "balai")
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
ENDPOINTS = [
    ("dashboard, first page (50, by last update)", "/api/konsol/desa"),
    ("dashboard, 500 rows sorted by name", "/api/konsol/desa?per_halaman=500&urut=nama&arah=naik"),
    ("dashboard, search + band filter", "/api/konsol/desa?q=sari&pita=tidak_aktif"),
    ("kecamatan roll-up and ranking", "/api/konsol/kecamatan"),
    ("12-week trend", "/api/konsol/tren"),
    ("CSV export of every village", "/api/konsol/desa?format=csv"),
]


class BenchDb:
    name = DB

    def owner_url(self):
        return f"{os.environ['BALAI_TEST_PG']} dbname={DB} user=balai_owner"

    def app_url(self):
        return f"{os.environ['BALAI_TEST_PG']} dbname={DB} user=balai_app"

    def sql(self, statement):
        import subprocess
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.owner_url(), "-f", "-"], input=statement, text=True,
                       check=True, stdout=subprocess.DEVNULL)


def operator(db, server):
    import subprocess
    user = f"bench.{random.randint(1000, 9999)}"
    out = subprocess.run([os.environ["BALAI_BIN"], "user", "add", "--username", user, "--role", "operator_diskominfo",
                          "--database-url", db.owner_url()], capture_output=True, text=True, check=True).stdout
    temp = re.search(r"temporary password: (\S+)", out).group(1)
    c = Client(server)
    assert c.login(user, temp)[0] == 200
    assert c.call("POST", "/api/sandi", {"sandi_lama": temp, "sandi_baru": "Bangku-Taman-Kota-2026!"})[0] == 204
    secret = c.call("POST", "/api/totp/mulai", {})[1]["rahasia"]
    assert c.call("POST", "/api/totp/aktifkan", {"kode": totp(secret)})[0] == 200
    return c


def measure(c):
    rows = []
    for label, path in ENDPOINTS:
        status, _ = c.call("GET", path)
        assert status == 200, (path, status)
        times = []
        for _ in range(RUNS):
            t = time.perf_counter()
            status, _ = c.call("GET", path)
            times.append((time.perf_counter() - t) * 1000)
            assert status == 200
        times.sort()
        rows.append((label, statistics.median(times), times[int(len(times) * 0.95) - 1]))
    return rows


def add_jawa_tengah(db):
    """Registry rows of every Jawa Tengah village outside the regency, with activity."""
    rnd = random.Random(33)
    kab, kec, desa = [], [], []
    with open(os.path.join(DATA, "kode-wilayah.csv")) as f:
        for row in csv.DictReader(f):
            kode = row["kode"]
            if not kode.startswith("33.") or kode.startswith("33.24"):
                continue
            number = kode.replace(".", "")
            nama = row["nama"].replace("'", "''")
            if row["tingkat"] == "kabupaten_kota":
                kab.append(f"({number}, '{kode}', '{nama}')")
            elif row["tingkat"] == "kecamatan":
                kec.append(f"({number}, '{kode}', '{nama}', 'k{number}', {kode[:5].replace('.', '')})")
            elif row["tingkat"] == "desa_kelurahan":
                jenis = "kelurahan" if kode.split(".")[3].startswith("1") else "desa"
                desa.append(f"({number}, '{kode}', '{nama}', '{jenis}', {kode[:8].replace('.', '')}, 'd{number}')")
    db.sql("INSERT INTO kabupaten (id, kode, nama) VALUES " + ",".join(kab) + " ON CONFLICT DO NOTHING")
    db.sql("INSERT INTO kecamatan (id, kode, nama, slug, kabupaten_id) VALUES " + ",".join(kec) + " ON CONFLICT DO NOTHING")
    for i in range(0, len(desa), 2000):
        db.sql("INSERT INTO desa (id, kode, nama, jenis, kecamatan_id, slug) VALUES " + ",".join(desa[i:i + 2000]) + " ON CONFLICT DO NOTHING")
    # Activity like the regency's: four in ten villages active, the rest weeks or years quiet, some never.
    acts, days = [], []
    for d in desa:
        number = d[1:d.index(",")]
        band = rnd.random()
        age = None if band > 0.9 else rnd.randint(0, 30) if band < 0.4 else rnd.randint(31, 90) if band < 0.65 else rnd.randint(91, 900)
        last = "NULL" if age is None else f"now() - interval '{age} days'"
        acts.append(f"({number}, {last}, now() - interval '{rnd.randint(0, 400)} days', {rnd.randint(0, 8)}, {rnd.randint(0, 20)},"
                    f" {rnd.randint(0, 5000)}, {rnd.randint(0, 400_000_000)}, {rnd.randint(0, 5)}, {rnd.randint(0, 3)})")
        if age is not None:
            for k in range(rnd.randint(1, 12)):
                days.append(f"({number}, current_date - {age + k * rnd.randint(1, 9)})")
    for i in range(0, len(acts), 2000):
        db.sql("INSERT INTO desa_activity (desa_id, last_content_at, last_login_at, posts_30, posts_90, views_30, storage_bytes, onboarding, errors_30)"
               " VALUES " + ",".join(acts[i:i + 2000]) + " ON CONFLICT DO NOTHING")
    for i in range(0, len(days), 5000):
        db.sql("INSERT INTO desa_days (desa_id, day) VALUES " + ",".join(days[i:i + 5000]) + " ON CONFLICT DO NOTHING")
    db.sql("ANALYZE desa; ANALYZE desa_activity; ANALYZE desa_days; NOTIFY balai_hosts")


def main():
    db = BenchDb()
    server = Server(db)
    try:
        c = operator(db, server)
        c.call("POST", "/api/konsol/segarkan", {})
        n = c.call("GET", "/api/konsol/desa?per_halaman=1")[1]["total"]
        small = measure(c)
        add_jawa_tengah(db)
        assert wait_for(lambda: c.call("GET", "/api/konsol/desa?per_halaman=1")[1]["total"] > 8000, 30)
        big_n = c.call("GET", "/api/konsol/desa?per_halaman=1")[1]["total"]
        big = measure(c)
    finally:
        server.stop()
    print(f"machine: {os.cpu_count()} cores; {RUNS} requests per line after one warm-up; loopback, one client, times in ms")
    print(f"{'request':46} {n:>5} villages: median   p95 | {big_n:>5} villages: median   p95 | ratio")
    for (label, m1, p1), (_, m2, p2) in zip(small, big):
        print(f"{label:46} {m1:20.1f} {p1:5.1f} | {m2:20.1f} {p2:5.1f} | {m2 / m1:5.1f}x")


if __name__ == "__main__":
    main()

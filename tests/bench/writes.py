"""Admin writes for the load benchmark: a village operator publishing news
(each one makes the village's cached pages stale) while the public pages are
under read load. Signs in as a demo account and posts for SECONDS.

  python3 writes.py PORT SECONDS [WRITERS] [PAUSE_S]   -> one JSON line of results
"""
import http.client
import json
import sys
import threading
import time

PORT, SECONDS = int(sys.argv[1]), float(sys.argv[2])
WRITERS = int(sys.argv[3]) if len(sys.argv) > 3 else 2
PAUSE = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
DOC = {"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Kerja bakti membersihkan saluran air di dusun."}]}]}


def call(method, path, body, cookie="", csrf=""):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        data = json.dumps(body).encode()
        headers = {"Host": f"admin.localhost:{PORT}", "Content-Type": "application/json", "Content-Length": str(len(data))}
        if cookie:
            headers["Cookie"] = cookie
        if csrf:
            headers["X-CSRF-Token"] = csrf
        c.request(method, path, data, headers)
        r = c.getresponse()
        payload = r.read()
        return r.status, r.getheader("Set-Cookie", ""), (json.loads(payload) if payload else {})
    finally:
        c.close()


status, set_cookie, body = call("POST", "/api/masuk", {"username": "admin.blumah", "sandi": "Blumah-Demo-2026"})
if status != 200:
    sys.exit(f"sign-in failed: {status} {body}")
cookie, csrf = set_cookie.split(";")[0], body["csrf"]
latencies, failures, lock, stop = [], [], threading.Lock(), time.time() + SECONDS


def writer(i):
    n = 0
    while time.time() < stop:
        t = time.perf_counter()
        status, _, out = call("POST", "/api/berita", {"judul": f"Kabar beban {i}-{n} {time.time():.0f}", "isi": DOC, "status": "published"}, cookie, csrf)
        took = time.perf_counter() - t
        with lock:
            (latencies if status == 201 else failures).append(took if status == 201 else status)
        n += 1
        if PAUSE:
            time.sleep(PAUSE)


threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
latencies.sort()
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0
print(json.dumps({"writes": len(latencies), "per_s": round(len(latencies) / SECONDS, 1), "p50_ms": round(pick(0.5), 1),
                  "p99_ms": round(pick(0.99), 1), "failed": len(failures), "failed_statuses": sorted(set(failures))}))

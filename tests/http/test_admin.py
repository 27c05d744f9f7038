"""The admin origin on the real binary and a real PostgreSQL: sign-in, forced
password change, CSRF, lockout, recovery codes, two-factor, tenant isolation,
roles, and the news workflow reaching the public site at once."""
import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import struct
import time
import unittest

from harness import Database, Server

BLUMAH, MEDONO = 3324012001, 3324072001
MEDIA = os.environ.get("BALAI_MEDIA_DIR", "")
DOC = {"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Warga bergotong royong."}]}]}


class Client:
    """A browser on the admin origin: keeps the session cookie and the CSRF token."""

    def __init__(self, server, host="admin.localhost", connect=None):
        self.server, self.host, self.cookie, self.csrf, self.set_cookie = server, host, "", "", ""
        self.connect = connect or (lambda: http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30))

    def call(self, method, path, body=None, raw=None, content_type="application/json", csrf=True, headers=None):
        c = self.connect()
        try:
            c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            c.putheader("Host", self.host if ":" in self.host else self.server.host(self.host))
            data = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
            if method in ("POST", "PUT") or data:
                c.putheader("Content-Type", content_type)
            c.putheader("Content-Length", str(len(data)))
            if self.cookie:
                c.putheader("Cookie", self.cookie)
            if csrf and self.csrf:
                c.putheader("X-CSRF-Token", self.csrf)
            for k, v in (headers or {}).items():
                c.putheader(k, v)
            c.endheaders()
            if data:
                c.send(data)
            r = c.getresponse()
            raw_body = r.read()
            kind = r.getheader("Content-Type", "")
            text = raw_body.decode() if kind.startswith(("application/json", "text/")) else ""
            sc = r.getheader("Set-Cookie")
            if sc:
                self.set_cookie = sc
                value = sc.split(";")[0]
                self.cookie = "" if value.endswith("=") else value
            payload = json.loads(text) if text and kind.startswith("application/json") else (text or raw_body)
            if isinstance(payload, dict) and "csrf" in payload:
                self.csrf = payload["csrf"]
            return r.status, payload
        finally:
            c.close()

    def login(self, username, password, **extra):
        return self.call("POST", "/api/masuk", {"username": username, "sandi": password, **extra}, csrf=False)


def make_accounts(db, server, specs):
    """Creates accounts with the CLI and signs each in once to replace its temporary password; returns {user: password}."""
    passwords = {}
    for user, role, desa in specs:
        out = db.cli("user", "add", "--username", user, "--nama", user.title(), "--role", role, "--desa", desa).stdout
        temp = re.search(r"temporary password: (\S+)", out).group(1)
        passwords[user] = "Kunci-Sawah-" + str(len(passwords)) + "-2026!"
        c = Client(server)
        assert c.login(user, temp)[0] == 200
        assert c.call("POST", "/api/sandi", {"sandi_lama": temp, "sandi_baru": passwords[user]})[0] == 204
    return passwords


def noise_png(width, height, seed):
    """An RGB PNG of pseudo-random pixels (hardly compressible), built with the standard library."""
    import random
    import zlib
    rnd = random.Random(seed)
    raw = b"".join(b"\x00" + rnd.randbytes(width * 3) for _ in range(height))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))


def totp(secret, at=None):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    step = int((at or time.time()) // 30)
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    o = mac[-1] & 15
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


class Admin(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = Database()
        cls.server = Server(cls.db)
        cls.passwords = make_accounts(cls.db, cls.server, [("admin.blumah", "admin_desa", "blumah"), ("editor.blumah", "editor", "blumah"),
                                                           ("kontri.blumah", "kontributor", "blumah"), ("admin.medono", "admin_desa", "medono")])

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.db.drop()

    def signed_in(self, user):
        c = Client(self.server)
        status, body = c.login(user, self.passwords[user])
        self.assertEqual(status, 200, body)
        return c

    def public(self, desa, path):
        slug = {BLUMAH: "blumah", MEDONO: "medono"}[desa]
        return self.server.get(f"{slug}.localhost", path)

    def test_first_sign_in_must_change_the_temporary_password(self):
        out = self.db.cli("user", "add", "--username", "baru.blumah", "--role", "editor", "--desa", "blumah").stdout
        temp = re.search(r"temporary password: (\S+)", out).group(1)
        c = Client(self.server)
        status, body = c.login("baru.blumah", temp)
        self.assertEqual(status, 200)
        self.assertTrue(body["akun"]["harus_ganti_sandi"])
        self.assertEqual(body["akun"]["desa"]["label"], "Desa Blumah")
        self.assertIn("HttpOnly", c.set_cookie)
        self.assertIn("SameSite=Strict", c.set_cookie)
        self.assertNotIn("Domain=", c.set_cookie, "the cookie stays on the admin origin, never on village hosts")
        status, body = c.call("GET", "/api/berita")
        self.assertEqual(status, 403)
        self.assertIn("kata sandi sementara", body["galat"])
        status, body = c.call("POST", "/api/sandi", {"sandi_lama": temp, "sandi_baru": "pendek"})
        self.assertEqual(status, 422)
        self.assertIn("minimal 10", body["kolom"]["sandi_baru"])
        self.assertEqual(c.call("POST", "/api/sandi", {"sandi_lama": temp, "sandi_baru": "Embun-Pagi-di-Kendal"})[0], 204)
        self.assertEqual(c.call("GET", "/api/berita")[0], 200)
        hash_ = self.db.sql("SELECT password_hash FROM accounts WHERE username = 'baru.blumah'")[0][0]
        self.assertTrue(hash_.startswith("$argon2id$"), hash_)

    def test_wrong_password_and_unknown_user_look_the_same_and_are_recorded(self):
        c = Client(self.server)
        s1, b1 = c.login("editor.blumah", "salah-sekali-123")
        s2, b2 = c.login("tidak.ada", "salah-sekali-123")
        self.assertEqual((s1, b1["galat"]), (s2, b2["galat"]))
        self.assertEqual(s1, 401)
        outcomes = [r[0] for r in self.db.sql("SELECT outcome FROM login_events WHERE username IN ('editor.blumah', 'tidak.ada') ORDER BY id")]
        self.assertIn("bad_password", outcomes)
        self.assertIn("unknown_user", outcomes)
        self.assertEqual(self.db.sql("SELECT count(*) FROM login_events WHERE username = 'tidak.ada' AND client_hash ~ '^[0-9a-f]{32}$'")[0][0], "1",
                         "the client address is stored only as a keyed hash")

    def test_writes_need_the_csrf_token_and_the_admin_origin(self):
        c = self.signed_in("editor.blumah")
        before = self.db.sql(f"SELECT count(*) FROM posts WHERE desa_id = {BLUMAH}")[0][0]
        status, body = c.call("POST", "/api/berita", {"judul": "Tanpa token", "isi": DOC}, csrf=False)
        self.assertEqual(status, 403)
        status, _ = c.call("POST", "/api/berita", {"judul": "Asal lain", "isi": DOC}, headers={"Origin": "http://evil.example"})
        self.assertEqual(status, 403)
        self.assertEqual(self.db.sql(f"SELECT count(*) FROM posts WHERE desa_id = {BLUMAH}")[0][0], before, "nothing was written")

    def test_news_written_in_the_admin_is_on_the_public_site_at_once_audited_and_revisable(self):
        c = self.signed_in("editor.blumah")
        self.public(BLUMAH, "/")  # warm the cache
        status, post = c.call("POST", "/api/berita", {"judul": "Festival Layang-Layang Blumah", "ringkasan": "Lomba layang-layang di sawah.",
                                                      "isi": DOC, "status": "published", "desa_id": MEDONO})
        self.assertEqual(status, 201, post)
        self.assertTrue(post["url_publik"].startswith("http://blumah.localhost:"))
        self.assertEqual(self.db.sql(f"SELECT desa_id FROM posts WHERE id = {post['id']}")[0][0], str(BLUMAH),
                         "the village comes from the session, not from the request")
        status, _, home = self.public(BLUMAH, "/")
        self.assertIn("Festival Layang-Layang Blumah", home, "the cached home page was invalidated by the write")
        self.assertNotIn("Festival Layang-Layang Blumah", self.public(MEDONO, "/")[2])
        audit = self.db.sql(f"SELECT actor, action FROM audit_log WHERE desa_id = {BLUMAH} AND object_id = {post['id']}")
        self.assertIn(["editor.blumah", "berita.buat"], [list(r) for r in audit])
        # Two people editing: the second save of an old version is refused.
        edit = {**{k: post[k] for k in ("judul", "ringkasan", "isi", "status")}, "versi": post["versi"]}
        edit["judul"] = "Festival Layang-Layang Blumah 2026"
        status, updated = c.call("PUT", f"/api/berita/{post['id']}", edit)
        self.assertEqual(status, 200, updated)
        status, body = c.call("PUT", f"/api/berita/{post['id']}", edit)
        self.assertEqual(status, 409)
        self.assertIn("diubah orang lain", body["galat"])
        status, revisions = c.call("GET", f"/api/berita/{post['id']}/revisi")
        self.assertEqual(len(revisions), 1)
        status, old = c.call("GET", f"/api/berita/{post['id']}/revisi/{revisions[0]['id']}")
        self.assertEqual(old["judul"], "Festival Layang-Layang Blumah")
        self.assertIn("Festival Layang-Layang Blumah 2026", self.public(BLUMAH, "/berita")[2])
        # Trash takes it off the site; restoring brings it back as a draft.
        self.assertEqual(c.call("DELETE", f"/api/berita/{post['id']}")[0], 204)
        self.assertNotIn("Festival Layang-Layang Blumah 2026", self.public(BLUMAH, "/berita")[2])
        self.assertEqual(c.call("POST", f"/api/berita/{post['id']}/pulihkan", {})[0], 204)
        self.assertEqual(c.call("GET", f"/api/berita/{post['id']}")[1]["status"], "draft")

    def test_another_villages_content_and_accounts_are_not_found(self):
        medono_post = self.db.sql(f"SELECT id FROM posts WHERE desa_id = {MEDONO} LIMIT 1")[0][0]
        medono_user = self.db.sql("SELECT id FROM accounts WHERE username = 'admin.medono'")[0][0]
        c = self.signed_in("admin.blumah")
        self.assertEqual(c.call("GET", f"/api/berita/{medono_post}")[0], 404)
        self.assertEqual(c.call("PUT", f"/api/berita/{medono_post}", {"judul": "x", "isi": DOC, "versi": 1})[0], 404)
        self.assertEqual(c.call("DELETE", f"/api/berita/{medono_post}")[0], 404)
        self.assertEqual(c.call("POST", f"/api/pengguna/{medono_user}/kode-pemulihan", {})[0], 404)
        status, users = c.call("GET", "/api/pengguna")
        self.assertNotIn("admin.medono", [u["username"] for u in users])
        self.assertEqual(self.db.sql(f"SELECT status FROM posts WHERE id = {medono_post}")[0][0], "published")

    def test_contributors_write_drafts_for_an_editor_to_publish(self):
        k = self.signed_in("kontri.blumah")
        status, body = k.call("POST", "/api/berita", {"judul": "Kabar dari Kontributor", "isi": DOC, "status": "published"})
        self.assertEqual(status, 422)
        self.assertIn("status", body["kolom"])
        status, post = k.call("POST", "/api/berita", {"judul": "Kabar dari Kontributor", "isi": DOC, "status": "pending"})
        self.assertEqual(status, 201)
        other = self.db.sql(f"SELECT id FROM posts WHERE desa_id = {BLUMAH} AND status = 'published' LIMIT 1")[0][0]
        self.assertEqual(k.call("DELETE", f"/api/berita/{other}")[0], 403)
        self.assertEqual(k.call("PUT", "/api/pengaturan", {"tagline": "x", "tema": "balai", "warna": "#000000"})[0], 403)
        e = self.signed_in("editor.blumah")
        status, pending = e.call("GET", "/api/berita?status=pending")
        self.assertIn(post["id"], [p["id"] for p in pending["item"]])
        status, published = e.call("PUT", f"/api/berita/{post['id']}", {"judul": post["judul"], "isi": DOC, "status": "published", "versi": post["versi"]})
        self.assertEqual(status, 200, published)
        self.assertIn("Kabar dari Kontributor", self.public(BLUMAH, "/berita")[2])

    def test_a_held_post_stays_held_when_edited_and_contributors_cannot_read_citizens_data(self):
        c = self.signed_in("editor.blumah")
        status, post = c.call("POST", "/api/berita", {"judul": "Slot Gacor Maxwin", "isi": DOC, "status": "draft"})
        self.db.sql(f"UPDATE posts SET status = 'held', held_reason = 'Mengandung istilah judi online' WHERE id = {post['id']}")
        status, held = c.call("GET", f"/api/berita/{post['id']}")
        self.assertEqual(held["alasan"], "Mengandung istilah judi online")
        status, saved = c.call("PUT", f"/api/berita/{post['id']}", {"judul": "Slot Gacor Maxwin", "isi": DOC, "status": "published", "versi": held["versi"]})
        self.assertEqual(status, 200, saved)
        self.assertEqual(saved["status"], "held", "released only by Diskominfo's review")
        self.assertEqual(saved["alasan"], "Mengandung istilah judi online")
        self.assertNotIn("Slot Gacor", self.public(BLUMAH, "/berita")[2])
        k = self.signed_in("kontri.blumah")
        status, body = k.call("GET", "/api/layanan")
        self.assertEqual(status, 403)
        self.assertIn("nama dan kontak", body["galat"])

    def test_scheduling_needs_a_future_time(self):
        c = self.signed_in("editor.blumah")
        status, body = c.call("POST", "/api/berita", {"judul": "Terjadwal", "isi": DOC, "status": "scheduled"})
        self.assertEqual(status, 422)
        self.assertIn("terbit", body["kolom"])
        status, body = c.call("POST", "/api/berita", {"judul": "Terjadwal", "isi": DOC, "status": "scheduled", "terbit": "2020-01-01T08:00:00+07:00"})
        self.assertIn("masa depan", body["kolom"]["terbit"])
        status, body = c.call("POST", "/api/berita", {"judul": "Terjadwal Lusa", "isi": DOC, "status": "scheduled", "terbit": "2099-01-01T08:00:00+07:00"})
        self.assertEqual(status, 201)
        self.assertNotIn("Terjadwal Lusa", self.public(BLUMAH, "/berita")[2])

    def test_lockout_after_failures_until_the_village_admin_unlocks(self):
        self.db.cli("user", "add", "--username", "lupa.blumah", "--role", "editor", "--desa", "blumah")
        self.db.sql("UPDATE accounts SET password_hash = (SELECT password_hash FROM accounts WHERE username = 'editor.blumah'),"
                    " must_change_password = false WHERE username = 'lupa.blumah'")
        c = Client(self.server)
        for _ in range(5):
            self.assertEqual(c.login("lupa.blumah", "salah-salah-salah")[0], 401)
        status, body = c.login("lupa.blumah", self.passwords["editor.blumah"])
        self.assertEqual(status, 423, "locked even with the right password")
        self.assertIn("terkunci", body["galat"])
        a = self.signed_in("admin.blumah")
        uid = self.db.sql("SELECT id FROM accounts WHERE username = 'lupa.blumah'")[0][0]
        status, users = a.call("GET", "/api/pengguna")
        self.assertTrue([u for u in users if u["username"] == "lupa.blumah"][0]["terkunci"])
        self.assertEqual(a.call("POST", f"/api/pengguna/{uid}/buka-kunci", {})[0], 204)
        self.assertEqual(c.login("lupa.blumah", self.passwords["editor.blumah"])[0], 200)

    def test_recovery_code_from_the_cli_is_single_use(self):
        self.db.cli("user", "add", "--username", "hilang.blumah", "--role", "editor", "--desa", "blumah")
        out = self.db.cli("user", "recovery", "hilang.blumah").stdout
        code = re.search(r"recovery code for hilang.blumah: ([A-Z0-9-]+)", out).group(1)
        c = Client(self.server)
        status, body = c.call("POST", "/api/pulihkan", {"username": "hilang.blumah", "kode": code.lower().replace("-", " "),
                                                        "sandi_baru": "Telaga-Biru-Kendal"}, csrf=False)
        self.assertEqual(status, 200, body)
        self.assertFalse(body["akun"]["harus_ganti_sandi"])
        self.assertEqual(c.call("GET", "/api/ringkasan")[0], 200)
        status, body = Client(self.server).call("POST", "/api/pulihkan", {"username": "hilang.blumah", "kode": code,
                                                                          "sandi_baru": "Telaga-Hijau-Kendal"}, csrf=False)
        self.assertEqual(status, 401)
        self.assertIn("sudah dipakai", body["galat"])
        self.assertEqual(self.db.sql("SELECT count(*) FROM support_audit WHERE action = 'akun.kode_pemulihan' AND detail->>'username' = 'hilang.blumah'")[0][0], "1")

    def test_two_factor_sign_in(self):
        self.db.cli("user", "add", "--username", "aman.blumah", "--role", "editor", "--desa", "blumah")
        self.db.sql("UPDATE accounts SET password_hash = (SELECT password_hash FROM accounts WHERE username = 'editor.blumah'),"
                    " must_change_password = false WHERE username = 'aman.blumah'")
        password = self.passwords["editor.blumah"]
        c = Client(self.server)
        self.assertEqual(c.login("aman.blumah", password)[0], 200)
        status, start = c.call("POST", "/api/totp/mulai", {})
        self.assertTrue(start["uri"].startswith("otpauth://totp/"))
        self.assertEqual(c.call("POST", "/api/totp/aktifkan", {"kode": "000000" if totp(start["rahasia"]) != "000000" else "111111"})[0], 422)
        status, done = c.call("POST", "/api/totp/aktifkan", {"kode": totp(start["rahasia"])})
        self.assertEqual(status, 200, done)
        self.assertEqual(len(done["kode_cadangan"]), 8)
        d = Client(self.server)
        status, body = d.login("aman.blumah", password)
        self.assertEqual(status, 401)
        self.assertTrue(body.get("perlu_totp"))
        self.assertEqual(d.login("aman.blumah", password, kode_totp=done["kode_cadangan"][0])[0], 200, "a backup code works once")
        self.assertEqual(Client(self.server).login("aman.blumah", password, kode_totp=done["kode_cadangan"][0])[0], 401)
        # A recovery code replaces the password, not the second factor.
        code = re.search(r"recovery code for aman.blumah: ([A-Z0-9-]+)", self.db.cli("user", "recovery", "aman.blumah").stdout).group(1)
        status, body = Client(self.server).call("POST", "/api/pulihkan", {"username": "aman.blumah", "kode": code, "sandi_baru": "Angsa-Putih-Kendal"},
                                                csrf=False)
        self.assertEqual(status, 401)
        self.assertTrue(body.get("perlu_totp"))
        status, body = Client(self.server).call("POST", "/api/pulihkan", {"username": "aman.blumah", "kode": code, "sandi_baru": "Angsa-Putih-Kendal",
                                                                          "kode_totp": done["kode_cadangan"][1]}, csrf=False)
        self.assertEqual(status, 200, body)
        password = "Angsa-Putih-Kendal"
        self.db.cli("user", "reset-2fa", "aman.blumah")
        self.assertEqual(Client(self.server).login("aman.blumah", password)[0], 200, "break-glass reset from the CLI")

    def test_a_village_admin_cannot_take_over_another_admin_by_recovery_code(self):
        self.db.cli("user", "add", "--username", "admin2.blumah", "--role", "admin_desa", "--desa", "blumah")
        other = self.db.sql("SELECT id FROM accounts WHERE username = 'admin2.blumah'")[0][0]
        c = self.signed_in("admin.blumah")
        status, body = c.call("POST", f"/api/pengguna/{other}/kode-pemulihan", {})
        self.assertEqual(status, 403)
        self.assertIn("Diskominfo", body["galat"])

    def test_impossible_dates_are_refused_not_crashed_on(self):
        c = self.signed_in("editor.blumah")
        status, body = c.call("POST", "/api/berita", {"judul": "Tanggal Aneh", "isi": DOC, "status": "scheduled", "terbit": "2099-13-45T10:00"})
        self.assertEqual(status, 422)
        self.assertIn("tidak valid", body["kolom"]["terbit"])
        status, body = c.call("POST", "/api/agenda", {"judul": "Rapat", "mulai": "2099-02-30T10:00"})
        self.assertEqual(status, 422)
        self.assertIn("mulai", body["kolom"])
        # Without an offset a time is the regency's local time (WIB, UTC+7).
        status, item = c.call("POST", "/api/agenda", {"judul": "Kerja Bakti", "mulai": "2099-08-17T07:00", "status": "draft"})
        self.assertEqual(status, 201, item)
        self.assertEqual(item["mulai"], "2099-08-17T00:00:00Z")

    def test_an_odd_port_in_one_host_header_does_not_break_later_writes(self):
        c = self.signed_in("editor.blumah")
        odd = Client(self.server)
        odd.cookie, odd.csrf = c.cookie, c.csrf
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        conn.request("GET", "/api/sesi", headers={"Host": "admin.localhost:1234", "Cookie": c.cookie})
        conn.getresponse().read()
        conn.close()
        origin = f"http://admin.localhost:{self.server.port}"
        status, body = c.call("POST", "/api/berita", {"judul": "Masih Bisa Menulis", "isi": DOC}, headers={"Origin": origin})
        self.assertEqual(status, 201, body)

    def test_preview_tokens_of_any_length_are_refused_safely(self):
        post = self.db.sql(f"SELECT id FROM posts WHERE desa_id = {BLUMAH} LIMIT 1")[0][0]
        for token in ["", "1.", "9999999999." + "a" * 32, "1." + "f" * 1500, "abc"]:
            self.assertEqual(self.server.get("blumah.localhost", f"/pratinjau/{post}?t={token}")[0], 403, token[:20])

    def test_admin_origin_shows_pictures_of_the_signed_in_village_only(self):
        medono = self.signed_in("admin.medono")
        status, up = medono.call("POST", "/api/media?alt=Kantor", raw=self.unique_jpeg(b"medono-only"), content_type="image/jpeg")
        self.assertEqual(status, 201, up)
        self.assertEqual(medono.call("GET", up["url"])[0], 200)
        self.assertEqual(self.signed_in("editor.blumah").call("GET", up["url"])[0], 404)
        self.assertEqual(Client(self.server).call("GET", up["url"])[0], 404, "not without a session")

    def test_a_large_photo_upload_goes_through(self):
        c = self.signed_in("editor.blumah")
        png = noise_png(1400, 1000, seed=7)
        self.assertGreater(len(png), 1_000_000, "well past the 64 KB limit of ordinary requests")
        status, body = c.call("POST", "/api/media?alt=Sawah", raw=png, content_type="image/png")
        self.assertEqual(status, 201, body)
        self.assertEqual((body["width"], body["height"]), (1280, 914))
        answer = self.server.raw(f"POST /api/media HTTP/1.1\r\nHost: blumah.localhost:{self.server.port}\r\nContent-Type: image/png\r\n"
                                 f"Content-Length: {len(png)}\r\n\r\n".encode())
        self.assertTrue(answer.startswith("HTTP/1.1 413"), "public hosts keep the small limit, refused from the header alone")

    def unique_jpeg(self, salt):
        picture = None
        for root, _, files in os.walk(os.path.join(MEDIA, str(BLUMAH))):
            picture = next((os.path.join(root, f) for f in files if f.endswith("-og.jpg")), picture)
        with open(picture, "rb") as f:
            jpeg = f.read()
        return jpeg[:-2] + salt + jpeg[-2:]  # a new file (different bytes), same picture

    def test_logout_everywhere_ends_every_session(self):
        a, b = self.signed_in("editor.blumah"), self.signed_in("editor.blumah")
        self.assertEqual(a.call("POST", "/api/keluar-semua", {})[0], 204)
        self.assertEqual(a.call("GET", "/api/sesi")[0], 401)
        self.assertEqual(b.call("GET", "/api/sesi")[0], 401)

    def test_uploaded_pictures_are_checked_and_stay_with_their_village(self):
        c = self.signed_in("editor.blumah")
        status, body = c.call("POST", "/api/media", raw=b"<svg onload=alert(1)>", content_type="image/svg+xml")
        self.assertEqual(status, 422)
        self.assertIn("Format gambar tidak dikenali", body["galat"])
        status, body = c.call("POST", "/api/media?alt=Balai%20desa", raw=self.unique_jpeg(b"\x00" * 7), content_type="image/jpeg")
        self.assertEqual(status, 201, body)
        url = body["url"]
        self.assertEqual(self.server.get("blumah.localhost", url)[0], 200)
        self.assertEqual(self.server.get("medono.localhost", url)[0], 404)
        status, post = c.call("POST", "/api/berita", {"judul": "Berita Bergambar", "isi": DOC, "status": "published", "sampul": body["key"],
                                                      "sampul_alt": "Balai desa"})
        self.assertEqual(status, 201, post)
        self.assertIn(body["key"], self.public(BLUMAH, "/berita")[2])
        status, bad = c.call("POST", "/api/berita", {"judul": "Sampul Asing", "isi": DOC, "sampul": "0" * 32})
        self.assertEqual(status, 422)
        self.assertIn("sampul", bad["kolom"])

    def test_preview_link_opens_a_draft_on_its_own_host_only(self):
        c = self.signed_in("editor.blumah")
        status, post = c.call("POST", "/api/berita", {"judul": "Draf Rahasia Pratinjau", "isi": DOC, "status": "draft"})
        status, link = c.call("POST", f"/api/berita/{post['id']}/pratinjau", {})
        path = link["url"].split(str(self.server.port), 1)[1]
        status, headers, body = self.server.get("blumah.localhost", path)
        self.assertEqual(status, 200)
        self.assertIn("Draf Rahasia Pratinjau", body)
        self.assertIn('name="robots" content="noindex"', body)
        self.assertEqual(self.server.get("medono.localhost", path)[0], 403)
        self.assertEqual(self.server.get("blumah.localhost", path[:-4] + "0000")[0], 403)
        self.assertNotIn("Draf Rahasia Pratinjau", self.public(BLUMAH, "/berita")[2])

    def test_answers_to_citizens_show_on_their_tracking_page(self):
        self.db.sql(f"INSERT INTO layanan (desa_id, jenis, kode_lacak, nama, kontak, isi) VALUES ({BLUMAH}, 'pengaduan', 'ADMTEST001', 'Warga', '0812', 'Jalan rusak di dusun.')")
        c = self.signed_in("editor.blumah")
        status, items = c.call("GET", "/api/layanan")
        item = [i for i in items if i["kode"] == "ADMTEST001"][0]
        status, body = c.call("PUT", f"/api/layanan/{item['id']}", {"status": "selesai", "jawaban": ""})
        self.assertEqual(status, 422)
        self.assertEqual(c.call("PUT", f"/api/layanan/{item['id']}", {"status": "selesai", "jawaban": "Sudah diperbaiki minggu ini."})[0], 200)
        status, _, page = self.server.get("blumah.localhost", "/layanan/lacak?kode=ADMTEST001")
        self.assertIn("Sudah diperbaiki minggu ini.", page)
        self.assertIn("Selesai", page)


class Throttle(unittest.TestCase):
    def test_sign_in_attempts_from_one_address_are_limited(self):
        db = Database()
        server = Server(db)
        try:
            c = Client(server)
            statuses = [c.login(f"orang{i}", "salah-salah-salah")[0] for i in range(22)]
            self.assertEqual(statuses[:20], [401] * 20)
            self.assertEqual(statuses[20:], [429, 429])
        finally:
            server.stop()
            db.drop()


if __name__ == "__main__":
    unittest.main()

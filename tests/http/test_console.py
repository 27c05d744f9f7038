"""Diskominfo's console on the real binary and a real PostgreSQL: two-factor
for Diskominfo roles, role boundaries, activity bands from seeded histories,
nudges to exactly the quiet villages, the recovery console and impersonation
(audited), lifecycle seen on the public hosts, domains with DNS checks,
tickets, announcements and regency templates."""
import csv
import http.client
import urllib.parse
import tarfile
import datetime
import io
import os
import re
import tempfile
import time
import unittest

from harness import DATA, Database, Server, wait_for
from test_admin import Client, noise_png, totp

BLUMAH, KEDITEN, TLOGOPAYUNG, WONODADI = 3324012001, 3324012002, 3324012003, 3324012004
MEDONO = 3324072001
PLANTUNGAN = 332401
DOC = {"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Tata tertib pelayanan kantor desa."}]}]}


def sign_up(db, server, user, role, *where):
    """Creates an account with the CLI, replaces its temporary password and, for
    Diskominfo roles, enrols two-factor. Returns the signed-in client."""
    out = db.cli("user", "add", "--username", user, "--nama", user.replace(".", " ").title(), "--role", role, *where).stdout
    temp = re.search(r"temporary password: (\S+)", out).group(1)
    c = Client(server)
    assert c.login(user, temp)[0] == 200
    status, body = c.call("POST", "/api/sandi", {"sandi_lama": temp, "sandi_baru": "Lumbung-Padi-Hijau-2026!"})
    assert status == 204, body
    c.password = "Lumbung-Padi-Hijau-2026!"
    return c


def enrol_totp(c):
    status, body = c.call("POST", "/api/totp/mulai", {})
    assert status == 200, body
    c.secret = body["rahasia"]
    status, body = c.call("POST", "/api/totp/aktifkan", {"kode": totp(c.secret)})
    assert status == 200, body


class Console(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        # The national list with one village that a decree has just created.
        cls.wilayah = os.path.join(cls.tmp.name, "wilayah.csv")
        with open(os.path.join(DATA, "kendal.csv")) as f:
            rows = f.read()
        with open(cls.wilayah, "w") as f:
            f.write(rows.rstrip("\n") + "\n33.24.01.2099,Sidomakmur Baru,desa_kelurahan\n")
        cls.hosts = os.path.join(cls.tmp.name, "hosts")
        with open(cls.hosts, "w") as f:
            f.write("203.0.113.7 blumah.localhost\n203.0.113.7 blumah.desa.id\n198.51.100.9 salah.desa.id\n")
        cls.db = Database()
        cls.archives = os.path.join(cls.tmp.name, "arsip")
        cls.server = Server(cls.db, "--wilayah-file", cls.wilayah, "--dns-hosts-file", cls.hosts, "--archive-dir", cls.archives)
        cls.superadmin = sign_up(cls.db, cls.server, "super.kendal", "superadmin")
        cls.operator = sign_up(cls.db, cls.server, "operator.kendal", "operator_diskominfo")
        cls.viewer = sign_up(cls.db, cls.server, "camat.plantungan", "viewer_kecamatan", "--kecamatan", "33.24.01")
        cls.admin = sign_up(cls.db, cls.server, "admin.blumah", "admin_desa", "--desa", "blumah")
        cls.admin_medono = sign_up(cls.db, cls.server, "admin.medono", "admin_desa", "--desa", "medono")
        cls.db.sql("UPDATE accounts SET telepon = '0812-3456-7890' WHERE username = 'admin.blumah'")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.db.drop()
        cls.tmp.cleanup()

    def plantungan(self):
        return int(self.db.sql(f"SELECT count(*) FROM desa WHERE kecamatan_id = {PLANTUNGAN}")[0][0])

    def setUp(self):
        for c in (self.superadmin, self.operator):
            if not getattr(c, "secret", None):
                status, body = c.call("GET", "/api/konsol/desa")
                self.assertEqual(status, 403)
                self.assertTrue(body.get("perlu_totp_daftar"), body)
                enrol_totp(c)

    def test_each_role_sees_what_it_may(self):
        status, body = self.operator.call("GET", "/api/konsol/desa?per_halaman=500")
        self.assertEqual(status, 200, body)
        self.assertEqual(body["total"], int(self.db.sql("SELECT count(*) FROM desa")[0][0]))
        status, body = self.viewer.call("GET", "/api/konsol/desa?per_halaman=500")
        self.assertEqual(status, 200, body)
        self.assertEqual(body["total"], self.plantungan())  # Plantungan's villages only
        self.assertTrue(all(d["kecamatan"]["id"] == PLANTUNGAN for d in body["item"]))
        self.assertEqual(self.viewer.call("GET", f"/api/konsol/desa/{MEDONO}")[0], 404)
        self.assertEqual(self.viewer.call("GET", f"/api/konsol/desa/{BLUMAH}")[0], 200)
        self.assertEqual([k["id"] for k in self.viewer.call("GET", "/api/konsol/kecamatan")[1]["item"]], [PLANTUNGAN])
        # Read-only: no support actions, no account views, no lifecycle.
        self.assertEqual(self.viewer.call("GET", f"/api/konsol/desa/{BLUMAH}/pengguna")[0], 403)
        self.assertEqual(self.viewer.call("POST", f"/api/konsol/desa/{BLUMAH}/masuk-sebagai", {"alasan": "membantu tiket nomor 1"})[0], 403)
        self.assertEqual(self.viewer.call("POST", "/api/konsol/pengumuman", {"judul": "x", "isi": "y"})[0], 403)
        # Support staff do support, not lifecycle.
        self.assertEqual(self.operator.call("POST", f"/api/konsol/desa/{MEDONO}/status", {"status": "diarsipkan", "alasan": "uji"})[0], 403)
        # Village accounts never reach the console, and Diskominfo has no village API of its own.
        self.assertEqual(self.admin.call("GET", "/api/konsol/desa")[0], 403)
        self.assertEqual(self.operator.call("GET", "/api/ringkasan")[0], 403)

    def test_diskominfo_cannot_switch_two_factor_off(self):
        status, _ = self.operator.call("POST", "/api/totp/matikan", {"sandi": self.operator.password})
        self.assertEqual(status, 403)

    def test_activity_bands_trend_and_nudges_follow_the_seeded_history(self):
        ages = {BLUMAH: 3, KEDITEN: 45, TLOGOPAYUNG: 200}
        for desa, days in ages.items():
            self.db.sql(f"UPDATE posts SET created_at = now() - interval '{days} days', updated_at = now() - interval '{days} days',"
                        f" published_at = now() - interval '{days} days' WHERE desa_id = {desa}")
        self.db.sql(f"DELETE FROM posts WHERE desa_id = {WONODADI}")
        # Every other village of Plantungan had its last news 100 days ago.
        self.db.sql(f"UPDATE posts SET created_at = now() - interval '100 days', updated_at = now() - interval '100 days',"
                    f" published_at = now() - interval '100 days' WHERE desa_id / 10000 = {PLANTUNGAN} AND desa_id NOT IN ({BLUMAH}, {KEDITEN}, {TLOGOPAYUNG})")
        # Every village elsewhere changed something yesterday.
        self.db.sql(f"UPDATE posts SET updated_at = now() - interval '1 day' WHERE desa_id / 10000 <> {PLANTUNGAN}")
        self.db.sql("DELETE FROM desa_days; DELETE FROM desa_activity; DELETE FROM desa_notices")
        self.assertEqual(self.operator.call("POST", "/api/konsol/segarkan", {})[0], 200)
        status, body = self.viewer.call("GET", "/api/konsol/desa?per_halaman=500&urut=nama&arah=naik")
        self.assertEqual(status, 200, body)
        band = {d["id"]: d["pita"] for d in body["item"]}
        self.assertEqual(band[BLUMAH], "aktif")
        self.assertEqual(band[KEDITEN], "kurang_aktif")
        self.assertEqual(band[TLOGOPAYUNG], "tidak_aktif")
        self.assertEqual(band[WONODADI], "tidak_aktif")
        self.assertEqual(body["ringkasan"], {"aktif": 1, "kurang_aktif": 1, "tidak_aktif": self.plantungan() - 2})
        self.assertEqual([d["id"] for d in self.viewer.call("GET", "/api/konsol/desa?pita=kurang_aktif")[1]["item"]], [KEDITEN])
        days = {d["id"]: d["hari_sejak_diubah"] for d in body["item"]}
        self.assertEqual(days[KEDITEN], 45)
        self.assertIsNone(days[WONODADI])
        # The trend: one active village of Plantungan this week; 45 days ago Kediten was active too.
        weeks = self.viewer.call("GET", "/api/konsol/tren")[1]["item"]
        self.assertEqual(len(weeks), 12)
        today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).date()
        changed = [today - datetime.timedelta(days=n) for n in (3, 45, 200)] + [today - datetime.timedelta(days=100)] * int(self.db.sql(
            f"SELECT count(DISTINCT desa_id) FROM posts WHERE desa_id / 10000 = {PLANTUNGAN} AND desa_id NOT IN ({BLUMAH}, {KEDITEN}, {TLOGOPAYUNG})")[0][0])
        for week in weeks:
            end = datetime.date.fromisoformat(week["minggu_berakhir"])
            self.assertEqual(week["aktif"], sum(1 for d in changed if end - datetime.timedelta(days=30) < d <= end), week)
        self.assertEqual(weeks[-1]["aktif"], 1)
        # Nudges go to exactly the quiet villages (Plantungan's 11 and none elsewhere).
        status, body = self.operator.call("POST", "/api/konsol/dorongan", {})
        self.assertEqual(status, 200, body)
        nudged = {int(r[0]) for r in self.db.sql("SELECT desa_id FROM desa_notices WHERE jenis = 'sepi'")}
        quiet = {int(r[0]) for r in self.db.sql(f"SELECT id FROM desa WHERE id / 10000 = {PLANTUNGAN} AND id <> {BLUMAH}")}
        self.assertEqual(nudged, quiet)
        self.assertEqual(self.operator.call("POST", "/api/konsol/dorongan", {})[1]["desa"], [])  # not again this week
        # The quiet village's admin sees the notice; the active one does not.
        c = self.db.sql(f"SELECT 1 FROM desa_notices WHERE desa_id = {BLUMAH}")
        self.assertEqual(c, [])
        # The follow-up list: by kecamatan, with the admin's WhatsApp link.
        self.db.sql(f"UPDATE accounts SET desa_id = {KEDITEN} WHERE username = 'admin.blumah'")
        try:
            groups = self.viewer.call("GET", "/api/konsol/tindak-lanjut")[1]["kecamatan"]
            self.assertEqual([g["id"] for g in groups], [PLANTUNGAN])
            kediten = next(d for d in groups[0]["desa"] if d["id"] == KEDITEN)
            wa = kediten["admin"][0]["whatsapp"]
            self.assertTrue(wa.startswith("https://wa.me/6281234567890?text="), wa)
            self.assertIn("Kediten", wa)
            status, notes = self.admin.call("GET", "/api/pemberitahuan")
            self.assertEqual(status, 200, notes)
            self.assertEqual([n["jenis"] for n in notes["catatan"]], ["sepi"])
            self.assertEqual(self.admin.call("POST", f"/api/pemberitahuan/catatan/{notes['catatan'][0]['id']}/baca", {})[0], 204)
            self.assertEqual(self.admin.call("GET", "/api/pemberitahuan")[1]["catatan"], [])
        finally:
            self.db.sql(f"UPDATE accounts SET desa_id = {BLUMAH} WHERE username = 'admin.blumah'")
        # CSV export of the same view, safe to open in a spreadsheet.
        self.db.sql(f"UPDATE desa SET nama = '=HYPERLINK(1)' WHERE id = {WONODADI}")
        status, text = self.viewer.call("GET", "/api/konsol/desa?format=csv")
        self.db.sql(f"UPDATE desa SET nama = 'Wonodadi' WHERE id = {WONODADI}")
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(rows[0][:3], ["kode", "nama", "jenis"])
        self.assertEqual(len(rows), self.plantungan() + 1)
        self.assertIn("'=HYPERLINK(1)", [r[1] for r in rows])

    def test_recovery_console_issues_codes_and_every_look_is_audited(self):
        user = "editor.lupa"
        self.db.cli("user", "add", "--username", user, "--nama", "Editor Lupa", "--role", "editor", "--desa", "blumah")
        status, body = self.operator.call("GET", f"/api/konsol/desa/{BLUMAH}/pengguna")
        self.assertEqual(status, 200, body)
        target = next(a for a in body["item"] if a["username"] == user)
        status, body = self.operator.call("POST", f"/api/konsol/pengguna/{target['id']}/kode-pemulihan", {})
        self.assertEqual(status, 200, body)
        c = Client(self.server)
        status, _ = c.call("POST", "/api/pulihkan", {"username": user, "kode": body["kode"], "sandi_baru": "Padi-Menguning-2026!"}, csrf=False)
        self.assertEqual(status, 200)
        actions = [r[0] for r in self.db.sql(f"SELECT action FROM support_audit WHERE actor = 'operator.kendal' AND desa_id = {BLUMAH} ORDER BY id")]
        self.assertIn("akun.lihat", actions)
        self.assertIn("akun.kode_pemulihan", actions)
        rows = self.db.sql(f"SELECT actor, impersonator FROM audit_log WHERE desa_id = {BLUMAH} AND action = 'pengguna.kode_pemulihan'")
        self.assertEqual(rows, [["diskominfo:operator.kendal", "operator.kendal"]])
        # A staff change: the new admin is created from the console with a temporary password.
        status, body = self.operator.call("POST", f"/api/konsol/desa/{BLUMAH}/pengguna",
                                          {"username": "admin.baru.blumah", "nama": "Admin Baru", "telepon": "0813 1111 2222"})
        self.assertEqual(status, 201, body)
        self.assertEqual(Client(self.server).login("admin.baru.blumah", body["sandi_sementara"])[0], 200)

    def test_impersonation_needs_a_reason_shows_a_banner_and_records_both_identities(self):
        c = self.operator
        status, body = c.call("POST", f"/api/konsol/desa/{BLUMAH}/masuk-sebagai", {"alasan": "bantu"})
        self.assertEqual(status, 422)
        status, body = c.call("POST", f"/api/konsol/desa/{BLUMAH}/masuk-sebagai", {"alasan": "Tiket: berita tidak bisa terbit", "menit": 15})
        self.assertEqual(status, 200, body)
        try:
            session = c.call("GET", "/api/sesi")[1]["akun"]
            self.assertEqual(session["desa"]["id"], BLUMAH)
            self.assertEqual(session["menyamar"]["alasan"], "Tiket: berita tidak bisa terbit")
            self.assertEqual(c.call("GET", "/api/konsol/desa")[0], 409)
            status, post = c.call("POST", "/api/berita", {"judul": "Perbaikan oleh Diskominfo", "isi": DOC, "status": "published"})
            self.assertEqual(status, 201, post)
            rows = self.db.sql(f"SELECT actor, impersonator FROM audit_log WHERE desa_id = {BLUMAH} AND action = 'berita.buat' AND object_id = {post['id']}")
            self.assertEqual(rows, [["operator.kendal", "operator.kendal"]])
            # The Diskominfo account's own settings stay out of the village's log.
            self.assertEqual(c.call("PUT", "/api/akun", {"email": "operator@kendalkab.go.id"})[0], 200)
            self.assertEqual(self.db.sql(f"SELECT count(*) FROM audit_log WHERE desa_id = {BLUMAH} AND action = 'akun.email'"), [["0"]])
            self.assertEqual(self.db.sql("SELECT count(*) FROM support_audit WHERE actor = 'operator.kendal' AND action = 'akun.email'"), [["1"]])
        finally:
            self.assertEqual(c.call("POST", "/api/konsol/selesai-menyamar", {})[0], 204)
        self.assertIsNone(c.call("GET", "/api/sesi")[1]["akun"]["menyamar"])
        self.assertEqual(c.call("GET", "/api/konsol/desa")[0], 200)
        actions = [r[0] for r in self.db.sql(f"SELECT action FROM support_audit WHERE desa_id = {BLUMAH} AND action LIKE 'masuk_sebagai.%' ORDER BY id")]
        self.assertEqual(actions[-2:], ["masuk_sebagai.mulai", "masuk_sebagai.selesai"])
        # The time limit holds: an expired impersonation is the Diskominfo account again.
        c.call("POST", f"/api/konsol/desa/{BLUMAH}/masuk-sebagai", {"alasan": "Tiket: cek tampilan beranda", "menit": 5})
        self.db.sql("UPDATE sessions SET as_until = now() - interval '1 second' WHERE as_desa IS NOT NULL")
        self.assertIsNone(c.call("GET", "/api/sesi")[1]["akun"]["menyamar"])
        self.assertEqual(c.call("GET", "/api/ringkasan")[0], 403)

    def test_lifecycle_is_seen_on_the_public_host(self):
        sa = self.superadmin
        status, body = sa.call("POST", f"/api/konsol/desa/{MEDONO}/status", {"status": "ditangguhkan"})
        self.assertEqual(status, 422)  # a suspension needs its reason
        status, body = sa.call("POST", f"/api/konsol/desa/{MEDONO}/status", {"status": "ditangguhkan", "alasan": "Situs dibobol, sedang dipulihkan"})
        self.assertEqual(status, 200, body)
        self.assertTrue(wait_for(lambda: self.server.get("medono.localhost", "/")[0] == 503, 5))
        status, _, page = self.server.get("medono.localhost", "/")
        self.assertIn("Situs dibobol, sedang dipulihkan", page)
        sa.call("POST", f"/api/konsol/desa/{MEDONO}/status", {"status": "diarsipkan", "alasan": "Digabung dengan desa tetangga"})
        self.assertTrue(wait_for(lambda: self.server.get("medono.localhost", "/")[0] == 200, 5))
        status, body = self.admin_medono.call("POST", "/api/berita", {"judul": "Tidak boleh", "isi": DOC, "status": "draft"})
        self.assertEqual(status, 403, body)
        self.assertEqual(self.admin_medono.call("GET", "/api/berita")[0], 200)  # still readable
        sa.call("POST", f"/api/konsol/desa/{MEDONO}/status", {"status": "aktif"})
        self.assertTrue(wait_for(lambda: self.admin_medono.call("POST", "/api/berita", {"judul": "Boleh lagi", "isi": DOC, "status": "draft"})[0] == 201, 5))
        self.assertEqual(self.db.sql(f"SELECT status, status_reason FROM desa WHERE id = {MEDONO}"), [["active", ""]])

    def test_a_village_from_a_new_decree_is_added_by_its_kode(self):
        sa = self.superadmin
        status, body = sa.call("GET", "/api/konsol/wilayah?kode=33.24.01")
        self.assertEqual(status, 200, body)
        new = next(r for r in body["item"] if r["kode"] == "33.24.01.2099")
        self.assertFalse(new["terdaftar"])
        self.assertTrue(next(r for r in body["item"] if r["kode"] == "33.24.01.2001")["terdaftar"])
        self.assertEqual(sa.call("POST", "/api/konsol/desa", {"kode": "33.74.01.1001"})[0], 422)  # another regency
        self.assertEqual(sa.call("POST", "/api/konsol/desa", {"kode": "33.24.01.2001"})[0], 422)  # already there
        status, body = sa.call("POST", "/api/konsol/desa", {"kode": "33.24.01.2099"})
        self.assertEqual(status, 201, body)
        self.assertEqual(body["nama"], "Sidomakmur Baru")
        host = body["slug"] + ".localhost"
        self.assertTrue(wait_for(lambda: self.server.get(host, "/")[0] == 200, 5))
        self.assertIn("Sidomakmur Baru", self.server.get(host, "/")[2])
        self.assertEqual(self.server.get(host, "/profil/sejarah")[0], 200)  # default pages

    def test_a_newer_national_file_is_checked_then_applied(self):
        with open(os.path.join(DATA, "kendal.csv")) as f:
            rows = f.read().replace("33.24.07.2001,Medono,", "33.24.07.2040,Medono,")
        status, body = self.superadmin.call("POST", "/api/konsol/wilayah/periksa", raw=rows.encode(), content_type="text/csv")
        self.assertEqual(status, 200, body)
        self.assertEqual(body["ganti_kode"], [{"id": MEDONO, "nama": "Medono", "dari": "33.24.07.2001", "ke": "33.24.07.2040"}])
        self.assertEqual(self.db.sql(f"SELECT kode FROM desa WHERE id = {MEDONO}"), [["33.24.07.2001"]])
        self.assertEqual(self.operator.call("POST", "/api/konsol/wilayah/terapkan", raw=rows.encode(), content_type="text/csv")[0], 403)
        self.assertEqual(self.superadmin.call("POST", "/api/konsol/wilayah/periksa", raw=b"kode,nama\n33.24.xx", content_type="text/csv")[0], 422)
        status, body = self.superadmin.call("POST", "/api/konsol/wilayah/terapkan", raw=rows.encode(), content_type="text/csv")
        self.assertEqual(status, 200, body)
        self.assertEqual(self.db.sql(f"SELECT kode FROM desa WHERE id = {MEDONO}"), [["33.24.07.2040"]])
        self.assertTrue(wait_for(lambda: self.server.get("medono.localhost", "/")[0] == 200, 5))
        with open(os.path.join(DATA, "kendal.csv")) as f:  # and back
            self.superadmin.call("POST", "/api/konsol/wilayah/terapkan", raw=f.read().encode(), content_type="text/csv")
        self.assertEqual(self.db.sql(f"SELECT kode FROM desa WHERE id = {MEDONO}"), [["33.24.07.2001"]])

    def test_own_domain_with_dns_check_and_primary_redirect(self):
        sa = self.superadmin
        status, body = sa.call("POST", f"/api/konsol/desa/{BLUMAH}/domain", {"hostname": "Blumah.Desa.ID", "utama": True})
        self.assertEqual(status, 200, body)
        self.assertEqual(sa.call("POST", f"/api/konsol/desa/{MEDONO}/domain", {"hostname": "blumah.desa.id"})[0], 409)
        self.assertEqual(sa.call("POST", f"/api/konsol/desa/{BLUMAH}/domain", {"hostname": "x.localhost"})[0], 422)
        sa.call("POST", f"/api/konsol/desa/{BLUMAH}/domain", {"hostname": "salah.desa.id"})
        items = {d["hostname"]: d for d in sa.call("POST", f"/api/konsol/desa/{BLUMAH}/domain/blumah.desa.id/periksa", {})[1]["item"]}
        self.assertTrue(items["blumah.desa.id"]["dns"])
        self.assertTrue(items["blumah.desa.id"]["utama"])
        items = {d["hostname"]: d for d in sa.call("POST", f"/api/konsol/desa/{BLUMAH}/domain/salah.desa.id/periksa", {})[1]["item"]}
        self.assertFalse(items["salah.desa.id"]["dns"])
        self.assertIn("198.51.100.9", items["salah.desa.id"]["dns_keterangan"])
        # The regency name and the other domain redirect to the primary.
        self.assertTrue(wait_for(lambda: self.server.get("blumah.localhost", "/berita")[0] == 301, 5))
        status, headers, _ = self.server.get("blumah.localhost", "/berita")
        self.assertTrue(headers["location"].startswith("http://blumah.desa.id"), headers)
        self.assertEqual(sa.call("DELETE", f"/api/konsol/desa/{BLUMAH}/domain/salah.desa.id")[0], 200)
        self.assertEqual(sa.call("DELETE", f"/api/konsol/desa/{BLUMAH}/domain/blumah.desa.id")[0], 200)
        self.assertTrue(wait_for(lambda: self.server.get("blumah.localhost", "/berita")[0] == 200, 5))

    def test_tickets_go_both_ways_with_screenshots(self):
        status, media = self.admin.call("POST", "/api/media", raw=noise_png(300, 200, 7), content_type="image/png")
        self.assertEqual(status, 201, media)
        status, t = self.admin.call("POST", "/api/tiket", {"kategori": "konten", "judul": "Foto tidak muncul", "isi": "Foto berita hilang.",
                                                          "gambar": [media["key"]]})
        self.assertEqual(status, 201, t)
        self.assertEqual(len(t["pesan"][0]["gambar"]), 1)
        self.assertEqual(self.admin.call("POST", "/api/tiket", {"kategori": "konten", "judul": "x", "isi": "y", "gambar": ["0" * 32]})[0], 422)
        queue = self.operator.call("GET", "/api/konsol/tiket")[1]["item"]
        mine = next(x for x in queue if x["id"] == t["id"])
        self.assertEqual(mine["status"], "baru")
        self.assertGreaterEqual(mine["umur_jam"], 0)
        self.assertEqual(self.viewer.call("GET", f"/api/konsol/tiket/{t['id']}")[0], 200)  # Plantungan's viewer sees Blumah's ticket
        self.assertEqual(self.admin_medono.call("GET", f"/api/tiket/{t['id']}")[0], 404)
        status, body = self.operator.call("POST", f"/api/konsol/tiket/{t['id']}/balas", {"isi": "Sudah kami perbaiki, coba muat ulang."})
        self.assertEqual(status, 200, body)
        mine = self.admin.call("GET", f"/api/tiket/{t['id']}")[1]
        self.assertEqual(mine["status"], "menunggu_desa")
        self.assertTrue(mine["pesan"][-1]["diskominfo"])
        self.admin.call("POST", f"/api/tiket/{t['id']}/balas", {"isi": "Sudah muncul, terima kasih."})
        self.assertEqual(self.admin.call("POST", f"/api/tiket/{t['id']}/selesai", {})[1]["status"], "selesai")
        self.assertNotIn(t["id"], [x["id"] for x in self.operator.call("GET", "/api/konsol/tiket")[1]["item"]])

    def test_announcements_reach_their_kecamatan_until_read(self):
        status, body = self.operator.call("POST", "/api/konsol/pengumuman", {"judul": "Pelatihan operator", "isi": "Kamis di aula kecamatan.",
                                                                            "kecamatan_id": PLANTUNGAN})
        self.assertEqual(status, 201, body)
        mine = [p for p in self.admin.call("GET", "/api/pemberitahuan")[1]["pengumuman"] if p["id"] == body["id"]]
        self.assertEqual(len(mine), 1)
        self.assertFalse(mine[0]["dibaca"])
        self.assertEqual([p for p in self.admin_medono.call("GET", "/api/pemberitahuan")[1]["pengumuman"] if p["id"] == body["id"]], [])
        self.assertEqual(self.admin_medono.call("POST", f"/api/pemberitahuan/pengumuman/{body['id']}/baca", {})[0], 404)
        self.assertEqual(self.admin.call("POST", f"/api/pemberitahuan/pengumuman/{body['id']}/baca", {})[0], 204)
        mine = [p for p in self.admin.call("GET", "/api/pemberitahuan")[1]["pengumuman"] if p["id"] == body["id"]]
        self.assertTrue(mine[0]["dibaca"])

    def test_templates_reach_villages_without_overwriting_their_edits(self):
        sa = self.superadmin
        status, body = sa.call("POST", "/api/konsol/templat", {"jenis": "halaman", "slug": "tata-tertib", "judul": "Tata Tertib", "isi": DOC})
        self.assertEqual(status, 201, body)
        tid = body["id"]
        sa.call("POST", "/api/konsol/templat", {"jenis": "kategori", "slug": "sosialisasi", "judul": "Sosialisasi"})
        status, body = sa.call("POST", "/api/konsol/templat/terapkan", {"kecamatan_id": PLANTUNGAN})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["desa"], self.plantungan())
        self.assertEqual(self.db.sql(f"SELECT count(*) FROM pages WHERE slug = 'tata-tertib'"), [[str(self.plantungan())]])
        self.assertEqual(self.db.sql(f"SELECT count(*) FROM categories WHERE slug = 'sosialisasi'"), [[str(self.plantungan())]])
        # Blumah edits its copy; the next push changes Kediten's only.
        self.db.sql(f"UPDATE pages SET title = 'Tata Tertib Blumah', version = version + 1 WHERE desa_id = {BLUMAH} AND slug = 'tata-tertib'")
        sa.call("PUT", f"/api/konsol/templat/{tid}", {"jenis": "halaman", "slug": "tata-tertib", "judul": "Tata Tertib Kantor Desa", "isi": DOC})
        sa.call("POST", "/api/konsol/templat/terapkan", {"kecamatan_id": PLANTUNGAN})
        titles = dict(self.db.sql(f"SELECT desa_id, title FROM pages WHERE slug = 'tata-tertib' AND desa_id IN ({BLUMAH}, {KEDITEN})"))
        self.assertEqual(titles, {str(BLUMAH): "Tata Tertib Blumah", str(KEDITEN): "Tata Tertib Kantor Desa"})
        self.assertEqual(self.operator.call("POST", "/api/konsol/templat/terapkan", {})[0], 403)

    def test_a_deleted_village_leaves_an_archive_first(self):
        sa = self.superadmin
        MOJOAGUNG = 3324012012
        status, body = sa.call("DELETE", f"/api/konsol/desa/{MOJOAGUNG}", {"konfirmasi": "salah"})
        self.assertEqual(status, 422, body)
        self.assertEqual(self.operator.call("DELETE", f"/api/konsol/desa/{MOJOAGUNG}", {"konfirmasi": "33.24.01.2012"})[0], 403)
        status, body = sa.call("DELETE", f"/api/konsol/desa/{MOJOAGUNG}", {"konfirmasi": "33.24.01.2012"})
        self.assertEqual(status, 200, body)
        with tarfile.open(os.path.join(self.archives, body["arsip"])) as t:
            names = t.getnames()
            self.assertIn("manifest.json", names)
            self.assertIn("data/posts.json", names)
        self.assertEqual(self.db.sql(f"SELECT count(*) FROM desa WHERE id = {MOJOAGUNG}"), [["0"]])
        self.assertTrue(wait_for(lambda: self.server.get("mojoagung.localhost", "/")[0] == 404, 5))

    def test_a_village_archive_goes_out_and_comes_back_through_the_console(self):
        sa, JATI = self.superadmin, 3324012009
        before = self.db.sql(f"SELECT count(*), md5(string_agg(title || body::text, ',' ORDER BY id)) FROM posts WHERE desa_id = {JATI}")
        status, archive = sa.call("GET", f"/api/konsol/desa/{JATI}/arsip")
        self.assertEqual(status, 200)
        self.assertEqual(sa.call("DELETE", f"/api/konsol/desa/{JATI}", {"konfirmasi": "33.24.01.2009"})[0], 200)
        self.assertTrue(wait_for(lambda: self.server.get("jati.localhost", "/")[0] == 404, 5))
        broken = bytearray(archive)
        broken[len(broken) // 3] ^= 1
        status, body = sa.call("POST", "/api/konsol/desa/impor", raw=bytes(broken), content_type="application/x-tar")
        self.assertEqual(status, 422, body)
        self.assertEqual(self.db.sql(f"SELECT count(*) FROM desa WHERE id = {JATI}"), [["0"]])
        self.assertEqual(self.operator.call("POST", "/api/konsol/desa/impor", raw=archive, content_type="application/x-tar")[0], 403)
        status, body = sa.call("POST", "/api/konsol/desa/impor", raw=archive, content_type="application/x-tar")
        self.assertEqual(status, 201, body)
        self.assertEqual(body["id"], JATI)
        self.assertEqual(self.db.sql(f"SELECT count(*), md5(string_agg(title || body::text, ',' ORDER BY id)) FROM posts WHERE desa_id = {JATI}"), before)
        self.assertTrue(wait_for(lambda: self.server.get("jati.localhost", "/")[0] == 200, 5))
        # The same archive again: the village is here now, so it is refused.
        self.assertEqual(sa.call("POST", "/api/konsol/desa/impor", raw=archive, content_type="application/x-tar")[0], 422)

    def test_archives_and_open_data_download_from_the_console(self):
        status, data = self.operator.call("GET", f"/api/konsol/desa/{MEDONO}/arsip")
        self.assertEqual(status, 200)
        with tarfile.open(fileobj=io.BytesIO(data)) as t:
            manifest = t.extractfile("manifest.json").read().decode()
            self.assertIn("33.24.07.2001", manifest)
        status, data = self.viewer.call("GET", "/api/konsol/data-terbuka")
        self.assertEqual(status, 200)
        with tarfile.open(fileobj=io.BytesIO(data)) as t:
            desa = t.extractfile("desa.csv").read().decode()
        self.assertIn("Blumah", desa)
        self.assertNotIn("Medono", desa)  # the viewer's own kecamatan only

    def test_gambling_spam_is_held_reviewed_and_remembered(self):
        spam = {"type": "doc", "content": [{"type": "paragraph", "content": [
            {"type": "text", "text": "Situs slot gacor hari ini gampang maxwin, daftar sekarang lewat link alternatif "},
            {"type": "text", "text": "di sini", "marks": [{"type": "link", "attrs": {"href": "https://gacor88-maxwin.xyz/daftar"}}]}]}]}
        status, post = self.admin.call("POST", "/api/berita", {"judul": "Info terbaru warga", "isi": spam, "status": "published"})
        self.assertEqual(status, 201, post)
        self.assertEqual(post["status"], "held")
        self.assertIn("slot gacor", post["alasan"].lower())
        self.assertEqual(self.server.get("blumah.localhost", "/berita")[2].count("Info terbaru warga"), 0)
        notes = self.admin.call("GET", "/api/pemberitahuan")[1]["catatan"]
        self.assertIn("konten_ditahan", [n["jenis"] for n in notes])
        queue = self.operator.call("GET", "/api/konsol/moderasi")[1]["item"]
        held = next(h for h in queue if h["objek"] == "berita" and h["objek_id"] == post["id"])
        self.assertTrue(held["alasan"])
        self.assertEqual(held["akun"], "admin.blumah")
        # A false positive: released, published, and the same text is not held again.
        self.assertEqual(self.viewer.call("POST", f"/api/konsol/moderasi/{held['id']}/lepas", {})[0], 403)
        self.assertEqual(self.operator.call("POST", f"/api/konsol/moderasi/{held['id']}/lepas", {})[0], 200)
        self.assertEqual(self.admin.call("GET", f"/api/berita/{post['id']}")[1]["status"], "published")
        self.assertTrue(wait_for(lambda: "Info terbaru warga" in self.server.get("blumah.localhost", "/berita")[2], 5))
        status, again = self.admin.call("POST", "/api/berita", {"judul": "Info terbaru warga", "isi": spam, "status": "published"})
        self.assertEqual(again["status"], "published")
        # Real spam: removed, and the account that posted it is locked.
        user = sign_up(self.db, self.server, "editor.bobol", "editor", "--desa", "blumah")
        status, bad = user.call("POST", "/api/berita", {"judul": "Bonus member baru", "isi": spam, "status": "published",
                                                        "ringkasan": "Deposit pulsa tanpa potongan, slot gacor maxwin."})
        self.assertEqual(bad["status"], "held")
        hold = next(h for h in self.operator.call("GET", "/api/konsol/moderasi")[1]["item"] if h["objek_id"] == bad["id"])
        self.assertEqual(self.operator.call("POST", f"/api/konsol/moderasi/{hold['id']}/hapus", {"kunci_akun": True})[0], 200)
        self.assertEqual(self.admin.call("GET", f"/api/berita/{bad['id']}")[1]["status"], "trash")
        self.assertEqual(Client(self.server).login("editor.bobol", user.password)[0], 423)
        # News about the danger of gambling is fine.
        aware = {"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text":
                 "Polsek dan pemerintah desa mengimbau remaja menjauhi judi online yang merusak ekonomi keluarga."}]}]}
        status, ok = self.admin.call("POST", "/api/berita", {"judul": "Sosialisasi bahaya judi online", "isi": aware, "status": "published"})
        self.assertEqual(ok["status"], "published", ok)
        # The list is data: a new term holds from now on.
        self.assertEqual(self.operator.call("POST", "/api/konsol/istilah", {"istilah": "Kakek Sakti Jitu", "jenis": "frasa"})[0], 201)
        new = {"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Main bareng kakek sakti jitu malam ini."}]}]}
        status, held2 = self.admin.call("POST", "/api/berita", {"judul": "Malam minggu", "isi": new, "status": "published"})
        self.assertEqual(held2["status"], "held", held2)
        # A public comment with spam goes to the review queue, not to the village's list.
        ym, slug = self.db.sql(f"SELECT to_char(published_at AT TIME ZONE 'Asia/Jakarta', 'YYYY/MM'), slug FROM posts WHERE desa_id = {BLUMAH}"
                               f" AND status = 'published' AND published_at <= now() ORDER BY published_at LIMIT 1")[0]
        path = f"/berita/{ym}/{slug}"
        form = self.server.get("blumah.localhost", path)[2]
        form = form[form.index(f'action="{path}/komentar"'):]
        a, b = map(int, re.search(r"Berapa (\d+) \+ (\d+)\?", form).groups())
        token = re.search(r'name="tantangan" value="([^"]+)"', form).group(1)
        fields = urllib.parse.urlencode({"nama": "Budi", "website": "", "jawaban": str(a + b), "tantangan": token,
                                         "isi": "Mantap! Cek slot gacor maxwin terpercaya di gacor88-maxwin.xyz, depo pulsa tanpa potongan."})
        c = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        c.request("POST", path + "/komentar", body=fields, headers={"Host": self.server.host("blumah.localhost"),
                                                                     "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(c.getresponse().status, 200)
        c.close()
        self.assertTrue(any(h["objek"] == "komentar" for h in self.operator.call("GET", "/api/konsol/moderasi")[1]["item"]))
        self.assertEqual(self.db.sql(f"SELECT status FROM comments WHERE desa_id = {BLUMAH} AND isi LIKE '%gacor88%'"), [["spam"]])
        # A menu link to a gambling site is not saved.
        status, body = self.admin.call("POST", "/api/data/menu", {"label": "Link alternatif slot gacor", "target": "https://gacor88-maxwin.xyz/"})
        self.assertEqual(status, 422, body)


if __name__ == "__main__":
    unittest.main()

"""Visitors' submissions: pengaduan and PPID with tracking codes, comments
held for moderation, and every rejection reason a visitor can meet."""
import html
import re
import unittest
import urllib.parse

from harness import Database, Server, wait_for

BLUMAH, MEDONO = 3324012001, 3324072001


class Forms(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = Database()
        # Behind a trusted proxy each test can speak for its own client address.
        cls.server = Server(cls.db, "--trusted-proxy", "127.0.0.1")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.db.drop()

    def form_of(self, body, action):
        """The hidden token and the solved arithmetic of the form posting to `action`."""
        form = body[body.index(f'action="{action}"'):]
        form = form[:form.index("</form>")]
        a, b = map(int, re.search(r"Berapa (\d+) \+ (\d+)\?", form).groups())
        token = re.search(r'name="tantangan" value="([^"]+)"', form).group(1)
        return token, str(a + b)

    def post(self, host, path, fields, client, origin=None):
        body = urllib.parse.urlencode(fields)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": client,
                   "Content-Length": str(len(body))}
        if origin:
            headers["Origin"] = origin
        import http.client
        c = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        c.putrequest("POST", path, skip_host=True)
        c.putheader("Host", self.server.host(host))
        for k, v in headers.items():
            c.putheader(k, v)
        c.endheaders(body.encode())
        r = c.getresponse()
        text = r.read().decode()
        c.close()
        return r.status, text

    def fields(self, body, kind, **over):
        token, answer = self.form_of(body, f"/layanan/{kind}")
        f = {"nama": "Sri Wahyuni", "kontak": "081234567890", "isi": "Lampu jalan di Dusun Krajan mati sejak seminggu.",
             "website": "", "jawaban": answer, "tantangan": token}
        f.update(over)
        return f

    def layanan_count(self):
        return int(self.db.sql(f"SELECT count(*) FROM layanan WHERE desa_id = {BLUMAH}")[0][0])

    def test_a_complaint_gets_a_tracking_code_the_visitor_can_look_up(self):
        _, _, page = self.server.get("blumah.localhost", "/layanan")
        status, body = self.post("blumah.localhost", "/layanan/pengaduan", self.fields(page, "pengaduan"), "198.51.100.1")
        self.assertEqual(status, 200, body[:300])
        code = re.search(r"Kode lacak Anda: ([A-Z0-9]{10})", body).group(1)
        row = self.db.sql(f"SELECT jenis, status, nama, client_hash FROM layanan WHERE desa_id = {BLUMAH} AND kode_lacak = '{code}'")
        self.assertEqual(row[0][:3], ["pengaduan", "diterima", "Sri Wahyuni"])
        self.assertNotIn("198.51.100.1", row[0][3])
        status, _, body = self.server.get("blumah.localhost", f"/layanan/lacak?kode={code.lower()}")
        self.assertEqual(status, 200)
        self.assertIn("Diterima", body)
        self.db.sql(f"UPDATE layanan SET status = 'selesai', jawaban = 'Lampu sudah diganti.' WHERE kode_lacak = '{code}'")
        _, _, body = self.server.get("blumah.localhost", f"/layanan/lacak?kode={code}")
        self.assertIn("Lampu sudah diganti.", body)
        self.assertIn("Selesai", body)
        # Another village cannot see it.
        self.assertEqual(self.server.get("medono.localhost", f"/layanan/lacak?kode={code}")[0], 404)

    def test_a_ppid_request_needs_a_contact(self):
        _, _, page = self.server.get("blumah.localhost", "/layanan")
        before = self.layanan_count()
        status, body = self.post("blumah.localhost", "/layanan/ppid", self.fields(page, "ppid", kontak=""), "198.51.100.2")
        self.assertEqual(status, 422)
        self.assertIn("Nomor HP atau surel wajib diisi", body)
        self.assertIn("Lampu jalan di Dusun Krajan", body, "what the visitor wrote is kept in the form")
        self.assertEqual(self.layanan_count(), before)

    def test_rejections_say_why_and_store_nothing(self):
        _, _, page = self.server.get("blumah.localhost", "/layanan")
        before = self.layanan_count()
        cases = [
            ({"jawaban": "99"}, "pertanyaan keamanan"),
            ({"tantangan": "123.456.deadbeef"}, "pertanyaan keamanan"),
            ({"isi": "pendek"}, "terlalu pendek"),
            ({"nama": ""}, "Nama wajib diisi"),
            ({"isi": "lihat http://a.example http://b.example http://c.example sekarang juga"}, "terlalu banyak tautan"),
        ]
        for i, (override, reason) in enumerate(cases):
            status, body = self.post("blumah.localhost", "/layanan/pengaduan", self.fields(page, "pengaduan", **override),
                                     f"198.51.100.{10 + i}")
            self.assertEqual(status, 422, override)
            self.assertIn(reason, body, override)
            self.assertIn('role="alert"', body)
        self.assertEqual(self.layanan_count(), before)

    def test_the_honeypot_is_thanked_but_stores_nothing(self):
        _, _, page = self.server.get("blumah.localhost", "/layanan")
        before = self.layanan_count()
        status, body = self.post("blumah.localhost", "/layanan/pengaduan",
                                 self.fields(page, "pengaduan", website="http://spam.example"), "198.51.100.30")
        self.assertEqual(status, 200)
        self.assertIn("Kode lacak Anda", body)
        self.assertEqual(self.layanan_count(), before)

    def test_too_many_submissions_from_one_address_are_refused(self):
        _, _, page = self.server.get("blumah.localhost", "/layanan")
        statuses = [self.post("blumah.localhost", "/layanan/pengaduan", self.fields(page, "pengaduan"), "198.51.100.40")[0]
                    for _ in range(6)]
        self.assertEqual(statuses[:5], [200] * 5)
        self.assertEqual(statuses[5], 429)

    def test_a_form_posted_from_another_site_is_refused(self):
        _, _, page = self.server.get("blumah.localhost", "/layanan")
        before = self.layanan_count()
        status, _ = self.post("blumah.localhost", "/layanan/pengaduan", self.fields(page, "pengaduan"), "198.51.100.50",
                              origin="https://evil.example")
        self.assertEqual(status, 403)
        status, _ = self.post("blumah.localhost", "/layanan/pengaduan", self.fields(page, "pengaduan"), "198.51.100.51",
                              origin=f"http://blumah.localhost:{self.server.port}")
        self.assertEqual(status, 200)
        self.assertEqual(self.layanan_count(), before + 1)

    def test_comments_are_held_for_moderation(self):
        ym, slug = self.db.sql(f"SELECT to_char(published_at AT TIME ZONE 'Asia/Jakarta', 'YYYY/MM'), slug FROM posts "
                               f"WHERE desa_id = {BLUMAH} AND status = 'published' AND published_at <= now() LIMIT 1")[0]
        path = f"/berita/{ym}/{slug}"
        _, _, page = self.server.get("blumah.localhost", path)
        token, answer = self.form_of(page, f"{path}/komentar")
        fields = {"nama": "Budi", "isi": "Semoga jalannya awet dan bermanfaat <script>x</script>", "website": "",
                  "jawaban": answer, "tantangan": token}
        status, body = self.post("blumah.localhost", f"{path}/komentar", fields, "198.51.100.60")
        self.assertEqual(status, 200)
        self.assertIn("komentar Anda telah diterima", body)
        self.assertEqual(self.db.sql(f"SELECT status FROM comments WHERE desa_id = {BLUMAH} AND nama = 'Budi'"), [["pending"]])
        self.assertNotIn("Semoga jalannya awet", self.server.get("blumah.localhost", path)[2])
        self.db.sql(f"UPDATE comments SET status = 'approved' WHERE desa_id = {BLUMAH} AND nama = 'Budi'")
        self.db.sql(f"SELECT pg_notify('balai_content', '{BLUMAH}')")
        self.assertIsNotNone(wait_for(lambda: "Semoga jalannya awet" in self.server.get("blumah.localhost", path)[2], 1.0))
        body = self.server.get("blumah.localhost", path)[2]
        self.assertIn(html.escape("<script>x</script>"), body)
        fields["jawaban"] = "0"
        status, body = self.post("blumah.localhost", f"{path}/komentar", fields, "198.51.100.61")
        self.assertEqual(status, 422)
        self.assertIn("pertanyaan keamanan", body)


if __name__ == "__main__":
    unittest.main()

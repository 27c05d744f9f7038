"""Every village answers at its own host; nothing else ever shows a village."""
import html
import http.client
import unittest

from harness import Database, Server, wait_for, parallel


class Hosts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = Database()
        cls.server = Server(cls.db)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.db.drop()

    def test_all_286_kendal_villages_answer_with_their_own_name(self):
        rows = self.db.sql("SELECT d.slug, d.nama, d.jenis, d.kode, k.nama FROM desa d JOIN kecamatan k ON k.id = d.kecamatan_id")
        self.assertEqual(len(rows), 286)
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        for slug, nama, jenis, kode, kecamatan in rows:
            status, headers, body = self.server.get(f"{slug}.localhost", "/", conn=conn)
            self.assertEqual(status, 200, slug)
            label = ("Kelurahan " if jenis == "kelurahan" else "Desa ") + nama
            self.assertIn(f"<h1 id=\"judul-hero\">{html.escape(label)}</h1>", body, slug)
            self.assertIn(html.escape(kode), body)
            self.assertIn(html.escape(kecamatan), body)
            self.assertEqual(headers["content-type"], "text/html; charset=utf-8")
        conn.close()

    def test_same_name_villages_are_told_apart(self):
        rows = self.db.sql("SELECT slug, kode FROM desa WHERE nama = 'Rejosari' ORDER BY slug")
        self.assertEqual(len(rows), 3)
        for slug, kode in rows:
            self.assertNotEqual(slug, "rejosari")
            status, _, body = self.server.get(f"{slug}.localhost")
            self.assertEqual(status, 200)
            self.assertIn(kode, body)

    def test_unknown_and_absurd_hosts_get_the_portal_404_without_village_content(self):
        for host in ["evil.test", "blumah.localhost.evil.test", "blumah.evil.test", "tidak-ada.localhost",
                     "x.blumah.localhost", "127.0.0.1", "[::1]", "bl\u00e4mah.localhost".encode("utf-8").decode("latin-1"),
                     "a" * 300 + ".localhost", "-.localhost", "blumah..localhost", "blumah.localhost:99999999"]:
            status, _, body = self.server.get(host if ":" in host else f"{host}:{self.server.port}")
            self.assertEqual(status, 404, host)
            self.assertIn("Halaman tidak ditemukan", body)
            self.assertNotIn("Blumah", body, host)
            self.assertNotIn("Kode wilayah", body, host)

    def test_missing_empty_or_repeated_host_is_400(self):
        port = self.server.port
        cases = {
            "missing": b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
            "empty": b"GET / HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n",
            "repeated": f"GET / HTTP/1.1\r\nHost: blumah.localhost:{port}\r\nHost: kediten.localhost:{port}\r\nConnection: close\r\n\r\n".encode(),
            "http/1.0 without host": b"GET / HTTP/1.0\r\n\r\n",
        }
        for name, request in cases.items():
            answer = self.server.raw(request)
            self.assertTrue(answer.startswith("HTTP/1.1 400"), f"{name}: {answer[:80]}")
            self.assertNotIn("Blumah", answer, name)
            self.assertNotIn("Kediten", answer, name)

    def test_host_is_case_port_and_trailing_dot_insensitive(self):
        for host in ["BLUMAH.LocalHost", "blumah.localhost.", "Blumah.Localhost."]:
            status, _, body = self.server.get(f"{host}:{self.server.port}")
            self.assertEqual(status, 200, host)
            self.assertIn("Desa Blumah", body)

    def test_www_of_a_village_redirects_to_its_primary_host(self):
        status, headers, _ = self.server.get("www.blumah.localhost", "/profil/sejarah?x=1")
        self.assertEqual(status, 301)
        self.assertEqual(headers["location"], f"http://blumah.localhost:{self.server.port}/profil/sejarah?x=1")

    def test_the_portal_lists_every_village_by_kecamatan(self):
        status, _, body = self.server.get("localhost")
        self.assertEqual(status, 200)
        self.assertEqual(body.count("<h2 id=\"kec-"), 20)
        self.assertEqual(body.count("<li><a href=\"http://"), 286)
        self.assertIn(f"href=\"http://blumah.localhost:{self.server.port}/\"", body)
        self.assertIn("Kabupaten Kendal", body)

    def test_a_village_page_reads_that_villages_content_only(self):
        self.db.sql("UPDATE pages SET title = 'Sejarah Blumah Rahasia' WHERE desa_id = 3324012001 AND slot = 'sejarah'")
        self.db.sql("SELECT pg_notify('balai_content', '3324012001')")
        self.assertIsNotNone(wait_for(lambda: "Sejarah Blumah Rahasia" in self.server.get("blumah.localhost", "/profil/sejarah")[2], 1.0))
        status, _, body = self.server.get("kediten.localhost", "/profil/sejarah")
        self.assertEqual(status, 200)
        self.assertNotIn("Blumah", body)
        status, _, _ = self.server.get("kediten.localhost", "/halaman/tidak-ada")
        self.assertEqual(status, 404)

    def test_suspended_village_gets_503_notice_and_comes_back(self):
        self.db.cli("desa", "suspend", "kediten")
        took = wait_for(lambda: self.server.get("kediten.localhost")[0] == 503, 1.0)
        self.assertIsNotNone(took, "suspension not visible within 1 s")
        status, headers, body = self.server.get("kediten.localhost")
        self.assertIn("dinonaktifkan", body)
        self.assertNotIn("Kode wilayah", body)
        self.assertIn("retry-after", headers)
        self.db.cli("desa", "resume", "kediten")
        self.assertIsNotNone(wait_for(lambda: self.server.get("kediten.localhost")[0] == 200, 1.0))

    def test_a_domain_added_by_the_cli_resolves_within_one_second(self):
        status, _, _ = self.server.get("desa-blumah.example.id")
        self.assertEqual(status, 404)
        self.db.cli("domain", "add", "desa-blumah.example.id", "blumah", "--primary")
        took = wait_for(lambda: self.server.get("desa-blumah.example.id")[0] == 200, 1.0)
        self.assertIsNotNone(took, "custom domain not served within 1 s")
        status, _, body = self.server.get("desa-blumah.example.id")
        self.assertIn("Desa Blumah", body)
        status, headers, _ = self.server.get("www.desa-blumah.example.id")
        self.assertEqual(status, 301)
        self.db.cli("domain", "remove", "desa-blumah.example.id")
        self.assertIsNotNone(wait_for(lambda: self.server.get("desa-blumah.example.id")[0] == 404, 1.0))

    def test_200_concurrent_connections_are_served(self):
        slugs = [r[0] for r in self.db.sql("SELECT slug FROM desa ORDER BY id LIMIT 200")]

        def one(i):
            return self.server.get(f"{slugs[i]}.localhost")[0]

        results = parallel(200, one)
        self.assertEqual(results, [200] * 200)

    def test_oversized_requests_are_refused(self):
        big = "x" * 20000
        answer = self.server.raw(f"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {big}\r\n\r\n".encode())
        self.assertTrue(answer.startswith("HTTP/1.1 431"), answer[:60])
        answer = self.server.raw(
            f"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10000000\r\n\r\n".encode() + b"x" * 70000)
        self.assertTrue(answer.startswith("HTTP/1.1 413"), answer[:60])
        answer = self.server.raw(b"BLAH\r\n\r\n")
        self.assertTrue(answer.startswith("HTTP/1.1 400"), answer[:60])

    def test_writes_are_refused_on_public_pages(self):
        status, headers, _ = self.server.get("blumah.localhost", "/", method="POST")
        self.assertEqual(status, 405)
        self.assertEqual(headers["allow"], "GET, HEAD")

    def test_access_log_names_request_host_desa_status_and_time(self):
        status, headers, _ = self.server.get("blumah.localhost", "/?log=probe")
        rid = headers["x-request-id"]
        found = wait_for(lambda: rid in self.server.output(), 3.0)
        self.assertIsNotNone(found, "request id not in the access log")
        line = next(l for l in self.server.output().splitlines() if rid in l)
        self.assertIn("blumah.localhost", line)
        self.assertIn("desa=3324012001", line)
        self.assertIn(" GET / 200 ", line)
        self.assertRegex(line, r" \d+B \d+us$")


if __name__ == "__main__":
    unittest.main()

"""Every public page type, for two villages, from the real binary: content
stays with its village, feeds and sitemaps are valid XML, the cache follows
every change, scheduled posts appear on time, search stems Indonesian."""
import gzip
import html
import http.client
import re
import time
import unittest
import xml.etree.ElementTree as ET

from harness import Database, Server, wait_for

# Two villages in different kecamatan, so neither names the other as a neighbour.
BLUMAH, MEDONO = 3324012001, 3324072001


class Pages(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = Database()
        cls.server = Server(cls.db)
        cls.names = {BLUMAH: "Blumah", MEDONO: "Medono"}

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.db.drop()

    def get(self, desa, path, **kw):
        slug = {BLUMAH: "blumah", MEDONO: "medono"}[desa]
        return self.server.get(f"{slug}.localhost", path, **kw)

    def notify(self, desa):
        self.db.sql(f"SELECT pg_notify('balai_content', '{desa}')")

    def post_urls(self, desa):
        rows = self.db.sql(
            f"SELECT to_char(published_at AT TIME ZONE 'Asia/Jakarta', 'YYYY/MM'), slug, title FROM posts "
            f"WHERE desa_id = {desa} AND status IN ('published', 'scheduled') AND published_at <= now() ORDER BY published_at DESC")
        return [(f"/berita/{ym}/{slug}", title) for ym, slug, title in rows]

    def test_every_page_type_answers_for_two_villages_without_the_others_content(self):
        for desa, other in ((BLUMAH, MEDONO), (MEDONO, BLUMAH)):
            own, foreign = self.names[desa], self.names[other]
            article, title = self.post_urls(desa)[0]
            category = self.db.sql(f"SELECT slug FROM categories WHERE desa_id = {desa} ORDER BY slug LIMIT 1")[0][0]
            pages = ["/", "/berita", f"/berita/kategori/{category}", article, article[:15], "/agenda",
                     "/profil/sambutan", "/profil/sejarah", "/profil/visi-misi", "/profil/geografi", "/profil/struktur",
                     "/perangkat", "/kontak", "/privasi", "/cari?q=desa", "/statistik", "/apbdes", "/pendidikan",
                     "/lembaga", "/bumdes", "/potensi", "/galeri", "/galeri/keindahan-alam", "/dokumen"]
            for path in pages:
                status, headers, body = self.get(desa, path)
                self.assertEqual(status, 200, f"{own} {path}")
                self.assertIn(own, body, f"{own} {path}")
                self.assertNotIn(foreign, body, f"{foreign} leaked into {own} {path}")
                self.assertIn('<html lang="id">', body)
                self.assertEqual(body.count("<h1"), 1, f"one h1 on {path}")
                self.assertIn('<main id="isi"', body)
            status, _, body = self.get(desa, article)
            self.assertIn(html.escape(title), body)
            self.assertIn('"@type": "NewsArticle"'.replace(": ", ":"), body.replace(": ", ":"))
            self.assertIn('property="og:title"', body)
            self.assertIn("https://wa.me/?text=", body)
            for path in ("/tidak-ada", "/berita/2020/01/tidak-ada", "/profil/rahasia", "/berita?halaman=999"):
                self.assertEqual(self.get(desa, path)[0], 404, path)

    def test_statistics_and_budget_are_svg_charts_with_the_numbers_in_a_table(self):
        status, _, body = self.get(BLUMAH, "/statistik")
        self.assertEqual(status, 200)
        self.assertIn('<svg xmlns="http://www.w3.org/2000/svg"', body)
        self.assertIn('role="img"', body)
        total = self.db.sql(f"SELECT laki + perempuan FROM statistik WHERE desa_id = {BLUMAH} AND kategori = 'jenis_kelamin'")[0][0]
        self.assertIn(f"<td>{int(total):,}</td>".replace(",", "."), body)
        self.assertIn('<th scope="col">Laki-laki</th>', body)
        status, _, body = self.get(BLUMAH, "/apbdes?tahun=2025")
        self.assertEqual(status, 200)
        self.assertIn("Pendapatan 2025", body)
        dana = self.db.sql(f"SELECT anggaran FROM apbdes WHERE desa_id = {BLUMAH} AND tahun = 2025 AND uraian = 'Dana Desa'")[0][0]
        self.assertIn("Rp" + f"{int(dana):,}".replace(",", "."), body)
        self.assertEqual(self.get(BLUMAH, "/apbdes?tahun=1999")[0], 200)  # falls back to the latest year

    def test_a_document_is_served_with_its_checked_type_and_nosniff(self):
        doc_id, name = self.db.sql(f"SELECT id, file_name FROM dokumen WHERE desa_id = {BLUMAH} LIMIT 1")[0]
        _, _, listing = self.get(BLUMAH, "/dokumen")
        self.assertIn(f"/dokumen/{doc_id}/{name}", listing)
        status, headers, body = self.get(BLUMAH, f"/dokumen/{doc_id}/{name}")
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "application/pdf")
        self.assertEqual(headers["x-content-type-options"], "nosniff")
        self.assertTrue(headers["content-disposition"].startswith("inline"))
        self.assertTrue(body.startswith("%PDF-"))
        # Another village cannot fetch it by id.
        self.assertEqual(self.get(MEDONO, f"/dokumen/{doc_id}/{name}")[0], 404)
        # A file whose bytes do not match its declared type is not served at all.
        self.db.sql(f"INSERT INTO dokumen (desa_id, kategori, judul, file_name, mime, content) VALUES ({BLUMAH}, 'berkala', "
                    f"'Palsu', 'palsu.pdf', 'application/pdf', convert_to('<html><script>alert(1)</script>', 'UTF8'))")
        bad = self.db.sql(f"SELECT id FROM dokumen WHERE desa_id = {BLUMAH} AND file_name = 'palsu.pdf'")[0][0]
        self.assertEqual(self.get(BLUMAH, f"/dokumen/{bad}/palsu.pdf")[0], 404)
        self.assertEqual(self.get(BLUMAH, f"/dokumen/{doc_id}/lain.pdf")[0], 404)

    def test_sitemap_rss_and_atom_are_valid_xml_with_this_villages_posts(self):
        urls = self.post_urls(BLUMAH)
        _, headers, body = self.get(BLUMAH, "/sitemap.xml")
        self.assertTrue(headers["content-type"].startswith("application/xml"))
        root = ET.fromstring(body.encode())
        locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        self.assertIn(f"http://blumah.localhost:{self.server.port}{urls[0][0]}", locs)
        self.assertFalse(any("medono" in l for l in locs))
        _, headers, body = self.get(BLUMAH, "/feed.xml")
        self.assertTrue(headers["content-type"].startswith("application/rss+xml"))
        rss = ET.fromstring(body.encode())
        items = rss.findall("./channel/item")
        self.assertEqual(len(items), min(20, len(urls)))
        self.assertEqual(items[0].find("title").text, urls[0][1])
        _, headers, body = self.get(BLUMAH, "/atom.xml")
        atom = ET.fromstring(body.encode())
        self.assertEqual(atom.tag, "{http://www.w3.org/2005/Atom}feed")
        self.assertGreater(len(atom.findall("{http://www.w3.org/2005/Atom}entry")), 0)
        category = self.db.sql(f"SELECT c.slug FROM categories c JOIN posts p ON p.desa_id = c.desa_id AND p.category_id = c.id "
                               f"WHERE c.desa_id = {BLUMAH} AND p.status = 'published' LIMIT 1")[0][0]
        _, _, body = self.get(BLUMAH, f"/berita/kategori/{category}/feed.xml")
        ET.fromstring(body.encode())
        _, _, body = self.get(BLUMAH, "/robots.txt")
        self.assertIn("Sitemap: http://blumah.localhost", body)

    def test_a_content_change_is_visible_on_the_next_get(self):
        path, title = self.post_urls(MEDONO)[0]
        self.assertIn(html.escape(title), self.get(MEDONO, "/")[2])
        self.db.sql(f"UPDATE posts SET title = 'Judul Baru Medono Hari Ini' WHERE desa_id = {MEDONO} AND title = '{title.replace(chr(39), chr(39) * 2)}'")
        self.notify(MEDONO)
        took = wait_for(lambda: "Judul Baru Medono Hari Ini" in self.get(MEDONO, "/")[2], 1.0)
        self.assertIsNotNone(took, "home page still served from a stale cache")
        # The other village's cached pages are untouched by this change.
        self.assertNotIn("Judul Baru Medono", self.get(BLUMAH, "/")[2])

    def test_etag_gives_304_and_gzip_is_served_precompressed(self):
        status, headers, body = self.get(BLUMAH, "/profil/sejarah")
        etag = headers["etag"]
        self.assertIn("last-modified", headers)
        status, headers2, body2 = self.get(BLUMAH, "/profil/sejarah", headers={"If-None-Match": etag})
        self.assertEqual(status, 304)
        self.assertEqual(body2, "")
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        conn.request("GET", "/profil/sejarah", headers={"Host": self.server.host("blumah.localhost"), "Accept-Encoding": "gzip"})
        r = conn.getresponse()
        raw = r.read()
        self.assertEqual(r.getheader("Content-Encoding"), "gzip")
        self.assertEqual(r.getheader("Vary"), "Accept-Encoding")
        self.assertEqual(gzip.decompress(raw).decode(), body)
        conn.close()

    def test_home_page_is_small_and_needs_no_javascript(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        conn.request("GET", "/", headers={"Host": self.server.host("blumah.localhost"), "Accept-Encoding": "gzip"})
        raw = conn.getresponse().read()
        conn.close()
        self.assertLess(len(raw), 30 * 1024)
        body = gzip.decompress(raw).decode()
        self.assertNotIn("<script src", body)
        self.assertEqual(re.findall(r"<script(?![^>]*application/ld\+json)", body), [])

    def test_a_scheduled_post_appears_at_its_time_without_any_write(self):
        self.db.sql(
            f"INSERT INTO posts (desa_id, slug, title, excerpt, status, published_at) VALUES ({BLUMAH}, 'terjadwal', "
            f"'Pengumuman Terjadwal Blumah', 'Segera', 'scheduled', now() + interval '2 seconds')")
        self.notify(BLUMAH)
        self.assertIsNotNone(wait_for(lambda: self.get(BLUMAH, "/")[0] == 200, 1.0))
        self.assertNotIn("Pengumuman Terjadwal Blumah", self.get(BLUMAH, "/")[2])
        self.assertNotIn("Pengumuman Terjadwal Blumah", self.get(BLUMAH, "/feed.xml")[2])
        # No further write, no notification: only time passes.
        took = wait_for(lambda: "Pengumuman Terjadwal Blumah" in self.get(BLUMAH, "/")[2], 6.0, 0.2)
        self.assertIsNotNone(took, "scheduled post did not appear")
        self.assertIn("Pengumuman Terjadwal Blumah", self.get(BLUMAH, "/feed.xml")[2])

    def test_search_finds_stemmed_words_in_this_village_only(self):
        self.db.sql(
            f"INSERT INTO posts (desa_id, slug, title, excerpt, body_text, status, published_at) VALUES ({BLUMAH}, 'jembatan', "
            f"'Jembatan Baru', 'Warga bersyukur', 'Pembangunan jembatan gantung selesai tepat waktu.', 'published', now() - interval '1 hour')")
        self.db.sql(
            f"INSERT INTO posts (desa_id, slug, title, excerpt, body_text, status, published_at) VALUES ({MEDONO}, 'bangun-medono', "
            f"'Medono Membangun Talud', '', 'Pembangunan talud sungai dimulai.', 'published', now() - interval '1 hour')")
        self.notify(BLUMAH)
        status, _, body = self.get(BLUMAH, "/cari?q=bangun")
        self.assertEqual(status, 200)
        self.assertIn("Jembatan Baru", body)
        self.assertIn("<mark>", body)
        self.assertNotIn("Talud", body)
        status, _, body = self.get(BLUMAH, "/cari?q=%3Cscript%3Ealert(1)%3C/script%3E")
        self.assertEqual(status, 200)
        self.assertNotIn("<script>alert", body)

    def test_old_slug_redirects_and_wrong_month_redirects_to_the_canonical_url(self):
        self.db.sql(
            f"INSERT INTO posts (desa_id, slug, title, status, published_at) VALUES ({MEDONO}, 'nama-baru', 'Ganti Nama', "
            f"'published', '2026-03-10 10:00+07')")
        self.db.sql(f"INSERT INTO post_old_slugs (desa_id, slug, post_id) SELECT {MEDONO}, 'nama-lama', id FROM posts "
                    f"WHERE desa_id = {MEDONO} AND slug = 'nama-baru'")
        self.notify(MEDONO)
        status, headers, _ = self.get(MEDONO, "/berita/2026/03/nama-lama")
        self.assertEqual(status, 301)
        self.assertEqual(headers["location"], "/berita/2026/03/nama-baru")
        status, headers, _ = self.get(MEDONO, "/berita/2025/01/nama-baru")
        self.assertEqual(status, 301)
        self.assertEqual(headers["location"], "/berita/2026/03/nama-baru")
        self.assertEqual(self.get(BLUMAH, "/berita/2026/03/nama-baru")[0], 404)

    def test_stored_markup_never_reaches_the_page(self):
        self.db.sql(
            f"INSERT INTO posts (desa_id, slug, title, excerpt, body, status, published_at) VALUES ({BLUMAH}, 'xss', "
            f"'<script>alert(1)</script>', '<img src=x onerror=alert(1)>', "
            f"'{{\"type\":\"doc\",\"content\":[{{\"type\":\"paragraph\",\"content\":[{{\"type\":\"text\",\"text\":\"klik\","
            f"\"marks\":[{{\"type\":\"link\",\"attrs\":{{\"href\":\"javascript:alert(1)\"}}}}]}}]}}]}}', "
            f"'published', now() - interval '1 minute')")
        self.notify(BLUMAH)
        path = [u for u, t in self.post_urls(BLUMAH) if u.endswith("/xss")][0]
        for p in (path, "/", "/berita", "/feed.xml"):
            body = self.get(BLUMAH, p)[2]
            self.assertNotIn("<script>alert", body, p)
            self.assertNotIn("<img src=x", body, p)
            self.assertNotIn('href="javascript:', body, p)

    def test_portal_shows_latest_news_across_villages_and_kecamatan_pages(self):
        status, _, body = self.server.get("localhost", "/")
        self.assertEqual(status, 200)
        self.assertIn("Kabar terbaru dari desa", body)
        status, _, body = self.server.get("localhost", "/kecamatan/plantungan")
        self.assertEqual(status, 200)
        self.assertIn("Desa Blumah", body)
        self.assertNotIn("Kecamatan Boja", body)
        status, _, body = self.server.get("localhost", "/?q=rejosari")
        self.assertEqual(body.count("Desa Rejosari"), 3)
        self.assertEqual(self.server.get("localhost", "/kecamatan/tidak-ada")[0], 404)


if __name__ == "__main__":
    unittest.main()

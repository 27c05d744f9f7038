"""Pictures on the public sites: every page names images with their size and
responsive widths, the files come back with their real type and a long cache
life, a link preview gets a JPEG, and a village host serves only its own files."""
import http.client
import os
import re
import shutil
import unittest

from harness import Database, Server

BLUMAH, MEDONO = 3324012001, 3324072001
MEDIA = os.environ.get("BALAI_MEDIA_DIR", "")


def fetch(server, host, path, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        c.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        c.putheader("Host", server.host(host))
        for k, v in (headers or {}).items():
            c.putheader(k, v)
        c.endheaders()
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        c.close()


class Media(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not MEDIA:
            raise RuntimeError("BALAI_MEDIA_DIR must name the test regency's pictures (./balai.sh test sets it)")
        cls.db = Database()
        cls.server = Server(cls.db)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.db.drop()

    def test_home_has_a_hero_picture_with_size_and_widths_and_a_preview_image(self):
        status, _, body = self.server.get("blumah.localhost", "/")
        self.assertEqual(status, 200)
        imgs = re.findall(r"<img [^>]*>", body)
        self.assertTrue(imgs, "the home page shows pictures")
        for img in imgs:
            self.assertRegex(img, r'width="\d+" height="\d+"', "every picture reserves its space")
            self.assertRegex(img, r'alt="[^"]*"')
        hero = [i for i in imgs if 'class="latar"' in i]
        self.assertEqual(len(hero), 1)
        self.assertNotIn('loading="lazy"', hero[0], "the hero is the first thing seen: not lazy")
        self.assertIn("srcset=", hero[0])
        self.assertRegex(hero[0], r'alt="[^"]*Blumah')
        for img in re.findall(r'<article class="kartu">\s*<img [^>]*>', body):
            self.assertIn('loading="lazy"', img, "pictures further down load when scrolled to")
        og = re.search(r'<meta property="og:image" content="([^"]+)">', body)
        self.assertIsNotNone(og, "a shared link shows a picture")
        url = og.group(1)
        self.assertTrue(url.startswith("http://blumah.localhost:"), url)
        status, headers, data = fetch(self.server, "blumah.localhost", url.split(str(self.server.port), 1)[1])
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "image/jpeg")
        self.assertEqual(data[:3], b"\xff\xd8\xff")

    def test_every_width_in_a_srcset_is_a_real_webp_of_that_width(self):
        _, _, body = self.server.get("blumah.localhost", "/")
        srcset = re.search(r'srcset="([^"]+)"', body).group(1)
        for part in srcset.split(", "):
            path, width = part.split(" ")
            status, headers, data = fetch(self.server, "blumah.localhost", path)
            self.assertEqual(status, 200, path)
            self.assertEqual(headers["content-type"], "image/webp")
            self.assertEqual(headers["x-content-type-options"], "nosniff")
            self.assertIn("immutable", headers["cache-control"])
            self.assertEqual(data[:4], b"RIFF")
            self.assertEqual(data[8:12], b"WEBP")
            # VP8 (lossy) frame header: width in the 14 low bits after the start code.
            at = data.find(b"\x9d\x01\x2a")
            self.assertGreater(at, 0)
            self.assertEqual(int.from_bytes(data[at + 3:at + 5], "little") & 0x3FFF, int(width[:-1]), path)
            status, _, data = fetch(self.server, "blumah.localhost", path, {"If-None-Match": headers["etag"]})
            self.assertEqual(status, 304)
            self.assertEqual(data, b"")

    def test_a_village_serves_only_its_own_files(self):
        key = "0123456789abcdef0123456789abcdef"
        folder = os.path.join(MEDIA, str(BLUMAH), key[:2])
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"{key}-320.webp")
        shutil.copyfile(self.some_webp(), path)
        try:
            self.assertEqual(fetch(self.server, "blumah.localhost", f"/media/{key}-320.webp")[0], 200)
            self.assertEqual(fetch(self.server, "medono.localhost", f"/media/{key}-320.webp")[0], 404)
        finally:
            os.unlink(path)
        for bad in ["/media/../../etc/passwd", f"/media/{key}-321.webp", f"/media/{key.upper()}-320.webp",
                    f"/media/{key}-320.webp/..", "/media/%2e%2e/secret", f"/media/{key}-320.png", "/media/"]:
            status, headers, _ = fetch(self.server, "blumah.localhost", bad)
            self.assertEqual(status, 404, bad)

    def test_gallery_album_shows_its_photos(self):
        status, _, body = self.server.get("blumah.localhost", "/galeri")
        self.assertEqual(status, 200)
        album = re.search(r'href="(/galeri/[a-z0-9-]+)"', body).group(1)
        status, _, body = self.server.get("blumah.localhost", album)
        self.assertEqual(status, 200)
        photos = re.findall(r'<figure><a href="(/media/[0-9a-f]{32}-\d+\.webp)"><img [^>]*alt="([^"]+)"', body)
        count = self.db.sql(f"SELECT count(*) FROM photos p JOIN albums a ON a.desa_id = p.desa_id AND a.id = p.album_id "
                            f"WHERE a.desa_id = {BLUMAH} AND a.slug = '{album.rsplit('/', 1)[1]}'")[0][0]
        self.assertEqual(len(photos), int(count))
        self.assertGreater(len(photos), 0)
        for href, alt in photos:
            self.assertEqual(fetch(self.server, "blumah.localhost", href)[0], 200)
            self.assertTrue(alt.strip())

    def some_webp(self):
        for root, _, files in os.walk(os.path.join(MEDIA, str(BLUMAH))):
            for f in files:
                if f.endswith("-320.webp"):
                    return os.path.join(root, f)
        self.fail("no stored picture for Blumah")


if __name__ == "__main__":
    unittest.main()

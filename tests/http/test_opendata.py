"""The open data API on the portal host and its bulk export, from the real
binary: the list and its pages, one village's datasets as its site publishes
them, CSV (RFC 4180, formulas neutralised), ETag/304, JSON errors, the rate
limit, suspended and archived villages, and no personal data anywhere. Every
JSON answer is validated against docs/api/opendata.yaml."""
import csv
import hashlib
import http.client
import io
import json
import os
import re
import tarfile
import tempfile
import unittest
import urllib.parse

import jsonschema
import yaml

from harness import Database, Server, wait_for

BLUMAH, MEDONO = 3324012001, 3324072001
BLUMAH_KODE, MEDONO_KODE = "33.24.01.2001", "33.24.07.2001"
SPEC_PATH = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "docs", "api", "opendata.yaml"))
DATASETS = ["perangkat", "lembaga", "bumdes", "pendidikan", "potensi", "statistik", "apbdes", "berita"]
DESA_COLUMNS = ["kode", "nama", "jenis", "kecamatan_kode", "kecamatan_nama", "kabupaten_kode", "kabupaten_nama", "url", "status"]


OAS_SCHEMA = os.path.join(os.path.dirname(__file__), "schemas", "openapi-3.1.json")


def load_spec():
    with open(SPEC_PATH) as f:
        spec = json.loads(json.dumps(yaml.safe_load(f)))  # plain dicts; fails on YAML values JSON cannot hold
    with open(OAS_SCHEMA) as f:
        jsonschema.Draft202012Validator(json.load(f)).validate(spec)  # the document is valid OpenAPI 3.1
    return spec


class OpenData(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.spec = load_spec()
        cls.db = Database()
        # Behind a trusted proxy each test speaks for its own client address (the rate limit is per address).
        cls.server = Server(cls.db, "--trusted-proxy", "127.0.0.1")
        cls.validators = {}
        cls.templates = [(t, re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(t)) + "$")) for t in cls.spec["paths"]]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.db.drop()

    # ------------------------------------------------------------ helpers

    def deref(self, node):
        while isinstance(node, dict) and "$ref" in node and len(node) == 1:
            target = self.spec
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            node = target
        return node

    def template_of(self, path):
        rest = urllib.parse.urlsplit(path).path
        self.assertTrue(rest.startswith("/api/v1/"), rest)
        rest = rest[len("/api/v1"):]
        for ext in (".csv", ".json"):
            if rest.endswith(ext):
                rest = rest[:-len(ext)]
                break
        for template, pattern in self.templates:
            if pattern.match(rest):
                return template
        return None

    def response_schema(self, path, status):
        template = self.template_of(path)
        if template is None:
            generic = {400: "BadRequest", 404: "NotFound", 405: "MethodNotAllowed", 429: "TooManyRequests"}
            self.assertIn(status, generic, f"{path}: undocumented status {status}")
            response = self.spec["components"]["responses"][generic[status]]
        else:
            responses = self.spec["paths"][template]["get"]["responses"]
            self.assertIn(str(status), responses, f"{template}: status {status} is not documented")
            response = self.deref(responses[str(status)])
        self.assertIn("application/json", response.get("content", {}), f"{path} {status}: no JSON documented")
        return response["content"]["application/json"]["schema"]

    def check_json(self, path, status, body):
        key = (self.template_of(path), status)
        validator = self.validators.get(key)
        if validator is None:
            schema = dict(self.response_schema(path, status), components=self.spec["components"])
            validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
            self.validators[key] = validator
        data = json.loads(body)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
        self.assertEqual(errors, [], f"{path} ({status}) does not match docs/api/opendata.yaml")
        return data

    def call(self, path, client, method="GET", headers=None, conn=None):
        """One request to the portal host from `client`; every JSON answer is checked against the document."""
        h = {"X-Forwarded-For": client}
        if method not in ("GET", "HEAD", "OPTIONS"):
            h["Content-Length"] = "0"
        h.update(headers or {})
        status, hdrs, body = self.server.get("localhost", path, headers=h, method=method, conn=conn)
        self.assertEqual(hdrs.get("access-control-allow-origin"), "*", f"{method} {path}")
        if body and hdrs.get("content-type", "").startswith("application/json"):
            self.assertEqual(hdrs["content-type"], "application/json; charset=utf-8")
            self.check_json(path, status, body)
        return status, hdrs, body

    def get_json(self, path, client, expect=200):
        status, hdrs, body = self.call(path, client)
        self.assertEqual(status, expect, f"{path}: {body[:300]}")
        self.assertEqual(hdrs["content-type"], "application/json; charset=utf-8", path)
        return json.loads(body)

    def get_csv(self, path, client):
        status, hdrs, body = self.call(path, client)
        self.assertEqual(status, 200, f"{path}: {body[:300]}")
        self.assertEqual(hdrs["content-type"], "text/csv; charset=utf-8", path)
        self.assertTrue(body.endswith("\r\n"), path)
        return list(csv.reader(io.StringIO(body, newline=""))), body, hdrs

    def links(self, hdrs):
        return {rel: url for url, rel in re.findall(r'<([^>]+)>;\s*rel="([a-z]+)"', hdrs.get("link", ""))}

    def local(self, url):
        parts = urllib.parse.urlsplit(url)
        self.assertEqual(parts.scheme, "http")
        self.assertEqual(parts.netloc, f"localhost:{self.server.port}")
        return parts.path + ("?" + parts.query if parts.query else "")

    def notify(self, desa):
        self.db.sql(f"SELECT pg_notify('balai_content', '{desa}')")

    def listed(self):
        """Villages the list should show: every one but the suspended, by kode."""
        rows = self.db.sql("SELECT d.kode, d.nama, d.jenis, k.kode, k.nama, d.slug, d.status FROM desa d"
                           " JOIN kecamatan k ON k.id = d.kecamatan_id WHERE d.status <> 'suspended'")
        return sorted(rows)

    # ------------------------------------------------------------ tests

    def test_the_document_is_valid_openapi_3_1_and_its_examples_match_its_schemas(self):
        self.assertEqual(self.spec["openapi"], "3.1.0")
        checked = 0
        for path, item in self.spec["paths"].items():
            self.assertEqual(set(item), {"get"}, f"{path}: the open data API is read-only")
            for status, response in item["get"]["responses"].items():
                media = self.deref(response).get("content", {}).get("application/json")
                if media and "example" in media:
                    schema = dict(media["schema"], components=self.spec["components"])
                    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(media["example"])
                    checked += 1
        self.assertGreater(checked, 10)

    def test_the_list_pages_filters_and_links(self):
        client = "198.51.100.1"
        expected = self.listed()
        first = self.get_json("/api/v1/desa", client)
        self.assertEqual((first["halaman"], first["per_halaman"], first["total"]), (1, 100, len(expected)))
        self.assertEqual([d["kode"] for d in first["data"]], [r[0] for r in expected[:100]])
        # Following rel="next" visits every village once, in kode order.
        seen, path, pages = [], "/api/v1/desa", 0
        while path:
            status, hdrs, body = self.call(path, client)
            self.assertEqual(status, 200)
            seen += [d["kode"] for d in json.loads(body)["data"]]
            links = self.links(hdrs)
            self.assertIn("first", links)
            self.assertIn("last", links)
            path = self.local(links["next"]) if "next" in links else None
            pages += 1
        self.assertEqual(seen, [r[0] for r in expected])
        self.assertEqual(pages, (len(expected) + 99) // 100)
        everything = self.get_json("/api/v1/desa?per_halaman=500", client)
        self.assertEqual(len(everything["data"]), len(expected))
        by_kode = {d["kode"]: d for d in everything["data"]}
        for kode, nama, jenis, kec_kode, kec_nama, slug, status in expected:
            row = by_kode[kode]
            self.assertEqual((row["nama"], row["jenis"], row["kecamatan"]), (nama, jenis, {"kode": kec_kode, "nama": kec_nama}))
            self.assertEqual(row["kabupaten"]["kode"], kode[:5])
            self.assertEqual(row["status"], "aktif")
            self.assertEqual(row["url"], f"http://{slug}.localhost:{self.server.port}/")
        self.assertEqual(by_kode[BLUMAH_KODE]["url"], f"http://blumah.localhost:{self.server.port}/")
        # Past the last page: an empty page, not an error.
        beyond = self.get_json("/api/v1/desa?halaman=99", client)
        self.assertEqual((beyond["data"], beyond["total"]), ([], len(expected)))
        # One kecamatan; the filter and the page size survive in the links.
        plantungan = [r for r in expected if r[3] == "33.24.01"]
        status, hdrs, body = self.call("/api/v1/desa?kecamatan=33.24.01&per_halaman=5", client)
        page = json.loads(body)
        self.assertEqual(page["total"], len(plantungan))
        self.assertTrue(all(d["kecamatan"]["kode"] == "33.24.01" for d in page["data"]))
        self.assertEqual([d["kode"] for d in page["data"]], [r[0] for r in plantungan[:5]])
        nxt = self.local(self.links(hdrs)["next"])
        self.assertIn("kecamatan=33.24.01", nxt)
        self.assertIn("halaman=2", nxt)
        self.assertIn("per_halaman=5", nxt)
        second = self.get_json(nxt, client)
        self.assertEqual([d["kode"] for d in second["data"]], [r[0] for r in plantungan[5:10]])

    def test_one_villages_datasets_are_what_its_site_publishes(self):
        client = "198.51.100.2"
        base = f"/api/v1/desa/{BLUMAH_KODE}"
        bodies = []

        profil = self.get_json(base, client)["data"]
        bodies.append(json.dumps(profil, ensure_ascii=False))
        self.assertEqual((profil["kode"], profil["nama"], profil["jenis"], profil["status"]), (BLUMAH_KODE, "Blumah", "desa", "aktif"))
        self.assertEqual(profil["kecamatan"]["kode"], "33.24.01")
        sejarah = self.db.sql(f"SELECT body_text FROM pages WHERE desa_id = {BLUMAH} AND slot = 'sejarah'")[0][0]
        self.assertIn(sejarah[:40], profil["profil"]["sejarah"]["teks"])
        alamat = self.db.sql(f"SELECT alamat FROM kontak WHERE desa_id = {BLUMAH}")[0][0]
        self.assertEqual(profil["kontak"]["alamat"], alamat)
        luas, lat = self.db.sql(f"SELECT luas_ha, latitude FROM geografi WHERE desa_id = {BLUMAH}")[0]
        self.assertAlmostEqual(profil["geografi"]["luas_ha"], float(luas))
        self.assertAlmostEqual(profil["geografi"]["latitude"], float(lat))
        self.assertNotIn("ketinggian_m", profil["geografi"], "the site does not show the altitude")

        perangkat = self.get_json(base + "/perangkat", client)
        rows = self.db.sql(f"SELECT nama, jabatan FROM perangkat WHERE desa_id = {BLUMAH} ORDER BY urutan, id LIMIT 100")
        self.assertEqual([[p["nama"], p["jabatan"]] for p in perangkat["data"]], rows)
        self.assertEqual([p["urutan"] for p in perangkat["data"]], list(range(1, len(rows) + 1)))
        self.assertTrue(all(p["kode_desa"] == BLUMAH_KODE for p in perangkat["data"]))

        lembaga = self.get_json(base + "/lembaga", client)
        self.assertEqual([l["nama"] for l in lembaga["data"]],
                         [r[0] for r in self.db.sql(f"SELECT nama FROM lembaga WHERE desa_id = {BLUMAH} ORDER BY urutan, nama")])

        bumdes = self.get_json(base + "/bumdes", client)
        self.assertEqual([b["nama"] for b in bumdes["data"]],
                         [r[0] for r in self.db.sql(f"SELECT nama FROM bumdes WHERE desa_id = {BLUMAH} ORDER BY id")])
        self.assertTrue(bumdes["data"][0]["pengurus"])
        self.assertTrue(all(p["jabatan"] for p in bumdes["data"][0]["pengurus"]))

        sekolah = self.get_json(base + "/pendidikan", client)
        self.assertEqual(sorted(s["nama"] for s in sekolah["data"]),
                         sorted(r[0] for r in self.db.sql(f"SELECT nama FROM sekolah WHERE desa_id = {BLUMAH}")))

        potensi = self.get_json(base + "/potensi", client)
        self.assertEqual(len(potensi["data"]), int(self.db.sql(f"SELECT count(*) FROM produk WHERE desa_id = {BLUMAH}")[0][0]))
        sellers = self.db.sql(f"SELECT penjual, whatsapp FROM produk WHERE desa_id = {BLUMAH} AND penjual <> ''")
        self.assertTrue(sellers)
        text = json.dumps(potensi, ensure_ascii=False)
        for penjual, whatsapp in sellers:
            self.assertNotIn(penjual, text, "a seller's name is personal data")
            self.assertNotIn(whatsapp, text, "a seller's number is personal data")

        statistik = self.get_json(base + "/statistik", client)
        tahun = int(self.db.sql(f"SELECT max(tahun) FROM statistik WHERE desa_id = {BLUMAH}")[0][0])
        self.assertEqual(statistik["tahun"], tahun)
        self.assertTrue(all(s["tahun"] == tahun for s in statistik["data"]), "only the latest year, as /statistik shows")
        penduduk = self.db.sql(f"SELECT sum(laki + perempuan) FROM statistik WHERE desa_id = {BLUMAH} AND tahun = {tahun}"
                               " AND kategori = 'jenis_kelamin'")[0][0]
        self.assertEqual(sum(s["jumlah"] for s in statistik["data"] if s["kategori"] == "jenis_kelamin"), int(penduduk))
        self.assertTrue(all(s["jumlah"] == s["laki_laki"] + s["perempuan"] for s in statistik["data"]))

        apbdes = self.get_json(base + "/apbdes", client)
        years = [int(r[0]) for r in self.db.sql(f"SELECT DISTINCT tahun FROM apbdes WHERE desa_id = {BLUMAH} ORDER BY tahun DESC LIMIT 10")]
        self.assertEqual(apbdes["tahun_tersedia"], years)
        self.assertEqual(sorted({a["tahun"] for a in apbdes["data"]}, reverse=True), years)
        one = self.get_json(base + "/apbdes?tahun=2025", client)
        self.assertTrue(one["data"])
        self.assertTrue(all(a["tahun"] == 2025 for a in one["data"]))
        dana = self.db.sql(f"SELECT anggaran FROM apbdes WHERE desa_id = {BLUMAH} AND tahun = 2025 AND uraian = 'Dana Desa'")[0][0]
        self.assertEqual([a["anggaran"] for a in one["data"] if a["uraian"] == "Dana Desa"], [int(dana)])
        self.assertEqual(self.get_json(base + "/apbdes?tahun=1999", client)["data"], [])

        published = self.db.sql(
            f"SELECT title, to_char(published_at AT TIME ZONE 'Asia/Jakarta', 'YYYY/MM'), slug FROM posts WHERE desa_id = {BLUMAH}"
            " AND status IN ('published', 'scheduled') AND published_at <= now() ORDER BY published_at DESC, id DESC")
        berita = self.get_json(base + "/berita", client)
        self.assertEqual(berita["total"], len(published))
        self.assertEqual([b["judul"] for b in berita["data"]], [p[0] for p in published[:100]])
        title, ym, slug = published[0]
        self.assertEqual(berita["data"][0]["url"], f"http://blumah.localhost:{self.server.port}/berita/{ym}/{slug}")
        status, _, page = self.server.get("blumah.localhost", f"/berita/{ym}/{slug}")
        self.assertEqual(status, 200, "the url points at the article on the village site")
        # Pages of news follow the same rules as the list.
        status, hdrs, body = self.call(base + "/berita?per_halaman=2", client)
        self.assertEqual([b["judul"] for b in json.loads(body)["data"]], [p[0] for p in published[:2]])
        second = self.get_json(self.local(self.links(hdrs)["next"]), client)
        self.assertEqual([b["judul"] for b in second["data"]], [p[0] for p in published[2:4]])
        self.assertEqual(second["halaman"], 2)

        for name in DATASETS:
            bodies.append(self.call(f"{base}/{name}?per_halaman=500" if name == "berita" else f"{base}/{name}", client)[2])
        everything = "\n".join(bodies)
        self.assertNotIn("Medono", everything, "another village's data leaked")
        self.assertNotIn(MEDONO_KODE, everything)

    def test_csv_is_rfc4180_utf8_and_neutralises_formulas(self):
        client = "198.51.100.3"
        rows, body, hdrs = self.get_csv("/api/v1/desa.csv?per_halaman=500", client)
        self.assertEqual(rows[0], DESA_COLUMNS)
        self.assertEqual(len(rows) - 1, len(self.listed()))
        self.assertNotIn("\ufeff", body, "no byte order mark")
        self.assertEqual(body.count("\n"), body.count("\r\n"), "CRLF line ends")
        blumah = next(r for r in rows if r[0] == BLUMAH_KODE)
        self.assertEqual(blumah[1:5], ["Blumah", "desa", "33.24.01", "Plantungan"])
        self.assertTrue(hdrs["content-disposition"].startswith("attachment"))
        # ?format=csv is the same document.
        self.assertEqual(self.call("/api/v1/desa?format=csv&per_halaman=500", client)[2], body)
        self.assertEqual(self.call("/api/v1/desa.json?per_halaman=500", client)[2],
                         self.call("/api/v1/desa?per_halaman=500", client)[2])

        # Officials whose names a spreadsheet would run as formulas, and a cell that needs quoting.
        hostile = [("=HYPERLINK(\"http://evil.example\",\"klik\")", "Kaur \"Umum\", Bagian\nSatu", -30),
                   ("+6281234567", "@SUM(A1:A9)", -20), ("-2+3", "Kasi Uji", -10)]
        values = ", ".join(f"({BLUMAH}, {sql_text(n)}, {sql_text(j)}, {u})" for n, j, u in hostile)
        self.db.sql(f"INSERT INTO perangkat (desa_id, nama, jabatan, urutan) VALUES {values}")
        tagline = self.db.sql(f"SELECT '[' || tagline || ']' FROM site_settings WHERE desa_id = {BLUMAH}")[0][0][1:-1]
        self.db.sql(f"UPDATE site_settings SET tagline = '=1+1 desa uji' WHERE desa_id = {BLUMAH}")
        self.notify(BLUMAH)
        try:
            path = f"/api/v1/desa/{BLUMAH_KODE}/perangkat"
            self.assertIsNotNone(wait_for(lambda: self.call(path, client)[2].count("evil.example") == 1, 2.0, 0.1))
            data = self.get_json(path, client)["data"]
            self.assertEqual([(p["nama"], p["jabatan"]) for p in data[:3]], [(n, j) for n, j, _ in hostile],
                             "JSON keeps the values as stored")
            rows, body, hdrs = self.get_csv(path + ".csv", client)
            self.assertEqual(rows[0], ["kode_desa", "urutan", "nama", "jabatan"])
            self.assertEqual(rows[1], [BLUMAH_KODE, "1", "'=HYPERLINK(\"http://evil.example\",\"klik\")", "Kaur \"Umum\", Bagian\nSatu"])
            self.assertEqual(rows[2][2:], ["'+6281234567", "'@SUM(A1:A9)"])
            self.assertEqual(rows[3][2:], ["'-2+3", "Kasi Uji"])
            self.assertIn('"Kaur ""Umum"", Bagian\nSatu"', body, "RFC 4180: quoted, quotes doubled")
            self.assertIn(f"perangkat-{BLUMAH_KODE}.csv", hdrs["content-disposition"])
            self.assertEqual(self.call(path + "?format=csv", client)[2], body)
            # The profile as one CSV row: text neutralised, numbers (a negative latitude) as they are.
            rows, _, _ = self.get_csv(f"/api/v1/desa/{BLUMAH_KODE}.csv", client)
            self.assertEqual(len(rows), 2)
            profile = dict(zip(rows[0], rows[1]))
            self.assertEqual(profile["slogan"], "'=1+1 desa uji")
            self.assertEqual(profile["kode"], BLUMAH_KODE)
            self.assertTrue(profile["latitude"].startswith("-"), profile["latitude"])
            self.assertLess(float(profile["latitude"]), 0)
        finally:
            self.db.sql(f"DELETE FROM perangkat WHERE desa_id = {BLUMAH} AND urutan < 0")
            self.db.sql(f"UPDATE site_settings SET tagline = {sql_text(tagline)} WHERE desa_id = {BLUMAH}")
            self.notify(BLUMAH)
        self.assertIsNotNone(wait_for(lambda: "evil.example" not in self.call(path, client)[2], 2.0, 0.1))

    def test_strong_etags_answer_304_and_change_with_the_data(self):
        client = "198.51.100.4"
        for path in ["/api/v1/desa", "/api/v1/desa.csv", f"/api/v1/desa/{BLUMAH_KODE}", f"/api/v1/desa/{BLUMAH_KODE}/perangkat",
                     f"/api/v1/desa/{BLUMAH_KODE}/berita.csv"]:
            status, hdrs, body = self.call(path, client)
            self.assertEqual(status, 200, path)
            etag = hdrs["etag"]
            self.assertRegex(etag, r'^"[0-9a-f]{32}"$', "strong, no W/")
            self.assertEqual(etag, '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"', "a hash of the body")
            self.assertEqual(hdrs["cache-control"], "public, max-age=300")
            self.assertEqual(hdrs["access-control-allow-origin"], "*")
            for inm in (etag, f"W/{etag}", f'"0000", {etag}', "*"):
                status, hdrs2, body2 = self.call(path, client, headers={"If-None-Match": inm})
                self.assertEqual((status, body2), (304, ""), f"{path} If-None-Match: {inm}")
                self.assertEqual(hdrs2["etag"], etag)
            self.assertEqual(self.call(path, client, headers={"If-None-Match": '"0123456789abcdef0123456789abcdef"'})[0], 200)
        # A change made in the admin (here straight in the database, then notified) changes the ETag.
        path = f"/api/v1/desa/{BLUMAH_KODE}/perangkat"
        etag = self.call(path, client)[1]["etag"]
        first_id = self.db.sql(f"SELECT id FROM perangkat WHERE desa_id = {BLUMAH} ORDER BY urutan, id LIMIT 1")[0][0]
        self.db.sql(f"UPDATE perangkat SET jabatan = jabatan || ' (Plt.)' WHERE desa_id = {BLUMAH} AND id = {first_id}")
        self.notify(BLUMAH)
        try:
            self.assertIsNotNone(wait_for(lambda: self.call(path, client, headers={"If-None-Match": etag})[0] == 200, 2.0, 0.1))
            self.assertNotEqual(self.call(path, client)[1]["etag"], etag)
        finally:
            self.db.sql(f"UPDATE perangkat SET jabatan = left(jabatan, length(jabatan) - 7) WHERE desa_id = {BLUMAH} AND id = {first_id}")
            self.notify(BLUMAH)
        self.assertIsNotNone(wait_for(lambda: self.call(path, client)[1]["etag"] == etag, 2.0, 0.1))

    def test_head_and_the_cors_preflight(self):
        client = "198.51.100.5"
        _, hdrs, _ = self.call("/api/v1/desa", client)
        status, head, body = self.call("/api/v1/desa", client, method="HEAD")
        self.assertEqual((status, body), (200, ""))
        self.assertEqual(head["etag"], hdrs["etag"])
        self.assertEqual(head["content-type"], "application/json; charset=utf-8")
        status, hdrs, _ = self.call(f"/api/v1/desa/{BLUMAH_KODE}/perangkat", client, method="OPTIONS",
                                    headers={"Origin": "https://data.example.go.id", "Access-Control-Request-Method": "GET"})
        self.assertEqual(status, 204)
        self.assertIn("GET", hdrs["access-control-allow-methods"])
        self.assertIn("ETag", hdrs["access-control-expose-headers"])

    def test_errors_are_json_in_bahasa_indonesia(self):
        client = "198.51.100.6"
        bad = ["/api/v1/desa/33.24.01.20", "/api/v1/desa/abc/perangkat", "/api/v1/desa/33.24.01.0001", "/api/v1/desa/33-24-01-2001.csv",
               "/api/v1/desa?halaman=0", "/api/v1/desa?halaman=x", "/api/v1/desa?per_halaman=501", "/api/v1/desa?per_halaman=0",
               "/api/v1/desa?kecamatan=33.24", "/api/v1/desa?kecamatan=%3Dcmd", "/api/v1/desa?format=xml", "/api/v1/desa.csv?format=json",
               f"/api/v1/desa/{BLUMAH_KODE}/berita?halaman=-1", f"/api/v1/desa/{BLUMAH_KODE}/berita?per_halaman=9999",
               f"/api/v1/desa/{BLUMAH_KODE}/apbdes?tahun=20x5", f"/api/v1/desa/{BLUMAH_KODE}/perangkat.json?format=csv"]
        missing = ["/api/v1/desa/33.24.01.2999", "/api/v1/desa/33.24.01.2999/perangkat.csv", "/api/v1/desa?kecamatan=33.24.99",
                   f"/api/v1/desa/{BLUMAH_KODE}/rahasia", f"/api/v1/desa/{BLUMAH_KODE}/layanan", f"/api/v1/desa/{BLUMAH_KODE}/komentar",
                   f"/api/v1/desa/{BLUMAH_KODE}/akun", f"/api/v1/desa/{BLUMAH_KODE}/audit", f"/api/v1/desa/{BLUMAH_KODE}/profil",
                   "/api/v1/tidak-ada", "/api/v1/", "/api/v1/desa/", f"/api/v1/desa/{BLUMAH_KODE}/", "/api/v1/DESA",
                   f"/api/v1/desa/{BLUMAH_KODE}/perangkat/1"]
        for expect, paths in ((400, bad), (404, missing)):
            for path in paths:
                status, hdrs, body = self.call(path, client)
                self.assertEqual(status, expect, path)
                self.assertEqual(hdrs["content-type"], "application/json; charset=utf-8", path)
                self.assertEqual(hdrs["cache-control"], "no-store", path)
                self.assertTrue(json.loads(body)["galat"], path)
        self.assertIn("33.24.01.2999 tidak ditemukan", self.call("/api/v1/desa/33.24.01.2999", client)[2])
        self.assertIn("Kode desa tidak valid", self.call("/api/v1/desa/33.24.01.20", client)[2])
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            status, hdrs, body = self.call(f"/api/v1/desa/{BLUMAH_KODE}/perangkat", client, method=method)
            self.assertEqual(status, 405, method)
            self.assertEqual(hdrs["allow"], "GET, HEAD, OPTIONS")
            self.assertIn("Metode tidak didukung", json.loads(body)["galat"])

    def test_no_personal_data_ever_reaches_the_api(self):
        client = "198.51.100.7"
        # A citizen's complaint through the public form, exactly as a visitor sends it.
        _, _, page = self.server.get("blumah.localhost", "/layanan")
        form = page[page.index('action="/layanan/pengaduan"'):]
        form = form[:form.index("</form>")]
        a, b = map(int, re.search(r"Berapa (\d+) \+ (\d+)\?", form).groups())
        token = re.search(r'name="tantangan" value="([^"]+)"', form).group(1)
        fields = {"nama": "Sulastri Pengadu Rahasia", "kontak": "081298765001",
                  "isi": "Saluran di depan rumah saya nomor 17 mampet oleh plastik kresek.", "website": "", "jawaban": str(a + b), "tantangan": token}
        status, body = self.post_form("blumah.localhost", "/layanan/pengaduan", fields, "198.51.100.70")
        self.assertEqual(status, 200, body[:300])
        code = re.search(r"Kode lacak Anda: ([A-Z0-9]{10})", body).group(1)
        hashes = [r[0] for r in self.db.sql(f"SELECT client_hash FROM layanan WHERE desa_id = {BLUMAH} AND kode_lacak = '{code}'")]
        self.assertTrue(hashes)
        # An approved comment, an account of the village, and posts the site does not show.
        post_id = self.db.sql(f"SELECT id FROM posts WHERE desa_id = {BLUMAH} AND status = 'published' AND published_at <= now() LIMIT 1")[0][0]
        self.db.sql(f"INSERT INTO comments (desa_id, post_id, nama, isi, status, client_hash) VALUES ({BLUMAH}, {post_id},"
                    " 'Komentator Rahasia', 'Komentar berisi nomor 0812-7777-0001', 'approved', 'hashkomentarrahasia')")
        self.db.cli("user", "add", "--username", "operator.rahasia", "--role", "editor", "--desa", "blumah",
                    "--nama", "Operator Rahasia Uji", "--email", "operator.rahasia@example.org")
        hidden = [("draft", "now()"), ("pending", "now()"), ("held", "now()"), ("trash", "now()"),
                  ("scheduled", "now() + interval '2 days'"), ("published", "now() + interval '2 days'")]
        values = ", ".join(f"({BLUMAH}, 'rahasia-{i}', 'Judul Tidak Terbit {status} {i}', 'Ringkasan tidak terbit', '{status}', {when})"
                           for i, (status, when) in enumerate(hidden))
        self.db.sql("INSERT INTO posts (desa_id, slug, title, excerpt, status, published_at) VALUES " + values +
                    f", ({BLUMAH}, 'terbit-uji-opendata', 'Berita Terbit Uji Data Terbuka', '', 'published', now())")
        self.notify(BLUMAH)
        path = f"/api/v1/desa/{BLUMAH_KODE}/berita?per_halaman=500"
        # The one published post shows up, so nothing below is answered from before the change.
        self.assertIsNotNone(wait_for(lambda: "Berita Terbit Uji Data Terbuka" in self.call(path, client)[2], 2.0, 0.1))
        bodies = [self.call("/api/v1/desa?per_halaman=500", client)[2], self.call("/api/v1/desa.csv?per_halaman=500", client)[2]]
        for ext in ("", ".csv"):
            bodies.append(self.call(f"/api/v1/desa/{BLUMAH_KODE}{ext}", client)[2])
            for name in DATASETS:
                bodies.append(self.call(f"/api/v1/desa/{BLUMAH_KODE}/{name}{ext}?per_halaman=500" if name == "berita"
                                        else f"/api/v1/desa/{BLUMAH_KODE}/{name}{ext}", client)[2])
        everything = "\n".join(bodies)
        secrets = ["Sulastri Pengadu Rahasia", "081298765001", "mampet oleh plastik kresek", code, *hashes,
                   "Komentator Rahasia", "0812-7777-0001", "hashkomentarrahasia",
                   "operator.rahasia", "Operator Rahasia Uji", "operator.rahasia@example.org",
                   "Judul Tidak Terbit", "Ringkasan tidak terbit", "rahasia-"]
        for secret in secrets:
            self.assertNotIn(secret, everything)
        self.assertIn("Berita Terbit Uji Data Terbuka", everything)

    def post_form(self, host, path, fields, client):
        body = urllib.parse.urlencode(fields)
        c = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            c.putrequest("POST", path, skip_host=True)
            c.putheader("Host", self.server.host(host))
            for k, v in {"Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": client,
                         "Content-Length": str(len(body))}.items():
                c.putheader(k, v)
            c.endheaders(body.encode())
            r = c.getresponse()
            return r.status, r.read().decode()
        finally:
            c.close()

    def test_suspended_villages_are_left_out_and_archived_ones_stay_readable(self):
        client = "198.51.100.8"
        (kode_a, slug_a, kec_a), (kode_b, slug_b, _) = self.db.sql(
            f"SELECT d.kode, d.slug, k.kode FROM desa d JOIN kecamatan k ON k.id = d.kecamatan_id"
            f" WHERE d.id NOT IN ({BLUMAH}, {MEDONO}) ORDER BY d.kode OFFSET 20 LIMIT 2")

        def listing():
            return {d["kode"]: d for d in self.get_json("/api/v1/desa?per_halaman=500", client)["data"]}

        self.db.cli("desa", "suspend", slug_a)
        self.db.cli("desa", "archive", slug_b)
        try:
            self.assertIsNotNone(wait_for(lambda: kode_a not in listing() and listing().get(kode_b, {}).get("status") == "arsip", 3.0, 0.2))
            rows = listing()
            self.assertEqual(len(rows), len(self.listed()))
            for path in (f"/api/v1/desa/{kode_a}", f"/api/v1/desa/{kode_a}/perangkat", f"/api/v1/desa/{kode_a}/berita.csv"):
                status, _, body = self.call(path, client)
                self.assertEqual(status, 404, path)
                self.assertIn("sedang tidak tersedia", json.loads(body)["galat"])
            kec = self.get_json(f"/api/v1/desa?kecamatan={kec_a}&per_halaman=500", client)
            self.assertNotIn(kode_a, [d["kode"] for d in kec["data"]])
            # Archived: listed and readable, without a site address.
            self.assertIsNone(rows[kode_b]["url"])
            profil = self.get_json(f"/api/v1/desa/{kode_b}", client)["data"]
            self.assertEqual((profil["status"], profil["url"]), ("arsip", None))
            berita = self.get_json(f"/api/v1/desa/{kode_b}/berita", client)
            self.assertTrue(berita["data"])
            self.assertTrue(all(b["url"] is None for b in berita["data"]))
            self.assertTrue(self.get_json(f"/api/v1/desa/{kode_b}/perangkat", client)["data"])
        finally:
            self.db.cli("desa", "resume", slug_a)
            self.db.cli("desa", "resume", slug_b)
        self.assertIsNotNone(wait_for(lambda: all(listing().get(k, {}).get("status") == "aktif" for k in (kode_a, kode_b)), 3.0, 0.2))

    def test_too_many_requests_from_one_address_get_429(self):
        client = "198.51.100.9"
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            # A fixed one-minute window: 300 pass, the next is refused (a window boundary
            # during the run only lets a few more through first).
            answered = 0
            for _ in range(700):
                status, hdrs, body = self.call("/api/v1/desa?per_halaman=1", client, conn=conn)
                if status == 429:
                    break
                self.assertEqual(status, 200)
                answered += 1
        finally:
            conn.close()
        self.assertEqual(status, 429, "never limited")
        self.assertGreaterEqual(answered, 300)
        self.assertIn("Terlalu banyak permintaan", json.loads(body)["galat"])
        self.assertTrue(1 <= int(hdrs["retry-after"]) <= 60)
        self.assertEqual(hdrs["cache-control"], "no-store")
        self.assertEqual(self.call("/api/v1/desa?per_halaman=1", "198.51.100.10")[0], 200, "another address is not affected")
        self.assertEqual(self.server.get("blumah.localhost", "/", headers={"X-Forwarded-For": client})[0], 200,
                         "the village sites are not limited by the API's count")

    def test_the_bulk_export_is_one_tar_of_the_same_rows_as_the_api(self):
        client = "198.51.100.11"
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "data-terbuka.tar")
            res = self.db.cli("opendata", "export", "--out", out, "--kecamatan", "33.24.01", "--base-domain", "localhost",
                              "--public-scheme", "http", "--public-port", str(self.server.port))
            self.assertIn("wrote", res.stdout)
            self.assertFalse(os.path.exists(out + ".part"))
            with tarfile.open(out) as tar:
                files = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
            # A malformed or unknown kecamatan: an error, and no archive.
            for kec, reason in (("33.24", "tidak valid"), ("33.24.99", "tidak ditemukan")):
                bad = os.path.join(tmp, f"gagal-{kec}.tar")
                res = self.db.cli("opendata", "export", "--out", bad, "--kecamatan", kec, check=False)
                self.assertNotEqual(res.returncode, 0)
                self.assertIn(reason, res.stderr)
                self.assertFalse(os.path.exists(bad) or os.path.exists(bad + ".part"))

        names = ["desa", "profil", *DATASETS]
        self.assertEqual(set(files), {"README.txt", "manifest.json", *(f"{n}.{ext}" for n in names for ext in ("csv", "json"))})
        manifest = json.loads(files["manifest.json"])
        listed = self.get_json("/api/v1/desa?kecamatan=33.24.01&per_halaman=500", client)
        self.assertEqual(manifest["jumlah_desa"], listed["total"])
        self.assertEqual(manifest["kecamatan"]["kode"], "33.24.01")
        self.assertEqual(manifest["kabupaten"]["kode"], "33.24")
        self.assertEqual(manifest["sumber"], f"http://localhost:{self.server.port}/api/v1/")
        self.assertRegex(manifest["dibuat"], r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
        self.assertIn("cahyadsn/wilayah", manifest["atribusi_kode_wilayah"])
        self.assertIn("Kepmendagri", manifest["atribusi_kode_wilayah"])
        readme = files["README.txt"].decode()
        self.assertIn("cahyadsn/wilayah", readme)
        self.assertIn(manifest["dibuat"], readme)
        for entry in manifest["berkas"]:
            data = files[entry["nama"]]
            self.assertEqual(entry["sha256"], hashlib.sha256(data).hexdigest(), entry["nama"])
            self.assertEqual(entry["ukuran"], len(data))
            rows = json.loads(data) if entry["format"] == "json" else list(csv.reader(io.StringIO(data.decode(), newline="")))[1:]
            self.assertEqual(entry["baris"], len(rows), entry["nama"])
            self.assertEqual(manifest["jumlah_baris"][entry["dataset"]], len(rows))

        # The same rows as the API: one row builder for both.
        self.assertEqual(json.loads(files["desa.json"]), listed["data"])
        self.assertEqual(list(csv.reader(io.StringIO(files["desa.csv"].decode(), newline="")))[0], DESA_COLUMNS)
        profil = [p for p in json.loads(files["profil.json"]) if p["kode"] == BLUMAH_KODE]
        self.assertEqual(len(profil), 1)
        self.assertIsNotNone(wait_for(lambda: self.get_json(f"/api/v1/desa/{BLUMAH_KODE}", client)["data"] == profil[0], 2.0, 0.2))
        for name in DATASETS:
            exported = json.loads(files[f"{name}.json"])
            self.assertTrue(all(r["kode_desa"].startswith("33.24.01.") for r in exported), name)
            header = list(csv.reader(io.StringIO(files[f"{name}.csv"].decode(), newline="")))[0]
            self.assertEqual(header[0], "kode_desa", name)
            path = f"/api/v1/desa/{BLUMAH_KODE}/{name}" + ("?per_halaman=500" if name == "berita" else "")
            mine = [r for r in exported if r["kode_desa"] == BLUMAH_KODE]
            self.assertIsNotNone(wait_for(lambda: self.get_json(path, client)["data"] == mine, 2.0, 0.2), name)
        csv_rows = list(csv.DictReader(io.StringIO(files["perangkat.csv"].decode(), newline="")))
        self.assertEqual([(r["kode_desa"], r["nama"]) for r in csv_rows],
                         [(r["kode_desa"], r["nama"]) for r in json.loads(files["perangkat.json"])])
        everything = b"\n".join(files.values()).decode()
        self.assertNotIn("Medono", everything, "another kecamatan's village")


def sql_text(s):
    """A PostgreSQL escape-string literal."""
    return "E'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


if __name__ == "__main__":
    unittest.main()

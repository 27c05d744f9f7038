"""Every other kind of village content edited through the admin API reaches
the village's public pages at once, is checked field by field in Bahasa
Indonesia, and stays within its village."""
import json
import unittest

from harness import Database, Server
from test_admin import BLUMAH, MEDONO, Client, make_accounts


class VillageData(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = Database()
        cls.server = Server(cls.db)
        cls.passwords = make_accounts(cls.db, cls.server, [("admin.blumah", "admin_desa", "blumah"), ("kontri.blumah", "kontributor", "blumah"),
                                                           ("admin.medono", "admin_desa", "medono")])

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.db.drop()

    def signed_in(self, user):
        c = Client(self.server)
        self.assertEqual(c.login(user, self.passwords[user])[0], 200)
        return c

    def page(self, path, slug="blumah"):
        return self.server.get(f"{slug}.localhost", path)[2]

    def test_schema_lists_every_kind_with_labelled_fields(self):
        c = self.signed_in("admin.blumah")
        status, kinds = c.call("GET", "/api/data")
        self.assertEqual(status, 200)
        names = {k["jenis"] for k in kinds}
        self.assertTrue({"perangkat", "lembaga", "sekolah", "produk", "statistik", "apbdes", "kontak", "geografi", "menu", "album", "foto"} <= names)
        for k in kinds:
            for f in k["kolom"]:
                self.assertTrue(f["label"], f"{k['jenis']}.{f['nama']} has a label")
        menu = next(k for k in kinds if k["jenis"] == "menu")
        induk = next(f for f in menu["kolom"] if f["nama"] == "induk")
        self.assertIn("Profil", [p["label"] for p in induk["pilihan"]], "every village starts with the default menu")

    def test_an_official_added_in_the_admin_is_on_the_public_page(self):
        c = self.signed_in("admin.blumah")
        self.page("/perangkat")
        status, body = c.call("POST", "/api/data/perangkat", {"nama": "", "jabatan": "Kaur Keuangan"})
        self.assertEqual(status, 422)
        self.assertEqual(body["kolom"]["nama"], "Nama wajib diisi.")
        status, row = c.call("POST", "/api/data/perangkat", {"nama": "Wulan Sari Dewi", "jabatan": "Kaur Keuangan", "urutan": 5})
        self.assertEqual(status, 201, row)
        self.assertIn("Wulan Sari Dewi", self.page("/perangkat"))
        self.assertNotIn("Wulan Sari Dewi", self.page("/perangkat", "medono"))
        status, row = c.call("PUT", f"/api/data/perangkat/{row['id']}", {**row, "jabatan": "Sekretaris Desa"})
        self.assertEqual(status, 200)
        self.assertIn("Sekretaris Desa", self.page("/perangkat"))
        self.assertEqual(c.call("DELETE", f"/api/data/perangkat/{row['id']}")[0], 204)
        self.assertNotIn("Wulan Sari Dewi", self.page("/perangkat"))
        actions = [r[0] for r in self.db.sql(f"SELECT action FROM audit_log WHERE desa_id = {BLUMAH} AND object = 'perangkat' ORDER BY id")]
        self.assertEqual(actions[-3:], ["perangkat.buat", "perangkat.ubah", "perangkat.hapus"])

    def test_fields_are_checked_with_indonesian_messages(self):
        c = self.signed_in("admin.blumah")
        status, body = c.call("POST", "/api/data/produk", {"jenis": "senjata", "nama": "Keripik", "harga": "1.500", "whatsapp": "0812"})
        self.assertEqual(status, 422)
        self.assertEqual(body["kolom"]["jenis"], "Pilihan tidak dikenal.")
        self.assertIn("angka saja", body["kolom"]["harga"])
        self.assertIn("diawali 62", body["kolom"]["whatsapp"])
        status, body = c.call("PUT", "/api/data/kontak/0", {"email": "bukan email", "facebook": "javascript:alert(1)"})
        self.assertEqual(status, 422)
        self.assertIn("email", body["kolom"]["email"].lower())
        self.assertIn("https", body["kolom"]["facebook"])
        status, body = c.call("POST", "/api/data/foto", {"album": 999999999, "gambar": "0" * 32})
        self.assertEqual(status, 422)
        self.assertEqual(body["kolom"]["album"], "Pilihan tidak ditemukan.")
        self.assertIn("unggah ulang", body["kolom"]["gambar"])

    def test_budget_and_contact_changes_show_on_the_public_pages(self):
        c = self.signed_in("admin.blumah")
        status, row = c.call("POST", "/api/data/apbdes", {"tahun": 2026, "jenis": "belanja", "uraian": "Pembangunan Embung Desa",
                                                         "anggaran": 250000000, "realisasi": 125000000})
        self.assertEqual(status, 201, row)
        page = self.page("/apbdes")
        self.assertIn("Pembangunan Embung Desa", page)
        status, _ = c.call("POST", "/api/data/apbdes", {"tahun": 2026, "jenis": "belanja", "uraian": "Pembangunan Embung Desa",
                                                       "anggaran": 1, "realisasi": 1})
        self.assertEqual(status, 409)
        status, kontak = c.call("GET", "/api/data/kontak")
        item = kontak["item"][0]
        self.assertEqual(item["id"], 0)
        status, saved = c.call("PUT", "/api/data/kontak/0", {**item, "telepon": "(0294) 381234", "jam_kerja": "Senin–Kamis 08.00–14.00"})
        self.assertEqual(status, 200, saved)
        self.assertIn("Senin–Kamis 08.00–14.00", self.page("/kontak"))

    def test_menu_items_drive_the_site_navigation(self):
        c = self.signed_in("admin.blumah")
        status, row = c.call("POST", "/api/data/menu", {"label": "Wisata Curug", "target": "https://curug.example.id/", "urutan": 95})
        self.assertEqual(status, 201, row)
        self.assertIn("Wisata Curug", self.page("/"))
        status, body = c.call("POST", "/api/data/menu", {"label": "Jahat", "target": "javascript:alert(1)"})
        self.assertEqual(status, 422)

    def test_profile_pages_are_edited_with_versions(self):
        c = self.signed_in("admin.blumah")
        status, pages = c.call("GET", "/api/halaman")
        sejarah = next(p for p in pages if p["slot"] == "sejarah")
        status, page = c.call("GET", f"/api/halaman/{sejarah['id']}")
        doc = {"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Desa ini berdiri di tepi Kali Lutut."}]}]}
        status, saved = c.call("PUT", f"/api/halaman/{page['id']}", {"judul": page["judul"], "isi": doc, "status": "published", "versi": page["versi"]})
        self.assertEqual(status, 200, saved)
        self.assertIn("Desa ini berdiri di tepi Kali Lutut.", self.page("/profil/sejarah"))
        self.assertEqual(c.call("PUT", f"/api/halaman/{page['id']}", {"judul": "x", "isi": doc, "versi": page["versi"]})[0], 409)
        self.assertEqual(c.call("DELETE", f"/api/halaman/{page['id']}")[0], 422, "fixed profile pages cannot be deleted")
        k = self.signed_in("kontri.blumah")
        self.assertEqual(k.call("PUT", f"/api/halaman/{page['id']}", {"judul": "x", "isi": doc, "versi": saved["versi"]})[0], 403)

    def test_documents_are_checked_by_content_and_served_as_uploaded(self):
        c = self.signed_in("admin.blumah")
        status, body = c.call("POST", "/api/dokumen?kategori=produk_hukum&judul=Perdes%20Palsu&nama_file=palsu.pdf",
                              raw=b"<html><script>alert(1)</script>", content_type="application/pdf")
        self.assertEqual(status, 422)
        self.assertIn("tidak sesuai", body["kolom"]["berkas"])
        pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
        status, doc = c.call("POST", "/api/dokumen?kategori=produk_hukum&judul=Perdes%20Pungutan%20Desa&nomor=No.%203&tahun=2026&nama_file=perdes%203%20(final).pdf",
                             raw=pdf, content_type="application/pdf")
        self.assertEqual(status, 201, doc)
        self.assertRegex(doc["file_name"], r"^[A-Za-z0-9._-]+\.pdf$")
        self.assertIn("Perdes Pungutan Desa", self.page("/dokumen"))
        path = doc["url"].split(str(self.server.port), 1)[1]
        status, headers, _ = self.server.get("blumah.localhost", path)
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "application/pdf")
        self.assertEqual(headers["x-content-type-options"], "nosniff")
        self.assertEqual(self.server.get("medono.localhost", path)[0], 404)

    def test_another_villages_rows_are_not_found_and_contributors_cannot_edit(self):
        medono_official = self.db.sql(f"SELECT id FROM perangkat WHERE desa_id = {MEDONO} LIMIT 1")[0][0]
        c = self.signed_in("admin.blumah")
        self.assertEqual(c.call("PUT", f"/api/data/perangkat/{medono_official}", {"nama": "Diambil", "jabatan": "Alih"})[0], 404)
        self.assertEqual(c.call("DELETE", f"/api/data/perangkat/{medono_official}")[0], 404)
        status, rows = c.call("GET", "/api/data/perangkat")
        self.assertNotIn(int(medono_official), [r["id"] for r in rows["item"]])
        k = self.signed_in("kontri.blumah")
        self.assertEqual(k.call("POST", "/api/data/perangkat", {"nama": "A", "jabatan": "B"})[0], 403)

    def test_bumdes_lists_are_edited_one_line_per_entry(self):
        c = self.signed_in("admin.blumah")
        status, body = c.call("POST", "/api/data/bumdes", {"nama": "BUMDes Uji", "produk": "Sewa tenda — tiga ratus ribu"})
        self.assertEqual(status, 422)
        self.assertIn("angka", body["kolom"]["produk"])
        status, row = c.call("POST", "/api/data/bumdes", {
            "nama": "BUMDes Tirta Lestari", "tahun_berdiri": 2019,
            "unit_usaha": "Unit Air Bersih — layanan 400 rumah\nUnit Wisata Curug — tiket dan parkir",
            "pengurus": "Hadi Santoso — Direktur\nRina Astuti — Bendahara", "produk": "Air bersih per m3 — 3000\nSewa tenda - 350.000"})
        self.assertEqual(status, 201, row)
        self.assertEqual(row["produk"], "Air bersih per m3 — 3000\nSewa tenda — 350000")
        stored = self.db.sql(f"SELECT produk::text FROM bumdes WHERE id = {row['id']}")[0][0]
        self.assertEqual(json.loads(stored), [{"nama": "Air bersih per m3", "harga": 3000}, {"nama": "Sewa tenda", "harga": 350000}])
        page = self.page("/bumdes")
        for text in ("BUMDes Tirta Lestari", "Unit Wisata Curug", "Rina Astuti"):
            self.assertIn(text, page)

    def test_exempted_information_is_listed_but_not_downloadable(self):
        c = self.signed_in("admin.blumah")
        pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
        status, doc = c.call("POST", "/api/dokumen?kategori=dikecualikan&judul=Data%20Rekening%20Penerima%20Bantuan&nama_file=rekening.pdf",
                             raw=pdf, content_type="Application/PDF")
        self.assertEqual(status, 201, doc)
        page = self.page("/dokumen")
        self.assertIn("Data Rekening Penerima Bantuan", page)
        self.assertNotIn(doc["url"].split(str(self.server.port), 1)[1], page)
        self.assertEqual(self.server.get("blumah.localhost", doc["url"].split(str(self.server.port), 1)[1])[0], 404)

    def test_ids_in_paths_are_whole_numbers(self):
        c = self.signed_in("admin.blumah")
        self.assertEqual(c.call("PUT", "/api/data/kontak/abc", {"alamat": "x"})[0], 404)
        self.assertEqual(c.call("GET", "/api/halaman/5abc")[0], 404)
        self.assertEqual(c.call("DELETE", "/api/halaman/999999999")[0], 404)

    def test_first_steps_checklist_and_activity_log(self):
        c = self.signed_in("admin.blumah")
        status, summary = c.call("GET", "/api/ringkasan")
        steps = {s["kunci"]: s for s in summary["langkah_awal"]}
        self.assertEqual(set(steps), {"profil", "sejarah", "logo", "perangkat", "berita"})
        self.assertTrue(steps["perangkat"]["selesai"], "the demo village has officials")
        self.assertFalse(steps["profil"]["selesai"], "the default slogan is not yet the village's own")
        self.assertTrue(all(s["tautan"].startswith("#/") for s in steps.values()))
        status, settings = c.call("GET", "/api/pengaturan")
        status, _ = c.call("PUT", "/api/pengaturan", {"tagline": "Desa agraris di lereng Prau", "tema": settings["tema"], "warna": settings["warna"],
                                                     "hero": settings["hero"]["key"] if settings["hero"] else None,
                                                     "logo": settings["logo"]["key"] if settings["logo"] else None})
        self.assertEqual(status, 200)
        status, summary = c.call("GET", "/api/ringkasan")
        self.assertTrue({s["kunci"]: s for s in summary["langkah_awal"]}["profil"]["selesai"])
        self.assertIn("komentar_baru", summary)
        status, log = c.call("GET", "/api/audit")
        self.assertEqual(status, 200)
        latest = log["item"][0]
        self.assertEqual((latest["oleh"], latest["aksi"]), ("admin.blumah", "pengaturan.ubah"))
        self.assertRegex(latest["asal"], r"^perangkat [0-9a-f]{6}$", "from where: a device label, never the address")
        self.assertNotIn("127.0.0.1", json.dumps(log))
        k = self.signed_in("kontri.blumah")
        self.assertEqual(k.call("GET", "/api/audit")[0], 403)

    def test_another_admins_recovery_email_is_not_theirs_to_change(self):
        self.db.cli("user", "add", "--username", "admin3.blumah", "--role", "admin_desa", "--desa", "blumah", "--email", "kades@blumah.example")
        other = self.db.sql("SELECT id FROM accounts WHERE username = 'admin3.blumah'")[0][0]
        c = self.signed_in("admin.blumah")
        status, body = c.call("PUT", f"/api/pengguna/{other}", {"nama": "Admin Tiga", "peran": "admin_desa", "nonaktif": False,
                                                               "email": "penyerang@example.com"})
        self.assertEqual(status, 403)
        self.assertEqual(self.db.sql(f"SELECT email FROM accounts WHERE id = {other}")[0][0], "kades@blumah.example")
        self.assertEqual(c.call("PUT", "/api/akun", {})[0], 422, "an empty body does not erase the address")


class StorageQuota(unittest.TestCase):
    def test_a_full_village_is_told_so_and_nothing_is_stored(self):
        db = Database()
        server = Server(db, "--storage-quota-mb", "1")
        try:
            passwords = make_accounts(db, server, [("admin.blumah", "admin_desa", "blumah")])
            c = Client(server)
            c.login("admin.blumah", passwords["admin.blumah"])
            before = db.sql(f"SELECT count(*) FROM media WHERE desa_id = {BLUMAH}")[0][0]
            status, body = c.call("POST", "/api/media", raw=b"\xff\xd8\xff" + b"x" * 1_200_000, content_type="image/jpeg")
            self.assertEqual(status, 413)
            self.assertIn("Ruang penyimpanan desa penuh", body["galat"])
            status, body = c.call("POST", "/api/dokumen?kategori=berkala&judul=Laporan&nama_file=laporan.pdf", raw=b"%PDF-1.4\n" + b"x" * 1_200_000,
                                  content_type="application/pdf")
            self.assertEqual(status, 413)
            self.assertEqual(db.sql(f"SELECT count(*) FROM media WHERE desa_id = {BLUMAH}")[0][0], before)
        finally:
            server.stop()
            db.drop()


if __name__ == "__main__":
    unittest.main()

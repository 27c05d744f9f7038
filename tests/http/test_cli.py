"""The administrative CLI: clear errors, non-zero exits, nothing half-applied."""
import os
import tempfile
import unittest

from harness import DATA, Database


class Cli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = Database()

    @classmethod
    def tearDownClass(cls):
        cls.db.drop()

    def state(self):
        return self.db.sql("SELECT count(*), md5(string_agg(id || slug || nama || status, ',' ORDER BY id)) FROM desa")

    def test_import_is_idempotent(self):
        before = self.state()
        res = self.db.cli("desa", "import", "--kode", "33.24", os.path.join(DATA, "kode-wilayah.csv"))
        self.assertIn("0 new villages", res.stdout)
        self.assertIn("286 unchanged", res.stdout)
        self.assertEqual(self.state(), before)

    def test_a_newer_national_file_is_shown_then_applied_keeping_ids(self):
        with open(os.path.join(DATA, "kendal.csv")) as f:
            rows = f.read()
        # A decree renames Kediten, renumbers Tlogopayung and creates a village by pemekaran.
        rows = rows.replace("33.24.01.2002,Kediten,", "33.24.01.2002,Kediten Baru,")
        rows = rows.replace("33.24.01.2003,Tlogopayung,", "33.24.01.2050,TLOGOPAYUNG,")
        rows = rows.rstrip("\n") + "\n33.24.01.2097,Sidomakmur,desa_kelurahan\n"
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write(rows)
        before = self.state()
        try:
            res = self.db.cli("desa", "import", "--kode", "33.24", f.name, check=False)
            self.assertEqual(res.returncode, 3, res.stdout + res.stderr)
            self.assertIn("renumbered: Tlogopayung 33.24.01.2003 -> 33.24.01.2050 (id 3324012003 stays)", res.stdout)
            self.assertIn("renamed:    33.24.01.2002 Kediten -> Kediten Baru", res.stdout)
            self.assertIn("1 village(s) not registered yet", res.stdout)
            self.assertEqual(self.state(), before)  # nothing changed without --yes
            res = self.db.cli("desa", "import", "--kode", "33.24", f.name, "--yes")
            self.assertIn("1 village(s) renumbered", res.stdout)
            self.assertEqual(self.db.sql("SELECT kode, nama, slug FROM desa WHERE id = 3324012003"), [["33.24.01.2050", "TLOGOPAYUNG", "tlogopayung"]])
            self.assertEqual(self.db.sql("SELECT nama FROM desa WHERE id = 3324012002"), [["Kediten Baru"]])
            self.assertEqual(self.db.sql("SELECT count(*) FROM desa WHERE kode = '33.24.01.2097'"), [["1"]])
            self.assertNotEqual(self.db.sql("SELECT count(*) FROM posts WHERE desa_id = 3324012003"), [["0"]])  # content stays with the id
        finally:
            os.unlink(f.name)
            # Back to the official names and codes for the other tests (the new village stays).
            self.db.cli("desa", "import", "--kode", "33.24", os.path.join(DATA, "kendal.csv"), "--yes")

    def test_a_bad_line_aborts_the_whole_import_with_its_line_number(self):
        before = self.state()
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write("kode,nama,tingkat\n33.24,Kabupaten Kendal,kabupaten_kota\n33.24.01,Plantungan,kecamatan\n"
                    "33.24.01.2098,Desa Baru Satu,desa_kelurahan\n33.24.01.2X99,Desa Rusak,desa_kelurahan\n")
        try:
            res = self.db.cli("desa", "import", "--kode", "33.24", f.name, check=False)
        finally:
            os.unlink(f.name)
        self.assertEqual(res.returncode, 1)
        self.assertIn(":5:", res.stderr)
        self.assertIn("33.24.01.2X99", res.stderr)
        self.assertIn("nothing was imported", res.stderr)
        self.assertEqual(self.state(), before)

    def test_import_of_a_kecamatan_prefix_and_unknown_prefix(self):
        res = self.db.cli("desa", "import", "--kode", "33.24.01", os.path.join(DATA, "kendal.csv"))
        self.assertIn("1 kecamatan", res.stdout)
        res = self.db.cli("desa", "import", "--kode", "99.99", os.path.join(DATA, "kendal.csv"), check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("no village found under kode 99.99", res.stderr)
        res = self.db.cli("desa", "import", "--kode", "33.24", "/nonexistent.csv", check=False)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("cannot open", res.stderr)

    def test_desa_commands(self):
        res = self.db.cli("desa", "show", "33.24.01.2001")
        self.assertIn("slug:       blumah", res.stdout)
        self.assertIn("id:         3324012001", res.stdout)
        res = self.db.cli("desa", "list", "--kecamatan", "Plantungan")
        self.assertIn("blumah", res.stdout)
        self.assertIn("village(s)", res.stdout)
        res = self.db.cli("desa", "show", "tidak-ada", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("tidak ditemukan", res.stderr)
        res = self.db.cli("desa", "add", "--kode", "33.24.01.2099", "--nama", "Sukamaju")
        self.assertIn("as sukamaju", res.stdout)
        self.assertEqual(self.db.sql("SELECT status FROM desa WHERE id = 3324012099"), [["active"]])
        self.db.cli("desa", "archive", "sukamaju")
        self.assertEqual(self.db.sql("SELECT status FROM desa WHERE id = 3324012099"), [["archived"]])

    def test_usage_errors_exit_non_zero_and_help_works(self):
        res = self.db.cli("desa", "import", check=False)
        self.assertEqual(res.returncode, 2)
        self.assertIn("--kode", res.stderr)
        res = self.db.cli("frobnicate", check=False)
        self.assertEqual(res.returncode, 2)
        for cmd in (["--help"], ["serve", "--help"], ["desa", "import", "--help"], ["domain", "add", "--help"]):
            res = self.db.cli(*cmd)
            self.assertIn("balai", res.stdout)

    def test_bad_domains_are_refused(self):
        for host in ["Bad.Host", "www.blumah.id", "10.1.2.3", "nodot", "a..b"]:
            res = self.db.cli("domain", "add", host, "blumah", check=False)
            self.assertEqual(res.returncode, 1, host)
        self.assertEqual(self.db.sql("SELECT count(*) FROM domains"), [["0"]])


if __name__ == "__main__":
    unittest.main()

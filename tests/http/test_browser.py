"""Real Chromium (Debian's, driven by playwright-core) against the real binary:
what a visitor on a phone with JavaScript off sees and does."""
import os
import re
import subprocess
import unittest

from harness import Database, Server

HERE = os.path.dirname(os.path.abspath(__file__))
BROWSER = os.path.join(HERE, "..", "browser")


class Browser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = Database()
        cls.server = Server(cls.db)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.db.drop()

    def test_public_site_in_chromium(self):
        res = subprocess.run(["node", "public_site.mjs", str(self.server.port)], cwd=BROWSER, capture_output=True, text=True,
                             timeout=300)
        print(res.stdout)
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr + "\nserver log:\n" + self.server.output()[-3000:])

    def test_admin_in_chromium(self):
        out = self.db.cli("user", "add", "--username", "operator.blumah", "--role", "admin_desa", "--desa", "blumah").stdout
        temporary = re.search(r"temporary password: (\S+)", out).group(1)
        res = subprocess.run(["node", "admin.mjs", str(self.server.port), "operator.blumah", temporary], cwd=BROWSER,
                             capture_output=True, text=True, timeout=300)
        print(res.stdout)
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr + "\nserver log:\n" + self.server.output()[-3000:])

    def test_console_in_chromium(self):
        out = self.db.cli("user", "add", "--username", "super.browser", "--nama", "Sari Diskominfo", "--role", "superadmin").stdout
        temporary = re.search(r"temporary password: (\S+)", out).group(1)
        res = subprocess.run(["node", "console.mjs", str(self.server.port), "super.browser", temporary], cwd=BROWSER,
                             capture_output=True, text=True, timeout=300)
        print(res.stdout)
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr + "\nserver log:\n" + self.server.output()[-3000:])


if __name__ == "__main__":
    unittest.main()

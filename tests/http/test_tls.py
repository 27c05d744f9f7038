"""HTTPS served by Balai itself: certificates chosen by SNI from a directory
in certbot's layout, reloaded on SIGHUP without a restart, HTTP redirected
to HTTPS with HSTS, old protocols refused; ACME HTTP-01 answered from a
webroot, and the whole loop run for real with certbot against Debian's
pebble ACME server on loopback, the console showing each domain's
certificate."""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import unittest

from harness import Database, Server, free_port, wait_for
from test_admin import Client
from test_console import enrol_totp

BASE = "kendal.test"
OWN = "blumah-desa.id"


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_ca(d, name):
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", f"{name}.key",
            "-out", f"{name}.pem", "-days", "30", "-subj", f"/CN={name}", cwd=d)
    return os.path.join(d, f"{name}.pem")


def make_leaf(d, ca, names, out_dir, days=30):
    """A certificate for `names` signed by `ca`, written as out_dir/fullchain.pem + privkey.pem."""
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(d, "ext.cnf"), "w") as f:
        f.write("subjectAltName=" + ",".join("DNS:" + n for n in names) + "\n")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr",
            "-subj", f"/CN={names[0]}", cwd=d)
    openssl("x509", "-req", "-in", "leaf.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key", "-CAcreateserial", "-out", "leaf.pem",
            "-days", str(days), "-extfile", "ext.cnf", cwd=d)
    with open(os.path.join(d, "leaf.pem")) as leaf, open(os.path.join(d, f"{ca}.pem")) as issuer:
        chain = leaf.read() + issuer.read()
    # Written beside and renamed, as certbot does: a reader never sees half a file.
    for name, data in (("privkey.pem", open(os.path.join(d, "leaf.key")).read()), ("fullchain.pem", chain)):
        with open(os.path.join(out_dir, name + ".new"), "w") as f:
            f.write(data)
        os.replace(os.path.join(out_dir, name + ".new"), os.path.join(out_dir, name))


def handshake(port, sni, cafile=None, **ctx_opts):
    """Connects over TLS; returns (peer certificate dict or None, DER bytes, cipher, version)."""
    ctx = ssl.create_default_context(cafile=cafile) if cafile else ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if not cafile:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    for k, v in ctx_opts.items():
        setattr(ctx, k, v)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname=sni) as s:
            return s.getpeercert(), s.getpeercert(binary_form=True), s.cipher(), s.version()


def https_get(port, host, path="/", cafile=None):
    ctx = ssl.create_default_context(cafile=cafile)
    c = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=ctx)
    c._tunnel_host = None
    # SNI and certificate check for `host`, connecting to loopback.
    c.sock = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10), server_hostname=host)
    try:
        c.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        c.putheader("Host", f"{host}:{port}")
        c.endheaders()
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode("utf-8", "replace")
    finally:
        c.close()


def serial_of(der):
    out = subprocess.run(["openssl", "x509", "-inform", "DER", "-noout", "-serial", "-issuer"], input=der, capture_output=True, check=True)
    return out.stdout.decode()


class Tls(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        cls.ca = make_ca(d, "Balai-Uji-CA")
        cls.live = os.path.join(d, "live")
        make_leaf(d, "Balai-Uji-CA", [BASE, "*." + BASE], os.path.join(cls.live, BASE))
        make_leaf(d, "Balai-Uji-CA", [OWN], os.path.join(cls.live, OWN))
        cls.webroot = os.path.join(d, "acme")
        os.makedirs(os.path.join(cls.webroot, ".well-known", "acme-challenge"))
        cls.db = Database()
        cls.db.cli("domain", "add", OWN, "blumah", "--primary")
        cls.https_port = free_port()
        cls.server = Server(cls.db, "--tls-dir", cls.live, "--https-port", str(cls.https_port), "--acme-webroot", cls.webroot,
                            base_domain=BASE, ready=(301,))

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.db.drop()
        cls.tmp.cleanup()

    def test_certificates_are_chosen_by_sni(self):
        cert, _, _, _ = handshake(self.https_port, "blumah." + BASE, cafile=self.ca)
        self.assertIn(("DNS", "*." + BASE), cert["subjectAltName"])
        cert, _, _, _ = handshake(self.https_port, OWN, cafile=self.ca)
        self.assertEqual(cert["subjectAltName"], (("DNS", OWN),))
        # No SNI (an old client): the regency's certificate.
        _, der, _, _ = handshake(self.https_port, None)
        self.assertIn(f"CN = {BASE}", subprocess.run(["openssl", "x509", "-inform", "DER", "-noout", "-subject"], input=der,
                                                       capture_output=True).stdout.decode())
        # The village's own domain is served over HTTPS, with HSTS.
        status, headers, body = https_get(self.https_port, OWN, "/", cafile=self.ca)
        self.assertEqual(status, 200)
        self.assertIn("Blumah", body)
        self.assertEqual(headers["strict-transport-security"], "max-age=31536000")
        # Its regency name redirects to the primary domain, over HTTPS.
        status, headers, _ = https_get(self.https_port, "blumah." + BASE, "/berita", cafile=self.ca)
        self.assertEqual(status, 301)
        self.assertTrue(headers["location"].startswith(f"https://{OWN}"), headers["location"])

    def test_plain_http_redirects_to_https_except_acme(self):
        status, headers, _ = self.server.get(f"medono.{BASE}", "/berita?halaman=2")
        self.assertEqual(status, 301)
        self.assertEqual(headers["location"], f"https://medono.{BASE}:{self.https_port}/berita?halaman=2")
        self.assertNotIn("strict-transport-security", headers)  # HSTS only over HTTPS
        status, headers, _ = self.server.get(f"medono.{BASE}", "/layanan/pengaduan", method="POST")
        self.assertEqual(status, 308)
        with open(os.path.join(self.webroot, ".well-known", "acme-challenge", "tok-3n_A"), "w") as f:
            f.write("tok-3n_A.kunci-akun")
        for host in (OWN, f"medono.{BASE}", "belum-dikenal.example"):
            status, _, body = self.server.get(host, "/.well-known/acme-challenge/tok-3n_A")
            self.assertEqual((status, body), (200, "tok-3n_A.kunci-akun"), host)
        for bad in ("/.well-known/acme-challenge/..%2f..%2fetc", "/.well-known/acme-challenge/../../ext.cnf",
                    "/.well-known/acme-challenge/"):
            self.assertEqual(self.server.get(OWN, bad)[0], 404, bad)

    def test_only_modern_protocols_and_ciphers(self):
        _, _, cipher, version = handshake(self.https_port, OWN, maximum_version=ssl.TLSVersion.TLSv1_2)
        self.assertEqual(version, "TLSv1.2")
        self.assertTrue(cipher[0].startswith("ECDHE-") and ("GCM" in cipher[0] or "CHACHA20" in cipher[0]), cipher)
        _, _, _, version = handshake(self.https_port, OWN)
        self.assertEqual(version, "TLSv1.3")
        for old in (ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1):
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
            ctx.set_ciphers("ALL:@SECLEVEL=0")
            ctx.minimum_version = ctx.maximum_version = old
            with socket.create_connection(("127.0.0.1", self.https_port), timeout=10) as raw:
                with self.assertRaises(ssl.SSLError, msg=str(old)) as refused:
                    ctx.wrap_socket(raw, server_hostname=OWN)
            # Refused by the server (its protocol alert), not by this client.
            self.assertIn("PROTOCOL_VERSION", refused.exception.reason or str(refused.exception), str(old))

    def test_zz_certificates_reload_on_sighup_without_restart(self):
        _, before, _, _ = handshake(self.https_port, OWN)
        d = self.tmp.name
        make_ca(d, "Balai-Uji-CA-2")
        make_leaf(d, "Balai-Uji-CA-2", [OWN, "www." + OWN], os.path.join(self.live, OWN))
        pid = self.server.proc.pid
        self.server.proc.send_signal(signal.SIGHUP)
        took = wait_for(lambda: handshake(self.https_port, OWN)[1] != before, 5, interval=0.1)
        self.assertIsNotNone(took, "new certificate not served after SIGHUP")
        self.assertEqual(self.server.proc.pid, pid)
        self.assertIsNone(self.server.proc.poll())
        _, after, _, _ = handshake(self.https_port, "www." + OWN)
        self.assertIn("Balai-Uji-CA-2", serial_of(after))
        # A broken file on the next reload: the certificates in use stay.
        with open(os.path.join(self.live, OWN, "fullchain.pem"), "w") as f:
            f.write("-----BEGIN CERTIFICATE-----\nrusak\n-----END CERTIFICATE-----\n")
        self.server.proc.send_signal(signal.SIGHUP)
        self.assertIsNotNone(wait_for(lambda: "keeping the certificate loaded before" in self.server.output(), 5, interval=0.1),
                             "the broken file was not reloaded")
        self.assertIsNone(self.server.proc.poll())
        self.assertEqual(handshake(self.https_port, OWN)[1], after)
        status, _, _ = https_get(self.https_port, "medono." + BASE, "/", cafile=self.ca)
        self.assertEqual(status, 200)


class Acme(unittest.TestCase):
    """certbot (HTTP-01, webroot) against pebble, a real ACME server, on loopback.
    pebble resolves every name to 127.0.0.1 through pebble-challtestsrv's DNS,
    and validates on Balai's HTTP port."""

    @classmethod
    def setUpClass(cls):
        for tool in ("pebble", "pebble-challtestsrv", "certbot"):
            if not shutil.which(tool):
                raise RuntimeError(f"{tool} is not installed: run through ./balai.sh test")
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        cls.procs = []
        # Balai starts with the regency certificate only (as issued by DNS-01).
        make_ca(d, "Regency-CA")
        cls.letsencrypt = os.path.join(d, "letsencrypt")
        cls.live = os.path.join(cls.letsencrypt, "live")
        make_leaf(d, "Regency-CA", [BASE, "*." + BASE], os.path.join(cls.live, BASE))
        cls.webroot = os.path.join(d, "acme")
        os.makedirs(cls.webroot)
        cls.db = Database()
        cls.db.cli("domain", "add", OWN, "blumah", "--primary")
        cls.https_port = free_port()
        http_port = free_port()
        # pebble: its own HTTPS certificate, DNS from challtestsrv, HTTP-01 on Balai's port.
        make_ca(d, "Pebble-Listener")
        dns_port, mgmt_port, acme_port, acme_mgmt = free_port(), free_port(), free_port(), free_port()
        with open(os.path.join(d, "pebble.json"), "w") as f:
            json.dump({"pebble": {"listenAddress": f"127.0.0.1:{acme_port}", "managementListenAddress": f"127.0.0.1:{acme_mgmt}",
                                  "certificate": os.path.join(d, "Pebble-Listener.pem"), "privateKey": os.path.join(d, "Pebble-Listener.key"),
                                  "httpPort": http_port, "tlsPort": free_port(), "ocspResponderURL": "",
                                  "externalAccountBindingRequired": False}}, f)
        log = open(os.path.join(d, "acme.log"), "w")
        cls.procs.append(subprocess.Popen(["pebble-challtestsrv", "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "", "-dns01",
                                           f"127.0.0.1:{dns_port}", "-http01", "", "-https01", "", "-tlsalpn01", "",
                                           "-management", f"127.0.0.1:{mgmt_port}"], stdout=log, stderr=subprocess.STDOUT))
        cls.procs.append(subprocess.Popen(["pebble", "-config", os.path.join(d, "pebble.json"), "-dnsserver", f"127.0.0.1:{dns_port}"],
                                          stdout=log, stderr=subprocess.STDOUT,
                                          env=dict(os.environ, PEBBLE_VA_NOSLEEP="1", PEBBLE_WFE_NONCEREJECT="0")))
        cls.directory = f"https://127.0.0.1:{acme_port}/dir"

        def pebble_up():
            try:
                socket.create_connection(("127.0.0.1", acme_port), timeout=1).close()
                return True
            except OSError:
                return False
        if wait_for(pebble_up, 20, interval=0.1) is None:
            raise RuntimeError("pebble did not start:\n" + open(os.path.join(d, "acme.log")).read())
        cls.server = Server(cls.db, "--tls-dir", cls.live, "--https-port", str(cls.https_port), "--acme-webroot", cls.webroot,
                            base_domain=BASE, ready=(301,), port=http_port)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        for p in cls.procs:
            p.terminate()
            p.wait(timeout=10)
        cls.db.drop()
        cls.tmp.cleanup()

    def certbot(self, *args):
        d = self.tmp.name
        res = subprocess.run(["certbot", *args, "--server", self.directory, "--no-verify-ssl", "--non-interactive",
                              "--config-dir", self.letsencrypt, "--work-dir", os.path.join(d, "work"),
                              "--logs-dir", os.path.join(d, "logs")], capture_output=True, text=True, timeout=180)
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        return res

    def test_certbot_issues_and_renews_a_village_domain_through_balai(self):
        hook = f"kill -HUP {self.server.proc.pid}"
        self.certbot("certonly", "--webroot", "-w", self.webroot, "-d", OWN, "--agree-tos", "--register-unsafely-without-email",
                     "--deploy-hook", hook)
        # The deploy hook's SIGHUP made Balai serve it, without a restart.
        def issued_by_pebble():
            _, der, _, _ = handshake(self.https_port, OWN)
            return "Pebble" in serial_of(der)
        self.assertIsNotNone(wait_for(issued_by_pebble, 10, interval=0.2), "the issued certificate is not served")
        _, first, _, _ = handshake(self.https_port, OWN)

        # The console shows it, with its expiry.
        admin = self.superadmin_over_https()
        status, body = admin.call("GET", f"/api/konsol/desa/{3324012001}/domain")
        self.assertEqual(status, 200, body)
        own = next(x for x in body["item"] if x["hostname"] == OWN)
        self.assertEqual(own["sertifikat"]["status"], "berlaku")
        self.assertIn("Pebble", own["sertifikat"]["penerbit"])
        self.assertGreater(own["sertifikat"]["sisa_hari"], 20)

        # Renewal (what certbot's timer does) replaces it the same way.
        self.certbot("renew", "--force-renewal", "--no-random-sleep-on-renew", "--deploy-hook", hook)
        self.assertIsNotNone(wait_for(lambda: handshake(self.https_port, OWN)[1] != first, 10, interval=0.2),
                             "the renewed certificate is not served")
        self.assertEqual(self.server.proc.poll(), None)

    def superadmin_over_https(self):
        """A Diskominfo superadmin signed in on the admin origin over HTTPS, two-factor enrolled."""
        port = self.https_port

        def connect():
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
            return http.client.HTTPSConnection("127.0.0.1", port, timeout=30, context=ctx)
        out = self.db.cli("user", "add", "--username", "super.kendal", "--nama", "Super Kendal", "--role", "superadmin").stdout
        temp = re.search(r"temporary password: (\S+)", out).group(1)
        c = Client(self.server, host=f"admin.{BASE}:{port}", connect=connect)
        self.assertEqual(c.login("super.kendal", temp)[0], 200)
        self.assertEqual(c.call("POST", "/api/sandi", {"sandi_lama": temp, "sandi_baru": "Lumbung-Padi-Hijau-2026!"})[0], 204)
        enrol_totp(c)
        return c


if __name__ == "__main__":
    unittest.main()

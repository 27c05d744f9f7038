"""Self-service password recovery by email, against a real SMTP conversation
on loopback (a minimal SMTP receiver in this test): the code arrives, works
once, and nothing tells a stranger whether an account exists."""
import re
import socket
import socketserver
import threading
import unittest

from harness import Database, Server, free_port, wait_for
from test_admin import Client, make_accounts


class Inbox(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port):
        self.messages = []
        super().__init__(("127.0.0.1", port), SmtpSession)


class SmtpSession(socketserver.StreamRequestHandler):
    """Speaks just enough SMTP (RFC 5321) for one client to deliver mail."""

    def handle(self):
        send = lambda line: self.wfile.write(line.encode() + b"\r\n")
        send("220 inbox.test ESMTP")
        rcpt, mail_from = [], None
        while True:
            line = self.rfile.readline().decode("utf-8", "replace").rstrip("\r\n")
            if not line:
                return
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                send("250 inbox.test")
            elif verb == "MAIL":
                mail_from = line
                send("250 OK")
            elif verb == "RCPT":
                rcpt.append(re.search(r"<([^>]*)>", line).group(1))
                send("250 OK")
            elif verb == "DATA":
                send("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while True:
                    l = self.rfile.readline().decode("utf-8", "replace")
                    if l in (".\r\n", ".\n"):
                        break
                    data.append(l[1:] if l.startswith("..") else l)
                self.server.messages.append({"from": mail_from, "to": rcpt, "data": "".join(data)})
                send("250 OK queued")
            elif verb == "QUIT":
                send("221 Bye")
                return
            else:
                send("250 OK")


class Mail(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        port = free_port()
        cls.inbox = Inbox(port)
        threading.Thread(target=cls.inbox.serve_forever, daemon=True).start()
        cls.db = Database()
        cls.server = Server(cls.db, "--smtp-url", f"smtp://127.0.0.1:{port}", "--smtp-from", "Diskominfo Kendal <noreply@kendalkab.example>")
        cls.passwords = make_accounts(cls.db, cls.server, [("admin.blumah", "admin_desa", "blumah")])
        cls.db.cli("user", "add", "--username", "sekdes.blumah", "--role", "editor", "--desa", "blumah", "--email", "sekdes@blumah.example")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.db.drop()
        cls.inbox.shutdown()

    def test_a_code_by_email_lets_the_person_set_a_new_password_once(self):
        c = Client(self.server)
        status, body = c.call("POST", "/api/lupa-sandi", {"username": "sekdes.blumah"}, csrf=False)
        self.assertEqual(status, 200)
        self.assertIsNotNone(wait_for(lambda: self.inbox.messages, 10), "the email arrived")
        mail = self.inbox.messages[-1]
        self.assertEqual(mail["to"], ["sekdes@blumah.example"])
        self.assertIn("noreply@kendalkab.example", mail["from"])
        code = re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b", mail["data"]).group(1)
        self.assertIn("/#/pulihkan", mail["data"])
        status, body = c.call("POST", "/api/pulihkan", {"username": "sekdes.blumah", "kode": code, "sandi_baru": "Kemuning-Senja-Kendal"}, csrf=False)
        self.assertEqual(status, 200, body)
        status, _ = Client(self.server).call("POST", "/api/pulihkan", {"username": "sekdes.blumah", "kode": code, "sandi_baru": "Lain-Lagi-Kendal-9"},
                                             csrf=False)
        self.assertEqual(status, 401)
        self.assertEqual(Client(self.server).login("sekdes.blumah", "Kemuning-Senja-Kendal")[0], 200)

    def test_the_answer_does_not_reveal_whether_an_account_exists(self):
        self.db.cli("user", "add", "--username", "tanpa.email", "--role", "editor", "--desa", "blumah")
        before = len(self.inbox.messages)
        a = Client(self.server).call("POST", "/api/lupa-sandi", {"username": "tidak.ada"}, csrf=False)
        b = Client(self.server).call("POST", "/api/lupa-sandi", {"username": "tanpa.email"}, csrf=False)  # exists, no email
        self.assertEqual(a, b)
        self.assertEqual(len(self.inbox.messages), before, "no email for an unknown account or one without an address")

    def test_an_operator_keeps_their_recovery_email_current(self):
        c = Client(self.server)
        c.login("admin.blumah", self.passwords["admin.blumah"])
        status, body = c.call("PUT", "/api/akun", {"email": "bukan-email"})
        self.assertEqual(status, 422)
        self.assertIn("email", body["kolom"])
        self.assertEqual(c.call("PUT", "/api/akun", {"email": "kades@blumah.example"})[0], 200)
        self.assertEqual(c.call("GET", "/api/sesi")[1]["akun"]["email"], "kades@blumah.example")


if __name__ == "__main__":
    unittest.main()

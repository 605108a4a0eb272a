"""Mail: through a real SMTP server (aiosmtpd, started here) when configured, else the log."""
import socket
import threading

import pytest

from allianz import outbox

aiosmtpd = pytest.importorskip("aiosmtpd.controller")


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.received = []

    @property
    def messages(self):
        """What arrived, once the app's outbox has sent what it queued (mail leaves the request).

        Only the test's own thread waits: aiosmtpd looks at its handler's attributes from its server thread."""
        if threading.current_thread() is threading.main_thread():
            assert outbox.wait_until_sent(timeout=60), "the outbox did not empty within 60 s"
        return self.received

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802 - aiosmtpd's hook name
        """Keep the envelope."""
        self.received.append(envelope)
        return "250 OK"


def free_port():
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 for the test; yields (inbox, port)."""
    inbox, port = Inbox(), free_port()
    controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def test_with_mail_server_the_mail_goes_out_by_smtp(app, smtp_server):
    from allianz.mail import send_mail
    inbox, port = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_USE_STARTTLS=False,
                      MAIL_FROM="allianz@stadt.example")
    with app.app_context():
        sent = send_mail("neu@partner.example", "Einladung", "Hallo!\nDer Link: http://x/einladung/abc")
    assert sent["via"] == "smtp"
    assert len(inbox.messages) == 1
    envelope = inbox.messages[0]
    assert envelope.mail_from == "allianz@stadt.example" and envelope.rcpt_tos == ["neu@partner.example"]
    assert b"Subject: Einladung" in envelope.content and b"/einladung/abc" in envelope.content


def test_an_unreachable_mail_server_is_a_clear_error(app):
    from allianz.mail import MailFailed, send_mail
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_STARTTLS=False, MAIL_TIMEOUT=2)
    with app.app_context(), pytest.raises(MailFailed):
        send_mail("neu@partner.example", "Einladung", "Hallo")


def test_without_mail_server_the_mail_is_logged_and_returned(app, caplog):
    from allianz.mail import send_mail
    with app.app_context():
        sent = send_mail("neu@partner.example", "Einladung", "Der Link: http://x/einladung/abc")
    assert sent["via"] == "log" and sent["body"].endswith("/einladung/abc")
    assert "neu@partner.example" in caplog.text and "/einladung/abc" in caplog.text


@pytest.fixture
def tls_smtp_server(tmp_path):
    """A real SMTP server that requires STARTTLS and a log-in, with a self-signed certificate for
    127.0.0.1; yields (inbox, port, ca_file, logins)."""
    import ssl
    import subprocess

    from aiosmtpd.smtp import AuthResult
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins = []

    def authenticator(_server, _session, _envelope, _mechanism, auth_data):
        """Accept the one test log-in."""
        logins.append(auth_data.login)
        return AuthResult(success=auth_data.login == b"allianz" and auth_data.password == b"geheim-fuer-den-test")
    inbox, port = Inbox(), free_port()
    controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context,
                                     require_starttls=True, authenticator=authenticator, auth_require_tls=True)
    controller.start()
    yield inbox, port, str(cert), logins
    controller.stop()


def test_starttls_and_login_are_used_when_configured(app, tls_smtp_server):
    from allianz.mail import send_mail
    inbox, port, ca_file, logins = tls_smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_USE_STARTTLS=True,
                      MAIL_USERNAME="allianz", MAIL_PASSWORD="geheim-fuer-den-test", MAIL_TLS_CA_FILE=ca_file)
    with app.app_context():
        assert send_mail("neu@partner.example", "Einladung", "Hallo")["via"] == "smtp"
    assert logins == [b"allianz"] and len(inbox.messages) == 1


def test_an_untrusted_certificate_is_refused(app, tls_smtp_server):
    from allianz.mail import MailFailed, send_mail
    inbox, port, _ca_file, _logins = tls_smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_STARTTLS=True, MAIL_USERNAME="allianz",
                      MAIL_PASSWORD="geheim-fuer-den-test", MAIL_TLS_CA_FILE=None)
    with app.app_context(), pytest.raises(MailFailed):
        send_mail("neu@partner.example", "Einladung", "Hallo")
    assert inbox.messages == []


@pytest.mark.parametrize("title", ["Sensoren\u2028für alle", "Sensoren\r\nBcc: opfer@x.example", "Zeile\u2029Zwei\x1b"])
def test_a_subject_with_a_line_break_is_mailed_as_one_line(app, smtp_server, title):
    from allianz.mail import send_mail
    inbox, port = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_USE_STARTTLS=False)
    with app.app_context():
        sent = send_mail("neu@partner.example", f"Allianz: „{title}“ kommentiert", f"Zu „{title}“:\nHallo")
    assert sent["via"] == "smtp" and len(inbox.messages) == 1
    assert "\n" not in sent["subject"] and "\u2028" not in sent["subject"] and "\x1b" not in sent["subject"]
    headers = inbox.messages[0].content.split(b"\r\n\r\n", 1)[0]
    assert b"\nBcc:" not in headers  # no header smuggled in through the title
    assert inbox.messages[0].rcpt_tos == ["neu@partner.example"]

"""One way to send mail: SMTP when MAIL_SERVER is configured, else the log.

`send_mail(to, subject, body)` returns the message as a dict `{to, subject, body, sender, via}`
(`via` is "smtp" or "log"), so that a page can show a logged mail to the coordinator: a local
installation works without a mail server.
"""
import smtplib
import ssl
import unicodedata
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import current_app

from .exceptions import AllianzError


class MailFailed(AllianzError):
    """The SMTP server refused the mail or could not be reached."""


def header_text(value):
    """`value` as one line for a mail header: line breaks (CR, LF, U+2028/9 …), other control and bidi
    characters become spaces, runs of white space one space."""
    cleaned = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in str(value or ""))
    return " ".join(cleaned.split())


def body_text(value):
    """`value` as a mail body: line breaks as \\n, other control and bidi characters left out."""
    lines = str(value or "").replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return "".join(c for c in lines if c == "\n" or unicodedata.category(c) not in ("Cc", "Cf"))


def build_message(sender, to, subject, body):
    """A plain-text e-mail from `sender` to `to`, every header one clean line."""
    message = EmailMessage()
    message["From"], message["To"] = header_text(sender), header_text(to)
    message["Subject"] = header_text(subject)
    message.set_content(body_text(body))
    return message


def site_links():
    """A builder `(endpoint, **values) -> absolute address` on the configured site (`BASE_URL`), never the request's
    host, bound once: for pages or files with many links."""
    base = urlsplit(current_app.config["BASE_URL"].rstrip("/"))
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")
    return lambda endpoint, **values: adapter.build(endpoint, values, force_external=True)


def site_url(endpoint, **values):
    """The absolute address of `endpoint` on the configured site (`BASE_URL`), never the request's host."""
    return site_links()(endpoint, **values)


def smtp_send(config, message):
    """Deliver `message` through the configured SMTP server (implicit TLS or STARTTLS, login if set)."""
    server, port, timeout = config["MAIL_SERVER"], int(config["MAIL_PORT"]), float(config.get("MAIL_TIMEOUT", 10))
    context = ssl.create_default_context(cafile=config.get("MAIL_TLS_CA_FILE") or None)
    try:
        if config.get("MAIL_USE_TLS"):
            connection = smtplib.SMTP_SSL(server, port, timeout=timeout, context=context)
        else:
            connection = smtplib.SMTP(server, port, timeout=timeout)
        with connection:
            if not config.get("MAIL_USE_TLS") and config.get("MAIL_USE_STARTTLS"):
                connection.starttls(context=context)
            if config.get("MAIL_USERNAME"):
                connection.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            connection.send_message(message)
    except (smtplib.SMTPException, OSError, ValueError) as error:
        raise MailFailed(f"{server}:{port}: {error}") from error


def send_mail(to, subject, body):
    """Send a plain-text mail (SMTP when MAIL_SERVER is set, else the log); returns it as a dict."""
    config = current_app.config
    sender = config.get("MAIL_FROM") or "allianz@localhost"
    subject, body = header_text(subject), body_text(body)
    sent = {"to": to, "subject": subject, "body": body, "sender": sender, "via": "log"}
    if config.get("MAIL_SERVER"):
        try:
            message = build_message(sender, to, subject, body)
        except ValueError as error:  # an address the email package cannot put in a header
            raise MailFailed(f"{to}: {error}") from error
        smtp_send(config, message)
        sent["via"] = "smtp"
        current_app.logger.info("mail sent to %s: %s", to, subject)
    else:
        current_app.logger.warning("MAIL_SERVER is not set; mail to %s not sent:\nSubject: %s\n\n%s",
                                   to, subject, body)
    return sent

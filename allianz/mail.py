"""One way to send mail: SMTP when MAIL_SERVER is configured, else the log.

`send_mail(to, subject, body)` returns the message as a dict `{to, subject, body, sender, via}`
(`via` is "smtp" or "log"), so that a page can show a logged mail to the coordinator: a local
installation works without a mail server.
"""
import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app

from .errors import AllianzError


class MailFailed(AllianzError):
    """The SMTP server refused the mail or could not be reached."""


def build_message(sender, to, subject, body):
    """A plain-text e-mail from `sender` to `to`."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message.set_content(body)
    return message


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
    except (smtplib.SMTPException, OSError) as error:
        raise MailFailed(f"{server}:{port}: {error}") from error


def send_mail(to, subject, body):
    """Send a plain-text mail (SMTP when MAIL_SERVER is set, else the log); returns it as a dict."""
    config = current_app.config
    sender = config.get("MAIL_FROM") or "allianz@localhost"
    sent = {"to": to, "subject": subject, "body": body, "sender": sender, "via": "log"}
    if config.get("MAIL_SERVER"):
        smtp_send(config, build_message(sender, to, subject, body))
        sent["via"] = "smtp"
        current_app.logger.info("mail sent to %s: %s", to, subject)
    else:
        current_app.logger.warning("MAIL_SERVER is not set; mail to %s not sent:\nSubject: %s\n\n%s",
                                   to, subject, body)
    return sent

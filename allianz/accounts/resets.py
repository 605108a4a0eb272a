"""Forgotten passwords: a single-use link for one hour that dies when the password changes.

The page always says the same ("if there is an account, a mail is on its way"), so it never tells
whether an e-mail address has an account; the mail goes out (or to the log) only when it does. Nor does
its timing tell: `request_reset_later` hands the whole work (the look-up, the link, the mail) to the
outbox's background thread, so the answer takes the same time for every address.
"""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from .. import outbox
from ..db import execute, query_one
from ..labels import current_locale
from ..mail import send_mail, site_url
from . import queries
from .service import AccountError, find_by_email, set_password
from .tokens import new_token, token_hash


def request_reset_later(email):
    """Queue `request_reset(email)` for the background, in the asker's language; returns at once."""
    locale = current_locale()

    def work():
        with force_locale(locale):
            request_reset(email)
    outbox.submit(work, description="password reset")


def request_reset(email):
    """Send a reset link when `email` has an active account; returns the mail, or None (nothing said)."""
    user = find_by_email(email)
    if user is None or not user.get("active"):
        return None
    token, hashed = new_token()
    minutes = int(current_app.config["PASSWORD_RESET_MINUTES"])
    execute(queries.CREATE_RESET, user_id=user["id"], token_hash=hashed, minutes=minutes)
    link = site_url("accounts.reset_password", token=token)
    body = _("Guten Tag,\n\nüber diesen Link wählen Sie ein neues Passwort für die Allianz Smart City "
             "(gültig %(minutes)s Minuten, nur einmal):\n\n%(link)s\n\n"
             "Falls Sie das nicht angefordert haben, ignorieren Sie diese Nachricht; Ihr Passwort bleibt, wie es ist.",
             minutes=minutes, link=link)
    return send_mail(user["email"], _("Neues Passwort für die Allianz Smart City"), body)


def reset_user(token):
    """The person a reset token is for, while it is valid ({id, email}), else None."""
    return query_one(queries.RESET_USER, token_hash=token_hash(token))


def reset(token, password):
    """Set the new password for the token's person; every reset link and session of theirs dies."""
    user = reset_user(token)
    if user is None:
        raise AccountError(_("Dieser Link ist ungültig, abgelaufen oder schon benutzt."))
    set_password(user["id"], password, action="user.password_reset", reset_hash=token_hash(token))
    return user

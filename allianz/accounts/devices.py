"""Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a lock-out an attacker
cannot aim at the account's owner.

A browser in which a person logged in successfully gets a signed cookie naming that account. Log-in attempts
from such a *known device* are counted per device only: an attacker who tries passwords from other addresses
locks out the untrusted clients of the account (and their own address), never the owner's browser, from any
address. A whole office behind one address is not locked out either: each known browser keeps its own count.
Attempts from unknown browsers are counted per account and per address, as before.
"""
import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "allianz_device"
SALT = "allianz-device-cookie"
MAX_ACCOUNTS = 5  # accounts remembered per browser (people sharing one computer)


def account_digest(email):
    """The account's name in a cookie and a counter: a hash of the normalised address, never the address."""
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()


def serializer():
    """Signs and checks device cookies with the app's secret key."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def entries(cookie):
    """{account digest: device nonce} of a device cookie that is genuine and not too old, else {}."""
    if not cookie:
        return {}
    try:
        found = serializer().loads(cookie, max_age=int(current_app.config["DEVICE_COOKIE_DAYS"] * 86400))
    except (BadSignature, ValueError, TypeError):
        return {}
    return dict(found) if isinstance(found, dict) else {}


def known_device(cookie, email):
    """The device's counter key when the cookie says this browser logged in to `email` before, else None."""
    nonce = entries(cookie).get(account_digest(email))
    return f"device:{nonce}" if isinstance(nonce, str) and nonce else None


def remember_device(response, cookie, email):
    """After a successful log-in: put (or keep) the account in the browser's device cookie."""
    found = entries(cookie)
    digest = account_digest(email)
    found[digest] = found.get(digest) or secrets.token_urlsafe(16)
    kept = dict(list(found.items())[-MAX_ACCOUNTS:])
    config = current_app.config
    response.set_cookie(COOKIE, serializer().dumps(kept), max_age=int(config["DEVICE_COOKIE_DAYS"] * 86400),
                        secure=config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax")
    return response

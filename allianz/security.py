"""Response headers that keep every page to the app's own assets (no third party, ever), and the one
check of a redirect target (`safe_next`) that every `next=` in the app goes through."""
import unicodedata
from urllib.parse import urlsplit

from werkzeug.serving import WSGIRequestHandler

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def add_security_headers(response):
    """Set the CSP and the other hardening headers on every response."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
    return response


UNSAFE_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")  # controls, format characters (bidi), line/paragraph separators


def safe_next(target, default):
    """`target` when it is a path on this site, else `default`.

    Refuses absolute and scheme-relative URLs (`//host`, `/\\host`), and any backslash, control
    character (C0, DEL, C1), format character (bidi controls) or line separator, which browsers and
    Werkzeug strip or fold into `/` (`/\t/example.com` would become `//example.com`).
    """
    if not target or not isinstance(target, str) or not target.startswith("/"):
        return default
    if "\\" in target or any(unicodedata.category(char) in UNSAFE_CATEGORIES for char in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return default
    return target


def hide_dev_server_version():
    """Make the development server answer `Server: Allianz` instead of naming Werkzeug's and Python's versions.

    gunicorn names itself without a version (`Server: gunicorn`); Werkzeug's handler offers no
    setting for it, so its `version_string` is replaced (the CLI does this before `allianz run`).
    """
    WSGIRequestHandler.version_string = lambda _handler: "Allianz"

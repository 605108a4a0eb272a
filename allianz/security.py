"""Response headers that keep every page to the app's own assets (no third party, ever), and the one
check of a redirect target (`safe_next`) that every `next=` in the app goes through."""
import unicodedata
from urllib.parse import urlsplit

from flask import abort, current_app, request
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


STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
SAME_SITE_FETCHES = ("same-origin", "none")  # "none": typed into the address bar or a bookmark


def origin_of(url):
    """`scheme://host[:port]` of `url`, lower-cased (None for anything that is not an http(s) URL)."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def check_origin():
    """Refuse (403) a state change a browser says came from another site, before anything reads the form.

    Browsers send `Sec-Fetch-Site` with every request and `Origin` with every POST; a state change is
    accepted when `Sec-Fetch-Site` is same-origin (or none) and `Origin` is this site (the request's own
    host, which `TRUSTED_HOSTS` checks in production, or `BASE_URL`). Programs that send neither (the
    JSON API's clients, the command line's tests) are judged by the CSRF token and their credentials alone.
    """
    if request.method not in STATE_CHANGING:
        return None
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site.strip().lower() not in SAME_SITE_FETCHES:
        abort(403)
    origin = request.headers.get("Origin")
    if origin is not None:
        ours = {origin_of(request.host_url), origin_of(current_app.config.get("BASE_URL"))} - {None}
        if origin.strip().lower() not in ours:
            abort(403)
    return None

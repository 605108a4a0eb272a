"""Response headers that keep every page to the app's own assets (no third party, ever), and the one
check of a redirect target (`safe_next`) that every `next=` in the app goes through."""
from urllib.parse import urlsplit

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


def safe_next(target, default):
    """`target` when it is a path on this site, else `default`.

    Refuses absolute and scheme-relative URLs (`//host`, `/\\host`), and any control character or
    backslash, which browsers and Werkzeug strip or fold into `/` (`/\t/example.com` would become
    `//example.com`).
    """
    if not target or not isinstance(target, str) or not target.startswith("/"):
        return default
    if any(ord(char) < 32 or ord(char) == 127 for char in target) or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return default
    return target

"""Bounds on what one request may cost: the body size (MAX_CONTENT_LENGTH, 413) and the rate limits of
the expensive routes, in one table, and of every write route (`WRITE_LIMIT`), applied by `create_app`
(Flask-Limiter).

Each limit counts per client address (the proxy's `X-Forwarded-For` when `PROXY_COUNT` trusted
proxies stand in front, see docs/operations.md). The counters live in `RATELIMIT_STORAGE_URI`:
`memory://` (the default) counts per worker process; with several gunicorn workers or hosts use a
shared store such as `redis://host:6379` so that the limit holds for all of them together.
A refused request gets HTTP 429 with `Retry-After` (the page or JSON of `allianz.errors`).
"""
import socket

from flask import abort, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

# endpoint -> limit (Flask-Limiter's notation; several separated by ";"), or (limit, [methods]). Pages a visitor clicks
# through get room for quick browsing; what computes analytics, pictures or rankings gets less.
ROUTE_LIMITS = {
    # network pictures, their data, exports and analytics
    "network.index": "60/minute",
    "network.partners_projects": "60/minute",
    "network.partners_competencies": "60/minute",
    "network.partner": "60/minute",
    "network.project": "60/minute",
    "network.data": "120/minute;10/second",
    "network.graphml": "20/minute",
    "network.analysis": "20/minute",
    "network.analysis_json": "10/minute",
    # open data: every file is built once per revision, then served from memory
    "opendata.index": "60/minute",
    "opendata.csv": "60/minute",
    "opendata.archive": "30/minute",
    "opendata.jsonld": "30/minute",
    "opendata.graphml": "20/minute",
    "opendata.catalogue_ttl": "30/minute",
    "opendata.catalogue_jsonld": "30/minute",
    # matching pages and the JSON API
    "matching.index": "60/minute",
    "matching.project": "30/minute",
    "matching.introductions": "30/minute",
    "matching_api.match": "60/minute;5/second",
    "matching_api.build_consortium": "30/minute;5/second",
    # searches asked while typing: room for a person typing, not for a script
    "vocabulary.search": "120/minute;10/second",
    "ideas.similar_json": "60/minute;5/second",
    # log-in and password mails, counted for POSTs only (reading the form stays free). These counters hold
    # per address for every worker when a shared RATELIMIT_STORAGE_URI is set; the per-account lock of
    # allianz/accounts (in Neo4j) holds for every worker in any case.
    "accounts.login": ("30/minute;300/hour", ["POST"]),
    "accounts.forgot_password": ("5/minute;30/hour", ["POST"]),
    "accounts.reset_password": ("10/minute", ["POST"]),
}

# The endpoints that compute (pictures, analytics, rankings) also share one budget across all addresses
# (`RATELIMIT_EXPENSIVE_ALL`): one client that sends a new X-Forwarded-For with every request behind a trusted
# proxy is a new "address" each time, but cannot make the workers compute more than this together.
EXPENSIVE = ("network.", "matching.", "matching_api.", "opendata.")

# Every other route that changes state (POST, PUT, PATCH, DELETE) gets this limit, counted per person when
# logged in (so people behind one address do not share it) and per address otherwise. It leaves room for a
# busy working session and stops a script: one member posting 1,500 comments in 30 s gets 429 after 20.
# The API's writes too: their token is resolved before (`api.auth.identify`, so a token counts as its person), and
# a write without a write token is refused inside the limit (`api.auth.writes_need_a_token`), so it counts as well.
WRITE_LIMIT = "20/minute;300/hour"
STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")

# The JSON API v1 (every route under API_PREFIX): a budget per token (per address without one) and, for all its
# tokens together, one per address, so that neither a leaked token nor many tokens behind one address can flood it
# (API_RATELIMIT_PER_TOKEN and API_RATELIMIT_PER_ADDRESS in config.py).
API_PREFIX = "/api/v1/"

EXTENSION_KEY = "allianz.limiter"


def person_or_address():
    """The rate-limit key of a write: the logged-in person, else the client's address."""
    from flask_login import current_user

    if current_user and current_user.is_authenticated:
        return f"person:{current_user.id}"
    return get_remote_address()


def token_or_address():
    """The rate-limit key of an API request: its token (set by `allianz.api.auth`), else the client's address."""
    from flask import g

    token = g.get("api_token")
    return f"token:{token['id']}" if token else get_remote_address()


def api_endpoints(app):
    """The endpoints of every route of the JSON API v1."""
    return {rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.startswith(API_PREFIX)}


def own_retry_after_noted(response):
    """Before Flask-Limiter's headers: note the `Retry-After` the answer set itself (if any)."""
    g.own_retry_after = response.headers.get("Retry-After")
    return response


def own_retry_after_kept(response):
    """After Flask-Limiter's headers: it raises every answer's `Retry-After` to the end of the client's rate-limit
    window (up to a minute); only a 429 means that. Any other answer keeps its own (a "wird berechnet" 202 or 503
    says 2–5 s, an outage 30 s) or has none."""
    if response.status_code != 429:
        own = g.pop("own_retry_after", None)
        if own is None:
            response.headers.pop("Retry-After", None)
        else:
            response.headers["Retry-After"] = own
    return response


def init_app(app):
    """Trust `PROXY_COUNT` proxies for the client address, give `app` its limiter, and limit the table's routes.

    Call it after the blueprints are registered. Each app has its own Limiter (its own storage and
    switch, `RATELIMIT_ENABLED`). An endpoint of the table that the app does not have is an error,
    so that a renamed route cannot silently lose its limit.
    """
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.before_request(refuse_large_bodies)
    app.after_request(close_after_refusing_a_body)
    app.after_request(own_retry_after_kept)   # after-request hooks run last registered first: this after the limiter's
    limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)
    limiter.init_app(app)
    app.after_request(own_retry_after_noted)  # … and this before it
    app.extensions[EXTENSION_KEY] = limiter
    missing = sorted(set(ROUTE_LIMITS) - set(app.view_functions))
    if missing:
        raise RuntimeError(f"rate limits name endpoints the app does not have: {', '.join(missing)}")
    for endpoint, limit in ROUTE_LIMITS.items():
        limit, methods = limit if isinstance(limit, tuple) else (limit, None)
        app.view_functions[endpoint] = limiter.limit(limit, methods=methods)(app.view_functions[endpoint])
    shared = limiter.shared_limit(lambda: current_app.config["RATELIMIT_EXPENSIVE_ALL"], scope="expensive",
                                  key_func=lambda: "all")
    for endpoint in sorted(e for e in ROUTE_LIMITS if e.startswith(EXPENSIVE)):
        app.view_functions[endpoint] = shared(app.view_functions[endpoint])
    for endpoint in sorted(api_endpoints(app)):
        view = limiter.limit(lambda: current_app.config["API_RATELIMIT_PER_TOKEN"], key_func=token_or_address,
                             scope="api-token")(app.view_functions[endpoint])
        app.view_functions[endpoint] = limiter.limit(lambda: current_app.config["API_RATELIMIT_PER_ADDRESS"],
                                                     scope="api-address")(view)
    for endpoint in sorted(write_endpoints(app) - set(ROUTE_LIMITS)):
        app.view_functions[endpoint] = limiter.limit(WRITE_LIMIT, methods=list(STATE_CHANGING),
                                                     key_func=person_or_address)(app.view_functions[endpoint])


def write_endpoints(app):
    """The endpoints of every route that accepts a state-changing method."""
    return {rule.endpoint for rule in app.url_map.iter_rules() if set(rule.methods or ()) & set(STATE_CHANGING)}


def refuse_large_bodies():
    """HTTP 413 before anything reads a body over MAX_CONTENT_LENGTH (Werkzeug checks only when it is read)."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and request.content_length is not None and request.content_length > limit:
        abort(413)


def close_after_refusing_a_body(response):
    """After a 413 the unread body is still on its way: end the connection instead of keeping it alive.

    Said in `Connection: close`; under gunicorn, whose keep-alive would first wait for the rest of the body
    (so the client's next request on that connection hung until the keep-alive timeout), the socket's reading
    side is shut too, so the connection ends right after the answer is sent (clients open a new one).
    Werkzeug's development server closes every connection anyway.
    """
    if response.status_code == 413:
        response.headers["Connection"] = "close"
        sock = request.environ.get("gunicorn.socket")
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RD)
            except OSError:
                pass  # already closed by the client
    return response

"""Who calls the API: `Authorization: Bearer <personal access token>`, or the page's session for reads.

`identify` runs before every /api/v1 request: a token in the header is checked on every request (revoked,
expired, owner deactivated: refused at once, 401) and its person becomes `current_user`, exactly as the
pages' session makes one. Deny by default: every state-changing request but the matcher's read-only POSTs
needs a token with the `write` scope, checked before the body is read (401 without a token, 403 with a
read-only one) but after the rate limits (`writes_need_a_token` wraps the views inside the limits of
allianz/limits.py), so a burst of writes meets the same limit with a token or without, as on the pages.
A session cookie alone never writes, so no CSRF token is needed or accepted here: the API has no ambient
credential for writes.
"""
import functools

from flask import g, request
from flask_babel import gettext as _
from flask_login import current_user

from ..access_tokens import service as tokens
from ..accounts.session import Account
from .problems import PREFIX, ApiProblem, is_api_request

STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
# POSTs that change nothing (their query is a JSON document): every other state-changing request needs `write`.
READ_ONLY_POSTS = ("api_v1_matching.match", "api_v1_matching.consortium")
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="allianz"'}
REFUSED = {"WWW-Authenticate": 'Bearer realm="allianz", error="invalid_token"'}


def bearer():
    """The token of `Authorization: Bearer …`, "" for another scheme or an empty one, None without the header."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _sep, value = header.strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def identify():
    """Before each API request: resolve a Bearer token to its person (401 when it is not usable)."""
    if not is_api_request():
        return
    g.api_token = None
    secret = bearer()
    if secret is not None:
        found = tokens.authenticate(secret)
        if found is None:
            raise ApiProblem(401, _("Der Schlüssel ist ungültig, abgelaufen oder widerrufen."), headers=REFUSED)
        person, g.api_token = found
        g._login_user = Account(person)  # Flask-Login's current user for this request only (no session)


def write_endpoints(app):
    """The API's endpoints that change state (every state-changing route under /api/v1 but READ_ONLY_POSTS)."""
    return {rule.endpoint for rule in app.url_map.iter_rules()
            if (rule.rule == PREFIX or rule.rule.startswith(PREFIX + "/"))
            and set(rule.methods or ()) & set(STATE_CHANGING) and rule.endpoint not in READ_ONLY_POSTS}


def writes_need_a_token(view):
    """`view`, refusing a state-changing request without a write token (`need_write`) before any of it runs: before
    the body is read, so no token, no validation answers either. Applied to the views before the rate limits wrap
    them, so that the limits count a refused write too."""
    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if request.method in STATE_CHANGING:
            need_write()
        return view(*args, **kwargs)
    return guarded


def token():
    """The token of this request, or None (a session's read, or anonymous)."""
    return g.get("api_token")


def need_person():
    """The request must come from a person (a token, or the page's session for reads): else 401."""
    if not current_user.is_authenticated:
        raise ApiProblem(401, _("Bitte melden Sie sich mit einem Schlüssel an (Authorization: Bearer …)."),
                         headers=CHALLENGE)
    return current_user


def need_write():
    """A write needs a token with the `write` scope: 401 without a token, 403 with a read-only one."""
    found = token()
    if found is None:
        raise ApiProblem(401, _("Schreiben geht nur mit einem Schlüssel mit dem Recht „schreiben“ "
                                "(Authorization: Bearer …)."), headers=CHALLENGE)
    if "write" not in (found.get("scopes") or []):
        raise ApiProblem(403, _("Dieser Schlüssel darf nur lesen."))
    return current_user

"""Mounting the API v1: its blueprints under /api/v1 (no CSRF: writes need a Bearer token), the OpenAPI
document (/api/v1/openapi.json), the documentation page (/api/v1/docs), the token check before each request and
the ETag after it. `create_app` calls `init_app`."""
import hashlib

from flask import g, request

from ..extensions import csrf
from .base import Api
from .problems import PREFIX, ApiProblem, is_api_request, problem_response

TITLE = "Allianz API"
VERSION = "1.0.0"
DESCRIPTION = """The collaboration network of the alliance as JSON: partners, competencies, fields of action,
projects, ideas (read and write), the network pictures' graphs and the explainable matcher.

**Authentication**: `Authorization: Bearer <token>` with a personal access token made on the account page
(`/konto`). Reads of public data need no token; a `read` token reads what its person may see; writes need a
`write` token. Errors are `application/problem+json` (RFC 9457). Lists take `limit` and `cursor` and answer
with a `Link` header (`rel="next"`); reads carry an `ETag` (send `If-None-Match` for a 304). An idea's ETag
holds its version: send it in `If-Match` to change the idea (a stale one is 412 and changes nothing)."""


SETTINGS = {
    "API_TITLE": TITLE,
    "API_VERSION": VERSION,
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": PREFIX,
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {"description": DESCRIPTION},
        "servers": [{"url": "/"}],
        "components": {"securitySchemes": {"bearer": {
            "type": "http", "scheme": "bearer",
            "description": "a personal access token from /konto (scopes: read, write)"}}},
    },
}


def blueprints():
    """The API's blueprints, in the order the document lists them."""
    from . import catalog, ideas, matching, network, search
    return [*catalog.BLUEPRINTS, ideas.bp, ideas.invitations, network.bp, matching.bp, ideas.me, search.bp]


def init_app(app):
    """Mount the API v1, its document (/api/v1/openapi.json) and its documentation page (/api/v1/docs)."""
    from . import auth, docs, legacy
    for key, value in SETTINGS.items():
        app.config.setdefault(key, value)
    api = Api(app)
    for blueprint in blueprints():
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint)
    legacy.document(api, app)
    app.register_blueprint(docs.bp)
    app.extensions["allianz.api"] = api
    app.before_request(auth.identify)
    for endpoint in sorted(auth.write_endpoints(app)):   # inside the rate limits, which `create_app` adds next
        app.view_functions[endpoint] = auth.writes_need_a_token(app.view_functions[endpoint])
    app.after_request(conditional)
    app.register_error_handler(ApiProblem, lambda error: problem_response(error.status, error.detail,
                                                                          error.errors, error.headers))


def conditional(response):
    """Every successful API read: an ETag (its idea's version first when it has one) and 304 on If-None-Match;
    answers depend on the caller, so caches keep them private and ask again. A write that answers with an idea
    (propose, edit, transition) carries the idea's new ETag too, for the next If-Match."""
    if not is_api_request() or response.direct_passthrough or not 200 <= response.status_code < 300:
        return response
    reading = request.method in ("GET", "HEAD") and response.status_code == 200
    version = g.get("etag_version")
    if not reading and version is None:
        return response
    response.headers["Cache-Control"] = "private, no-cache" if reading else "no-store"
    response.vary.update(("Authorization", "Cookie"))
    if "ETag" not in response.headers:
        digest = hashlib.sha256(response.get_data()).hexdigest()[:20]
        response.set_etag(f"v{version}-{digest}" if version is not None else digest)
    return response.make_conditional(request) if reading else response

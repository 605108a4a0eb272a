"""The JSON API v1 (/api/v1): a second door into the same domain services as the pages (one rule, one audit
record, the same notifications), described by an OpenAPI 3.1 document generated from this code.

flask-smorest builds the document from the blueprints and marshmallow schemas (`schemas.py`); the app keeps
its own error handling (`allianz.errors` answers every /api/v1 error as problem+json, `problems.py`), so
flask-smorest's handler is not registered. `init_app` mounts everything; `create_app` calls it.
"""
import re

from flask import g, request
from flask_smorest import Api as SmorestApi
from flask_smorest import Blueprint as SmorestBlueprint
from webargs.flaskparser import FlaskParser

from .. import api_input
from ..extensions import csrf
from .problems import MEDIA_TYPE, PREFIX, ApiProblem, is_api_request, problem_response

TITLE = "Allianz API"
VERSION = "1.0.0"
DESCRIPTION = """The collaboration network of the alliance as JSON: partners, competencies, fields of action,
projects, ideas (read and write), the network pictures' graphs and the explainable matcher.

**Authentication**: `Authorization: Bearer <token>` with a personal access token made on the account page
(`/konto`). Reads of public data need no token; a `read` token reads what its person may see; writes need a
`write` token. Errors are `application/problem+json` (RFC 9457). Lists take `limit` and `cursor` and answer
with a `Link` header (`rel="next"`); reads carry an `ETag` (send `If-None-Match` for a 304). An idea's ETag
holds its version: send it in `If-Match` to change the idea (a stale one is 412 and changes nothing)."""


class Parser(FlaskParser):
    """webargs' parser reading JSON bodies the app's one way (`allianz.api_input`: size, depth, numbers)."""

    def _raw_load_json(self, req):
        """The body as JSON within the app's limits; 415 when it is not declared as JSON."""
        if not req.mimetype or not (req.mimetype == "application/json" or req.mimetype.endswith("+json")):
            raise ApiProblem(415, "send the body as application/json")
        return api_input.json_body()


class Blueprint(SmorestBlueprint):
    """A blueprint of the API: bodies read through `Parser`; no CSRF (writes need a Bearer token)."""

    ARGUMENTS_PARSER = Parser()


class Api(SmorestApi):
    """flask-smorest's Api with problem+json as the documented error and without its own error handler."""

    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_error_handlers(self):
        """The app's handlers answer API errors (`allianz.errors`)."""

    def _register_responses(self):
        """Document the error responses as problem+json."""
        from http import HTTPStatus

        from flask_smorest.spec import prepare_response
        for status in HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
                prepare_response(response, self.spec, MEDIA_TYPE)
            else:
                prepare_response(response, self.spec, self.DEFAULT_RESPONSE_CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)


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
    from . import catalog, ideas, matching, network
    return [*catalog.BLUEPRINTS, ideas.bp, ideas.invitations, network.bp, matching.bp, ideas.me]


def init_app(app):
    """Mount the API v1, its document (/api/v1/openapi.json) and its documentation page (/api/v1/docs)."""
    from . import auth, docs, legacy
    from .schemas import Problem

    for key, value in SETTINGS.items():
        app.config.setdefault(key, value)
    Api.ERROR_SCHEMA = Problem
    api = Api(app)
    for blueprint in blueprints():
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint)
    legacy.document(api, app)
    app.register_blueprint(docs.bp)
    app.extensions["allianz.api"] = api
    app.before_request(auth.identify)
    app.after_request(conditional)
    app.register_error_handler(ApiProblem, lambda error: problem_response(error.status, error.detail,
                                                                          error.errors, error.headers))


VERSION_TAG = re.compile(r"^v(\d{1,9})(?:-|$)")


def conditional(response):
    """Every successful API read: an ETag (its idea's version first when it has one) and 304 on If-None-Match;
    answers depend on the caller, so caches keep them private and ask again."""
    if not is_api_request() or request.method not in ("GET", "HEAD") or response.status_code != 200 \
            or response.direct_passthrough:
        return response
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.update(("Authorization", "Cookie"))
    if "ETag" not in response.headers:
        import hashlib
        digest = hashlib.sha256(response.get_data()).hexdigest()[:20]
        version = g.get("etag_version")
        response.set_etag(f"v{version}-{digest}" if version is not None else digest)
    return response.make_conditional(request)


def if_match_version():
    """The version an `If-Match` header names (the idea's ETag, or `"v<version>"`): 428 without the header,
    412 when it names no version."""
    header = request.headers.get("If-Match")
    if not header:
        raise ApiProblem(428, "send If-Match with the ETag of the idea as you read it",
                         errors=[{"field": "If-Match", "message": "required"}])
    for tag in request.if_match.as_set():
        found = VERSION_TAG.match(tag)
        if found:
            return int(found.group(1))
    raise ApiProblem(412, "If-Match does not name a version of this idea")

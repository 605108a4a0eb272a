"""The API's building blocks: flask-smorest's Api and Blueprint as the app uses them (bodies read the app's
one way, problem+json documented as the error), and the If-Match check of a versioned write."""
import re

from flask import request
from flask_smorest import Api as SmorestApi
from flask_smorest import Blueprint as SmorestBlueprint
from webargs.flaskparser import FlaskParser

from .. import api_input
from .problems import MEDIA_TYPE, ApiProblem
from .schemas import Problem


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
    """flask-smorest's Api with problem+json as the documented error (every operation's `default` response) and
    without its own error handler."""

    DEFAULT_ERROR_RESPONSE_NAME = "DEFAULT_ERROR"
    ERROR_SCHEMA = Problem

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
        response = {"description": "an error (400, 401, 403, 404, 409, 412, 415, 422, 428, 429, 503 …) as a problem "
                                   "document", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, MEDIA_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


VERSION_TAG = re.compile(r"^v(\d{1,9})(?:-|$)")


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

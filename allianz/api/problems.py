"""Errors of the JSON API as `application/problem+json` (RFC 9457): type, title, status, detail, instance,
and for bad input an `errors` list of {field, message}. Every error under /api/v1 takes this shape: the
app's handlers (`allianz.errors`) ask `is_api_request()` and answer with `problem_response()`."""
from http import HTTPStatus

from flask import current_app, json, request

PREFIX = "/api/v1"
MEDIA_TYPE = "application/problem+json"


class ApiProblem(Exception):
    """An API request that cannot be answered as asked: HTTP `status`, a `detail` for people, field `errors`."""

    def __init__(self, status, detail=None, errors=None, headers=None):
        super().__init__(detail or HTTPStatus(status).phrase)
        self.status, self.detail, self.errors, self.headers = status, detail, errors or [], headers or {}


def is_api_request():
    """True for a request to the JSON API v1."""
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


def field_errors(messages, prefix=""):
    """webargs/marshmallow messages ({location: {field: [text]}} or nested) as [{field, message}]."""
    found = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = str(key) if key not in ("json", "query", "querystring", "headers", "form") or prefix else ""
            found.extend(field_errors(value, f"{prefix}.{name}" if prefix and name else (name or prefix)))
    elif isinstance(messages, (list, tuple)):
        for item in messages:
            if isinstance(item, (dict, list, tuple)):
                found.extend(field_errors(item, prefix))
            else:
                found.append({"field": prefix or None, "message": str(item)})
    else:
        found.append({"field": prefix or None, "message": str(messages)})
    return found


def problem_response(status, detail=None, errors=None, headers=None):
    """The problem document for `status` as a response (never an HTML page)."""
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status,
            "detail": str(detail) if detail else HTTPStatus(status).description,
            "instance": request.path}
    if errors:
        body["errors"] = errors
    response = current_app.response_class(json.dumps(body, ensure_ascii=False), status=status, mimetype=MEDIA_TYPE)
    response.headers["Cache-Control"] = "no-store"
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response

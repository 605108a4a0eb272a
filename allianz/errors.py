"""The handlers that turn the app's exceptions (`allianz.exceptions`) and 404/500 into pages or JSON."""
from flask import g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .api.problems import field_errors, is_api_request, problem_response
from .exceptions import DatabaseUnavailable, InputError
from .extensions import login_manager


def wants_json():
    """Tell whether the client asked for JSON rather than a page."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])  # a tie means a page
    return request.path.startswith("/api/") or request.path.endswith(".json") or best == "application/json"


def error_response(status, title, message):
    """Render the error page (or JSON; under /api/v1 a problem document) for `status`."""
    if is_api_request():
        return problem_response(status, message), status
    if wants_json():
        return jsonify(error=title, message=message, status=status), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def other_http_error(error):
    """Every other HTTP error (405, 415, 422 …): a problem document under /api/v1, else Werkzeug's answer."""
    if not is_api_request():
        return error.get_response()
    data = getattr(error, "data", None) or {}
    errors = field_errors(data["messages"]) if "messages" in data else None
    headers = dict(data.get("headers") or {})
    if error.code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    return problem_response(error.code or 500, error.description if not errors else
                            "the request's input is not valid (see errors)", errors, headers)


def register_error_handlers(app):
    """Attach the 404, 500 and 503 handlers to `app` (and, for the API, every other HTTP error)."""
    app.register_error_handler(HTTPException, other_http_error)

    @app.errorhandler(404)
    def not_found(_error):
        return error_response(404, _("Seite nicht gefunden"),
                              _("Diese Seite gibt es nicht (mehr). Prüfen Sie die Adresse oder beginnen Sie "
                                "auf der Startseite."))

    @app.errorhandler(403)
    def forbidden(_error):
        return error_response(403, _("Kein Zugriff"),
                              _("Diese Seite oder Aktion ist Ihrer Rolle nicht erlaubt."))

    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        return error_response(400, _("Formular abgelaufen"),
                              _("Das Formular war abgelaufen oder unvollständig. Bitte laden Sie die Seite neu "
                                "und senden Sie es noch einmal."))

    @app.errorhandler(InputError)
    def bad_input(error):
        if is_api_request():
            return problem_response(error.status, str(error))
        if error.status == 413:
            return error_response(413, _("Anfrage zu groß"), str(error))
        if wants_json():
            return jsonify(error="bad input", message=str(error), status=400), 400
        return error_response(400, _("Ungültige Eingabe"), str(error))

    @app.errorhandler(413)
    def too_large(_error):
        limit = app.config.get("MAX_CONTENT_LENGTH") or 0
        return error_response(413, _("Anfrage zu groß"),
                              _("Die gesendeten Daten sind zu groß (höchstens %(size)s kB). "
                                "Bitte senden Sie weniger auf einmal.", size=limit // 1024))

    @app.errorhandler(429)
    def too_many(error):
        body, status = error_response(
            429, _("Zu viele Anfragen"),
            _("Sie haben diese Seite in kurzer Zeit sehr oft aufgerufen. Bitte warten Sie einen Moment "
              "und versuchen Sie es dann erneut."))
        retry = getattr(error, "retry_after", None)
        headers = {"Retry-After": str(retry)} if retry else {}
        return body, status, headers

    @app.errorhandler(DatabaseUnavailable)
    def database_unavailable(error):
        app.logger.warning("database unavailable: %s", error)
        # The page must not need the database: show it as to an anonymous visitor (no header menu of the
        # person, no bell), so that loading the logged-in person does not ask Neo4j a second time.
        g._login_user = login_manager.anonymous_user()
        body, status = error_response(
            503, _("Vorübergehend nicht erreichbar"),
            _("Die Datenbank der Allianz ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Minuten "
              "erneut; Ihre Daten sind sicher."))
        return body, status, {"Retry-After": "30"}

    @app.errorhandler(500)
    def internal_error(_error):
        return error_response(500, _("Interner Fehler"),
                              _("Etwas ist schiefgegangen. Der Fehler wurde protokolliert; bitte versuchen Sie "
                                "es später erneut."))

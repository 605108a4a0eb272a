"""The app's own exceptions, and the handlers that turn them (and 404/500) into pages or JSON."""
from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError


class AllianzError(Exception):
    """Base class of the app's own errors."""


class DatabaseUnavailable(AllianzError):
    """Neo4j cannot be reached (down, refused, timed out, wrong credentials)."""


class ConstraintViolation(AllianzError):
    """A write broke a uniqueness constraint (for example a duplicate id)."""


class QueryFailed(AllianzError):
    """Neo4j rejected a query: a bug in the app, never the user's fault."""


class VersionConflict(AllianzError):
    """A save was based on an older version of a node: someone else saved in between.

    `current` holds the node as it is now (a plain dict), so a page can show both versions.
    """

    def __init__(self, label, node_id, version, current=None):
        super().__init__(f"{label} {node_id}: version {version} is no longer current")
        self.label, self.node_id, self.version, self.current = label, node_id, version, current


class NotFound(AllianzError):
    """A write named a node that does not exist (any more)."""


class ImportRejected(AllianzError):
    """An import found problems; nothing was written. `problems` lists them as `file:line: reason`."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s) in the import")
        self.problems = problems


def wants_json():
    """Tell whether the client asked for JSON rather than a page."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])  # a tie means a page
    return request.path.startswith("/api/") or best == "application/json"


def error_response(status, title, message):
    """Render the error page (or JSON) for `status`."""
    if wants_json():
        return jsonify(error=title, message=message, status=status), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def register_error_handlers(app):
    """Attach the 404, 500 and 503 handlers to `app`."""

    @app.errorhandler(404)
    def not_found(_error):
        return error_response(404, _("Seite nicht gefunden"),
                              _("Diese Seite gibt es nicht (mehr). Prüfen Sie die Adresse oder beginnen Sie auf der Startseite."))

    @app.errorhandler(403)
    def forbidden(_error):
        return error_response(403, _("Kein Zugriff"),
                              _("Diese Seite oder Aktion ist Ihrer Rolle nicht erlaubt."))

    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        return error_response(400, _("Formular abgelaufen"),
                              _("Das Formular war abgelaufen oder unvollständig. Bitte laden Sie die Seite neu und senden Sie es noch einmal."))

    @app.errorhandler(DatabaseUnavailable)
    def database_unavailable(error):
        app.logger.warning("database unavailable: %s", error)
        body, status = error_response(
            503, _("Vorübergehend nicht erreichbar"),
            _("Die Datenbank der Allianz ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut; "
              "Ihre Daten sind sicher."))
        return body, status, {"Retry-After": "30"}

    @app.errorhandler(500)
    def internal_error(_error):
        return error_response(500, _("Interner Fehler"),
                              _("Etwas ist schiefgegangen. Der Fehler wurde protokolliert; bitte versuchen Sie es später erneut."))

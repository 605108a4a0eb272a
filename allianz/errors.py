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


class InputError(AllianzError):
    """A request's input is malformed or out of bounds (answered with `status`, 400 unless said)."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


class ImportRejected(AllianzError):
    """An import found problems; nothing was written. `problems` lists them as `file:line: reason`."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s) in the import")
        self.problems = problems


class ImportConflict(AllianzError):
    """The graph changed (another import, an edit) while an import was being checked; nothing was written."""

    def __init__(self, expected, found):
        super().__init__(f"the graph changed while the folder was being checked (revision {expected} → {found}: "
                         "another import or an edit finished first); nothing was written. Run the import again.")


class ImportTooLarge(AllianzError):
    """An import would need more transaction memory than the server allows; checked before writing anything."""

    def __init__(self, needed, allowed, setting, heap):
        super().__init__(
            f"this import needs about {needed / 2**20:,.0f} MB of transaction memory, but the server allows "
            f"{allowed / 2**20:,.0f} MB ({setting}), so Neo4j would refuse it after minutes of work. "
            f"Fix: give Neo4j more heap (the local server: ALLIANZ_LOCAL_NEO4J_HEAP={heap}; your own server: "
            f"server.memory.heap.max_size and {setting}), or import into an emptied database "
            "(docs/operations.md, \"Imports at full scale\").")
        self.needed, self.allowed, self.setting = needed, allowed, setting


class ImportOutcomeUnknown(AllianzError):
    """The connection broke while an import committed, and Neo4j could not be asked afterwards."""

    def __init__(self, run, cause):
        super().__init__(f"the connection to Neo4j broke while import {run} was committing ({cause}), and Neo4j "
                         "could not be asked afterwards whether it was written. When Neo4j is back, run the same "
                         "import again: if it was written, the second run changes nothing.")
        self.run = run


def wants_json():
    """Tell whether the client asked for JSON rather than a page."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])  # a tie means a page
    return request.path.startswith("/api/") or request.path.endswith(".json") or best == "application/json"


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

    @app.errorhandler(InputError)
    def bad_input(error):
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
        body, status = error_response(
            503, _("Vorübergehend nicht erreichbar"),
            _("Die Datenbank der Allianz ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut; "
              "Ihre Daten sind sicher."))
        return body, status, {"Retry-After": "30"}

    @app.errorhandler(500)
    def internal_error(_error):
        return error_response(500, _("Interner Fehler"),
                              _("Etwas ist schiefgegangen. Der Fehler wurde protokolliert; bitte versuchen Sie es später erneut."))

"""Light pages: responses compressed (Flask-Compress: brotli or gzip), static files versioned by their
content (`?v=<hash>` added to every `url_for('static', …)`) and cached for a year when asked for with
the current version; without it (or with an old one) they are revalidated as before. The badges' colours
are a stylesheet generated from the palette (`/palette.css`, `allianz/palette.py`), versioned the same way."""
import hashlib
from pathlib import Path

from flask import Response, abort, request

from . import palette
from .extensions import compress

STATIC_MAX_AGE = 365 * 24 * 3600
COMPRESS_TYPES = ["text/html", "text/css", "text/xml", "text/csv", "application/json", "application/javascript",
                  "text/javascript", "application/graphml+xml", "image/svg+xml"]


def file_versions(folder):
    """{relative path: short hash of its content} of every regular file below `folder`, read once at start-up.

    Only these files are ever served or hashed: a request never makes the app open a path it names."""
    root = Path(folder).resolve()
    versions = {}
    for path in sorted(root.rglob("*")) if root.is_dir() else []:
        if path.is_file() and not path.is_symlink() and root in path.resolve().parents:
            versions[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return versions


def init_app(app):
    """Compress responses and version and cache the static files of `app`."""
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESS_TYPES)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    compress.init_app(app)
    app.add_url_rule("/palette.css", "palette_css", palette_css)
    versions = app.extensions["allianz_static_versions"] = file_versions(app.static_folder)
    serve_file = app.view_functions["static"]

    def static(filename):
        """A file of the static folder as it was at start-up; any other name is a 404 before any read."""
        if filename not in versions:
            abort(404)
        return serve_file(filename=filename)
    app.view_functions["static"] = static

    @app.url_defaults
    def add_version(endpoint, values):
        """Every link to a static file carries its content's version."""
        if endpoint == "palette_css" and "v" not in values:
            values["v"] = palette.version()
        if endpoint == "static" and "filename" in values and "v" not in values:
            found = versions.get(values["filename"])
            if found:
                values["v"] = found

    @app.after_request
    def cache_versioned(response):
        """A static file asked for with its current version may be kept for a year, unchanged."""
        current = (palette.version() if request.endpoint == "palette_css" else
                   versions.get((request.view_args or {}).get("filename", ""))
                   if request.endpoint == "static" else None)
        if current and response.status_code == 200 and request.args.get("v") == current:
            response.headers["Cache-Control"] = f"public, max-age={STATIC_MAX_AGE}, immutable"
        return response


def palette_css():
    """The badges' colours, generated from the palette of `allianz.vocabulary`."""
    return Response(palette.stylesheet(), mimetype="text/css")

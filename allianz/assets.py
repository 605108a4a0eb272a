"""Light pages: responses compressed (Flask-Compress: brotli or gzip), static files versioned by their
content (`?v=<hash>` added to every `url_for('static', …)`) and cached for a year when asked for with
the current version; without it (or with an old one) they are revalidated as before. The badges' colours
are a stylesheet generated from the palette (`/palette.css`, `allianz/palette.py`), versioned the same way."""
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Response, request

from . import palette
from .extensions import compress

STATIC_MAX_AGE = 365 * 24 * 3600
COMPRESS_TYPES = ["text/html", "text/css", "text/xml", "text/csv", "application/json", "application/javascript",
                  "text/javascript", "application/graphml+xml", "image/svg+xml"]


@lru_cache(maxsize=512)
def version_of(folder, filename):
    """A short hash of a static file's content ("" when there is no such file)."""
    path = Path(folder) / filename
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return ""


def init_app(app):
    """Compress responses and version and cache the static files of `app`."""
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESS_TYPES)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    compress.init_app(app)
    app.add_url_rule("/palette.css", "palette_css", palette_css)

    @app.url_defaults
    def add_version(endpoint, values):
        """Every link to a static file carries its content's version."""
        if endpoint == "palette_css" and "v" not in values:
            values["v"] = palette.version()
        if endpoint == "static" and "filename" in values and "v" not in values:
            found = version_of(app.static_folder, values["filename"])
            if found:
                values["v"] = found

    @app.after_request
    def cache_versioned(response):
        """A static file asked for with its current version may be kept for a year, unchanged."""
        current = (palette.version() if request.endpoint == "palette_css" else
                   version_of(app.static_folder, request.view_args.get("filename", ""))
                   if request.endpoint == "static" else None)
        if current and response.status_code == 200 and request.args.get("v") == current:
            response.headers["Cache-Control"] = f"public, max-age={STATIC_MAX_AGE}, immutable"
        return response


def palette_css():
    """The badges' colours, generated from the palette of `allianz.vocabulary`."""
    return Response(palette.stylesheet(), mimetype="text/css")

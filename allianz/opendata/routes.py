"""Open data (read-only, public): the page, the files in each format, the DCAT-AP.de catalogue; and the
coordinators' choice of what is left out (POST, from the partner's and the project's page)."""
import hashlib
from datetime import datetime, timezone

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import coordinator_required
from ..exceptions import NotFound, VersionConflict
from . import service
from .forms import ChoiceForm

bp = Blueprint("opendata", __name__, url_prefix="/offene-daten")

MAX_AGE = 300  # seconds a client or proxy may keep a file before asking again (a new revision: new ETag)
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonld": "application/ld+json", "zip": "application/zip",
               "graphml": "application/xml", "ttl": "text/turtle; charset=utf-8"}


def served(found, media_type, filename):
    """A file of the open data (`service.file`): its licence and the date of the set it comes from as headers, an
    ETag of its bytes, 304 when the client has it."""
    meta = service.about()
    response = Response(found["body"], mimetype=media_type)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Link"] = f'<{meta["licence"]}>; rel="license"'
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.set_etag(hashlib.sha256(found["body"]).hexdigest()[:32])
    response.last_modified = datetime.fromisoformat(found["modified"]).replace(tzinfo=timezone.utc)
    return response.make_conditional(request)


@bp.errorhandler(service.Building)
def building(error):
    """While the first files of a large graph are built in the background: 503 with Retry-After and a page that
    reloads itself (as the network's "wird berechnet")."""
    message = _("Die offenen Daten werden gerade erstellt (seit %(seconds)s s). Bei großen Netzen dauert das einige "
                "Sekunden; die Seite lädt sich selbst neu.", seconds=error.seconds)
    headers = {"Retry-After": str(service.RETRY_AFTER), "Cache-Control": "no-store"}
    return render_template("pending.html", message=message, what="files", refresh=service.RETRY_AFTER,
                           again=request.full_path.rstrip("?"), place="offene-daten"), 503, headers


@bp.route("/")
def index():
    """The open data: every dataset with its files, the licence, the date and the catalogue."""
    formats = {"csv": "CSV", "zip": _("ZIP (CSV-Dateien)"), "jsonld": "JSON-LD", "graphml": "GraphML"}
    return render_template("opendata/index.html", formats=formats, **service.overview())


# Every file: its address, endpoint (the rate limits name it), the kinds its address takes (None: one file), its key
# in the set of files (`service.build_files`, from the kind, if any), its format (MEDIA_TYPES) and its file name.
FILES = (
    ("/<kind>.csv", "csv", service.KINDS, lambda kind: ("csv", kind), "csv", "{kind}.csv"),
    ("/allianz.zip", "archive", None, lambda: ("zip",), "zip", "allianz-offene-daten.zip"),
    ("/<kind>.jsonld", "jsonld", service.JSONLD_KINDS, lambda kind: ("jsonld", kind), "jsonld", "{kind}.jsonld"),
    ("/netzwerk.graphml", "graphml", None, lambda: ("graphml",), "graphml", "netzwerk.graphml"),
    ("/katalog.ttl", "catalogue_ttl", None, lambda: ("catalogue", "ttl"), "ttl", "katalog.ttl"),
    ("/katalog.jsonld", "catalogue_jsonld", None, lambda: ("catalogue", "jsonld"), "jsonld", "katalog.jsonld"),
)


def file_view(endpoint, kinds, key, extension, filename):
    """The view of one row of FILES: the file (of `kind`, 404 for a kind it does not offer), as `served` answers."""
    def view(kind=None):
        if kinds is None:
            found = service.file(key())
        elif kind in kinds:
            found = service.file(key(kind))
        else:
            abort(404)
        return served(found, MEDIA_TYPES[extension], filename.format(kind=kind))
    view.__name__ = view.__qualname__ = endpoint  # each its own name: the rate limiter keys its limits by it
    view.__doc__ = f"The open data's file {filename}."
    return view


for rule, endpoint, kinds, key, extension, filename in FILES:
    bp.add_url_rule(rule, endpoint, file_view(endpoint, kinds, key, extension, filename))


# -- the coordinators' choice ---------------------------------------------------------------------------------------
CHOICES = {"partner": ("Partner", "partners.detail"), "projekt": ("Project", "projects.detail")}


@bp.route("/<any(partner, projekt):what>/<id>", methods=["POST"])
@coordinator_required
def choose(what, id):  # noqa: A002 - the URL's name for it
    """Put a partner or project in the open data or leave it out (version-checked, audited)."""
    label, page = CHOICES[what]
    found = service.publication(label, id)
    if found is None:
        abort(404)
    form = ChoiceForm()
    if not form.validate_on_submit():
        abort(400)
    published = form.published.data == "1"
    if not found["choosable"]:
        flash(_("Entwürfe und nicht öffentliche Ideen sind nie in den offenen Daten."), "error")
        return redirect(url_for(page, id=id), code=303)
    try:
        service.choose(label, id, published, int(form.version.data), current_user.id)
    except VersionConflict:
        flash(_("Jemand hat inzwischen etwas geändert; bitte prüfen und erneut wählen."), "error")
        return redirect(url_for(page, id=id), code=303)
    except NotFound:
        abort(404)
    if published:
        flash(_("Ist jetzt in den offenen Daten."), "success")
    else:
        flash(_("Ist jetzt nicht mehr in den offenen Daten."), "success")
    return redirect(url_for(page, id=id), code=303)

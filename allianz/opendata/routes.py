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


def served(body, media_type, filename):
    """A file of the open data: its licence and date as headers, an ETag of its bytes, 304 when the client has it."""
    meta = service.about()
    response = Response(body, mimetype=media_type)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Link"] = f'<{meta["licence"]}>; rel="license"'
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.last_modified = datetime.fromisoformat(service.summary()[1]).replace(tzinfo=timezone.utc)
    return response.make_conditional(request)


@bp.route("/")
def index():
    """The open data: every dataset with its files, the licence, the date and the catalogue."""
    formats = {"csv": "CSV", "zip": _("ZIP (CSV-Dateien)"), "jsonld": "JSON-LD", "graphml": "GraphML"}
    return render_template("opendata/index.html", formats=formats, **service.overview())


@bp.route("/<kind>.csv")
def csv(kind):
    """One file of the exchange format (partners.csv, projects.csv, …)."""
    if kind not in service.KINDS:
        abort(404)
    return served(service.csv_file(kind), MEDIA_TYPES["csv"], f"{kind}.csv")


@bp.route("/allianz.zip")
def archive():
    """Every exchange file and LIESMICH.txt as a zip (what `allianz import` reads, unpacked)."""
    return served(service.archive(), MEDIA_TYPES["zip"], "allianz-offene-daten.zip")


@bp.route("/<kind>.jsonld")
def jsonld(kind):
    """JSON-LD (schema.org) of one kind, or of everything ("allianz")."""
    if kind not in service.JSONLD_KINDS:
        abort(404)
    return served(service.jsonld(kind), MEDIA_TYPES["jsonld"], f"{kind}.jsonld")


@bp.route("/netzwerk.graphml")
def graphml():
    """The partners–projects network as GraphML."""
    return served(service.graphml(), MEDIA_TYPES["graphml"], "netzwerk.graphml")


@bp.route("/katalog.ttl")
def catalogue_ttl():
    """The DCAT-AP.de catalogue as Turtle (what a city's open-data portal harvests)."""
    return served(service.catalogue_file("ttl"), MEDIA_TYPES["ttl"], "katalog.ttl")


@bp.route("/katalog.jsonld")
def catalogue_jsonld():
    """The DCAT-AP.de catalogue as JSON-LD."""
    return served(service.catalogue_file("jsonld"), MEDIA_TYPES["jsonld"], "katalog.jsonld")


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

"""Partner pages (read-only): the filterable list and one partner's profile, projects and network."""
import re

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale

from .. import revision
from ..db import get_graph, query, query_one
from ..fields import queries as field_queries
from ..labels import competency_name, field_name
from ..listing import current_page, name_key
from . import queries
from .forms import PartnerFilter

bp = Blueprint("partners", __name__, url_prefix="/partner")

CO_PARTNER_LIMIT = 50
SHARED_PROJECTS_SHOWN = 5  # per co-partner; the count says how many there are
PROJECTS_PER_PAGE = 25
WEB_ADDRESS = re.compile(r"^https?://", re.IGNORECASE)


def field_choices():
    """(key, name) of every field of action, by name in the UI language."""
    fields = sorted(query(field_queries.ALL), key=lambda f: name_key(field_name(f)))
    return [(f["key"], field_name(f)) for f in fields]


@bp.route("/")
def index():
    """Partners by name, filtered by kind, field and a name search; one page at a time."""
    form = PartnerFilter(request.args, field_choices())
    form.validate()
    filters = form.filters()
    params = {"kind": filters.get("kind"), "field": filters.get("field"), "q": filters.get("q")}
    total = query_one(queries.COUNT, **params)["total"]
    page = current_page(total)
    partners = query(queries.PAGE, skip=page.skip, limit=page.size, **params) if total else []
    return render_template("partners/index.html", form=form, filters=filters, page=page, partners=partners)


def country_name(code):
    """A country's name in the UI language for its ISO code (the code itself when unknown)."""
    if not code:
        return ""
    return get_locale().territories.get(code.upper(), code)


def display_name(competency):
    """A competency's name in the UI language, or its id when it has none."""
    return competency_name(competency) or competency["id"]


def group_competencies(rows):
    """The partner's competencies grouped under their broader competency, by name.

    Returns a list of groups {competency, level, held, items}: `competency` is the broader one
    (or a top-level one the partner holds itself), `held` tells whether the partner holds it,
    with `level`; `items` are the narrower ones the partner holds, highest level first.
    """
    groups = {}
    for row in rows:
        head = row["broader"] or row["competency"]
        group = groups.setdefault(head["id"], {"competency": head, "level": None, "held": False, "items": []})
        if row["broader"]:
            group["items"].append(row)
        else:
            group.update(level=row["level"], held=True)
    for group in groups.values():
        group["items"].sort(key=lambda r: (-(r["level"] or 0), name_key(display_name(r["competency"]))))
    return sorted(groups.values(), key=lambda g: name_key(display_name(g["competency"])))


def project_lists(id):  # noqa: A002 - the URL's name for it
    """The partner's co-partners (summarised) and one page of its projects, kept per graph revision:
    for the busiest partners these are the page's expensive part."""
    def read():
        co_partners = query_one(queries.CO_PARTNERS, id=id, limit=CO_PARTNER_LIMIT, projects=SHARED_PROJECTS_SHOWN)
        page = current_page(query_one(queries.PROJECT_COUNT, id=id)["total"], size=PROJECTS_PER_PAGE)
        projects = query(queries.PROJECTS, id=id, skip=page.skip, limit=page.size)
        return co_partners or {"total": 0, "partners": []}, page, projects
    return revision.memo(get_graph(), ("partner-lists", id, request.args.get("page", 1, type=int)), read)


@bp.route("/<id>")
def detail(id):  # noqa: A002 - the URL's name for it
    """One partner: profile, fields, competencies, projects and the partners it worked with."""
    found = query_one(queries.PARTNER, id=id)
    if found is None:
        abort(404)
    partner = found["partner"]
    website = partner.get("website") or ""
    co_partners, project_page, projects = project_lists(id)
    return render_template(
        "partners/detail.html", partner=partner, fields=found["fields"],
        website_url=website if WEB_ADDRESS.match(website) else None,
        country_name=country_name(partner.get("country")),
        competency_groups=group_competencies(query(queries.COMPETENCIES, id=id)),
        projects=projects, project_page=project_page,
        co_partners=co_partners["partners"], co_partner_total=co_partners["total"])

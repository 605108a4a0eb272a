"""The alliance as JSON: partners, competencies, fields of action and projects (reads; the pages' filters).

Each route calls the same read model as its page; the visibility rules come with it (public projects only,
contact persons only for people logged in).
"""
from flask import url_for
from flask_login import current_user

from ..competencies import service as competencies
from ..fields import service as fields
from ..labels import competency_name
from ..listing import name_key
from ..partners import service as partners
from ..projects import service as projects
from . import schemas
from .base import Blueprint
from .convert import jsonable
from .paging import Window
from .problems import ApiProblem

partners_bp = Blueprint("api_v1_partners", __name__, url_prefix="/api/v1/partners",
                        description="Partners of the alliance (as on /partner/).")
competencies_bp = Blueprint("api_v1_competencies", __name__, url_prefix="/api/v1/competencies",
                            description="The vocabulary of competencies (as on /kompetenzen/).")
fields_bp = Blueprint("api_v1_fields", __name__, url_prefix="/api/v1/fields",
                      description="The fields of action (Handlungsfelder).")
projects_bp = Blueprint("api_v1_projects", __name__, url_prefix="/api/v1/projects",
                        description="Projects (as on /projekte/): public ones only.")
BLUEPRINTS = (partners_bp, competencies_bp, fields_bp, projects_bp)

LIST_HEADERS = {"Link": {"description": 'RFC 8288 links: rel="first", rel="next"', "schema": {"type": "string"}},
                "ETag": {"description": "send it in If-None-Match to get 304 when nothing changed",
                         "schema": {"type": "string"}}}
ONE_HEADERS = {"ETag": LIST_HEADERS["ETag"]}
FIELD_EXAMPLE = {"key": "mobilitaet", "name_de": "Mobilität", "name_en": "Mobility"}


def not_found(what):
    """404 as a problem document."""
    return ApiProblem(404, f"there is no such {what} (or you may not see it)")


# -- partners ----------------------------------------------------------------------------------------------
@partners_bp.route("")
@partners_bp.arguments(schemas.PartnerArgs, location="query", as_kwargs=True)
@partners_bp.response(200, schemas.PartnerList, headers=LIST_HEADERS, example={
    "items": [{"id": "p02", "name": "Stadtwerke Musterstadt", "short_name": "SWM", "kind": "city_company",
               "fields": [FIELD_EXAMPLE], "projects": 7}],
    "total": 38, "limit": 20, "next_cursor": "eyJvIjoyMCwiZiI6IjQ0MTM2ZmE4In0"})
def list_partners(**args):
    """List partners by name, filtered by kind, field and a part of the name."""
    filters = {key: args.get(key) for key in ("q", "kind", "field")}
    window = Window(args, filters)
    total = partners.partner_count(filters)
    rows = partners.partner_rows(filters, window.skip, window.size) if total > window.skip else []
    return window.answer(rows, total)


@partners_bp.route("/<id>")
@partners_bp.response(200, schemas.Partner, headers=ONE_HEADERS, example={
    "id": "p02", "profile": {"id": "p02", "name": "Stadtwerke Musterstadt", "kind": "city_company",
                             "website": "https://stadtwerke.example"},
    "fields": [FIELD_EXAMPLE], "competencies": [{"id": "energie", "name": "Energie", "level": 3, "broader": None}],
    "projects": [{"id": "pr07", "title": "Ladesäulen im Quartier", "status": "active", "role": "lead"}],
    "project_total": 7, "contacts": []})
def partner(id):  # noqa: A002 - the URL's name for it
    """One partner: profile, fields, competencies, the first page of its projects, the contacts you may see."""
    found = partners.partner_page(id, 1, current_user)
    if found is None:
        raise not_found("partner")
    held = []
    for group in found["competency_groups"]:
        if group["held"]:
            held.append({**group["competency"], "level": group["level"], "broader": None})
        held.extend({**item["competency"], "level": item["level"], "broader": group["competency"]["id"]}
                    for item in group["items"])
    return jsonable({"id": id, "profile": found["partner"], "fields": found["fields"], "competencies": held,
                     "projects": found["projects"], "project_total": found["project_page"].total,
                     "contacts": found["contacts"]})


# -- competencies ------------------------------------------------------------------------------------------
@competencies_bp.route("")
@competencies_bp.arguments(schemas.CompetencyArgs, location="query", as_kwargs=True)
@competencies_bp.response(200, schemas.CompetencyList, headers=LIST_HEADERS, example={
    "items": [{"id": "sensorik", "name": "Sensorik", "name_en": "Sensor technology", "broader": "daten",
               "partners": 4, "projects": 2}], "total": 67, "limit": 20, "next_cursor": None})
def list_competencies(**args):
    """List the vocabulary by name, optionally only competencies whose name or id contains `q`."""
    window = Window(args, {"q": args.get("q")})
    needle = name_key((args.get("q") or "").strip())
    rows = [{**row["competency"], "broader": row["broader"], "partners": row["partners"],
             "projects": row["projects"]} for row in competencies.care_rows()]
    if needle:
        rows = [row for row in rows if any(needle in name_key(row.get(key)) for key in ("id", "name", "name_en"))]
    return window.answer(window.of(rows), len(rows))


@competencies_bp.route("/<id>")
@competencies_bp.response(200, schemas.Competency, headers=ONE_HEADERS, example={
    "id": "sensorik", "name": "Sensorik", "name_en": "Sensor technology", "broader": [{"id": "daten"}],
    "narrower": [], "partners": [{"id": "p05", "name": "Sensorwerk GmbH", "kind": "company", "level": 3}],
    "partner_total": 4, "projects": [{"id": "pr03", "title": "Luftmessnetz", "status": "completed"}]})
def competency(id):  # noqa: A002 - the URL's name for it
    """One competency: broader and narrower ones, the first page of partners that have it, projects that need it."""
    found = competencies.competency_page(id)
    if found is None:
        raise not_found("competency")
    return jsonable({**found["competency"], "broader": found["broader"], "narrower": found["narrower"],
                     "partners": found["partners"], "partner_total": found["page"].total,
                     "projects": found["projects"]})


# -- fields of action ----------------------------------------------------------------------------------------
@fields_bp.route("")
@fields_bp.arguments(schemas.ListArgs, location="query", as_kwargs=True)
@fields_bp.response(200, schemas.FieldList, headers=LIST_HEADERS, example={
    "items": [{**FIELD_EXAMPLE, "partners": 12, "projects": 9}], "total": 6, "limit": 20, "next_cursor": None})
def list_fields(**args):
    """List the fields of action with how many partners and public projects each has."""
    window = Window(args, {})
    rows = fields.fields_with_counts()
    return window.answer(window.of(rows), len(rows))


@fields_bp.route("/<key>")
@fields_bp.response(200, schemas.Field, headers=ONE_HEADERS, example={
    **FIELD_EXAMPLE, "partners": [{"id": "p02", "name": "Stadtwerke Musterstadt", "kind": "city_company",
                                   "projects": 3}],
    "partner_total": 12, "projects": [{"id": "pr07", "title": "Ladesäulen im Quartier", "status": "active"}],
    "project_total": 9})
def field(key):
    """One field of action: the first page of its partners and of its projects."""
    found = fields.field_page(key)
    if found is None:
        raise not_found("field of action")
    return jsonable({**found["field"], "partners": found["partners"], "partner_total": found["page"].total,
                     "projects": found["projects"], "project_total": found["project_total"]})


# -- projects ----------------------------------------------------------------------------------------------
@projects_bp.route("")
@projects_bp.arguments(schemas.ProjectArgs, location="query", as_kwargs=True)
@projects_bp.response(200, schemas.ProjectList, headers=LIST_HEADERS, example={
    "items": [{"id": "pr07", "title": "Ladesäulen im Quartier", "status": "active", "started": "2025-03-01",
               "ended": None, "fields": [FIELD_EXAMPLE], "team_size": 4}],
    "total": 28, "limit": 20, "next_cursor": "eyJvIjoyMCwiZiI6IjNhYjQ1In0"})
def list_projects(**args):
    """List public projects by title (or newest first), filtered by status, field and a part of the title."""
    filters = {key: args.get(key) for key in ("status", "field", "q")}
    window = Window(args, {**filters, "sort": args["sort"]})
    total = projects.count(**filters)
    rows = projects.page(args["sort"], window.skip, window.size, **filters) if total > window.skip else []
    return window.answer(jsonable(rows), total)


@projects_bp.route("/<id>")
@projects_bp.response(200, schemas.Project, headers=ONE_HEADERS, example={
    "id": "pr07", "title": "Ladesäulen im Quartier", "summary": "Demodaten: …", "status": "active",
    "started": "2025-03-01", "ended": None, "fields": [FIELD_EXAMPLE], "team_size": 1,
    "team": [{"id": "p02", "name": "Stadtwerke Musterstadt", "role": "lead"}],
    "needs": [{"id": "energie", "name": "Energie", "importance": 3, "holders": ["p02"]}]})
def project(id):  # noqa: A002 - the URL's name for it
    """One project (public ones; ideas in draft only for their team and coordinators) with its team and needs."""
    found = projects.project(id, current_user)
    if found is None:
        raise not_found("project")
    team = projects.team(id)
    needs = [{**row, "label": competency_name(row["competency"]) or row["competency"]["id"]}
             for row in projects.needs(id)]
    return jsonable({**found["project"], "fields": found["fields"], "team": team, "team_size": len(team),
                     "needs": needs, "url": url_for("projects.detail", id=id)})

"""Project pages (read-only): the filterable list and one project with its needs and team."""
from datetime import date

from flask import Blueprint, abort, render_template, request

from .. import visibility
from ..db import query, query_one
from ..fields import queries as field_queries
from ..labels import competency_name, field_name
from ..listing import current_page, name_key
from ..matching import recommendations_for_project
from ..vocabulary import OPEN_STATUSES  # projects that still look for partners
from . import queries
from .forms import DEFAULT_SORT, ProjectFilter

bp = Blueprint("projects", __name__, url_prefix="/projekte")


def field_choices():
    """(key, name) of every field of action, by name in the UI language."""
    fields = sorted(query(field_queries.ALL), key=lambda f: name_key(field_name(f)))
    return [(f["key"], field_name(f)) for f in fields]


@bp.route("/")
def index():
    """Projects filtered by status, field and a title search, in the chosen order; one page at a time."""
    form = ProjectFilter(request.args, field_choices())
    form.validate()
    filters = form.filters()
    sort = form.sort_key()
    params = {"status": filters.get("status"), "field": filters.get("field"), "q": filters.get("q")}
    total = query_one(queries.COUNT, **params)["total"]
    page = current_page(total)
    projects = query(queries.PAGE[sort], skip=page.skip, limit=page.size, **params) if total else []
    link_args = {**filters, **({"sort": sort} if sort != DEFAULT_SORT else {})}
    return render_template("projects/index.html", form=form, filters=filters, link_args=link_args,
                           page=page, projects=projects)




def may_see_project(project_id):
    """The one visibility rule (allianz/visibility.py): drafts written in the app only for their team."""
    from flask_login import current_user
    return visibility.may_see(project_id, current_user)


@bp.route("/<id>")
def detail(id):  # noqa: A002 - the URL's name for it
    """One project: status, summary, dates, fields, needed competencies (covered or not) and team."""
    found = query_one(queries.PROJECT, id=id)
    if found is None or not may_see_project(id):
        abort(404)
    needs = sorted(query(queries.NEEDS, id=id),
                   key=lambda n: name_key(competency_name(n["competency"]) or n["competency"]["id"]))
    recommendations = None
    if found["project"]["status"] in OPEN_STATUSES:
        recommendations = recommendations_for_project(id)
    return render_template("projects/detail.html", project=found["project"], fields=found["fields"],
                           needs=needs, uncovered=sum(1 for n in needs if not n["holders"]),
                           team=query(queries.TEAM, id=id), today=date.today(), recommendations=recommendations)

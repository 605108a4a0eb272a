"""Project pages (read-only): the filterable list and one project with its needs and team."""
from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from ..accounts.permissions import can_coordinate
from ..fields.service import field_choices
from ..listing import current_page
from ..opendata import service as opendata
from . import service
from .forms import DEFAULT_SORT, ProjectFilter

bp = Blueprint("projects", __name__, url_prefix="/projekte")


@bp.route("/")
def index():
    """Projects filtered by status, field and a title search, in the chosen order; one page at a time."""
    form = ProjectFilter(request.args, field_choices())
    form.validate()
    filters = form.filters()
    sort = form.sort_key()
    params = {"status": filters.get("status"), "field": filters.get("field"), "q": filters.get("q")}
    total = service.count(**params)
    page = current_page(total)
    projects = service.page(sort, page.skip, page.size, **params) if total else []
    link_args = {**filters, **({"sort": sort} if sort != DEFAULT_SORT else {})}
    return render_template("projects/index.html", form=form, filters=filters, link_args=link_args,
                           page=page, projects=projects)


@bp.route("/<id>")
def detail(id):  # noqa: A002 - the URL's name for it
    """One project: status, summary, dates, fields, needed competencies (covered or not) and team."""
    found = service.project(id, current_user)
    if found is None:
        abort(404)
    if service.is_idea(found["project"]):  # one page per idea: its own, with team, decisions and discussion
        return redirect(url_for("ideas.detail", id=id))
    needs = service.needs(id)
    return render_template("projects/detail.html", project=found["project"], fields=found["fields"],
                           needs=needs, uncovered=sum(1 for n in needs if not n["holders"]),
                           team=service.team(id), today=date.today(),
                           publication=opendata.publication("Project", id) if can_coordinate(current_user) else None)

"""Project pages (read-only): the filterable list and one project with its needs and team."""
from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from ..accounts.permissions import can_coordinate
from ..fields.service import field_choices
from ..listing import current_page
from ..matching import recommendations_for_project
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
    needs = service.needs(id)
    is_open = service.is_open(found["project"])
    return render_template("projects/detail.html", project=found["project"], fields=found["fields"],
                           needs=needs, uncovered=sum(1 for n in needs if not n["holders"]), is_open=is_open,
                           team=service.team(id), today=date.today(),
                           recommendations=recommendations_for_project(id) if is_open else None,
                           publication=opendata.publication("Project", id) if can_coordinate(current_user) else None)

"""Pages of the fields of action (read-only): all fields with counts, and one field's partners and projects."""
from flask import Blueprint, abort, render_template

from ..db import query, query_one
from ..labels import field_name
from ..listing import current_page, name_key
from . import queries

bp = Blueprint("fields", __name__, url_prefix="/handlungsfelder")


@bp.route("/")
def index():
    """The fields of action with how many partners and projects each has, by name in the UI language."""
    fields = sorted(query(queries.FIELDS), key=lambda f: name_key(field_name(f)))
    return render_template("fields/index.html", fields=fields)


@bp.route("/<key>")
def detail(key):
    """One field of action: its partners (one page at a time) and its projects (the first page of them,
    with a link to the project list filtered by the field for the rest)."""
    found = query_one(queries.FIELD, key=key)
    if found is None:
        abort(404)
    total = query_one(queries.PARTNER_COUNT, key=key)["total"]
    page = current_page(total)
    partners = query(queries.PARTNERS, key=key, skip=page.skip, limit=page.size) if total else []
    return render_template("fields/detail.html", field=found["field"], partners=partners, page=page,
                           projects=query(queries.PROJECTS, key=key, limit=page.size),
                           project_total=query_one(queries.PROJECT_COUNT, key=key)["total"])

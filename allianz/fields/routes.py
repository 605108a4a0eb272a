"""Pages of the fields of action (read-only): all fields with counts, and one field's partners and projects."""
from flask import Blueprint, abort, render_template

from . import service

bp = Blueprint("fields", __name__, url_prefix="/handlungsfelder")


@bp.route("/")
def index():
    """The fields of action with how many partners and projects each has, by name in the UI language."""
    return render_template("fields/index.html", fields=service.fields_with_counts())


@bp.route("/<key>")
def detail(key):
    """One field of action: its partners (one page at a time) and its projects (the first page of them,
    with a link to the project list filtered by the field for the rest)."""
    found = service.field_page(key)
    if found is None:
        abort(404)
    return render_template("fields/detail.html", **found)

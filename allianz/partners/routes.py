"""Partner pages (read-only): the filterable list and one partner's profile, projects and network."""
from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from ..accounts.permissions import can_coordinate
from ..fields.service import field_choices
from ..opendata import service as opendata
from ..text import is_web_address
from . import service
from .forms import PartnerFilter

bp = Blueprint("partners", __name__, url_prefix="/partner")


@bp.route("/")
def index():
    """Partners by name, filtered by kind, field and a name search; one page at a time."""
    form = PartnerFilter(request.args, field_choices())
    form.validate()
    filters = form.filters()
    page, partners = service.partner_list(filters)
    return render_template("partners/index.html", form=form, filters=filters, page=page, partners=partners)


@bp.route("/<id>")
def detail(id):  # noqa: A002 - the URL's name for it
    """One partner: profile, fields, competencies, projects and the partners it worked with."""
    found = service.partner_page(id, request.args.get("page", 1, type=int), current_user)
    if found is None:
        abort(404)
    website = found["partner"].get("website")
    publication = opendata.publication("Partner", id) if can_coordinate(current_user) else None
    return render_template("partners/detail.html", **found, publication=publication,
                           website_url=website if is_web_address(website) else None)

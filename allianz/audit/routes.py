"""The audit trail for coordinators: per partner and per person, newest first, paginated."""
from flask import Blueprint, abort, render_template

from ..accounts.permissions import coordinator_required
from . import service

bp = Blueprint("audit", __name__, url_prefix="/koordination/verlauf")


@bp.route("/partner/<id>")
@coordinator_required
def partner(id):  # noqa: A002 - the URL's name for it
    """Every recorded change of one partner (profile, competencies, contacts, creation)."""
    found = service.partner_name(id)
    if found is None:
        abort(404)
    page, events = service.partner_trail(id)
    return render_template("audit/trail.html", title=found["name"], page=page, events=events,
                           endpoint="audit.partner", args={"id": id})


@bp.route("/person/<user_id>")
@coordinator_required
def person(user_id):
    """What one person did, and what was done to their account."""
    found = service.person_name(user_id)
    if found is None:
        abort(404)
    page, events = service.person_trail(user_id)
    return render_template("audit/trail.html", title=found["name"] or found["email"], page=page, events=events,
                           endpoint="audit.person", args={"user_id": user_id})

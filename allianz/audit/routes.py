"""The audit trail for coordinators: per partner and per person, newest first, paginated."""
import json

from flask import Blueprint, abort, render_template

from ..accounts.permissions import coordinator_required
from ..accounts.service import find_by_id
from ..db import query, query_one
from ..listing import current_page
from . import queries

bp = Blueprint("audit", __name__, url_prefix="/koordination/verlauf")

PARTNER_NAME = "MATCH (p:Partner {id: $id}) RETURN p.id AS id, p.name AS name"


def with_changes(rows):
    """The events with their changes parsed: [{…event, changes: [(field, before, after)]}]."""
    events = []
    for row in rows:
        event = row["event"]
        changes = json.loads(event.get("changes_json") or "{}")
        events.append({**event, "changes": [(key, values[0], values[1]) for key, values in changes.items()]})
    return events


def trail(count_query, page_query, **params):
    """One page of a trail: (page, events)."""
    total = query_one(count_query, **params)["total"]
    page = current_page(total)
    rows = query(page_query, skip=page.skip, limit=page.size, **params) if total else []
    return page, with_changes(rows)


@bp.route("/partner/<id>")
@coordinator_required
def partner(id):  # noqa: A002 - the URL's name for it
    """Every recorded change of one partner (profile, competencies, contacts, creation)."""
    found = query_one(PARTNER_NAME, id=id)
    if found is None:
        abort(404)
    page, events = trail(queries.COUNT_FOR_TARGET, queries.PAGE_FOR_TARGET, target_label="Partner", target_id=id)
    return render_template("audit/trail.html", title=found["name"], page=page, events=events,
                           endpoint="audit.partner", args={"id": id})


@bp.route("/person/<user_id>")
@coordinator_required
def person(user_id):
    """What one person did, and what was done to their account."""
    found = find_by_id(user_id)
    if found is None:
        abort(404)
    page, events = trail(queries.COUNT_FOR_PERSON, queries.PAGE_FOR_PERSON, user_id=user_id)
    return render_template("audit/trail.html", title=found["name"] or found["email"], page=page, events=events,
                           endpoint="audit.person", args={"user_id": user_id})

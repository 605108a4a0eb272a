"""Reading the audit trail: one page of events per partner or per person, with their changes parsed."""
import json

from ..db import query, query_one
from ..listing import current_page
from . import queries


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


def partner_name(partner_id):
    """{id, name} of a partner, or None."""
    return query_one(queries.PARTNER_NAME, id=partner_id)


def person_name(user_id):
    """{id, name, email} of a person (never more of the account), or None."""
    return query_one(queries.PERSON_NAME, id=user_id)


def partner_trail(partner_id):
    """(page, events): every recorded change of one partner, newest first."""
    return trail(queries.COUNT_FOR_TARGET, queries.PAGE_FOR_TARGET, target_label="Partner", target_id=partner_id)


def person_trail(user_id):
    """(page, events): what one person did, and what was done to their account, newest first."""
    return trail(queries.COUNT_FOR_PERSON, queries.PAGE_FOR_PERSON, user_id=user_id)

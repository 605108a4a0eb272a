"""The idea list's filters: a partner typed by name, the needed competencies from the shared picker."""
from ..db import query
from . import queries

CANDIDATES = 5


def partner_named(text):
    """(partner id, []) when `text` names one partner (its name, short name or id, case-insensitive, or a
    part of exactly one name); else (None, up to CANDIDATES names that contain it)."""
    rows = query(queries.PARTNER_NAMED, text=text.strip(), limit=CANDIDATES + 1)
    exact = [row for row in rows if row["exact"]]
    if len(exact) == 1:
        return exact[0]["id"], []
    if len(rows) == 1:
        return rows[0]["id"], []
    return None, [row["name"] for row in (exact or rows)][:CANDIDATES]


def partner_name(partner_id):
    """The partner's name (for the filter field when the list is "my partner's projects"), or None."""
    rows = query(queries.PARTNER_NAME, id=partner_id) if partner_id else []
    return rows[0]["name"] if rows else None

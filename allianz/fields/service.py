"""The fields of action (Handlungsfelder): the choices every filter and form offers, the list with its counts,
and one field's page. The only caller of `fields.queries`; other domains ask here for fields."""
from ..db import query, query_one
from ..labels import field_name
from ..listing import current_page, name_key
from ..vocabulary import RUNNING_FIRST
from . import queries


def field_choices():
    """(key, name) of every field of action, by name in the UI language."""
    fields = sorted(query(queries.ALL), key=lambda f: name_key(field_name(f)))
    return [(f["key"], field_name(f)) for f in fields]


def fields_with_counts():
    """Every field of action with how many partners and (visible) projects it has, by name in the UI language."""
    return sorted(query(queries.FIELDS), key=lambda f: name_key(field_name(f)))


def field_page(key):
    """One field's page, or None when there is no such field: the field, one page of its partners (the page the
    request asks for), and the first page of its projects with their total."""
    found = query_one(queries.FIELD, key=key)
    if found is None:
        return None
    total = query_one(queries.PARTNER_COUNT, key=key)["total"]
    page = current_page(total)
    return {"field": found["field"], "page": page,
            "partners": query(queries.PARTNERS, key=key, skip=page.skip, limit=page.size) if total else [],
            "projects": query(queries.PROJECTS, key=key, limit=page.size, status_order=list(RUNNING_FIRST)),
            "project_total": query_one(queries.PROJECT_COUNT, key=key)["total"]}

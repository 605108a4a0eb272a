"""Read models of the partner pages: the filtered list, and one partner's page (profile, competencies grouped
under their broader ones, projects, co-partners, the contact persons the viewer may see).
The only caller of `partners.queries`."""
from flask_babel import get_locale

from .. import revision
from ..db import get_graph, query, query_one
from ..labels import competency_name
from ..listing import Page, current_page, name_key
from . import queries, schema
from .profile.service import visible_contacts

CO_PARTNER_LIMIT = 50
SHARED_PROJECTS_SHOWN = 5  # per co-partner; the count says how many there are
PROJECTS_PER_PAGE = 25


def partner_list(filters):
    """One page of the partners that pass `filters` ({q, kind, field}, each optional), by name; (page, rows)."""
    total = partner_count(filters)
    page = current_page(total)
    return page, partner_rows(filters, page.skip, page.size) if total else []


def list_params(filters):
    """The list query's parameters of `filters` ({q, kind, field}, each optional)."""
    return {"kind": filters.get("kind"), "field": filters.get("field"), "q": filters.get("q")}


def partner_count(filters):
    """How many partners pass `filters` (kept per graph revision: the list pages ask it on every page)."""
    params = list_params(filters)
    return revision.memo(get_graph(), ("partner-count", *sorted(params.items())),
                         lambda: query_one(queries.COUNT, **params)["total"])


def partner_rows(filters, skip, limit):
    """The partners that pass `filters`, by name, from position `skip` on, at most `limit` (kept per revision)."""
    params = list_params(filters)
    return revision.memo(get_graph(), ("partner-rows", *sorted(params.items()), skip, limit),
                         lambda: query(queries.PAGE, skip=skip, limit=limit, **params))


def country_name(code):
    """A country's name in the UI language for its ISO code (the code itself when unknown)."""
    if not code:
        return ""
    return get_locale().territories.get(code.upper(), code)


def display_name(competency):
    """A competency's name in the UI language, or its id when it has none."""
    return competency_name(competency) or competency["id"]


def group_competencies(rows):
    """The partner's competencies grouped under their broader competency, by name.

    Returns a list of groups {competency, level, held, items}: `competency` is the broader one
    (or a top-level one the partner holds itself), `held` tells whether the partner holds it,
    with `level`; `items` are the narrower ones the partner holds, highest level first.
    """
    groups = {}
    for row in rows:
        head = row["broader"] or row["competency"]
        group = groups.setdefault(head["id"], {"competency": head, "level": None, "held": False, "items": []})
        if row["broader"]:
            group["items"].append(row)
        else:
            group.update(level=row["level"], held=True)
    for group in groups.values():
        group["items"].sort(key=lambda r: (-(r["level"] or 0), name_key(display_name(r["competency"]))))
    return sorted(groups.values(), key=lambda g: name_key(display_name(g["competency"])))


def project_lists(partner_id, requested_page):
    """The partner's co-partners (summarised) and page `requested_page` of its projects (kept within the pages
    there are), kept per graph revision: for the busiest partners these are the page's expensive part."""
    def read():
        co_partners = query_one(queries.CO_PARTNERS, id=partner_id, limit=CO_PARTNER_LIMIT,
                                projects=SHARED_PROJECTS_SHOWN)
        total = query_one(queries.PROJECT_COUNT, id=partner_id)["total"]
        pages = Page(number=1, size=PROJECTS_PER_PAGE, total=total).pages
        page = Page(number=min(max(requested_page, 1), pages), size=PROJECTS_PER_PAGE, total=total)
        projects = query(queries.PROJECTS, id=partner_id, skip=page.skip, limit=page.size)
        return co_partners or {"total": 0, "partners": []}, page, projects
    return revision.memo(get_graph(), ("partner-lists", partner_id, requested_page), read)


def partner_page(partner_id, requested_page, viewer):
    """Everything the partner's page shows, or None when there is no such partner: the partner, its fields,
    country name, competency groups, page `requested_page` of its projects, its co-partners, and the contact
    persons `viewer` may see."""
    found = query_one(queries.PARTNER, id=partner_id)
    if found is None:
        return None
    partner = schema.public(found["partner"])
    co_partners, project_page, projects = project_lists(partner_id, requested_page)
    return {"partner": partner, "labels": schema.LABELS, "fields": found["fields"],
            "country_name": country_name(partner.get("country")),
            "competency_groups": group_competencies(query(queries.COMPETENCIES, id=partner_id)),
            "projects": projects, "project_page": project_page,
            "co_partners": co_partners["partners"], "co_partner_total": co_partners["total"],
            "contacts": visible_contacts(partner_id, viewer)}

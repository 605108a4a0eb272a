"""The search: what a person typed → the nodes they may see, grouped by type, best first, with counts.

`search(text, viewer, types=None, limit=5, page=1)` is the one entry (pages, suggestions and the JSON API
call it); it returns plain dicts and raises `InputError` (400) for a text longer than MAX_CHARACTERS.
The Lucene queries come from `lucene.py`, the Cypher from `queries.py`; visibility is the one rule of
`allianz/visibility.py`.
"""
from flask_babel import gettext as _
from flask_babel import pgettext

from ..db import query
from ..exceptions import InputError
from ..visibility import viewer_params
from ..vocabulary import DROPPED_STATUSES, OPEN_STATUSES
from . import highlight, lucene, queries

# The types in the order the page shows them, with the word the address uses (`/suche?typ=…`).
TYPES = ("partner", "competency", "project", "idea")
SLUGS = {"partner": "partner", "kompetenz": "competency", "projekt": "project", "idee": "idea"}
TYPE_SLUGS = {kind: slug for slug, kind in SLUGS.items()}
# Projects in these statuses are ideas (proposed, or dropped before they became projects).
IDEA_STATUSES = OPEN_STATUSES + DROPPED_STATUSES
# At most this many nodes per index and query: the counts say "at least" beyond it (docs/search.md).
CAP = 5000
# Fewer hits than this for the exact words and their prefixes: ask again with typos and compound parts.
ENOUGH = 5
MAX_CHARACTERS = lucene.MAX_CHARACTERS
SUGGESTIONS = 8


# Where a hit leads: ideas (and projects written in the app) to their idea page, everything else to its own page.
ENDPOINTS = {"partner": "partners.detail", "competency": "competencies.detail", "project": "projects.detail",
             "idea": "ideas.detail"}


def hit_endpoint(hit):
    """The endpoint of a hit's page (url_for it with id=hit["id"])."""
    return "ideas.detail" if hit.get("origin") == "app" else ENDPOINTS[hit["type"]]


def prepare(text):
    """(the cleaned text, its words); InputError when it is longer than MAX_CHARACTERS."""
    cleaned = lucene.clean(text)
    if len(cleaned) > lucene.MAX_CHARACTERS:
        raise InputError(_("Der Suchbegriff ist zu lang: höchstens %(count)s Zeichen.",
                           count=lucene.MAX_CHARACTERS))
    return cleaned, lucene.words_of(cleaned)


def search(text, viewer, types=None, limit=5, page=1):
    """What `viewer` (a user or anonymous) may see that matches `text`, grouped by type.

    {query, words, total, capped, loose, groups: [{type, slug, total, hits: [hit]}]} with a group per type asked for
    (all of TYPES by default), in TYPES order, each with its total and `limit` hits of page `page` (from 1),
    best first. A hit: {type, id, name, other_name, kind, status, origin, excerpt, score}: `name` is the
    partner's or competency's name or the project's title, `other_name` the short or English name, `excerpt`
    a piece of the description or summary around a matched word (when the name alone did not match).
    No words (an empty text, or only punctuation) finds nothing and asks nothing. The words and their
    prefixes are asked first; when they find fewer than ENOUGH nodes, the search asks again with typos and
    the later parts of compounds (`loose`: True).
    """
    cleaned, words = prepare(text)
    types = [kind for kind in TYPES if kind in (types or TYPES)]
    result = {"query": cleaned, "words": words, "total": 0, "capped": False, "loose": False,
              "groups": [{"type": kind, "slug": TYPE_SLUGS[kind], "total": 0, "hits": []} for kind in types]}
    if not words or not types:
        return result
    limit, page = max(1, int(limit)), max(1, int(page))
    params = {"german": lucene.german_query(words), "cap": CAP, "types": types, "idea_statuses": list(IDEA_STATUSES),
              "skip": (page - 1) * limit, "limit": limit, **viewer_params(viewer)}
    rows = query(queries.SEARCH, names=lucene.names_query(words), **params)
    if sum(row["total"] for row in rows) < ENOUGH:
        rows = query(queries.SEARCH, names=lucene.names_query(words, loose=True), **params)
        result["loose"] = True
    found = {row["type"]: row for row in rows}
    for group in result["groups"]:
        row = found.get(group["type"])
        if row:
            group["total"] = row["total"]
            group["hits"] = [hit_of(group["type"], node, score, words, result["loose"])
                             for node, score in zip(row["hits"], row["scores"], strict=True)]
    result["total"] = sum(group["total"] for group in result["groups"])
    result["capped"] = any(group["total"] >= CAP for group in result["groups"])
    return result


def hit_of(kind, node, score, words, loose):
    """One result as plain data (see `search`)."""
    if kind == "partner":
        name, other, text = node.get("name"), node.get("short_name"), node.get("description")
    elif kind == "competency":
        name, other, text = node.get("name") or node["id"], node.get("name_en"), ", ".join(node.get("synonyms") or [])
    else:
        name, other, text = node.get("title") or node["id"], None, node.get("summary")
    named = highlight.excerpt(" ".join(filter(None, [name, other])), words, loose)
    return {"type": kind, "id": node["id"], "name": name, "other_name": other if other != name else None,
            "kind": node.get("kind"), "status": node.get("status"), "origin": node.get("origin"),
            "excerpt": None if named else highlight.excerpt(text, words, loose), "score": round(score, 4)}


def suggest(text, viewer, limit=SUGGESTIONS):
    """The best `limit` hits over all types, best first (the suggestions while typing)."""
    found = search(text, viewer, limit=limit)
    hits = [hit for group in found["groups"] for hit in group["hits"]]
    return sorted(hits, key=lambda hit: (-hit["score"], hit["name"] or ""))[:limit]


def mark(text, found):
    """`text` escaped, with the words `found` (a `search` result) matched in <mark> (Markup)."""
    return highlight.mark(text, found["words"], found["loose"])



def type_name(kind, plural=False):
    """A type's name in the UI language: "Kompetenz" (one hit), or "Kompetenzen" with plural (a group)."""
    if plural:
        return {"partner": _("Partner"), "competency": _("Kompetenzen"), "project": _("Projekte"),
                "idea": _("Ideen")}[kind]
    return {"partner": pgettext("Suchtreffer", "Partner"), "competency": pgettext("Suchtreffer", "Kompetenz"),
            "project": pgettext("Suchtreffer", "Projekt"), "idea": pgettext("Suchtreffer", "Idee")}[kind]

"""The competency vocabulary: its read models (the tree, one competency's page, the picker's search) and
its care (coordinators add, rename, move and merge; members suggest what is missing, coordinators settle
it). Every change is one audited unit of work."""
import difflib
import re
import unicodedata
import uuid

from flask_babel import gettext as _

from .. import writes
from ..db import plain, query, query_one
from ..exceptions import AllianzError
from ..labels import competency_name
from ..listing import current_page, name_key
from ..notifications import mail_pending, tell_coordinators
from . import queries

SEARCH_LIMIT = 20
NEAR_LIMIT = 5  # how many closest terms the picker offers when nothing matches


class VocabularyError(AllianzError):
    """A change of the vocabulary that cannot be made (unknown id, a cycle, merging into itself)."""


# -- read models -----------------------------------------------------------------------------------------
def display_name(competency):
    """A competency's name in the UI language, or its id when it has none."""
    return competency_name(competency) or competency["id"]


def matches(competency, term):
    """Tell whether `term` occurs (case-insensitively) in the competency's German or English name
    (or in its id, when it has no name)."""
    needle = term.casefold()
    texts = [competency.get("name"), competency.get("name_en")] if competency.get("name") else \
        [competency["id"], competency.get("name_en")]
    return any(needle in (text or "").casefold() for text in texts)


def count_matches(nodes):
    """How many nodes of the tree match the search."""
    return sum(node["match"] + count_matches(node["children"]) for node in nodes)


def vocabulary_tree(rows, term=None):
    """The vocabulary as nested nodes {competency, partners, projects, children}, by name at every level.

    With `term`, a node is kept when it matches, sits under a match or has a match below it.
    """
    children = {}
    for row in rows:
        children.setdefault(row["broader"], []).append(row)

    def build(parent_id, ancestor_matched, seen):
        nodes = []
        for row in sorted(children.get(parent_id, []), key=lambda r: name_key(display_name(r["competency"]))):
            key = row["competency"]["id"]
            if key in seen:  # only if the data had a cycle (imports refuse them): never loop
                continue
            hit = term is None or ancestor_matched or matches(row["competency"], term)
            below = build(key, hit, seen | {key})
            if hit or below:
                nodes.append({**row, "children": below, "match": bool(term) and matches(row["competency"], term)})
        return nodes

    return build(None, False, frozenset())

def vocabulary(term=None):
    """The vocabulary page: (tree, how many competencies there are, how many match `term` or None)."""
    rows = query(queries.VOCABULARY)
    tree = vocabulary_tree(rows, term)
    return tree, len(rows), count_matches(tree) if term else None


def competency_page(competency_id):
    """One competency's page: {competency, broader, narrower (by name), partners (one page), page, projects},
    or None when there is no such competency."""
    found = query_one(queries.COMPETENCY, id=competency_id)
    if found is None:
        return None
    total = query_one(queries.PARTNER_COUNT, id=competency_id)["total"]
    page = current_page(total)
    partners = query(queries.PARTNERS, id=competency_id, skip=page.skip, limit=page.size) if total else []
    return {"competency": found["competency"], "broader": found["broader"],
            "narrower": sorted(found["narrower"], key=lambda c: name_key(display_name(c))),
            "partners": partners, "page": page, "projects": query(queries.PROJECTS, id=competency_id)}


def care_rows():
    """Every competency with its use counts, by label: the coordinators' care list."""
    return sorted(query(queries.VOCABULARY), key=lambda r: name_key(label_of(r["competency"])))


# -- the picker ------------------------------------------------------------------------------------------
def label_of(row):
    """The picker's label: the name in the UI language, with the broader competency in brackets."""
    name = competency_name(row) or row["id"]
    broader = row.get("broader")
    return f"{name} ({competency_name(broader) or broader['id']})" if broader else name


def picked(form_data, name):
    """The competencies the picker `name` holds in a posted form: [(id, label)] of those that exist, in order."""
    ids = list(dict.fromkeys(form_data.getlist(name)))
    labels = labels_for(ids)
    return [(key, labels[key]) for key in ids if key in labels]


def picker_search(form_data, name):
    """The picker's no-JavaScript search: (query, matches) when its "Suchen" was pressed, else ("", None)."""
    if form_data.get("picker_search") != name:
        return "", None
    term = (form_data.get(f"{name}_q") or "").strip()[:100]
    return term, search_or_closest(term) if term else []


def search(term, limit=SEARCH_LIMIT):
    """Competencies whose name (German or English) or id contains `term`: [{id, label}], sorted the
    German way (Ä as A); names that start with the term first."""
    needle = name_key((term or "").strip())
    if not needle:
        return []
    found = []
    for row in query(queries.SEARCHABLE):
        texts = [name_key(row.get("name")), name_key(row.get("name_en")), name_key(row["id"])]
        if any(needle in text for text in texts):
            label = label_of(row)
            found.append((not any(text.startswith(needle) for text in texts), name_key(label), row["id"], label))
    found.sort()
    return [{"id": key, "label": label} for _rank, _sort, key, label in found[:limit]]


def closest(term, limit=NEAR_LIMIT):
    """When `search(term)` finds nothing: the terms closest to it, [{id, label, near: True}] — first what
    public projects about `term` need, then names spelled like it (difflib); [] when nothing is close."""
    term = (term or "").strip()
    if len(term) < 3:
        return []
    found = {row["id"]: label_of(row) for row in query(queries.NEEDED_BY_PROJECTS_ABOUT, term=term, limit=limit)}
    if len(found) < limit:
        rows = query(queries.SEARCHABLE)
        by_key = {}
        for row in rows:
            for text in (row.get("name"), row.get("name_en")):
                if text:
                    by_key.setdefault(name_key(text), row)
        for key in difflib.get_close_matches(name_key(term), list(by_key), n=limit, cutoff=0.6):
            found.setdefault(by_key[key]["id"], label_of(by_key[key]))
    return [{"id": key, "label": label, "near": True} for key, label in list(found.items())[:limit]]


def search_or_closest(term):
    """The picker's answer: the competencies named like `term`, else the closest terms (marked `near`)."""
    return search(term) or closest(term)


def labels_for(ids):
    """{id: label} of the competencies among `ids` that exist."""
    rows = query(queries.BY_IDS, ids=list(ids))
    return {row["id"]: competency_name(row) or row["id"] for row in rows}


def redirect_for(competency_id):
    """Where a merged competency's id leads now, or None."""
    row = query_one(queries.REDIRECT, id=competency_id)
    return row["to_id"] if row else None


# -- care (coordinators) ---------------------------------------------------------------------------------
def find(competency_id):
    """One competency with its version and broader id, or None."""
    row = query_one(queries.COMPETENCY_TO_EDIT, id=competency_id)
    return row["competency"] if row else None


def new_id(name):
    """A new competency id from its name (lower-case ASCII words joined by '-'), plus a short suffix."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return f"{re.sub(r'[^a-z0-9]+', '-', ascii_name).strip('-')[:40] or 'kompetenz'}-{uuid.uuid4().hex[:4]}"


def add(name, name_en, broader, *, actor_id):
    """Add a competency to the vocabulary (optionally under `broader`); returns its id."""
    competency_id = new_id(name)
    if broader and find(broader) is None:
        raise VocabularyError(_("Es gibt keine Kompetenz mit der Kennung „%(id)s“.", id=broader))

    def change(tx):
        tx.run(queries.CREATE, id=competency_id, name=name, name_en=name_en or None, broader=broader or None).consume()
        return None, {"name": name, "name_en": name_en, "broader": broader}
    writes.unit_of_work(change, actor_id=actor_id, action="competency.add", target_label="Competency",
                       target_id=competency_id)
    return competency_id


def rename(competency_id, name, name_en, version, *, actor_id):
    """New German and English names (version-checked)."""
    def change(tx):
        before = plain(tx.run(queries.COMPETENCY_TO_EDIT, id=competency_id).single()["competency"])
        tx.run(queries.RENAME, id=competency_id, name=name, name_en=name_en or None).consume()
        return {"name": before["name"], "name_en": before["name_en"]}, {"name": name, "name_en": name_en or None}
    writes.unit_of_work(change, actor_id=actor_id, action="competency.rename", target_label="Competency",
                       target_id=competency_id, version=version)


def move(competency_id, broader, version, *, actor_id):
    """Put a competency under `broader` (None: top level); never under itself or one of its own."""
    if broader:
        row = query_one(queries.BELOW_OR_SAME, id=competency_id, broader=broader)
        if row is None:
            raise VocabularyError(_("Es gibt keine Kompetenz mit der Kennung „%(id)s“.", id=broader))
        if row["below"]:
            raise VocabularyError(_("Eine Kompetenz kann nicht unter sich selbst oder einer ihrer engeren stehen."))

    def change(tx):
        before = plain(tx.run(queries.COMPETENCY_TO_EDIT, id=competency_id).single()["competency"])
        tx.run(queries.MOVE, id=competency_id, broader=broader or None).consume()
        return {"broader": before["broader"]}, {"broader": broader or None}
    writes.unit_of_work(change, actor_id=actor_id, action="competency.move", target_label="Competency",
                       target_id=competency_id, version=version)


def merge(source_id, target_id, *, actor_id):
    """Merge `source_id` into `target_id`: every relationship moves, the old id redirects."""
    if source_id == target_id:
        raise VocabularyError(_("Eine Kompetenz kann nicht mit sich selbst zusammengeführt werden."))
    source, target = find(source_id), find(target_id)
    if source is None or target is None:
        raise VocabularyError(_("Beide Kompetenzen müssen existieren."))

    def change(tx):
        uses = tx.run(queries.USES, id=source_id).single().data()
        writes.record(tx, actor_id, "competency.merged_away", "Competency", source_id,
                     {"id": source_id, **uses}, {"merged_into": target_id})
        tx.run(queries.MERGE_INTO, source=source_id, target=target_id).consume()
        return {"merged_from": None}, {"merged_from": source_id}
    writes.unit_of_work(change, actor_id=actor_id, action="competency.merge", target_label="Competency",
                       target_id=target_id)


# -- suggestions ----------------------------------------------------------------------------------------
def suggest(partner_id, name, note, level, *, actor_id):
    """A member suggests a missing competency for their partner; every coordinator is told in the same unit
    of work, and one settles it."""
    suggestion_id = uuid.uuid4().hex

    def change(tx):
        row = tx.run(queries.SUGGEST, id=suggestion_id, partner_id=partner_id, user_id=actor_id, name=name,
                     note=note or None, level=level).single()
        if row is not None:
            tell_coordinators(tx, "suggestion", {"id": None, "title": name}, actor_id, row["actor"],
                              detail=row["partner"])
        return None, {"suggested": name, "level": level}
    writes.unit_of_work(change, actor_id=actor_id, action="competency.suggest", target_label="Partner",
                       target_id=partner_id, domain=False)
    mail_pending()
    return suggestion_id


def open_suggestions():
    """The suggestions no coordinator has settled yet, oldest first."""
    return [row["suggestion"] for row in query(queries.OPEN_SUGGESTIONS)]


def settle(suggestion_id, *, actor_id, accept_as=None, merge_into=None, broader=None):
    """Accept a suggestion as a new competency (`accept_as` = its name), or map it to an existing one
    (`merge_into`), or neither: rejected. The suggesting partner then holds the competency."""
    row = query_one(queries.SUGGESTION, id=suggestion_id)
    if row is None or row["suggestion"]["state"] != "open":
        raise VocabularyError(_("Dieser Vorschlag ist schon erledigt."))
    suggestion = row["suggestion"]
    if merge_into and find(merge_into) is None:
        raise VocabularyError(_("Es gibt keine Kompetenz mit der Kennung „%(id)s“.", id=merge_into))
    competency_id = merge_into or (add(accept_as, None, broader, actor_id=actor_id) if accept_as else None)

    def change(tx):
        if competency_id is None:
            tx.run(queries.REJECT_SUGGESTION, id=suggestion_id).consume()
            return {"suggestion": suggestion["name"]}, {"suggestion": suggestion["name"], "state": "rejected"}
        tx.run(queries.SETTLE_SUGGESTION, id=suggestion_id, competency_id=competency_id,
               state="merged" if merge_into else "accepted").consume()
        return {"competency": None}, {"competency": competency_id, "from_suggestion": suggestion["name"]}
    writes.unit_of_work(change, actor_id=actor_id, action="competency.suggestion", target_label="Partner",
                       target_id=suggestion["partner_id"], domain=competency_id is not None)
    return competency_id

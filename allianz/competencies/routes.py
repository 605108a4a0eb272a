"""Competency pages (read-only): the vocabulary as a tree, and one competency with who has and needs it."""
from flask import Blueprint, abort, redirect, render_template, request, url_for

from ..db import query, query_one
from ..labels import competency_name
from ..listing import current_page, name_key
from . import queries
from .care import redirect_for
from .forms import CompetencySearch

bp = Blueprint("competencies", __name__, url_prefix="/kompetenzen")


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


@bp.route("/")
def index():
    """The vocabulary: top-level competencies with their narrower ones, and how often each is used."""
    form = CompetencySearch(request.args)
    form.validate()
    term = form.term()
    rows = query(queries.VOCABULARY)
    tree = vocabulary_tree(rows, term)
    return render_template("competencies/index.html", form=form, term=term, tree=tree, total=len(rows),
                           matched=count_matches(tree) if term else None)


@bp.route("/<id>")
def detail(id):  # noqa: A002 - the URL's name for it
    """One competency: its names, broader and narrower ones, the partners who have it, the projects needing it."""
    found = query_one(queries.COMPETENCY, id=id)
    if found is None:
        merged_into = redirect_for(id)  # a competency merged into another one
        if merged_into:
            return redirect(url_for("competencies.detail", id=merged_into), code=301)
        abort(404)
    total = query_one(queries.PARTNER_COUNT, id=id)["total"]
    page = current_page(total)
    partners = query(queries.PARTNERS, id=id, skip=page.skip, limit=page.size) if total else []
    return render_template(
        "competencies/detail.html", competency=found["competency"], broader=found["broader"],
        narrower=sorted(found["narrower"], key=lambda c: name_key(display_name(c))),
        partners=partners, page=page, projects=query(queries.PROJECTS, id=id))

"""What routes, commands and other domains call: the current app's index, a query answered, a consortium
proposed, a project's recommendations, the suggested introductions."""
import json

from flask import current_app, g, has_request_context

from ..db import get_graph, query_one
from ..labels import current_locale
from ..vocabulary import OPEN_STATUSES
from . import consortium, model, queries, signals
from .cache import Building, cached_index
from .cache import stand as stand_seconds


def current_index(wait=False):
    """The matcher's index of the current app's graph (rebuilt when the graph's revision changes).

    On a graph of at least MATCHING_BACKGROUND_FROM partners (a setting, default 2,000) a new revision's index is
    built in the background and `cache.Building` is raised meanwhile (the pages say so); `wait` builds it here
    instead. MATCHING_ASOF (a setting) fixes the reference day for recency.
    """
    if has_request_context() and "matching_index" in g:
        return g.matching_index
    asof = current_app.config["MATCHING_ASOF"] or None
    background = None if wait else background_from()
    prepared = weights()
    found = cached_index(get_graph(), asof=asof, background_from=background,
                         then=lambda built: consortium.prepare(built, prepared))
    if has_request_context():
        g.matching_index = found
    return found


def stand():
    """Whole seconds the index this request used is behind the graph (None: it is current)."""
    return stand_seconds()


def background_from():
    """From how many partners on the index (and what derives from it) is prepared in the background (setting
    MATCHING_BACKGROUND_FROM)."""
    return current_app.config["MATCHING_BACKGROUND_FROM"]


def weights():
    """The model's weights for the current app (defaults overridden by MATCHING_WEIGHTS)."""
    return model.weights_from(current_app.config)


def answer(raw, index=None, with_reasons=True, detail=True):
    """Answer one query in the batch/JSON format: {"id", "candidates", "covered_needs", "uncovered_needs"}.
    `detail` false: the candidates without the breakdown and the shared projects' evidence (`model.match`).

    Raises model.QueryError for unknown competencies, fields or kinds.
    """
    index = index or current_index()
    query = model.parse_query(index, raw)
    candidates = model.match(index, query, weights(), with_reasons=with_reasons, detail=detail)
    team = [index.partner_index[pid] for pid in query.team]
    covered = signals.team_covered(index, team, query.needs)
    return {"id": raw.get("id"), "candidates": candidates, "team": query.team,
            "covered_needs": sorted(covered), "uncovered_needs": sorted(set(query.needs) - covered)}


def project_query(project_id):
    """The project with its team, fields and needs (None when there is no such project)."""
    return query_one(queries.PROJECT_FOR_MATCHING, id=project_id)


def recommendations_for_project(project_id, top=5, size=consortium.DEFAULT_SIZE):
    """Recommendations for a project in status idea or submitted (None for other or unknown projects).

    Returns {"project", "candidates", "covered_needs", "uncovered_needs", "consortium"}: ranked partners with
    reasons for its needs and team, and a proposed consortium with its coverage matrix.
    """
    project = project_query(project_id)
    if project is None or project["status"] not in OPEN_STATUSES:
        return None
    try:
        index = current_index()
    except Building as building:
        return {"project": project, "pending": True, "seconds": building.seconds}
    raw = {"id": project["id"], "team": project["team"], "fields": project["fields"], "needs": project["needs"],
           "top": top, "project": project["id"]}
    result = answer(raw, index)
    query = model.parse_query(index, raw)
    result["project"] = project
    result["consortium"] = consortium.build(index, query, size=max(size, len(query.team) + 1), weights=weights())
    return result


def propose(index, query, size=consortium.DEFAULT_SIZE):
    """A proposed consortium of `size` partners (the team counts) for `query` (`model.parse_query`), with the app's
    weights."""
    return consortium.build(index, query, size=size, weights=weights())


def recommend_for_project(project_id, top=5):
    """The partners matching recommends for a project in status idea/submitted, as [{id, score, reasons}]
    (empty for other or unknown projects, and while the index of a new revision is built)."""
    project = project_query(project_id)
    if project is None or project["status"] not in OPEN_STATUSES:
        return []
    try:
        index = current_index()
    except Building:
        return []   # the index of the new revision is still being built
    asked = {"id": project["id"], "team": project["team"], "fields": project["fields"],
             "needs": project["needs"], "top": top, "project": project["id"]}
    # kept on the index (a new revision of the graph builds a new one): "Passende Ideen" asks this for every open idea
    found = index.remember(("for-project", json.dumps(asked, sort_keys=True, default=str), current_locale()),
                           lambda: answer(asked, index))
    return [{"id": item["partner"], "score": item["score"], "reasons": item["reasons"]}
            for item in found["candidates"]]


def introductions(limit=20):
    """(the index, the suggested introductions): pairs that never worked together but complement each other.
    On a large graph they are prepared right after the background build, never in a request: `Building` until then."""
    index = current_index()
    if len(index) >= background_from() and not index.has(consortium.pairs_key(weights())):
        raise Building(index.built_at)
    return index, consortium.introductions(index, limit=limit, weights=weights())

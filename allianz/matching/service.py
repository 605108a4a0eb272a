"""What routes and commands call: the current app's index, a query answered, a project's recommendations."""
import os

from flask import current_app, g, has_request_context

from ..db import get_graph, query_one
from . import consortium, model, queries
from .cache import Building, cached_index
from .index import OPEN_STATUSES

BACKGROUND_FROM = 2000   # partners: from this size on a new revision's index is built in the background


def current_index(wait=False):
    """The matcher's index of the current app's graph (rebuilt when the graph's revision changes).

    On a graph of at least MATCHING_BACKGROUND_FROM partners (default 2,000) a new revision's index is built in
    the background and `index.Building` is raised meanwhile (the pages say so); `wait` builds it here instead.
    """
    if has_request_context() and "matching_index" in g:
        return g.matching_index
    asof = current_app.config.get("MATCHING_ASOF") or os.environ.get("ALLIANZ_MATCHING_ASOF") or None
    background = None if wait else background_from()
    prepared = weights()
    found = cached_index(get_graph(), asof=asof, background_from=background,
                         then=lambda built: consortium.prepare(built, prepared))
    if has_request_context():
        g.matching_index = found
    return found


def background_from():
    """From how many partners on the index (and what derives from it) is prepared in the background."""
    return current_app.config.get("MATCHING_BACKGROUND_FROM", BACKGROUND_FROM)


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
    from . import signals
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
           "top": top}
    result = answer(raw, index)
    query = model.parse_query(index, raw)
    result["project"] = project
    result["consortium"] = consortium.build(index, query, size=max(size, len(query.team) + 1), weights=weights())
    return result

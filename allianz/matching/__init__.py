"""Matching: explainable partner recommendations and a consortium builder.

Use `recommendations_for_project(project_id)` from a route (it returns None for projects that are not
ideas or submitted) and include `templates/matching/_recommendations.html` with that result as
`recommendations`.
"""
import json


def recommendations_for_project(project_id, top=5, size=5):
    """Recommendations and a proposed consortium for a project in status idea/submitted, else None."""
    from .service import recommendations_for_project as find

    return find(project_id, top=top, size=size)


def recommend_for_project(project_id, top=5):
    """The partners matching recommends for a project in status idea/submitted, as [{id, score, reasons}]
    (empty for other or unknown projects). The network pictures highlight them."""
    from ..labels import current_locale
    from .cache import Building
    from .index import OPEN_STATUSES
    from .service import answer, current_index, project_query

    project = project_query(project_id)
    if project is None or project["status"] not in OPEN_STATUSES:
        return []
    try:
        index = current_index()
    except Building:
        return []   # the index of the new revision is still being built
    asked = {"id": project["id"], "team": project["team"], "fields": project["fields"],
             "needs": project["needs"], "top": top}
    # kept on the index (a new revision of the graph builds a new one): "Passende Ideen" asks this for every open idea
    found = index.remember(("for-project", json.dumps(asked, sort_keys=True, default=str), current_locale()),
                           lambda: answer(asked, index))
    return [{"id": item["partner"], "score": item["score"], "reasons": item["reasons"]}
            for item in found["candidates"]]

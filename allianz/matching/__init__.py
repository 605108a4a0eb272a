"""Matching: explainable partner recommendations and a consortium builder.

Use `recommendations_for_project(project_id)` from a route (it returns None for projects that are not
ideas or submitted) and include `templates/matching/_recommendations.html` with that result as
`recommendations`. Both functions here hand over to `service.py` when called, so that importing the
package costs nothing and other domains need not know its modules.
"""


def recommendations_for_project(project_id, top=5, size=5):
    """Recommendations and a proposed consortium for a project in status idea/submitted, else None."""
    from .service import recommendations_for_project as find

    return find(project_id, top=top, size=size)


def recommend_for_project(project_id, top=5):
    """The partners matching recommends for a project in status idea/submitted, as [{id, score, reasons}]
    (empty for other or unknown projects). The network pictures highlight them."""
    from .service import recommend_for_project as recommend

    return recommend(project_id, top=top)

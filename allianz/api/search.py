"""The search as JSON (the same service as /suche: only what the caller may see, the same tolerance)."""
from flask import url_for
from flask_login import current_user

from ..search import service as search
from . import schemas
from .base import Blueprint

bp = Blueprint("api_v1_search", __name__, url_prefix="/api/v1/search",
               description="One search over partners, competencies, projects and ideas (as on /suche).")


@bp.route("")
@bp.arguments(schemas.SearchArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.SearchResult, example={
    "query": "Stadtwrke", "total": 2, "groups": [
        {"type": "partner", "total": 1, "hits": [{"type": "partner", "id": "p02", "name": "Stadtwerke Musterstadt",
                                                 "other_name": "SWM", "kind": "city_company", "status": None,
                                                 "excerpt": None, "score": 3.2, "url": "/partner/p02"}]},
        {"type": "competency", "total": 0, "hits": []}, {"type": "project", "total": 1, "hits": []},
        {"type": "idea", "total": 0, "hits": []}]})
def search_all(q, type=None, limit=5, page=1):  # noqa: A002 - the API's name for it
    """Search by words or parts of words, typos and umlauts tolerated; hits grouped by type, best first."""
    found = search.search(q, current_user, types=[type] if type else None, limit=limit, page=page)
    def with_url(hit):
        return {**hit, "url": url_for(search.hit_endpoint(hit), id=hit["id"])}
    return {"query": found["query"], "total": sum(group["total"] for group in found["groups"]),
            "groups": [{"type": group["type"], "total": group["total"],
                        "hits": [with_url(hit) for hit in group["hits"]]} for group in found["groups"]]}

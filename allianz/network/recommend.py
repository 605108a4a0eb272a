"""The matching hook of the project-team picture: which partners matching recommends for an idea."""
import logging

log = logging.getLogger(__name__)


def recommended_for(project_id, top=5):
    """Partners that matching recommends for a project: [{id, reasons}] (empty when matching has none).

    The hook: `allianz.matching.recommend_for_project(project_id, top)` returning partner ids, or dicts
    with `id` / `partner_id` and optional `reasons` (list of strings) or `score`.
    """
    try:
        from .. import matching
        recommend = matching.recommend_for_project
    except (ImportError, AttributeError):
        return []
    try:
        found = recommend(project_id, top) or []
    except Exception:  # matching is another module's work: a failure there must not break the picture
        log.exception("recommend_for_project(%r) failed", project_id)
        return []
    out = []
    for item in found:
        if isinstance(item, str):
            out.append({"id": item, "reasons": []})
        elif isinstance(item, dict) and (item.get("id") or item.get("partner_id")):
            reasons = item.get("reasons") or []
            out.append({"id": item.get("id") or item.get("partner_id"),
                        "reasons": [str(r) for r in reasons] if isinstance(reasons, list) else [str(reasons)]})
    return out[:top]

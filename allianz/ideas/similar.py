"""Similar ideas and projects first: German full-text over title and summary, plus shared needs and fields.

The index `project_text_de` (cypher/0005_ideas.cypher) stems German words, so "Luftqualität" finds
"Luftqualitäts-Sensoren"; each word is also asked as a prefix, for compounds.
"""
import re

from ..db import query
from . import queries
from .service import viewer_params

WORD = re.compile(r"\w{4,}", re.UNICODE)
LIMIT = 5


def lucene_query(text):
    """A Lucene query from free text: each word as itself or as a prefix (special characters dropped)."""
    words = list(dict.fromkeys(word.lower() for word in WORD.findall(text or "")))[:30]
    return " OR ".join(f"{word} OR {word}*" for word in words)


def similar(title, summary, needs=(), fields=(), exclude=None, user=None, limit=LIMIT):
    """Ideas and projects like the one being written, best first: {id, title, status, score, shared_*}.

    The score adds the text match (scaled to 0..1), 0.3 per shared needed competency and 0.1 per
    shared field of action.
    """
    params = {"needs": list(needs), "fields": list(fields), "exclude": exclude, **viewer_params(user)}
    text = lucene_query(f"{title or ''} {summary or ''}")
    found = {}
    rows = query(queries.SIMILAR, text=text, **params) if text else []
    top = max((row["text_score"] for row in rows), default=0) or 1
    for row in rows + query(queries.SIMILAR_BY_NEEDS, **params):
        if row["id"] in found:
            continue
        score = row["text_score"] / top + 0.3 * len(row["shared_needs"]) + 0.1 * len(row["shared_fields"])
        found[row["id"]] = {**row, "score": round(score, 3)}
    return sorted(found.values(), key=lambda r: (-r["score"], r["title"] or ""))[:limit]

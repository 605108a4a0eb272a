"""Similar ideas and projects first: German full-text over title and summary, plus shared needs and fields.

The index `project_text_de` (cypher/0005_ideas.cypher) stems German words, so "Luftqualität" finds
"Luftqualitäts-Sensoren"; each word is also asked as a prefix, for compounds.
"""
import re

from ..db import query
from ..visibility import viewer_params
from ..vocabulary import DROPPED_STATUSES
from . import queries

WORD = re.compile(r"\w{4,}", re.UNICODE)
LIMIT = 5


def lucene_query(text):
    """A Lucene query from free text: each word as itself or as a prefix (special characters dropped)."""
    words = list(dict.fromkeys(word.lower() for word in WORD.findall(text or "")))[:30]
    return " OR ".join(f"{word} OR {word}*" for word in words)


# How much each part counts: the words (title and summary), the needed competencies, the fields of action.
WEIGHTS = {"text": 0.5, "needs": 0.35, "fields": 0.15}


def similar(title, summary, needs=(), fields=(), exclude=None, user=None, limit=LIMIT):
    """Ideas and projects like the one being written, best first: {id, title, status, score, shared_*}.

    The score (0..1) is a weighted mean over the parts the writer has filled in so far: the text match
    (scaled so the best text match is 1), the share of the idea's needs that the other one needs too,
    and the share of its fields it serves too. So a text that only repeats one word of the title ranks
    behind an idea that shares words, needs and fields.
    """
    needs, fields = list(dict.fromkeys(needs)), list(dict.fromkeys(fields))
    params = {"needs": needs, "fields": fields, "exclude": exclude, "dropped": list(DROPPED_STATUSES),
              **viewer_params(user)}
    text = lucene_query(f"{title or ''} {summary or ''}")
    rows = query(queries.SIMILAR, text=text, **params) if text else []
    top = max((row["text_score"] for row in rows), default=0) or 1
    if needs:
        rows += query(queries.SIMILAR_BY_NEEDS, **params)
    parts = {"text": bool(text), "needs": bool(needs), "fields": bool(fields)}
    total = sum(WEIGHTS[part] for part, present in parts.items() if present) or 1
    found = {}
    for row in rows:
        if row["id"] in found:
            continue
        shares = {"text": row["text_score"] / top, "needs": len(row["shared_needs"]) / max(len(needs), 1),
                  "fields": len(row["shared_fields"]) / max(len(fields), 1)}
        score = sum(WEIGHTS[part] * shares[part] for part, present in parts.items() if present) / total
        found[row["id"]] = {**row, "score": round(score, 3)}
    return sorted(found.values(), key=lambda r: (-r["score"], r["title"] or ""))[:limit]

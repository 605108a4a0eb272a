"""Free text to needs: the competencies and fields of action a sentence names ("Sensornetz für die Luftqualität in
der Innenstadt, mit Datenplattform"), proposed for the person to confirm (the find page, the idea form).

Two sources, both Neo4j full-text with the German analyzer (stemming, ä/ö/ü folding):
- the vocabulary itself (`vocabulary_text_de`, cypher/0011: names in German and English, synonyms, descriptions):
  each word as itself or as a prefix, and a long word's first letters inside other words too, for compounds
  ("Sensornetz" finds "Umweltsensorik");
- the public projects most like the text (`project_text_de`): what they needed, and their fields, when it recurs
  among them (a term at least `RECUR` of the best project's weight), so "Luftqualität" finds the sensors the air
  quality projects needed.
"""
import re

from ..db import query
from ..labels import field_name
from ..listing import name_key
from . import queries
from .service import label_of

WORD = re.compile(r"\w{4,}", re.UNICODE)
MAX_WORDS = 30
COMPOUND = 8        # a word this long is also looked for inside other words, by its first PART letters
PART = 6
PROJECTS = 5        # the most similar projects asked what they needed
RECUR = 1.2         # a project-borne term must weigh this much (the best project counts 1)
LIMIT = {"competency": 6, "field": 2}
MAX_TEXT = 500


def words(text):
    """The text's words of at least 4 letters, folded (lower case, no accents), each once, in order."""
    folded = name_key((text or "")[:MAX_TEXT]).replace("ß", "ss")
    return list(dict.fromkeys(WORD.findall(folded)))[:MAX_WORDS]


def lucene_query(found):
    """A Lucene query of the words: each as itself or a prefix, long ones' first letters also inside words."""
    terms = []
    for word in found:
        terms += [word, f"{word}*"] + ([f"*{word[:PART]}*", f"*{word[-PART:]}*"] if len(word) >= COMPOUND else [])
    return " OR ".join(terms)


def propose(text, chosen_needs=(), chosen_fields=()):
    """{"competencies": [{id, label}], "fields": [{id, label}]} the text names, best first, without those already
    chosen (empty lists for a text without words)."""
    found = words(text)
    if not found:
        return {"competencies": [], "fields": []}
    asked = lucene_query(found)
    weights = {"competency": {}, "field": {}}
    direct = query(queries.VOCABULARY_TEXT, text=asked)
    top = max((row["score"] for row in direct), default=0) or 1
    for row in direct:
        add(weights[row["kind"]], row["id"], 1.0 + row["score"] / top)   # named directly: always proposed
    projects = query(queries.PROJECTS_TEXT, text=asked, limit=PROJECTS)
    best = max((row["score"] for row in projects), default=0) or 1
    borne = {"competency": {}, "field": {}}
    for row in projects:
        for cid in row["needs"]:
            add(borne["competency"], cid, row["score"] / best)
        for key in row["fields"]:
            add(borne["field"], key, row["score"] / best)
    for kind, terms in borne.items():
        for key, weight in terms.items():
            if weight >= RECUR:
                add(weights[kind], key, weight / len(projects))
    for kind, chosen in (("competency", chosen_needs), ("field", chosen_fields)):
        for key in chosen:
            weights[kind].pop(key, None)
    return {"competencies": labelled_competencies(ranked(weights["competency"], LIMIT["competency"])),
            "fields": labelled_fields(ranked(weights["field"], LIMIT["field"]))}


def add(weights, key, value):
    """Add `value` to `weights[key]`."""
    weights[key] = weights.get(key, 0.0) + value


def ranked(weights, limit):
    """The `limit` heaviest keys, heaviest first (ties by key)."""
    return [key for key, _weight in sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:limit]]


def labelled_competencies(ids):
    """[{id, label}] of the competencies `ids` (the picker's label, with the broader one), in that order."""
    rows = {row["id"]: row for row in query(queries.COMPETENCIES_BY_IDS, ids=ids)}
    return [{"id": key, "label": label_of(rows[key])} for key in ids if key in rows]


def labelled_fields(keys):
    """[{id, label}] of the fields of action `keys`, in that order."""
    rows = {row["key"]: row for row in query(queries.FIELDS_BY_KEYS, keys=keys)}
    return [{"id": key, "label": field_name(rows[key])} for key in keys if key in rows]



"""Reads for the project pages. Values go in only as $parameters; the order comes from a whitelist.

Titles and names are ordered the German way, ignoring case, with ä, ö, ü as a, o, u and ß as ss
(the `sort_title` / `sort_name` expressions below).
"""
from ..visibility import PUBLIC_PR

# -- the list ------------------------------------------------------------------------------------
# $statuses (a list), $field and $q are null when the filter is not used; $q is matched case-insensitively. Ideas
# written in the app are listed here once public (allianz/visibility.py; drafts live on the /ideen pages).
_MATCH_FILTERED = """
MATCH (pr:Project)
WHERE ($statuses IS NULL OR pr.status IN $statuses)
  AND ($field IS NULL OR EXISTS { (pr)-[:IN_FIELD]->(:Field {key: $field}) })
  AND ($q IS NULL OR toLower(pr.title) CONTAINS toLower($q))
  AND """ + PUBLIC_PR + """
"""

COUNT = _MATCH_FILTERED + """
RETURN count(pr) AS total
"""

_SORT_TITLE = """
WITH pr, replace(replace(replace(replace(toLower(pr.title), 'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss') AS sort_title"""

_PAGE_RETURN = """
SKIP $skip LIMIT $limit
RETURN pr.id AS id, pr.title AS title, pr.status AS status, pr.started AS started, pr.ended AS ended,
       COLLECT { MATCH (pr)-[:IN_FIELD]->(f:Field) RETURN f {.key, .name_de, .name_en} ORDER BY f.key } AS fields,
       COUNT { (pr)<-[:PARTICIPATES_IN]-(:Partner) } AS team_size
"""

# The orders the list offers, each with its own query (never built from the request).
PAGE = {
    "title": _MATCH_FILTERED + _SORT_TITLE + """
WITH pr ORDER BY sort_title, pr.id""" + _PAGE_RETURN,
    # newest start first; projects without a start date (ideas, submitted) come first, as the newest
    "newest": _MATCH_FILTERED + _SORT_TITLE + """
WITH pr ORDER BY pr.started IS NULL DESC, pr.started DESC, sort_title, pr.id""" + _PAGE_RETURN,
}

# -- one project ---------------------------------------------------------------------------------
PROJECT = """
MATCH (pr:Project {id: $id})
RETURN pr {.id, .title, .summary, .status, .started, .ended, .origin} AS project,
       COLLECT { MATCH (pr)-[:IN_FIELD]->(f:Field) RETURN f {.key, .name_de, .name_en} ORDER BY f.key } AS fields
"""

# Each needed competency with the team members that have it or a narrower one (at any depth: LoRaWAN covers
# "Sensorik & IoT", the matcher's rule, signals.team_covers; `via` names the narrower ones), highest level first.
NEEDS = """
MATCH (pr:Project {id: $id})-[:NEEDS]->(c:Competency)
RETURN c {.id, .name, .name_en} AS competency,
       COLLECT { MATCH (pr)<-[:PARTICIPATES_IN]-(m:Partner)-[r:HAS_COMPETENCY]->(k:Competency)-[:BROADER*0..]->(c)
                 WITH m, r, k,
                      replace(replace(replace(replace(toLower(m.name), 'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss')
                      AS sort_name
                 WITH m, sort_name, max(CASE WHEN k = c THEN r.level END) AS own_level, max(r.level) AS best_level,
                      collect(DISTINCT CASE WHEN k <> c THEN k {.id, .name, .name_en} END) AS via
                 RETURN m {.id, .name, .short_name, level: coalesce(own_level, best_level), via: via}
                 ORDER BY coalesce(own_level, best_level, 0) DESC, sort_name } AS holders
"""

# The team, lead first.
TEAM = """
MATCH (:Project {id: $id})<-[r:PARTICIPATES_IN]-(m:Partner)
WITH m, coalesce(r.role, 'partner') AS role,
     replace(replace(replace(replace(toLower(m.name), 'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss') AS sort_name
RETURN m.id AS id, m.name AS name, m.short_name AS short_name, m.kind AS kind, role
ORDER BY CASE role WHEN 'lead' THEN 0 ELSE 1 END, sort_name, id
"""

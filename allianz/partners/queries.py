"""Reads for the partner pages. Values go in only as $parameters.

Names are ordered the German way, ignoring case, with ä, ö, ü as a, o, u and ß as ss
(the `sort_name` expressions below).
"""
from ..visibility import PUBLIC_PR  # drafts of the app's ideas stay with their team

# -- the list ------------------------------------------------------------------------------------
# $kind, $field and $q are null when the filter is not used; $q is matched case-insensitively.
_MATCH_FILTERED = """
MATCH (p:Partner)
WHERE ($kind IS NULL OR p.kind = $kind)
  AND ($field IS NULL OR EXISTS { (p)-[:ACTIVE_IN]->(:Field {key: $field}) })
  AND ($q IS NULL OR toLower(p.name) CONTAINS toLower($q)
       OR toLower(coalesce(p.short_name, '')) CONTAINS toLower($q))
"""

COUNT = _MATCH_FILTERED + """
RETURN count(p) AS total
"""

# Only the page's rows get their fields and project counts.
PAGE = _MATCH_FILTERED + """
WITH p, replace(replace(replace(replace(toLower(p.name), 'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss') AS sort_name
ORDER BY sort_name, p.id SKIP $skip LIMIT $limit
RETURN p.id AS id, p.name AS name, p.short_name AS short_name, p.kind AS kind,
       COLLECT { MATCH (p)-[:ACTIVE_IN]->(f:Field) RETURN f {.key, .name_de, .name_en} ORDER BY f.key } AS fields,
       COUNT { MATCH (p)-[:PARTICIPATES_IN]->(pr:Project) WHERE """ + PUBLIC_PR + """ } AS projects
"""

# -- one partner ---------------------------------------------------------------------------------
PARTNER = """
MATCH (p:Partner {id: $id})
RETURN properties(p) AS partner,
       COLLECT { MATCH (p)-[:ACTIVE_IN]->(f:Field) RETURN f {.key, .name_de, .name_en} ORDER BY f.key } AS fields
"""

# Each competency with the (first by id) broader one it sits under, if any.
COMPETENCIES = """
MATCH (:Partner {id: $id})-[r:HAS_COMPETENCY]->(c:Competency)
RETURN c {.id, .name, .name_en} AS competency, r.level AS level,
       head(COLLECT { MATCH (c)-[:BROADER]->(b:Competency) RETURN b {.id, .name, .name_en} ORDER BY b.id }) AS broader
"""

# Leads first, then the newest (ideas without a start date count as newest); one page of them.
PROJECTS = """
MATCH (:Partner {id: $id})-[r:PARTICIPATES_IN]->(pr:Project) WHERE """ + PUBLIC_PR + """
WITH pr, coalesce(r.role, 'partner') AS role,
     replace(replace(replace(replace(toLower(pr.title), 'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss') AS sort_title
RETURN pr.id AS id, pr.title AS title, pr.status AS status, pr.started AS started, pr.ended AS ended, role
ORDER BY CASE role WHEN 'lead' THEN 0 ELSE 1 END, pr.started IS NULL DESC, pr.started DESC, sort_title, id
SKIP $skip LIMIT $limit
"""

PROJECT_COUNT = """
MATCH (p:Partner {id: $id})
RETURN COUNT { MATCH (p)-[:PARTICIPATES_IN]->(pr:Project) WHERE """ + PUBLIC_PR + """ } AS total
"""

# Partners that share projects with this one, most shared first; at most $limit, with the total, and
# for each at most $projects of the shared projects (by title): counted first, listed only for the few shown.
CO_PARTNERS = """
MATCH (p:Partner {id: $id})-[:PARTICIPATES_IN]->(pr:Project)<-[:PARTICIPATES_IN]-(other:Partner)
WHERE other <> p AND """ + PUBLIC_PR + """
WITH p, other, count(*) AS shared
WITH p, other, shared,
     replace(replace(replace(replace(toLower(other.name), 'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss') AS sort_name
ORDER BY shared DESC, sort_name, other.id
WITH p, collect({partner: other, shared: shared}) AS everyone
WITH p, size(everyone) AS total, everyone[0..$limit] AS top
UNWIND top AS row
WITH p, total, row, row.partner AS other
CALL (p, other) {
  MATCH (p)-[:PARTICIPATES_IN]->(pr:Project)<-[:PARTICIPATES_IN]-(other) WHERE """ + PUBLIC_PR + """
  WITH pr, replace(replace(replace(replace(toLower(pr.title), 'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss') AS sort_title
  ORDER BY sort_title, pr.id LIMIT $projects
  RETURN collect(pr {.id, .title, .status}) AS projects
}
RETURN total, collect({partner: other {.id, .name, .kind}, shared: row.shared, projects: projects}) AS partners
"""

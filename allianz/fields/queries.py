"""Reads for the pages of the fields of action (Handlungsfelder). Values go in only as $parameters.

Names are ordered the German way, ignoring case, with ä, ö, ü as a, o, u and ß as ss.
"""
from ..visibility import PUBLIC_PR  # drafts of the app's ideas stay with their team

# Every field, for the filter selects of other pages.
ALL = """
MATCH (f:Field)
RETURN f.key AS key, f.name_de AS name_de, f.name_en AS name_en
"""

FIELDS = """
MATCH (f:Field)
RETURN f.key AS key, f.name_de AS name_de, f.name_en AS name_en,
       COUNT { (f)<-[:ACTIVE_IN]-(:Partner) } AS partners,
       COUNT { MATCH (f)<-[:IN_FIELD]-(pr:Project) WHERE """ + PUBLIC_PR + """ } AS projects
"""

FIELD = """
MATCH (f:Field {key: $key})
RETURN f {.key, .name_de, .name_en} AS field
"""

PARTNER_COUNT = """
MATCH (:Field {key: $key})<-[:ACTIVE_IN]-(p:Partner)
RETURN count(p) AS total
"""

PARTNERS = """
MATCH (:Field {key: $key})<-[:ACTIVE_IN]-(p:Partner)
WITH p, replace(replace(replace(replace(toLower(p.name), 'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss') AS sort_name
ORDER BY sort_name, p.id SKIP $skip LIMIT $limit
RETURN p.id AS id, p.name AS name, p.kind AS kind,
       COUNT { MATCH (p)-[:PARTICIPATES_IN]->(pr:Project)-[:IN_FIELD]->(:Field {key: $key})
               WHERE """ + PUBLIC_PR + """ } AS projects
"""

PROJECT_COUNT = """
MATCH (:Field {key: $key})<-[:IN_FIELD]-(pr:Project) WHERE """ + PUBLIC_PR + """
RETURN count(pr) AS total
"""

# Running work first, then the finished ($status_order: `vocabulary.RUNNING_FIRST`; other statuses last); newest
# first within each; at most $limit.
PROJECTS = """
MATCH (:Field {key: $key})<-[:IN_FIELD]-(pr:Project) WHERE """ + PUBLIC_PR + """
WITH pr, replace(replace(replace(replace(toLower(pr.title), 'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss') AS sort_title
RETURN pr.id AS id, pr.title AS title, pr.status AS status, pr.started AS started,
       COUNT { (pr)<-[:PARTICIPATES_IN]-(:Partner) } AS team_size
ORDER BY coalesce(head([i IN range(0, size($status_order) - 1) WHERE $status_order[i] = status]), size($status_order)),
         started IS NULL DESC, started DESC, sort_title, id
LIMIT $limit
"""

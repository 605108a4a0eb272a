"""Cypher of the open data: what is published (the ONE rule, `PUBLISHED_PARTNER` and `PUBLISHED_PROJECT`), the
rows of each file, and the coordinators' choice of what is left out.

A partner is published unless a coordinator left it out (`open_data: false`); a project when everyone may see
it (allianz/visibility.py `PUBLIC`: drafts and non-public ideas stay out) and no coordinator left it out.
People (User, Contact), the audit trail and everything else the app keeps about persons are never read here.
"""
from ..visibility import PUBLIC, PUBLIC_PR

PUBLISHED_PARTNER = "coalesce(NODE.open_data, true)"
PUBLISHED_PROJECT = "(" + PUBLIC + " AND coalesce(p.open_data, true))"
_PUBLISHED_PR = "(" + PUBLIC_PR + " AND coalesce(pr.open_data, true))"

# The date of the graph's last change (the files' dct:modified), with the revision the files were built at.
STATE = """
OPTIONAL MATCH (s:GraphState {id: 'main'})
RETURN coalesce(s.revision, 0) AS revision, toString(date(s.changed_at)) AS changed
"""

# What the page tells of each file without building it: the same rules, counted.
COUNTS = """
RETURN COUNT { (f:Field) } AS fields, COUNT { (c:Competency) } AS competencies,
       COUNT { MATCH (p:Partner) WHERE """ + PUBLISHED_PARTNER.replace("NODE", "p") + """ } AS partners,
       COUNT { MATCH (p:Project) WHERE """ + PUBLISHED_PROJECT + """ } AS projects,
       COUNT { MATCH (pa:Partner)-[:PARTICIPATES_IN]->(pr:Project)
               WHERE """ + PUBLISHED_PARTNER.replace("NODE", "pa") + " AND " + _PUBLISHED_PR + """ } AS participations
"""

FIELDS = "MATCH (f:Field) RETURN f.key AS key, f.name_de AS name_de, f.name_en AS name_en ORDER BY key"

COMPETENCIES = """
MATCH (c:Competency)
OPTIONAL MATCH (c)-[:BROADER]->(b:Competency)
RETURN c.id AS id, c.name AS name, c.name_en AS name_en, min(b.id) AS broader
ORDER BY id
"""

# `properties`: every property of the node; the service keeps only the partner schema's public ones.
PARTNERS = """
MATCH (p:Partner) WHERE """ + PUBLISHED_PARTNER.replace("NODE", "p") + """
RETURN p.id AS id, properties(p) AS properties,
       COLLECT { MATCH (p)-[:ACTIVE_IN]->(f:Field) RETURN f.key ORDER BY f.key } AS fields,
       COLLECT { MATCH (p)-[r:HAS_COMPETENCY]->(c:Competency)
                 RETURN c.id + CASE WHEN r.level IS NULL THEN '' ELSE ':' + toString(r.level) END
                 ORDER BY c.id } AS competencies
ORDER BY id
"""

PROJECTS = """
MATCH (p:Project) WHERE """ + PUBLISHED_PROJECT + """
RETURN p.id AS id, p.title AS title, p.status AS status, p.summary AS summary,
       COLLECT { MATCH (p)-[:IN_FIELD]->(f:Field) RETURN f.key ORDER BY f.key } AS fields,
       COLLECT { MATCH (p)-[:NEEDS]->(c:Competency) RETURN c.id ORDER BY c.id } AS needs,
       toString(p.started) AS started, toString(p.ended) AS ended
ORDER BY id
"""

PARTICIPATIONS = """
MATCH (pa:Partner)-[r:PARTICIPATES_IN]->(pr:Project)
WHERE """ + PUBLISHED_PARTNER.replace("NODE", "pa") + " AND " + _PUBLISHED_PR + """
RETURN pr.id AS project_id, pa.id AS partner_id, coalesce(r.role, 'partner') AS role
ORDER BY project_id, partner_id
"""

# One partner's or project's publication: whether it is in the open data, whether a coordinator may change that
# (a project everyone may see; a draft is out whatever is chosen), and the version the choice is checked against.
PARTNER_STATE = """
MATCH (p:Partner {id: $id})
RETURN p.id AS id, coalesce(p.open_data, true) AS published, true AS choosable, coalesce(p.version, 0) AS version
"""
PROJECT_STATE = """
MATCH (p:Project {id: $id})
RETURN p.id AS id, """ + PUBLISHED_PROJECT + """ AS published, """ + PUBLIC + """ AS choosable,
       coalesce(p.version, 0) AS version
"""
STATE_OF = {"Partner": PARTNER_STATE, "Project": PROJECT_STATE}

# The choice itself (inside the unit of work that checks the version and records it): the value before and after.
_CHOOSE = """
MATCH (n:LABEL {id: $id})
WITH n, coalesce(n.open_data, true) AS before
SET n.open_data = $published
RETURN before, n.open_data AS after
"""
CHOOSE = {label: _CHOOSE.replace("LABEL", label) for label in ("Partner", "Project")}

"""Cypher of the open data: what is published (the ONE rule, `PUBLISHED_PARTNER` and `PUBLISHED_PROJECT`), the
ids it publishes (the rows of each file are the exchange export's, read by `exchange.writer`), and the coordinators'
choice of what is left out.

A partner is published unless a coordinator left it out (`open_data: false`); a project when everyone may see
it (allianz/visibility.py `PUBLIC`: drafts and non-public ideas stay out) and no coordinator left it out.
People (User, Contact), the audit trail and everything else the app keeps about persons are never read here.
"""
from ..revision import STATE as GRAPH_STATE
from ..visibility import PUBLIC, PUBLIC_PR

PUBLISHED_PARTNER = "coalesce(NODE.open_data, true)"
PUBLISHED_PROJECT = "(" + PUBLIC + " AND coalesce(p.open_data, true))"
_PUBLISHED_PR = "(" + PUBLIC_PR + " AND coalesce(pr.open_data, true))"

# What a request asks before serving a file: the graph's state (allianz/revision.py: revision, generation, the time of
# the last change, the files' dct:modified) and whether it is large (partners).
CURRENT = GRAPH_STATE.rstrip() + ", COUNT { (:Partner) } AS partners\n"

# What the page tells of each file without building it: the same rules, counted.
COUNTS = """
RETURN COUNT { (f:Field) } AS fields, COUNT { (c:Competency) } AS competencies,
       COUNT { MATCH (p:Partner) WHERE """ + PUBLISHED_PARTNER.replace("NODE", "p") + """ } AS partners,
       COUNT { MATCH (p:Project) WHERE """ + PUBLISHED_PROJECT + """ } AS projects,
       COUNT { MATCH (pa:Partner)-[:PARTICIPATES_IN]->(pr:Project)
               WHERE """ + PUBLISHED_PARTNER.replace("NODE", "pa") + " AND " + _PUBLISHED_PR + """ } AS participations
"""

# The ids of what is published: the service keeps only these of the exchange export's rows (`exchange.writer`
# reads the files' rows, the same rows `allianz export` writes), and only participations between them.
PUBLISHED_IDS = """
RETURN COLLECT { MATCH (p:Partner) WHERE """ + PUBLISHED_PARTNER.replace("NODE", "p") + """ RETURN p.id } AS partners,
       COLLECT { MATCH (p:Project) WHERE """ + PUBLISHED_PROJECT + """ RETURN p.id } AS projects
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

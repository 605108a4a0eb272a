"""Cypher of the exchange format: batched writes of an import, reads of an export, id lookups.

The statements that set a node's relationships to what a row lists come from `writes.relationship_set` (rows
`{id, <list>}`)."""
from ..writes import relationship_set

# -- lookups: ids a folder references that the graph may already hold ----------------------------
KNOWN_IDS = {
    "field": "UNWIND $ids AS key MATCH (n:Field {key: key}) RETURN n.key AS id",
    "competency": "UNWIND $ids AS key MATCH (n:Competency {id: key}) RETURN n.id AS id",
    "partner": "UNWIND $ids AS key MATCH (n:Partner {id: key}) RETURN n.id AS id",
    "project": "UNWIND $ids AS key MATCH (n:Project {id: key}) RETURN n.id AS id",
}

# -- import --------------------------------------------------------------------------------------
# What the importer owns: partners, projects, competencies, fields and the relationships among them.
# What the app owns (people, memberships, invitations, contacts, the audit trail, ideas created in
# the app, marked `origin: 'app'`) an import with --replace keeps.
# The labels the importer owns, each with its id property. `--replace` writes the folder first and
# deletes last: before writing it reads the ids, element ids and degrees (relationship counts, read from the
# node's record, no expansion: for the memory estimate) each label holds (STORED_IDS); the
# nodes whose ids the folder does not list are then deleted in batches, found by element id
# (DELETE_STALE), unless the app holds the node. No statement compares nodes against a big id list,
# and none scans an index per row: in a transaction that has written tens of thousands of nodes an
# index scan is slow (the "held by an idea" test expands from the node instead of scanning
# Project(origin), which made the worst case's deletions 16 times slower).
# A domain node is held by the app when the app created it, or (a partner) people belong to it,
# contacts or invitations hang on it, or an idea written in the app uses it (team, needs, fields);
# held nodes outlive a replace even when the new folder lacks them.
IMPORTED_LABELS = {"Field": "key", "Competency": "id", "Partner": "id", "Project": "id"}
# whether the graph holds no node of an imported label (from the count store: at once, however large the graph)
DOMAIN_EMPTY = """
RETURN COUNT { (:Field) } + COUNT { (:Competency) } + COUNT { (:Partner) } + COUNT { (:Project) } = 0 AS empty
"""
STORED_IDS = {
    "Field": "MATCH (n:Field) RETURN n.key AS id, elementId(n) AS node, COUNT { (n)--() } AS degree",
    "Competency": "MATCH (n:Competency) RETURN n.id AS id, elementId(n) AS node, COUNT { (n)--() } AS degree",
    "Partner": "MATCH (n:Partner) RETURN n.id AS id, elementId(n) AS node, COUNT { (n)--() } AS degree",
    "Project": "MATCH (n:Project) RETURN n.id AS id, elementId(n) AS node, COUNT { (n)--() } AS degree",
}
DELETE_STALE = {
    "Field": """
UNWIND $nodes AS node
MATCH (n:Field) WHERE elementId(n) = node AND NOT EXISTS { (n)--(m:Project) WHERE coalesce(m.origin, '') = 'app' }
DETACH DELETE n
RETURN count(*) AS deleted
""",
    "Competency": """
UNWIND $nodes AS node
MATCH (n:Competency) WHERE elementId(n) = node AND coalesce(n.origin, '') <> 'app'
  AND NOT EXISTS { (n)--(m:Project) WHERE coalesce(m.origin, '') = 'app' }
DETACH DELETE n
RETURN count(*) AS deleted
""",
    "Partner": """
UNWIND $nodes AS node
MATCH (n:Partner) WHERE elementId(n) = node AND coalesce(n.origin, '') <> 'app'
  AND NOT EXISTS { (n)<-[:MEMBER_OF]-(:User) } AND NOT EXISTS { (n)-[:HAS_CONTACT]->(:Contact) }
  AND NOT EXISTS { (n)<-[:FOR]-(:Invitation) }
  AND NOT EXISTS { (n)--(m:Project) WHERE coalesce(m.origin, '') = 'app' }
DETACH DELETE n
RETURN count(*) AS deleted
""",
    "Project": """
UNWIND $nodes AS node
MATCH (n:Project) WHERE elementId(n) = node AND coalesce(n.origin, '') <> 'app'
DETACH DELETE n
RETURN count(*) AS deleted
""",
}

# The import's lock and its record, on the graph's state node (the revision counter): the first
# statement of an import's transaction takes the node's write lock, so a second import waits for the
# first; the revision it then reads tells whether the graph changed since the folder was checked.
# The ids of the last imports are kept, so that after a lost connection the importer can ask
# whether its own transaction was committed.
TAKE_IMPORT_LOCK = """
MERGE (s:GraphState {id: 'main'})
SET s.importing = $run
RETURN coalesce(s.revision, 0) AS revision
"""
RECORD_IMPORT = """
MATCH (s:GraphState {id: 'main'})
SET s.recent_imports = ([$run] + [id IN coalesce(s.recent_imports, []) WHERE id <> $run])[0..20],
    s.importing = null
"""
WAS_COMMITTED = "OPTIONAL MATCH (s:GraphState {id: 'main'}) RETURN $run IN coalesce(s.recent_imports, []) AS committed"

# What the app keeps through a replace; the held domain nodes are the stale nodes DELETE_STALE did not delete.
KEPT_APP_DATA = """
RETURN COUNT { (:User) } AS people, COUNT { (:User)-[:MEMBER_OF]->(:Partner) } AS memberships,
       COUNT { (:AuditEvent) } AS `audit events`, COUNT { (:Invitation) } AS invitations,
       COUNT { (:Contact) } AS contacts, COUNT { (:Project {origin: 'app'}) } AS ideas
"""

# Nodes: MERGE on the id, then touch `updated_at` only when a property really changed, so that a
# second import of the same folder changes nothing.
MERGE_FIELDS = """
UNWIND $rows AS row
MERGE (n:Field {key: row.key})
WITH n, row, properties(n) AS before
SET n += row.props
WITH n, before WHERE before <> properties(n)
SET n.created_at = coalesce(n.created_at, datetime()), n.updated_at = datetime()
"""

MERGE_COMPETENCIES = """
UNWIND $rows AS row
MERGE (n:Competency {id: row.id})
WITH n, row, properties(n) AS before
SET n += row.props
WITH n, before WHERE before <> properties(n)
SET n.created_at = coalesce(n.created_at, datetime()), n.updated_at = datetime()
"""

SET_BROADER = """
UNWIND $rows AS row
MATCH (n:Competency {id: row.id})
OPTIONAL MATCH (n)-[old:BROADER]->(other) WHERE other.id <> coalesce(row.broader, '')
DELETE old
WITH DISTINCT n, row WHERE row.broader IS NOT NULL
MATCH (b:Competency {id: row.broader})
MERGE (n)-[:BROADER]->(b)
"""

MERGE_PARTNERS = """
UNWIND $rows AS row
MERGE (n:Partner {id: row.id})
WITH n, row, properties(n) AS before
SET n += row.props
WITH n, before WHERE before <> properties(n)
SET n.created_at = coalesce(n.created_at, datetime()), n.updated_at = datetime(),
    n.version = coalesce(n.version, 0) + 1
"""

SET_PARTNER_FIELDS = relationship_set("Partner", "ACTIVE_IN", "Field", "fields", batch=True)

SET_PARTNER_COMPETENCIES = relationship_set("Partner", "HAS_COMPETENCY", "Competency", "competencies",
                                            properties=("level",), batch=True)

MERGE_PROJECTS = """
UNWIND $rows AS row
MERGE (n:Project {id: row.id})
WITH n, row, properties(n) AS before
SET n += row.props, n.started = date(row.started), n.ended = date(row.ended)
WITH n, before WHERE before <> properties(n)
SET n.created_at = coalesce(n.created_at, datetime()), n.updated_at = datetime(),
    n.version = coalesce(n.version, 0) + 1
"""

SET_PROJECT_FIELDS = relationship_set("Project", "IN_FIELD", "Field", "fields", batch=True)

SET_PROJECT_NEEDS = relationship_set("Project", "NEEDS", "Competency", "needs", batch=True)

# A project's team in participations.csv replaces the team the graph had for that project.
SET_TEAMS = relationship_set("Project", "PARTICIPATES_IN", "Partner", "team", properties=("role",), incoming=True,
                             batch=True)

# -- export --------------------------------------------------------------------------------------
EXPORT_FIELDS = "MATCH (f:Field) RETURN f.key AS key, f.name_de AS name_de, f.name_en AS name_en ORDER BY key"

EXPORT_COMPETENCIES = """
MATCH (c:Competency)
OPTIONAL MATCH (c)-[:BROADER]->(b:Competency)
RETURN c.id AS id, c.name AS name, c.name_en AS name_en, min(b.id) AS broader
ORDER BY id
"""

# `properties`: the writer takes the columns of partners.csv (the partner schema's) from it, nothing else.
EXPORT_PARTNERS = """
MATCH (p:Partner)
RETURN p.id AS id, properties(p) AS properties,
       COLLECT { MATCH (p)-[:ACTIVE_IN]->(f:Field) RETURN f.key ORDER BY f.key } AS fields,
       COLLECT { MATCH (p)-[r:HAS_COMPETENCY]->(c:Competency)
                 RETURN c.id + CASE WHEN r.level IS NULL THEN '' ELSE ':' + toString(r.level) END
                 ORDER BY c.id } AS competencies
ORDER BY id
"""

EXPORT_PROJECTS = """
MATCH (p:Project)
RETURN p.id AS id, p.title AS title, p.status AS status, p.summary AS summary,
       COLLECT { MATCH (p)-[:IN_FIELD]->(f:Field) RETURN f.key ORDER BY f.key } AS fields,
       COLLECT { MATCH (p)-[:NEEDS]->(c:Competency) RETURN c.id ORDER BY c.id } AS needs,
       toString(p.started) AS started, toString(p.ended) AS ended
ORDER BY id
"""

EXPORT_PARTICIPATIONS = """
MATCH (pa:Partner)-[r:PARTICIPATES_IN]->(pr:Project)
RETURN pr.id AS project_id, pa.id AS partner_id, coalesce(r.role, 'partner') AS role
ORDER BY project_id, partner_id
"""


# -- import into an empty domain graph (STORED_IDS found none): nothing to match or clean up, so plain CREATE

CREATE_FIELDS = """
UNWIND $rows AS row
CREATE (n:Field {key: row.key}) SET n += row.props, n.created_at = datetime(), n.updated_at = n.created_at
"""

CREATE_COMPETENCIES = """
UNWIND $rows AS row
CREATE (n:Competency {id: row.id}) SET n += row.props, n.created_at = datetime(), n.updated_at = n.created_at
"""

CREATE_BROADER = """
UNWIND $rows AS row
WITH row WHERE row.broader IS NOT NULL
MATCH (n:Competency {id: row.id}), (b:Competency {id: row.broader})
CREATE (n)-[:BROADER]->(b)
"""

CREATE_PARTNERS = """
UNWIND $rows AS row
CREATE (n:Partner {id: row.id})
SET n += row.props, n.created_at = datetime(), n.updated_at = n.created_at, n.version = 1
"""

CREATE_PARTNER_FIELDS = """
UNWIND $rows AS row
UNWIND row.fields AS key
MATCH (n:Partner {id: row.id}), (f:Field {key: key})
CREATE (n)-[:ACTIVE_IN]->(f)
"""

CREATE_PARTNER_COMPETENCIES = """
UNWIND $rows AS row
UNWIND row.competencies AS item
MATCH (n:Partner {id: row.id}), (c:Competency {id: item.id})
CREATE (n)-[:HAS_COMPETENCY {level: item.level}]->(c)
"""

CREATE_PROJECTS = """
UNWIND $rows AS row
CREATE (n:Project {id: row.id})
SET n += row.props, n.started = date(row.started), n.ended = date(row.ended),
    n.created_at = datetime(), n.updated_at = n.created_at, n.version = 1
"""

CREATE_PROJECT_FIELDS = """
UNWIND $rows AS row
UNWIND row.fields AS key
MATCH (n:Project {id: row.id}), (f:Field {key: key})
CREATE (n)-[:IN_FIELD]->(f)
"""

CREATE_PROJECT_NEEDS = """
UNWIND $rows AS row
UNWIND row.needs AS key
MATCH (n:Project {id: row.id}), (c:Competency {id: key})
CREATE (n)-[:NEEDS]->(c)
"""

CREATE_TEAMS = """
UNWIND $rows AS row
UNWIND row.team AS member
MATCH (pr:Project {id: row.id}), (pa:Partner {id: member.id})
CREATE (pa)-[:PARTICIPATES_IN {role: member.role}]->(pr)
"""

# -- the app's own data met by an import (allianz/exchange/app_data.py) ----------------------------------
_APP_DATA = """
UNWIND $ids AS id
MATCH (n:LABEL {id: id})
WITH n, coalesce(n.origin, '') = 'app' AS created
WHERE created OR EXISTS { MATCH (e:AuditEvent)-[:ON]->(n) WHERE e.via = 'web' AND e.action IN $actions }
RETURN n.id AS id, created
"""
APP_DATA = {label: _APP_DATA.replace("LABEL", label) for label in ("Partner", "Project")}
APP_DATA_STATE = {
    "Partner": "MATCH (n:Partner {id: $id}) RETURN n {.*, created_at: null, updated_at: null} AS state",
    "Project": """
MATCH (n:Project {id: $id})
OPTIONAL MATCH (t:Partner)-[r:PARTICIPATES_IN]->(n)
WITH n, t, r ORDER BY t.id
RETURN n {.*, created_at: null, updated_at: null,
          team: [m IN collect(t.id + ':' + r.role) WHERE m IS NOT NULL]} AS state
""",
}

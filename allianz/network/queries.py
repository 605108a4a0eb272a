"""Reads for the network pictures and analytics: the whole domain graph in a few flat lists.

The pictures and the analytics are derived in Python from one snapshot of these rows, taken once
per graph revision (see `snapshot.py`); every value comes in as a $parameter, never as query text.
"""
from ..visibility import PUBLIC

# The revision counter repeats after a wipe (tests, `import --replace` on an empty store), so the
# cache also keys on the moment of the last change.
REVISION = """
OPTIONAL MATCH (s:GraphState {id: 'main'})
RETURN coalesce(s.revision, 0) AS revision, toString(s.changed_at) AS changed_at,
       coalesce(s.generation, 0) AS generation, toString(s.generation_at) AS generation_at,
       COUNT { (:Partner) } AS partners
"""

PARTNERS = """
MATCH (p:Partner)
RETURN p.id AS id, p.name AS name, p.short_name AS short_name, p.kind AS kind,
       p.description AS description, p.country AS country, p.district AS district,
       [(p)-[:ACTIVE_IN]->(f:Field) | f.key] AS fields
"""

# The pictures are the same for every visitor, so they hold only the projects everyone may see
# (allianz/visibility.py `PUBLIC`; drafts stay with their team and the coordinators).
PROJECTS = """
MATCH (p:Project)
WHERE """ + PUBLIC + """
RETURN p.id AS id, p.title AS title, p.status AS status, p.summary AS summary,
       toString(p.started) AS started, toString(p.ended) AS ended,
       [(p)-[:IN_FIELD]->(f:Field) | f.key] AS fields,
       [(p)-[:NEEDS]->(c:Competency) | c.id] AS needs
"""

PARTICIPATIONS = """
MATCH (a:Partner)-[r:PARTICIPATES_IN]->(p:Project)
WHERE """ + PUBLIC + """
RETURN a.id AS partner, p.id AS project, r.role AS role
"""

HOLDINGS = """
MATCH (a:Partner)-[r:HAS_COMPETENCY]->(c:Competency)
RETURN a.id AS partner, c.id AS competency, r.level AS level
"""

COMPETENCIES = """
MATCH (c:Competency)
RETURN c.id AS id, c.name AS name, c.name_en AS name_en,
       [(c)-[:BROADER]->(b:Competency) | b.id][0] AS broader
"""

FIELDS = """
MATCH (f:Field)
RETURN f.key AS key, f.name_de AS name_de, f.name_en AS name_en
ORDER BY f.key
"""




def gathered(cypher, columns):
    """`cypher`'s rows gathered by Neo4j into one record, `rows`: a list of [column values] in `columns`' order
    (built here once, from the constant queries above and their literal column names; `db.gathered_rows` reads it)."""
    return f"CALL () {{ {cypher} }}\nRETURN collect([{', '.join(columns)}]) AS rows", columns


# The long lists, each read as one record (`db.gathered_rows`): (query, its columns).
GATHERED = {
    "partners": gathered(PARTNERS, ("id", "name", "short_name", "kind", "description", "country", "district",
                                    "fields")),
    "projects": gathered(PROJECTS, ("id", "title", "status", "summary", "started", "ended", "fields", "needs")),
    "participations": gathered(PARTICIPATIONS, ("partner", "project", "role")),
    "holdings": gathered(HOLDINGS, ("partner", "competency", "level")),
}

# Catching up after small writes (`snapshot.catch_up`): the same rows, only of the partners and projects the
# revision's change log names.
PARTNERS_OF = PARTNERS.replace("MATCH (p:Partner)\n", "MATCH (p:Partner) WHERE p.id IN $ids\n")
HOLDINGS_OF = HOLDINGS.replace("MATCH (a:Partner)-[r:HAS_COMPETENCY]->(c:Competency)\n",
                               "MATCH (a:Partner)-[r:HAS_COMPETENCY]->(c:Competency) WHERE a.id IN $ids\n")
PROJECTS_OF = PROJECTS.replace("WHERE ", "WHERE p.id IN $ids AND ")
PARTICIPATIONS_OF = PARTICIPATIONS.replace("WHERE ", "WHERE p.id IN $ids AND ")

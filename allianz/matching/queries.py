"""Cypher of the matching package: literal strings, values only as $parameters.

The matcher reads the graph once per graph revision into its precomputed index (`index.py`);
these queries are that read, plus the small look-ups a page needs.
"""

FIELDS = """
MATCH (f:Field)
RETURN f.key AS key, f.name_de AS name_de, f.name_en AS name_en
ORDER BY key
"""

COMPETENCIES = """
MATCH (c:Competency)
OPTIONAL MATCH (c)-[:BROADER]->(b:Competency)
RETURN c.id AS id, c.name AS name, c.name_en AS name_en, b.id AS broader
ORDER BY id
"""

# The index's two bulk reads return ONE row holding a list per partner or project (in id order) rather than a row
# each: the driver decodes one long list much faster than tens of thousands of records. (A list per entry, not a
# list per property: `collect` would drop the nulls.) A project's team comes as partner ids, its leads apart (the
# only role the matcher tells apart).
PARTNER_ROWS = """
MATCH (p:Partner)
WITH p ORDER BY p.id
RETURN collect([p.id, p.name, p.short_name, p.kind, p.country,
                [(p)-[:ACTIVE_IN]->(f:Field) | f.key],
                [(p)-[r:HAS_COMPETENCY]->(c:Competency) | [c.id, r.level]]]) AS rows
"""

PROJECT_ROWS = """
MATCH (j:Project)
WITH j ORDER BY j.id
RETURN collect([j.id, j.title, j.status, toString(j.started), toString(j.ended),
                [(j)-[:IN_FIELD]->(f:Field) | f.key],
                [(j)-[:NEEDS]->(c:Competency) | c.id],
                [(p:Partner)-[:PARTICIPATES_IN]->(j) | p.id],
                [(p:Partner)-[:PARTICIPATES_IN {role: 'lead'}]->(j) | p.id]]) AS rows
"""

# Catching up after small writes (`cache.catch_up`): the same rows, only of the partners and projects named.
PARTNER_ROWS_OF = PARTNER_ROWS.replace("MATCH (p:Partner)\n", "MATCH (p:Partner) WHERE p.id IN $ids\n")
PROJECT_ROWS_OF = PROJECT_ROWS.replace("MATCH (j:Project)\n", "MATCH (j:Project) WHERE j.id IN $ids\n")

PROJECT_FOR_MATCHING = """
MATCH (j:Project {id: $id})
RETURN j.id AS id, j.title AS title, j.status AS status,
       [(j)-[:IN_FIELD]->(f:Field) | f.key] AS fields,
       [(j)-[:NEEDS]->(c:Competency) | c.id] AS needs,
       [(p:Partner)-[:PARTICIPATES_IN]->(j) | p.id] AS team
"""

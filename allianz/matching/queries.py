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

PARTNERS = """
MATCH (p:Partner)
RETURN p.id AS id, p.name AS name, p.short_name AS short_name, p.kind AS kind, p.country AS country,
       [(p)-[:ACTIVE_IN]->(f:Field) | f.key] AS fields,
       [(p)-[r:HAS_COMPETENCY]->(c:Competency) | {id: c.id, level: r.level}] AS competencies
ORDER BY id
"""

PROJECTS = """
MATCH (j:Project)
RETURN j.id AS id, j.title AS title, j.status AS status,
       toString(j.started) AS started, toString(j.ended) AS ended,
       [(j)-[:IN_FIELD]->(f:Field) | f.key] AS fields,
       [(j)-[:NEEDS]->(c:Competency) | c.id] AS needs,
       [(p:Partner)-[r:PARTICIPATES_IN]->(j) | [p.id, coalesce(r.role, 'partner')]] AS team
ORDER BY id
"""

PROJECT_FOR_MATCHING = """
MATCH (j:Project {id: $id})
RETURN j.id AS id, j.title AS title, j.status AS status,
       [(j)-[:IN_FIELD]->(f:Field) | f.key] AS fields,
       [(j)-[:NEEDS]->(c:Competency) | c.id] AS needs,
       [(p:Partner)-[:PARTICIPATES_IN]->(j) | p.id] AS team
"""

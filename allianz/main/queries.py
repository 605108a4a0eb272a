"""Reads for the start page."""

OVERVIEW = """
RETURN COUNT { (:Partner) } AS partners,
       COUNT { (p:Project) WHERE p.status IN ['active', 'completed'] } AS projects,
       COUNT { (p:Project) WHERE p.status IN ['idea', 'submitted'] } AS ideas,
       COUNT { (:Competency) } AS competencies,
       COUNT { (:Field) } AS fields
"""

FIELDS = """
MATCH (f:Field)
RETURN f.key AS key, f.name_de AS name_de, f.name_en AS name_en,
       COUNT { (f)<-[:ACTIVE_IN]-(:Partner) } AS partners,
       COUNT { (f)<-[:IN_FIELD]-(:Project) } AS projects
ORDER BY f.key
"""

"""Reads for the start page."""

OVERVIEW = """
RETURN COUNT { (:Partner) } AS partners,
       COUNT { (p:Project) WHERE p.status IN ['active', 'completed'] } AS projects,
       COUNT { (p:Project) WHERE p.status IN ['idea', 'submitted'] } AS ideas,
       COUNT { (:Competency) } AS competencies,
       COUNT { (:Field) } AS fields
"""

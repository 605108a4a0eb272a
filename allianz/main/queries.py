"""Reads for the start page."""
from ..visibility import PUBLIC  # drafts of the app's ideas are not counted for everyone

OVERVIEW = """
RETURN COUNT { (:Partner) } AS partners,
       COUNT { (p:Project) WHERE p.status IN ['active', 'completed'] } AS projects,
       COUNT { MATCH (p:Project) WHERE p.status IN ['idea', 'submitted'] AND """ + PUBLIC + """ } AS ideas,
       COUNT { (:Competency) } AS competencies,
       COUNT { (:Field) } AS fields
"""

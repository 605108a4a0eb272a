"""Reads for the start page. The statuses come in as $parameters (from `allianz.vocabulary`)."""
from ..visibility import PUBLIC  # drafts of the app's ideas are not counted for everyone

# $project_statuses: the projects that count (active, completed); $idea_statuses: the open ideas.
OVERVIEW = """
RETURN COUNT { (:Partner) } AS partners,
       COUNT { (p:Project) WHERE p.status IN $project_statuses } AS projects,
       COUNT { MATCH (p:Project) WHERE p.status IN $idea_statuses AND """ + PUBLIC + """ } AS ideas,
       COUNT { (:Competency) } AS competencies,
       COUNT { (:Field) } AS fields
"""

"""Reads for the competency pages. Values go in only as $parameters."""
from ..visibility import PUBLIC_PR  # drafts of the app's ideas stay with their team

# The whole vocabulary (it is small): each competency with its broader one and how often it is used,
# directly and together with everything below it (distinct partners and projects).
VOCABULARY = """
MATCH (c:Competency)
RETURN c {.id, .name, .name_en} AS competency,
       head(COLLECT { MATCH (c)-[:BROADER]->(b:Competency) RETURN b.id ORDER BY b.id }) AS broader,
       COUNT { (c)<-[:HAS_COMPETENCY]-(:Partner) } AS partners,
       COUNT { MATCH (c)<-[:NEEDS]-(pr:Project) WHERE """ + PUBLIC_PR + """ } AS projects,
       COUNT { MATCH (c)<-[:BROADER*0..]-(:Competency)<-[:HAS_COMPETENCY]-(p:Partner) RETURN DISTINCT p } AS partners_below,
       COUNT { MATCH (c)<-[:BROADER*0..]-(:Competency)<-[:NEEDS]-(pr:Project) WHERE """ + PUBLIC_PR + """ RETURN DISTINCT pr } AS projects_below
"""

COMPETENCY = """
MATCH (c:Competency {id: $id})
RETURN c {.id, .name, .name_en} AS competency,
       COLLECT { MATCH (c)-[:BROADER]->(b:Competency) RETURN b {.id, .name, .name_en} ORDER BY b.id } AS broader,
       COLLECT { MATCH (c)<-[:BROADER]-(n:Competency)
                 RETURN n {.id, .name, .name_en, partners: COUNT { (n)<-[:HAS_COMPETENCY]-(:Partner) }}
                 ORDER BY n.id } AS narrower
"""

PARTNER_COUNT = """
MATCH (:Competency {id: $id})<-[:HAS_COMPETENCY]-(p:Partner)
RETURN count(p) AS total
"""

# Highest level first, partners without a level last; names the German way (ä as a, ß as ss).
PARTNERS = """
MATCH (:Competency {id: $id})<-[r:HAS_COMPETENCY]-(p:Partner)
WITH p, r, replace(replace(replace(replace(toLower(p.name), 'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss') AS sort_name
ORDER BY coalesce(r.level, 0) DESC, sort_name, p.id
SKIP $skip LIMIT $limit
RETURN p.id AS id, p.name AS name, p.kind AS kind, r.level AS level
"""

PROJECTS = """
MATCH (:Competency {id: $id})<-[:NEEDS]-(pr:Project) WHERE """ + PUBLIC_PR + """
WITH pr, replace(replace(replace(replace(toLower(pr.title), 'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss') AS sort_title
RETURN pr.id AS id, pr.title AS title, pr.status AS status, pr.started AS started
ORDER BY sort_title, id
"""

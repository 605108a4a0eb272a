"""Cypher of the competency vocabulary: its pages, the picker's search, the coordinators' care and the
suggestions of missing competencies. Values go in only as $parameters."""
from ..visibility import PUBLIC_PR  # drafts of the app's ideas stay with their team

# The whole vocabulary (it is small): each competency with its broader one and how often it is used,
# directly and together with everything below it (distinct partners and projects).
VOCABULARY = """
MATCH (c:Competency)
RETURN c {.id, .name, .name_en} AS competency,
       head(COLLECT { MATCH (c)-[:BROADER]->(b:Competency) RETURN b.id ORDER BY b.id }) AS broader,
       COUNT { (c)<-[:HAS_COMPETENCY]-(:Partner) } AS partners,
       COUNT { MATCH (c)<-[:NEEDS]-(pr:Project) WHERE """ + PUBLIC_PR + """ } AS projects,
       COUNT { MATCH (c)<-[:BROADER*0..]-(:Competency)<-[:HAS_COMPETENCY]-(p:Partner)
               RETURN DISTINCT p } AS partners_below,
       COUNT { MATCH (c)<-[:BROADER*0..]-(:Competency)<-[:NEEDS]-(pr:Project)
               WHERE """ + PUBLIC_PR + """ RETURN DISTINCT pr } AS projects_below
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

# -- the picker ------------------------------------------------------------------------------------------
# Every competency with its (first) broader one: the picker searches these in Python (the vocabulary
# is small; folding ä/ö/ü and ß is simpler there).
# When nothing is named like the term: the competencies that public projects about it need, most often first
# (a coordinator who types "Luft" finds what the air-quality projects needed).
NEEDED_BY_PROJECTS_ABOUT = """
MATCH (pr:Project)
WHERE (toLower(pr.title) CONTAINS toLower($term) OR toLower(coalesce(pr.summary, '')) CONTAINS toLower($term))
  AND """ + PUBLIC_PR + """
MATCH (pr)-[:NEEDS]->(c:Competency)
WITH c, count(DISTINCT pr) AS projects
RETURN c.id AS id, c.name AS name, c.name_en AS name_en, projects,
       head(COLLECT { MATCH (c)-[:BROADER]->(b:Competency) RETURN b {.id, .name, .name_en} ORDER BY b.id }) AS broader
ORDER BY projects DESC, c.id
LIMIT $limit
"""

SEARCHABLE = """
MATCH (c:Competency)
RETURN c.id AS id, c.name AS name, c.name_en AS name_en,
       head(COLLECT { MATCH (c)-[:BROADER]->(b:Competency) RETURN b {.id, .name, .name_en} ORDER BY b.id }) AS broader
"""

BY_IDS = """
UNWIND $ids AS key
MATCH (c:Competency {id: key})
RETURN c.id AS id, c.name AS name, c.name_en AS name_en
"""

REDIRECT = "MATCH (r:CompetencyRedirect {from_id: $id}) RETURN r.to_id AS to_id"

# -- care (coordinators) ---------------------------------------------------------------------------------
# One competency as the care page edits it: its names, version and (first) broader id.
COMPETENCY_TO_EDIT = """
MATCH (c:Competency {id: $id})
RETURN c {.id, .name, .name_en, .version,
          broader: head(COLLECT { MATCH (c)-[:BROADER]->(b:Competency) RETURN b.id ORDER BY b.id })} AS competency
"""

CREATE = """
CREATE (c:Competency {id: $id, name: $name, name_en: $name_en, origin: 'app', version: 1,
                      created_at: datetime(), updated_at: datetime()})
WITH c
OPTIONAL MATCH (b:Competency {id: $broader})
FOREACH (_ IN CASE WHEN b IS NULL THEN [] ELSE [1] END | CREATE (c)-[:BROADER]->(b))
"""

RENAME = "MATCH (c:Competency {id: $id}) SET c.name = $name, c.name_en = $name_en"

# A new broader competency (or none); never one below the competency itself (no cycles).
MOVE = """
MATCH (c:Competency {id: $id})
OPTIONAL MATCH (c)-[old:BROADER]->(:Competency)
DELETE old
WITH DISTINCT c
OPTIONAL MATCH (b:Competency {id: $broader}) WHERE NOT (b)-[:BROADER*0..]->(c)
FOREACH (_ IN CASE WHEN b IS NULL THEN [] ELSE [1] END | CREATE (c)-[:BROADER]->(b))
RETURN b.id AS broader
"""

BELOW_OR_SAME = """
MATCH (b:Competency {id: $broader}), (c:Competency {id: $id})
RETURN EXISTS { (b)-[:BROADER*0..]->(c) } AS below
"""

# Merge: every relationship moves from $source to $target (the higher level / importance wins where
# both had one), the source goes, and its id redirects to the target from now on.
MERGE_INTO = """
MATCH (s:Competency {id: $source}), (t:Competency {id: $target})
CALL (s, t) {
  MATCH (p:Partner)-[r:HAS_COMPETENCY]->(s)
  MERGE (p)-[r2:HAS_COMPETENCY]->(t)
  SET r2.level = CASE WHEN r2.level IS NULL OR coalesce(r.level, 0) > r2.level THEN r.level ELSE r2.level END
  DELETE r
}
CALL (s, t) {
  MATCH (pr:Project)-[r:NEEDS]->(s)
  MERGE (pr)-[r2:NEEDS]->(t)
  SET r2.importance = CASE WHEN r2.importance IS NULL OR coalesce(r.importance, 0) > r2.importance
                           THEN r.importance ELSE r2.importance END
  DELETE r
}
CALL (s, t) {
  MATCH (n:Competency)-[r:BROADER]->(s) WHERE n <> t
  MERGE (n)-[:BROADER]->(t)
  DELETE r
}
CALL (s, t) {
  MATCH (g:CompetencySuggestion)-[r:BECAME]->(s)
  MERGE (g)-[:BECAME]->(t)
  DELETE r
}
WITH s, t
OPTIONAL MATCH (old:CompetencyRedirect {to_id: s.id})
SET old.to_id = t.id
WITH DISTINCT s, t
MERGE (redirect:CompetencyRedirect {from_id: s.id})
SET redirect.to_id = t.id, redirect.at = datetime()
WITH s
DETACH DELETE s
"""

USES = """
MATCH (c:Competency {id: $id})
RETURN COUNT { (c)<-[:HAS_COMPETENCY]-() } AS partners, COUNT { (c)<-[:NEEDS]-() } AS needs,
       COUNT { (c)<-[:BROADER]-() } AS narrower
"""

# -- suggestions of missing competencies ----------------------------------------------------------------
SUGGEST = """
MATCH (p:Partner {id: $partner_id})
OPTIONAL MATCH (u:User {id: $user_id})
CREATE (g:CompetencySuggestion {id: $id, name: $name, note: $note, level: $level, state: 'open',
                                created_at: datetime()})-[:FROM]->(p)
FOREACH (_ IN CASE WHEN u IS NULL THEN [] ELSE [1] END | CREATE (u)-[:SUGGESTED]->(g))
RETURN p.name AS partner, coalesce(u.name, u.email) AS actor
"""

OPEN_SUGGESTIONS = """
MATCH (g:CompetencySuggestion {state: 'open'})-[:FROM]->(p:Partner)
OPTIONAL MATCH (u:User)-[:SUGGESTED]->(g)
RETURN g {.id, .name, .note, .level, .created_at, partner_id: p.id, partner_name: p.name, by: u.name} AS suggestion
ORDER BY g.created_at
"""

SUGGESTION = """
MATCH (g:CompetencySuggestion {id: $id})-[:FROM]->(p:Partner)
RETURN g {.id, .name, .note, .level, .state, partner_id: p.id} AS suggestion
"""

# The suggestion is settled: it became competency $competency_id, which the partner now holds.
SETTLE_SUGGESTION = """
MATCH (g:CompetencySuggestion {id: $id, state: 'open'})-[:FROM]->(p:Partner), (c:Competency {id: $competency_id})
SET g.state = $state, g.settled_at = datetime()
CREATE (g)-[:BECAME]->(c)
MERGE (p)-[r:HAS_COMPETENCY]->(c)
SET r.level = coalesce(r.level, g.level)
RETURN g.id AS id
"""

REJECT_SUGGESTION = """
MATCH (g:CompetencySuggestion {id: $id, state: 'open'})
SET g.state = 'rejected', g.settled_at = datetime()
RETURN g.id AS id
"""

# -- free text to needs (freetext.py) ----------------------------------------------------------------------
# The competencies and fields of action whose names, synonyms or descriptions the words name (German analyzer,
# cypher/0011_vocabulary_text.cypher).
VOCABULARY_TEXT = """
CALL db.index.fulltext.queryNodes('vocabulary_text_de', $text, {limit: 40}) YIELD node, score
RETURN CASE WHEN node:Field THEN 'field' ELSE 'competency' END AS kind, coalesce(node.id, node.key) AS id, score
"""

# What the public projects most like the text needed, and their fields (drafts of the app's ideas stay private).
PROJECTS_TEXT = """
CALL db.index.fulltext.queryNodes('project_text_de', $text, {limit: 30}) YIELD node AS pr, score
WITH pr, score WHERE """ + PUBLIC_PR + """
RETURN pr.id AS id, score, [(pr)-[:NEEDS]->(c:Competency) | c.id] AS needs,
       [(pr)-[:IN_FIELD]->(f:Field) | f.key] AS fields
ORDER BY score DESC, id LIMIT $limit
"""

FIELDS_BY_KEYS = """
UNWIND $keys AS key
MATCH (f:Field {key: key})
RETURN f.key AS key, f.name_de AS name_de, f.name_en AS name_en
"""

COMPETENCIES_BY_IDS = """
UNWIND $ids AS key
MATCH (c:Competency {id: key})
RETURN c.id AS id, c.name AS name, c.name_en AS name_en,
       head(COLLECT { MATCH (c)-[:BROADER]->(b:Competency) RETURN b {.id, .name, .name_en} ORDER BY b.id }) AS broader
"""

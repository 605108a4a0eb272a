"""Cypher of ideas: create and save an idea, its transitions, similar ideas, the list and its filters.

Values go in only as $parameters (status lists too, from `allianz.vocabulary`). Ideas written in the app carry
`origin: 'app'` (the importer keeps them). The team's invitations are in `ideas/team/queries.py`.
"""
from ..visibility import VISIBLE  # who may see an idea: the one rule
from ..writes import relationship_set

IDEA = """
MATCH (p:Project {id: $id})
OPTIONAL MATCH (u:User|FormerMember)-[:PROPOSED]->(p)
RETURN p {.id, .title, .summary, .status, .scale, .time_frame, .origin, .public,
          partner_kinds: coalesce(p.partner_kinds, []), core_values: coalesce(p.core_values, []),
          version: coalesce(p.version, 0)} AS project,
       u.id AS proposer_id, u.name AS proposer_name, coalesce(u:FormerMember, false) AS proposer_former,
       COLLECT { MATCH (p)-[:IN_FIELD]->(f:Field) RETURN f {.key, .name_de, .name_en} ORDER BY f.key } AS fields,
       COLLECT { MATCH (p)-[n:NEEDS]->(c:Competency)
                 RETURN {id: c.id, name: c.name, name_en: c.name_en, importance: coalesce(n.importance, 2)}
                 ORDER BY c.id } AS needs,
       COLLECT { MATCH (t:Partner)-[r:PARTICIPATES_IN]->(p)
                 RETURN {id: t.id, name: t.name, kind: t.kind, role: coalesce(r.role, 'partner')}
                 ORDER BY r.role = 'lead' DESC, t.name } AS team
"""

CREATE_IDEA = """
MATCH (u:User {id: $user_id})
CREATE (p:Project {id: $id, submission: $submission, title: $title, summary: $summary, status: 'idea',
                   origin: 'app', version: 1,
                   scale: $scale, time_frame: $time_frame, partner_kinds: $partner_kinds,
                   core_values: $core_values, public: $public, created_at: datetime(), updated_at: datetime()})
CREATE (u)-[:PROPOSED {at: datetime()}]->(p)
WITH p
OPTIONAL MATCH (partner:Partner {id: $partner_id})
FOREACH (_ IN CASE WHEN partner IS NULL THEN [] ELSE [1] END |
  CREATE (partner)-[:PARTICIPATES_IN {role: 'lead', since: datetime()}]->(p))
RETURN p.id AS id
"""

BY_SUBMISSION = "MATCH (p:Project {submission: $submission}) RETURN p.id AS id"

SAVE_IDEA = """
MATCH (p:Project {id: $id})
SET p.title = $title, p.summary = $summary, p.scale = $scale, p.time_frame = $time_frame,
    p.partner_kinds = $partner_kinds, p.core_values = $core_values, p.public = $public
"""

SAVE_FIELDS = relationship_set("Project", "IN_FIELD", "Field", "fields")  # $id, $fields: keys

SAVE_NEEDS = relationship_set("Project", "NEEDS", "Competency", "needs",  # $id, $needs: {id, importance}
                              properties=("importance",))

# The transition: status AND version checked in the same write, under the node's lock, so that of two
# people acting on the same version exactly one changes the status and the other gets no row.
TRANSITION = """
MATCH (p:Project {id: $id}) SET p._lock = true REMOVE p._lock
WITH p WHERE p.status = $from AND coalesce(p.version, 0) = $version
MATCH (u:User {id: $user_id})
WITH p, u, EXISTS { (p)-[:HAD]->(:Transition {action: 'submit'}) } AS submitted_before
SET p.status = $to, p.version = coalesce(p.version, 0) + 1, p.updated_at = datetime()
CREATE (p)-[:HAD]->(t:Transition {id: $transition_id, at: datetime(), from: $from, to: $to, reason: $reason,
                                  action: $action})<-[:BY]-(u)
RETURN p.version AS version, submitted_before
"""

TIMELINE = """
MATCH (:Project {id: $id})-[:HAD]->(t:Transition)
OPTIONAL MATCH (t)<-[:BY]-(u:User)
RETURN t {.id, .at, .from, .to, .reason, .action} AS transition, u.name AS by
ORDER BY t.at, t.id
"""

# Everyone to tell about a project: the proposer, members of the team's partners, followers.
AUDIENCE = """
MATCH (p:Project {id: $id})
CALL (p) {
  MATCH (u:User)-[:PROPOSED]->(p) RETURN u
  UNION MATCH (u:User)-[:MEMBER_OF]->(:Partner)-[:PARTICIPATES_IN]->(p) RETURN u
  UNION MATCH (u:User)-[:FOLLOWS]->(p) RETURN u
}
WITH u WHERE coalesce(u.active, true) AND u.id <> coalesce($except_user, '')
RETURN collect(DISTINCT u.id) AS users
"""

# Which needed competencies the team covers, and by whom: a member with the competency or a narrower one (at any
# depth: LoRaWAN covers "Sensorik & IoT"; `via` names the narrower ones), the matcher's rule (signals.team_covers).
COVERAGE = """
MATCH (p:Project {id: $id})-[n:NEEDS]->(c:Competency)
RETURN c {.id, .name, .name_en} AS competency, coalesce(n.importance, 2) AS importance,
       COLLECT { MATCH (t:Partner)-[:PARTICIPATES_IN]->(p)
                 WHERE EXISTS { (t)-[:HAS_COMPETENCY]->(:Competency)-[:BROADER*0..]->(c) }
                 RETURN t {.id, .name,
                           via: COLLECT { MATCH (t)-[:HAS_COMPETENCY]->(k:Competency)-[:BROADER*1..]->(c)
                                          WITH DISTINCT k RETURN k {.id, .name, .name_en} ORDER BY k.id }}
                 ORDER BY t.name, t.id } AS holders
ORDER BY importance DESC, c.id
"""

# -- similar ideas: German full-text over title and summary, then shared needs and fields ----------------
# Not the dropped ones ($dropped: rejected or withdrawn).
SIMILAR = """
CALL db.index.fulltext.queryNodes('project_text_de', $text, {limit: 50}) YIELD node AS p, score
WHERE p.id <> coalesce($exclude, '') AND NOT p.status IN $dropped AND """ + VISIBLE + """
WITH p, score
RETURN p.id AS id, p.title AS title, p.status AS status, score AS text_score,
       [(p)-[:NEEDS]->(c:Competency) WHERE c.id IN $needs | c.id] AS shared_needs,
       [(p)-[:IN_FIELD]->(f:Field) WHERE f.key IN $fields | f.key] AS shared_fields
"""

# Ideas that share at least two needs (maybe no words); without the dropped ones either.
SIMILAR_BY_NEEDS = """
UNWIND $needs AS key
MATCH (:Competency {id: key})<-[:NEEDS]-(p:Project)
WITH p, collect(DISTINCT key) AS shared_needs
WHERE size(shared_needs) >= 2 AND p.id <> coalesce($exclude, '') AND NOT p.status IN $dropped
  AND """ + VISIBLE + """
RETURN p.id AS id, p.title AS title, p.status AS status, 0.0 AS text_score, shared_needs,
       [(p)-[:IN_FIELD]->(f:Field) WHERE f.key IN $fields | f.key] AS shared_fields
ORDER BY size(shared_needs) DESC, p.id
LIMIT 50
"""

# -- lists -----------------------------------------------------------------------------------------------
LIST = """
MATCH (p:Project)
WHERE ($statuses IS NULL OR p.status IN $statuses)
  AND ($field IS NULL OR EXISTS { (p)-[:IN_FIELD]->(:Field {key: $field}) })
  AND ($scale IS NULL OR p.scale = $scale)
  AND ALL(key IN $competencies WHERE EXISTS { (p)-[:NEEDS]->(:Competency {id: key}) })
  AND ($partner IS NULL OR EXISTS { (p)<-[:PARTICIPATES_IN]-(:Partner {id: $partner}) })
  AND ($mine IS NULL OR EXISTS { (p)<-[:PROPOSED]-(:User {id: $mine}) })
  AND ($app_only = false OR p.origin = 'app')
  AND """ + VISIBLE + """
RETURN p.id AS id, p.title AS title, p.status AS status, p.scale AS scale,
       COUNT { (p)<-[:PARTICIPATES_IN]-(:Partner) } AS team_size,
       COUNT { (p)<-[:SUPPORTS]-(:Partner) } AS supporters
ORDER BY p.updated_at DESC, p.title
LIMIT 200
"""

# A partner typed into the list's filter: exact name, short name or id first, else names containing it.
PARTNER_NAMED = """
MATCH (t:Partner)
WITH t, toLower(t.name) = toLower($text) OR toLower(coalesce(t.short_name, '')) = toLower($text) OR t.id = $text
        AS exact
WHERE exact OR toLower(t.name) CONTAINS toLower($text)
RETURN t.id AS id, t.name AS name, exact ORDER BY exact DESC, size(t.name), t.name LIMIT $limit
"""
PARTNER_NAME = "MATCH (t:Partner {id: $id}) RETURN t.name AS name"

# Open ideas ($open) a partner is not in yet (the matcher is run backwards over them).
OPEN_IDEAS = """
MATCH (p:Project) WHERE p.status IN $open
  AND NOT EXISTS { (p)<-[:PARTICIPATES_IN]-(:Partner {id: $partner_id}) } AND """ + VISIBLE + """
RETURN p.id AS id, p.title AS title, p.status AS status
ORDER BY p.updated_at DESC, p.id
LIMIT $limit
"""

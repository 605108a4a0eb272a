"""Cypher of an idea's team: invitations and join requests, their answers, the outcome loop.

Values go in only as $parameters.
"""

# The people who manage a team: the proposer and the members of the lead partner.
AUDIENCE_TEAM = """
MATCH (p:Project {id: $id})
CALL (p) {
  MATCH (u:User)-[:PROPOSED]->(p) RETURN u
  UNION MATCH (u:User)-[:MEMBER_OF]->(:Partner)-[:PARTICIPATES_IN {role: 'lead'}]->(p) RETURN u
}
WITH u WHERE coalesce(u.active, true)
RETURN collect(DISTINCT u.id) AS users
"""

# -- invitations and join requests ---------------------------------------------------------------------
# The idea's write lock first: of parallel invitations of one partner (or join requests) exactly one is created.
CREATE_INVITE = """
MATCH (p:Project {id: $project_id}) SET p._lock = true REMOVE p._lock
WITH p
MATCH (t:Partner {id: $partner_id}), (u:User {id: $user_id})
WHERE NOT EXISTS { (t)-[:PARTICIPATES_IN]->(p) }
  AND NOT EXISTS { (p)-[:INVITED]->(:Invite {state: 'open'})-[:TO]->(t) }
CREATE (p)-[:INVITED]->(i:Invite {id: $invite_id, kind: $kind, state: 'open', created_at: datetime(),
                                  message: $message, from_recommendation: $from_recommendation,
                                  score: $score, rank: $rank})-[:TO]->(t)
CREATE (u)-[:SENT]->(i)
RETURN i.id AS id
"""

INVITE = """
MATCH (p:Project)-[:INVITED]->(i:Invite {id: $id})-[:TO]->(t:Partner)
RETURN i {.id, .kind, .state, .message, .answer, .from_recommendation, .score} AS invite,
       p.id AS project_id, p.title AS project_title, t.id AS partner_id, t.name AS partner_name
"""

# Answer an open invite (state checked in the same write); accepting adds the partner to the team.
ANSWER_INVITE = """
MATCH (p:Project)-[:INVITED]->(i:Invite {id: $id})-[:TO]->(t:Partner)
SET i._lock = true REMOVE i._lock
WITH p, i, t WHERE i.state = 'open'
MATCH (u:User {id: $user_id})
SET i.state = $state, i.answered_at = datetime(), i.answer = $answer
CREATE (u)-[:ANSWERED]->(i)
FOREACH (_ IN CASE WHEN $state = 'accepted' AND NOT EXISTS { (t)-[:PARTICIPATES_IN]->(p) } THEN [1] ELSE [] END |
  CREATE (t)-[:PARTICIPATES_IN {role: 'partner', since: datetime()}]->(p))
RETURN i.state AS state
"""

INVITES_OF_PROJECT = """
MATCH (:Project {id: $id})-[:INVITED]->(i:Invite)-[:TO]->(t:Partner)
RETURN i {.id, .kind, .state, .message, .answer, .from_recommendation, .score, .created_at, .answered_at} AS invite,
       t.id AS partner_id, t.name AS partner_name
ORDER BY i.created_at DESC
"""

INVITES_OF_PARTNER = """
MATCH (p:Project)-[:INVITED]->(i:Invite {state: 'open'})-[:TO]->(t:Partner {id: $partner_id})
RETURN i {.id, .kind, .state, .message, .from_recommendation, .created_at} AS invite,
       p.id AS project_id, p.title AS project_title
ORDER BY i.created_at DESC
"""

# The active people of a partner (to tell them about an invitation).
PARTNER_MEMBERS = """
MATCH (u:User)-[:MEMBER_OF]->(:Partner {id: $partner_id}) WHERE coalesce(u.active, true)
RETURN collect(u.id) AS users
"""

# -- the outcome loop: recommended partners invited, and who joined ----------------------------------------
OUTCOME_COLUMNS = ("project_id", "partner_id", "rank", "score", "invited_at", "answered_at", "state", "joined")
OUTCOMES = """
MATCH (p:Project)-[:INVITED]->(i:Invite {from_recommendation: true})-[:TO]->(t:Partner)
RETURN p.id AS project_id, t.id AS partner_id, i.id AS invite_id, i.rank AS rank, i.score AS score,
       toString(i.created_at) AS invited_at, toString(i.answered_at) AS answered_at, i.state AS state,
       EXISTS { (t)-[:PARTICIPATES_IN]->(p) } AS joined
ORDER BY invited_at, invite_id
"""

OUTCOMES_BY_MONTH = """
MATCH (:Project)-[:INVITED]->(i:Invite {from_recommendation: true})-[:TO]->(:Partner)
WITH datetime({datetime: i.created_at, timezone: $timezone}) AS local, i
WITH date({year: local.year, month: local.month, day: 1}) AS month, i
RETURN month, count(i) AS invited, count(CASE WHEN i.state = 'accepted' THEN 1 END) AS joined,
       count(CASE WHEN i.state = 'declined' THEN 1 END) AS declined
ORDER BY month
"""

"""Cypher of reading the audit trail (paginated, newest first). Events are written by `allianz.writes`."""

COUNT_FOR_TARGET = """
MATCH (e:AuditEvent) WHERE e.target_label = $target_label AND e.target_id = $target_id
RETURN count(e) AS total
"""
PAGE_FOR_TARGET = """
MATCH (e:AuditEvent) WHERE e.target_label = $target_label AND e.target_id = $target_id
RETURN e {.*} AS event ORDER BY e.at DESC, e.id SKIP $skip LIMIT $limit
"""
COUNT_FOR_PERSON = """
MATCH (e:AuditEvent) WHERE e.actor_id = $user_id OR (e.target_label = 'User' AND e.target_id = $user_id)
RETURN count(e) AS total
"""
PAGE_FOR_PERSON = """
MATCH (e:AuditEvent) WHERE e.actor_id = $user_id OR (e.target_label = 'User' AND e.target_id = $user_id)
RETURN e {.*} AS event ORDER BY e.at DESC, e.id SKIP $skip LIMIT $limit
"""

PARTNER_NAME = "MATCH (p:Partner {id: $id}) RETURN p.id AS id, p.name AS name"
PERSON_NAME = "MATCH (u:User {id: $id}) RETURN u.id AS id, u.name AS name, u.email AS email"

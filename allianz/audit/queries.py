"""Cypher of the audit trail and of the version check. Labels come only from the whitelists below."""

RECORD = """
CREATE (e:AuditEvent {id: $id, at: datetime(), action: $action, target_label: $target_label,
                      target_id: $target_id, actor_id: $actor_id, actor_name: $actor_name, via: $via,
                      changes_json: $changes_json})
WITH e
OPTIONAL MATCH (u:User {id: $actor_id})
SET e.actor_name = coalesce(e.actor_name, u.name, u.email)
FOREACH (_ IN CASE WHEN u IS NULL THEN [] ELSE [1] END | CREATE (u)-[:DID]->(e))
"""

# The labels the app audits and versions: a fixed whitelist, the only text put into the queries below.
TARGET_LABELS = ("Partner", "Project", "Competency", "User", "Invitation", "Contact")
VERSIONED_LABELS = ("Partner", "Project", "Competency", "User", "Contact")

# (AuditEvent)-[:ON]->(target).
_LINK_TARGET = "MATCH (e:AuditEvent {id: $id}), (t:LABEL {id: $target_id}) CREATE (e)-[:ON]->(t)"

# The version check: take the node's write lock first (so a concurrent save waits for the other's
# commit), then compare and move the version on. No row back means: the version moved, or no node.
_CLAIM = """
MATCH (n:LABEL {id: $id}) SET n._lock = true REMOVE n._lock
WITH n WHERE coalesce(n.version, 0) = $version
SET n.version = coalesce(n.version, 0) + 1, n.updated_at = datetime()
RETURN n.version AS version
"""
_CURRENT = "MATCH (n:LABEL {id: $id}) RETURN n {.*, password_hash: null} AS node"

LINK_TARGET = {label: _LINK_TARGET.replace("LABEL", label) for label in TARGET_LABELS}
CLAIM = {label: _CLAIM.replace("LABEL", label) for label in VERSIONED_LABELS}
CURRENT = {label: _CURRENT.replace("LABEL", label) for label in VERSIONED_LABELS}

# -- reading the trail (paginated, newest first) -----------------------------------------------------
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

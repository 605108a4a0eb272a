"""Cypher of notifications: write them inside the change's transaction, list, count, mark read, mail."""

# One notification per person, written in the same transaction as the change that causes it.
CREATE = """
UNWIND $user_ids AS user_id
MATCH (u:User {id: user_id})
CREATE (n:Notification {id: randomUUID(), kind: $kind, created_at: datetime(), project_id: $project_id,
                        project_title: $project_title, actor_name: $actor_name, detail: $detail})-[:FOR]->(u)
WITH n
OPTIONAL MATCH (p:Project {id: $project_id})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | CREATE (n)-[:ABOUT]->(p))
RETURN count(n) AS created
"""

UNREAD_COUNT = "MATCH (n:Notification WHERE n.read_at IS NULL)-[:FOR]->(:User {id: $user_id}) RETURN count(n) AS unread"

LIST = """
MATCH (n:Notification)-[:FOR]->(:User {id: $user_id})
RETURN n {.id, .kind, .created_at, .read_at, .project_id, .project_title, .actor_name, .detail} AS notification
ORDER BY n.created_at DESC, n.id
LIMIT 100
"""

MARK_READ = """
MATCH (n:Notification)-[:FOR]->(:User {id: $user_id})
WHERE n.read_at IS NULL AND ($id IS NULL OR n.id = $id)
SET n.read_at = datetime()
RETURN count(n) AS marked
"""

PREFERENCES = """
MATCH (u:User {id: $user_id})
RETURN coalesce(u.mail_kinds, []) AS mail_kinds, coalesce(u.mail_digest, false) AS mail_digest
"""

SAVE_PREFERENCES = "MATCH (u:User {id: $user_id}) SET u.mail_kinds = $mail_kinds, u.mail_digest = $mail_digest"

# Notifications still to mail: right away for people who chose the kind without the digest;
# with `$digest`, the gathered ones of people who chose the daily digest.
PENDING_MAIL = """
MATCH (n:Notification)-[:FOR]->(u:User)
WHERE n.mailed_at IS NULL AND n.kind IN coalesce(u.mail_kinds, []) AND coalesce(u.active, true)
  AND coalesce(u.mail_digest, false) = $digest AND ($user_ids IS NULL OR u.id IN $user_ids)
RETURN u.id AS user_id, u.email AS email, u.name AS name,
       collect(n {.id, .kind, .project_id, .project_title, .actor_name, .detail}) AS notifications
"""

MARK_MAILED = "UNWIND $ids AS id MATCH (n:Notification {id: id}) SET n.mailed_at = datetime()"

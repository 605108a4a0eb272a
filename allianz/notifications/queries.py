"""Cypher of notifications: write them inside the change's transaction, list, count, mark read, mail."""

# One notification per person, written in the same transaction as the change that causes it.
# One notification per {user_id, kind, detail} of $notes, all about the same project and actor.
CREATE = """
UNWIND $notes AS note
MATCH (u:User {id: note.user_id})
CREATE (n:Notification {id: randomUUID(), kind: note.kind, created_at: datetime(), project_id: $project_id,
                        project_title: $project_title, actor_name: $actor_name, detail: note.detail,
                        action: $action, reason: $reason})-[:FOR]->(u)
WITH n
OPTIONAL MATCH (p:Project {id: $project_id})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | CREATE (n)-[:ABOUT]->(p))
RETURN count(n) AS created
"""

UNREAD_COUNT = "MATCH (n:Notification WHERE n.read_at IS NULL)-[:FOR]->(:User {id: $user_id}) RETURN count(n) AS unread"

LIST = """
MATCH (n:Notification)-[:FOR]->(:User {id: $user_id})
RETURN n {.id, .kind, .created_at, .read_at, .project_id, .project_title, .actor_name, .detail, .action,
          .reason} AS notification
ORDER BY n.created_at DESC, n.id
LIMIT 100
"""

MARK_READ = """
MATCH (n:Notification)-[:FOR]->(:User {id: $user_id})
WHERE n.read_at IS NULL AND ($id IS NULL OR n.id = $id)
SET n.read_at = datetime()
RETURN count(n) AS marked
"""

# Who is told about what waits for review: every active coordinator and admin (not the actor).
COORDINATORS = """
MATCH (u:User) WHERE u.role IN $roles AND coalesce(u.active, true) AND u.id <> coalesce($except_user, '')
RETURN collect(u.id) AS users
"""

# One notification of the person (to open what it is about).
ONE = """
MATCH (n:Notification {id: $id})-[:FOR]->(:User {id: $user_id})
RETURN n {.id, .kind, .project_id, .detail} AS notification
"""

# A person who never chose gets the defaults (a stored choice, even an empty one, wins).
MAIL_KINDS = "coalesce(u.mail_kinds, CASE WHEN u.role IN $roles THEN $coordinator_defaults ELSE $defaults END)"

PREFERENCES = """
MATCH (u:User {id: $user_id})
RETURN MAIL_KINDS AS mail_kinds, coalesce(u.mail_digest, false) AS mail_digest
""".replace("MAIL_KINDS", MAIL_KINDS)

STORED_PREFERENCES = """
MATCH (u:User {id: $user_id})
RETURN u.mail_kinds AS mail_kinds, coalesce(u.mail_digest, false) AS mail_digest
"""

SAVE_PREFERENCES = "MATCH (u:User {id: $user_id}) SET u.mail_kinds = $mail_kinds, u.mail_digest = $mail_digest"

# Notifications still to mail: right away for people who chose the kind without the digest;
# with `$digest`, the gathered ones of people who chose the daily digest.
PENDING_MAIL = """
MATCH (n:Notification)-[:FOR]->(u:User)
WHERE n.mailed_at IS NULL AND n.kind IN MAIL_KINDS AND coalesce(u.active, true)
  AND coalesce(u.mail_digest, false) = $digest AND ($user_ids IS NULL OR u.id IN $user_ids)
RETURN u.id AS user_id, u.email AS email, u.name AS name,
       collect(n {.id, .kind, .project_id, .project_title, .actor_name, .detail, .action, .reason}) AS notifications
""".replace("MAIL_KINDS", MAIL_KINDS)

MARK_MAILED = "UNWIND $ids AS id MATCH (n:Notification {id: id}) SET n.mailed_at = datetime()"

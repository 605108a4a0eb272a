"""Cypher of accounts: people, their partner, sessions, log-in throttling. Values only as $parameters."""

_USER_FIELDS = """u {.id, .email, .name, .role, .active, .session_version, .version, .created_at, .last_login_at,
                     partner_id: p.id, partner_name: p.name}"""

USER_BY_ID = """
MATCH (u:User {id: $id})
OPTIONAL MATCH (u)-[:MEMBER_OF]->(p:Partner)
RETURN """ + _USER_FIELDS + """ AS user
"""

USER_BY_EMAIL = """
MATCH (u:User {email: $email})
OPTIONAL MATCH (u)-[:MEMBER_OF]->(p:Partner)
RETURN """ + _USER_FIELDS + """ AS user
"""

PASSWORD_HASH = "MATCH (u:User {email: $email}) RETURN u.id AS id, u.password_hash AS password_hash, u.active AS active"

PASSWORD_HASH_BY_ID = "MATCH (u:User {id: $id}) RETURN u.password_hash AS password_hash"

CREATE_USER = """
CREATE (u:User {id: $id, email: $email, name: $name, role: $role, password_hash: $password_hash,
                active: true, session_version: 1, version: 1, failed_logins: 0, locked_until: null,
                created_at: datetime(), last_login_at: null})
WITH u
OPTIONAL MATCH (p:Partner {id: $partner_id})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | CREATE (u)-[:MEMBER_OF]->(p))
RETURN """ + _USER_FIELDS + """ AS user
"""

PARTNER_EXISTS = "MATCH (p:Partner {id: $id}) RETURN p.id AS id, p.name AS name"

# The partners a coordinator may invite people to (every one).
PARTNER_CHOICES = "MATCH (p:Partner) RETURN p.id AS id, p.name AS name"

# Every session and remember-me cookie of the person carries the old number and stops working.
END_SESSIONS = """
MATCH (u:User {id: $id})
SET u.session_version = coalesce(u.session_version, 0) + 1
RETURN u.session_version AS session_version
"""

SET_PASSWORD = """
MATCH (u:User {id: $id})
SET u.password_hash = $password_hash, u.session_version = coalesce(u.session_version, 0) + 1,
    u.password_changed_at = datetime()
WITH u
OPTIONAL MATCH (u)<-[:FOR_USER]-(r:PasswordReset)
DETACH DELETE r
"""

SET_ACTIVE = """
MATCH (u:User {id: $id})
SET u.active = $active, u.session_version = coalesce(u.session_version, 0) + 1,
    u.deactivated_at = CASE WHEN $active THEN null ELSE datetime() END
"""

LOGGED_IN = """
MATCH (u:User {id: $id})
SET u.last_login_at = datetime(), u.failed_logins = 0, u.locked_until = null
"""

LIST_USERS = """
MATCH (u:User)
OPTIONAL MATCH (u)-[:MEMBER_OF]->(p:Partner)
RETURN """ + _USER_FIELDS + """ AS user
ORDER BY u.email
"""

PARTNER_MEMBERS = """
MATCH (u:User)-[:MEMBER_OF]->(p:Partner {id: $partner_id})
RETURN """ + _USER_FIELDS + """ AS user
ORDER BY u.name, u.email
"""

# -- log-in throttling: one counter per account (by e-mail, known or not) and per address ---------------
LOCKED_UNTIL = """
MATCH (t:LoginThrottle) WHERE t.key IN $keys AND t.locked_until > datetime()
RETURN max(t.locked_until) AS until
"""

# Failures older than $window_minutes start the count anew; at $limit failures and beyond, a lock
# that doubles with each further failure (30 s, 1 min, 2 min … at most 16 min).
FAILED = """
UNWIND $counters AS counter
MERGE (t:LoginThrottle {key: counter.key})
SET t.failures = CASE WHEN t.last_failure IS NULL OR t.last_failure < datetime() - duration({minutes: $window_minutes})
                      THEN 1 ELSE coalesce(t.failures, 0) + 1 END,
    t.last_failure = datetime()
SET t.locked_until = CASE WHEN t.failures >= counter.limit
                          THEN datetime() + duration({seconds: 30 * toInteger(2 ^ CASE
                               WHEN t.failures - counter.limit > 5 THEN 5 ELSE t.failures - counter.limit END)})
                          ELSE t.locked_until END
WITH t, counter WHERE counter.email IS NOT NULL
MATCH (u:User {email: counter.email})
SET u.failed_logins = t.failures, u.locked_until = t.locked_until
"""

SUCCEEDED = "MATCH (t:LoginThrottle {key: $key}) DELETE t"

# -- invitations -----------------------------------------------------------------------------------------
_INVITATION_FIELDS = """i {.id, .email, .role, .created_at, .expires_at, .used_at, .revoked_at, .sent_count,
                         partner_id: p.id, partner_name: p.name, sent_by: s.name,
                         state: CASE WHEN i.used_at IS NOT NULL THEN 'used'
                                     WHEN i.revoked_at IS NOT NULL THEN 'revoked'
                                     WHEN i.expires_at < datetime() THEN 'expired' ELSE 'open' END}"""

CREATE_INVITATION = """
MATCH (p:Partner {id: $partner_id})
OPTIONAL MATCH (s:User {id: $sent_by})
CREATE (i:Invitation {id: $id, token_hash: $token_hash, email: $email, role: $role, created_at: datetime(),
                      expires_at: datetime() + duration({days: $days}), used_at: null, revoked_at: null,
                      sent_count: 1})
CREATE (i)-[:FOR]->(p)
FOREACH (_ IN CASE WHEN s IS NULL THEN [] ELSE [1] END | CREATE (i)-[:SENT_BY]->(s))
RETURN """ + _INVITATION_FIELDS + """ AS invitation
"""

INVITATION_BY_ID = """
MATCH (i:Invitation {id: $id})-[:FOR]->(p:Partner)
OPTIONAL MATCH (i)-[:SENT_BY]->(s:User)
RETURN """ + _INVITATION_FIELDS + """ AS invitation
"""

# Only an open invitation (not used, not revoked, not expired) opens with its token.
OPEN_INVITATION_BY_TOKEN = """
MATCH (i:Invitation {token_hash: $token_hash})-[:FOR]->(p:Partner)
WHERE i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > datetime()
OPTIONAL MATCH (i)-[:SENT_BY]->(s:User)
RETURN """ + _INVITATION_FIELDS + """ AS invitation
"""

# Used in the same transaction that creates the person: a second use finds nothing. The invitation's write
# lock comes first, so that of N parallel uses exactly one sees it open (the others wait, then see it used).
USE_INVITATION = """
MATCH (i:Invitation {token_hash: $token_hash})
SET i._lock = true REMOVE i._lock
WITH i WHERE i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > datetime()
SET i.used_at = datetime()
RETURN i.id AS id
"""

RENEW_INVITATION = """
MATCH (i:Invitation {id: $id}) WHERE i.used_at IS NULL
SET i.token_hash = $token_hash, i.expires_at = datetime() + duration({days: $days}), i.revoked_at = null,
    i.sent_count = coalesce(i.sent_count, 1) + 1
RETURN i.id AS id
"""

REVOKE_INVITATION = """
MATCH (i:Invitation {id: $id}) WHERE i.used_at IS NULL AND i.revoked_at IS NULL
SET i.revoked_at = datetime()
RETURN i.id AS id
"""

LIST_INVITATIONS = """
MATCH (i:Invitation)-[:FOR]->(p:Partner)
OPTIONAL MATCH (i)-[:SENT_BY]->(s:User)
RETURN """ + _INVITATION_FIELDS + """ AS invitation
ORDER BY i.created_at DESC
LIMIT $limit
"""

CREATE_PARTNER = """
CREATE (p:Partner {id: $id, name: $name, kind: $kind, origin: 'app', version: 1,
                   created_at: datetime(), updated_at: datetime()})
RETURN p {.id, .name, .kind} AS partner
"""

# -- password resets (1 hour, single use; a password change deletes them) --------------------------------
CREATE_RESET = """
MATCH (u:User {id: $user_id}) WHERE u.active
CREATE (r:PasswordReset {token_hash: $token_hash, created_at: datetime(),
                         expires_at: datetime() + duration({minutes: $minutes})})-[:FOR_USER]->(u)
"""

RESET_USER = """
MATCH (r:PasswordReset {token_hash: $token_hash})-[:FOR_USER]->(u:User)
WHERE r.expires_at > datetime() AND u.active
  AND (u.password_changed_at IS NULL OR u.password_changed_at <= r.created_at)
RETURN u.id AS id, u.email AS email
"""

# The person's write lock first, so that of N parallel uses of one link exactly one finds it (the others
# wait, then find it deleted).
USE_RESET = """
MATCH (u:User {id: $user_id}) SET u._lock = true REMOVE u._lock
WITH u
MATCH (r:PasswordReset {token_hash: $token_hash})-[:FOR_USER]->(u)
WHERE r.expires_at > datetime() AND u.active
  AND (u.password_changed_at IS NULL OR u.password_changed_at <= r.created_at)
DETACH DELETE r
RETURN u.id AS id
"""

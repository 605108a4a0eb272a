"""Cypher of personal access tokens: (:ApiToken)-[:OWNED_BY]->(:User). Values only as $parameters."""

_TOKEN_FIELDS = "t {.id, .name, .scopes, .created_at, .expires_at, .last_used_at, .revoked_at}"

CREATE = """
MATCH (u:User {id: $user_id})
CREATE (t:ApiToken {id: $id, name: $name, token_hash: $token_hash, scopes: $scopes, created_at: datetime(),
                    expires_at: datetime() + duration({days: $days}), last_used_at: null, revoked_at: null})
CREATE (t)-[:OWNED_BY]->(u)
RETURN """ + _TOKEN_FIELDS + """ AS token
"""

OF_USER = """
MATCH (t:ApiToken)-[:OWNED_BY]->(:User {id: $user_id})
RETURN """ + _TOKEN_FIELDS + """ AS token, t.revoked_at IS NULL AND t.expires_at > datetime() AS usable
ORDER BY t.created_at DESC, t.id
"""

# Revoking keeps the node (the owner sees it as revoked), and it can never be used again.
REVOKE = """
MATCH (t:ApiToken {id: $id})-[:OWNED_BY]->(:User {id: $user_id}) WHERE t.revoked_at IS NULL
SET t.revoked_at = datetime()
RETURN t.name AS name
"""

# One lookup per API request: the token, and its owner as the session loader reads a person.
BY_HASH = """
MATCH (t:ApiToken {token_hash: $token_hash})-[:OWNED_BY]->(u:User)
OPTIONAL MATCH (u)-[:MEMBER_OF]->(p:Partner)
RETURN t {.id, .scopes, .expires_at, .revoked_at, .last_used_at,
          usable: t.revoked_at IS NULL AND t.expires_at > datetime(),
          stale_use: t.last_used_at IS NULL OR t.last_used_at < datetime() - duration({seconds: $resolution})}
         AS token,
       u {.id, .email, .name, .role, .active, .session_version, partner_id: p.id, partner_name: p.name} AS user
"""

TOUCH = "MATCH (t:ApiToken {id: $id}) SET t.last_used_at = datetime()"

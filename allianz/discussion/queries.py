"""Cypher of the discussion: comments, supports, follows. Values only as $parameters."""

COMMENTS = """
MATCH (u:User)-[:WROTE]->(c:Comment)-[:ON]->(:Project {id: $id})
RETURN c {.id, .text, .created_at, .edited_at, .hidden_reason} AS comment, u.id AS author_id, u.name AS author,
       c.created_at > datetime() - duration({minutes: $minutes}) AS editable
ORDER BY c.created_at, c.id
"""

ADD_COMMENT = """
MATCH (u:User {id: $user_id}), (p:Project {id: $project_id})
CREATE (u)-[:WROTE]->(c:Comment {id: $id, text: $text, created_at: datetime()})-[:ON]->(p)
RETURN c.id AS id
"""

COMMENT = """
MATCH (u:User)-[:WROTE]->(c:Comment {id: $id})-[:ON]->(p:Project)
RETURN c {.id, .text, .created_at, .hidden_reason} AS comment, u.id AS author_id, p.id AS project_id,
       p.title AS project_title, c.created_at > datetime() - duration({minutes: $minutes}) AS editable
"""

# The author edits only within the window, checked in the same write.
EDIT_COMMENT = """
MATCH (:User {id: $user_id})-[:WROTE]->(c:Comment {id: $id})
WHERE c.created_at > datetime() - duration({minutes: $minutes})
SET c.text = $text, c.edited_at = datetime()
RETURN c.id AS id
"""

DELETE_COMMENT = "MATCH (:User {id: $user_id})-[:WROTE]->(c:Comment {id: $id}) DETACH DELETE c RETURN count(*) AS n"

HIDE_COMMENT = "MATCH (c:Comment {id: $id}) SET c.hidden_reason = $reason, c.hidden_at = datetime() RETURN c.id AS id"

FOLLOWERS = """
MATCH (u:User)-[:FOLLOWS]->(:Project {id: $id}) WHERE coalesce(u.active, true) AND u.id <> $except_user
RETURN collect(u.id) AS users
"""

SUPPORTS = """
MATCH (t:Partner)-[s:SUPPORTS]->(:Project {id: $id})
RETURN t.id AS id, t.name AS name ORDER BY t.name
"""

SUPPORT = "MATCH (t:Partner {id: $partner_id}), (p:Project {id: $id}) MERGE (t)-[s:SUPPORTS]->(p) ON CREATE SET s.at = datetime()"
UNSUPPORT = "MATCH (:Partner {id: $partner_id})-[s:SUPPORTS]->(:Project {id: $id}) DELETE s"

FOLLOWING = "RETURN EXISTS { (:User {id: $user_id})-[:FOLLOWS]->(:Project {id: $id}) } AS following"
FOLLOW = "MATCH (u:User {id: $user_id}), (p:Project {id: $id}) MERGE (u)-[f:FOLLOWS]->(p) ON CREATE SET f.at = datetime()"
UNFOLLOW = "MATCH (:User {id: $user_id})-[f:FOLLOWS]->(:Project {id: $id}) DELETE f"

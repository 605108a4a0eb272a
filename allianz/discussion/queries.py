"""Cypher of the discussion: comments, supports, follows. Values only as $parameters."""
from ..visibility import VISIBLE  # who may see an idea: the one rule

COMMENTS = """
MATCH (u:User|FormerMember)-[:WROTE]->(c:Comment)-[:ON]->(:Project {id: $id})
RETURN c {.id, .text, .created_at, .edited_at, .hidden_reason} AS comment, u.id AS author_id, u.name AS author,
       u:FormerMember AS former,
       c.created_at > datetime() - duration({minutes: $minutes}) AS editable
ORDER BY c.created_at, c.id
SKIP $skip LIMIT $limit
"""
COUNT_COMMENTS = "MATCH (:User|FormerMember)-[:WROTE]->(c:Comment)-[:ON]->(:Project {id: $id}) RETURN count(c) AS total"

# The comment, written only when the person may see the idea (checked in the same statement: no window between the
# check and the write); back come the idea and its followers but the author. No row: no such idea, or hidden.
ADD_COMMENT = """
MATCH (p:Project {id: $project_id}) WHERE """ + VISIBLE + """
MATCH (u:User {id: $viewer})
CREATE (u)-[:WROTE]->(c:Comment {id: $id, text: $text, created_at: datetime()})-[:ON]->(p)
RETURN p {.id, .title, .status} AS project,
       COLLECT { MATCH (f:User)-[:FOLLOWS]->(p) WHERE coalesce(f.active, true) AND f.id <> $viewer
                 RETURN f.id } AS followers
"""

COMMENT = """
MATCH (u:User {id: $user_id}), (p:Project {id: $project_id})
CREATE (u)-[:WROTE]->(c:Comment {id: $id, text: $text, created_at: datetime()})-[:ON]->(p)
RETURN c.id AS id
"""

COMMENT = """
MATCH (u:User|FormerMember)-[:WROTE]->(c:Comment {id: $id})-[:ON]->(p:Project)
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

# The author's comment with its text before the change (no row: gone, or someone else's).
OWN_COMMENT = """
MATCH (:User {id: $user_id})-[:WROTE]->(c:Comment {id: $id})-[:ON]->(p:Project)
SET c._lock = true REMOVE c._lock
RETURN c.text AS text, p.id AS project_id
"""

DELETE_COMMENT = "MATCH (:User {id: $user_id})-[:WROTE]->(c:Comment {id: $id}) DETACH DELETE c"

# Hide with a reason; returns the reason it had before (under the comment's lock), no row when gone.
HIDE_COMMENT = """
MATCH (c:Comment {id: $id}) SET c._lock = true REMOVE c._lock
WITH c, c.hidden_reason AS before
SET c.hidden_reason = $reason, c.hidden_at = datetime()
RETURN before
"""

SUPPORTS = """
MATCH (t:Partner)-[s:SUPPORTS]->(:Project {id: $id})
RETURN t.id AS id, t.name AS name ORDER BY t.name
"""

# Whether the partner supports the idea, read under the idea's write lock (so two clicks at once
# change it once); no row when the partner or the idea is gone.
SUPPORTING = """
MATCH (t:Partner {id: $partner_id}), (p:Project {id: $id}) SET p._lock = true REMOVE p._lock
RETURN EXISTS { (t)-[:SUPPORTS]->(p) } AS supporting
"""
SUPPORT = ("MATCH (t:Partner {id: $partner_id}), (p:Project {id: $id}) "
           "MERGE (t)-[s:SUPPORTS]->(p) ON CREATE SET s.at = datetime()")
UNSUPPORT = "MATCH (:Partner {id: $partner_id})-[s:SUPPORTS]->(:Project {id: $id}) DELETE s"

FOLLOWING = "RETURN EXISTS { (:User {id: $user_id})-[:FOLLOWS]->(:Project {id: $id}) } AS following"
# The same for following, under the idea's lock.
FOLLOWING_LOCKED = """
MATCH (u:User {id: $user_id}), (p:Project {id: $id}) SET p._lock = true REMOVE p._lock
RETURN EXISTS { (u)-[:FOLLOWS]->(p) } AS following
"""
FOLLOW = ("MATCH (u:User {id: $user_id}), (p:Project {id: $id}) "
          "MERGE (u)-[f:FOLLOWS]->(p) ON CREATE SET f.at = datetime()")
UNFOLLOW = "MATCH (:User {id: $user_id})-[f:FOLLOWS]->(:Project {id: $id}) DELETE f"

"""The graph's revision: a counter every write of domain data bumps, so caches know when to refresh.

Caches of derived structures (network layouts, analytics, matching indexes) remember the revision
they were built at and rebuild when `current(graph)` has moved on.
"""

BUMP = """
MERGE (s:GraphState {id: 'main'})
SET s.revision = coalesce(s.revision, 0) + 1, s.changed_at = datetime()
"""
CURRENT = "OPTIONAL MATCH (s:GraphState {id: 'main'}) RETURN coalesce(s.revision, 0) AS revision"


def bump(tx):
    """Inside a write transaction: mark the graph as changed."""
    tx.run(BUMP).consume()


def current(graph):
    """The graph's current revision (0 for a graph never written by Allianz)."""
    return graph.query(CURRENT)[0]["revision"]

"""The graph's revision: a counter every write of domain data bumps, so caches know when to refresh.

Caches of derived structures (network layouts, analytics, matching indexes) remember the revision
they were built at and rebuild when `current(graph)` has moved on; `memo` does that for small results.
"""
import threading
from collections import OrderedDict

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


_memo = OrderedDict()
_memo_lock = threading.Lock()


def memo(graph, key, work, limit=512):
    """`work()`'s result for `key` at the graph's current revision, kept per process for the last
    `limit` keys (least recently used out); any write to the graph makes every entry stale."""
    full_key = (id(graph), current(graph), key)
    with _memo_lock:
        if full_key in _memo:
            _memo.move_to_end(full_key)
            return _memo[full_key]
    value = work()
    with _memo_lock:
        _memo[full_key] = value
        while len(_memo) > limit:
            _memo.popitem(last=False)
    return value

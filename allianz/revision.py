"""The graph's revision: a counter every write of domain data bumps, so caches know when to refresh.

Two kinds of change move it on. A **small write** of the app (a profile edit, a team change: `bump(tx, touched)`)
keeps the graph's *generation* and notes which partners and projects it touched in a short change log on the state
node; a cache of an earlier revision of the same generation may serve its last complete result meanwhile and catch
up by re-reading only what the log names (`changes_since`). A change that **replaced the data** (an import with
`--replace`, an import or seed into an empty graph, a wipe, or any change made with the plain `BUMP` statement)
starts a new generation: results of the old one belong to another data set and are never shown again.

Caches of derived structures (network layouts, analytics, matching indexes) remember the revision
they were built at and rebuild when `current(graph)` has moved on; `memo` does that for small results.
"""
import threading
from collections import OrderedDict

CHANGES_KEPT = 256   # entries of the change log kept on the state node (a cache further behind reads everything)
ANYTHING = "*"       # a change log entry: something changed that no cache can patch (the vocabulary, an import)
PATCHABLE = ("Partner", "Project")  # the labels whose nodes a cache can re-read one by one

# A small write: the same generation, the revision moved on, the change log notes what was touched.
_BUMP_SMALL = """
MERGE (s:GraphState {id: 'main'})
ON CREATE SET s.generation = 1, s.generation_at = datetime(), s.changes = []
SET s.revision = coalesce(s.revision, 0) + 1, s.changed_at = datetime(),
    s.generation = coalesce(s.generation, 1), s.generation_at = coalesce(s.generation_at, datetime())
SET s.changes = (coalesce(s.changes, []) + [entry IN $touched | toString(s.revision) + ' ' + entry])[-$kept..]
"""
# A change that replaced the data (and the plain statement, for tests and scripts): a new generation.
BUMP = """
MERGE (s:GraphState {id: 'main'})
SET s.revision = coalesce(s.revision, 0) + 1, s.changed_at = datetime(),
    s.generation = coalesce(s.generation, 0) + 1, s.generation_at = datetime(), s.changes = []
"""
CURRENT = "OPTIONAL MATCH (s:GraphState {id: 'main'}) RETURN coalesce(s.revision, 0) AS revision"
STATE = """
OPTIONAL MATCH (s:GraphState {id: 'main'})
RETURN coalesce(s.revision, 0) AS revision, toString(s.changed_at) AS changed_at,
       coalesce(s.generation, 0) AS generation, toString(s.generation_at) AS generation_at
"""
CHANGES = """
OPTIONAL MATCH (s:GraphState {id: 'main'})
RETURN coalesce(s.revision, 0) AS revision, toString(s.changed_at) AS changed_at,
       coalesce(s.generation, 0) AS generation, toString(s.generation_at) AS generation_at,
       coalesce(s.changes, []) AS changes
"""


def bump(tx, touched=None, replaced=False):
    """Inside a write transaction: mark the graph as changed. `touched`: the (label, id) pairs a small write changed
    (a label outside PATCHABLE, or None, means something no cache can patch); `replaced`: the data was replaced."""
    if replaced:
        tx.run(BUMP).consume()
        return
    entries = [f"{label} {node_id}" if label in PATCHABLE else ANYTHING
               for label, node_id in (touched or [(None, None)])]
    tx.run(_BUMP_SMALL, touched=entries, kept=CHANGES_KEPT).consume()


def current(graph):
    """The graph's current revision (0 for a graph never written by Allianz)."""
    return graph.query(CURRENT)[0]["revision"]


def state(graph):
    """{revision, changed_at, generation, generation_at} of the graph now."""
    return graph.query(STATE)[0]


def generation_of(found):
    """The generation of a `state` or `changes` row as one comparable value (a wipe starts another one)."""
    return found["generation"], found["generation_at"]


def changes_since(found, revision):
    """From a row of the CHANGES query: the (label, id) pairs touched after `revision`, or None when a cache at
    `revision` cannot catch up by re-reading them (something unpatchable changed, or the log no longer reaches back)."""
    touched, seen = set(), set()
    for entry in found["changes"]:
        number, _space, rest = entry.partition(" ")
        if int(number) <= revision:
            continue
        seen.add(int(number))
        if rest == ANYTHING:
            return None
        label, _space, node_id = rest.partition(" ")
        touched.add((label, node_id))
    if seen != set(range(revision + 1, found["revision"] + 1)):
        return None   # a revision the log does not name (bumped without a log, or dropped from it)
    return touched


def read_changes(tx):
    """Transaction function part: the CHANGES row, read inside the caller's read transaction."""
    record = tx.run(CHANGES).single()
    return dict(record)


def touched_ids(tx, generation, revision):
    """Transaction function part: what a cache of `generation` at `revision` must re-read to catch up, as
    (CHANGES row, partner ids, project ids), ids sorted; None when it cannot catch up that way (another
    generation, or `changes_since` cannot name the changes)."""
    state = read_changes(tx)
    if generation_of(state) != generation:
        return None
    touched = changes_since(state, revision)
    if touched is None:
        return None
    partner_ids = sorted(node for label, node in touched if label == "Partner")
    project_ids = sorted(node for label, node in touched if label == "Project")
    return state, partner_ids, project_ids


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

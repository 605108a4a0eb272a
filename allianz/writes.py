"""The one unit of work of the app's writes: version check, change, audit event, notifications, revision.

    from allianz import writes
    writes.unit_of_work(change, actor_id=..., action="partner.edit", target_label="Partner",
                        target_id=pid, version=form_version)

runs, in ONE `graph.write` transaction: the version check (raises `VersionConflict`), `change(tx)`
(returns `(before, after)` dicts), the audit event (before/after of each changed field), the
notifications (`notify(tx, event)`), and the revision bump when cached domain data changed.
`writes.record(tx, ...)` adds further audit events inside a change; `allianz.audit` reads the trail.
"""
import json
import re
import uuid

from . import revision
from .db import get_graph, plain
from .exceptions import NotFound, VersionConflict

# The event, its actor and its target in one statement (each statement of a write costs a round trip).
_RECORD = """
CREATE (e:AuditEvent {id: $id, at: datetime(), action: $action, target_label: $target_label,
                      target_id: $target_id, actor_id: $actor_id, actor_name: $actor_name, via: $via,
                      changes_json: $changes_json})
WITH e
OPTIONAL MATCH (u:User {id: $actor_id})
SET e.actor_name = coalesce(e.actor_name, u.name, u.email)
FOREACH (_ IN CASE WHEN u IS NULL THEN [] ELSE [1] END | CREATE (u)-[:DID]->(e))
WITH e
OPTIONAL MATCH (t:LABEL {id: $target_id})
FOREACH (_ IN CASE WHEN t IS NULL THEN [] ELSE [1] END | CREATE (e)-[:ON]->(t))
"""

# The labels the app audits and versions: a fixed whitelist, the only text put into the queries below.
TARGET_LABELS = ("Partner", "Project", "Competency", "User", "Invitation", "Contact")
VERSIONED_LABELS = ("Partner", "Project", "Competency", "User", "Contact")

# The version check: take the node's write lock first (so a concurrent save waits for the other's
# commit), then compare and move the version on. No row back means: the version moved, or no node.
_CLAIM = """
MATCH (n:LABEL {id: $id}) SET n._lock = true REMOVE n._lock
WITH n WHERE coalesce(n.version, 0) = $version
SET n.version = coalesce(n.version, 0) + 1, n.updated_at = datetime()
RETURN n.version AS version
"""
_CURRENT = "MATCH (n:LABEL {id: $id}) RETURN n {.*, password_hash: null} AS node"

RECORD = {label: _RECORD.replace("LABEL", label) for label in TARGET_LABELS}
CLAIM = {label: _CLAIM.replace("LABEL", label) for label in VERSIONED_LABELS}
CURRENT = {label: _CURRENT.replace("LABEL", label) for label in VERSIONED_LABELS}


def changed_fields(before, after):
    """{field: [old, new]} for every field whose value differs between `before` and `after`."""
    before, after = before or {}, after or {}
    keys = sorted(set(before) | set(after))
    return {key: [before.get(key), after.get(key)] for key in keys if before.get(key) != after.get(key)}


def record(tx, actor_id, action, target_label, target_id, before=None, after=None, *, actor_name=None,
           via="web"):
    """Inside a write transaction: record who did `action` on the target and what changed; returns the event.

    `actor_id` is a User id, or None for the command line (`via="cli"`). Only changed fields are kept.
    """
    if target_label not in TARGET_LABELS:
        raise ValueError(f"not an audited label: {target_label}")
    event = {"id": uuid.uuid4().hex, "action": action, "target_label": target_label, "target_id": target_id,
             "actor_id": actor_id, "actor_name": actor_name, "via": via,
             "changes_json": json.dumps(changed_fields(before, after), default=str, ensure_ascii=False,
                                        sort_keys=True)}
    tx.run(RECORD[target_label], **event).consume()
    return event


def claim_version(tx, label, node_id, version):
    """Inside a write transaction: check that `label` `node_id` is still at `version`, and move it on.

    Raises VersionConflict (with the node as it is now) when someone saved in between, NotFound when
    the node is gone. Returns the new version.
    """
    row = tx.run(CLAIM[label], id=node_id, version=int(version)).single()
    if row is not None:
        return row["version"]
    current = tx.run(CURRENT[label], id=node_id).single()
    if current is None:
        raise NotFound(f"{label} {node_id}")
    raise VersionConflict(label, node_id, version, plain(current["node"]))


def unit_of_work(change, *, actor_id, action, target_label, target_id, version=None, domain=True,
                 notify=None, actor_name=None, via="web", graph=None, touched=None):
    """Run one app write in ONE transaction; returns {"event", "before", "after", "result"}.

    In order: the version check when `version` is given (`VersionConflict` when it moved),
    `change(tx)` which returns `(before, after)` or `(before, after, result)`, the audit event (only
    when a field changed), `notify(tx, event)` for notifications, and the revision bump when
    `domain` (the change touched what the caches hold: partners, projects, teams, competencies). The revision's
    change log names the target (or `touched`, the (label, id) pairs when the change reached further), so that the
    caches re-read just those (`revision.changes_since`).
    """
    def work(tx):
        if version is not None:
            claim_version(tx, target_label, target_id, version)
        outcome = change(tx)
        before, after = outcome[0], outcome[1]
        result = outcome[2] if len(outcome) > 2 else None
        event = None
        if changed_fields(before, after) or before is None:
            event = record(tx, actor_id, action, target_label, target_id, before, after,
                           actor_name=actor_name, via=via)
            if notify is not None:
                notify(tx, event)
            if domain:
                revision.bump(tx, touched or [(target_label, target_id)])
        return {"event": event, "before": before, "after": after, "result": result}
    return (graph or get_graph()).write(work)


# -- replacing a set of relationships --------------------------------------------------------------------
# The node labels `relationship_set` may name, each with its key property, and the relationship types: fixed
# whitelists, the only text besides plain names (checked against NAME) put into the Cypher it returns.
SET_KEYS = {"Partner": "id", "Project": "id", "Field": "key", "Competency": "id"}
SET_TYPES = ("ACTIVE_IN", "HAS_COMPETENCY", "IN_FIELD", "NEEDS", "PARTICIPATES_IN")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")

_SET_ONE = "MATCH (n:SOURCE {SOURCE_KEY: $id})\nWITH n, $ITEMS AS items\n"
_SET_EACH = "UNWIND $rows AS row\nMATCH (n:SOURCE {SOURCE_KEY: row.id})\nWITH n, row.ITEMS AS items\n"
_SET_REST = """OPTIONAL MATCH (n)-[old:TYPE]->(t:TARGET) WHERE NOT t.TARGET_KEY IN KEPT
DELETE old
WITH DISTINCT n, items
UNWIND items AS item
MATCH (t:TARGET {TARGET_KEY: ITEM})
MERGE (n)-[r:TYPE]->(t)
"""


def relationship_set(source, rel_type, target, items, *, properties=(), incoming=False, batch=False):
    """Cypher that makes the `rel_type` relationships of one `source` node exactly those to the `target` nodes
    listed in `items`: the others are deleted, the missing ones created (targets that do not exist are skipped).

    `items` names the list: the parameter `$<items>` with the node's key in `$id`, or with `batch` the key
    `<items>` of each of `$rows` (`{id, <items>}`). Without `properties` the list holds the targets' keys; with
    them it holds maps `{id, <property>…}` and each relationship's properties are set from them. `incoming`
    turns the relationships round: (target)-[rel_type]->(source).
    """
    if source not in SET_KEYS or target not in SET_KEYS or rel_type not in SET_TYPES:
        raise ValueError(f"not a relationship set the app writes: ({source})-[{rel_type}]->({target})")
    if not all(NAME.match(name) for name in (items, *properties)):
        raise ValueError(f"not a plain name: {items!r}, {properties!r}")
    rest = _SET_REST.replace("KEPT", "[item IN items | item.id]" if properties else "items")
    rest = rest.replace("ITEM}", "item.id}" if properties else "item}")
    if incoming:
        rest = rest.replace("(n)-[old:TYPE]->(t:TARGET)", "(n)<-[old:TYPE]-(t:TARGET)")
        rest = rest.replace("(n)-[r:TYPE]->(t)", "(n)<-[r:TYPE]-(t)")
    if properties:
        rest += "SET " + ", ".join("r.NAME = item.NAME".replace("NAME", name) for name in properties) + "\n"
    cypher = (_SET_EACH if batch else _SET_ONE) + rest
    for placeholder, value in (("SOURCE_KEY", SET_KEYS[source]), ("TARGET_KEY", SET_KEYS[target]),
                               ("SOURCE", source), ("TARGET", target), ("TYPE", rel_type), ("ITEMS", items)):
        cypher = cypher.replace(placeholder, value)
    return cypher

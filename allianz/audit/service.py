"""Recording audit events and running a write as one unit of work (version, change, audit, notify)."""
import json
import uuid

from .. import revision
from ..db import get_graph, plain
from ..errors import NotFound, VersionConflict
from . import queries


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
    if target_label not in queries.TARGET_LABELS:
        raise ValueError(f"not an audited label: {target_label}")
    event = {"id": uuid.uuid4().hex, "action": action, "target_label": target_label, "target_id": target_id,
             "actor_id": actor_id, "actor_name": actor_name, "via": via,
             "changes_json": json.dumps(changed_fields(before, after), default=str, ensure_ascii=False,
                                        sort_keys=True)}
    tx.run(queries.RECORD, **event).consume()
    tx.run(queries.LINK_TARGET[target_label], id=event["id"], target_id=target_id).consume()
    return event


def claim_version(tx, label, node_id, version):
    """Inside a write transaction: check that `label` `node_id` is still at `version`, and move it on.

    Raises VersionConflict (with the node as it is now) when someone saved in between, NotFound when
    the node is gone. Returns the new version.
    """
    row = tx.run(queries.CLAIM[label], id=node_id, version=int(version)).single()
    if row is not None:
        return row["version"]
    current = tx.run(queries.CURRENT[label], id=node_id).single()
    if current is None:
        raise NotFound(f"{label} {node_id}")
    raise VersionConflict(label, node_id, version, plain(current["node"]))


def unit_of_work(change, *, actor_id, action, target_label, target_id, version=None, domain=True,
                 notify=None, actor_name=None, via="web", graph=None):
    """Run one app write in ONE transaction; returns {"event", "before", "after", "result"}.

    In order: the version check when `version` is given (`VersionConflict` when it moved),
    `change(tx)` which returns `(before, after)` or `(before, after, result)`, the audit event (only
    when a field changed), `notify(tx, event)` for notifications, and the revision bump when
    `domain` (the change touched what the caches hold: partners, projects, teams, competencies).
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
                revision.bump(tx)
        return {"event": event, "before": before, "after": after, "result": result}
    return (graph or get_graph()).write(work)

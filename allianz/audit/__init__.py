"""The audit trail and the one unit of work for the app's writes.

    from allianz import audit
    audit.unit_of_work(change, actor_id=..., action="partner.edit", target_label="Partner",
                       target_id=pid, version=form_version)

runs, in ONE `graph.write` transaction: the version check (raises `VersionConflict`), `change(tx)`
(returns `(before, after)` dicts), the audit event (before/after of each changed field), the
notifications (`notify(tx, event)`), and the revision bump when cached domain data changed.
`audit.record(tx, ...)` adds further events inside a change. `audit.conflict_page` (with `compare` and `keep_mine`) renders the
conflict page (`templates/_conflict.html`) that a save from an older version shows.
"""
from .conflict import compare, conflict_page, keep_mine
from .service import changed_fields, claim_version, record, unit_of_work

__all__ = ["changed_fields", "claim_version", "compare", "conflict_page", "keep_mine", "record", "unit_of_work"]

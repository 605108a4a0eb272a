"""The unit of work: version check, change, audit event, revision, all in one transaction."""
import json
import threading

import pytest

from allianz import revision, writes
from allianz.exceptions import VersionConflict

SET_DESCRIPTION = "MATCH (p:Partner {id: $id}) SET p.description = $text"


def edit_description(partner_id, text):
    """A change function: set the description, return before and after."""
    def change(tx):
        before = tx.run("MATCH (p:Partner {id: $id}) RETURN p.description AS d", id=partner_id).single()["d"]
        tx.run(SET_DESCRIPTION, id=partner_id, text=text).consume()
        return {"description": before}, {"description": text}
    return change


def test_a_write_moves_the_version_records_who_and_what_and_the_revision(app, actors, graph):
    anna = actors["member_a"]
    start = revision.current(graph)
    with app.app_context():
        outcome = writes.unit_of_work(edit_description("pa", "Neu"), actor_id=anna["id"], action="partner.edit",
                                     target_label="Partner", target_id="pa", version=1)
    assert revision.current(graph) == start + 1
    row = graph.query("""
        MATCH (u:User)-[:DID]->(e:AuditEvent)-[:ON]->(p:Partner {id: 'pa'})
        RETURN u.email AS who, e.action AS action, e.changes_json AS changes, p.version AS version""")[0]
    assert row["who"] == anna["email"] and row["action"] == "partner.edit" and row["version"] == 2
    assert json.loads(row["changes"]) == {"description": ["Beschreibung A", "Neu"]}
    assert outcome["event"]["id"]


def test_an_old_version_raises_a_conflict_and_writes_nothing(app, actors, graph):
    with app.app_context():
        writes.unit_of_work(edit_description("pa", "Erste"), actor_id=None, action="partner.edit",
                           target_label="Partner", target_id="pa", version=1)
        with pytest.raises(VersionConflict) as conflict:
            writes.unit_of_work(edit_description("pa", "Zweite"), actor_id=None, action="partner.edit",
                               target_label="Partner", target_id="pa", version=1)
    assert conflict.value.current["description"] == "Erste" and conflict.value.current["version"] == 2
    assert graph.query("MATCH (p:Partner {id: 'pa'}) RETURN p.description AS d")[0]["d"] == "Erste"
    assert graph.query("MATCH (e:AuditEvent {action: 'partner.edit'}) RETURN count(e) AS n")[0]["n"] == 1


def test_two_concurrent_saves_from_one_version_exactly_one_wins(app, actors, graph):
    first_checked, second_started = threading.Event(), threading.Event()
    results = {}

    def save(name, text, before=None, hold=None):
        with app.app_context():
            def change(tx):
                first_checked.set() if name == "first" else None
                if hold:
                    hold.wait(timeout=10)
                    threading.Event().wait(0.5)  # the second save is now waiting at the version check
                return edit_description("pa", text)(tx)
            if before:
                before.wait(timeout=10)
                second_started.set()
            try:
                writes.unit_of_work(change, actor_id=None, action="partner.edit", target_label="Partner",
                                   target_id="pa", version=1)
                results[name] = "won"
            except VersionConflict:
                results[name] = "conflict"
    # Both saves come from a form opened at version 1; the second starts while the first is inside its
    # transaction (version checked, not yet committed).
    threads = [threading.Thread(target=save, args=("first", "Links"), kwargs={"hold": second_started}),
               threading.Thread(target=save, args=("second", "Rechts"), kwargs={"before": first_checked})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == {"first": "won", "second": "conflict"}
    assert graph.query("MATCH (p:Partner {id: 'pa'}) RETURN p.description AS d, p.version AS v")[0] == \
        {"d": "Links", "v": 2}
    assert graph.query("MATCH (e:AuditEvent {action: 'partner.edit'}) RETURN count(e) AS n")[0]["n"] == 1

"""Vocabulary care: coordinators add, rename, move and merge competencies (with a redirect), and
settle the partners' suggestions."""
import pytest

VOCABULARY = """
MATCH (a:Partner {id: 'pa'}), (b:Partner {id: 'pb'})
CREATE (daten:Competency {id: 'daten', name: 'Daten', version: 1}),
       (iot:Competency {id: 'iot', name: 'IoT', version: 1}),
       (sensor:Competency {id: 'sensorik', name: 'Sensorik', version: 1})-[:BROADER]->(iot),
       (sensor2:Competency {id: 'sensoren', name: 'Sensoren', version: 1})-[:BROADER]->(daten),
       (fein:Competency {id: 'feinstaub', name: 'Feinstaub', version: 1})-[:BROADER]->(sensor2),
       (a)-[:HAS_COMPETENCY {level: 1}]->(sensor2), (a)-[:HAS_COMPETENCY {level: 3}]->(sensor),
       (b)-[:HAS_COMPETENCY {level: 2}]->(sensor2),
       (:Project {id: 'pr1', title: 'Luft', status: 'idea', version: 1})-[:NEEDS {importance: 2}]->(sensor2)
"""


@pytest.fixture
def vocabulary(actors, graph):
    """A small vocabulary with a duplicate (Sensoren / Sensorik) in use by partners and a project."""
    graph.execute(VOCABULARY)
    return graph


def test_merge_moves_every_relationship_and_leaves_a_redirect(login_as, vocabulary, client):
    kora = login_as("coordinator")
    response = kora.post_form("/kompetenzen/sensoren/pflegen", {"action": "merge", "target": "sensorik"})
    assert response.status_code == 303
    rows = vocabulary.query("""
        MATCH (c:Competency {id: 'sensorik'})
        RETURN COLLECT { MATCH (p:Partner)-[r:HAS_COMPETENCY]->(c)
                         RETURN p.id + ':' + r.level ORDER BY p.id } AS partners,
               COLLECT { MATCH (pr:Project)-[r:NEEDS]->(c) RETURN pr.id + ':' + r.importance } AS needs,
               COLLECT { MATCH (n:Competency)-[:BROADER]->(c) RETURN n.id } AS narrower,
               EXISTS { MATCH (:Competency {id: 'sensoren'}) } AS old_exists""")[0]
    assert rows == {"partners": ["pa:3", "pb:2"], "needs": ["pr1:2"], "narrower": ["feinstaub"], "old_exists": False}
    old = client.get("/kompetenzen/sensoren")
    assert old.status_code == 301 and old.headers["Location"].endswith("/kompetenzen/sensorik")
    assert vocabulary.query("MATCH (e:AuditEvent {action: 'competency.merge'}) "
                            "RETURN e.target_id AS t")[0]["t"] == "sensorik"


def test_add_rename_and_move(login_as, vocabulary):
    kora = login_as("coordinator")
    added = kora.post_form("/kompetenzen/pflege/neu", {"name": "Digitaler Zwilling", "name_en": "Digital twin",
                                                       "broader": "daten"}, page="/kompetenzen/pflege")
    assert added.status_code == 303
    new_id = added.headers["Location"].split("/")[-2]
    assert kora.post_form(f"/kompetenzen/{new_id}/pflegen", {"action": "rename", "version": "1",
                                                             "name": "Digitale Zwillinge", "name_en": "Digital twins"}
                          ).status_code == 303
    assert kora.post_form(f"/kompetenzen/{new_id}/pflegen", {"action": "move", "version": "2", "broader": "iot"}
                          ).status_code == 303
    row = vocabulary.query("MATCH (c:Competency {id: $id})-[:BROADER]->(b) RETURN c.name AS name, b.id AS broader",
                           id=new_id)[0]
    assert row == {"name": "Digitale Zwillinge", "broader": "iot"}


def test_a_move_below_its_own_narrower_one_is_refused(login_as, vocabulary):
    kora = login_as("coordinator")
    response = kora.post_form("/kompetenzen/sensoren/pflegen",
                              {"action": "move", "version": "1", "broader": "feinstaub"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="broader-error"' in page and "nicht unter sich selbst" in page  # German, next to the field
    assert vocabulary.query("MATCH (:Competency {id: 'sensoren'})-[:BROADER]->(b) RETURN b.id AS b")[0]["b"] == "daten"


def test_a_rename_from_an_old_version_shows_both_versions_and_can_keep_mine(login_as, vocabulary):
    kora, olaf = login_as("coordinator"), login_as("admin")
    assert kora.post_form("/kompetenzen/sensoren/pflegen",
                          {"action": "rename", "version": "1", "name": "Sensorik-Hardware"}).status_code == 303
    late = olaf.post_form("/kompetenzen/sensoren/pflegen", {"action": "rename", "version": "1", "name": "Messfühler"})
    page = late.get_data(as_text=True)
    assert late.status_code == 409
    assert "Messfühler" in page and "Sensorik-Hardware" in page and "abweichend" in page
    assert vocabulary.query("MATCH (c:Competency {id: 'sensoren'}) RETURN c.name AS n")[0]["n"] == "Sensorik-Hardware"
    keep_mine = olaf.post_form("/kompetenzen/sensoren/pflegen",
                               {"action": "rename", "version": "2", "name": "Messfühler"})
    assert keep_mine.status_code == 303
    assert vocabulary.query("MATCH (c:Competency {id: 'sensoren'}) RETURN c.name AS n")[0]["n"] == "Messfühler"


@pytest.mark.parametrize("actor, status", [("anonymous", 302), ("member_a", 403), ("admin", 200)])
def test_only_coordinators_care_for_the_vocabulary(login_as, vocabulary, actor, status):
    client = login_as(actor)
    assert client.get("/kompetenzen/pflege").status_code == status
    assert client.get("/kompetenzen/sensoren/pflegen").status_code == status


def test_a_suggestion_is_accepted_or_mapped_and_the_partner_holds_it(login_as, vocabulary):
    anna, kora = login_as("member_a"), login_as("coordinator")
    for name in ("Lärmkartierung", "Sensornetze"):
        assert anna.post_form("/kompetenzen/vorschlagen/pa", {"name": name, "level": "3", "note": ""},
                              page="/partner/pa/bearbeiten").status_code == 303
    assert login_as("member_b").post_form("/kompetenzen/vorschlagen/pa", {"name": "X", "level": "1"},
                                          page="/konto").status_code == 403
    suggestions = {row["name"]: row["id"] for row in vocabulary.query(
        "MATCH (g:CompetencySuggestion) RETURN g.name AS name, g.id AS id")}
    page = kora.get("/kompetenzen/pflege").get_data(as_text=True)
    assert "Lärmkartierung" in page and "Partner A" in page
    kora.post_form(f"/kompetenzen/vorschlaege/{suggestions['Lärmkartierung']}", {"decision": "accept",
                   "name": "Lärmkartierung"}, page="/kompetenzen/pflege")
    kora.post_form(f"/kompetenzen/vorschlaege/{suggestions['Sensornetze']}", {"decision": "merge",
                   "target": "sensorik"}, page="/kompetenzen/pflege")
    held = vocabulary.query("MATCH (:Partner {id: 'pa'})-[r:HAS_COMPETENCY]->(c) "
                            "RETURN c.name AS name, r.level AS level ORDER BY name")
    assert {"name": "Lärmkartierung", "level": 3} in held and {"name": "Sensorik", "level": 3} in held
    assert vocabulary.query("MATCH (g:CompetencySuggestion {state: 'open'}) RETURN count(g) AS n")[0]["n"] == 0

"""Ideas: propose, save as a draft, edit with a version check, the state machine (every transition and
role rule), similar ideas by a German word in another inflection, what anonymous visitors see."""
import pytest

from allianz.vocabulary import TRANSITIONS, transition

from idea_helpers import IDEA_WORLD, act, idea_form, propose, version_of


@pytest.fixture
def world(actors, graph):
    """The actors and a small alliance with an air-quality project."""
    graph.execute(IDEA_WORLD)
    return graph


def test_a_member_proposes_an_idea_as_a_draft_led_by_the_own_partner(login_as, world):
    anna = login_as("member_a")
    project_id = propose(anna)
    row = world.query("""
        MATCH (u:User)-[:PROPOSED]->(p:Project {id: $id})<-[r:PARTICIPATES_IN]-(t:Partner)
        RETURN u.email AS who, p.status AS status, p.origin AS origin, p.scale AS scale, t.id AS team, r.role AS role,
               p.core_values AS values,
               COLLECT { MATCH (p)-[n:NEEDS]->(c) RETURN c.id + ':' + n.importance ORDER BY c.id } AS needs
    """, id=project_id)[0]
    assert row == {"who": "anna@partner-a.example", "status": "idea", "origin": "app", "scale": "quartier",
                   "team": "pa", "role": "lead", "values": ["open_data", "participation"],
                   "needs": ["beteiligung:1", "datenplattform:2", "sensorik:3"]}
    page = anna.get(f"/ideen/{project_id}").get_data(as_text=True)
    assert "Sensorik-Netz für Luftqualität in Quartieren" in page and "Partner A" in page


def test_bad_input_shows_field_errors_and_saves_nothing(login_as, world):
    anna = login_as("member_a")
    response = anna.post_form("/ideen/neu", idea_form(title="", scale="weltweit"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Bitte geben Sie einen Titel an." in page and "nichts wurde gespeichert" in page
    assert world.query("MATCH (p:Project {origin: 'app'}) RETURN count(p) AS n")[0]["n"] == 0


def test_editing_from_an_older_version_shows_a_conflict_and_keeps_the_other_save(login_as, world):
    anna = login_as("member_a")
    project_id = propose(anna)
    assert anna.post_form(f"/ideen/{project_id}/bearbeiten",
                          idea_form(version="1", title="Erste Fassung")).status_code == 303
    late = anna.post_form(f"/ideen/{project_id}/bearbeiten", idea_form(version="1", title="Zweite Fassung"))
    page = late.get_data(as_text=True)
    assert late.status_code == 409 and "Jemand hat die Idee inzwischen geändert" in page
    assert "Gespeicherte Fassung" in page and "Erste Fassung" in page and "Zweite Fassung" in page
    assert "\">Umwelt</td>" in page and ">umwelt</td>" not in page  # the field of action by its name, not its key
    assert world.query("MATCH (p:Project {id: $id}) RETURN p.title AS t", id=project_id)[0]["t"] == "Erste Fassung"


def test_only_the_team_edits_an_idea(login_as, world):
    project_id = propose(login_as("member_a"))
    bert = login_as("member_b")
    assert bert.get(f"/ideen/{project_id}/bearbeiten").status_code == 404  # a draft is not even visible
    assert login_as("coordinator").get(f"/ideen/{project_id}/bearbeiten").status_code == 200


def test_the_state_machine_is_one_table():
    assert transition("accept", "submitted")["to_status"] == "active"
    assert transition("accept", "idea") is None
    assert {row[0] for row in TRANSITIONS if row[4]} == {"request_changes", "reject"}


def test_submit_accept_and_complete_record_a_timeline(login_as, world):
    anna, kora = login_as("member_a"), login_as("coordinator")
    project_id = propose(anna)
    assert act(anna, world, project_id, "submit").status_code == 303
    assert act(kora, world, project_id, "accept").status_code == 303
    assert act(anna, world, project_id, "complete").status_code == 303
    rows = world.query("""MATCH (p:Project {id: $id})-[:HAD]->(t:Transition)<-[:BY]-(u:User)
                          RETURN t.from AS from, t.to AS to, u.email AS by ORDER BY t.at""", id=project_id)
    assert [(r["from"], r["to"], r["by"]) for r in rows] == [
        ("idea", "submitted", "anna@partner-a.example"), ("submitted", "active", "kora@allianz.example"),
        ("active", "completed", "anna@partner-a.example")]
    page = anna.get(f"/ideen/{project_id}").get_data(as_text=True)
    assert "Verlauf" in page and page.count("→") == 3


def test_coordinators_ask_for_changes_and_reject_only_with_a_reason(login_as, world):
    anna, kora = login_as("member_a"), login_as("coordinator")
    project_id = propose(anna)
    act(anna, world, project_id, "submit")
    refused = act(kora, world, project_id, "request_changes")
    assert refused.status_code == 303
    assert world.query("MATCH (p:Project {id: $id}) RETURN p.status AS s", id=project_id)[0]["s"] == "submitted"
    assert "Bitte geben Sie eine Begründung an" in kora.get(f"/ideen/{project_id}").get_data(as_text=True)
    act(kora, world, project_id, "request_changes", reason="Bitte den Zeitrahmen genauer.")
    assert world.query("MATCH (p:Project {id: $id}) RETURN p.status AS s", id=project_id)[0]["s"] == "idea"
    act(anna, world, project_id, "submit")
    act(kora, world, project_id, "reject", reason="Doppelt zu einem laufenden Projekt.")
    row = world.query("""MATCH (p:Project {id: $id})-[:HAD]->(t:Transition {to: 'rejected'})
                         RETURN p.status AS s, t.reason AS reason""", id=project_id)[0]
    assert row == {"s": "rejected", "reason": "Doppelt zu einem laufenden Projekt."}


def test_members_never_decide_and_others_never_submit(login_as, world):
    anna, bert = login_as("member_a"), login_as("member_b")
    project_id = propose(anna)
    act(anna, world, project_id, "submit")  # public once submitted
    assert act(bert, world, project_id, "withdraw").status_code == 403
    assert act(anna, world, project_id, "accept").status_code == 303
    assert "Diesen Schritt dürfen Sie" in anna.get(f"/ideen/{project_id}").get_data(as_text=True)
    assert world.query("MATCH (p:Project {id: $id}) RETURN p.status AS s", id=project_id)[0]["s"] == "submitted"
    anonymous = login_as("anonymous")
    refused = anonymous.post_form(f"/ideen/{project_id}/status/accept", {"version": "1"}, page="/anmelden")
    assert refused.status_code == 302 and "/anmelden" in refused.headers["Location"]


def test_a_transition_someone_else_made_first_is_refused_and_applied_once(login_as, world, app):
    anna, kora = login_as("member_a"), login_as("coordinator")
    project_id = propose(anna)
    act(anna, world, project_id, "submit")
    seen = version_of(world, project_id)
    assert act(kora, world, project_id, "accept", version=seen).status_code == 303
    again = act(kora, world, project_id, "accept", version=seen)
    assert again.status_code == 303
    assert "jemand hat die Idee inzwischen geändert" in kora.get(f"/ideen/{project_id}").get_data(as_text=True)
    assert world.query("MATCH (:Project {id: $id})-[:HAD]->(t:Transition {to: 'active'}) RETURN count(t) AS n",
                       id=project_id)[0]["n"] == 1


def test_two_coordinators_acting_at_once_make_exactly_one_transition(login_as, world, app):
    import threading

    from allianz.ideas import service
    anna = login_as("member_a")
    project_id = propose(anna)
    act(anna, world, project_id, "submit")
    seen = version_of(world, project_id)
    with app.app_context():
        from allianz.accounts.session import Account
        kora = Account(world.query("MATCH (u:User {role: 'coordinator'}) RETURN u {.*} AS u")[0]["u"])
    outcomes = []

    def decide(action, reason):
        with app.app_context():
            try:
                outcomes.append(service.apply_transition(project_id, action, seen, reason, kora))
            except service.TransitionRefused as refused:
                outcomes.append(refused.reason)
    threads = [threading.Thread(target=decide, args=("accept", None)),
               threading.Thread(target=decide, args=("reject", "nein"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[1] == "stale" or "stale" in outcomes
    assert world.query("MATCH (:Project {id: $id})-[:HAD]->(t:Transition) RETURN count(t) AS n",
                       id=project_id)[0]["n"] == 2  # submit + exactly one decision


def test_similar_ideas_find_another_inflection_of_a_german_word(login_as, world):
    anna = login_as("member_a")
    response = anna.post_form("/ideen/neu", idea_form(title="Luftqualität messen", summary="Wir wollen messen, wie "
                                                      "gut die Luft ist, überall.", needs=[], check_similar="1"))
    assert response.status_code == 200
    assert "Luftqualitäts-Sensoren für Schulen" in response.get_data(as_text=True)
    assert world.query("MATCH (p:Project {origin: 'app'}) RETURN count(p) AS n")[0]["n"] == 0  # nothing saved
    live = anna.get("/ideen/aehnliche?title=Luftqualit%C3%A4t").get_json()
    assert [item["title"] for item in live] == ["Luftqualitäts-Sensoren für Schulen"]


def test_anonymous_visitors_never_see_drafts_but_see_public_submitted_ideas(login_as, world):
    anna, anonymous = login_as("member_a"), login_as("anonymous")
    draft = propose(anna, title="Geheimer Entwurf zur Luftqualität")
    assert anonymous.get(f"/ideen/{draft}").status_code == 404
    assert anonymous.get(f"/projekte/{draft}").status_code == 404
    assert "Geheimer Entwurf" not in anonymous.get("/ideen/").get_data(as_text=True)
    assert "Geheimer Entwurf" not in anonymous.get("/projekte/").get_data(as_text=True)
    assert "Geheimer Entwurf" not in anonymous.get("/ideen/aehnliche?title=Entwurf").get_data(as_text=True)
    act(anna, world, draft, "submit")
    page = anonymous.get(f"/ideen/{draft}").get_data(as_text=True)
    assert "Geheimer Entwurf" in page and "Anna A" not in page  # no personal data


def test_a_draft_stays_out_of_the_network_pictures_and_the_matching_pages_of_others(login_as, world):
    anna, anonymous, bert = login_as("member_a"), login_as("anonymous"), login_as("member_b")
    draft = propose(anna, title="Geheimer Entwurf zur Luftqualität")
    for visitor in (anonymous, bert, anna):
        assert "Geheimer Entwurf" not in visitor.get("/netzwerk/daten/partner-projekte").get_data(as_text=True)
        assert "Geheimer Entwurf" not in visitor.get("/netzwerk/export/partner-projekte.graphml").get_data(as_text=True)
        assert visitor.get(f"/netzwerk/projekt/{draft}").status_code == 404
    assert anonymous.get(f"/matching/projekt/{draft}").status_code == 404
    assert bert.get(f"/matching/projekt/{draft}").status_code == 404
    assert anna.get(f"/matching/projekt/{draft}").status_code == 200
    act(anna, world, draft, "submit")
    act(login_as("coordinator"), world, draft, "accept")
    assert "Geheimer Entwurf" in anonymous.get("/netzwerk/daten/partner-projekte").get_data(as_text=True)


def test_ideas_made_in_the_app_survive_an_import_with_replace(login_as, world, app, cli, tmp_path):
    from conftest import DEMO_DIR
    project_id = propose(login_as("member_a"))
    result = cli("import", DEMO_DIR, "--replace")
    assert result.exit_code == 0, result.output
    row = world.query("""MATCH (p:Project {id: $id}) RETURN p.status AS s,
                         COUNT { (p)-[:NEEDS]->() } AS needs, COUNT { (p)<-[:PROPOSED]-() } AS proposed""",
                      id=project_id)
    assert row == [{"s": "idea", "needs": 3, "proposed": 1}]

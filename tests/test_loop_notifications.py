"""A loop that talks (issue 20): coordinators are told of what waits for them, a decision names itself and
carries its reason (notification, mail, the top of the idea's page), a notification opens what it is about
and is then read, and sensible mail defaults that a person's own choice overrides."""
import email
import re
from email import policy

import pytest

from idea_helpers import IDEA_WORLD, act, propose
from test_mail import smtp_server  # noqa: F401 - the real local SMTP server fixture

TITLE = "Sensorik-Netz für Luftqualität in Quartieren"
COORDINATORS = ["adam@allianz.example", "kora@allianz.example"]


@pytest.fixture
def world(actors, graph):
    """The actors and the small alliance of the idea tests."""
    graph.execute(IDEA_WORLD)
    return graph


def told(graph, kind, project_id=None, detail=None):
    """The e-mail addresses a notification of `kind` (about the project, with `detail`) went to, sorted."""
    return graph.query("""MATCH (n:Notification {kind: $kind})-[:FOR]->(u:User)
                          WHERE ($p IS NULL OR n.project_id = $p) AND ($d IS NULL OR n.detail = $d)
                          RETURN u.email AS email ORDER BY email""", kind=kind, p=project_id, d=detail)


def emails(rows):
    """The addresses of `told`'s rows."""
    return [row["email"] for row in rows]


def inbox_text(client):
    """The person's notification list as text."""
    return client.get("/benachrichtigungen/").get_data(as_text=True)


def bell(client):
    """The number on the person's bell."""
    return int(re.search(r'data-unread="(\d+)"', client.get("/ideen/").get_data(as_text=True)).group(1))


def test_every_submission_and_resubmission_tells_every_coordinator_but_not_the_actor(login_as, world):
    anna, kora, adam = login_as("member_a"), login_as("coordinator"), login_as("admin")
    project_id = propose(anna)
    act(anna, world, project_id, "submit")
    assert emails(told(world, "review", project_id, "submit")) == COORDINATORS
    assert bell(kora) == 1 and bell(adam) == 1 and bell(anna) == 0
    assert f"Anna A hat „{TITLE}“ zur Prüfung eingereicht." in inbox_text(kora)
    act(kora, world, project_id, "request_changes", reason="Bitte Zeitplan ergänzen")
    assert emails(told(world, "review", project_id)) == COORDINATORS  # the decision tells the member, not them
    act(anna, world, project_id, "submit")
    assert emails(told(world, "review", project_id, "resubmit")) == COORDINATORS
    assert f"Anna A hat „{TITLE}“ überarbeitet und erneut zur Prüfung eingereicht." in inbox_text(adam)


def test_a_coordinator_who_submits_is_not_told_of_it_but_the_others_are(login_as, world, graph):
    graph.execute("MATCH (u:User {email: 'kora@allianz.example'}), (p:Partner {id: 'pa'}) "
                  "CREATE (u)-[:MEMBER_OF]->(p)")
    kora = login_as("coordinator")
    project_id = propose(kora)
    act(kora, world, project_id, "submit")
    assert emails(told(world, "review", project_id)) == ["adam@allianz.example"]


def test_comments_reach_the_coordinators_only_while_the_idea_is_under_review(login_as, world):
    anna, bert, kora = login_as("member_a"), login_as("member_b"), login_as("coordinator")
    project_id = propose(anna)
    anna.post_form(f"/ideen/{project_id}/kommentare", {"text": "Entwurf"}, page=f"/ideen/{project_id}")
    assert told(world, "review", project_id) == []  # a draft is not under review
    act(anna, world, project_id, "submit")
    bert.post_form(f"/ideen/{project_id}/kommentare", {"text": "Wir messen schon"}, page=f"/ideen/{project_id}")
    assert emails(told(world, "review", project_id, "comment")) == COORDINATORS
    assert f"Bert B hat „{TITLE}“ (in Prüfung) kommentiert." in inbox_text(kora)
    kora.post_form(f"/ideen/{project_id}/kommentare", {"text": "Danke"}, page=f"/ideen/{project_id}")
    # kora's own comment tells adam only
    assert emails(told(world, "review", project_id, "comment")) == ["adam@allianz.example"] + COORDINATORS


def test_a_join_request_tells_the_team_and_every_coordinator(login_as, world):
    anna, bert, kora = login_as("member_a"), login_as("member_b"), login_as("coordinator")
    project_id = propose(anna)
    act(anna, world, project_id, "submit")
    bert.post_form(f"/ideen/{project_id}/beitreten", {"message": "Wir haben Sensorik."}, page=f"/ideen/{project_id}")
    assert emails(told(world, "join_request", project_id)) == ["anna@partner-a.example"]
    assert emails(told(world, "review", project_id, "join_request")) == COORDINATORS
    assert f"Bert B möchte mit seinem Partner bei „{TITLE}“ mitmachen." in inbox_text(kora)


def test_a_suggested_competency_tells_every_coordinator_and_opens_the_care_page(login_as, world):
    anna, kora = login_as("member_a"), login_as("coordinator")
    assert anna.post_form("/kompetenzen/vorschlagen/pa", {"name": "Lärmkartierung", "level": "3", "note": ""},
                          page="/partner/pa/bearbeiten").status_code == 303
    assert emails(told(world, "suggestion")) == COORDINATORS
    assert "Anna A schlägt die Kompetenz „Lärmkartierung“ vor (Partner A)." in inbox_text(kora)
    note = world.query("MATCH (n:Notification {kind: 'suggestion'})-[:FOR]->(:User {email: 'kora@allianz.example'}) "
                       "RETURN n.id AS id")[0]["id"]
    opened = kora.post_form(f"/benachrichtigungen/{note}/oeffnen", {}, page="/benachrichtigungen/")
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/kompetenzen/pflege")
    assert "Lärmkartierung" in kora.get("/kompetenzen/pflege").get_data(as_text=True)


def test_a_decision_names_itself_with_its_reason_in_the_list_and_at_the_top_of_the_page(login_as, world):
    anna, kora = login_as("member_a"), login_as("coordinator")
    project_id = propose(anna)
    act(anna, world, project_id, "submit")
    act(kora, world, project_id, "request_changes", reason="Bitte Zeitplan ergänzen")
    stored = world.query("MATCH (n:Notification {kind: 'status'})-[:FOR]->(:User {email: 'anna@partner-a.example'}) "
                         "RETURN n.action AS action, n.reason AS reason")
    assert stored == [{"action": "request_changes", "reason": "Bitte Zeitplan ergänzen"}]
    assert f"„{TITLE}“: Änderungen erbeten – „Bitte Zeitplan ergänzen“ (Kora K)." in inbox_text(anna)
    page = anna.get(f"/ideen/{project_id}").get_data(as_text=True)
    top = page.index('class="flash last-decision"')
    assert top < page.index('id="team"') and top < page.index('id="timeline"')
    assert "Letzte Entscheidung: Änderungen erbeten" in page[top:] and "Bitte Zeitplan ergänzen" in page[top:]
    act(anna, world, project_id, "submit")  # the next change: the decision leaves the top
    assert "last-decision" not in anna.get(f"/ideen/{project_id}").get_data(as_text=True)
    act(kora, world, project_id, "accept")
    assert f"„{TITLE}“: angenommen (Kora K)." in inbox_text(anna)
    assert "Letzte Entscheidung: angenommen" in anna.get(f"/ideen/{project_id}").get_data(as_text=True)


def test_a_notification_opens_its_idea_and_is_then_read_only_by_its_owner(login_as, world):
    anna, bert, kora = login_as("member_a"), login_as("member_b"), login_as("coordinator")
    project_id = propose(anna)
    act(anna, world, project_id, "submit")
    act(kora, world, project_id, "accept")
    assert bell(anna) == 1
    note = world.query("MATCH (n:Notification {kind: 'status'})-[:FOR]->(:User {email: 'anna@partner-a.example'}) "
                       "RETURN n.id AS id")[0]["id"]
    assert f'action="/benachrichtigungen/{note}/oeffnen"' in inbox_text(anna)
    assert bert.post_form(f"/benachrichtigungen/{note}/oeffnen", {}, page="/benachrichtigungen/").status_code == 404
    assert bell(anna) == 1
    assert anna.get(f"/benachrichtigungen/{note}/oeffnen").status_code == 405  # reading changes state: POST only
    opened = anna.post_form(f"/benachrichtigungen/{note}/oeffnen", {}, page="/benachrichtigungen/")
    assert opened.status_code == 303 and opened.headers["Location"].endswith(f"/ideen/{project_id}")
    assert bell(anna) == 0
    assert world.query("MATCH (n:Notification {id: $id}) RETURN n.read_at IS NOT NULL AS read", id=note)[0]["read"]


def test_mail_defaults_decisions_and_reviews_and_the_link_goes_to_the_idea(app, login_as, world,
                                                                           smtp_server):  # noqa: F811 - the imported pytest fixture
    inbox, port = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_USE_STARTTLS=False,
                      BASE_URL="https://allianz.example.org")
    anna, kora, adam = login_as("member_a"), login_as("coordinator"), login_as("admin")
    form = inbox_text(anna)
    assert re.search(r'value="status" checked', form) and re.search(r'value="invitation" checked', form)
    assert not re.search(r'value="review" checked', form) and not re.search(r'value="comment" checked', form)
    assert re.search(r'value="review" checked', inbox_text(kora))
    adam.post_form("/benachrichtigungen/einstellungen", {}, page="/benachrichtigungen/")  # a stored choice: none
    assert not re.search(r'value="\w+" checked', inbox_text(adam))

    project_id = propose(anna)
    act(anna, world, project_id, "submit")
    assert [m.rcpt_tos for m in inbox.messages] == [["kora@allianz.example"]]
    act(kora, world, project_id, "request_changes", reason="Bitte Zeitplan ergänzen")
    assert [m.rcpt_tos for m in inbox.messages][1:] == [["anna@partner-a.example"]]
    body = email.message_from_bytes(inbox.messages[1].content, policy=policy.default).get_content()
    assert "Bitte Zeitplan ergänzen" in body and "Änderungen erbeten" in body
    assert f"https://allianz.example.org/ideen/{project_id}" in body
    assert "/benachrichtigungen/" in body and "localhost" not in body

"""Building an idea's team: the matcher's recommendations on the idea's page, one-click invitations that
remember the recommendation, join requests, answers, coverage, notifications and the outcome loop."""
import re

import pytest

from account_helpers import PASSWORD
from idea_helpers import IDEA_WORLD, act, propose
from test_mail import smtp_server  # noqa: F401 - the real local SMTP server fixture


@pytest.fixture
def world(app, actors, graph):
    """The actors, the small alliance, and one member each at Sensorwerk (pc) and Datenhaus (pd)."""
    from allianz.accounts import service
    graph.execute(IDEA_WORLD)
    with app.app_context():
        service.create_user("cem@sensorwerk.example", "Cem C", "member", "pc", PASSWORD, via="cli")
        service.create_user("dora@datenhaus.example", "Dora D", "member", "pd", PASSWORD, via="cli")
    return graph


def client_of(app, email):
    """A client logged in as the person with `email`."""
    client = app.test_client()
    assert client.log_in(email).status_code == 302
    return client


def invite_forms(page):
    """The partner ids the page offers to invite from its recommendations."""
    return re.findall(r'name="partner_id" value="([^"]+)"', page)


def invite_recommended(client, project_id, partner_id):
    """Press "Einladen" on a recommendation (the form's hidden score and rank as the page has them)."""
    page = client.get(f"/ideen/{project_id}").get_data(as_text=True)
    form = re.search(r'name="partner_id" value="%s">\s*<input type="hidden" name="score" value="([^"]+)">'
                     r'<input type="hidden" name="rank" value="(\d+)">' % re.escape(partner_id), page)
    assert form, f"no invite button for {partner_id}"
    return client.post_form(f"/ideen/{project_id}/einladen",
                            {"partner_id": partner_id, "score": form.group(1), "rank": form.group(2)},
                            page=f"/ideen/{project_id}")


def invite_id(graph, project_id, partner_id):
    """The id of the project's invite to a partner."""
    return graph.query("MATCH (:Project {id: $p})-[:INVITED]->(i:Invite)-[:TO]->(:Partner {id: $t}) RETURN i.id AS id",
                       p=project_id, t=partner_id)[0]["id"]


def test_the_draft_page_recommends_partners_and_proposes_a_consortium(login_as, world):
    anna = login_as("member_a")
    project_id = propose(anna)
    page = anna.get(f"/ideen/{project_id}").get_data(as_text=True)
    assert {"pc", "pd"} <= set(invite_forms(page))
    assert "Vorgeschlagenes Konsortium" in page and "Sensorwerk GmbH" in page
    assert "3 benötigte Kompetenzen sind noch offen." in page


def test_inviting_from_a_recommendation_then_accept_and_decline(app, login_as, world):
    anna = login_as("member_a")
    project_id = propose(anna)
    assert invite_recommended(anna, project_id, "pc").status_code == 303
    assert invite_recommended(anna, project_id, "pd").status_code == 303
    invite = world.query("MATCH (:Project {id: $p})-[:INVITED]->(i:Invite)-[:TO]->(:Partner {id: 'pc'}) "
                         "RETURN i.from_recommendation AS rec, i.state AS state, i.score AS score, i.rank AS rank",
                         p=project_id)[0]
    assert invite["rec"] is True and invite["state"] == "open" and invite["score"] > 0 and invite["rank"] >= 1
    cem, dora = client_of(app, "cem@sensorwerk.example"), client_of(app, "dora@datenhaus.example")
    assert "lädt Ihren Partner" in cem.get("/benachrichtigungen/").get_data(as_text=True)
    accepted = cem.post_form(f"/ideen/einladungen/{invite_id(world, project_id, 'pc')}/annehmen",
                             {"message": "Gern!"}, page=f"/ideen/{project_id}")
    assert accepted.status_code == 303
    declined = dora.post_form(f"/ideen/einladungen/{invite_id(world, project_id, 'pd')}/ablehnen",
                              {"message": "Keine Kapazität."}, page=f"/ideen/{project_id}")
    assert declined.status_code == 303
    team = world.query("MATCH (t:Partner)-[r:PARTICIPATES_IN]->(:Project {id: $p}) RETURN t.id + ':' + r.role AS m "
                       "ORDER BY m", p=project_id)
    assert [row["m"] for row in team] == ["pa:lead", "pc:partner"]
    page = anna.get(f"/ideen/{project_id}").get_data(as_text=True)
    assert "Gern!" in page and "Keine Kapazität." in page
    coverage = re.findall(r'data-need="([^"]+)">.*?<td>(.*?)</td>\s*<td>(.*?)</td>', page, re.S)
    holders = {need: holder for need, _importance, holder in coverage}
    assert "Sensorwerk GmbH" in holders["sensorik"] and "noch offen" in holders["datenplattform"]
    notes = anna.get("/benachrichtigungen/").get_data(as_text=True)
    assert "hat zu „Sensorik-Netz für Luftqualität in Quartieren“ geantwortet: angenommen" in notes
    assert "geantwortet: abgelehnt" in notes
    # an answered invitation cannot be answered again
    again = dora.post_form(f"/ideen/einladungen/{invite_id(world, project_id, 'pd')}/annehmen", {},
                           page=f"/ideen/{project_id}")
    assert again.status_code == 303
    assert world.query("MATCH (:Partner {id: 'pd'})-[r:PARTICIPATES_IN]->(:Project {id: $p}) RETURN count(r) AS n",
                       p=project_id)[0]["n"] == 0


def test_only_the_invited_partner_answers_and_only_the_team_invites(app, login_as, world):
    anna, bert = login_as("member_a"), login_as("member_b")
    project_id = propose(anna)
    act(anna, world, project_id, "submit")
    assert bert.post_form(f"/ideen/{project_id}/einladen", {"partner_id": "pc"},
                          page=f"/ideen/{project_id}").status_code == 403
    invite_recommended(anna, project_id, "pc")
    stolen = bert.post_form(f"/ideen/einladungen/{invite_id(world, project_id, 'pc')}/annehmen", {},
                            page=f"/ideen/{project_id}")
    assert stolen.status_code == 403


def test_a_join_request_is_answered_by_the_team(app, login_as, world):
    anna, bert = login_as("member_a"), login_as("member_b")
    project_id = propose(anna)
    act(anna, world, project_id, "submit")
    assert bert.post_form(f"/ideen/{project_id}/beitreten", {"message": "Wir haben Sensorik."},
                          page=f"/ideen/{project_id}").status_code == 303
    assert "möchte mit seinem Partner" in anna.get("/benachrichtigungen/").get_data(as_text=True)
    request_id = invite_id(world, project_id, "pb")
    assert bert.post_form(f"/ideen/einladungen/{request_id}/annehmen", {},
                          page=f"/ideen/{project_id}").status_code == 403
    assert anna.post_form(f"/ideen/einladungen/{request_id}/annehmen", {},
                          page=f"/ideen/{project_id}").status_code == 303
    assert world.query("MATCH (:Partner {id: 'pb'})-[r:PARTICIPATES_IN {role: 'partner'}]->(:Project {id: $p}) "
                       "RETURN count(r) AS n", p=project_id)[0]["n"] == 1


def test_status_changes_notify_the_team_in_the_same_transaction_and_can_be_read(login_as, world):
    anna, kora = login_as("member_a"), login_as("coordinator")
    project_id = propose(anna)
    act(anna, world, project_id, "submit")
    act(kora, world, project_id, "accept")
    row = world.query("""MATCH (n:Notification {kind: 'status', detail: 'active'})-[:FOR]->(u:User)
                         MATCH (n)-[:ABOUT]->(:Project {id: $p}) RETURN collect(u.email) AS who""", p=project_id)[0]
    assert row["who"] == ["anna@partner-a.example"]
    page = anna.get("/ideen/").get_data(as_text=True)
    assert 'class="bell-count" data-unread="1"' in page
    anna.post_form("/benachrichtigungen/gelesen", {}, page="/benachrichtigungen/")
    assert 'data-unread="0"' in anna.get("/ideen/").get_data(as_text=True)


def test_a_refused_transition_writes_no_notification(login_as, world):
    anna, kora = login_as("member_a"), login_as("coordinator")
    project_id = propose(anna)
    act(anna, world, project_id, "submit")
    act(kora, world, project_id, "accept", version=1)  # stale: the submit moved the version on
    assert world.query("MATCH (n:Notification {kind: 'status', detail: 'active'}) RETURN count(n) AS n")[0]["n"] == 0


def test_the_outcome_loop_counts_recommended_partners_invited_and_joined(app, login_as, world, cli, tmp_path):
    anna, kora = login_as("member_a"), login_as("coordinator")
    project_id = propose(anna)
    invite_recommended(anna, project_id, "pc")
    invite_recommended(anna, project_id, "pd")
    client_of(app, "cem@sensorwerk.example").post_form(
        f"/ideen/einladungen/{invite_id(world, project_id, 'pc')}/annehmen", {}, page=f"/ideen/{project_id}")
    page = kora.get("/ideen/ergebnisse").get_data(as_text=True)
    assert "Empfohlene Partner eingeladen: 2 · beigetreten: 1" in page
    matching = kora.get("/matching/").get_data(as_text=True)   # the matching page itself shows the totals
    assert "Hat Matching geholfen?" in matching and "Empfohlene Partner eingeladen: 2 · beigetreten: 1" in matching
    assert "Empfohlene Partner eingeladen" not in anna.get("/matching/").get_data(as_text=True)
    result = cli("export", tmp_path / "out")
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "out" / "outcomes.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "project_id,partner_id,rank,score,invited_at,answered_at,state,joined"
    assert sorted(line.split(",")[1] + ":" + line.split(",")[-1] for line in lines[1:]) == ["pc:true", "pd:false"]


def test_the_outcome_months_are_berlin_months_named_in_the_ui_language(login_as, world):
    anna, kora = login_as("member_a"), login_as("coordinator")
    project_id = propose(anna)
    invite_recommended(anna, project_id, "pc")
    # 23:30 UTC on 30 November is already 00:30 on 1 December in Berlin
    world.execute("MATCH (i:Invite) SET i.created_at = datetime('2026-11-30T23:30:00Z')")
    page = kora.get("/ideen/ergebnisse").get_data(as_text=True)
    assert '<th scope="row">Dezember 2026</th>' in page and "2026-11" not in page
    kora.get("/sprache/en")
    assert '<th scope="row">December 2026</th>' in kora.get("/ideen/ergebnisse").get_data(as_text=True)


def test_mail_goes_out_by_smtp_for_the_kinds_a_person_chose_and_as_a_digest(app, login_as, world, cli, smtp_server):  # noqa: F811 - the imported pytest fixture
    inbox, port = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_USE_STARTTLS=False)
    anna, kora = login_as("member_a"), login_as("coordinator")
    anna.post_form("/benachrichtigungen/einstellungen", {"mail_kinds": ["status"]}, page="/benachrichtigungen/")
    for coordinator in (kora, login_as("admin")):  # they chose no mail (else the submission's "review" mail)
        coordinator.post_form("/benachrichtigungen/einstellungen", {}, page="/benachrichtigungen/")
    project_id = propose(anna)
    act(anna, world, project_id, "submit")
    act(kora, world, project_id, "accept")
    assert [m.rcpt_tos for m in inbox.messages] == [["anna@partner-a.example"]]
    assert "angenommen (Kora K)" in inbox.messages[0].content.decode("utf-8", "replace").replace("=\r\n", "")
    anna.post_form("/benachrichtigungen/einstellungen", {"mail_kinds": ["status"], "mail_digest": "1"},
                   page="/benachrichtigungen/")
    act(kora, world, project_id, "complete")
    assert len(inbox.messages) == 1  # the digest gathers it
    result = cli("notifications", "digest")
    assert result.exit_code == 0 and "digest mails sent: 1" in result.output
    assert len(inbox.messages) == 2 and inbox.messages[1].rcpt_tos == ["anna@partner-a.example"]
    assert "digest mails sent: 0" in cli("notifications", "digest").output  # nothing is mailed twice

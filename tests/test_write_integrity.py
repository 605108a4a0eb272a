"""Writes that hold under odd input and at the same moment: hidden numbers that are not plain digits are
a 400 (never a 500, nothing saved); the "did matching help?" figures come from the server's ranking, never
from the form; parallel invitations of one partner create one."""
import re
import threading

import pytest

from idea_helpers import IDEA_WORLD, propose
from test_idea_team import invite_recommended


@pytest.fixture
def idea_of_anna(login_as, actors, graph):
    """A draft idea of member A in the small alliance; (project_id, anna's client)."""
    graph.execute(IDEA_WORLD)
    anna = login_as("member_a")
    return propose(anna), anna


@pytest.mark.parametrize("odd", ["1.5", "nan", "-5", "²", "9" * 30, "1e3", " 1"])
def test_an_odd_hidden_version_is_a_400_and_saves_nothing(idea_of_anna, graph, odd):
    project_id, anna = idea_of_anna
    answer = anna.post_form(f"/ideen/{project_id}/bearbeiten", {"title": "Geändert", "version": odd},
                            page=f"/ideen/{project_id}/bearbeiten")
    assert answer.status_code == 400
    assert graph.query("MATCH (p:Project {id: $id}) RETURN p.title AS t", id=project_id)[0]["t"] != "Geändert"


@pytest.mark.parametrize("odd", ["²", "1.5", "9" * 30])
def test_an_odd_contact_version_is_a_400(login_as, actors, graph, odd):
    anna = login_as("member_a")
    anna.post_form("/partner/pa/kontakte", {"name": "Kim K"}, page="/partner/pa/bearbeiten")
    contact = graph.query("MATCH (c:Contact)<-[:HAS_CONTACT]-(:Partner {id: 'pa'}) RETURN c.id AS id")
    if not contact:
        pytest.skip("no contact was created by the form")
    answer = anna.post_form(f"/partner/pa/kontakte/{contact[0]['id']}", {"name": "Kim X", "version": odd},
                            page="/partner/pa/bearbeiten")
    assert answer.status_code == 400


def test_the_outcome_figures_come_from_the_server_not_the_form(idea_of_anna, graph):
    project_id, anna = idea_of_anna
    forged = anna.post_form(f"/ideen/{project_id}/einladen", {"partner_id": "pc", "rank": "1", "score": "1e999"},
                            page=f"/ideen/{project_id}")
    assert forged.status_code == 303
    stored = graph.query("MATCH (:Project {id: $id})-[:INVITED]->(i:Invite)-[:TO]->(:Partner {id: 'pc'}) "
                         "RETURN i.score AS score, i.rank AS rank, i.from_recommendation AS rec", id=project_id)[0]
    assert stored["rec"] is True and 0 <= stored["score"] <= 100 and stored["rank"] >= 1
    assert anna.post_form(f"/ideen/{project_id}/einladen", {"partner_id": "pd", "rank": "-5", "score": "nan"},
                          page=f"/ideen/{project_id}").status_code == 400


def test_a_page_s_recommendation_is_stored_with_the_server_s_rank(idea_of_anna, graph):
    project_id, anna = idea_of_anna
    assert invite_recommended(anna, project_id, "pd").status_code == 303
    stored = graph.query("MATCH (:Project {id: $id})-[:INVITED]->(i:Invite)-[:TO]->(:Partner {id: 'pd'}) "
                         "RETURN i.rank AS rank, i.from_recommendation AS rec", id=project_id)[0]
    assert stored["rec"] is True and stored["rank"] >= 1


def test_ten_parallel_invitations_of_one_partner_create_one(app, idea_of_anna, graph):
    project_id, anna = idea_of_anna
    token = anna.csrf_token(f"/ideen/{project_id}")
    start, statuses = threading.Barrier(10), []

    def invite():
        start.wait()
        client = app.test_client()
        client.set_cookie("session", anna.get_cookie("session").value)
        statuses.append(client.post(f"/ideen/{project_id}/einladen",
                                    data={"csrf_token": token, "partner_id": "pc"}).status_code)
    threads = [threading.Thread(target=invite) for _n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(statuses) == 10
    invites = graph.query("MATCH (:Project {id: $id})-[:INVITED]->(i:Invite {state: 'open'})"
                          "-[:TO]->(:Partner {id: 'pc'}) RETURN count(i) AS n", id=project_id)[0]["n"]
    assert invites == 1


def test_a_propose_form_sent_twice_saves_one_idea(login_as, actors, graph):
    from idea_helpers import idea_form

    graph.execute(IDEA_WORLD)
    anna = login_as("member_a")
    page = anna.get("/ideen/neu").get_data(as_text=True)
    token = re.search(r'name="submission" type="hidden" value="([0-9a-f]{32})"', page).group(1)
    first = anna.post_form("/ideen/neu", idea_form(submission=token), page="/ideen/neu")
    second = anna.post_form("/ideen/neu", idea_form(submission=token), page="/ideen/neu")
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert graph.query("MATCH (p:Project {origin: 'app'}) RETURN count(p) AS n")[0]["n"] == 1
    assert "schon gespeichert" in anna.get(second.headers["Location"]).get_data(as_text=True)
    third = anna.post_form("/ideen/neu", idea_form(), page="/ideen/neu")  # a new form: a new idea
    assert third.status_code == 303 and third.headers["Location"] != first.headers["Location"]

"""One rule for who sees which idea (allianz/visibility.py): anonymous visitors, a member of the idea's
team, a member of another partner and a coordinator, checked by the rule itself and on every page that
shows ideas or projects (the idea's page, the project page, the matching page, the lists, the pictures)."""
import pytest

from idea_helpers import IDEA_WORLD, act, propose

ACTORS = ("anonymous", "member_a", "member_b", "coordinator")
TITLE = "Geheimer Entwurf zur Luftqualität"


@pytest.fixture
def draft(login_as, actors, graph):
    """Anna's draft (Partner A leads its team, Datenhaus works in the field): its id."""
    graph.execute(IDEA_WORLD)
    return propose(login_as("member_a"), title=TITLE, fields=["umwelt"], needs=["sensorik"])


def seen_by(app, actors, project_id):
    """{actor: may_see} of the one rule, for each of the four actors."""
    from flask_login import AnonymousUserMixin

    from allianz import visibility
    from allianz.accounts.service import find_by_id
    from allianz.accounts.session import Account
    seen = {}
    with app.test_request_context():
        for actor in ACTORS:
            user = AnonymousUserMixin() if actor == "anonymous" else Account(find_by_id(actors[actor]["id"]))
            seen[actor] = visibility.may_see(project_id, user)
    return seen


def test_the_rule_per_actor_through_the_lifecycle(app, login_as, actors, graph, draft):
    anna = login_as("member_a")
    assert seen_by(app, actors, draft) == {"anonymous": False, "member_a": True, "member_b": False,
                                          "coordinator": True}
    graph.execute("MATCH (p:Project {id: $id}) SET p.public = false", id=draft)
    act(anna, graph, draft, "submit")   # submitted, not public: still the team's and the coordinators'
    assert seen_by(app, actors, draft) == {"anonymous": False, "member_a": True, "member_b": False,
                                          "coordinator": True}
    graph.execute("MATCH (p:Project {id: $id}) SET p.public = true", id=draft)
    assert set(seen_by(app, actors, draft).values()) == {True}
    graph.execute("MATCH (p:Project {id: $id}) SET p.public = false", id=draft)
    act(login_as("coordinator"), graph, draft, "accept")   # active projects are everyone's
    assert set(seen_by(app, actors, draft).values()) == {True}
    assert seen_by(app, actors, "no-such-project") == dict.fromkeys(ACTORS, False)


def test_a_member_of_a_partner_that_joins_the_team_sees_the_draft(app, login_as, actors, graph, draft):
    graph.execute("MATCH (b:Partner {id: 'pb'}), (p:Project {id: $id}) "
                  "CREATE (b)-[:PARTICIPATES_IN {role: 'partner'}]->(p)", id=draft)
    assert seen_by(app, actors, draft)["member_b"] is True


@pytest.mark.parametrize("actor, status", [("anonymous", 404), ("member_a", 200), ("member_b", 404),
                                           ("coordinator", 200)])
def test_every_page_of_one_draft_follows_the_rule(login_as, draft, actor, status):
    client = login_as(actor)
    for path in (f"/ideen/{draft}", f"/matching/projekt/{draft}"):
        assert client.get(path).status_code == status, path
    project_page = client.get(f"/projekte/{draft}")   # an idea's project link leads to its one page, if allowed
    assert project_page.status_code == (302 if status == 200 else 404)
    similar = client.get("/ideen/aehnliche", query_string={"title": "Geheimer Entwurf"}).get_json()
    assert (TITLE in [item["title"] for item in similar]) == (status == 200)
    assert (TITLE in client.get("/ideen/").get_data(as_text=True)) == (status == 200)


@pytest.mark.parametrize("actor", ACTORS)
def test_pages_that_look_the_same_for_everyone_never_show_a_draft(login_as, draft, actor):
    client = login_as(actor)
    for path in ("/projekte/", "/partner/pa", "/handlungsfelder/umwelt", "/kompetenzen/sensorik",
                 "/netzwerk/daten/partner-projekte"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert TITLE not in response.get_data(as_text=True), path


def main_text(client, path):
    """The <main> of a page, as text."""
    page = client.get(path).get_data(as_text=True)
    return page[page.index("<main"):page.index("</main>")]


def test_a_draft_is_not_even_counted_on_the_pages_everyone_sees(login_as, actors, graph):
    graph.execute(IDEA_WORLD)
    anonymous, paths = login_as("anonymous"), ("/", "/partner/", "/handlungsfelder/", "/kompetenzen/", "/partner/pa")
    before = {path: main_text(anonymous, path) for path in paths}
    propose(login_as("member_a"), title=TITLE, fields=["umwelt"], needs=["sensorik"])
    assert {path: main_text(anonymous, path) for path in paths} == before


def test_a_draft_is_no_shared_project_in_the_matchers_reasons(app, login_as, actors, graph, draft):
    graph.execute("MATCH (c:Partner {id: 'pc'}), (p:Project {id: $id}) "
                  "CREATE (c)-[:PARTICIPATES_IN {role: 'partner'}]->(p)", id=draft)
    anna = login_as("member_a")
    public = propose(anna, title="Offene Sensordaten für alle Quartiere")
    act(anna, graph, public, "submit")
    for actor in ("anonymous", "member_b"):
        page = login_as(actor).get(f"/matching/projekt/{public}")
        assert page.status_code == 200
        assert "Sensorwerk GmbH" in page.get_data(as_text=True) and TITLE not in page.get_data(as_text=True)


@pytest.mark.parametrize("text", ["Darf ich mitlesen?", ""])
def test_who_may_not_see_a_draft_cannot_comment_on_it(login_as, graph, draft, text):
    bert = login_as("member_b")
    answer = bert.post_form(f"/ideen/{draft}/kommentare", {"text": text}, page="/ideen/")
    assert answer.status_code == 404
    assert graph.query("MATCH (c:Comment)-[:ON]->(:Project {id: $id}) RETURN count(c) AS n", id=draft)[0]["n"] == 0
    assert graph.query("MATCH (e:AuditEvent {action: 'comment.add'}) RETURN count(e) AS n")[0]["n"] == 0
    anna = login_as("member_a")   # the team sees it, and comments
    assert anna.post_form(f"/ideen/{draft}/kommentare", {"text": "Notiz fürs Team"},
                          page=f"/ideen/{draft}").status_code == 303
    assert graph.query("MATCH (c:Comment)-[:ON]->(:Project {id: $id}) RETURN c.text AS t", id=draft) == \
        [{"t": "Notiz fürs Team"}]

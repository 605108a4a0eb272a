"""Discussion and support of an idea: comments by logged-in members (edit for 15 minutes, delete,
hidden by coordinators with a reason), one support per partner, following and its notifications."""
import pytest

from idea_helpers import IDEA_WORLD, act, propose


@pytest.fixture
def idea(login_as, actors, graph):
    """A submitted (public) idea of member A; (project_id, anna's client)."""
    graph.execute(IDEA_WORLD)
    anna = login_as("member_a")
    project_id = propose(anna)
    act(anna, graph, project_id, "submit")
    return project_id, anna


def comment_ids(graph, project_id):
    """The ids of the idea's comments, oldest first."""
    return [r["id"] for r in graph.query("MATCH (c:Comment)-[:ON]->(:Project {id: $id}) RETURN c.id AS id "
                                         "ORDER BY c.created_at", id=project_id)]


def test_a_comment_notifies_the_followers_and_shows_on_the_page(login_as, idea, graph):
    project_id, anna = idea
    bert = login_as("member_b")
    assert bert.post_form(f"/ideen/{project_id}/folgen", {}, page=f"/ideen/{project_id}").status_code == 303
    assert anna.post_form(f"/ideen/{project_id}/kommentare", {"text": "Wer hat Sensoren?"},
                          page=f"/ideen/{project_id}").status_code == 303
    assert "Wer hat Sensoren?" in bert.get(f"/ideen/{project_id}").get_data(as_text=True)
    assert "hat „Sensorik-Netz für Luftqualität in Quartieren“ kommentiert" in \
        bert.get("/benachrichtigungen/").get_data(as_text=True)
    assert "Wer hat Sensoren?" not in login_as("anonymous").get(f"/ideen/{project_id}").get_data(as_text=True)


def test_the_author_edits_within_15_minutes_and_deletes_others_cannot(login_as, idea, graph):
    project_id, anna = idea
    anna.post_form(f"/ideen/{project_id}/kommentare", {"text": "Erste Fassung"}, page=f"/ideen/{project_id}")
    comment = comment_ids(graph, project_id)[0]
    anna.post_form(f"/ideen/kommentare/{comment}/bearbeiten", {"text": "Zweite Fassung"}, page=f"/ideen/{project_id}")
    assert graph.query("MATCH (c:Comment {id: $id}) RETURN c.text AS t", id=comment)[0]["t"] == "Zweite Fassung"
    graph.execute("MATCH (c:Comment {id: $id}) SET c.created_at = datetime() - duration({minutes: 16})", id=comment)
    late = anna.post_form(f"/ideen/kommentare/{comment}/bearbeiten", {"text": "Zu spät"}, page=f"/ideen/{project_id}",
                          follow_redirects=True)
    assert "nur in den ersten 15 Minuten" in late.get_data(as_text=True)
    bert = login_as("member_b")
    assert bert.post_form(f"/ideen/kommentare/{comment}/loeschen", {}, page=f"/ideen/{project_id}").status_code == 403
    assert anna.post_form(f"/ideen/kommentare/{comment}/loeschen", {}, page=f"/ideen/{project_id}").status_code == 303
    assert comment_ids(graph, project_id) == []


def test_coordinators_hide_a_comment_with_a_reason(login_as, idea, graph):
    project_id, anna = idea
    anna.post_form(f"/ideen/{project_id}/kommentare", {"text": "Werbung!"}, page=f"/ideen/{project_id}")
    comment = comment_ids(graph, project_id)[0]
    bert = login_as("member_b")
    assert bert.post_form(f"/ideen/kommentare/{comment}/verbergen", {"reason": "x"},
                          page=f"/ideen/{project_id}").status_code == 403
    kora = login_as("coordinator")
    kora.post_form(f"/ideen/kommentare/{comment}/verbergen", {"reason": "Werbung"}, page=f"/ideen/{project_id}")
    page = bert.get(f"/ideen/{project_id}").get_data(as_text=True)
    assert "Von der Koordination verborgen: Werbung" in page and "Werbung!" not in page


def test_one_support_per_partner_shown_with_names_and_withdrawable(login_as, idea, graph):
    project_id, anna = idea
    bert = login_as("member_b")
    for _twice in range(2):
        bert.post_form(f"/ideen/{project_id}/unterstuetzen", {}, page=f"/ideen/{project_id}")
    page = login_as("anonymous").get(f"/ideen/{project_id}").get_data(as_text=True)
    assert "1 Partner unterstützt die Idee" in page and "Partner B" in page
    bert.post_form(f"/ideen/{project_id}/unterstuetzen", {"off": "1"}, page=f"/ideen/{project_id}")
    assert graph.query("MATCH (:Partner)-[s:SUPPORTS]->(:Project {id: $id}) RETURN count(s) AS n",
                       id=project_id)[0]["n"] == 0


def test_anonymous_visitors_cannot_comment(login_as, idea, graph):
    project_id, _anna = idea
    anonymous = login_as("anonymous")
    response = anonymous.post_form(f"/ideen/{project_id}/kommentare", {"text": "Hallo"}, page="/anmelden")
    assert response.status_code == 302 and comment_ids(graph, project_id) == []


def audit_actions(graph, project_id):
    """The audit trail of the idea: (action, actor e-mail, changes) oldest first."""
    return [(r["a"], r["who"], r["changes"]) for r in graph.query(
        "MATCH (u:User)-[:DID]->(e:AuditEvent)-[:ON]->(:Project {id: $id}) "
        "RETURN e.action AS a, u.email AS who, e.changes_json AS changes ORDER BY e.at, e.id", id=project_id)]


def test_every_discussion_change_leaves_one_audit_record_on_the_idea(login_as, idea, graph, actors):
    project_id, anna = idea
    page = f"/ideen/{project_id}"
    anna.post_form(f"/ideen/{project_id}/kommentare", {"text": "Erste Fassung"}, page=page)
    comment = comment_ids(graph, project_id)[0]
    anna.post_form(f"/ideen/kommentare/{comment}/bearbeiten", {"text": "Zweite Fassung"}, page=page)
    bert = login_as("member_b")
    for _twice in range(2):   # the second click changes nothing and records nothing
        bert.post_form(f"/ideen/{project_id}/unterstuetzen", {}, page=page)
        bert.post_form(f"/ideen/{project_id}/folgen", {}, page=page)
    bert.post_form(f"/ideen/{project_id}/unterstuetzen", {"off": "1"}, page=page)
    bert.post_form(f"/ideen/{project_id}/folgen", {"off": "1"}, page=page)
    login_as("coordinator").post_form(f"/ideen/kommentare/{comment}/verbergen", {"reason": "Doppelt"}, page=page)
    anna.post_form(f"/ideen/kommentare/{comment}/loeschen", {}, page=page)
    trail = [(action, who) for action, who, _changes in audit_actions(graph, project_id)
             if action.startswith(("comment", "support", "follow", "unfollow"))]
    a, b, k = actors["member_a"]["email"], actors["member_b"]["email"], actors["coordinator"]["email"]
    assert trail == [("comment.add", a), ("comment.edit", a), ("support.add", b), ("follow", b),
                     ("support.withdraw", b), ("unfollow", b), ("comment.hide", k), ("comment.delete", a)]
    changes = dict((action, changes) for action, _who, changes in audit_actions(graph, project_id))
    assert '"Erste Fassung", "Zweite Fassung"' in changes["comment.edit"]
    assert '"Zweite Fassung", null' in changes["comment.delete"]


def test_an_edit_after_the_window_is_refused_and_not_audited(login_as, idea, graph):
    project_id, anna = idea
    anna.post_form(f"/ideen/{project_id}/kommentare", {"text": "Erste Fassung"}, page=f"/ideen/{project_id}")
    comment = comment_ids(graph, project_id)[0]
    graph.execute("MATCH (c:Comment {id: $id}) SET c.created_at = datetime() - duration({minutes: 16})", id=comment)
    anna.post_form(f"/ideen/kommentare/{comment}/bearbeiten", {"text": "Zu spät"}, page=f"/ideen/{project_id}")
    assert "comment.edit" not in [action for action, _who, _c in audit_actions(graph, project_id)]
    assert graph.query("MATCH (c:Comment {id: $id}) RETURN c.text AS t", id=comment)[0]["t"] == "Erste Fassung"


def test_mail_preferences_are_audited_on_the_person_and_reading_is_not(login_as, idea, graph, actors):
    project_id, anna = idea
    anna.post_form("/benachrichtigungen/einstellungen", {"mail_kinds": ["comment", "status"], "mail_digest": "y"},
                   page="/benachrichtigungen/")
    anna.post_form("/benachrichtigungen/gelesen", {}, page="/benachrichtigungen/")
    rows = graph.query("MATCH (e:AuditEvent)-[:ON]->(:User {id: $id}) RETURN e.action AS a, e.changes_json AS c",
                       id=actors["member_a"]["id"])
    assert [r["a"] for r in rows if r["a"] != "user.create"] == ["notifications.preferences"]
    assert '"mail_digest": [false, true]' in rows[0]["c"]


def test_the_lead_partner_does_not_support_its_own_idea(login_as, idea, graph):
    project_id, anna = idea  # Anna's partner A leads the idea
    page = anna.get(f"/ideen/{project_id}").get_data(as_text=True)
    assert "Mit meinem Partner unterstützen" not in page
    refused = anna.post_form(f"/ideen/{project_id}/unterstuetzen", {}, page=f"/ideen/{project_id}")
    assert refused.status_code == 403
    assert graph.query("MATCH (:Partner)-[s:SUPPORTS]->(:Project {id: $id}) RETURN count(s) AS n",
                       id=project_id)[0]["n"] == 0
    assert "Mit meinem Partner unterstützen" in login_as("member_b").get(f"/ideen/{project_id}").get_data(as_text=True)


def test_a_long_discussion_is_paginated_newest_page_first(login_as, idea, graph):
    project_id, anna = idea
    graph.execute("MATCH (u:User {email: 'anna@partner-a.example'}), (p:Project {id: $id}) "
                  "UNWIND range(1, 60) AS n "
                  "CREATE (u)-[:WROTE]->(:Comment {id: 'c' + toString(n), text: 'Beitrag Nr. ' + toString(n), "
                  "created_at: datetime() - duration({minutes: 61 - n})})-[:ON]->(p)", id=project_id)
    page = anna.get(f"/ideen/{project_id}").get_data(as_text=True)
    assert "Beitrag Nr. 60<" in page and "Beitrag Nr. 51<" in page and "Beitrag Nr. 50<" not in page
    assert "Kommentare 51–60 von 60" in page and "Ältere Kommentare" in page
    first = anna.get(f"/ideen/{project_id}?kommentare=1").get_data(as_text=True)
    assert "Beitrag Nr. 1<" in first and "Beitrag Nr. 50<" in first and "Beitrag Nr. 51<" not in first
    assert "Neuere Kommentare" in first

"""Local time and local numbers (Flask-Babel): moments stored in UTC show in Europe/Berlin, in the UI
language's form; decimals with the UI language's separator."""
import re

import pytest

from idea_helpers import IDEA_WORLD, act, propose

# 11:16 UTC on 7 December is 12:16 in Berlin (CET, UTC+1)
MOMENT = "2026-12-07T11:16:00Z"
GERMAN = "07.12.2026, 12:16"
ENGLISH = "Dec 7, 2026, 12:16 PM"


def text(answer):
    """The page's text with narrow and ordinary no-break spaces (CLDR puts them before "PM") as spaces."""
    return answer.get_data(as_text=True).replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture
def dated(login_as, actors, graph):
    """A submitted idea of member A with a comment, member B's notification of it and the idea's history,
    all at MOMENT; (project_id, member B's client)."""
    graph.execute(IDEA_WORLD)
    anna = login_as("member_a")
    project_id = propose(anna)
    act(anna, graph, project_id, "submit")
    bert = login_as("member_b")
    bert.post_form(f"/ideen/{project_id}/folgen", {}, page=f"/ideen/{project_id}")
    anna.post_form(f"/ideen/{project_id}/kommentare", {"text": "Wer hat Sensoren?"}, page=f"/ideen/{project_id}")
    graph.execute("MATCH (c:Comment)-[:ON]->(:Project {id: $id}) SET c.created_at = datetime($at)",
                  id=project_id, at=MOMENT)
    graph.execute("MATCH (:Project {id: $id})-[:HAD]->(t:Transition) SET t.at = datetime($at)",
                  id=project_id, at=MOMENT)
    graph.execute("MATCH (n:Notification) SET n.created_at = datetime($at)", at=MOMENT)
    return project_id, bert


def shown(moment):
    """A moment as the comment and the notification show it (after the author, in a muted span)."""
    return f'<span class="muted">{moment}'


def test_comment_notification_and_history_times_show_in_berlin_time_in_the_ui_language(dated):
    project_id, bert = dated
    idea = text(bert.get(f"/ideen/{project_id}"))
    assert ", 11:16" not in idea and "11:16 AM" not in idea
    assert shown(GERMAN) in idea  # the comment
    assert re.search(r"<time datetime=\"[^\"]+\">" + re.escape(GERMAN) + "</time>", idea)  # the history
    assert shown(GERMAN) in text(bert.get("/benachrichtigungen/"))

    bert.get("/sprache/en")
    idea = text(bert.get(f"/ideen/{project_id}"))
    assert ", 11:16" not in idea and "11:16 AM" not in idea and GERMAN not in idea
    assert shown(ENGLISH) in idea
    assert re.search(r"<time datetime=\"[^\"]+\">" + re.escape(ENGLISH) + "</time>", idea)
    assert shown(ENGLISH) in text(bert.get("/benachrichtigungen/"))


def test_the_network_density_has_a_decimal_comma_in_german_and_a_point_in_english(demo_client):
    german = demo_client.get("/netzwerk/analyse").get_data(as_text=True)
    assert re.search(r"<strong>0,\d{3}</strong> Dichte", german)
    assert not re.search(r"<strong>0\.\d{3}</strong>", german)
    demo_client.get("/sprache/en")
    english = demo_client.get("/netzwerk/analyse").get_data(as_text=True)
    assert re.search(r"<strong>0\.\d{3}</strong> [Dd]ensity", english)


def test_the_shared_filters_format_in_the_ui_language(app):
    from datetime import date, datetime, timezone

    from flask_babel import force_locale

    from allianz.labels import date_short, datetime_short, decimal
    moment = datetime(2026, 12, 7, 11, 16, tzinfo=timezone.utc)
    with app.test_request_context():
        with force_locale("de"):
            assert (datetime_short(moment), date_short(date(2026, 12, 7)), decimal(0.23157)) == (
                GERMAN, "07.12.2026", "0,232")
            assert datetime_short(None) == "–"
        with force_locale("en"):
            assert datetime_short(moment).replace("\u202f", " ") == ENGLISH
            assert (date_short(date(2026, 12, 7)), decimal(1234.5, 1)) == ("Dec 7, 2026", "1,234.5")


def test_a_project_nodes_period_is_written_in_the_ui_language(demo_client):
    def period(data):
        node = next(n for n in data["nodes"] if n["id"] == "project:pr01")
        return dict(node["details"]["facts"])

    assert period(demo_client.get("/netzwerk/daten/projekt/pr01").get_json())["Zeitraum"].startswith("01.03.2022")
    demo_client.get("/sprache/en")
    english = period(demo_client.get("/netzwerk/daten/projekt/pr01").get_json())
    assert any(value.startswith("Mar 1, 2022") for value in english.values())

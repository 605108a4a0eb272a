"""Pages that lead a person on (issue 20): the home page's counts open the lists they count, the idea list
opens on the open ideas and is in everyone's menu, an idea has one page, forms mark what they need and
summarise what is wrong at the top, and the competency picker says when nothing matches — offering the
closest terms."""
import re

from idea_helpers import IDEA_WORLD
from page_helpers import html


def count_and_link(page, label):
    """The number and the link of one of the home page's counts."""
    found = re.search(r'<a href="([^"]+)"><strong>(\d+)</strong> ' + re.escape(label) + "</a>", page)
    assert found, label
    return found.group(1).replace("&amp;", "&"), int(found.group(2))


def test_each_count_on_the_home_page_opens_the_list_it_counts(demo_client):
    home = html(demo_client.get("/"))
    ideas_url, ideas = count_and_link(home, "offene Ideen")
    listed = html(demo_client.get(ideas_url))
    assert ideas_url.startswith("/ideen/") and ideas > 0
    assert len(re.findall(r'<th scope="row"><a href="/ideen/', listed)) == ideas
    projects_url, projects = count_and_link(home, "Projekte")
    assert f"{projects} Projekte" in html(demo_client.get(projects_url))


def test_everyone_has_the_ideas_in_the_menu_and_the_list_opens_on_the_open_ideas(demo_client):
    home = html(demo_client.get("/"))
    assert re.search(r'<ul class="nav">.*<a href="/ideen/">Ideen</a>', home, re.S)
    ideas = html(demo_client.get("/ideen/"))
    assert "Keine Ideen gefunden" not in ideas
    statuses = re.findall(r'<td><span class="badge status-(\w+)">', ideas)
    assert statuses and set(statuses) <= {"idea", "submitted"}


def test_an_idea_has_one_page(demo_client):
    ideas = html(demo_client.get("/ideen/"))
    idea_id = re.search(r'<th scope="row"><a href="/ideen/([^"]+)">', ideas).group(1)
    response = demo_client.get(f"/projekte/{idea_id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/ideen/{idea_id}")
    assert "Projektseite" not in html(demo_client.get(f"/ideen/{idea_id}"))
    completed = re.search(r'<a href="/projekte/([^"]+)">', html(demo_client.get("/projekte/?status=completed")))
    assert demo_client.get(f"/projekte/{completed.group(1)}").status_code == 200   # projects keep theirs


def test_the_idea_form_marks_what_it_needs_and_summarises_what_is_wrong_at_the_top(login_as, graph):
    graph.execute(IDEA_WORLD)
    anna = login_as("member_a")
    empty = html(anna.get("/ideen/neu"))
    for label in ("Titel", "Worum es geht", "Räumlicher Maßstab"):
        assert re.search(re.escape(label) + r'(</label>|</legend>|)\s*<span class="required-mark"|'
                         + re.escape(label) + r'<span class="required-mark"', empty), label
    response = anna.post_form("/ideen/neu", {"title": "Bank", "summary": "Zu kurz."})
    assert response.status_code == 400   # the form again, nothing saved
    page = response.get_data(as_text=True)
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert summary, page[:2000]
    links = dict(re.findall(r'<a href="#(\w+)">([^<]+)</a>', summary.group(0)))
    assert links == {"title": "Titel", "summary": "Worum es geht", "scale": "Räumlicher Maßstab"}
    assert page.index("error-summary") < page.index('id="idea-form"')   # above the form, not below
    assert 'id="scale-error"' in page and "Bitte wählen Sie einen Maßstab." in page


def test_the_picker_says_when_nothing_matches_and_offers_the_closest_terms(login_as, graph):
    graph.execute(IDEA_WORLD)
    anna = login_as("member_a")
    # the completed "Luftqualitäts-Sensoren für Schulen" needed sensorik and datenplattform
    assert anna.get("/kompetenzen/suche?q=Sensor").get_json()[0].get("near") is None
    near = anna.get("/kompetenzen/suche?q=Luft").get_json()
    assert near and all(item["near"] for item in near)
    assert {"sensorik", "datenplattform"} <= {item["id"] for item in near}
    typo = anna.get("/kompetenzen/suche?q=Sensorrik").get_json()
    assert typo and typo[0]["id"] == "sensorik" and typo[0]["near"]
    assert anna.get("/kompetenzen/suche?q=Xylophon").get_json() == []
    page = html(anna.get("/ideen/", query_string={"picker_search": "competency", "competency_q": "Luft"}))
    assert "Nichts gefunden für „Luft“. Ähnliche Begriffe" in page
    assert re.search(r'<input type="checkbox" name="competency" value="sensorik">', page), \
        re.search(r'<div class="picker-matches">.*?</div>', page, re.S).group(0)
    nothing = html(anna.get("/ideen/", query_string={"picker_search": "competency", "competency_q": "Xylophon"}))
    assert "Nichts gefunden für „Xylophon“." in nothing

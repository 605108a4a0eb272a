"""The search (`/suche`, allianz/search): partners, competencies, projects and ideas found by part of a word,
with typos, in umlaut spellings and by a part of a German compound; grouped by type with counts, best first,
the matched words marked (escaped); only what the searcher may see; hostile queries answered, never a 500."""
import re

import pytest

from allianz.search import service

from idea_helpers import IDEA_WORLD, act, propose

WORLD = """
CREATE (:Partner {id: 'stw', name: 'Stadtwerke Münster GmbH', short_name: 'SWM', kind: 'company', version: 1,
                  description: 'Strom, Wärme und Wasser für die Stadt.'}),
       (:Partner {id: 'mm', name: 'Muenster Marketing e.V.', kind: 'association', version: 1}),
       (:Partner {id: 'hs', name: 'Hochschule Rheinland', kind: 'science', version: 1,
                  description: 'Forschung zu Stadtwerken und Energie.'}),
       (:Competency {id: 'luft', name: 'Luftqualitätsmessung', name_en: 'Air quality monitoring',
                     synonyms: ['Immissionsmessung'], version: 1}),
       (:Competency {id: 'grn', name: 'Grünflächenplanung', name_en: 'Green space planning', version: 1}),
       (:Project {id: 'lqs', title: 'Luftqualitäts-Sensornetz Innenstadt', status: 'active', version: 1,
                  summary: 'Günstige Sensoren messen Feinstaub an 40 Orten.'}),
       (:Project {id: 'rad', title: 'Radverkehrszählung', status: 'completed', version: 1,
                  summary: 'Zählstellen für den Radverkehr, mit offenen Daten zur Luftqualität.'})
"""


@pytest.fixture
def world(graph):
    """A few partners, competencies and projects with compounds, umlauts and English names."""
    graph.execute(WORLD)


def found_ids(client, text, **params):
    """{type: [ids in order]} of the search page's hits for `text` (read from the links of the page)."""
    answer = client.get("/suche", query_string={"q": text, **params})
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    html = answer.get_data(as_text=True)
    groups = {}
    for section in re.findall(r'<section class="search-group" id="treffer-(\w+)".*?</section>', html, re.S):
        groups[section] = []
    for slug, body in re.findall(r'<section class="search-group" id="treffer-(\w+)"(.*?)</section>', html, re.S):
        groups[slug] = re.findall(r'<li class="search-hit">\s*<a href="/[^"]*/([^"/]+)"', body)
    return groups


@pytest.mark.parametrize("text, slug, expected", [
    ("Stadtwer", "partner", "stw"),             # the start of a word
    ("Stadtwrke", "partner", "stw"),            # a typo
    ("Stadwerke Munster", "partner", "stw"),    # a typo and an umlaut without its dots
    ("Muenster", "partner", "stw"),             # ü written ue
    ("Munster", "partner", "stw"),              # ü written u
    ("SWM", "partner", "stw"),                  # the short name
    ("Sensor", "projekt", "lqs"),               # the first part of a compound
    ("Luftqualität", "projekt", "lqs"),         # a compound by its part ("Luftqualitäts-Sensornetz")
    ("netz", "projekt", "lqs"),                 # the later part of a compound
    ("Sensornezt", "projekt", "lqs"),           # a typo in a compound
    ("Luftqualität", "kompetenz", "luft"),      # "Luftqualitätsmessung" by its first part
    ("Messung", "kompetenz", "luft"),           # ... and by its last
    ("air quality", "kompetenz", "luft"),       # the English name
    ("Immissionsmessung", "kompetenz", "luft"),  # a synonym
    ("Grunflache", "kompetenz", "grn"),         # umlauts without dots in a partial compound
])
def test_search_finds_by_part_typo_umlaut_and_compound(client, world, text, slug, expected):
    assert expected in found_ids(client, text).get(slug, []), text


def test_an_umlaut_finds_both_spellings_in_the_data(client, world):
    assert set(found_ids(client, "Münster")["partner"]) == {"stw", "mm"}


def test_words_in_descriptions_and_summaries_count_too_but_names_first(client, world):
    # "Stadtwerken" (stemmed: "Stadtwerk") is in the Hochschule's description; the Stadtwerke by name come first
    assert found_ids(client, "Stadtwerke")["partner"] == ["stw", "hs"]
    assert found_ids(client, "Luftqualität")["projekt"] == ["lqs", "rad"]


def test_every_word_must_match(client, world):
    assert found_ids(client, "Stadtwerke Rheinland")["partner"] == ["hs"]
    assert found_ids(client, "Stadtwerke Radverkehr") == {}


def test_groups_come_in_order_with_counts_and_marked_words(client, world):
    html = client.get("/suche?q=Luftqualit%C3%A4t").get_data(as_text=True)
    assert re.findall(r'id="treffer-(\w+)"', html) == ["kompetenz", "projekt"]
    assert "3 Treffer für „Luftqualität“" in html
    assert '<a href="#treffer-projekt">Projekte (2)</a>' in html
    assert '<mark>Luftqualitäts</mark>-Sensornetz Innenstadt' in html
    assert "<mark>Luftqualitätsmessung</mark>" in html
    assert "mit offenen Daten zur <mark>Luftqualität</mark>" in html   # the summary's excerpt, marked


def test_names_are_escaped_and_only_the_marks_are_markup(client, graph):
    graph.execute("CREATE (:Partner {id: 'x', name: '<script>alert(1)</script> Stadtwerke & <b>Co</b>', "
                  "kind: 'company', version: 1})")
    html = client.get("/suche?q=stadtwerke").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Stadtwerke</mark> &amp; &lt;b&gt;Co&lt;/b&gt;" in html
    assert "<script>alert" not in html
    answer = client.get("/suche/vorschlaege?q=stadtwerke")
    assert answer.get_json()[0]["label"] == "<script>alert(1)</script> Stadtwerke & <b>Co</b>"   # JSON: text


def test_all_of_one_type_page_by_page(client, graph):
    graph.execute("UNWIND range(1, 25) AS n CREATE (:Partner {id: 'd' + n, name: 'Datenwerk ' + n, kind: 'company', "
                  "version: 1})")
    html = client.get("/suche?q=Datenwerk").get_data(as_text=True)
    assert len(re.findall(r'class="search-hit"', html)) == 5
    assert 'href="/suche?q=Datenwerk&amp;typ=partner">alle 25 Partner anzeigen</a>' in html
    first = client.get("/suche?q=Datenwerk&typ=partner").get_data(as_text=True)
    second = client.get("/suche?q=Datenwerk&typ=partner&page=2").get_data(as_text=True)
    assert len(re.findall(r'class="search-hit"', first)) == 20
    assert len(re.findall(r'class="search-hit"', second)) == 5
    assert "Seite 2 von 2" in second and 'rel="prev"' in second
    ids = lambda html: set(re.findall(r'href="/partner/(d\d+)"', html))  # noqa: E731
    assert ids(first) | ids(second) == {f"d{n}" for n in range(1, 26)} and not ids(first) & ids(second)
    beyond = client.get("/suche?q=Datenwerk&typ=partner&page=99999")
    assert beyond.status_code == 200 and "Keine Treffer dieses Typs." in beyond.get_data(as_text=True)


def test_suggestions_are_the_best_hits_as_json(client, world):
    found = client.get("/suche/vorschlaege?q=Stadtwer").get_json()
    assert found[0] == {"label": "Stadtwerke Münster GmbH", "detail": "SWM", "type": "partner",
                        "type_label": "Partner · Unternehmen", "url": "/partner/stw"}
    assert client.get("/suche/vorschlaege?q=").get_json() == []


def test_the_service_returns_plain_groups_with_counts(app, world):
    from flask_login import AnonymousUserMixin
    with app.test_request_context():
        found = service.search("Luftqualität", AnonymousUserMixin(), types=["project", "competency"], limit=1)
    assert found["total"] == 3 and found["words"] == ["luftqualität"]
    assert [(g["type"], g["slug"], g["total"], [h["id"] for h in g["hits"]]) for g in found["groups"]] == [
        ("competency", "kompetenz", 1, ["luft"]), ("project", "projekt", 2, ["lqs"])]
    hit = found["groups"][1]["hits"][0]
    assert hit["name"] == "Luftqualitäts-Sensornetz Innenstadt" and hit["status"] == "active"


# -- only what the searcher may see ------------------------------------------------------------------
SECRET = "Geheimer Entwurf zur Luftqualität"


def visible_ideas(client, text):
    """The ideas the search page and the suggestions show for `text`."""
    page = found_ids(client, text).get("idee", [])
    one_type = client.get("/suche", query_string={"q": text, "typ": "idee"}).get_data(as_text=True)
    suggested = [s["url"] for s in client.get("/suche/vorschlaege", query_string={"q": text}).get_json()]
    return page, one_type, suggested


@pytest.mark.parametrize("actor, sees", [("anonymous", False), ("member_a", True), ("member_b", False),
                                         ("coordinator", True), ("admin", True)])
def test_hidden_drafts_never_appear_for_those_who_may_not_see_them(login_as, graph, actor, sees):
    graph.execute(IDEA_WORLD)
    anna = login_as("member_a")
    draft = propose(anna, title=SECRET, public="")
    client = login_as(actor)
    for status in ("idea", "submitted"):     # a draft, then submitted but not public
        if status == "submitted":
            act(anna, graph, draft, "submit")
        page, one_type, suggested = visible_ideas(client, "Geheimer Entwurf")
        assert (draft in page) is sees, (actor, status)
        assert (f'href="/ideen/{draft}"' in one_type) is sees and (f"/ideen/{draft}" in suggested) is sees
        assert ("Ideen (1)" in client.get("/suche?q=Geheimer").get_data(as_text=True)) is sees
    graph.execute("MATCH (p:Project {id: $id}) SET p.public = true", id=draft)
    assert draft in visible_ideas(client, "Geheimer Entwurf")[0]   # made public: everyone's


# -- hostile queries -----------------------------------------------------------------------------------
HOSTILE = ["AND", "OR", "NOT", "AND OR NOT", "~", "*", "?", ":", '"', "(", ")", "[", "]", "{", "}", "\\", "/", "^",
           "-", "+", "&&", "||", "!", 'name:"x" AND title:[a TO z]', "*:*", "Stadt*werke~2^10", "\\\\\\",
           '"Stadtwerke', "((((((((", "Stadtwerke)", "/regex.*/", "{!lucene}x", "a~0.5", "@#$%&", "🙂",
           "Stadt\x00werke", "\x01\x02\x1f", "\u202eStadtwerke", "  \t  ", "Stadtwerke\r\nMünster", "_", "ǅ" * 50,
           "und der die", " ".join(["Stadtwerke"] * 18)]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_get_an_answer_never_a_500(client, world, text):
    page = client.get("/suche", query_string={"q": text})
    assert page.status_code == 200, text
    html = page.get_data(as_text=True)
    assert "Treffer" in html or "Nichts gefunden" in html or "Bitte mindestens ein Wort" in html
    assert client.get("/suche", query_string={"q": text, "typ": "partner", "page": "x"}).status_code == 200
    suggestions = client.get("/suche/vorschlaege", query_string={"q": text})
    assert suggestions.status_code == 200 and isinstance(suggestions.get_json(), list)


def test_lucene_syntax_is_searched_as_words(client, world):
    assert found_ids(client, '"Stadtwerke" AND (Münster)')["partner"] == ["stw"]
    assert found_ids(client, "Stadtwerke~ OR Wasser*")["partner"] == ["stw"]   # "or": a word, and a stop word


def test_an_empty_query_asks_for_a_word(client, world):
    html = client.get("/suche").get_data(as_text=True)
    assert "Durchsucht Partner, Kompetenzen, Projekte und Ideen." in html
    html = client.get("/suche?q=%2A%3A%2A").get_data(as_text=True)   # "*:*": no word in it
    assert "Bitte mindestens ein Wort aus Buchstaben oder Ziffern eingeben." in html


@pytest.mark.parametrize("length", [201, 10_000])
def test_a_query_too_long_is_refused_with_a_message(client, world, length):
    page = client.get("/suche", query_string={"q": "x" * length})
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert "Der Suchbegriff ist zu lang: höchstens 200 Zeichen." in html
    assert 'aria-invalid="true"' in html
    answer = client.get("/suche/vorschlaege", query_string={"q": "x" * length}, headers={"Accept": "application/json"})
    assert answer.status_code == 400 and "höchstens 200 Zeichen" in answer.get_json()["message"]


def test_the_header_of_every_page_has_the_search_box(client, world):
    for path in ("/", "/partner/", "/projekte/lqs", "/suche?q=x"):
        html = client.get(path).get_data(as_text=True)
        assert 'id="suche-kopf"' in html and 'action="/suche"' in html and "js/search.js" in html, path


def test_marking_follows_what_the_search_asked():
    from allianz.search.highlight import mark
    assert mark("Stadtwerke Münster", ["stadtwerken", "muenster"]) == "<mark>Stadtwerke</mark> <mark>Münster</mark>"
    assert mark("Sensornetz & Netzwerk", ["netz"]) == "Sensornetz &amp; <mark>Netzwerk</mark>"   # a prefix only
    assert mark("Sensornetz & Netzwerk", ["netz"], loose=True) == "<mark>Sensornetz</mark> &amp; <mark>Netzwerk</mark>"
    assert mark("Stadtwerke <b>", ["stadtwrke"]) == "Stadtwerke &lt;b&gt;"
    assert mark("Stadtwerke <b>", ["stadtwrke"], loose=True) == "<mark>Stadtwerke</mark> &lt;b&gt;"


# -- the same search in the API (/api/v1/search) ----------------------------------------------------------
def test_the_api_searches_like_the_page_with_the_same_tolerance(client, world):
    answer = client.get("/api/v1/search", query_string={"q": "Stadtwrke"})
    assert answer.status_code == 200
    groups = {group["type"]: group for group in answer.get_json()["groups"]}
    assert groups["partner"]["hits"][0]["id"] == "stw" and groups["partner"]["hits"][0]["url"] == "/partner/stw"
    compound = client.get("/api/v1/search", query_string={"q": "Luftqualität", "type": "project"}).get_json()
    assert [group["type"] for group in compound["groups"]] == ["project"]
    assert "lqs" in [hit["id"] for hit in compound["groups"][0]["hits"]]
    too_long = client.get("/api/v1/search", query_string={"q": "x" * 10_001})
    assert too_long.status_code in (400, 422) and too_long.content_type.startswith("application/problem+json")


def test_hidden_drafts_never_appear_in_the_api_search(login_as, graph):
    graph.execute(IDEA_WORLD)
    anna = login_as("member_a")
    draft = propose(anna, title=SECRET, public="")
    found = login_as("member_b").get("/api/v1/search", query_string={"q": "Geheimer Entwurf"}).get_json()
    assert draft not in [hit["id"] for group in found["groups"] for hit in group["hits"]]
    mine = anna.get("/api/v1/search", query_string={"q": "Geheimer Entwurf"}).get_json()
    assert draft in [hit["id"] for group in mine["groups"] for hit in group["hits"]]

"""The competency pages: the vocabulary as a two-level list with a search, and one competency."""
import re

from markupsafe import escape

from allianz.exchange.loader import import_folder

from page_helpers import demo_rows, html, write_alliance


def holders(competency_id):
    """The demo partners that have `competency_id`, as {partner id: level}."""
    found = {}
    for row in demo_rows("partners.csv"):
        for item in row["competencies"].split(";"):
            key, _, level = item.partition(":")
            if key == competency_id:
                found[row["id"]] = int(level) if level else None
    return found


# -- the demo alliance (read-only) ---------------------------------------------------------------

def test_vocabulary_lists_top_levels_with_their_narrower_ones_and_counts(demo_client):
    page = html(demo_client.get("/kompetenzen/"))
    vocabulary = demo_rows("competencies.csv")
    assert f"{len(vocabulary)} Kompetenzen im Vokabular" in page
    for row in vocabulary:
        assert f'href="/kompetenzen/{row["id"]}"' in page
    iot = re.search(r'<li>\s*<a href="/kompetenzen/iot">Sensorik &amp; IoT</a>.*?</ul>', page, re.S).group(0)
    narrower = {row["id"] for row in vocabulary if row["broader"] == "iot"}
    assert set(re.findall(r'href="/kompetenzen/([^"]+)"', iot)) == {"iot"} | narrower
    needing = sum(1 for row in demo_rows("projects.csv") if "iot-lorawan" in row["needs"].split(";"))
    lorawan = re.search(r'href="/kompetenzen/iot-lorawan">.*?</span>', iot, re.S).group(0)
    assert f"{len(holders('iot-lorawan'))} Partner · {needing} Projekte" in lorawan


def test_search_keeps_matches_and_their_broader_competency(demo_client):
    page = html(demo_client.get("/kompetenzen/?q=lorawan"))
    results = page.split('<main id="inhalt"', 1)[1].split("</form>")[1]   # after the list's own form
    assert set(re.findall(r'href="/kompetenzen/([^"]+)"', results)) == {"iot", "iot-lorawan"}
    assert "<mark>LoRaWAN-Funknetze</mark>" in page
    assert "1 Kompetenz passt zu „lorawan“" in page
    english = html(demo_client.get("/kompetenzen/?q=smart%20metering"))
    assert 'href="/kompetenzen/iot-smart-metering"' in english
    none = html(demo_client.get("/kompetenzen/?q=gibt-es-nicht"))
    assert "Keine Kompetenz passt zu „gibt-es-nicht“." in none
    echoed = html(demo_client.get("/kompetenzen/?q=%3Cb%3Ex"))
    assert "„&lt;b&gt;x“" in echoed and "<b>x" not in echoed


def test_competency_page_shows_names_broader_partners_by_level_and_projects(demo_client):
    partners = {row["id"]: row for row in demo_rows("partners.csv")}
    projects = [row for row in demo_rows("projects.csv") if "iot-lorawan" in row["needs"].split(";")]
    page = html(demo_client.get("/kompetenzen/iot-lorawan"))
    assert "<h1>LoRaWAN-Funknetze</h1>" in page
    assert '<dd lang="en">LoRaWAN networks</dd>' in page
    assert '<a href="/kompetenzen/iot">Sensorik &amp; IoT</a>' in page
    who = re.findall(r'<a href="/partner/(p\d+)">', re.findall(r"<tbody>(.*?)</tbody>", page, re.S)[0])
    expected = holders("iot-lorawan")
    assert set(who) == set(expected)
    levels = [expected[pid] or 0 for pid in who]
    assert levels == sorted(levels, reverse=True)
    for pid in who:
        assert escape(partners[pid]["name"]) in page
    for project in projects:
        assert f'<a href="/projekte/{project["id"]}">{escape(project["title"])}</a>' in page


def test_top_level_competency_lists_its_narrower_ones(demo_client):
    page = html(demo_client.get("/kompetenzen/iot"))
    for row in demo_rows("competencies.csv"):
        if row["broader"] == "iot":
            assert f'href="/kompetenzen/{row["id"]}"' in page
    assert "keine (oberste Ebene)" in page


def test_a_need_nobody_has(demo_client):
    page = html(demo_client.get("/kompetenzen/daten-digitaler-zwilling"))
    assert "Kein Partner hat diese Kompetenz eingetragen." in page
    assert 'href="/projekte/pr24"' in page


def test_unknown_competency_is_404(demo_client):
    assert demo_client.get("/kompetenzen/gibt-es-nicht").status_code == 404


def test_english_ui_shows_english_names(demo_client):
    demo_client.get("/sprache/en")
    try:
        assert "Sensors &amp; IoT" in html(demo_client.get("/kompetenzen/"))
        assert "<h1>Sensors &amp; IoT</h1>" in html(demo_client.get("/kompetenzen/iot"))
    finally:
        demo_client.get("/sprache/de")


# -- small graphs made for one test --------------------------------------------------------------

def test_a_competency_without_name_shows_its_id_and_names_are_escaped(graph, client, tmp_path):
    write_alliance(
        tmp_path,
        competencies=[{"id": "top", "name": "<b>Oben</b>", "name_en": "", "broader": ""},
                      {"id": "ohne-name", "name": "", "name_en": "", "broader": "top"}],
        partners=[{"id": "p", "name": "Partner P", "kind": "company", "competencies": "ohne-name:2"}])
    import_folder(graph, tmp_path)
    vocabulary = html(client.get("/kompetenzen/"))
    assert '<a href="/kompetenzen/ohne-name">ohne-name</a>' in vocabulary
    assert "&lt;b&gt;Oben&lt;/b&gt;" in vocabulary and "<b>Oben" not in vocabulary
    detail = html(client.get("/kompetenzen/ohne-name"))
    assert "<h1>ohne-name</h1>" in detail and "kein Name eingetragen" in detail
    assert "Stufe 2 von 3" in detail
    partner_page = html(client.get("/partner/p"))
    assert '<a href="/kompetenzen/ohne-name">ohne-name</a>' in partner_page
    assert "&lt;b&gt;Oben&lt;/b&gt;" in partner_page


def test_partners_of_a_competency_are_paginated(graph, app, tmp_path):
    rows = [{"id": f"p{i}", "name": f"Partner {i}", "kind": "company", "competencies": f"k:{1 + i % 3}"}
            for i in range(5)]
    write_alliance(tmp_path, competencies=[{"id": "k", "name": "Kompetenz K"}], partners=rows)
    import_folder(graph, tmp_path)
    app.config["PAGE_SIZE"] = 2
    client = app.test_client()
    first = html(client.get("/kompetenzen/k"))
    assert "5 Partner" in first and "Seite 1 von 3" in first
    assert re.findall(r'href="/partner/(p\d)"', first) == ["p2", "p1"]  # level 3 first, then level 2, by name
    assert 'href="/kompetenzen/k?page=2" rel="next"' in first
    assert re.findall(r'href="/partner/(p\d)"', html(client.get("/kompetenzen/k?page=3"))) == ["p3"]

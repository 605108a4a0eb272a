"""The partner pages: list with filters, search and pages; one partner with projects and co-partners."""
import re
from collections import Counter

from markupsafe import escape

from allianz.exchange.loader import import_folder

from page_helpers import demo_rows, html, table_body, write_alliance


def row_names(page):
    """The partner names (as escaped in the HTML) in the first table, in order."""
    return re.findall(r'<th scope="row"><a href="/partner/[^"]+">([^<]*)</a>', table_body(page))


# -- the demo alliance (read-only) ---------------------------------------------------------------

def test_list_shows_every_demo_partner_with_links(demo_client):
    page = html(demo_client.get("/partner/"))
    assert "38 Partner gefunden" in page
    assert '<a href="/partner/p02">Stadtwerke Musterstadt GmbH</a>' in page
    assert "Seite 1 von" not in page  # 38 rows fit on one page of 50


def test_kind_filter_returns_only_that_kind(demo_client):
    science = {row["name"] for row in demo_rows("partners.csv") if row["kind"] == "science"}
    page = html(demo_client.get("/partner/?kind=science"))
    body = table_body(page)
    assert f"{len(science)} Partner gefunden" in page
    assert set(re.findall(r'class="badge (kind-\w+)"', body)) == {"kind-science"}
    assert {str(escape(name)) for name in science} == set(row_names(page))


def test_field_filter_and_kind_filter_combine(demo_client):
    expected = {row["name"] for row in demo_rows("partners.csv")
                if "umwelt" in row["fields"].split(";") and row["kind"] == "science"}
    page = html(demo_client.get("/partner/?field=umwelt&kind=science"))
    assert set(row_names(page)) == {str(escape(name)) for name in expected}
    assert '<option selected value="umwelt">Umwelt</option>' in page


def test_search_finds_by_substring_of_name_or_short_name_ignoring_case(demo_client):
    page = html(demo_client.get("/partner/?q=STADTWERK"))
    assert row_names(page) == ["Stadtwerke Musterstadt GmbH"]
    page = html(demo_client.get("/partner/?q=mvb"))  # the short name of the Verkehrsbetriebe
    assert row_names(page) == ["Musterstädtische Verkehrsbetriebe GmbH"]


def test_no_match_shows_an_empty_state(demo_client):
    page = html(demo_client.get("/partner/?q=gibt-es-nicht"))
    assert "0 Partner gefunden" in page
    assert "Keine Partner gefunden." in page
    assert "<table" not in page


def test_an_unknown_filter_value_is_reported_not_applied(demo_client):
    page = html(demo_client.get("/partner/?kind=bogus"))
    assert "38 Partner gefunden" in page
    assert 'aria-invalid="true"' in page


def test_stadtwerke_page_lists_its_projects_roles_and_co_partners(demo_client):
    partners = {row["id"]: row for row in demo_rows("partners.csv")}
    titles = {row["id"]: row["title"] for row in demo_rows("projects.csv")}
    teams = {}
    for row in demo_rows("participations.csv"):
        teams.setdefault(row["project_id"], {})[row["partner_id"]] = row["role"]
    mine = {project: team["p02"] for project, team in teams.items() if "p02" in team}
    shared = Counter(other for project in mine for other in teams[project] if other != "p02")

    page = html(demo_client.get("/partner/p02"))
    assert "<h1>Stadtwerke Musterstadt GmbH</h1>" in page
    assert '<a href="https://stadtwerke-musterstadt.example" rel="nofollow noopener">' in page
    assert "Hafen" in page and "Deutschland" in page
    projects = table_body(page, 0)
    for project, _role in mine.items():
        assert f'<a href="/projekte/{project}">{escape(titles[project])}</a>' in projects
    led = [project for project, role in mine.items() if role == "lead"]
    assert projects.index(f"/projekte/{led[0]}") < min(projects.index(f"/projekte/{p}") for p in mine if p not in led)
    assert "Federführung" in projects

    assert "Partner, mit denen Stadtwerke zusammengearbeitet hat" in page
    co = table_body(page, 1)
    for other, count in shared.items():
        row = re.search(rf'<tr>\s*<th scope="row"><a href="/partner/{other}">.*?</tr>', co, re.S).group(0)
        assert escape(partners[other]["name"]) in row
        assert f'<td class="num">{count}</td>' in row
    first = re.search(r'href="/partner/(p\d+)"', co).group(1)
    assert shared[first] == max(shared.values())


def test_competencies_are_grouped_under_their_broader_one(demo_client):
    page = html(demo_client.get("/partner/p02"))
    group = re.search(r'<a href="/kompetenzen/iot">Sensorik &amp; IoT</a>.*?</ul>', page, re.S).group(0)
    assert ('<a href="/kompetenzen/iot-lorawan">LoRaWAN-Funknetze</a> · '
            '<span class="level level-3">Stufe 3 von 3' in group)
    assert "/kompetenzen/iot-smart-metering" in group
    assert '<a href="/handlungsfelder/umwelt">Umwelt</a>' in page


def test_an_isolated_partner_has_no_projects_and_no_co_partners(demo_client):
    page = html(demo_client.get("/partner/p30"))
    assert "Noch in keinem Projekt." in page
    assert "Noch keine gemeinsamen Projekte mit anderen Partnern." in page


def test_unknown_partner_is_404(demo_client):
    assert demo_client.get("/partner/p99").status_code == 404


def test_english_ui_renders_field_names_in_english(demo_client):
    demo_client.get("/sprache/en")
    try:
        page = html(demo_client.get("/partner/p02"))
        assert '<html lang="en">' in page
        assert '<a href="/handlungsfelder/umwelt">Environment</a>' in page
        assert "Sensors &amp; IoT" in page
        listing = html(demo_client.get("/partner/?field=mobilitaet"))
        assert '<option selected value="mobilitaet">Mobility</option>' in listing
    finally:
        demo_client.get("/sprache/de")


# -- small graphs made for one test --------------------------------------------------------------

PARTNER_COLUMNS = {"id": "", "name": "", "kind": "company", "short_name": "", "description": "", "website": "",
                   "country": "", "district": "", "fields": "", "competencies": ""}


def partner(**values):
    """One row of partners.csv."""
    return {**PARTNER_COLUMNS, **values}


def test_pages_are_cut_in_cypher_and_keep_the_filters(graph, app, tmp_path):
    names = ["Delta", "Äpfel & Co", "alpha", "Beta", "Cäsar", "Echo", "Foxtrot"]
    rows = [partner(id=f"p{i}", name=name) for i, name in enumerate(names)]
    rows.append(partner(id="s1", name="Science One", kind="science"))
    import_folder(graph, write_alliance(tmp_path, partners=rows))
    app.config["PAGE_SIZE"] = 3
    client = app.test_client()

    first = html(client.get("/partner/?kind=company"))
    assert "7 Partner gefunden" in first and "Seite 1 von 3" in first
    assert row_names(first) == ["alpha", "Äpfel &amp; Co", "Beta"]  # German order: Ä with A, case ignored
    assert 'href="/partner/?page=2&amp;kind=company" rel="next"' in first
    second = html(client.get("/partner/?kind=company&page=2"))
    assert row_names(second) == ["Cäsar", "Delta", "Echo"]
    assert "Seite 2 von 3" in second and "Nr. 4–6" in second
    assert 'rel="prev"' in second and 'rel="next"' in second
    last = html(client.get("/partner/?kind=company&page=99"))  # beyond the end: the last page
    assert row_names(last) == ["Foxtrot"] and "Seite 3 von 3" in last


def test_user_data_is_escaped_everywhere(graph, client, tmp_path):
    evil = "<script>alert(1)</script>"
    write_alliance(
        tmp_path,
        partners=[partner(id="x", name=evil, short_name="<b>kurz</b>", description="<img src=x onerror=alert(2)>"),
                  partner(id="y", name="Ypsilon GmbH")],
        projects=[{"id": "pr", "title": "<i>Projekt</i>", "status": "active"}],
        participations=[{"project_id": "pr", "partner_id": "x", "role": "lead"},
                        {"project_id": "pr", "partner_id": "y", "role": "partner"}])
    import_folder(graph, tmp_path)
    for path in ("/partner/", "/partner/x", "/partner/y", "/partner/?q=script"):
        page = html(client.get(path))
        assert "<script>alert(1)" not in page and "<img src=x" not in page and "<i>Projekt" not in page
    detail = html(client.get("/partner/x"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    assert "&lt;img src=x onerror=alert(2)&gt;" in detail
    assert "Partner, mit denen &lt;b&gt;kurz&lt;/b&gt; zusammengearbeitet hat" in detail
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html(client.get("/partner/y"))


def test_co_partners_are_capped_at_50_most_shared_first(graph, client, tmp_path):
    others = [partner(id=f"o{i:02d}", name=f"Other {i:02d}") for i in range(55)]
    participations = [{"project_id": "big", "partner_id": "hub", "role": "lead"}]
    participations += [{"project_id": "big", "partner_id": row["id"], "role": "partner"} for row in others]
    participations += [{"project_id": "small", "partner_id": pid, "role": "partner"} for pid in ("hub", "o54")]
    write_alliance(tmp_path, partners=[partner(id="hub", name="Hub"), *others],
                   projects=[{"id": "big", "title": "Großprojekt", "status": "active"},
                             {"id": "small", "title": "Kleinprojekt", "status": "completed"}],
                   participations=participations)
    import_folder(graph, tmp_path)
    page = html(client.get("/partner/hub"))
    co = table_body(page, 1)
    linked = re.findall(r'<th scope="row"><a href="/partner/(o\d+)">', co)
    assert len(linked) == 50
    assert linked[0] == "o54"  # two shared projects
    assert "Die 50 mit den meisten gemeinsamen Projekten von 55." in page
    first_row = co.split("</tr>")[0]
    assert '<td class="num">2</td>' in first_row
    assert "/projekte/big" in first_row and "/projekte/small" in first_row


def test_partner_page_links_to_its_network_neighbourhood(demo_client):
    page = demo_client.get("/partner/p02").get_data(as_text=True)
    assert "/netzwerk/partner/p02?stufen=2" in page

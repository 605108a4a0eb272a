"""The project pages: list with filters, search, order and pages; one project with needs and team."""
import re

from markupsafe import escape

from allianz.exchange.loader import import_folder

from page_helpers import demo_rows, html, table_body, write_alliance


def row_ids(page, prefix="/projekte/"):
    """The ids linked from the row headers of the first table, in order."""
    return re.findall(rf'<th scope="row"><a href="{prefix}([^"]+)">', table_body(page))


# -- the demo alliance (read-only) ---------------------------------------------------------------

def test_list_shows_every_demo_project(demo_client):
    page = html(demo_client.get("/projekte/"))
    assert "28 Projekte gefunden" in page
    assert '<a href="/projekte/pr01">Mobilitätsplattform Musterstadt</a>' in page
    assert '<time datetime="2022-03-01">01.03.2022</time>' in page


def test_status_filter_returns_only_that_status(demo_client):
    active = {row["id"] for row in demo_rows("projects.csv") if row["status"] == "active"}
    page = html(demo_client.get("/projekte/?status=active"))
    assert f"{len(active)} Projekte gefunden" in page
    assert set(row_ids(page)) == active
    assert set(re.findall(r'class="badge (status-\w+)"', table_body(page))) == {"status-active"}


def test_field_filter_and_title_search(demo_client):
    in_field = {row["id"] for row in demo_rows("projects.csv") if "mobilitaet" in row["fields"].split(";")}
    assert set(row_ids(html(demo_client.get("/projekte/?field=mobilitaet")))) == in_field
    page = html(demo_client.get("/projekte/?q=DIGITALER"))
    expected = {row["id"] for row in demo_rows("projects.csv") if "digitaler" in row["title"].lower()}
    assert set(row_ids(page)) == expected and expected


def test_team_size_is_shown_in_the_list(demo_client):
    team = sum(1 for row in demo_rows("participations.csv") if row["project_id"] == "pr01")
    row = re.search(r'<a href="/projekte/pr01">.*?</tr>', html(demo_client.get("/projekte/?q=Mobilitätsplattform")),
                    re.S).group(0)
    assert f'<td class="num">{team}</td>' in row


def test_newest_first_order(demo_client):
    page = html(demo_client.get("/projekte/?sort=newest&status=completed"))
    completed = sorted((row for row in demo_rows("projects.csv") if row["status"] == "completed"),
                       key=lambda row: row["started"], reverse=True)
    assert row_ids(page) == [row["id"] for row in completed]
    assert 'selected value="newest"' in page


def test_project_page_shows_needs_coverage_and_team(demo_client):
    partners = {row["id"]: row for row in demo_rows("partners.csv")}
    project = next(row for row in demo_rows("projects.csv") if row["id"] == "pr24")
    team = {row["partner_id"]: row["role"] for row in demo_rows("participations.csv") if row["project_id"] == "pr24"}
    page = html(demo_client.get("/projekte/pr24", follow_redirects=True))   # an idea: its one page
    assert f"<h1>{escape(project['title'])}</h1>" in page
    assert escape(project["summary"]) in page
    needs = table_body(page, 0)
    assert needs.count("<tr") == len(project["needs"].split(";"))
    twin = re.search(r'<a href="/kompetenzen/daten-digitaler-zwilling">.*?</tr>', needs, re.S).group(0)
    assert "noch offen" in twin  # nobody in the alliance has it
    members = re.search(r'<ul class="team-list">.*?</ul>', page, re.S).group(0)
    assert members.count("<li") == len(team)
    lead = next(pid for pid, role in team.items() if role == "lead")
    assert re.search(r'<a href="/partner/(p\d+)">', members).group(1) == lead
    assert escape(partners[lead]["name"]) in members and "Federführung" in members


def test_a_covered_need_names_the_team_members_that_have_it(demo_client):
    page = html(demo_client.get("/projekte/pr08"))
    heat = re.search(r'<a href="/kompetenzen/energie-waerme">.*?</tr>', table_body(page, 0), re.S).group(0)
    assert '<a href="/partner/p02">Stadtwerke Musterstadt GmbH</a>' in heat
    assert "Das Team deckt alle benötigten Kompetenzen ab." in page
    assert "Ende (geplant)" in page and '<time datetime="2027-06-30">30.06.2027</time>' in page


def test_unknown_project_is_404(demo_client):
    assert demo_client.get("/projekte/pr99").status_code == 404


def test_english_ui_formats_dates_the_english_way(demo_client):
    demo_client.get("/sprache/en")
    try:
        page = html(demo_client.get("/projekte/pr08"))
        assert '<html lang="en">' in page
        assert "Jan 15, 2024" in page
        assert "Heat planning &amp; heat networks" in page
        assert html(demo_client.get("/projekte/?field=umwelt")).count("Environment") >= 2
    finally:
        demo_client.get("/sprache/de")


# -- small graphs made for one test --------------------------------------------------------------

def project(**values):
    """One row of projects.csv."""
    return {"id": "", "title": "", "status": "active", "summary": "", "fields": "", "needs": "", "started": "",
            "ended": "", **values}


def test_pages_filters_and_escaping(graph, app, tmp_path):
    rows = [project(id=f"a{i}", title=f"Aktiv {i}", started=f"202{i}-01-01") for i in range(5)]
    rows += [project(id="idee", title="<script>alert(1)</script>", status="idea")]
    write_alliance(tmp_path, partners=[{"id": "p", "name": "P", "kind": "company"}], projects=rows,
                   participations=[{"project_id": "idee", "partner_id": "p", "role": "lead"}])
    import_folder(graph, tmp_path)
    app.config["PAGE_SIZE"] = 2
    client = app.test_client()

    first = html(client.get("/projekte/?status=active&sort=newest"))
    assert "5 Projekte gefunden" in first and "Seite 1 von 3" in first
    assert row_ids(first) == ["a4", "a3"]
    assert 'href="/projekte/?page=2&amp;status=active&amp;sort=newest" rel="next"' in first
    assert row_ids(html(client.get("/projekte/?status=active&sort=newest&page=2"))) == ["a2", "a1"]
    assert row_ids(html(client.get("/projekte/?status=active&page=3"))) == ["a4"]  # by title: Aktiv 0..4

    listing = html(client.get("/projekte/?status=idea"))
    detail = html(client.get("/projekte/idee", follow_redirects=True))
    partner_page = html(client.get("/partner/p"))
    for page in (listing, detail, partner_page):
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Keine benötigten Kompetenzen angegeben." in detail


def test_an_unknown_sort_key_falls_back_to_title_order(graph, client, tmp_path):
    write_alliance(tmp_path, partners=[{"id": "p", "name": "P", "kind": "company"}],
                   projects=[project(id="b", title="Beta"), project(id="a", title="Alpha")])
    import_folder(graph, tmp_path)
    page = html(client.get("/projekte/?sort=title%20DESC%20//"))
    assert row_ids(page) == ["a", "b"]
    assert 'aria-invalid="true"' in page


def test_an_open_idea_shows_recommended_partners_with_reasons_and_a_team(demo_client):
    page = demo_client.get("/projekte/pr24", follow_redirects=True).get_data(as_text=True)
    assert "Passende Partner" in page
    assert "Vorgeschlagenes Konsortium" in page
    assert "Digitaler Zwilling" in page


def test_a_running_project_shows_no_recommendations(demo_client):
    page = demo_client.get("/projekte/pr01").get_data(as_text=True)
    assert "Passende Partner" not in page


def test_an_idea_links_to_its_picture_and_to_the_partner_search(demo_client):
    page = demo_client.get("/projekte/pr24", follow_redirects=True).get_data(as_text=True)
    assert "/netzwerk/projekt/pr24" in page and "/matching/projekt/pr24" in page


def test_recommended_partners_link_to_their_pages(demo_client):
    page = demo_client.get("/projekte/pr24", follow_redirects=True).get_data(as_text=True)
    section = page.split("Passende Partner", 1)[1]
    assert 'href="/partner/p' in section

"""The pages of the fields of action: all fields with counts, and one field's partners and projects."""
import re

from markupsafe import escape

from allianz.exchange.loader import import_folder

from page_helpers import demo_rows, html, write_alliance


def in_field(file, key):
    """The rows of a demo file whose `fields` list holds `key`."""
    return [row for row in demo_rows(file) if key in row["fields"].split(";")]


# -- the demo alliance (read-only) ---------------------------------------------------------------

def test_fields_are_listed_with_partner_and_project_counts(demo_client):
    page = html(demo_client.get("/handlungsfelder/"))
    for field in demo_rows("fields.csv"):
        row = re.search(rf'<a href="/handlungsfelder/{field["key"]}">{escape(field["name_de"])}</a>.*?</tr>',
                        page, re.S).group(0)
        partners, projects = re.findall(r'<td class="num">(\d+)</td>', row)
        assert int(partners) == len(in_field("partners.csv", field["key"]))
        assert int(projects) == len(in_field("projects.csv", field["key"]))


def test_field_page_lists_its_partners_with_kind_and_its_projects_with_status(demo_client):
    page = html(demo_client.get("/handlungsfelder/umwelt"))
    assert "<h1>Umwelt</h1>" in page
    projects_table, partners_table = re.findall(r"<tbody>(.*?)</tbody>", page, re.S)
    projects = in_field("projects.csv", "umwelt")
    assert set(re.findall(r'href="/projekte/(pr\d+)"', projects_table)) == {row["id"] for row in projects}
    for row in projects:
        line = re.search(rf'href="/projekte/{row["id"]}".*?</tr>', projects_table, re.S).group(0)
        assert f'class="badge status-{row["status"]}"' in line
    partners = in_field("partners.csv", "umwelt")
    assert f"{len(partners)} Partner sind in diesem Handlungsfeld aktiv" in page
    assert set(re.findall(r'href="/partner/(p\d+)"', partners_table)) == {row["id"] for row in partners}
    for row in partners:
        line = re.search(rf'href="/partner/{row["id"]}".*?</tr>', partners_table, re.S).group(0)
        assert f'class="badge kind-{row["kind"]}"' in line


def test_unknown_field_is_404(demo_client):
    assert demo_client.get("/handlungsfelder/weltraum").status_code == 404


def test_english_ui_shows_english_field_names(demo_client):
    demo_client.get("/sprache/en")
    try:
        listing = html(demo_client.get("/handlungsfelder/"))
        assert '<a href="/handlungsfelder/lebensart">Way of life</a>' in listing
        detail = html(demo_client.get("/handlungsfelder/lebensart"))
        assert "<h1>Way of life</h1>" in detail and '<span lang="de">Lebensart</span>' in detail
    finally:
        demo_client.get("/sprache/de")


def test_start_page_cards_link_to_working_field_pages(demo_client):
    start = html(demo_client.get("/"))
    for key in re.findall(r'href="/handlungsfelder/([^"]+)"', start):
        assert demo_client.get(f"/handlungsfelder/{key}").status_code == 200


# -- small graphs made for one test --------------------------------------------------------------

def test_an_empty_field_and_escaped_names(graph, client, tmp_path):
    write_alliance(
        tmp_path,
        fields=[{"key": "leer", "name_de": "<em>Leer</em>", "name_en": ""},
                {"key": "voll", "name_de": "Voll", "name_en": "Full"}],
        partners=[{"id": "p", "name": "<script>alert(1)</script>", "kind": "startup", "fields": "voll"}],
        projects=[{"id": "x", "title": "Projekt X", "status": "idea", "fields": "voll"}])
    import_folder(graph, tmp_path)
    empty = html(client.get("/handlungsfelder/leer"))
    assert "<h1>&lt;em&gt;Leer&lt;/em&gt;</h1>" in empty
    assert "Noch keine Partner in diesem Handlungsfeld." in empty
    assert "Noch keine Projekte in diesem Handlungsfeld." in empty
    full = html(client.get("/handlungsfelder/voll"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in full and "<script>alert(1)" not in full
    assert 'class="badge kind-startup"' in full and 'class="badge status-idea"' in full


def test_partners_of_a_field_are_paginated(graph, app, tmp_path):
    write_alliance(tmp_path, fields=[{"key": "f", "name_de": "Feld"}],
                   partners=[{"id": f"p{i}", "name": f"Partner {i}", "kind": "company", "fields": "f"}
                             for i in range(3)])
    import_folder(graph, tmp_path)
    app.config["PAGE_SIZE"] = 2
    client = app.test_client()
    first = html(client.get("/handlungsfelder/f"))
    assert re.findall(r'href="/partner/(p\d)"', first) == ["p0", "p1"] and "Seite 1 von 2" in first
    second = html(client.get("/handlungsfelder/f?page=2"))
    assert re.findall(r'href="/partner/(p\d)"', second) == ["p2"] and "Seite 2 von 2" in second


def test_a_long_project_list_links_to_the_filtered_project_list(graph, app, tmp_path):
    write_alliance(tmp_path, fields=[{"key": "f", "name_de": "Feld"}],
                   partners=[{"id": "p", "name": "P", "kind": "company"}],
                   projects=[{"id": f"x{i}", "title": f"Projekt {i}", "status": "active", "fields": "f"}
                             for i in range(3)])
    import_folder(graph, tmp_path)
    app.config["PAGE_SIZE"] = 2
    page = html(app.test_client().get("/handlungsfelder/f"))
    assert "3 Projekte in diesem Handlungsfeld" in page
    assert len(re.findall(r'<th scope="row"><a href="/projekte/', page)) == 2
    assert '<a href="/projekte/?field=f">' in page

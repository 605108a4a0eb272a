"""Light pages: compressed answers, static files cached for a year under their content's version, only the
vis-network parts a picture page uses, paged table twins, and the analytics' over-time table aligned."""
import re

import pytest

from allianz.network import routes


def test_pages_and_scripts_are_compressed_when_the_browser_accepts_it(demo_client):
    page = demo_client.get("/netzwerk/", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "gzip"
    script = demo_client.get("/netzwerk/vendor/vis-network.min.js", headers={"Accept-Encoding": "br, gzip"})
    assert script.headers.get("Content-Encoding") == "br"
    assert len(script.data) < 200_000  # ~470 KB as it is
    plain = demo_client.get("/netzwerk/")
    assert "Content-Encoding" not in plain.headers and b"<h1>" in plain.data


def test_static_files_are_linked_with_their_version_and_cached_for_a_year(demo_client):
    html = demo_client.get("/netzwerk/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/allianz\.css\?v=[0-9a-f]{12})"', html).group(1)
    script = re.search(r'src="(/static/js/netzwerk/picture\.js\?v=[0-9a-f]{12})"', html).group(1)
    for address in (css, script):
        answer = demo_client.get(address)
        assert answer.status_code == 200
        assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    stale = demo_client.get("/static/css/allianz.css?v=000000000000")
    assert "immutable" not in stale.headers.get("Cache-Control", "")


def test_a_picture_page_loads_vis_network_only_when_asked_and_never_its_stylesheet(demo_client):
    html = demo_client.get("/netzwerk/partner-projekte").get_data(as_text=True)
    assert "vis-network.css" not in html
    # no <script> for vis-network: the first look is drawn without it; the picture names where to get it
    scripts = [src for src in re.findall(r'<script[^>]*src="([^"]+)"', html)
               if not src.startswith(("/static/js/combobox.js", "/static/js/search.js"))]   # the header's search box
    assert scripts == [re.search(r'src="(/static/js/netzwerk/picture\.js[^"]*)"', html).group(1)]
    assert 'data-vis-src="/netzwerk/vendor/vis-network.min.js"' in html
    engine = re.search(r'data-engine-module="(/static/js/netzwerk/engine\.js\?v=[0-9a-f]{12})"', html).group(1)
    assert demo_client.get(engine).headers["Cache-Control"] == "public, max-age=31536000, immutable"
    analysis = demo_client.get("/netzwerk/analyse").get_data(as_text=True)
    assert "vis-network" not in analysis  # the analytics page draws SVG: no picture script at all


def test_the_table_twin_is_paged_and_every_node_is_on_one_of_its_pages(demo_client, monkeypatch):
    monkeypatch.setattr(routes, "TABLE_ROWS", 10)
    seen = []
    for number in (1, 2, 3, 4):
        html = demo_client.get(f"/netzwerk/?sort=name&richtung=auf&seite={number}").get_data(as_text=True)
        rows = re.findall(r'<tr data-node="([^"]+)"', html)
        assert len(rows) == (10 if number < 4 else 8)
        seen += rows
        assert f"{(number - 1) * 10 + 1}–{min(number * 10, 38)} von 38" in html
    assert len(set(seen)) == 38
    first = demo_client.get("/netzwerk/?sort=name&richtung=auf").get_data(as_text=True)
    assert 'href="/netzwerk/?sort=name&amp;richtung=auf&amp;seite=2#tabelle-titel" rel="next"' in first
    assert demo_client.get("/netzwerk/?seite=999").status_code == 200  # clamped to the last page


def test_the_over_time_table_has_its_numbers_under_right_aligned_headings(demo_client):
    html = demo_client.get("/netzwerk/analyse").get_data(as_text=True)
    table = html.split('id="tabelle-zeit"')[1].split("</table>")[0]
    headings = re.findall(r"<th scope=\"col\"([^>]*)>", table.split("</thead>")[0])
    assert headings[0] == "" and all('class="num"' in h for h in headings[1:])
    assert len(headings) == 5


@pytest.mark.parametrize("path", ["/netzwerk/", "/netzwerk/analyse", "/netzwerk/partner-projekte?max=1000"])
def test_network_pages_stay_small(demo_client, path):
    assert len(demo_client.get(path).data) < 250_000

"""Network pictures: the JSON of every view, the filters, the table twin, the exports, vis-network served locally."""
import csv
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from allianz.vocabulary import KIND_COLORS

from conftest import DEMO_DIR


def demo_rows(name):
    """The rows of one demo CSV file."""
    with open(DEMO_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


PARTNERS = {row["id"]: row for row in demo_rows("partners.csv")}
PROJECTS = {row["id"]: row for row in demo_rows("projects.csv")}
PARTICIPATIONS = demo_rows("participations.csv")


def teams(statuses=None):
    """project id -> partner ids, for projects with one of `statuses` (all when None)."""
    out = {}
    for row in PARTICIPATIONS:
        if statuses is None or PROJECTS[row["project_id"]]["status"] in statuses:
            out.setdefault(row["project_id"], set()).add(row["partner_id"])
    return out


def pair_weights(statuses=None):
    """{frozenset(a, b): shared projects} from the demo CSV files."""
    weights = Counter()
    for team in teams(statuses).values():
        members = sorted(team)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                weights[frozenset((a, b))] += 1
    return weights


def edge_set(data):
    """{frozenset(a, b): value} of a view's partner–partner edges (ids without the prefix)."""
    return {frozenset((e["from"].split(":", 1)[1], e["to"].split(":", 1)[1])): e["value"] for e in data["edges"]
            if e["from"].startswith("partner:") and e["to"].startswith("partner:")}


def test_the_alliance_json_holds_every_partner_and_every_shared_project(demo_client):
    data = demo_client.get("/netzwerk/daten/allianz").get_json()
    ids = {node["id"] for node in data["nodes"]}
    assert ids == {f"partner:{pid}" for pid in PARTNERS}
    assert edge_set(data) == dict(pair_weights())
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(node["x"], int) and isinstance(node["y"], int) for node in data["nodes"])  # whole units
    p01 = next(node for node in data["nodes"] if node["id"] == "partner:p01")
    assert p01["projects"] == sum(1 for row in PARTICIPATIONS if row["partner_id"] == "p01")
    assert p01["color"] == KIND_COLORS["administration"] and p01["shape"] == "dot"
    assert data["hidden"]["nodes"] == 0 and data["hidden"]["message"] == ""
    assert data["counts"] == {"nodes": 38, "edges": len(pair_weights())}
    assert {entry["label"] for entry in data["legend"]} >= {"Unternehmen", "Kammer", "Zivilgesellschaft"}


def test_filters_narrow_the_alliance(demo_client):
    completed = demo_client.get("/netzwerk/daten/allianz?status=completed&ohne=aus").get_json()
    expected = teams({"completed"})
    assert {n["id"].split(":")[1] for n in completed["nodes"]} == set().union(*expected.values())
    assert edge_set(completed) == dict(pair_weights({"completed"}))

    chambers = demo_client.get("/netzwerk/daten/allianz?art=chamber").get_json()
    assert {n["kind"] for n in chambers["nodes"]} == {"chamber"}
    assert len(chambers["nodes"]) == 2

    mobility = demo_client.get("/netzwerk/daten/allianz?feld=mobilitaet&ohne=aus").get_json()
    in_mobility = {pid for pid, p in PROJECTS.items() if "mobilitaet" in p["fields"].split(";")}
    members = set().union(*(team for pid, team in teams().items() if pid in in_mobility))
    assert {n["id"].split(":")[1] for n in mobility["nodes"]} == members

    window = demo_client.get("/netzwerk/daten/allianz?von=2024&bis=2024&ohne=aus").get_json()
    running = {pid for pid, p in PROJECTS.items() if p["started"] and p["started"][:4] <= "2024"
               and (not p["ended"] or p["ended"][:4] >= "2024")}
    assert {n["id"].split(":")[1] for n in window["nodes"]} == set().union(*(teams()[pid] for pid in running))


def test_a_limit_keeps_the_most_connected_and_says_what_is_hidden(demo_client):
    data = demo_client.get("/netzwerk/daten/allianz?max=5").get_json()
    assert len(data["nodes"]) == 5
    assert "partner:p01" in {n["id"] for n in data["nodes"]}
    assert data["hidden"]["nodes"] == 33
    assert "33 weitere Knoten sind ausgeblendet" in data["hidden"]["message"]
    page = demo_client.get("/netzwerk/?max=5").get_data(as_text=True)
    assert "33 weitere Knoten sind ausgeblendet" in page


def test_search_focuses_a_partner_even_beyond_the_limit(demo_client):
    data = demo_client.get("/netzwerk/daten/allianz?max=3&fokus=werkraum").get_json()
    assert data["focus"] == "partner:p37"
    assert "partner:p37" in {n["id"] for n in data["nodes"]}
    missing = demo_client.get("/netzwerk/daten/allianz?fokus=gibtesnicht").get_json()
    assert missing["focus"] is None and missing["focus_missing"] is True


def test_partners_projects_and_partners_competencies(demo_client):
    data = demo_client.get("/netzwerk/daten/partner-projekte").get_json()
    types = Counter(n["type"] for n in data["nodes"])
    assert types["project"] == len(PROJECTS)
    assert types["partner"] == len({row["partner_id"] for row in PARTICIPATIONS})
    assert len(data["edges"]) == len(PARTICIPATIONS)
    lead = next(e for e in data["edges"] if e["to"] == "project:pr01" and e["from"] == "partner:p04")
    assert lead["width"] == 3

    data = demo_client.get("/netzwerk/daten/partner-kompetenzen").get_json()
    holdings = sum(len(row["competencies"].split(";")) for row in PARTNERS.values() if row["competencies"])
    assert len(data["edges"]) == holdings
    assert Counter(n["type"] for n in data["nodes"])["partner"] == 38


@pytest.mark.parametrize("hops", [1, 2, 3])
def test_a_partners_neighbourhood_reaches_as_far_as_asked(demo_client, hops):
    weights = pair_weights()
    reach = {"p12"}
    frontier = set(reach)
    for _ in range(hops):
        frontier = {b for pair in weights for a in pair if a in frontier for b in pair if b != a} - reach
        reach |= frontier
    data = demo_client.get(f"/netzwerk/daten/partner/p12?stufen={hops}").get_json()
    assert {n["id"].split(":")[1] for n in data["nodes"]} == reach
    assert data["centre"] == "partner:p12"
    assert all(n["hop"] <= hops for n in data["nodes"])


def test_a_project_team_and_its_neighbourhood(demo_client):
    data = demo_client.get("/netzwerk/daten/projekt/pr01").get_json()
    team = teams()["pr01"]
    team_nodes = {n["id"].split(":")[1] for n in data["nodes"] if n.get("team")}
    assert team_nodes == team
    assert data["nodes"][0]["id"] == "project:pr01"
    assert data["team"] == len(team) and data["recommended"] == []
    neighbours = {b for pair in pair_weights() for a in pair if a in team for b in pair if b != a} - team
    assert {n["id"].split(":")[1] for n in data["nodes"] if n.get("hop") == 1} == neighbours


def test_an_idea_highlights_the_partners_matching_recommends(demo_client):
    data = demo_client.get("/netzwerk/daten/projekt/pr24").get_json()
    from allianz.matching import recommend_for_project
    with demo_client.application.test_request_context():
        expected = [item["id"] for item in recommend_for_project("pr24", 5)]
    assert expected, "matching recommends nobody for the demo idea pr24"
    assert [item["partner"] for item in data["recommended"]] == expected
    drawn = {n["id"].split(":")[1] for n in data["nodes"] if n.get("recommended")}
    assert set(expected) - teams()["pr24"] <= drawn
    page = demo_client.get("/netzwerk/projekt/pr24").get_data(as_text=True)
    assert "Eine Idee" in page


def test_unknown_partner_or_project_is_404(demo_client):
    assert demo_client.get("/netzwerk/partner/gibtesnicht").status_code == 404
    assert demo_client.get("/netzwerk/daten/projekt/gibtesnicht").status_code == 404
    assert demo_client.get("/netzwerk/daten/unbekannt").status_code == 404


def test_the_table_twin_lists_the_same_nodes_and_sorts_without_javascript(demo_client):
    page = demo_client.get("/netzwerk/?sort=name&richtung=auf").get_data(as_text=True)
    rows = [line.split('data-node="')[1].split('"')[0] for line in page.splitlines() if '<tr data-node="' in line]
    assert set(rows) == {f"partner:{pid}" for pid in PARTNERS}
    names = [PARTNERS[r.split(":")[1]]["name"] for r in rows]
    from allianz.listing import name_key
    assert names == sorted(names, key=name_key)
    by_projects = demo_client.get("/netzwerk/?sort=projekte&richtung=ab").get_data(as_text=True)
    first = by_projects.split('<tr data-node="')[1].split('"')[0]
    assert first == "partner:p01"
    assert 'aria-sort="descending"' in by_projects
    assert demo_client.get("/netzwerk/?sort=DROP").status_code == 200  # unknown keys fall back


@pytest.mark.parametrize("path", ["/netzwerk/", "/netzwerk/partner-projekte", "/netzwerk/partner-kompetenzen",
                                  "/netzwerk/partner/p01", "/netzwerk/projekt/pr01", "/netzwerk/analyse"])
def test_every_page_loads_only_the_apps_own_scripts(demo_client, path):
    page = demo_client.get(path)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<script>" not in text and " style=" not in text and "onclick" not in text
    for attribute in ('src="', '<link rel="stylesheet" href="'):
        for address in [part.split('"')[0] for part in text.split(attribute)[1:]]:
            assert address.startswith("/") and not address.startswith("//"), address


def test_vis_network_is_served_from_the_installed_pyvis(demo_client):
    script = demo_client.get("/netzwerk/vendor/vis-network.min.js")
    assert script.status_code == 200 and script.mimetype == "application/javascript"
    assert b"vis-network" in script.data[:2000]
    assert "max-age=31536000" in script.headers["Cache-Control"]
    # its stylesheet (200 KB of editor and navigation images) is not sent: the tooltip's style is in network.css
    assert demo_client.get("/netzwerk/vendor/vis-network.css").status_code == 404
    assert demo_client.get("/netzwerk/vendor/..%2Fnetwork.py").status_code == 404


def test_exports_json_and_graphml_hold_the_visible_graph(demo_client):
    data = demo_client.get("/netzwerk/daten/allianz?art=science").get_json()
    download = demo_client.get("/netzwerk/daten/allianz?art=science&download=1")
    assert "attachment" in download.headers["Content-Disposition"]
    graphml = demo_client.get("/netzwerk/export/allianz.graphml?art=science")
    assert graphml.mimetype == "application/graphml+xml"
    root = ET.fromstring(graphml.data)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert {n.get("id") for n in root.iterfind(".//g:node", ns)} == {n["id"] for n in data["nodes"]}
    assert len(root.findall(".//g:edge", ns)) == len(data["edges"])
    team = demo_client.get("/netzwerk/export/projekt/pr01.graphml")
    assert team.status_code == 200


def test_a_change_of_the_graph_refreshes_the_cached_views(client, graph, tmp_path):
    from allianz.exchange.loader import import_folder

    from exchange_helpers import write_folder
    import_folder(graph, write_folder(tmp_path / "one"))
    assert len(client.get("/netzwerk/daten/allianz").get_json()["nodes"]) == 3
    import_folder(graph, write_folder(tmp_path / "two", partners=(
        "id,name,kind\na,Alpha GmbH,company\nb,Beta e.V.,civil_society\nc,Hochschule Gamma,science\n"
        "d,Delta AG,company\n")))
    assert len(client.get("/netzwerk/daten/allianz").get_json()["nodes"]) == 4


def test_competency_tooltips_count_partners_in_the_ui_language(demo_client):
    german = demo_client.get("/netzwerk/daten/partner-kompetenzen").get_json()
    titles = [n["title"] for n in german["nodes"] if n["id"].startswith("competency:")]
    assert any(title.endswith(" Partner") for title in titles)
    demo_client.get("/sprache/en")
    english = demo_client.get("/netzwerk/daten/partner-kompetenzen").get_json()
    titles = [n["title"] for n in english["nodes"] if n["id"].startswith("competency:")]
    assert any(title.endswith(" partners") for title in titles)

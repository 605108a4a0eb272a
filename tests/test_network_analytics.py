"""Analytics: every figure on a small known graph, checked against networkx and by hand."""
from datetime import date

import networkx as nx
import pytest

from allianz.exchange.loader import import_folder
from allianz.network import analytics
from allianz.network.snapshot import snapshot

from exchange_helpers import write_folder

KNOWN = {
    "fields.csv": "key,name_de,name_en\nmobilitaet,Mobilität,Mobility\numwelt,Umwelt,Environment\n",
    "competencies.csv": "id,name,name_en,broader\ndaten,Daten,Data,\nzwilling,Digitaler Zwilling,Digital twin,daten\n",
    "partners.csv": (
        "id,name,kind,fields,competencies\n"
        "a,Alpha GmbH,company,mobilitaet,daten:2\n"
        "b,Beta AG,company,,\n"
        "c,Hochschule Gamma,science,umwelt,daten:3\n"
        "d,Delta e.V.,civil_society,,\n"
        "e,IHK Epsilon,chamber,,\n"
        "f,Stadt Zeta,administration,,\n"
        "g,Start-up Eta,startup,,\n"
        "h,Verband Theta,association,,\n"
    ),
    "projects.csv": (
        "id,title,status,fields,needs,started,ended\n"
        "p1,Eins,completed,mobilitaet,,2019-01-01,2020-12-31\n"
        "p2,Zwei,active,umwelt,daten,2021-03-01,\n"
        "p3,Drei,completed,mobilitaet,,2022-01-01,2023-06-30\n"
        "p4,Vier,active,umwelt,,2023-01-01,\n"
        "p5,Fünf,completed,umwelt,,2014-01-01,2015-12-31\n"
        "p6,Sechs,idea,mobilitaet,zwilling;daten,,\n"
        "p7,Sieben,rejected,umwelt,,,\n"
    ),
    "participations.csv": (
        "project_id,partner_id,role\n"
        "p1,a,lead\np1,b,partner\np1,c,partner\n"
        "p2,c,lead\np2,d,partner\n"
        "p3,d,lead\np3,f,partner\np3,a,partner\n"
        "p4,e,lead\np4,f,partner\n"
        "p5,h,lead\np5,b,partner\n"
        "p6,g,lead\np6,a,partner\n"
        "p7,e,lead\np7,d,partner\n"
    ),
}
TIES = [("a", "b"), ("a", "c"), ("b", "c"), ("c", "d"), ("d", "f"), ("a", "d"), ("a", "f"), ("e", "f"), ("b", "h")]
TODAY = date(2024, 6, 1)


@pytest.fixture
def known(graph, tmp_path):
    """The known graph imported; its snapshot and the figures at TODAY with 3 years for dormancy."""
    import_folder(graph, write_folder(tmp_path, files=KNOWN))
    snap = snapshot(graph)
    return snap, analytics.compute(snap, dormant_years=3, today=TODAY)


def expected_graph():
    """The collaboration graph built by hand from the known ties."""
    g = nx.Graph()
    g.add_nodes_from("abcdefgh")
    g.add_edges_from(TIES, weight=1)
    return g


def test_degree_and_betweenness_match_networkx(known):
    _snap, figures = known
    g = expected_graph()
    assert figures["partners"] == 8 and figures["ties"] == len(TIES)
    assert {p["id"]: p["degree"] for p in figures["degree"]} == dict(g.degree())
    expected = nx.betweenness_centrality(g, normalized=True)
    assert {p["id"]: p["betweenness"] for p in figures["degree"]} == pytest.approx(expected, abs=1e-6)
    top = max(expected, key=expected.get)
    assert figures["brokers"][0]["id"] == top
    assert figures["density"] == pytest.approx(nx.density(g), abs=1e-6)


def test_communities_match_networkx_louvain(known):
    _snap, figures = known
    g = expected_graph()
    connected = g.subgraph([n for n in g if g.degree(n)])
    expected = nx.community.louvain_communities(connected, weight="weight", seed=analytics.SEED)
    assert {frozenset(c["members"]) for c in figures["communities"]["groups"]} == {frozenset(c) for c in expected}
    assert figures["communities"]["modularity"] == pytest.approx(nx.community.modularity(connected, expected),
                                                                 abs=1e-6)


def test_isolated_and_dormant_partners(known, graph):
    snap, figures = known
    assert [p["id"] for p in figures["isolated"]] == ["g"]  # only in an idea: no tie
    assert figures["isolated"][0]["ideas"] == 1
    assert [(p["id"], p["last"]) for p in figures["dormant"]] == [("h", "2015-12-31"), ("b", "2020-12-31")]
    longer = analytics.compute(snap, dormant_years=1, today=date(2024, 8, 1))
    assert [p["id"] for p in longer["dormant"]] == ["h", "b", "a"]  # a last worked on 2023-06-30


def test_cross_sector_ties_and_sectors_that_never_meet(known):
    _snap, figures = known
    sectors = figures["sectors"]
    assert sectors["across"] == 8 and sectors["ties"] == 9
    assert sectors["share"] == pytest.approx(8 / 9, abs=1e-6)
    assert sectors["matrix"]["company"]["company"] == 1
    assert sectors["matrix"]["company"]["science"] == 2 == sectors["matrix"]["science"]["company"]
    assert ["chamber", "civil_society"] in sectors["never"]  # the rejected p7 is no tie


def test_fields_kinds_supply_demand_and_timeline(known):
    _snap, figures = known
    rows = {row["field"]: row for row in figures["fields_kinds"]["rows"]}
    assert rows["mobilitaet"]["counts"]["company"] == 2  # a (active in it, p1, p3) and b (p1)
    assert rows["mobilitaet"]["counts"]["startup"] == 1  # g, in the idea p6
    assert "chamber" in rows["mobilitaet"]["gaps"]
    assert rows["umwelt"]["counts"]["chamber"] == 1  # e in p4 (and the rejected p7)
    competencies = {row["id"]: row for row in figures["competencies"]["rows"]}
    assert competencies["daten"] == {"id": "daten", "supply": 2, "demand": 2, "gap": 0}
    assert competencies["zwilling"] == {"id": "zwilling", "supply": 0, "demand": 1, "gap": 1}
    assert figures["competencies"]["uncovered"] == ["zwilling"]
    by_year = {row["year"]: row for row in figures["timeline"]}
    assert sorted(by_year) == list(range(2014, 2025))
    assert [by_year[y]["projects"] for y in (2014, 2019, 2021, 2022, 2023)] == [1, 1, 1, 1, 1]
    assert [by_year[y]["new_ties"] for y in (2014, 2019, 2021, 2022, 2023)] == [1, 3, 1, 3, 1]
    assert {y: by_year[y]["newcomers"] for y in by_year if by_year[y]["newcomers"]} == {
        2014: 2, 2019: 2, 2021: 1, 2022: 1, 2023: 1}
    assert by_year[2017]["dormant"] == 2  # b and h: started before, nothing running in 2017
    assert by_year[2024]["dormant"] == 3  # a (p3 ended 2023), b and h
    assert sum(row["projects"] for row in figures["timeline"]) == 5


def test_the_analytics_page_shows_the_figures_with_charts_and_tables(client, known):
    page = client.get("/netzwerk/analyse?jahre=3").get_data(as_text=True)
    for chart in ("chart-grad", "chart-vermittler", "chart-gemeinschaften", "chart-sektoren", "chart-kompetenzen",
                  "chart-zeit"):
        assert f'<svg id="{chart}"' in page
    for table in ("tabelle-grad", "tabelle-vermittler", "tabelle-gemeinschaften", "tabelle-isoliert",
                  "tabelle-ruhend", "tabelle-sektoren", "tabelle-felder", "tabelle-kompetenzen", "tabelle-zeit"):
        assert f'<table id="{table}"' in page
    assert 'id="kennzahl-verbindungen">9<' in page
    assert "Start-up Eta" in page.split('id="tabelle-isoliert"')[1].split("</table>")[0]
    assert "Kammer – Zivilgesellschaft" in page
    data = client.get("/netzwerk/analyse.json?jahre=3").get_json()
    assert data["ties"] == 9 and data["dormant_years"] == 3

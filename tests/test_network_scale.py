"""Large graphs: communities as super-nodes (and opening one), approximate betweenness above a size,
and the background computation with HTTP 202 while a new revision is worked on. Real Neo4j throughout."""
from collections import Counter

import networkx as nx
import pytest
from test_network import PARTNERS, pair_weights
from test_network_analytics import TODAY, expected_graph, known  # noqa: F401 - the fixture

from allianz import revision
from allianz.exchange.loader import import_folder
from allianz.network import analytics, background
from allianz.network.snapshot import snapshot

from conftest import DEMO_DIR

COLLABORATION = {"active", "completed"}


def groups_of(graph):
    """The community assignment of the demo alliance as the analytics compute it (same snapshot)."""
    return analytics.community_groups(snapshot(graph))["groups"]


def test_super_nodes_are_the_communities_with_the_ties_between_them(demo_client, neo4j_server):
    data = demo_client.get("/netzwerk/daten/allianz?ansicht=gemeinschaften").get_json()
    groups = groups_of(neo4j_server)
    assert data["mode"] == "gemeinschaften" and len(groups) > 1
    assert [node["id"] for node in data["nodes"]] == [f"community:{g['number']}" for g in groups]
    assert [node["members"] for node in data["nodes"]] == [g["size"] for g in groups]
    # Together the communities hold exactly the partners with a tie (a shared active or completed project).
    ties = pair_weights(COLLABORATION)
    tied = set().union(*ties)
    members = [set(g["members"]) for g in groups]
    assert set().union(*members) == tied and sum(map(len, members)) == len(tied)
    # An edge between two communities counts the partner ties between their members, from the CSV files.
    group_of = {pid: g["number"] for g in groups for pid in g["members"]}
    expected, shared = Counter(), Counter()
    for pair, weight in ties.items():
        a, b = sorted(group_of[pid] for pid in pair)
        if a != b:
            expected[(a, b)] += 1
            shared[(a, b)] += weight
    found = {tuple(sorted(int(end.split(":")[1]) for end in (e["from"], e["to"]))): (e["value"], e["shared"])
             for e in data["edges"]}
    assert found == {pair: (count, shared[pair]) for pair, count in expected.items()}
    lonely = len(PARTNERS) - len(tied)
    assert data["hidden"]["partners"] == lonely
    assert f"{lonely} Partner ohne gemeinsames" in data["hidden"]["message"]
    first = data["nodes"][0]
    assert first["shape"] == "hexagon" and first["details"]["links"][0][1] == "/netzwerk/?gemeinschaft=1"


def test_opening_a_community_shows_its_members_and_the_table_twin_links_each(demo_client, neo4j_server):
    groups = groups_of(neo4j_server)
    for group in groups[:2]:
        data = demo_client.get(f"/netzwerk/daten/allianz?gemeinschaft={group['number']}").get_json()
        assert {node["id"] for node in data["nodes"]} == {f"partner:{pid}" for pid in group["members"]}
        assert data["community"]["number"] == group["number"] and data["community"]["size"] == group["size"]
        assert all(e["from"].startswith("partner:") for e in data["edges"])
    page = demo_client.get("/netzwerk/?ansicht=gemeinschaften").get_data(as_text=True)
    for group in groups:
        assert f'data-node="community:{group["number"]}"' in page
        assert f'href="/netzwerk/?gemeinschaft={group["number"]}"' in page
    opened = demo_client.get("/netzwerk/?gemeinschaft=1").get_data(as_text=True)
    assert "Gemeinschaft 1 mit" in opened and 'name="gemeinschaft" value="1"' in opened
    assert opened.count('<tr data-node="partner:') == groups[0]["size"]
    assert demo_client.get("/netzwerk/daten/allianz?gemeinschaft=999").status_code == 404
    assert demo_client.get("/netzwerk/daten/allianz?gemeinschaft=0").status_code == 200  # ignored: all partners
    analysis = demo_client.get("/netzwerk/analyse").get_data(as_text=True)
    assert 'href="/netzwerk/?gemeinschaft=1"' in analysis


def test_betweenness_is_exact_on_small_graphs_and_a_seeded_sample_above_the_threshold(known, monkeypatch):  # noqa: F811 - the fixture imported above
    snap, figures = known
    graph = analytics.collaboration_graph(snap)
    exact = nx.betweenness_centrality(expected_graph(), normalized=True)
    assert figures["betweenness_exact"] is True and figures["betweenness_sample"] is None
    assert {p["id"]: p["betweenness"] for p in figures["degree"]} == pytest.approx(exact, abs=1e-6)

    monkeypatch.setattr(analytics, "EXACT_BETWEENNESS_UP_TO", 5)
    monkeypatch.setattr(analytics, "BETWEENNESS_SAMPLE", 4)
    approximate = analytics._compute(snap, TODAY)
    assert approximate["betweenness_exact"] is False and approximate["betweenness_sample"] == 4
    sampled = nx.betweenness_centrality(graph, normalized=True, k=4, seed=analytics.SEED)
    assert {p["id"]: p["betweenness"] for p in approximate["degree"]} == pytest.approx(sampled, abs=1e-6)
    assert analytics._compute(snap, TODAY)["degree"] == approximate["degree"]  # same seed, same figures
    assert sampled != pytest.approx(exact, abs=1e-6)  # really a sample, not the exact figures


@pytest.fixture
def large(app, graph, monkeypatch):
    """The demo alliance, treated as a large graph: everything from 1 partner on is computed in the background."""
    import_folder(graph, DEMO_DIR, replace=True)
    monkeypatch.setitem(app.config, "NETWORK_BACKGROUND_FROM", 1)
    yield graph
    assert background.wait_idle(60)


def test_a_large_graph_is_computed_in_the_background_and_answers_202_meanwhile(client, large):
    answer = client.get("/netzwerk/daten/allianz")  # a new revision: the request starts the job, does not wait
    assert answer.status_code == 202
    assert answer.headers["Retry-After"] == str(background.RETRY_AFTER)
    body = answer.get_json()
    assert body["state"] == "pending" and "Berechnet wird: das Netz nach der letzten Änderung" in body["message"]
    assert background.wait_idle(60)
    data = client.get("/netzwerk/daten/allianz").get_json()
    assert len(data["nodes"]) == len(PARTNERS)
    # The pictures' job was followed by the communities' and the analytics' jobs: there without another request.
    assert client.get("/netzwerk/daten/allianz?ansicht=gemeinschaften").status_code == 200
    assert client.get("/netzwerk/analyse.json").status_code == 200
    # Another dormancy costs no background job: only the dormant list depends on it (7 is clamped to 5).
    assert client.get("/netzwerk/analyse.json?jahre=7").get_json()["dormant_years"] == 5
    assert background.running(analytics.job_key(background.current(large))) is None

    large.execute(revision.BUMP)  # the graph changed: pages say so and link to themselves, without script
    page = client.get("/netzwerk/partner-projekte?art=company")
    assert page.status_code == 202
    html = page.get_data(as_text=True)
    assert 'id="netzwerk-berechnung"' in html and 'href="/netzwerk/partner-projekte?art=company"' in html
    assert '<meta http-equiv="refresh" content="2">' in html  # it reloads itself, without script
    assert "Berechnet wird: das Netz nach der letzten Änderung" in html
    assert "<script>" not in html
    assert background.wait_idle(60)
    assert client.get("/netzwerk/partner-projekte?art=company").status_code == 200


def test_the_default_picture_is_handed_over_before_the_communities_and_analytics_are_computed(client, large,
                                                                                               monkeypatch):
    monkeypatch.setattr(background, "FOLLOWING", {})   # nothing follows the pictures' job on its own
    assert client.get("/netzwerk/daten/allianz").status_code == 202
    assert background.wait_idle(60)
    # The pictures are there; the communities and the analytics were not computed with them: those pages still say
    # "wird berechnet", each starting its own job.
    data = client.get("/netzwerk/daten/allianz").get_json()
    assert len(data["nodes"]) == len(PARTNERS) and "stand" not in data
    assert client.get("/netzwerk/partner-projekte").status_code == 200
    snap = background.current(large)
    assert not analytics.communities_ready(snap) and not analytics.ready(snap)
    answer = client.get("/netzwerk/daten/allianz?ansicht=gemeinschaften")
    assert answer.status_code == 202 and answer.get_json()["state"] == "pending"
    assert client.get("/netzwerk/analyse.json").status_code == 202
    assert background.wait_idle(60)
    assert client.get("/netzwerk/daten/allianz?ansicht=gemeinschaften").status_code == 200
    assert client.get("/netzwerk/analyse.json").status_code == 200


def test_small_graphs_are_still_computed_in_the_request(client, graph):
    import_folder(graph, DEMO_DIR, replace=True)
    assert client.get("/netzwerk/daten/allianz?ansicht=gemeinschaften").status_code == 200
    assert client.get("/netzwerk/analyse.json?jahre=9").status_code == 200


# --- bounded work for anonymous requests (issue 14, finding 3) ------------------------------------------

def test_no_more_background_jobs_run_at_once_than_the_cap_allows(app, large, held_job):
    app.config["NETWORK_MAX_JOBS"] = 2
    release = held_job(("test", 0))
    with app.test_request_context("/netzwerk/"):
        with pytest.raises(background.Pending) as first:
            background.start(("test", 1), "analytics", "analytics")
        assert first.value.queued is False and background.running(("test", 1)) is not None
        with pytest.raises(background.Pending) as second:  # another key: answered "pending", nothing started
            background.start(("test", 2), "analytics", "analytics")
        assert second.value.queued is True and background.running(("test", 2)) is None
    release()
    assert background.wait_idle(60)


def test_each_worker_keeps_a_bounded_number_of_picture_variants(demo_client, neo4j_server):
    from allianz.network import snapshot as snapshots
    for limit in range(1, snapshots.MAX_MEMO + 11):
        assert demo_client.get(f"/netzwerk/daten/allianz?max={limit}").status_code == 200
    snap = snapshot(neo4j_server)
    views = [key for key in snap.memo if key[0] == "view"]
    assert len(snap.memo) <= snapshots.MAX_MEMO
    assert not any(key[2].limit == 1 for key in views)  # the least recently used went first
    assert any(key[2].limit == snapshots.MAX_MEMO + 10 for key in views)


def test_parameters_are_clamped_to_what_the_ui_offers(demo_client, neo4j_server):
    assert demo_client.get("/netzwerk/analyse.json?jahre=30").get_json()["dormant_years"] == 10
    assert demo_client.get("/netzwerk/analyse.json?jahre=-4").get_json()["dormant_years"] == 1
    assert demo_client.get("/netzwerk/analyse.json?jahre=4").get_json()["dormant_years"] == 4
    assert demo_client.get("/netzwerk/daten/allianz?max=99999").status_code == 200
    snap = snapshot(neo4j_server)
    limits = {key[2].limit for key in snap.memo if key[0] == "view" and key[1] == "allianz"}
    assert 99999 not in limits and 1000 in limits
    # Any search text that finds the same partner is one cached picture; texts that find nobody share one.
    for text in ("Stadt Muster", "stadt musterstadt", "STADT MUSTERSTADT – STABS", "xyz1", "xyz2", "xyz3"):
        assert demo_client.get(f"/netzwerk/daten/allianz?fokus={text}").status_code == 200
    focused = {key[2].focus for key in snap.memo if key[0] == "view" and key[2].focus is not None}
    assert focused == {"p01", "\0"}

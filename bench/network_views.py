"""Benchmark: server time to build each network picture's JSON, at demo and CORDIS scale, against Bolt `RETURN 1`.

Run: .venv/bin/python bench/network_views.py [--rounds 5] [--only demo|cordis] [--no-analytics]
Runs on its own local Neo4j (instance "bench-network", Bolt 7691). For each data set: import it
(--replace), then time through the app's test client (request, revision check, build, JSON):
  - cold, as the app runs: the first request after the import (on a large graph it starts the
    background job and answers 202), then how long until the view answers 200 and until the job
    has built every default (pictures, communities, analytics);
  - cold, computed in the request (background switched off), for comparison;
  - view: a view not built before on a warm snapshot (view + layout; what a new filter costs),
  - warm: the same request again (cached per revision; what most requests cost).
Aim: JSON of any view within 200 ms at CORDIS scale.
"""
import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from allianz import create_app, revision  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.exchange.loader import import_folder  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.network import background  # noqa: E402 - after the path setup above
from allianz.network import snapshot as snapshots  # noqa: E402 - imported after the set-up above (path, environment)
from bench.common import CORDIS, ROOT, bench_graph, summary, timed  # noqa: E402 - imported after the set-up above (path, environment)

DEMO = ROOT / "allianz" / "demo"
BIGGEST_PARTNER = "MATCH (p:Partner) RETURN p.id AS id ORDER BY COUNT { (p)-[:PARTICIPATES_IN]->() } DESC, p.id LIMIT 1"
MIDDLE_PROJECT = """
MATCH (p:Project) WITH p, COUNT { (p)<-[:PARTICIPATES_IN]-() } AS team WHERE team >= 5
RETURN p.id AS id ORDER BY team, p.id LIMIT 1
"""


def paths(graph):
    """The requests to time: every view, at its default and at its largest."""
    partner = graph.query(BIGGEST_PARTNER)[0]["id"]
    project = graph.query(MIDDLE_PROJECT)[0]["id"]
    return [
        ("alliance (300 nodes)", "/netzwerk/daten/allianz"),
        ("alliance, 1,000 nodes", "/netzwerk/daten/allianz?max=1000"),
        ("alliance, filtered (status active)", "/netzwerk/daten/allianz?status=active"),
        ("communities as super-nodes", "/netzwerk/daten/allianz?ansicht=gemeinschaften"),
        ("community 1 opened (its members)", "/netzwerk/daten/allianz?gemeinschaft=1"),
        ("partners–projects", "/netzwerk/daten/partner-projekte"),
        ("partners–competencies", "/netzwerk/daten/partner-kompetenzen"),
        ("neighbourhood, 2 steps (most connected partner)", f"/netzwerk/daten/partner/{partner}?stufen=2"),
        ("project team + neighbourhood", f"/netzwerk/daten/projekt/{project}"),
        ("page with table twin (alliance)", "/netzwerk/"),
    ]


def get(client, path, status=200):
    """GET `path`, checking its status."""
    answer = client.get(path)
    assert answer.status_code == status, (path, answer.status_code)
    return answer


def until_ready(client, path, started):
    """Poll `path` every 50 ms until it answers 200; seconds since `started`."""
    while client.get(path).status_code == 202:
        time.sleep(0.05)
    return time.perf_counter() - started


def cold(graph, app, client, found, analytics):
    """The first requests after the graph changed: as the app runs (background), then computed in the request."""
    path = found[0][1]
    started = time.perf_counter()
    answer = client.get(path)
    first = time.perf_counter() - started
    print(f"  cold, background: first request {first * 1000:.0f} ms (HTTP {answer.status_code}); "
          f"view ready after {until_ready(client, path, started):.2f} s; ", end="")
    background.wait_idle(600)
    print(f"all defaults built after {time.perf_counter() - started:.2f} s")
    for name, where in (("alliance (300 nodes)", path), ("alliance, 1,000 nodes", found[1][1]),
                        ("communities as super-nodes", "/netzwerk/daten/allianz?ansicht=gemeinschaften"),
                        ("analytics JSON", "/netzwerk/analyse.json"), ("analytics page", "/netzwerk/analyse")):
        seconds, _ = timed(lambda where=where: get(client, where))
        print(f"    then {name}: {seconds * 1000:.0f} ms")
    graph.execute(revision.BUMP)
    setting = app.config["NETWORK_BACKGROUND_FROM"]
    app.config["NETWORK_BACKGROUND_FROM"] = 10 ** 9  # compute in the request, as before
    seconds, _ = timed(lambda: get(client, path))
    analysis = timed(lambda: get(client, "/netzwerk/analyse"))[0] if analytics else float("nan")
    app.config["NETWORK_BACKGROUND_FROM"] = setting
    print(f"  cold, in the request: snapshot read + first view {seconds * 1000:.0f} ms; "
          f"first analytics page {analysis * 1000:.0f} ms")


def measure(graph, settings, rounds, analytics):
    """Time Bolt RETURN 1, the cold path and every view (new view, warm); print one line each."""
    app = create_app(settings)
    client = app.test_client()
    bolt = [timed(lambda: graph.query("RETURN 1"))[0] for _ in range(50)]
    print(f"  Bolt RETURN 1 round trip: {summary(bolt)}")
    found = paths(graph)
    snapshots._snapshots.clear()
    cold(graph, app, client, found, analytics)
    for name, path in found:
        fresh = []
        for _ in range(rounds):
            snapshots.snapshot(graph).memo.clear()  # keep the snapshot (and its communities), forget views and layouts
            fresh.append(timed(lambda path=path: get(client, path))[0])
        warm_times = [timed(lambda path=path: get(client, path))[0] for _ in range(rounds)]
        size = len(get(client, path).data)
        print(f"  {name}: new view {summary(fresh)}; warm {summary(warm_times)}; {size / 1024:.0f} KiB")
    app.extensions["allianz.graph"].close()


def main():
    """Import each data set and time the views on it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=("demo", "cordis"))
    parser.add_argument("--no-analytics", action="store_true")
    args = parser.parse_args()
    sets = [("demo", DEMO), ("cordis", CORDIS)]
    with bench_graph(instance="bench-network", bolt_port=7691, http_port=7478) as (graph, settings):
        for name, folder in sets:
            if args.only and name != args.only:
                continue
            seconds, _ = timed(lambda folder=folder: import_folder(graph, folder, replace=True))
            counts = graph.query("RETURN COUNT { (:Partner) } AS partners, COUNT { (:Project) } AS projects, "
                                 "COUNT { ()-[:PARTICIPATES_IN]->() } AS participations")[0]
            print(f"{name}: {counts} (imported in {seconds:.1f} s)")
            measure(graph, settings, args.rounds, not args.no_analytics)
    print(f"python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()

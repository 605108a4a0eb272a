"""Small writes at CORDIS scale (issue 23): pages that never wait, and background work done once for all workers.

Under gunicorn as docs/operations.md runs it (1 worker, then 3 workers × 4 threads; the shared results in a fresh
folder each time), on the CORDIS graph:

1. A cheap write (a partner gets a competency: what a profile edit does) → how long until the network picture and
   the matcher show it through every worker, and how many answers were 202 meanwhile (goal: fresh ≤ 2 s, no 202).
2. A write the caches cannot apply (a competency renamed: the vocabulary changed) → the pages keep answering 200
   with "Stand: vor … s" while the new revision is computed in the background; the CPU-seconds of all processes of
   the server (workers and their job processes) from the write until every worker is current again
   (goal: 3 workers ≤ 1.2× one worker).
3. A stream of one cheap write a second for `--stream` seconds while a reader asks the matcher and the partner's
   picture once a second → /healthz's p95 during the stream against its idle p95 measured just before
   (goal: ≤ 2×), and whether any answer was 202.

Run: .venv/bin/python bench/scale_writes.py [--skip-import] [--settle 90] [--stream 60] [--workers 1,3]
(its own Neo4j: instance "bench" or ALLIANZ_BENCH_NEO4J_*; the CORDIS data from ALLIANZ_CORDIS or ../shared/data).
"""
import argparse
import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Client, bench_graph, tree_cpu  # noqa: E402 - after the path line above
from bench.load_server import gunicorn, healthz_p95, load_cordis, with_cordis_option  # noqa: E402 - the same

PICK = """
MATCH (p:Partner) WITH p ORDER BY p.id LIMIT 1
MATCH (c:Competency) WHERE NOT (p)-[:HAS_COMPETENCY]->(c)
WITH p, c ORDER BY COUNT { (:Partner)-[:HAS_COMPETENCY]->(c) }, c.id LIMIT 1
RETURN p.id AS partner, c.id AS competency
"""
ADD = """
MATCH (p:Partner {id: $partner}), (c:Competency {id: $competency})
MERGE (p)-[r:HAS_COMPETENCY]->(c) SET r.level = 3
"""
REMOVE = "MATCH (:Partner {id: $partner})-[r:HAS_COMPETENCY]->(:Competency {id: $competency}) DELETE r"
RENAME = "MATCH (c:Competency {id: $competency}) SET c.name = $name"
ASKS = 6   # requests per look: with 3 workers each is asked about twice


def write(settings, cypher, label, node_id, **params):
    """A small app write: `cypher` and the revision bump naming (label, id), in one unit of work."""
    from allianz import create_app, writes
    app = create_app(settings)
    with app.app_context():
        def change(tx):
            tx.run(cypher, **params).consume()
            return {"bench": 0}, {"bench": 1}
        writes.unit_of_work(change, actor_id=None, action="bench.write", target_label=label, target_id=node_id,
                            via="cli")


def look(address, partner, competency, holds=True):
    """(statuses, whether every answer shows the partner holding the competency (or not: `holds`), whether any
    answer says "stand"). Each request comes on a new connection to `address` (host, port), so any worker may answer
    (a keep-alive connection stays with one worker)."""
    statuses, seen, stale = [], True, False

    def ask(method, path, body=None):
        client = Client(*address)
        text = client.request(method, path, None, body)
        client.connection.close()
        statuses.append(client.status)
        return text, client.status
    for _ in range(ASKS):
        text, status = ask("POST", "/api/matching", json.dumps({"needs": [competency], "top": 100}))
        body = json.loads(text) if status == 200 else {}
        seen &= (partner in [c["partner"] for c in body.get("candidates", [])]) == holds
        stale |= "stand" in body
        text, status = ask("GET", f"/netzwerk/daten/partner/{partner}")
        stale |= status == 200 and '"stand"' in text
    return statuses, seen, stale


def until_current(address, partner, competency, limit, holds=True):
    """Ask every worker until all answers of a look are 200, fresh and current; returns (seconds until that look
    ended or None, statuses seen, looks asked: 1 when every answer was fresh at once)."""
    started, seen_statuses, looks = time.monotonic(), [], 0
    while time.monotonic() - started < limit:
        statuses, seen, stale = look(address, partner, competency, holds)
        seen_statuses += statuses
        looks += 1
        if seen and not stale and all(s == 200 for s in statuses):
            return time.monotonic() - started, seen_statuses, looks
    return None, seen_statuses, looks


def stream(settings, host, port, partner, competency, seconds):
    """One cheap write a second for `seconds` (the competency given and taken in turn, each a unit of work with its
    revision bump) while a reader asks the matcher and the partner's picture once a second; /healthz's p95 idle
    (just before) and during the stream, the writes done, and the reader's answers that were not 200."""
    from allianz import create_app, writes
    started = time.monotonic()  # every worker has its results before the stream (each request a new connection)
    while not all(status == 200 for status in look((host, port), partner, competency, holds=None)[0]):
        if time.monotonic() - started > 300:
            raise SystemExit("the reader's worker had no results within 300 s")
        time.sleep(1)
    idle, _ = healthz_p95(host, port, 10)
    app = create_app(settings)
    begin = time.monotonic()
    done, statuses = [0], []

    def writer():
        with app.app_context():
            for number in range(seconds):
                time.sleep(max(0.0, begin + number - time.monotonic()))
                cypher = ADD if number % 2 == 0 else REMOVE

                def change(tx, cypher=cypher, number=number):
                    tx.run(cypher, partner=partner, competency=competency).consume()
                    return {"bench": number}, {"bench": number + 1}
                writes.unit_of_work(change, actor_id=None, action="bench.write", target_label="Partner",
                                    target_id=partner, via="cli")
                done[0] += 1

    def reader():
        for number in range(seconds):
            time.sleep(max(0.0, begin + number + 0.5 - time.monotonic()))
            for what, method, path, body in (
                    ("matching", "POST", "/api/matching", json.dumps({"needs": [competency], "top": 100})),
                    ("picture", "GET", f"/netzwerk/daten/partner/{partner}", None)):
                client = Client(host, port)  # a new connection: any worker may answer
                client.request(method, path, None, body)
                statuses.append((what, client.status))
                client.connection.close()
    threads = [threading.Thread(target=writer), threading.Thread(target=reader)]
    for thread in threads:
        thread.start()
    during, _ = healthz_p95(host, port, seconds)
    for thread in threads:
        thread.join()
    return {"idle_ms": idle, "stream_ms": during, "writes": done[0],
            "not_200": {f"{what} {status}": statuses.count((what, status))
                        for what, status in sorted(set(statuses)) if status != 200}}


def run(settings, workers, settle, stream_seconds=0):
    """Both measurements with `workers` gunicorn workers; returns a dict of figures."""
    from allianz.db import graph_from_config
    graph = graph_from_config(settings)
    pick = graph.query(PICK)[0]
    partner, competency = pick["partner"], pick["competency"]
    graph.execute(REMOVE, partner=partner, competency=competency)
    folder = tempfile.mkdtemp(prefix="allianz-shared-")
    extra = {"ALLIANZ_RATELIMIT": "off", "SESSION_COOKIE_SECURE": "0", "ALLIANZ_SHARED_CACHE_DIR": folder}
    figures = {"workers": workers}
    try:
        with gunicorn(settings, workers=workers, threads=4, extra_env=extra) as (host, port):
            master = next(p.pid for p in psutil.Process().children()
                          if f"127.0.0.1:{port}" in " ".join(p.cmdline()))
            address = (host, port)  # each request on a new connection, so every worker is asked
            warm, _, _ = until_current(address, partner, competency, 900, holds=False)  # every worker is ready
            figures["warm_s"] = warm
            write(settings, ADD, "Partner", partner, partner=partner, competency=competency)
            fresh, statuses, looks = until_current(address, partner, competency, 30)
            figures["cheap_first_look"] = looks == 1
            figures["cheap_fresh_s"], figures["cheap_202"] = fresh, statuses.count(202)
            figures["cheap_requests"] = len(statuses)
            before = tree_cpu(master)
            write(settings, RENAME, "Competency", competency, competency=competency, name=f"Umbenannt {time.time()}")
            fresh, statuses, _ = until_current(address, partner, competency, settle)
            figures["full_current_s"], figures["full_202"] = fresh, statuses.count(202)
            figures["full_cpu_s"] = tree_cpu(master) - before
            if stream_seconds:
                figures["stream"] = stream(settings, host, port, partner, competency, stream_seconds)
    finally:
        graph.execute(REMOVE, partner=partner, competency=competency)
        graph.close()
        shutil.rmtree(folder, ignore_errors=True)
    return figures


def main():
    parser = with_cordis_option(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    parser.add_argument("--settle", type=int, default=120, help="seconds to wait for the background at most")
    parser.add_argument("--workers", default="1,3", help="the gunicorn worker counts to run, e.g. 3 (default 1,3)")
    parser.add_argument("--stream", type=int, default=60, help="seconds of one write a second (3 workers; 0: none)")
    args = parser.parse_args()
    with bench_graph() as (_graph, settings):
        if not args.skip_import:
            load_cordis(settings)
        results = {}
        for workers in (int(n) for n in args.workers.split(",")):
            figures = run(settings, workers, args.settle, args.stream if workers == 3 else 0)
            print(report(figures), flush=True)
            results[workers] = figures
    one, three = results.get(1), results.get(3)
    if one and three and one["full_cpu_s"] and three["full_cpu_s"]:
        print(f"CPU 3 workers / 1 worker: {three['full_cpu_s'] / one['full_cpu_s']:.2f} (goal ≤ 1.2)")


def seconds(value, digits=1):
    """A figure in seconds, or "not within the limit" for None."""
    return "not within the limit" if value is None else f"{value:.{digits}f} s"


def report(figures):
    """One line of figures of a run."""
    return (f"{figures['workers']} worker(s): warm {seconds(figures['warm_s'])}; cheap write fresh everywhere after "
            f"{seconds(figures['cheap_fresh_s'], 2)}"
            f"{' (every answer of the first look, its 12 requests included)' if figures['cheap_first_look'] else ''}, "
            f"{figures['cheap_202']} of {figures['cheap_requests']} answers "
            f"202; unpatchable write current after {seconds(figures['full_current_s'])}, {figures['full_202']} "
            f"answers 202, CPU of the server's processes {figures['full_cpu_s']:.1f} s" + stream_report(figures))


def stream_report(figures):
    """The stream's figures, when there was one."""
    found = figures.get("stream")
    if not found:
        return ""
    return (f"; a stream of {found['writes']} writes, one a second: /healthz p95 {found['stream_ms']:.1f} ms against "
            f"{found['idle_ms']:.1f} ms idle = {found['stream_ms'] / found['idle_ms']:.2f}× (goal ≤ 2×), "
            f"reader answers not 200: {found['not_200'] or 'none'}")


if __name__ == "__main__":
    main()

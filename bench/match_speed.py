"""Speed of the matcher at CORDIS scale and at three times that (synthetic), with a Bolt floor.

Run: .venv/bin/python bench/match_speed.py [--queries 200] [--scales 1,3]

For each scale the graph is imported into the benchmark's own Neo4j (instance bench-matching,
Bolt 7692), then in the same run: a Bolt `RETURN 1` round trip (the floor), one query through the
Python API (`allianz.matching.service.answer`, with reasons; every call checks the graph revision,
one Bolt round trip), the same query through HTTP (`POST /api/matching` on a local werkzeug server),
and the batch interface (`allianz match --batch` in a new process, and the loop alone). Scale 3 is
three disjoint copies of CORDIS (ids suffixed), so nodes and relationships triple.
"""
import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from werkzeug.serving import make_server  # noqa: E402

from allianz import create_app  # noqa: E402
from allianz.exchange.loader import import_folder  # noqa: E402
from allianz.exchange.reader import read_folder  # noqa: E402
from allianz.matching import service  # noqa: E402
from allianz.matching.index import Snapshot, clear_cache  # noqa: E402
from bench.common import CORDIS, ROOT, bench_graph  # noqa: E402
from bench.match_eval import TEST, history_snapshot, raw_query, test_cases, write_exchange  # noqa: E402

PORT = 7497


def p95(values):
    """95th percentile in ms."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] * 1000


def median(values):
    """Median in ms."""
    return statistics.median(values) * 1000


def scaled(snapshot, copies):
    """`copies` disjoint copies of a snapshot (ids suffixed), vocabulary shared."""
    if copies == 1:
        return snapshot
    partners, projects, participations = [], [], []
    for k in range(copies):
        suffix = "" if k == 0 else f"-x{k}"
        partners += [p | {"id": p["id"] + suffix} for p in snapshot.partners]
        projects += [p | {"id": p["id"] + suffix} for p in snapshot.projects]
        participations += [r | {"project_id": r["project_id"] + suffix, "partner_id": r["partner_id"] + suffix}
                           for r in snapshot.participations]
    return Snapshot(snapshot.fields, snapshot.competencies, partners, projects, participations)


def run_scale(data, copies, queries, graph, settings):
    """Import the scaled graph and time the Bolt floor, the Python API, HTTP and the batch."""
    snapshot = scaled(history_snapshot(data, TEST[0]), copies)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        write_exchange(snapshot, folder)
        started = time.perf_counter()
        import_folder(graph, folder, replace=True)
        import_seconds = time.perf_counter() - started
        app = create_app(settings | {"MATCHING_ASOF": str(TEST[0] - timedelta(days=1))})
        clear_cache()
        with app.app_context():
            started = time.perf_counter()
            index = service.current_index()
            build_seconds = time.perf_counter() - started
        cases = test_cases(data, index, *TEST, random.Random(3), queries)
        raws = [raw_query(case, True) | {"top": 10} for case in cases]
        floor, api, web = [], [], []
        server = make_server("127.0.0.1", PORT, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        connection = http.client.HTTPConnection("127.0.0.1", PORT)
        try:
            for raw in raws[:10]:  # warm-up
                with app.test_request_context("/"):
                    service.answer(raw)
            for raw in raws:
                t = time.perf_counter()
                graph.query("RETURN 1 AS one")
                floor.append(time.perf_counter() - t)
                with app.test_request_context("/"):
                    t = time.perf_counter()
                    service.answer(raw)
                    api.append(time.perf_counter() - t)
                body = json.dumps(raw)
                t = time.perf_counter()
                connection.request("POST", "/api/matching", body=body, headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                web.append(time.perf_counter() - t)
                assert response.status == 200, response.status
        finally:
            connection.close()
            server.shutdown()
        batch = Path(tmp) / "queries.jsonl"
        batch.write_text("".join(json.dumps(raw) + "\n" for raw in raws * max(1, 500 // len(raws))), encoding="utf-8")
        count = len(batch.read_text().splitlines())
        env = dict(os.environ, ALLIANZ_LOCAL_NEO4J_INSTANCE="bench-matching", ALLIANZ_LOCAL_NEO4J_BOLT_PORT="7692",
                   ALLIANZ_LOCAL_NEO4J_HTTP_PORT="7479", ALLIANZ_MATCHING_ASOF=str(TEST[0] - timedelta(days=1)))
        t = time.perf_counter()
        done = subprocess.run([str(ROOT / ".venv" / "bin" / "allianz"), "match", "--batch", str(batch)], env=env,
                              capture_output=True, text=True)
        batch_seconds = time.perf_counter() - t
        assert done.returncode == 0, done.stderr[-2000:]
        with app.test_request_context("/"):
            index = service.current_index()
            t = time.perf_counter()
            for raw in raws * max(1, 500 // len(raws)):
                service.answer(raw, index)
            loop_seconds = time.perf_counter() - t
    return {"scale": f"{copies}×", "partners": len(snapshot.partners), "projects": len(snapshot.projects),
            "participations": len(snapshot.participations), "import s": round(import_seconds, 1),
            "index build s": round(build_seconds, 2), "queries": len(raws),
            "Bolt RETURN 1 p95 ms": round(p95(floor), 2), "Bolt median ms": round(median(floor), 2),
            "Python API p95 ms": round(p95(api), 1), "Python API median ms": round(median(api), 1),
            "HTTP p95 ms": round(p95(web), 1), "HTTP median ms": round(median(web), 1),
            "batch q/s (new process, incl. start + index build)": round(count / batch_seconds, 1),
            "batch q/s (loop, index built)": round(count / loop_seconds, 1)}


def main():
    """Run every scale and print one table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--scales", default="1,3")
    args = parser.parse_args()
    data, problems = read_folder(CORDIS)
    if problems:
        raise SystemExit(f"the CORDIS data has problems: {problems[:3]}")
    rows = []
    with bench_graph(instance="bench-matching", bolt_port=7692, http_port=7479) as (graph, settings):
        for copies in (int(s) for s in args.scales.split(",")):
            rows.append(run_scale(data, copies, args.queries, graph, settings))
            print(json.dumps(rows[-1]), file=sys.stderr)
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")


if __name__ == "__main__":
    main()

"""Speed of the matcher at full CORDIS scale: three stacked copies of the whole 2014–2017 dev data
(about 27,000 partners, 20,600 projects, 84,000 participations), with a Bolt floor in the same run.

Run: ALLIANZ_LOCAL_NEO4J_HEAP=3g ALLIANZ_LOCAL_NEO4J_PAGECACHE=2g .venv/bin/python bench/match_speed.py
     [--queries 200] [--copies 3] [--batch-only]

The graph is imported (once; later runs reuse it and only move the revision on, as an import does, unless
`--reimport`) into the benchmark's own Neo4j (bench/match_common.py: ALLIANZ_BENCH_NEO4J_INSTANCE /
_BOLT_PORT / _HTTP_PORT). Then, in the same run:
- the first request after the import (the index is built in the background: how long that request takes, what
  it answers) and how long until the index is ready; the index build alone (read + build, warm Neo4j) and the
  index's memory (RSS growth of one more index);
- a Bolt `RETURN 1` round trip (the floor), one query through the Python API (`service.answer`, with reasons;
  every call checks the graph revision, one Bolt round trip) and the same query through HTTP
  (`POST /api/matching` on a local werkzeug server): median and p95;
- suggested introductions: the first call on a built index, then warm (median and max of 5);
- the batch: `allianz match --batch` in a new process (incl. start and index build), 1,000 queries, with its
  split into start (Python, the app), index (read + build) and queries from the batch's own summary.
`--batch-only`: only the index read and build and the batch (no first request, API/HTTP or introductions).
Queries: consortia of the 2016-01-01 cut (team without one partner, fields, needs), `top` 10, reasons included.
"""
import argparse
import http.client
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from werkzeug.serving import make_server  # noqa: E402 - imported after the set-up above (path, environment)

from allianz import create_app, revision  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.exchange.loader import import_folder  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.exchange.reader import read_folder  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.matching import consortium, service  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.matching.cache import clear_cache, wait_built  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.matching.index import GraphRows, MatchIndex  # noqa: E402 - imported after the set-up above (path, environment)
from bench.common import CORDIS, ROOT, bench_graph  # noqa: E402 - imported after the set-up above (path, environment)
from bench.match_common import BENCH, bench_env  # noqa: E402 - imported after the set-up above (path, environment)
from bench.match_protocol import add_months, every_hidden_case, history_snapshot, raw_query, stacked, write_exchange  # noqa: E402 - imported after the set-up above (path, environment)

ASOF = "2017-10-01"          # the day after the dev data ends
QUERY_CUT = date(2016, 1, 1)   # the last half-year with consortia
BATCH = 1000                   # as many queries as the separate evaluation asks


def p95(values):
    """95th percentile in ms."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] * 1000


def median(values):
    """Median in ms."""
    return statistics.median(values) * 1000


def holds(graph, snapshot):
    """Whether the benchmark graph holds as many partners, projects and participations as `snapshot`."""
    found = graph.query("RETURN COUNT { (:Partner) } AS partners, COUNT { (:Project) } AS projects, "
                        "COUNT { ()-[:PARTICIPATES_IN]->() } AS participations")[0]
    return (found["partners"], found["projects"], found["participations"]) == (
        len(snapshot.partners), len(snapshot.projects), len(snapshot.participations))


def rss_mb():
    """This process's resident memory in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def index_memory(graph):
    """(seconds to read, seconds to build, MB the process grows by keeping one more built index) on a warm Neo4j."""
    import gc
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    snapshot = GraphRows.from_graph(graph)
    read = time.perf_counter() - started
    started = time.perf_counter()
    built = MatchIndex(snapshot, asof=ASOF)
    build = time.perf_counter() - started
    gc.collect()
    grown = rss_mb() - before
    del built, snapshot
    return read, build, grown


def first_request(app, graph):
    """After an import: how long the first API request takes and its status, and when the background build is done."""
    clear_cache()
    client = app.test_client()
    client.get("/healthz")   # the app's own first request (connection pool, templates) is not the matcher's
    started = time.perf_counter()
    response = client.post("/api/matching", json={"fields": ["ERC"], "top": 10})
    first = time.perf_counter() - started
    wait_built(timeout=600)
    ready = time.perf_counter() - started
    return first, response.status_code, ready


def timed_queries(app, graph, raws, port):
    """Bolt floor, Python API and HTTP times of every query."""
    floor, api, web = [], [], []
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    connection = http.client.HTTPConnection("127.0.0.1", port)
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
            t = time.perf_counter()
            connection.request("POST", "/api/matching", body=json.dumps(raw),
                               headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            web.append(time.perf_counter() - t)
            assert response.status == 200, response.status
    finally:
        connection.close()
        server.shutdown()
    return floor, api, web


def introductions_times(app):
    """(first call on a built index, warm calls) of the suggested introductions, in seconds."""
    times = []
    with app.test_request_context("/"):
        index = service.current_index()
        for _ in range(6):
            t = time.perf_counter()
            pairs = consortium.introductions(index, weights=service.weights())
            times.append(time.perf_counter() - t)
    first_ten = [pid for pair in pairs[:10] for pid in (pair["a"], pair["b"])]
    return times[0], times[1:], max(first_ten.count(pid) for pid in first_ten)


def batch_rate(raws, tmp):
    """`allianz match --batch` in a new process: (queries per second incl. start and index build, seconds in all,
    seconds the process took for its index, seconds for the queries; the last two from its summary on stderr)."""
    batch = Path(tmp) / "queries.jsonl"
    lines = (raws * (BATCH // len(raws) + 1))[:BATCH]
    batch.write_text("".join(json.dumps(raw) + "\n" for raw in lines), encoding="utf-8")
    t = time.perf_counter()
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "allianz"), "match", "--batch", str(batch)],
                          env=bench_env(ALLIANZ_MATCHING_ASOF=ASOF), capture_output=True, text=True)
    seconds = time.perf_counter() - t
    assert done.returncode == 0, done.stderr[-2000:]
    summary = re.search(r"answered .* in ([0-9.]+) s, after ([0-9.]+) s for the index", done.stderr)
    return len(lines) / seconds, seconds, float(summary.group(2)), float(summary.group(1))


def load_average():
    """The 1-minute load average (the machine is shared: figures next to it)."""
    return round(float(Path("/proc/loadavg").read_text().split()[0]), 2)


def main():
    """Import the stacked graph and print one table of figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--port", type=int, default=7497)
    parser.add_argument("--reimport", action="store_true",
                        help="import even when the benchmark graph holds the stacked data from an earlier run")
    parser.add_argument("--batch-only", action="store_true",
                        help="only the index read and build (warm) and the batch in a new process")
    args = parser.parse_args()
    data, problems = read_folder(CORDIS)
    if problems:
        raise SystemExit(f"the CORDIS data has problems: {problems[:3]}")
    snapshot = stacked(history_snapshot(data, date(2099, 1, 1)), args.copies)
    load_start = load_average()
    with bench_graph(**BENCH) as (graph, settings), tempfile.TemporaryDirectory() as tmp:
        import_seconds = None
        if args.reimport or not holds(graph, snapshot):
            folder = Path(tmp) / "data"
            write_exchange(snapshot, folder)
            started = time.perf_counter()
            import_folder(graph, folder, replace=True)
            import_seconds = time.perf_counter() - started
            print(f"imported in {import_seconds:.0f} s", file=sys.stderr, flush=True)
        else:   # the graph holds it from an earlier run: a new revision is what an import leaves for the matcher
            graph.execute(revision.BUMP)
        app = create_app(settings | {"MATCHING_ASOF": ASOF, "RATELIMIT_ENABLED": False})   # speed, not the limits
        row = {"load average at start": load_start, "partners": len(snapshot.partners),
               "projects": len(snapshot.projects), "participations": len(snapshot.participations),
               "import s": round(import_seconds, 1) if import_seconds else "(earlier run)"}
        if not args.batch_only:
            first, first_status, ready = first_request(app, graph)
            print(f"first request {first * 1000:.0f} ms ({first_status}), ready after {ready:.1f} s", file=sys.stderr,
                  flush=True)
            row |= {"first request after import ms (status)": f"{first * 1000:.0f} ({first_status})",
                    "index ready after import s (background)": round(ready, 2)}
        read_seconds, build_seconds, memory_mb = index_memory(graph)
        row |= {"index read s (warm Neo4j)": round(read_seconds, 2),
                "index build s (from the rows)": round(build_seconds, 2),
                "index memory MB (RSS growth, rows included)": round(memory_mb, 1)}
        with app.app_context():
            index = service.current_index(wait=args.batch_only)
        cases = every_hidden_case(data, index, QUERY_CUT, add_months(QUERY_CUT, 6))
        cases = random.Random(3).sample(cases, min(args.queries, len(cases)))
        raws = [raw_query(case, True) | {"top": 10} for case in cases]
        row["queries"] = len(raws)
        if not args.batch_only:
            floor, api, web = timed_queries(app, graph, raws, args.port)
            intro_first, intro_warm, per_partner = introductions_times(app)
            row |= {"Bolt RETURN 1 p95 ms (median)": f"{p95(floor):.1f} ({median(floor):.1f})",
                    "Python API p95 ms (median)": f"{p95(api):.1f} ({median(api):.1f})",
                    "HTTP p95 ms (median)": f"{p95(web):.1f} ({median(web):.1f})",
                    "introductions first ms": round(intro_first * 1000), "introductions warm ms median (max of 5)":
                    f"{median(intro_warm):.1f} ({max(intro_warm) * 1000:.1f})",
                    "most appearances in first ten": per_partner}
        rate, batch_seconds, batch_index, batch_queries = batch_rate(raws, tmp)
    row |= {f"batch q/s, new process ({BATCH} queries, incl. start + index build)": round(rate, 1),
            "batch s": round(batch_seconds, 1),
            "of it: start s (Python, app)": round(batch_seconds - batch_index - batch_queries, 2),
            "index s (read + build)": round(batch_index, 2),
            "queries s (q/s)": f"{batch_queries:.2f} ({BATCH / batch_queries:.1f})",
            "load average at end": load_average()}
    print(json.dumps(row, indent=1), file=sys.stderr)
    print("| " + " | ".join(row) + " |")
    print("|" + "---|" * len(row))
    print("| " + " | ".join(str(v) for v in row.values()) + " |")


if __name__ == "__main__":
    main()

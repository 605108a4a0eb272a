"""Growth to 100k partners (issue 23, item 5): synthetic alliances of 1k, 10k, 30k and 100k partners
(`allianz/exchange/synthetic.py`, shaped like CORDIS), each measured the same way.

Run: ALLIANZ_BENCH_NEO4J_INSTANCE=... .venv/bin/python bench/growth.py [--sizes 1000,10000,30000,100000]
     [--seed 1] [--samples 100] [--limit 2400]
     .venv/bin/python bench/growth.py --plot     (only the table and bench/growth.png from bench/growth.json)

Per size, in increasing order, on the benchmarks' own Neo4j (bench/common.py), restarted for each size so that
its memory is that size's:
1. the exchange folder is written (`synthetic.write`, seed 1), the graph emptied;
2. **import**: `allianz import DIR` into the empty graph in a new process with the default settings (Neo4j's
   default heap, the default batch size): wall time, exit status, the most transaction memory the server reported
   and the importer's peak RSS. When the importer refuses the import as too large for the server's transaction
   memory (it checks before writing), that is recorded, and the import is run again on a Neo4j restarted with
   the heap the refusal names, so that the rest can still be measured;
3. **first picture and index**: gunicorn (1 worker × 4 threads, rate limits off) is started; then `/netzwerk/`
   and a matching query are asked for at once and again every second until each answers 200 instead of 202
   "wird berechnet": the seconds from the first request (both jobs run in the worker's one job process, one
   after the other);
4. **warm p95** over `--samples` requests each, one client, one after the other: `/healthz` (the floor),
   `GET /api/matching` (a project's team without one member, its field and need, top 10), a partner page (a
   random sample of partners), `/netzwerk/` (the default picture's page);
5. **memory** (RSS, the peak seen by polling every 0.5 s from gunicorn's start to the end): Neo4j's process,
   the gunicorn worker, its job process.
Every step is bounded by `--limit` seconds. Each size's figures are added to bench/growth.json at once;
at the end the table is printed (markdown) and bench/growth.png drawn.
"""
import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil  # noqa: E402 - imported after the set-up above (path, environment)

from allianz.exchange import synthetic  # noqa: E402 - the same
from allianz.localdb import LocalNeo4j  # noqa: E402 - the same
from bench.common import CLEAR, ROOT, Peaks, app_env, bench_graph, bench_settings  # noqa: E402 - the same
from bench.load_server import get, gunicorn, percentile  # noqa: E402 - the same

SIZES = (1000, 10_000, 30_000, 100_000)
RESULTS = ROOT / "bench" / "growth.json"
PLOT = ROOT / "bench" / "growth.png"
TOO_LARGE = re.compile(r"ALLIANZ_LOCAL_NEO4J_HEAP=(\w+)")
QUERIES = """
MATCH (p:Project) WHERE COUNT { (p)<-[:PARTICIPATES_IN]-() } >= 3
WITH p ORDER BY p.id LIMIT 400
RETURN p.id AS id, [(p)<-[:PARTICIPATES_IN]-(a) | a.id] AS team, [(p)-[:IN_FIELD]->(f) | f.key] AS fields,
       [(p)-[:NEEDS]->(c) | c.id] AS needs
"""
PARTNERS = "MATCH (p:Partner) RETURN p.id AS id ORDER BY id"


def tree(pid):
    """The process `pid` with all of its descendants (empty when it is gone)."""
    try:
        process = psutil.Process(pid)
        return [process, *process.children(recursive=True)]
    except psutil.Error:
        return []


def run_import(graph, settings, folder, limit):
    """`allianz import DIR` in a new process: its figures (seconds, exit, peak tx memory MB, importer RSS MB, the
    last line it printed)."""
    command = [str(Path(sys.executable).parent / "allianz"), "import", str(folder)]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=app_env(settings), cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    with Peaks({"importer": lambda: tree(process.pid)}, graph) as peaks:
        try:
            output, _ = process.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
            output += f"\nstopped after {limit} s"
    lines = [line for line in output.strip().splitlines() if line.strip()] or [""]
    return {"seconds": time.perf_counter() - started, "exit": process.returncode, "tx_mb": peaks.tx / 2**20,
            "rss_mb": peaks.rss["importer"], "said": lines[-1][:300], "heap": settings["LOCAL_NEO4J_HEAP"]}


def until_ready(base_get, path, limit):
    """Ask for `path` every second until it answers 200: seconds from the first request (None after `limit`)."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        status, _ = base_get(path, 120)
        if status == 200:
            return time.monotonic() - started
        if status not in (202, 429):
            raise RuntimeError(f"{path} answered {status}")
        time.sleep(1)
    return None


def p95(ask, paths):
    """p95 and median in ms of one request per path, one after the other (after five to warm up)."""
    for path in paths[:5]:
        ask(path)
    seconds = []
    for path in paths:
        status, elapsed = ask(path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        seconds.append(elapsed)
    return {"p95": percentile(seconds, 0.95) * 1000, "median": sorted(seconds)[len(seconds) // 2] * 1000,
            "n": len(seconds)}


def matching_paths(graph, samples, rng):
    """`GET /api/matching` for projects of three or more: the team without one member, the field, the need."""
    paths = []
    projects = graph.query(QUERIES)
    for project in rng.sample(projects, min(samples, len(projects))):
        team = sorted(project["team"])
        team.remove(rng.choice(team))
        query = {"team": ",".join(team), "fields": ",".join(project["fields"]), "needs": ",".join(project["needs"]),
                 "top": 10}
        paths.append("/api/matching?" + urlencode(query))
    while len(paths) < samples:
        paths += paths[:samples - len(paths)]
    return paths


def measure_p95(figures, ask, ready, samples, match_paths, partner_paths):
    """The floor, and the matching API and partner pages once the index is there."""
    figures["healthz"] = p95(ask, ["/healthz"] * samples)
    if ready.get("index_s") is not None:
        figures["matching"] = p95(ask, match_paths)
        figures["partner"] = p95(ask, partner_paths)


def served(graph, settings, samples, limit, index_first=False):
    """Serve the graph with gunicorn: time to the first picture and index, warm p95s and memory."""
    server = LocalNeo4j.from_config(settings)
    master = []
    finders = {"neo4j": lambda: tree(server.pid()) if server.pid() else [],
               "worker": lambda: [worker for m in master for worker in m.children()],
               "job": lambda: [c for m in master for w in m.children() for c in w.children(recursive=True)
                               if "spawn_main" in " ".join(c.cmdline())]}
    rng = random.Random(1)
    partners = [row["id"] for row in graph.query(PARTNERS)]
    partner_paths = [f"/partner/{pid}" for pid in rng.sample(partners, min(samples, len(partners)))]
    match_paths = matching_paths(graph, samples, rng)
    extra = {"ALLIANZ_RATELIMIT": "off", "SESSION_COOKIE_SECURE": "0", "ALLIANZ_JOB_IDLE_EXIT": str(limit)}
    figures = {}
    with tempfile.TemporaryFile() as log, Peaks(finders) as peaks:
        begun = time.monotonic()
        with gunicorn(settings, workers=1, threads=4, extra_env=extra, stderr=log,
                      started=lambda process: master.append(psutil.Process(process.pid))) as (host, port):
            figures["gunicorn_up_s"] = time.monotonic() - begun

            def ask(path, timeout=120):
                return get(host, port, path, timeout)
            ready = {}

            def wait(key, path):
                ready[key] = until_ready(ask, path, limit)
            asked = [("picture_s", "/netzwerk/"), ("index_s", match_paths[0])]
            threads = {key: threading.Thread(target=wait, args=(key, path))
                       for key, path in (reversed(asked) if index_first else asked)}
            for thread in threads.values():
                thread.start()
                time.sleep(0.05)
            threads["index_s"].join()
            if index_first:  # measured as soon as the index is there, while the pictures' job still runs
                figures["said"] = "index asked first; healthz, matching and partner page measured while the job ran"
                measure_p95(figures, ask, ready, samples, match_paths, partner_paths)
            threads["picture_s"].join()
            figures.update(ready)
            if not index_first:
                measure_p95(figures, ask, ready, samples, match_paths, partner_paths)
            if ready["picture_s"] is not None:
                figures["network"] = p95(ask, ["/netzwerk/"] * samples)
            else:
                figures["said"] = figures.get("said", "") + f"; the picture was not ready within {limit} s"
    figures["rss"] = dict(peaks.rss)
    return figures


def measure(size, seed, samples, limit, index_first=False):
    """All figures of one size."""
    result = {"partners": size, "seed": seed}
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "alliance"
        started = time.perf_counter()
        result["counts"] = synthetic.write(folder, size, seed)
        result["generate_s"] = time.perf_counter() - started
        heap = None
        while True:
            with bench_graph(heap=heap) as (graph, settings):
                graph.run_autocommit(CLEAR)
                done = run_import(graph, settings, folder, limit)
                result.setdefault("imports", []).append(done)
                print(f"{size:>7} import (heap {done['heap']}): exit {done['exit']} in {done['seconds']:.1f} s, "
                      f"tx {done['tx_mb']:.0f} MB, importer {done['rss_mb']:.0f} MB | {done['said']}", flush=True)
                suggested = TOO_LARGE.search(done["said"])
                if done["exit"] == 0:
                    result.update(served(graph, settings, samples, limit, index_first))
                    return result
            if not suggested or heap:
                return result
            heap = suggested.group(1)


def stop_running():
    """Stop the benchmarks' Neo4j if it runs (each size starts it afresh, so its memory is that size's)."""
    server = LocalNeo4j.from_config(bench_settings())
    if server.pid():
        server.stop(echo=lambda message: None)


def load_results():
    """The figures measured so far, by size."""
    return {int(size): figures for size, figures in json.loads(RESULTS.read_text()).items()} if RESULTS.exists() else {}


def table(results):
    """The figures as a markdown table."""
    rows = ["| partners | projects / participations | import | tx memory | picture ready | index ready | "
            "/healthz p95 | matching p95 | partner page p95 | network page p95 | Neo4j RSS | worker RSS | job RSS |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for size, r in sorted(results.items()):
        counts = r["counts"]
        imports = " then ".join(("refused" if i["exit"] else f"{i['seconds']:.0f} s") + f" (heap {i['heap']})"
                                for i in r["imports"])
        tx = max(i["tx_mb"] for i in r["imports"])

        def cell(key, r=r):
            if key not in r:
                return "–"
            floor = r["healthz"]["p95"]
            return f"{r[key]['p95']:.0f} ms ({r[key]['p95'] / floor:.1f}×)"

        def seconds(key, r=r):
            return f"{r[key]:.0f} s" if r.get(key) is not None else "–"
        rss = r.get("rss", {})
        rows.append(f"| {size:,} | {counts['projects']:,} / {counts['participations']:,} | {imports} | {tx:.0f} MB | "
                    f"{seconds('picture_s')} | {seconds('index_s')} | "
                    f"{r['healthz']['p95']:.1f} ms | {cell('matching')} | {cell('partner')} | {cell('network')} | "
                    f"{rss.get('neo4j', 0):.0f} MB | {rss.get('worker', 0):.0f} MB | "
                    + (f"{rss['job']:.0f} MB |" if rss.get("job") else "– (in the request) |")
                    if "healthz" in r else
                    f"| {size:,} | {counts['projects']:,} / {counts['participations']:,} | {imports} | {tx:.0f} MB | "
                    f"{seconds('picture_s')} | {seconds('index_s')} | – | – | – | – | – | – | – |")
    return "\n".join(rows)


def plot(results):
    """bench/growth.png: time and memory against partners, log-log."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    sizes = sorted(size for size, r in results.items() if "healthz" in r)
    figure, (times, memory) = plt.subplots(1, 2, figsize=(12, 5))

    def line(axes, label, values, style="o-"):
        points = [(size, value) for size, value in zip(sizes, values, strict=True) if value]
        if points:
            axes.plot(*zip(*points, strict=True), style, label=label)
    last = [results[size]["imports"][-1] for size in sizes]
    line(times, "import (s)", [i["seconds"] for i in last])
    line(times, "picture ready (s)", [results[s].get("picture_s") for s in sizes])
    line(times, "index ready (s)", [results[s].get("index_s") for s in sizes])
    for key, label in (("matching", "matching API p95"), ("partner", "partner page p95"),
                       ("network", "network page p95"), ("healthz", "/healthz p95")):
        line(times, f"{label} (s)", [results[s].get(key, {}).get("p95", 0) / 1000 for s in sizes], "s--")
    times.axhline(60, color="grey", linestyle=":", label="goal at 100k: picture ready ≤ 60 s")
    times.axhline(0.1, color="grey", linestyle="-.", label="goal at 100k: matching p95 ≤ 100 ms")
    line(memory, "Neo4j RSS", [results[s]["rss"]["neo4j"] for s in sizes])
    line(memory, "gunicorn worker RSS", [results[s]["rss"]["worker"] for s in sizes])
    line(memory, "job process RSS", [results[s]["rss"]["job"] for s in sizes])
    line(memory, "import tx memory", [max(i["tx_mb"] for i in results[s]["imports"]) for s in sizes], "s--")
    line(memory, "importer RSS", [last[n]["rss_mb"] for n in range(len(sizes))], "s--")
    for axes, title, unit in ((times, "Time", "seconds"), (memory, "Memory", "MB")):
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlabel("partners")
        axes.set_ylabel(unit)
        axes.set_title(f"{title} against partners (1k–30k: before branch region; 100k: after)", fontsize=10)
        axes.grid(True, which="both", alpha=0.3)
        axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(PLOT, dpi=100)


def main():
    """Measure the sizes asked for, one after the other, then print the table and draw the plot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--limit", type=int, default=2400, help="seconds each step may take at most")
    parser.add_argument("--index-first", action="store_true",
                        help="ask for the matcher before the picture (its job runs first) and measure the matching "
                             "API and partner pages as soon as the index is there (for sizes whose pictures take long)")
    parser.add_argument("--plot", action="store_true", help="only the table and the plot from bench/growth.json")
    args = parser.parse_args()
    if not args.plot:
        for size in sorted(int(size) for size in args.sizes.split(",")):
            stop_running()
            result = measure(size, args.seed, args.samples, args.limit, args.index_first)
            print(json.dumps(result), flush=True)
            results = load_results()
            results[size] = result
            RESULTS.write_text(json.dumps({str(k): v for k, v in sorted(results.items())}, indent=1) + "\n")
    results = load_results()
    print(table(results))
    plot(results)


if __name__ == "__main__":
    main()

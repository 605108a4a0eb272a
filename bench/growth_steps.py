"""Where the time to the first picture and index goes (issue 23, item 5): each piece of a new revision's
background work timed on its own, in this process, on a synthetic alliance (`allianz/exchange/synthetic.py`).

Run: ALLIANZ_BENCH_NEO4J_INSTANCE=... .venv/bin/python bench/growth_steps.py [--sizes 10000,30000] [--seed 1]

Per size: the synthetic alliance is imported into the emptied benchmark graph (bench/common.py), then timed one
after the other as the job process does them (`network.background.warm_defaults`, then the matcher's index):
reading the snapshot, the default alliance picture, the partners–projects picture, the communities, the
picture by communities, the analytics (betweenness from a sample, …), the largest alliance picture, the
snapshot's pickled size (what the job process sends back to the worker), reading the matcher's rows and
building its index.
"""
import argparse
import pickle
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from allianz import create_app  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.exchange import synthetic  # noqa: E402 - the same
from allianz.exchange.loader import import_folder  # noqa: E402 - the same
from allianz.matching.index import GraphRows, MatchIndex  # noqa: E402 - the same
from allianz.network import analytics, views  # noqa: E402 - the same
from allianz.network.filters import COMMUNITIES, MAX_LIMIT, Filters  # noqa: E402 - the same
from allianz.network.snapshot import snapshot  # noqa: E402 - the same
from bench.common import CLEAR, bench_graph  # noqa: E402 - the same


def steps(graph, settings):
    """Seconds per piece of work, in the job process's order."""
    app = create_app(settings)
    timings = {}

    def timed(name, work):
        started = time.perf_counter()
        result = work()
        timings[name] = time.perf_counter() - started
        return result
    with app.test_request_context("/netzwerk/"):
        snap = timed("snapshot read", lambda: snapshot(graph))
        timed("alliance picture", lambda: views.build(snap, "allianz", Filters()))
        timed("partners–projects picture", lambda: views.build(snap, "partner-projekte", Filters()))
        timed("communities", lambda: analytics.community_groups(snap))
        timed("picture by communities", lambda: views.build(snap, "allianz", Filters(mode=COMMUNITIES)))
        timed("analytics", lambda: analytics.compute(snap))
        timed("largest alliance picture", lambda: views.build(snap, "allianz", Filters(limit=MAX_LIMIT)))
        pickled = timed("snapshot pickled (sent to the worker)", lambda: pickle.dumps(snap))
        rows = timed("matcher rows read", lambda: GraphRows.from_graph(graph))
        timed("matcher index built", lambda: MatchIndex(rows))
    return timings, len(pickled)


def main():
    """Import each size and time its pieces."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with bench_graph() as (graph, settings):
        for size in (int(size) for size in args.sizes.split(",")):
            graph.run_autocommit(CLEAR)
            with tempfile.TemporaryDirectory() as folder:
                synthetic.write(folder, size, args.seed)
                import_folder(graph, folder)
            timings, size_bytes = steps(graph, settings)
            total = sum(timings.values())
            print(f"{size:,} partners: {total:.1f} s in all; snapshot pickled {size_bytes / 2**20:.0f} MB")
            for name, seconds in timings.items():
                print(f"  {name:<40} {seconds:7.1f} s  {seconds / total:5.0%}", flush=True)


if __name__ == "__main__":
    main()

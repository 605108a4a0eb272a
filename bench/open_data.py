"""Benchmark: the open-data files (/offene-daten/) at demo or CORDIS scale: size, first request after a change of
the graph (the file is built) and the next one (served from the per-revision cache).

Run: .venv/bin/python bench/open_data.py [--scale demo|cordis]

Uses the benchmarks' Neo4j (bench/common.py: instance "bench", or ALLIANZ_BENCH_NEO4J_INSTANCE / _BOLT_PORT /
_HTTP_PORT) and loads the demo alliance or the CORDIS data (from ALLIANZ_CORDIS or ../shared/data) with
`import --replace`; requests go through Flask's test client (no HTTP server), rate limits off.
"""
import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from allianz import create_app  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.exchange.loader import import_folder  # noqa: E402 - imported after the set-up above (path, environment)
from bench.common import CORDIS, ROOT, bench_graph  # noqa: E402 - imported after the set-up above (path, environment)

URLS = ("/offene-daten/", "/offene-daten/katalog.ttl", "/offene-daten/partners.csv", "/offene-daten/allianz.zip",
        "/offene-daten/partners.jsonld", "/offene-daten/allianz.jsonld", "/offene-daten/netzwerk.graphml",
        "/offene-daten/katalog.jsonld")


def main():
    """Load the data, then time every file twice."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("demo", "cordis"), default="cordis")
    args = parser.parse_args()
    with bench_graph() as (graph, settings):
        import_folder(graph, CORDIS if args.scale == "cordis" else ROOT / "allianz" / "demo", replace=True)
        client = create_app({**settings, "RATELIMIT_ENABLED": False}).test_client()
        print(f"{'file':34} {'KiB':>8} {'first':>9} {'again':>8}")
        for url in URLS:
            started = time.perf_counter()
            response = client.get(url)
            first = time.perf_counter() - started
            started = time.perf_counter()
            client.get(url)
            again = time.perf_counter() - started
            assert response.status_code == 200, (url, response.status_code)
            print(f"{url:34} {len(response.data) / 1024:8.0f} {first * 1000:7.0f} ms {again * 1000:6.1f} ms")


if __name__ == "__main__":
    main()

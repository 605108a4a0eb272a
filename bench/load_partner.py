"""Benchmark: the page of the partner with the most projects under 16 clients, against /healthz (issue 14, finding 4).

Run: .venv/bin/python bench/load_partner.py [--seconds 15] [--clients 16] [--skip-import]
Loads the CORDIS data into the benchmark's Neo4j (unless --skip-import and it is there), starts
gunicorn as docs/operations.md runs it (3 workers, 4 threads), and measures in one run, one after
the other: /healthz, the page of a median partner, and the page of the partner with the most
projects. Goal: the busiest partner's page reaches >= 25 % of /healthz's requests per second.
"""
import argparse
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_graph  # noqa: E402 - imported after the set-up above (path, environment)
from bench.load_server import gunicorn, load, load_cordis, warm, with_cordis_option  # noqa: E402 - imported after the set-up above (path, environment)

BY_PROJECTS = """
MATCH (p:Partner)
WITH p, COUNT { (p)-[:PARTICIPATES_IN]->() } AS projects
ORDER BY projects DESC, p.id
RETURN collect({id: p.id, projects: projects}) AS partners
"""


def main():
    """Import, serve, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--clients", type=int, default=16)
    args = with_cordis_option(parser).parse_args()
    with bench_graph() as (graph, settings):
        if not args.skip_import:
            load_cordis(settings)
        partners = graph.query(BY_PROJECTS)[0]["partners"]
        busiest, median = partners[0], partners[len(partners) // 2]
        with gunicorn(settings) as (host, port):
            pages = {"/healthz": "/healthz",
                     f"median partner ({median['projects']} projects)": "/partner/" + quote(median["id"]),
                     f"busiest partner ({busiest['projects']} projects)": "/partner/" + quote(busiest["id"])}
            results = {}
            for label, path in pages.items():
                warm(host, port, path)
                results[label] = load(host, port, path, clients=args.clients, seconds=args.seconds)
    health = results["/healthz"]["rps"]
    print(f"{len(partners)} partners; gunicorn 3 workers x 4 threads; {args.clients} clients, {args.seconds} s each, "
          f"client: {results['/healthz']['client']}")
    for label, figures in results.items():
        print(f"{label:<36} {figures['rps']:8.1f} req/s  p50 {figures['p50']:7.1f} ms  "
              f"{figures['tail_label']} {figures['tail']:7.1f} ms  errors {figures['errors']}  "
              f"{figures['rps'] / health:6.1%} of /healthz")
    ratio = results[list(pages)[2]]["rps"] / health
    print(f"busiest partner / healthz: {ratio:.1%} (goal: >= 25 %) -> {'met' if ratio >= 0.25 else 'NOT met'}")


if __name__ == "__main__":
    main()

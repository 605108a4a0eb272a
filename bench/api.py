"""Benchmark: the API's list of 50 partners against the page that serves the same 50 (/partner/), and both against
/healthz, at CORDIS scale (issue 22).

Run: python bench/api.py [--rounds 200] [--skip-import]
Loads the CORDIS data into the benchmark's Neo4j (unless --skip-import and it is there), builds the app on it
and asks it in-process (the WSGI app through Flask's test client: the app's own time with the real Neo4j, no
HTTP server or network in between), one request at a time. Each round asks, interleaved so that the machine's
drift hits all alike: /healthz, the page /partner/?page=N, and /api/v1/partners?limit=50 at the same position
(its cursor taken from the API's own `next` links) anonymously and with a read token (looked up on every
request), for the first PAGES pages in turn.
Goals (judged on the token series): the API's p95 <= 50 ms; its overhead over the page <= 20 % (median and p95).
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CORDIS, bench_graph  # noqa: E402 - imported after the set-up above (path, environment)

PAGES = 5
LIMIT = 50
BENCH_PERSON = "bench-api@allianz.example"


def read_token(app):
    """A read token made for the benchmark (its person, a coordinator without a partner, is created once)."""
    from types import SimpleNamespace

    from allianz.access_tokens import service as tokens
    from allianz.accounts import service as accounts
    with app.app_context():
        person = accounts.find_by_email(BENCH_PERSON) or accounts.create_user(
            BENCH_PERSON, "Bench", "coordinator", None, "bench-api-passwort-lang-genug", via="cli")
        return tokens.create(SimpleNamespace(id=person["id"]), "bench", ["read"], 30)[0]


def percentile(values, share):
    """The `share` percentile (0..1) of `values`, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def cursors(client):
    """The API's URLs of the first PAGES pages, following its cursors."""
    urls, cursor = [], None
    for _ in range(PAGES):
        url = f"/api/v1/partners?limit={LIMIT}" + (f"&cursor={cursor}" if cursor else "")
        urls.append(url)
        cursor = client.get(url).get_json()["next_cursor"]
    return urls


def timed_get(client, url, headers=None):
    """Seconds for one GET (the whole body read), and its status."""
    started = time.perf_counter()
    response = client.get(url, headers=headers)
    response.get_data()
    return time.perf_counter() - started, response.status_code


def main():
    """Import, build the app, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--skip-import", action="store_true", help="use the CORDIS graph that is loaded already")
    args = parser.parse_args()
    from allianz import create_app
    from allianz.exchange.loader import import_folder
    with bench_graph() as (graph, settings):
        if not args.skip_import:
            import_folder(graph, CORDIS, replace=True)
        app = create_app({**settings, "RATELIMIT_ENABLED": False, "PAGE_SIZE": LIMIT})
        client = app.test_client()
        api_urls = cursors(client)
        page_urls = [f"/partner/?page={n}" for n in range(1, PAGES + 1)]
        same = [client.get(u).get_json()["items"][0]["name"] for u in api_urls]
        token = {"Authorization": f"Bearer {read_token(app)}"}
        series = {"/healthz": [], "page /partner/": [], "API /api/v1/partners": [], "API with a read token": []}
        for url in ["/healthz"] + page_urls + api_urls:  # warm: plans compiled, caches filled
            for _ in range(3):
                client.get(url)
        failures = 0
        for index in range(args.rounds):
            k = index % PAGES
            for label, url, headers in (("/healthz", "/healthz", None), ("page /partner/", page_urls[k], None),
                                        ("API /api/v1/partners", api_urls[k], None),
                                        ("API with a read token", api_urls[k], token)):
                seconds, status = timed_get(client, url, headers)
                failures += status != 200
                series[label].append(seconds)
        partners = graph.query("MATCH (p:Partner) RETURN count(p) AS n")[0]["n"]
    print(f"{partners} partners; {args.rounds} rounds, pages 1-{PAGES} of {LIMIT} in turn; first names per API page: "
          f"{same}; non-200 answers: {failures}")
    health = statistics.median(series["/healthz"])
    for label, values in series.items():
        p50, p95 = statistics.median(values) * 1000, percentile(values, 0.95) * 1000
        print(f"{label:<24} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms"
              f"  max {max(values) * 1000:7.2f} ms  p50 = {statistics.median(values) / health:5.1f} x /healthz")
    page, api = series["page /partner/"], series["API with a read token"]
    p95 = percentile(api, 0.95) * 1000
    over50 = statistics.median(api) / statistics.median(page) - 1
    over95 = percentile(api, 0.95) / percentile(page, 0.95) - 1
    print(f"API p95 {p95:.1f} ms (goal <= 50 ms) -> {'met' if p95 <= 50 else 'NOT met'}")
    print(f"API overhead over the page: median {over50:+.1%}, p95 {over95:+.1%} (goal <= +20 %) -> "
          f"{'met' if max(over50, over95) <= 0.20 else 'NOT met'}")


if __name__ == "__main__":
    main()

"""Benchmark: the open-data files (/offene-daten/) at demo or CORDIS scale: size, first request after a change of
the graph and the next one; then, after a small write (a partner's description set in one app write with its revision
bump and audit event, as bench/scale_writes.py writes), the time of each file's request and how long until the
fresh file is served.

Run: .venv/bin/python bench/open_data.py [--scale demo|cordis] [--skip-import] [--writes 2]

Uses the benchmarks' Neo4j (bench/common.py: instance "bench", or ALLIANZ_BENCH_NEO4J_INSTANCE / _BOLT_PORT /
_HTTP_PORT) and loads the demo alliance or the CORDIS data (from ALLIANZ_CORDIS or ../shared/data) with
`import --replace` (`--skip-import`: the graph loaded by an earlier run); requests go through Flask's test client
(no HTTP server), rate limits off. A file that answers 503 ("wird erstellt") is asked again every POLL seconds;
"first" is the first answer's time, "until 200" the time until it answered 200.
"""
import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from allianz import create_app  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.exchange.loader import import_folder  # noqa: E402 - imported after the set-up above (path, environment)
from bench.common import CORDIS, ROOT, bench_graph  # noqa: E402 - imported after the set-up above (path, environment)
from bench.scale_writes import write  # noqa: E402 - imported after the set-up above (path, environment)

DESCRIBE = "MATCH (p:Partner {id: $partner}) SET p.description = $text"
URLS = ("/offene-daten/", "/offene-daten/katalog.ttl", "/offene-daten/partners.csv", "/offene-daten/allianz.zip",
        "/offene-daten/partners.jsonld", "/offene-daten/allianz.jsonld", "/offene-daten/netzwerk.graphml",
        "/offene-daten/katalog.jsonld")
POLL = 0.25          # seconds between two requests of a file that is not there yet, or not fresh yet
FRESH_WITHIN = 300   # seconds a fresh file may take before the benchmark gives up
FIRST_PUBLISHED = "MATCH (p:Partner) WHERE coalesce(p.open_data, true) RETURN p.id AS id ORDER BY p.id LIMIT 1"


def until_ok(client, url):
    """(the first answer, its seconds, seconds until an answer was 200, the 200 answer)."""
    started = time.perf_counter()
    response = first = client.get(url)
    first_seconds = time.perf_counter() - started
    while response.status_code == 503 and time.perf_counter() - started < FRESH_WITHIN:
        time.sleep(POLL)
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return first, first_seconds, time.perf_counter() - started, response


def first_requests(client):
    """Every file after the import: the first request (the file is built, or 503 until it is) and the next one."""
    print(f"{'file':34} {'KiB':>8} {'first':>9} {'status':>6} {'until 200':>10} {'again':>8}")
    for url in URLS:
        first, seconds, ok_after, response = until_ok(client, url)
        started = time.perf_counter()
        client.get(url)
        again = time.perf_counter() - started
        print(f"{url:34} {len(response.data) / 1024:8.0f} {seconds * 1000:6.0f} ms {first.status_code:6} "
              f"{ok_after * 1000:7.0f} ms {again * 1000:6.1f} ms")


def after_a_write(settings, client, partner_id, number):
    """One small write, then each file once (time, status, whether it is still the one from before the write), then
    the seconds from the write until partners.csv holds the new description."""
    before = {url: client.get(url).get_etag()[0] for url in URLS[1:]}
    text = f"Beschreibung nach Schreibvorgang {number} um {time.time():.3f}"
    write(settings, DESCRIBE, "Partner", partner_id, partner=partner_id, text=text)
    written = time.perf_counter()
    print(f"\nwrite {number}: description of partner {partner_id} edited")
    print(f"{'file':34} {'request':>10} {'status':>6} {'served':>9}")
    for url in URLS:
        started = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - started
        served = "-" if url not in before else ("earlier" if response.get_etag()[0] == before[url] else "new")
        print(f"{url:34} {seconds * 1000:7.0f} ms {response.status_code:6} {served:>9}")
    while time.perf_counter() - written < FRESH_WITHIN:
        response = client.get("/offene-daten/partners.csv")
        if response.status_code == 200 and text in response.get_data(as_text=True):
            break
        time.sleep(POLL)
    print(f"fresh partners.csv (holding the edit) served {time.perf_counter() - written:.2f} s after the write")


def main():
    """Load the data, then time every file twice, then after each small write."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("demo", "cordis"), default="cordis")
    parser.add_argument("--skip-import", action="store_true", help="the graph of an earlier run, as it is")
    parser.add_argument("--writes", type=int, default=2, help="small writes, each followed by every file")
    args = parser.parse_args()
    with bench_graph() as (graph, settings):
        if not args.skip_import:
            import_folder(graph, CORDIS if args.scale == "cordis" else ROOT / "allianz" / "demo", replace=True)
        partners = graph.query("MATCH (p:Partner) RETURN count(p) AS n")[0]["n"]
        print(f"{partners:,} partners")
        app = create_app({**settings, "RATELIMIT_ENABLED": False})
        client = app.test_client()
        first_requests(client)
        partner_id = graph.query(FIRST_PUBLISHED)[0]["id"]
        for number in range(1, args.writes + 1):
            after_a_write(settings, client, partner_id, number)


if __name__ == "__main__":
    main()

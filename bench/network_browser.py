"""Benchmark: time until the alliance picture is still for 1,000 visible nodes, in headless Chromium.

Run: .venv/bin/python bench/network_browser.py [--rounds 3] [--nodes 1000]
Uses its own local Neo4j (instance "bench-network", Bolt 7691) with the CORDIS data (imported when
the graph does not hold it), serves the app on a free 127.0.0.1 port, and opens /netzwerk/?max=N in
Debian's Chromium (Playwright). Measured from `page.goto` until the page sets data-state="still"
(HTML, vis-network, the JSON, drawing). The first load after a start is cold: on a graph this large
the server answers at once with its "wird berechnet" page (HTTP 202) and builds the snapshot and the
default pictures in the background; like a visitor, the benchmark follows the page's link every
second until the picture is there. The next loads hit the server's cache (warm). Aim: 3 s.
"""
import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402 - imported after the set-up above (path, environment)
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402 - imported after the set-up above (path, environment)

from allianz import create_app  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.exchange.loader import import_folder  # noqa: E402 - imported after the set-up above (path, environment)
from bench.common import CORDIS, bench_graph  # noqa: E402 - imported after the set-up above (path, environment)

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]


class QuietHandler(WSGIRequestHandler):
    """No access log: the figures are the output."""

    def log_request(self, *args, **kwargs):
        """Say nothing."""


def load(page, url):
    """(seconds from navigation until the picture is still, drawn nodes, seconds until the first answer or None
    when it was the picture itself, HTTP status of the first answer)."""
    started = time.perf_counter()
    answer = page.goto(url)
    first = None
    while page.query_selector("#netzwerk-berechnung"):  # "wird berechnet" (202): follow its link, as a visitor does
        first = first or time.perf_counter() - started
        time.sleep(1)
        page.click("#netzwerk-neu-laden")
        page.wait_for_load_state()
    page.wait_for_selector("#netzwerk-bild[data-state='still']", timeout=120_000)
    seconds = time.perf_counter() - started
    return seconds, int(page.get_attribute("#netzwerk-bild", "data-nodes")), first, answer.status


def main():
    """Serve the app on the CORDIS graph and time the picture in Chromium."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--nodes", type=int, default=1000)
    args = parser.parse_args()
    with bench_graph(instance="bench-network", bolt_port=7691, http_port=7478) as (graph, settings):
        if graph.query("RETURN COUNT { (:Partner) } AS n")[0]["n"] != 9039:
            import_folder(graph, CORDIS, replace=True)
        app = create_app(settings)
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}/netzwerk/?max={args.nodes}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                cold, nodes, first, status = load(page, url)
                shown = f"{first:.2f} s" if first is not None else "-"
                print(f"cold (first load after start): first answer HTTP {status} after {shown}; "
                      f"picture still after {cold:.2f} s, {nodes} nodes drawn")
                warm = []
                for _ in range(args.rounds):
                    page.goto("about:blank")
                    seconds, nodes, _first, _status = load(page, url)
                    warm.append(seconds)
                print(f"warm (view cached on the server): median {statistics.median(warm):.2f} s "
                      f"(min {min(warm):.2f}, max {max(warm):.2f}, n={len(warm)}), {nodes} nodes drawn")
                browser.close()
        finally:
            server.shutdown()
            app.extensions["allianz.graph"].close()


if __name__ == "__main__":
    main()

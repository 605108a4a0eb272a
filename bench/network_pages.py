"""Benchmark: Lighthouse on the start page, a partner page, /netzwerk/ and the analytics page, at demo and at
CORDIS scale: performance score, first contentful paint, bytes sent, HTML size; labels of the default picture.

Run: .venv/bin/python bench/network_pages.py [--scale demo|cordis|both] [--preset mobile|desktop] [--runs 3]

Uses the benchmarks' Neo4j (bench/common.py: instance "bench", or ALLIANZ_BENCH_NEO4J_INSTANCE / _BOLT_PORT /
_HTTP_PORT), loads the demo alliance or the CORDIS data (from ALLIANZ_CORDIS or ../shared/data), builds
the defaults (`background.precompute`), serves the app with gunicorn as docs/operations.md describes (one worker with
8 threads, so that every request meets the worker whose cache is warm), and runs Lighthouse 12.2.3 (npm,
installed once into .allianz/lighthouse) with Debian's Chromium (CHROME_PATH=/usr/bin/chromium), performance
category only, Lighthouse's default throttling.
"HTML" is the uncompressed size of the page's document; "sent" Lighthouse's total byte weight (what
went over the wire, compressed). Also opens the default alliance picture in Chromium (Playwright) and
counts its drawn labels and any two that overlap, and how long vis-network takes to take over from the first
look once the pointer is over the picture (a fresh browser context: nothing cached).
"""
import argparse
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from allianz import create_app  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.exchange.loader import import_folder  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.network import background  # noqa: E402 - imported after the set-up above (path, environment)
from bench.common import CORDIS, ROOT, bench_graph  # noqa: E402 - imported after the set-up above (path, environment)

LIGHTHOUSE = "12.2.3"
TOOLS = ROOT / ".allianz" / "lighthouse"
CHROME = "/usr/bin/chromium"
DEMO = ROOT / "allianz" / "demo"


def lighthouse_cli():
    """The Lighthouse CLI, installed once with npm into .allianz/lighthouse (git-ignored)."""
    cli = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        (TOOLS / "package.json").write_text('{"private": true}\n')
        subprocess.run(["npm", "i", "-E", f"lighthouse@{LIGHTHOUSE}", "--no-audit", "--no-fund"], cwd=TOOLS, check=True)
    return cli


def free_port():
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(settings):
    """gunicorn serving the app on the benchmark's Neo4j; returns (process, base URL)."""
    port = free_port()
    env = dict(os.environ, ALLIANZ_LOCAL_NEO4J_INSTANCE=settings["LOCAL_NEO4J_INSTANCE"],
               ALLIANZ_LOCAL_NEO4J_BOLT_PORT=str(settings["LOCAL_NEO4J_BOLT_PORT"]),
               ALLIANZ_LOCAL_NEO4J_HTTP_PORT=str(settings["LOCAL_NEO4J_HTTP_PORT"]))
    process = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", "1", "--threads", "8", "-b",
                                f"127.0.0.1:{port}", "--log-level", "warning", "allianz.wsgi:app"],
                               cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            return process, base
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError("gunicorn did not answer")


def ready(base, path):
    """Ask for `path` until it is no longer "wird berechnet" (each gunicorn worker builds its own cache)."""
    for _ in range(240):
        try:
            with urllib.request.urlopen(base + path, timeout=60) as answer:
                body = answer.read()
                if answer.status == 200:
                    return body
        except urllib.error.HTTPError as refused:  # 429: the page's rate limit; wait as the app says
            if refused.code != 429:
                raise
            time.sleep(int(refused.headers.get("Retry-After") or 5))
            continue
        time.sleep(1)
    raise RuntimeError(f"{path} stayed pending")


def audit(cli, url, preset):
    """Lighthouse's performance figures for `url`."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.json"
        flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-sync"
        command = ["node", str(cli), url, "--quiet", "--only-categories=performance", "--output=json",
                   f"--output-path={out}", f"--chrome-flags={flags}"]
        if preset == "desktop":
            command.append("--preset=desktop")
        subprocess.run(command, check=True, env=dict(os.environ, CHROME_PATH=CHROME), timeout=300)
        report = json.loads(out.read_text())
    audits = report["audits"]
    return {"score": round(report["categories"]["performance"]["score"] * 100),
            "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
            "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
            "tbt": audits["total-blocking-time"]["numericValue"],
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "si": audits["speed-index"]["numericValue"] / 1000,
            "work": {item["group"]: round(item["duration"]) for item in
                     audits["mainthread-work-breakdown"]["details"]["items"]},
            "sent": audits["total-byte-weight"]["numericValue"] / 1024}


def labels(base):
    """(labels drawn, overlapping pairs, nodes drawn, ms from pointing at the picture until vis-network has
    taken over) in the default alliance picture, in Chromium."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROME, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(base + "/netzwerk/")
        page.wait_for_selector("#netzwerk-bild[data-state='still']", timeout=120_000)
        boxes = json.loads(page.get_attribute("#netzwerk-bild", "data-labels"))
        nodes = int(page.get_attribute("#netzwerk-bild", "data-nodes"))
        page.wait_for_load_state("networkidle")
        started = page.evaluate("performance.now()")
        page.hover("#netzwerk-bild")
        page.wait_for_selector("#netzwerk-bild[data-engine='vis-network']", timeout=60_000)
        takeover = page.evaluate("performance.now()") - started
        browser.close()
    overlaps = sum(1 for a, b in itertools.combinations(boxes, 2)
                   if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
                   and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])
    return len(boxes), overlaps, nodes, takeover


def partner_path(graph, scale):
    """A partner page: p01 in the demo; at CORDIS scale the partner with the median number of projects."""
    if scale == "demo":
        return "/partner/p01"
    found = graph.query("MATCH (p:Partner) WITH p, COUNT { (p)-[:PARTICIPATES_IN]->() } AS n "
                        "ORDER BY n, p.id WITH collect(p.id) AS ids RETURN ids[size(ids) / 2] AS id")
    return f"/partner/{found[0]['id']}"


def median_audit(cli, url, preset, runs):
    """Lighthouse `runs` times; the run with the median score (Lighthouse's own advice on a noisy machine)."""
    found = sorted((audit(cli, url, preset) for _ in range(runs)), key=lambda figures: figures["score"])
    chosen = found[len(found) // 2]
    chosen["scores"] = [figures["score"] for figures in found]
    return chosen


def run(scale, cli, preset, runs):
    """Load the data of `scale`, serve it and measure every page."""
    folder = DEMO if scale == "demo" else CORDIS
    with bench_graph() as (graph, settings):
        import_folder(graph, folder, replace=True)
        background.precompute(create_app(settings), graph)
        process, base = serve(settings)
        try:
            pages = ["/", partner_path(graph, scale), "/netzwerk/", "/netzwerk/analyse"]
            rows = []
            for path in pages:
                html = ready(base, path)
                ready(base, path)  # both workers
                before = os.getloadavg()[0]
                figures = median_audit(cli, base + path, preset, runs)
                figures["load"] = (before, os.getloadavg()[0])
                rows.append((path, figures, len(html) / 1024))
                print(f"{scale:6} {path:28} score {figures['score']:3} {figures['scores']}  "
                      f"FCP {figures['fcp']:.2f} s  LCP {figures['lcp']:.2f} s  TBT {figures['tbt']:.0f} ms  "
                      f"CLS {figures['cls']:.3f}  SI {figures['si']:.2f} s  sent {figures['sent']:.0f} KiB  "
                      f"HTML {len(html) / 1024:.0f} KiB  load {figures['load'][0]:.1f}-{figures['load'][1]:.1f}  "
                      f"main thread {figures['work']}", flush=True)
            drawn, overlaps, nodes, takeover = labels(base)
            print(f"{scale:6} default alliance picture: {nodes} nodes, {drawn} labels drawn, "
                  f"{overlaps} overlapping pairs; vis-network took over {takeover:.0f} ms "
                  "after the pointer came over the picture")
            return rows
        finally:
            process.terminate()
            process.wait(timeout=30)


def main():
    """Measure the pages at the scales asked for."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=("demo", "cordis", "both"), default="both")
    parser.add_argument("--preset", choices=("mobile", "desktop"), default="mobile")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cli = lighthouse_cli()
    for scale in ("demo", "cordis") if args.scale == "both" else (args.scale,):
        run(scale, cli, args.preset, args.runs)


if __name__ == "__main__":
    main()

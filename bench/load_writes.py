"""Write load at CORDIS scale: 16 logged-in members comment on an idea, under gunicorn as docs/operations.md runs
it (3 workers × 4 threads), while a 17th client asks /healthz.

In order: the members log in and open the idea (which starts the matcher's background work on a new server: it
is waited for), `--warm` seconds of the full load warm the server (and the benchmark's just-started Neo4j, whose
JIT is cold), then /healthz's idle p95 (the baseline, in the same run), then the measured load: each member as
fast as it can (the default: a closed loop that saturates the machine, so its latencies are 16 ÷ throughput), or
with `--every S` once every S seconds on a fixed schedule (an open load whose latencies show what a comment costs
and how long it waits). Prints the comment's p50/p95 and its ratio to the baseline (goal, issue 19: p95 ≤ 5×),
/healthz's p95 under the load, and the CPU per comment of the server's processes and of Neo4j.

Run: .venv/bin/python bench/load_writes.py [--skip-import] [--seconds 30] [--clients 16] [--every 0.5]
(its own Neo4j, instance "bench"; the CORDIS data from ALLIANZ_CORDIS or ../shared/data; rate limits off,
mail to the log, as a load test needs).
"""
import argparse
import re
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Client, bench_graph, neo4j_pid, tree_cpu  # noqa: E402 - after the path line above
from bench.load_server import gunicorn, healthz_p95, load_cordis, percentile, with_cordis_option  # noqa: E402 - the same

PASSWORD = "ein-langes-bench-passwort"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
MEMBERS = """
MATCH (p:Partner) WITH p ORDER BY p.id LIMIT $n
RETURN collect(p.id) AS partners
"""


def people_and_idea(settings, clients):
    """`clients` members of the first partners and one submitted idea they all may see; the idea's id."""
    from allianz import create_app
    from allianz.accounts import service
    from allianz.db import get_graph

    app = create_app(dict(settings, RATELIMIT_ENABLED=False))
    with app.app_context():
        partners = get_graph().query(MEMBERS, n=clients)[0]["partners"]
        for number, partner in enumerate(partners):
            email = f"bench{number}@load.example"
            if service.find_by_email(email) is None:
                service.create_user(email, f"Bench {number}", "member", partner, PASSWORD, via="cli")
        get_graph().execute("MERGE (p:Project {id: 'bench-idea'}) SET p.title = 'Last auf Kommentaren', "
                            "p.summary = 'Eine Idee für den Schreib-Benchmark', p.status = 'submitted', "
                            "p.origin = 'app', p.public = true, p.version = coalesce(p.version, 1)")
    return "bench-idea"


class Member(Client):
    """One logged-in member on its own keep-alive connection."""

    def __init__(self, host, port, email, source=None):
        super().__init__(host, port, source)
        page = self.request("GET", "/anmelden")
        self.request("POST", "/anmelden", {"csrf_token": TOKEN.search(page).group(1), "email": email,
                                           "password": PASSWORD})


PREPARING = "neu vorbereitet"  # the idea page's words while the matcher's index of a new revision is built


def settle(members, idea, limit=600):
    """Ask the idea page through every member's connection (so every worker) until none says the matcher is still
    being prepared: the background work that the first visits start is done before anything is measured."""
    stop = time.monotonic() + limit
    while time.monotonic() < stop:
        if not any(PREPARING in member.request("GET", f"/ideen/{idea}") for member in members):
            return
        time.sleep(2)
    raise SystemExit(f"the background work after the first visits did not end within {limit} s")


def comment_load(members, tokens, idea, seconds, every=0.0):
    """Every member comments on the idea for `seconds`, each on its own thread: as fast as it can, or with `every`
    one comment each `every` seconds (on a fixed schedule: a late answer does not shift the next one, so waiting
    shows in the latencies). Returns (threads, latencies, errors) at once, the threads running."""
    latencies, errors, lock = [], [0], threading.Lock()
    begin = time.monotonic()
    stop = begin + seconds

    def comment(member, number):
        count = 0
        while time.monotonic() < stop:
            if every:
                due = begin + every * (count + number / len(members))
                time.sleep(max(0.0, due - time.monotonic()))
                if time.monotonic() >= stop:
                    break
            started = time.perf_counter()
            member.request("POST", f"/ideen/{idea}/kommentare",
                           {"csrf_token": tokens[number], "text": f"Kommentar {number}.{count}"})
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if member.status != 303:
                    errors[0] += 1
            count += 1
    threads = [threading.Thread(target=comment, args=(m, n)) for n, m in enumerate(members)]
    for thread in threads:
        thread.start()
    return threads, latencies, errors


def main():
    parser = with_cordis_option(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--every", type=float, default=0.0, help="each member comments once every EVERY seconds "
                        "(default 0: as fast as it can, which saturates the machine)")
    parser.add_argument("--warm", type=int, default=20, help="seconds of the same load before anything is measured "
                        "(the benchmark's Neo4j is often just started: its JIT is cold)")
    args = parser.parse_args()
    with bench_graph() as (_graph, settings):
        if not args.skip_import:
            load_cordis(settings)
        idea = people_and_idea(settings, args.clients)
        extra = {"ALLIANZ_RATELIMIT": "off", "SESSION_COOKIE_SECURE": "0"}
        master = []
        with gunicorn(settings, workers=3, threads=4, extra_env=extra,
                      started=lambda process: master.append(process.pid)) as (host, port):
            members = [Member(host, port, f"bench{n}@load.example") for n in range(args.clients)]
            tokens = [TOKEN.search(member.request("GET", f"/ideen/{idea}")).group(1) for member in members]
            settle(members, idea)
            for thread in comment_load(members, tokens, idea, args.warm)[0]:
                thread.join()
            time.sleep(2)
            idle, idle_n = healthz_p95(host, port, 10)
            cpu_before = tree_cpu(master[0]), tree_cpu(neo4j_pid(settings) or 0)
            threads, latencies, errors = comment_load(members, tokens, idea, args.seconds, args.every)
            loaded, loaded_n = healthz_p95(host, port, args.seconds - 2)
            for thread in threads:
                thread.join()
            app_cpu = tree_cpu(master[0]) - cpu_before[0]
            neo4j_cpu = tree_cpu(neo4j_pid(settings) or 0) - cpu_before[1]
    p95 = percentile(latencies, 0.95) * 1000
    pace = f"each once every {args.every:g} s" if args.every else "as fast as they can"
    print(f"write load at CORDIS scale: {args.clients} members commenting ({pace}) for {args.seconds} s, "
          f"gunicorn 3×4, after {args.warm} s of load to warm up")
    print(f"  baseline /healthz idle p95: {idle:.1f} ms (n={idle_n}), after the first visits' background work")
    print(f"  comment: n={len(latencies)} ({len(latencies) / args.seconds:.0f}/s), errors={errors[0]}, "
          f"p50 {statistics.median(latencies) * 1000:.1f} ms, "
          f"p95 {p95:.1f} ms = {p95 / idle:.1f}× the idle /healthz p95 (goal ≤ 5×)")
    print(f"  /healthz under that load: p95 {loaded:.1f} ms (n={loaded_n})")
    per = 1000 / max(1, len(latencies))
    print(f"  CPU per comment: app {app_cpu * per:.1f} ms + Neo4j {neo4j_cpu * per:.1f} ms "
          f"(all of the server's processes during the load, /healthz's few included)")


if __name__ == "__main__":
    main()

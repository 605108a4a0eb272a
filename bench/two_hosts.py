"""Two app hosts behind a proxy (issue 23): two gunicorns (3 workers × 4 threads each, as docs/operations.md runs
them) on two ports behind HAProxy, one Neo4j (the benchmark's own), one Redis (ALLIANZ_REDIS_URL for both) and two
`allianz jobs worker` processes (one per "host"). All on 127.0.0.1; the load clients send from 127.0.0.N (loopback)
so that the proxy's X-Forwarded-For tells them apart, as it would real clients.

Shows:
1. read-your-writes: a comment posted through one instance is on the idea page of the other at once;
2. a rate limit holds across both: /netzwerk/analyse.json (10 a minute) asked alternately of both until 429;
3. a revision's work runs once in total: after a write the caches cannot apply, both instances serve the new
   revision and every result key of the shared store was written exactly once (counted from Redis's keyspace events);
4. 16 clients mixing reads (the idea page), searches (the vocabulary search /kompetenzen/suche: the app has no site
   search /suche on this branch), matching (POST /api/matching) and writes (a comment) through the proxy for 60 s:
   no error, and the comments in the graph afterwards equal the successful posts.

Run: .venv/bin/python bench/two_hosts.py [--seconds 60] [--clients 16] [--cordis]
(needs Debian's haproxy and redis-server; its own Neo4j: instance "bench" or ALLIANZ_BENCH_NEO4J_*; seeds the demo
alliance into an empty graph, or imports the CORDIS graph with --cordis; rate limits on, counted in Redis; the network
and the matcher work in the background from the first partner on, so that the queue is used at any size).
"""
import argparse
import csv
import io
import json
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, Client, app_env, bench_graph  # noqa: E402 - after the path line above
from bench.load_server import free_port, gunicorn, load_cordis, percentile  # noqa: E402 - the same
from bench.load_writes import TOKEN, Member, people_and_idea  # noqa: E402 - the same
from bench.scale_writes import PICK, REMOVE, RENAME, write  # noqa: E402 - the same

COMMENTS = "MATCH (c:Comment)-[:ON]->(:Project {id: $idea}) RETURN count(c) AS total"
CLEAR_COMMENTS = "MATCH (c:Comment)-[:ON]->(:Project {id: $idea}) DETACH DELETE c"
HAPROXY = """global
    maxconn 512
    stats socket {folder}/haproxy.sock mode 600 level user
defaults
    mode http
    option forwardfor
    timeout connect 5s
    timeout client 90s
    timeout server 90s
frontend web
    bind 127.0.0.1:{port}
    default_backend apps
backend apps
    balance roundrobin
    option httpchk GET /healthz
{servers}
"""
ASKS = 3      # new connections per instance in one look at whether all serve the current revision
ROUNDS = 10   # read-your-writes: comments posted through one instance and read through the other


@contextmanager
def redis_server(folder):
    """Debian's redis-server on a free port, publishing an event for every SET (to count the store's writes)."""
    port = free_port()
    process = subprocess.Popen([shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no", "--dir", folder,
                                "--notify-keyspace-events", "E$"], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def result_writes(url):
    """A Counter of SETs per result key of the shared store (allianz:result:…, locks left out), filled while open."""
    counts, stop = Counter(), threading.Event()
    listener = redis.Redis.from_url(url).pubsub()
    listener.subscribe("__keyevent@0__:set")

    def listen():
        while not stop.is_set():
            message = listener.get_message(ignore_subscribe_messages=True, timeout=0.5)
            if message:
                key = message["data"].decode()
                if key.startswith("allianz:result:") and not key.endswith(":lock"):
                    counts[key] += 1
    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    try:
        yield counts
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


@contextmanager
def haproxy(folder, ports):
    """HAProxy on a free port in front of `ports` (round robin, health-checked on /healthz); yields (port, stats)."""
    port = free_port()
    servers = "\n".join(f"    server app{n} 127.0.0.1:{p} check inter 2s" for n, p in enumerate(ports, 1))
    config = Path(folder) / "haproxy.cfg"
    config.write_text(HAPROXY.format(folder=folder, port=port, servers=servers))
    process = subprocess.Popen([shutil.which("haproxy") or "/usr/sbin/haproxy", "-db", "-f", str(config)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stats():
        """Per server of the backend: requests sent (stot) and 5xx answers."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(f"{folder}/haproxy.sock")
            sock.sendall(b"show stat\n")
            text = b"".join(iter(lambda: sock.recv(65536), b"")).decode()
        rows = csv.DictReader(io.StringIO(text.lstrip("# ")))
        return {r["svname"]: (int(r["stot"] or 0), int(r["hrsp_5xx"] or 0)) for r in rows if r["pxname"] == "apps"}
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield port, stats
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def jobs_workers(settings, env, count=2):
    """`count` `allianz jobs worker` processes (the RQ queue's workers), stopped at the end."""
    command = [str(ROOT / ".venv" / "bin" / "allianz"), "jobs", "worker"]
    processes = [subprocess.Popen(command, cwd=ROOT, env=dict(app_env(settings), **env), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL) for _ in range(count)]
    try:
        yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def read_your_writes(port_a, port_b, idea, email):
    """Comments posted through one instance (alternately A and B), each looked for at once through the other."""
    one, other = Member("127.0.0.1", port_a, email), Member("127.0.0.1", port_b, email)
    other.cookies = one.cookies   # one session (a signed cookie) on both hosts
    seen, posted = 0, 0
    for number in range(ROUNDS):
        writer, reader = (one, other) if number % 2 == 0 else (other, one)
        token = TOKEN.search(writer.request("GET", f"/ideen/{idea}")).group(1)
        text = f"Zwei Hosts {number} {time.time_ns()}"
        writer.request("POST", f"/ideen/{idea}/kommentare", {"csrf_token": token, "text": text})
        posted += writer.status == 303
        seen += text in reader.request("GET", f"/ideen/{idea}")
    return posted, seen


def shared_limit(port_a, port_b):
    """/netzwerk/analyse.json (10 a minute per address) asked alternately through A and B until 429: the answers."""
    clients, statuses = [Client("127.0.0.1", port_a), Client("127.0.0.1", port_b)], []
    for number in range(30):   # bounded: far more than twice the limit
        client = clients[number % 2]
        client.request("GET", "/netzwerk/analyse.json")
        statuses.append(client.status)
        if client.status == 429:
            break
    return statuses


def all_current(ports, competency, round_number):
    """Whether new connections to every instance (from fresh loopback addresses, so within the per-address limits)
    all answer 200 without "Stand" for the matcher and a network picture's data: (current, statuses)."""
    statuses, fresh = [], True
    for ask in range(ASKS):
        for port in ports:
            client = Client("127.0.0.1", port, source=f"127.0.1.{(round_number * ASKS + ask) % 250 + 1}")
            text = client.request("POST", "/api/matching", None, json.dumps({"needs": [competency], "top": 10}))
            statuses.append(client.status)
            fresh &= client.status == 200 and '"stand"' not in text
            text = client.request("GET", "/netzwerk/daten/partner-kompetenzen")
            statuses.append(client.status)
            fresh &= client.status == 200 and '"stand"' not in text
            client.connection.close()
    return fresh, statuses


def until_all_current(ports, competency, settle):
    """Seconds until every instance serves the current revision (paced: the expensive routes share one budget of
    600 a minute), or None after `settle` s; and the statuses seen."""
    started, seen = time.monotonic(), Counter()
    for round_number in range(settle):   # bounded by `settle` as well
        fresh, statuses = all_current(ports, competency, round_number)
        seen.update(statuses)
        if fresh:
            return time.monotonic() - started, seen
        if time.monotonic() - started > settle:
            break
        time.sleep(2)
    return None, seen


def revision_once(settings, ports, counts, settle):
    """A write the caches cannot apply (a competency renamed): (seconds until both serve it, the statuses meanwhile,
    result keys written since, the most writes of one key)."""
    from allianz.db import graph_from_config
    graph = graph_from_config(settings)
    competency = graph.query(PICK)[0]["competency"]
    graph.close()
    until_all_current(ports, competency, settle)   # every instance current before the write
    time.sleep(2)
    before = Counter(counts)
    write(settings, RENAME, "Competency", competency, competency=competency, name=f"Umbenannt {time.time_ns()}")
    current, statuses = until_all_current(ports, competency, settle)
    time.sleep(3)   # let late job results land before counting
    since = counts - before
    return current, statuses, len(since), max(since.values(), default=0), competency


def mixed_load(proxy_port, idea, competency, clients, seconds, first):
    """`clients` members through the proxy, each from its own 127.0.0.N, looping over: the idea page, a vocabulary
    search, a matching request, a comment (one round at most every 4 s: within the write limit of 20 a minute per
    person and the shared budget of the expensive routes). Returns per kind [latencies], errors, posts."""
    latencies, errors, posts, lock = {}, Counter(), [0], threading.Lock()
    stop = time.monotonic() + seconds
    words = ["Da", "En", "Mo", "Sen", "Ver", "Wa"]

    def note(kind, started, ok, status):
        with lock:
            latencies.setdefault(kind, []).append(time.perf_counter() - started)
            if not ok:
                errors[f"{kind} {status}"] += 1

    def client(number):
        source = f"127.0.0.{10 + number}"
        member = Member("127.0.0.1", proxy_port, f"bench{first + number}@load.example", source=source)
        anonymous = Client("127.0.0.1", proxy_port, source=source)
        body = f'{{"needs": ["{competency}"], "top": 10}}'
        count = 0
        while time.monotonic() < stop:
            round_started = time.monotonic()
            started = time.perf_counter()
            try:
                page = member.request("GET", f"/ideen/{idea}")
                note("read", started, member.status == 200, member.status)
                started = time.perf_counter()
                member.request("GET", f"/kompetenzen/suche?q={words[count % len(words)]}")
                note("search", started, member.status == 200, member.status)
                started = time.perf_counter()
                anonymous.request("POST", "/api/matching", None, body)
                note("match", started, anonymous.status in (200, 202), anonymous.status)
                started = time.perf_counter()
                member.request("POST", f"/ideen/{idea}/kommentare",
                               {"csrf_token": TOKEN.search(page).group(1), "text": f"Last {number}.{count}"})
                note("write", started, member.status == 303, member.status)
                with lock:
                    posts[0] += member.status == 303
            except (OSError, AttributeError) as error:   # a broken connection or a page without its form
                with lock:
                    errors[type(error).__name__] += 1
            count += 1
            time.sleep(max(0.0, 4.0 - (time.monotonic() - round_started)))
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return latencies, errors, posts[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--settle", type=int, default=180, help="seconds to wait for the background at most")
    parser.add_argument("--cordis", action="store_true", help="import the CORDIS graph first (else: the graph loaded, "
                        "the demo alliance if empty)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))   # stopped: still stop what it started
    with bench_graph() as (graph, settings), ExitStack() as stack:
        if args.cordis:
            load_cordis(settings)
        elif not graph.query("MATCH (p:Partner) RETURN count(p) AS n")[0]["n"]:
            subprocess.run([str(ROOT / ".venv" / "bin" / "allianz"), "seed", "demo"], env=app_env(settings),
                           check=True, capture_output=True)
        idea = people_and_idea(settings, args.clients + 1)   # bench0 reads its writes, bench1… make the load
        graph.execute(CLEAR_COMMENTS, idea=idea)
        pick = graph.query(PICK)[0]
        graph.execute(REMOVE, partner=pick["partner"], competency=pick["competency"])
        partners = graph.query("MATCH (p:Partner) RETURN count(p) AS n")[0]["n"]
        folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="allianz-hosts-"))
        url = stack.enter_context(redis_server(folder))
        counts = stack.enter_context(result_writes(url))
        env = {"ALLIANZ_REDIS_URL": url, "ALLIANZ_PROXY_COUNT": "1", "SESSION_COOKIE_SECURE": "0",
               "ALLIANZ_NETWORK_BACKGROUND_FROM": "0", "ALLIANZ_MATCHING_BACKGROUND_FROM": "0"}
        stack.enter_context(jobs_workers(settings, env))
        _, port_a = stack.enter_context(gunicorn(settings, workers=3, threads=4, extra_env=env))
        _, port_b = stack.enter_context(gunicorn(settings, workers=3, threads=4, extra_env=env))
        proxy_port, stats = stack.enter_context(haproxy(folder, [port_a, port_b]))
        print(f"two hosts: gunicorn 3×4 on :{port_a} and :{port_b}, HAProxy :{proxy_port}, Redis {url}, "
              f"2 jobs workers, Neo4j with {partners} partners", flush=True)

        posted, seen = read_your_writes(port_a, port_b, idea, "bench0@load.example")
        print(f"read-your-writes: {seen}/{posted} comments seen through the other instance at once", flush=True)
        statuses = shared_limit(port_a, port_b)
        allowed = len([s for s in statuses if s != 429])
        print(f"shared rate limit: {allowed} answers before 429 asking A and B in turn (limit 10; "
              f"answers {Counter(statuses)})", flush=True)
        current, seen, keys, most, competency = revision_once(settings, [port_a, port_b], counts, args.settle)
        print(f"revision work: both instances current {current:.1f} s after the write (answers meanwhile "
              f"{dict(seen)}); {keys} result keys written "
              f"since, at most {most}× each; over the whole run {len(counts)} keys, at most "
              f"{max(counts.values(), default=0)}× each", flush=True)

        before = graph.query(COMMENTS, idea=idea)[0]["total"]
        latencies, errors, posts = mixed_load(proxy_port, idea, competency, args.clients, args.seconds, 1)
        after = graph.query(COMMENTS, idea=idea)[0]["total"]
        served = stats()
        print(f"\n{args.clients} clients through HAProxy for {args.seconds} s:")
        print(f"{'kind':8} {'n':>6} {'p50 ms':>8} {'p95 ms':>8}")
        for kind, values in latencies.items():
            p50, p95 = statistics.median(values) * 1000, percentile(values, 0.95) * 1000
            print(f"{kind:8} {len(values):6d} {p50:8.1f} {p95:8.1f}")
        print(f"errors: {sum(errors.values())} {dict(errors)}")
        print(f"writes: {posts} answered 303, {after - before} new comments in the graph "
              f"({'none lost' if after - before == posts else 'MISMATCH'})")
        print("requests per instance (HAProxy: sent, 5xx): " +
              ", ".join(f"{name} {sent} ({bad})" for name, (sent, bad) in served.items() if name != "BACKEND"),
              flush=True)


if __name__ == "__main__":
    main()

"""Benchmark: the CPU-pinning attack of issue 14 (finding 3) against gunicorn, while /healthz is watched.

Run: .venv/bin/python bench/load_overload.py [--watch 150] [--skip-import]
(ALLIANZ_NETWORK_MAX_JOBS and ALLIANZ_JOB_NICE pass through to gunicorn, to compare the job runner's settings.)
Loads the CORDIS data into the benchmark's Neo4j (unless --skip-import), starts gunicorn as
docs/operations.md runs it (3 workers, 4 threads, rate limits on with their default memory storage),
measures /healthz alone for 10 s (one request every 50 ms), then fires the attack from one address:
30 concurrent requests to /netzwerk/analyse.json?jahre=1..30 and 30 to /netzwerk/?fokus=<new value>,
and keeps measuring /healthz for --watch seconds (default 150 s: the jobs the attack starts run about a minute
in the job processes and are then put in place in the workers, which is part of what is measured).
Goal: /healthz p95 stays under 100 ms.
It also prints what the attack's requests got (200, 202 pending, 429 refused) and the memory of the workers
and of their job processes.
"""
import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_graph  # noqa: E402 - imported after the set-up above (path, environment)
from bench.load_server import get, gunicorn, load_cordis, percentile, with_cordis_option  # noqa: E402 - imported after the set-up above (path, environment)


def watch_health(host, port, seconds, interval=0.05):
    """Latencies (s) of /healthz, one request every `interval` for `seconds`, and the failures."""
    latencies, failures = [], 0
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        try:
            status, took = get(host, port, "/healthz", timeout=10)
            latencies.append(took)
            failures += status != 200
        except OSError:
            failures += 1
        time.sleep(interval)
    return latencies, failures


def attack(host, port):
    """Fire the 60 requests at once; returns their statuses."""
    paths = [f"/netzwerk/analyse.json?jahre={years}" for years in range(1, 31)]
    paths += [f"/netzwerk/?fokus=angriff-{index}-{time.time_ns()}" for index in range(30)]
    statuses = {}
    lock = threading.Lock()

    def one(path):
        try:
            status, _ = get(host, port, path, timeout=60)
        except OSError:
            status = "error"
        with lock:
            statuses[status] = statuses.get(status, 0) + 1
    threads = [threading.Thread(target=one, args=(path,)) for path in paths]
    for thread in threads:
        thread.start()
    return threads, statuses


def gunicorn_rss(port):
    """Resident memory (MB) of each gunicorn process serving allianz.wsgi on `port`, and of the job processes
    the workers started (`allianz.jobs`)."""
    processes = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            status = (entry / "status").read_text()
            processes[int(entry.name)] = (command, int(status.split("PPid:")[1].split()[0]),
                                          int(status.split("VmRSS:")[1].split()[0]) / 1024)
        except (OSError, IndexError):
            continue
    served = {pid for pid, (command, _parent, _rss) in processes.items()
              if b"gunicorn" in command and f"127.0.0.1:{port}".encode() in command}
    jobs = [rss for command, parent, rss in processes.values()
            if parent in served and b"spawn_main" in command and b"resource_tracker" not in command]
    return (sorted(round(rss) for pid, (_c, _p, rss) in processes.items() if pid in served),
            sorted(round(rss) for rss in jobs))


def peak_job_rss(port, seconds, found):
    """Sample the job processes' memory every 2 s for `seconds`; keeps the largest total and single one in `found`."""
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        jobs = gunicorn_rss(port)[1]
        if jobs:
            found["count"] = max(found.get("count", 0), len(jobs))
            found["largest"] = max(found.get("largest", 0), max(jobs))
        time.sleep(2)


def describe(label, latencies, failures):
    """One line of figures."""
    return (f"{label:<28} n={len(latencies):4d}  p50 {percentile(latencies, 0.5) * 1000:7.1f} ms  "
            f"p95 {percentile(latencies, 0.95) * 1000:7.1f} ms  max {max(latencies) * 1000:7.1f} ms  "
            f"failures {failures}")


def main():
    """Import, serve, watch, attack, watch, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--watch", type=int, default=150,
                        help="seconds to watch after the attack (default 150: until the jobs it started are done "
                             "and put in place in the workers, on this 2-core machine)")
    args = with_cordis_option(parser).parse_args()
    with bench_graph() as (_graph, settings):
        if not args.skip_import:
            load_cordis(settings)
        load_before = os.getloadavg()
        with gunicorn(settings, extra_env={"ALLIANZ_RATELIMIT": os.environ.get("ALLIANZ_RATELIMIT", "on")}) \
                as (host, port):
            get(host, port, "/netzwerk/", timeout=120)  # the snapshot read once, as after any start
            before = watch_health(host, port, 10)
            rss_before = gunicorn_rss(port)
            threads, statuses = attack(host, port)
            peak = {}
            sampler = threading.Thread(target=peak_job_rss, args=(port, args.watch, peak), daemon=True)
            sampler.start()
            during = watch_health(host, port, args.watch)
            for thread in threads:
                thread.join(timeout=60)
            rss_after = gunicorn_rss(port)
        load_after = os.getloadavg()
    print(f"gunicorn 3 workers x 4 threads, rate limits {os.environ.get('ALLIANZ_RATELIMIT', 'on')}, "
          f"background jobs per worker {os.environ.get('ALLIANZ_NETWORK_MAX_JOBS', '2 (default)')}, "
          f"their nice {os.environ.get('ALLIANZ_JOB_NICE', '19 (default)')}; attack: "
          f"30 x analyse.json?jahre=1..30 + 30 x /netzwerk/?fokus=<new>, all at once")
    print("load average (1, 5, 15 min) before %.2f %.2f %.2f, after %.2f %.2f %.2f" % (load_before + load_after))
    print(describe("/healthz before", *before))
    print(describe(f"/healthz {args.watch} s after the attack", *during))
    print(f"attack answers: {dict(sorted(statuses.items(), key=str))}")
    print(f"gunicorn RSS MB before {rss_before[0]}  after {rss_after[0]}; "
          f"job processes before {rss_before[1]}  after {rss_after[1]}; "
          f"during: at most {peak.get('count', 0)} at once, the largest {peak.get('largest', 0)} MB")
    p95 = percentile(during[0], 0.95) * 1000
    print(f"/healthz p95 under attack: {p95:.1f} ms (goal: < 100 ms) -> {'met' if p95 < 100 else 'NOT met'}")


if __name__ == "__main__":
    main()

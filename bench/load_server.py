"""Shared by the load benchmarks: gunicorn as docs/operations.md runs it, and small HTTP load clients.

The load itself comes from wrk (Debian's package `wrk`) when it is installed, else from a Python
client with one keep-alive connection per thread. Only loopback is used.
"""
import http.client
import re
import shutil
import socket
import statistics
import subprocess
import threading
import time
from contextlib import contextmanager

from bench.common import CORDIS, ROOT, app_env


def with_cordis_option(parser):
    """Add --skip-import (use the CORDIS graph already loaded) to a benchmark's arguments."""
    parser.add_argument("--skip-import", action="store_true", help="use the CORDIS graph that is loaded already")
    return parser


def load_cordis(settings):
    """`allianz import CORDIS --replace` into the benchmark's Neo4j."""
    subprocess.run([str(ROOT / ".venv" / "bin" / "allianz"), "import", str(CORDIS), "--replace"],
                   env=app_env(settings), check=True, capture_output=True)


def free_port():
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(settings, workers=3, threads=4, extra_env=None, started=None, stderr=subprocess.PIPE):
    """Run `allianz.wsgi:app` under gunicorn with the documented options; yields (host, port). `started(process)`,
    when given, is called with gunicorn's master process once it answers; `stderr`: where its log goes."""
    port = free_port()
    env = dict(app_env(settings), **(extra_env or {}))
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "allianz.wsgi:app", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--threads", str(threads), "--timeout", "30", "--graceful-timeout", "20"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = get("127.0.0.1", port, "/healthz")
                if status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not come up")
        if started:
            started(process)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:   # a worker still waiting on a job past the graceful timeout
            process.kill()
            process.wait(timeout=30)


def get(host, port, path, timeout=30):
    """One GET on a new connection: (status, seconds)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        answer.read()
        return answer.status, time.perf_counter() - started
    finally:
        connection.close()


def warm(host, port, path, times=5):
    """Request `path` a few times (caches filled, plans compiled) before it is measured."""
    for _ in range(times):
        get(host, port, path)


def load(host, port, path, clients=16, seconds=15):
    """Requests per second, p50 and p95 in ms, and non-2xx count for `clients` concurrent clients."""
    if shutil.which("wrk"):
        return load_wrk(host, port, path, clients, seconds)
    return load_python(host, port, path, clients, seconds)


def load_wrk(host, port, path, clients, seconds):
    """wrk with `clients` connections on 2 threads, latency distribution on."""
    done = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", f"http://{host}:{port}{path}"],
                          capture_output=True, text=True, check=True).stdout

    def millis(label):
        found = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)\b", done)
        value, unit = float(found.group(1)), found.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", done).group(1)), "p50": millis("50"),
            "tail": millis("99"), "tail_label": "p99", "errors": int(errors.group(1)) if errors else 0,
            "client": "wrk"}


def load_python(host, port, path, clients, seconds):
    """A keep-alive connection per thread, as many requests as it gets through in `seconds`."""
    latencies, errors, lock = [], [0], threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        connection = http.client.HTTPConnection(host, port, timeout=30)
        mine = []
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                answer = connection.getresponse()
                answer.read()
                status = answer.status
            except OSError:
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
                status = 0
            mine.append(time.perf_counter() - started)
            if status >= 400 or status == 0:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)
        connection.close()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {"rps": len(latencies) / elapsed, "p50": statistics.median(latencies) * 1000,
            "tail": percentile(latencies, 0.95) * 1000, "tail_label": "p95", "errors": errors[0], "client": "python"}


def percentile(values, share):
    """The `share` percentile (0..1) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def healthz_p95(host, port, seconds):
    """/healthz's p95 (ms) for one client asking as fast as it can for `seconds`."""
    connection, latencies = http.client.HTTPConnection(host, port, timeout=60), []
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        started = time.perf_counter()
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        latencies.append(time.perf_counter() - started)
        time.sleep(0.02)
    return percentile(latencies, 0.95) * 1000, len(latencies)

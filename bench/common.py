"""Shared by the benchmarks: a real Neo4j of their own (instance "bench"), timing, the data path, a keep-alive
HTTP client, and a watch of peak memory (processes' RSS, the server's largest transaction)."""
import http.client
import os
import statistics
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import psutil

from allianz import migrations
from allianz.db import graph_from_config
from allianz.localdb import LocalNeo4j
from config import Config

ROOT = Path(__file__).resolve().parent.parent
CORDIS = Path(os.environ.get("ALLIANZ_CORDIS", ROOT.parent / "shared" / "data" / "cordis-h2020-2014-2017"))
# The benchmarks' own local Neo4j; several checkouts on one machine give each its own instance and ports.
BENCH_INSTANCE = os.environ.get("ALLIANZ_BENCH_NEO4J_INSTANCE", "bench")
BENCH_BOLT_PORT = int(os.environ.get("ALLIANZ_BENCH_NEO4J_BOLT_PORT", 7689))
BENCH_HTTP_PORT = int(os.environ.get("ALLIANZ_BENCH_NEO4J_HTTP_PORT", 7476))
TX_MEMORY = "SHOW TRANSACTIONS YIELD estimatedUsedHeapMemory RETURN max(estimatedUsedHeapMemory) AS bytes"
CLEAR = "MATCH (n) WHERE NOT n:Migration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def bench_settings(instance=BENCH_INSTANCE, bolt_port=BENCH_BOLT_PORT, http_port=BENCH_HTTP_PORT, heap=None):
    """Config for a benchmark's own local Neo4j (default: instance "bench", Bolt 7689, or the
    ALLIANZ_BENCH_NEO4J_* variables; the default heap unless `heap` is given), or NEO4J_URI when set."""
    settings = {key: getattr(Config, key) for key in dir(Config) if key.isupper()}
    settings.update(LOCAL_NEO4J_INSTANCE=instance, LOCAL_NEO4J_BOLT_PORT=bolt_port, LOCAL_NEO4J_HTTP_PORT=http_port)
    if heap:
        settings["LOCAL_NEO4J_HEAP"] = heap
    return settings


@contextmanager
def bench_graph(instance=BENCH_INSTANCE, bolt_port=BENCH_BOLT_PORT, http_port=BENCH_HTTP_PORT, heap=None):
    """A migrated Graph on a benchmark's Neo4j; a local one is started (with `heap` when given) and stopped again
    if needed."""
    settings = bench_settings(instance, bolt_port, http_port, heap)
    server = None if settings.get("NEO4J_URI") else LocalNeo4j.from_config(settings)
    started = bool(server and server.start(echo=lambda message: None))
    graph = graph_from_config(settings)
    migrations.migrate(graph, settings["CYPHER_DIR"])
    try:
        yield graph, settings
    finally:
        graph.close()
        if started:
            server.stop(echo=lambda message: None)


def tree_cpu(pid):
    """CPU-seconds (user + system) of the process `pid` and all its descendants now (0 when it is gone)."""
    import psutil
    total = 0.0
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return total
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def neo4j_pid(settings):
    """The process id of the benchmark's local Neo4j (None when it runs elsewhere: NEO4J_URI)."""
    return None if settings.get("NEO4J_URI") else LocalNeo4j.from_config(settings).pid()


def timed(work):
    """Run `work()` and return (seconds, its result)."""
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def summary(values):
    """Median, min and max of a list of seconds, as text in ms."""
    return (f"median {statistics.median(values) * 1000:.1f} ms "
            f"(min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f}, n={len(values)})")


def app_env(settings):
    """Environment for an `allianz` command or a gunicorn on the benchmark's Neo4j (the code of this checkout)."""
    path = os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))
    return dict(os.environ, PYTHONPATH=path, ALLIANZ_LOCAL_NEO4J_INSTANCE=settings["LOCAL_NEO4J_INSTANCE"],
                ALLIANZ_LOCAL_NEO4J_BOLT_PORT=str(settings["LOCAL_NEO4J_BOLT_PORT"]),
                ALLIANZ_LOCAL_NEO4J_HTTP_PORT=str(settings["LOCAL_NEO4J_HTTP_PORT"]))


class Client:
    """One client on its own keep-alive connection, keeping the cookies the server sets (no log-in: the matcher's
    API and the pictures need none; `load_writes.Member` logs in)."""

    def __init__(self, host, port, source=None):
        self.host, self.port, self.source = host, port, source   # source: a loopback address to send from
        self.connection = self.connect()
        self.cookies = {}
        self.status = None

    def connect(self):
        """A new keep-alive connection to the server (from `source` when given)."""
        return http.client.HTTPConnection(self.host, self.port, timeout=60,
                                          source_address=(self.source, 0) if self.source else None)

    def request(self, method, path, form=None, body=None):
        """One request with the client's cookies (`form` sent urlencoded, a `body` as JSON); the answer's body as
        text, its status in `self.status`. A keep-alive the server ended is opened again once."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            headers["Content-Type"] = "application/json"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            answer = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionError):  # the server ended an idle keep-alive
            self.connection.close()
            self.connection = self.connect()
            self.connection.request(method, path, body=body, headers=headers)
            answer = self.connection.getresponse()
        text = answer.read().decode("utf-8", "replace")
        for header, value in answer.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        self.status = answer.status
        return text


class Peaks:
    """Polls, every 0.5 s in a thread, the RSS of processes found by name (`finders`: name -> a function returning
    psutil processes) and keeps each one's peak (MB, `rss`); also the largest transaction memory the server reports
    (bytes, `tx`) when given a graph."""

    def __init__(self, finders, graph=None):
        self.finders, self.graph = finders, graph
        self.rss = {name: 0.0 for name in finders}
        self.tx = 0

    def __enter__(self):
        self.running = True
        self.thread = threading.Thread(target=self.poll, daemon=True)
        self.thread.start()
        return self

    def poll(self):
        """Until stopped."""
        while self.running:
            for name, find in self.finders.items():
                try:
                    self.rss[name] = max(self.rss[name], sum(p.memory_info().rss for p in find()) / 2**20)
                except psutil.Error:
                    pass
            if self.graph is not None:
                try:
                    self.tx = max(self.tx, self.graph.run_autocommit(TX_MEMORY)[0]["bytes"] or 0)
                except Exception:  # noqa: BLE001 - a busy server may not answer a poll; the next one counts
                    pass
            time.sleep(0.5)

    def __exit__(self, *_):
        self.running = False
        self.thread.join()

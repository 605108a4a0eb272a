"""Work done once per revision for every worker and host (issue 23, item 2): two app processes that share the folder
on disk, or one real Redis (a redis-server the test starts on a free port), compute a revision's matcher index once;
with Redis a rate limit holds across two apps. Real Neo4j and real Redis throughout."""
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from datetime import date

import numpy as np
import pytest
import redis
from test_matching import COMPETENCIES, FIELDS, PARTICIPATIONS, PARTNERS, PROJECTS

from allianz import create_app, revision, shared
from allianz.exchange.loader import import_folder
from allianz.matching import cache

from conftest import test_settings
from exchange_helpers import write_folder
from test_mail import free_port


@pytest.fixture(scope="module")
def redis_url():
    """A real redis-server of this test module on a free port (bin/setup --test installs it), stopped afterwards."""
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: bin/setup --test installs it (Debian package redis-server)"
    port = free_port()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline and process.poll() is None, "redis-server did not start"
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture
def imported(graph, tmp_path):
    """The matcher's small test alliance, imported: (revision, generation) of the graph."""
    import_folder(graph, write_folder(tmp_path / "data", files={}, fields=FIELDS, competencies=COMPETENCIES,
                                      partners=PARTNERS, projects=PROJECTS, participations=PARTICIPATIONS))
    state = revision.state(graph)
    return state["revision"], revision.generation_of(state)


def build_in_own_app(settings, number, generation):
    """(In a process of its own, as a second worker or host is.) Build the matcher's index of revision `number` through
    the shared store; returns (how many indexes this process computed, the partners of the index it got)."""
    app = create_app(settings)
    with app.app_context():
        key = cache.build(number, generation, date.today())
        found = shared.store().get(key)
        return shared.store().computed, len(found)


def two_processes_build(settings, number, generation):
    """Run `build_in_own_app` in two processes at the same time."""
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        return pool.starmap(build_in_own_app, [(settings, number, generation)] * 2)


def test_two_processes_on_one_machine_build_a_revision_once_through_the_folder(imported, tmp_path):
    settings = dict(test_settings(), SHARED_CACHE_DIR=str(tmp_path / "cache"), REDIS_URL=None)
    results = two_processes_build(settings, *imported)
    assert sorted(computed for computed, _size in results) == [0, 1]   # one built it, the other loaded it
    assert [size for _computed, size in results] == [len(PARTNERS.splitlines()) - 1] * 2
    # What the other process loads is the index as this revision has it.
    app = create_app(settings)
    with app.app_context():
        from allianz.db import get_graph
        graph = get_graph()
        loaded = shared.store().get(("matching-index", graph.uri, graph.database, imported[1], imported[0],
                                     date.today().isoformat()))
        built = cache.build_index(imported[0], imported[1], date.today())
    assert loaded.partner_ids == built.partner_ids and (loaded.declared != built.declared).nnz == 0
    assert np.array_equal(loaded.activity, built.activity) and loaded.revision == imported[0]


def test_two_hosts_build_a_revision_once_through_redis(imported, redis_url, tmp_path):
    settings = dict(test_settings(), REDIS_URL=redis_url, SHARED_CACHE_DIR=str(tmp_path / "unused"))
    results = two_processes_build(settings, *imported)
    assert sorted(computed for computed, _size in results) == [0, 1]
    assert not (tmp_path / "unused").exists()   # nothing went through the folder
    assert redis.Redis.from_url(redis_url).keys("allianz:result:matching-index:*")


def test_a_rate_limit_holds_across_two_apps_that_share_redis(graph, redis_url):
    redis.Redis.from_url(redis_url).flushdb()
    settings = dict(test_settings(), REDIS_URL=redis_url, RATELIMIT_ENABLED=True, RATELIMIT_STRATEGY="moving-window")
    settings["RATELIMIT_STORAGE_URI"] = redis_url   # what config.py makes of ALLIANZ_REDIS_URL
    first, second = (create_app(settings).test_client() for _ in range(2))
    statuses = [client.get("/netzwerk/analyse.json").status_code for client in (first, second) * 6]
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429, 429]   # 10 a minute, counted together


def test_the_folder_store_computes_once_and_loads_after(tmp_path):
    store = shared.DiskStore(tmp_path)
    made = []
    value = {"matrix": np.arange(100_000, dtype=float), "name": "x"}
    assert store.once(("kind", 1), lambda: made.append(1) or value)["name"] == "x"
    again = store.once(("kind", 1), lambda: made.append(1) or value)
    assert made == [1] and isinstance(again["matrix"], np.memmap) and float(again["matrix"][-1]) == 99_999.0
    for number in range(2, 2 + shared.DISK_KEPT + 2):
        store.once(("kind", number), lambda: value)
    assert len([p for p in (tmp_path / "kind").iterdir() if p.is_dir()]) == shared.DISK_KEPT


def test_with_redis_the_jobs_go_to_the_queue_and_an_allianz_jobs_worker_does_them(imported, redis_url, graph):
    settings = dict(test_settings(), REDIS_URL=redis_url, MATCHING_BACKGROUND_FROM=0)
    app = create_app(settings)
    client = app.test_client()
    assert client.post("/api/matching", json={"team": ["t1"]}).status_code == 202   # queued: no job process
    environment = dict(os.environ, ALLIANZ_REDIS_URL=redis_url, ALLIANZ_JOB_NICE="0",
                       ALLIANZ_LOCAL_NEO4J_INSTANCE=settings["LOCAL_NEO4J_INSTANCE"],
                       ALLIANZ_LOCAL_NEO4J_BOLT_PORT=str(settings["LOCAL_NEO4J_BOLT_PORT"]),
                       ALLIANZ_LOCAL_NEO4J_HTTP_PORT=str(settings["LOCAL_NEO4J_HTTP_PORT"]))
    command = [sys.executable, "-c", "from allianz.cli import main; main()", "jobs", "worker", "--burst"]
    worker = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = worker.communicate(timeout=120)[0]
    assert worker.returncode == 0, output
    assert cache.wait_built(60)
    answer = client.post("/api/matching", json={"team": ["t1"]})
    assert answer.status_code == 200 and answer.get_json()["candidates"]
    assert shared.store(app).computed == 0   # the queue's worker built it, this app only loaded it
    assert redis.Redis.from_url(redis_url).keys("allianz:result:matching-index:*")

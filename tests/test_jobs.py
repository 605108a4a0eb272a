"""The one background job runner (`allianz.jobs`): jobs at a lower priority than requests, one per key,
capped per worker, through the network routes on a real Neo4j (issue 14, finding 3)."""
import os
import threading

import pytest

from allianz import jobs
from allianz.exchange.loader import import_folder
from allianz.matching import cache as matching_cache
from allianz.network import snapshot as snapshots
from conftest import DEMO_DIR


@pytest.fixture
def large(app, graph, monkeypatch):
    """The demo alliance treated as a large graph (background work from 1 partner on), one job per worker."""
    import_folder(graph, DEMO_DIR, replace=True)
    monkeypatch.setitem(app.config, "NETWORK_BACKGROUND_FROM", 1)
    monkeypatch.setitem(app.config, "NETWORK_MAX_JOBS", 1)
    yield graph
    assert jobs.wait_idle(60)


def held_job(key=("held",)):
    """Start a job that runs until the returned event is set."""
    release = threading.Event()
    job, started = jobs.start(key, "held", release.wait)
    assert started
    return job, release


def test_a_job_runs_at_a_lower_priority_than_the_requests():
    seen = {}

    def work():
        seen["nice"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    job, started = jobs.start(("priority",), "probe", work)
    assert started and job.done.wait(10)
    assert seen["nice"] == jobs.JOB_NICE == 19
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == 0  # the caller's stays as it was


def test_a_second_start_with_the_same_key_joins_the_running_job():
    job, release = held_job(("same",))
    again, started = jobs.start(("same",), "held", lambda: pytest.fail("the work ran twice"))
    assert again is job and started is False and jobs.count() == 1
    release.set()
    assert jobs.wait_idle(10) and jobs.running(("same",)) is None


def test_a_failing_job_is_forgotten_so_the_next_request_starts_it_again():
    def fail():
        raise RuntimeError("boom")
    job, _ = jobs.start(("failing",), "probe", fail)
    assert job.done.wait(10) and jobs.running(("failing",)) is None


def test_with_the_cap_reached_the_network_routes_answer_pending_and_start_nothing(client, large):
    _job, release = held_job()
    try:
        for path in ("/netzwerk/analyse.json", "/netzwerk/daten/allianz", "/netzwerk/analyse.json?jahre=3"):
            answer = client.get(path)
            assert answer.status_code == 202, path
            assert answer.get_json()["state"] == "pending"
            assert answer.headers["Retry-After"] == "2"
        assert jobs.count() == 1  # only the held job: no request started one
    finally:
        release.set()
    assert jobs.wait_idle(60)
    first = client.get("/netzwerk/daten/allianz")  # room again: this request starts the work
    assert first.status_code == 202
    assert jobs.wait_idle(60)
    assert client.get("/netzwerk/daten/allianz").status_code == 200
    assert client.get("/netzwerk/analyse.json").status_code == 200  # built by the same job


def test_the_matchers_index_build_counts_towards_the_cap_of_the_network_jobs(client, large):
    _job, release = held_job(("matching", "held"))  # a build of the matcher's index, running
    try:
        assert client.get("/netzwerk/daten/allianz").status_code == 202
        assert jobs.count() == 1
        built = matching_cache.start_build(large)  # the matcher's build is never refused, only counted
        assert built.key[0] == "matching" and jobs.count() == 2
    finally:
        release.set()
    assert matching_cache.wait_built(60)


def test_picture_variants_beyond_the_cap_push_out_the_least_recently_used(demo_client, neo4j_server):
    for text in [f"unbekannt-{number}" for number in range(3)]:  # texts that find nobody share one picture
        assert demo_client.get(f"/netzwerk/daten/allianz?fokus={text}").status_code == 200
    for limit in range(1, snapshots.MAX_MEMO + 5):
        assert demo_client.get(f"/netzwerk/daten/allianz?max={limit}").status_code == 200
        assert demo_client.get("/netzwerk/daten/allianz?max=2").status_code == 200  # kept in use
    snap = snapshots.snapshot(neo4j_server)
    limits = {key[2].limit for key in snap.memo if key[0] == "view"}
    assert len(snap.memo) == snapshots.MAX_MEMO
    assert 2 in limits and 1 not in limits and 3 not in limits  # used again: kept; the oldest went
    assert not any(key[2].focus == "\0" for key in snap.memo if key[0] == "view")

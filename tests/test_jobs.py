"""The one background job runner (`allianz.jobs`): jobs in a job process at a lower priority than requests,
one per key, capped per worker, through the network routes on a real Neo4j (issue 14, finding 3)."""
import os

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


def run_task(app, key, task):
    """Start `task` as a job, wait for it and return what `then` got (None when it failed)."""
    got = {}
    with app.app_context():
        job, started = jobs.start(key, "probe", task, then=lambda result: got.update(result=result))
    assert started and job.done.wait(60)
    return got.get("result")


def test_a_job_runs_in_another_process_at_a_lower_priority_than_the_requests(app):
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    assert run_task(app, ("priority",), jobs.Task(os.getpriority, (os.PRIO_PROCESS, 0))) == jobs.JOB_NICE == 19
    assert run_task(app, ("pid",), jobs.Task(os.getpid)) != os.getpid()
    assert os.getpriority(os.PRIO_PROCESS, 0) == ours  # the worker's own stays as it was


def test_the_job_process_works_on_the_apps_graph(app, graph):
    graph.execute("CREATE (:Partner {id: 'nur-hier', name: 'Nur hier'})")
    assert run_task(app, ("graph",), jobs.Task(count_partners)) == 1


def count_partners():
    """(In the job process.) How many partners the app's graph holds."""
    from allianz.db import query
    return query("MATCH (p:Partner) RETURN count(p) AS n")[0]["n"]


def test_a_second_start_with_the_same_key_joins_the_running_job(app, held_job):
    release = held_job(("same",))
    with app.app_context():
        again, started = jobs.start(("same",), "held", jobs.Task(os.abort))
    assert started is False and again is jobs.running(("same",)) and jobs.count() == 1
    release()
    assert jobs.wait_idle(30) and jobs.running(("same",)) is None


def test_a_failing_job_is_forgotten_so_the_next_request_starts_it_again(app):
    assert run_task(app, ("failing",), jobs.Task(int, ("kein Zahl",))) is None
    assert jobs.running(("failing",)) is None
    assert run_task(app, ("failing",), jobs.Task(int, ("42",))) == 42  # the job process still serves


def test_a_job_process_that_dies_fails_its_job_and_the_next_one_gets_a_new_process(app):
    first = run_task(app, ("pid", 1), jobs.Task(os.getpid))
    assert run_task(app, ("dies",), jobs.Task(os._exit, (3,))) is None
    second = run_task(app, ("pid", 2), jobs.Task(os.getpid))
    assert second and second != first


def test_with_the_cap_reached_the_network_routes_answer_pending_and_start_nothing(client, large, held_job):
    release = held_job()
    try:
        for path in ("/netzwerk/analyse.json", "/netzwerk/daten/allianz", "/netzwerk/analyse.json?jahre=3"):
            answer = client.get(path)
            assert answer.status_code == 202, path
            assert answer.get_json()["state"] == "pending"
            assert answer.headers["Retry-After"] == "2"
        assert jobs.count() == 1  # only the held job: no request started one
    finally:
        release()
    assert jobs.wait_idle(60)
    first = client.get("/netzwerk/daten/allianz")  # room again: this request starts the work
    assert first.status_code == 202
    assert jobs.wait_idle(60)
    assert client.get("/netzwerk/daten/allianz").status_code == 200
    assert client.get("/netzwerk/analyse.json").status_code == 200  # built by the jobs that follow it


def test_the_matchers_index_is_built_in_its_own_lane_not_behind_the_pictures(app, client, large, held_job,
                                                                             monkeypatch):
    monkeypatch.setitem(app.config, "MATCHING_BACKGROUND_FROM", 1)
    release = held_job()   # the network's job process is busy (minutes of pictures at 100k partners)
    try:
        assert client.get("/netzwerk/daten/allianz").status_code == 202   # the network's cap is reached
        asked = client.post("/api/matching", json={"needs": ["daten"], "top": 3})
        assert asked.status_code == 202   # the index of the new data is being built …
        assert matching_cache.wait_built(60)   # … in the matcher's own job process, while the pictures' one is held
        answer = client.post("/api/matching", json={"needs": ["daten"], "top": 3})
        assert answer.status_code == 200 and answer.get_json()["candidates"]
        assert jobs.running(("held",)) is not None and jobs.count() == 1
    finally:
        release()
    assert jobs.wait_idle(60)


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

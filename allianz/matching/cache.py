"""The matcher's index per process and graph: rebuilt when the graph's revision (or the day) moves on, on large
graphs in the background (`allianz.jobs`: in the job process) while requests hear `Building`.
"""
import threading
import time
from datetime import date

from flask import g, has_request_context

from .. import jobs, revision, shared
from ..db import get_graph, single_row
from . import queries
from .index import GraphRows, MatchIndex, as_date, partner_dicts, project_dicts

_cache = {}
_lock = threading.Lock()
PARTNER_COUNT = "MATCH (p:Partner) RETURN count(p) AS partners"


class Building(jobs.InProgress):
    """The index of the graph's new revision is being built in the background."""

    def __init__(self, started):
        super().__init__("matching index is being built", started)


def _fresh(found, number, generation, day):
    """Whether a cached index is of this revision, generation and day."""
    return found is not None and found.revision == number and found.generation == generation and found.asof == day


def cached_index(graph, asof=None, background_from=None, then=None):
    """The index of `graph`, rebuilt when the graph's revision (or the day) has changed.

    One Bolt round trip per call (the revision). After small writes the index kept catches up by re-reading what
    they touched, where that is cheap (`catch_up`). Without `background_from` a rebuild happens here (the batch,
    the evaluation). With it, a graph of at least that many partners is rebuilt in the background: meanwhile the
    index kept is served when it is of the same generation (saying since when it is behind: `stand`), and
    `Building` is raised only when there is none (the first request, an import that replaced the data); smaller
    graphs are built here. `then(index)` runs in this worker once the new index is in use (derived results).
    """
    key = (graph.uri, graph.database)
    day = as_date(asof) or date.today()
    state = revision.state(graph)
    number, generation = state["revision"], revision.generation_of(state)
    found = _cache.get(key)
    if _fresh(found, number, generation, day):
        return found
    same = found is not None and found.generation == generation and found.asof == day
    if same:
        caught = catch_up(graph, key, found)
        if caught is not None:
            return caught
    if background_from is not None and graph.query(PARTNER_COUNT)[0]["partners"] >= background_from:
        job = start_build(graph, number, day, then, generation)
        if not same:
            raise Building(job.started)
        found.superseded_at = found.superseded_at or time.time()
        note_stale(found.superseded_at)
        return found
    with _lock:
        found = _cache.get(key)
        if not _fresh(found, number, generation, day):
            found = MatchIndex(GraphRows.from_graph(graph), asof=day, revision_number=number)
            found.generation = generation
            _cache[key] = found
        return found


def catch_up(graph, key, found):
    """`found` brought to the graph's current revision by re-reading the partners and projects the small writes since
    touched and applying them (`MatchIndex.patched`: milliseconds), and kept; None when that is not cheap."""
    with _lock:
        if _cache.get(key) is not found:
            return None
        changed = graph.read(read_changed(found))
        if changed is None:
            return None
        patched = found.patched(*changed)
        if patched is not None:
            _cache[key] = patched
        return patched


def read_changed(found):
    """Transaction function: (revision, partners, projects, participations, partner ids, project ids) changed since
    the index `found`, or None when the change log cannot name them (`revision.touched_ids`)."""
    def work(tx):
        touched = revision.touched_ids(tx, found.generation, found.revision)
        if touched is None:
            return None
        state, partner_ids, project_ids = touched
        partners = partner_dicts(single_row(tx, queries.PARTNER_ROWS_OF, {"ids": partner_ids})["rows"])
        projects, participations = project_dicts(single_row(tx, queries.PROJECT_ROWS_OF, {"ids": project_ids})["rows"])
        return state["revision"], partners, projects, participations, partner_ids, project_ids
    return work


def note_stale(since):
    """Note for this request that the index it uses is behind the graph since `since` (time.time())."""
    if has_request_context():
        g.matching_stale_since = since


def stand():
    """Whole seconds the index this request used is behind the graph, or None when it is current."""
    since = g.get("matching_stale_since") if has_request_context() else None
    return None if since is None else max(0, int(time.time() - since))


def start_build(graph, number=None, asof=None, then=None, generation=None):
    """Start building the index of `graph` (revision `number`, default the current one) as a background job
    (`allianz.jobs`: once per graph, in the matcher's own job process at low priority, so never behind the network's
    pictures); returns the running `jobs.Job`. Call it
    inside an app context of the app on `graph`, e.g. after an import to have the index ready ahead of time.
    `then(index)` runs in this worker right after the index is in use (derived results to prepare)."""
    key = (graph.uri, graph.database)
    if number is None or generation is None:
        state = revision.state(graph)
        number, generation = state["revision"], revision.generation_of(state)
    day = as_date(asof) or date.today()
    store = shared.store()

    def adopt(stored):
        built = store.get(stored)
        if built is None:
            return   # no longer stored (pruned meanwhile): the next request starts the build again
        with _lock:
            kept = _cache.get(key)
            if kept is not None and kept.generation == built.generation and kept.asof == built.asof \
                    and kept.revision > built.revision:
                return   # caught up meanwhile past what the job read
            _cache[key] = built
        if then is not None:
            then(built)
    job, _started = jobs.start(("matching",) + key, "matching index", jobs.Task(build, (number, generation, day)),
                               then=adopt, lane=jobs.MATCHING)
    return job


def build(number, generation, day):
    """(In the job process.) Build the index of the app's graph as of `day`, known as revision `number`, once for every
    worker and host (`allianz.shared`: another one's is loaded instead); returns the key it is stored under."""
    graph = get_graph()
    key = ("matching-index", graph.uri, graph.database, generation, number, day.isoformat())
    shared.store().once(key, lambda: build_index(number, generation, day))
    return key


def build_index(number, generation, day):
    """The index of the app's graph as of `day`, known as revision `number` of `generation`."""
    built = MatchIndex(GraphRows.from_graph(get_graph()), asof=day, revision_number=number)
    built.generation = generation
    return built


def wait_built(timeout=60):
    """Wait until no background build runs (tests, benchmarks); True when idle."""
    return jobs.wait_idle(timeout, kind="matching")


def clear_cache():
    """Forget every cached index (tests, or after a bulk change outside Allianz)."""
    with _lock:
        _cache.clear()

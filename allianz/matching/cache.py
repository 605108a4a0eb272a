"""The matcher's index per process and graph: rebuilt when the graph's revision (or the day) moves on, on large
graphs in a background thread while requests hear `Building`.
"""
import logging
import threading
import time
from datetime import date

from .. import revision
from .index import MatchIndex, Snapshot, as_date

_cache = {}
_builds = {}   # graph key -> Build running in the background
_lock = threading.Lock()
log = logging.getLogger(__name__)
PARTNER_COUNT = "MATCH (p:Partner) RETURN count(p) AS partners"


class Building(Exception):
    """The index of the graph's new revision is being built in the background; `started` is when (monotonic)."""

    def __init__(self, started):
        super().__init__("matching index is being built")
        self.started = started

    @property
    def seconds(self):
        """How long the build has been running, in whole seconds."""
        return int(time.monotonic() - self.started)


class Build:
    """One background build of a graph's index, known by its graph key while it runs."""

    def __init__(self, revision_number, day):
        self.revision = revision_number
        self.day = day
        self.started = time.monotonic()
        self.done = threading.Event()


def _fresh(found, number, day):
    """Whether a cached index is of this revision and day."""
    return found is not None and found.revision == number and found.asof == day


def cached_index(graph, asof=None, background_from=None, then=None):
    """The index of `graph`, rebuilt when the graph's revision (or the day) has changed.

    One Bolt round trip per call (the revision). Without `background_from` a rebuild happens here (the batch,
    the evaluation). With it, a graph of at least that many partners is rebuilt in a background thread and
    `Building` is raised meanwhile, so no request waits seconds for it; smaller graphs are built here.
    `then(index)` runs in the background thread once the new index is in use (derived results to prepare).
    """
    key = (graph.uri, graph.database)
    day = as_date(asof) or date.today()
    number = revision.current(graph)
    found = _cache.get(key)
    if _fresh(found, number, day):
        return found
    if background_from is not None and graph.query(PARTNER_COUNT)[0]["partners"] >= background_from:
        raise Building(start_build(graph, number, day, then).started)
    with _lock:
        found = _cache.get(key)
        if not _fresh(found, number, day):
            found = MatchIndex(Snapshot.from_graph(graph), asof=day, revision_number=number)
            _cache[key] = found
        return found


def start_build(graph, number=None, asof=None, then=None):
    """Start building the index of `graph` (revision `number`, default the current one) in a background thread,
    once per graph; returns the running `Build`. Call it after an import to have the index ready ahead of time.
    `then(index)` runs in that thread right after the index is in use."""
    key = (graph.uri, graph.database)
    number = revision.current(graph) if number is None else number
    day = as_date(asof) or date.today()
    with _lock:
        job = _builds.get(key)
        if job is not None:
            return job
        job = _builds[key] = Build(number, day)

    def run():
        try:
            built = MatchIndex(Snapshot.from_graph(graph), asof=day, revision_number=number)
            with _lock:
                _cache[key] = built
            if then is not None:
                then(built)
        except Exception:  # noqa: BLE001 - logged; the next request starts it again
            log.exception("matching: building the index failed")
        finally:
            with _lock:
                _builds.pop(key, None)
            job.done.set()
    threading.Thread(target=run, name="matching-index", daemon=True).start()
    return job


def wait_built(timeout=60):
    """Wait until no background build runs (tests, benchmarks); True when idle."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _lock:
            jobs = list(_builds.values())
        if not jobs:
            return True
        jobs[0].done.wait(max(0.0, deadline - time.monotonic()))
    with _lock:
        return not _builds


def clear_cache():
    """Forget every cached index (tests, or after a bulk change outside Allianz)."""
    with _lock:
        _cache.clear()

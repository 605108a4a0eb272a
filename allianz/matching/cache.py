"""The matcher's index per process and graph: rebuilt when the graph's revision (or the day) moves on, on large
graphs in the background (`allianz.jobs`: in the job process) while requests hear `Building`.
"""
import threading
import time
from datetime import date

from .. import jobs, revision
from ..db import get_graph
from .index import GraphRows, MatchIndex, as_date

_cache = {}
_lock = threading.Lock()
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


def _fresh(found, number, day):
    """Whether a cached index is of this revision and day."""
    return found is not None and found.revision == number and found.asof == day


def cached_index(graph, asof=None, background_from=None, then=None):
    """The index of `graph`, rebuilt when the graph's revision (or the day) has changed.

    One Bolt round trip per call (the revision). Without `background_from` a rebuild happens here (the batch,
    the evaluation). With it, a graph of at least that many partners is rebuilt in the background and
    `Building` is raised meanwhile, so no request waits seconds for it; smaller graphs are built here.
    `then(index)` runs in this worker once the new index is in use (derived results to prepare).
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
            found = MatchIndex(GraphRows.from_graph(graph), asof=day, revision_number=number)
            _cache[key] = found
        return found


def start_build(graph, number=None, asof=None, then=None):
    """Start building the index of `graph` (revision `number`, default the current one) as a background job
    (`allianz.jobs`: once per graph, in the job process at low priority); returns the running `jobs.Job`. Call it
    inside an app context of the app on `graph`, e.g. after an import to have the index ready ahead of time.
    `then(index)` runs in this worker right after the index is in use (derived results to prepare)."""
    key = (graph.uri, graph.database)
    number = revision.current(graph) if number is None else number
    day = as_date(asof) or date.today()

    def adopt(built):
        with _lock:
            _cache[key] = built
        if then is not None:
            then(built)
    job, _started = jobs.start(("matching",) + key, "matching index", jobs.Task(build, (number, day)), then=adopt)
    return job


def build(number, day):
    """(In the job process.) The index of the app's graph as of `day`, known as revision `number`."""
    return MatchIndex(GraphRows.from_graph(get_graph()), asof=day, revision_number=number)


def wait_built(timeout=60):
    """Wait until no background build runs (tests, benchmarks); True when idle."""
    return jobs.wait_idle(timeout, kind="matching")


def clear_cache():
    """Forget every cached index (tests, or after a bulk change outside Allianz)."""
    with _lock:
        _cache.clear()

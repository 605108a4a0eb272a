"""Heavy work on large graphs runs in a background thread; meanwhile requests answer "wird berechnet".

Why: at CORDIS scale (9,039 partners) reading the snapshot takes 2–3 s and the analytics several
seconds more. Blocking the first request after an import for that long is what a product should
not do, and computing it at import time would tie the importer to this module. So a request that
notices a new revision on a large graph (at least `NETWORK_BACKGROUND_FROM` partners, default
2,000) starts one background job per piece of work and answers at once: JSON with HTTP 202 and
`{"state": "pending", ...}`, pages with a short page and a link to load them again. The job reads
the snapshot, then builds the default pictures and the analytics, so the next requests are served
from the cache. Smaller graphs are computed in the request, as before: well under a second.

Bounded: at most `NETWORK_MAX_JOBS` (app config, default 2) background jobs run at once per worker;
beyond that a request gets the same "wird berechnet" answer without starting anything, and asks again
later. Only a few kinds of job exist (the snapshot, the communities, the analytics: one each per
revision), because the parameters a visitor can vary (`jahre=`, `fokus=`, `max=` …) are clamped to
what the UI offers and cost no background work of their own.

`warm(app, graph)` does the same work in the calling thread, for a deployment step or a benchmark.
"""
import logging
import threading
import time

from flask import current_app
from flask_babel import force_locale

from ..labels import current_locale
from . import analytics, views
from .filters import COMMUNITIES, MAX_LIMIT, Filters
from .snapshot import cached, probe, read, snapshot

log = logging.getLogger(__name__)

BACKGROUND_FROM = 2000  # partners; smaller graphs are computed in the request
RETRY_AFTER = 2         # seconds a client is asked to wait before asking again
MAX_JOBS = 2            # background jobs at once per worker (config NETWORK_MAX_JOBS)

_lock = threading.Lock()
_jobs = {}  # key -> Job (running only)


class Pending(Exception):
    """The answer is being computed in the background; `started` is when (time.monotonic())."""

    def __init__(self, what, started, queued=False):
        super().__init__(what)
        self.what = what
        self.started = started
        self.queued = queued  # not started yet: as many jobs as allowed run already

    @property
    def seconds(self):
        """How long the work has been running, in whole seconds."""
        return int(time.monotonic() - self.started)


class Job:
    """One piece of background work, known by its key while it runs."""

    def __init__(self, key, what):
        self.key = key
        self.what = what
        self.started = time.monotonic()
        self.done = threading.Event()


def background_from(app=None):
    """From how many partners on work is done in the background (config NETWORK_BACKGROUND_FROM)."""
    return (app or current_app).config.get("NETWORK_BACKGROUND_FROM", BACKGROUND_FROM)


def is_large(partners, app=None):
    """Whether a graph of `partners` partners is worked on in the background."""
    return partners >= background_from(app)


def max_jobs(app=None):
    """How many background jobs may run at once in this worker (config NETWORK_MAX_JOBS)."""
    return (app or current_app).config.get("NETWORK_MAX_JOBS", MAX_JOBS)


def running(key):
    """The job running under `key`, or None."""
    with _lock:
        return _jobs.get(key)


def run_once(key, what, work):
    """Run `work()` here unless a job with `key` runs already (then wait for it); known as running meanwhile."""
    with _lock:
        job = _jobs.get(key)
        mine = job is None
        if mine:
            job = _jobs[key] = Job(key, what)
    if not mine:
        job.done.wait()
        return
    try:
        work()
    finally:
        with _lock:
            if _jobs.get(key) is job:
                del _jobs[key]
        job.done.set()


def start(key, what, work):
    """Start `work()` in a background thread (once per key, in this app and UI language), then raise Pending."""
    with _lock:
        job = _jobs.get(key)
        if job is not None:
            raise Pending(what, job.started)
        if len(_jobs) >= max_jobs():
            raise Pending(what, time.monotonic(), queued=True)
        job = _jobs[key] = Job(key, what)
    app = current_app._get_current_object()
    locale = current_locale()

    def run():
        try:
            with app.test_request_context("/netzwerk/"), force_locale(locale):
                work()
        except Exception:  # noqa: BLE001 - logged; the next request starts it again
            log.exception("network: background job %r failed", key)
        finally:
            with _lock:
                if _jobs.get(key) is job:
                    del _jobs[key]
            job.done.set()
    threading.Thread(target=run, name=f"netzwerk-{key[0]}", daemon=True).start()
    raise Pending(what, job.started)


def wait_idle(timeout=60):
    """Wait until no background job runs (tests, benchmarks); True when idle."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _lock:
            jobs = list(_jobs.values())
        if not jobs:
            return True
        jobs[0].done.wait(max(0.0, deadline - time.monotonic()))
    with _lock:
        return not _jobs


def current(graph):
    """The snapshot of `graph` at its current revision. On a large graph a new revision is read in the
    background, which then builds the defaults (`warm_defaults`); meanwhile `Pending` is raised."""
    token, partners = probe(graph)
    found = cached(graph, token)
    if found is not None:
        return found
    if is_large(partners):
        key = (graph.uri, graph.database)
        start(("snapshot", key, token), "snapshot", lambda: warm_defaults(read(graph, key, token)))
    return read(graph, (graph.uri, graph.database), token)


def warm_defaults(snap):
    """Build what the first visitors ask for on a new revision: the default pictures, communities, analytics."""
    views.build(snap, "allianz", Filters())
    views.build(snap, "partner-projekte", Filters())
    run_once(("communities", snap.token), "communities", lambda: analytics.community_groups(snap))
    views.build(snap, "allianz", Filters(mode=COMMUNITIES))
    run_once(analytics.job_key(snap), "analytics", lambda: analytics.compute(snap))
    views.build(snap, "allianz", Filters(limit=MAX_LIMIT))


def warm(app, graph):
    """Read the snapshot and build the defaults now, in this thread (`flask shell`, deployment, benchmarks)."""
    with app.test_request_context("/netzwerk/"):
        snap = snapshot(graph)
        warm_defaults(snap)
        return snap

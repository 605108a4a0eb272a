"""Heavy work on large graphs runs in the background (the job process); meanwhile requests answer "wird berechnet".

Why: at CORDIS scale (9,039 partners) reading the snapshot takes 2–3 s and the analytics several
seconds more. Blocking the first request after an import for that long is what a product should
not do, and computing it at import time would tie the importer to this module. So a request that
notices a new revision on a large graph (at least `NETWORK_BACKGROUND_FROM` partners, default
2,000) starts one background job per piece of work and answers at once: JSON with HTTP 202 and
`{"state": "pending", ...}`, pages with a short page and a link to load them again. The job reads
the snapshot, then builds the default pictures and the analytics, so the next requests are served
from the cache. Smaller graphs are computed in the request, as before: well under a second.

Bounded: the jobs are `allianz.jobs` ones (done in the worker's job process at a lower priority than requests,
each a step of STEPS on the snapshot read there, which is then sent back and adopted here), and at most
`NETWORK_MAX_JOBS` (a setting, default 2) background jobs run at once per worker; beyond that a
request gets the same "wird berechnet" answer without starting anything, and asks again later. Only a few kinds
of job exist (the snapshot, the communities, the analytics: one each per revision), because the parameters a
visitor can vary (`jahre=`, `fokus=`, `max=` …) are clamped to what the UI offers and cost no background work of
their own.

`precompute(app, graph)` does the same work in the calling thread, for a deployment step or a benchmark.
"""
import time

from flask import current_app
from flask_babel import force_locale

from .. import jobs
from ..db import get_graph
from ..labels import current_locale
from . import analytics, views
from .filters import COMMUNITIES, MAX_LIMIT, Filters
from .snapshot import adopt, cached, probe, read, snapshot

RETRY_AFTER = 2         # seconds a client is asked to wait before asking again


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


def background_from(app=None):
    """From how many partners on work is done in the background (setting NETWORK_BACKGROUND_FROM)."""
    return (app or current_app).config["NETWORK_BACKGROUND_FROM"]


def is_large(partners, app=None):
    """Whether a graph of `partners` partners is worked on in the background."""
    return partners >= background_from(app)


def max_jobs(app=None):
    """How many background jobs may run at once in this worker (setting NETWORK_MAX_JOBS)."""
    return (app or current_app).config["NETWORK_MAX_JOBS"]


running = jobs.running
run_once = jobs.run_here
wait_idle = jobs.wait_idle


def start(key, what, step):
    """Start the background job `step` (a name of STEPS) on the graph's snapshot in the job process
    (`allianz.jobs`: once per key, capped per worker, at low priority) in this UI language, then raise Pending.
    When it is done, the snapshot it worked on, with all it derived, is put in place in this worker."""
    graph = get_graph()
    place = (graph.uri, graph.database)
    try:
        job, _started = jobs.start(key, what, jobs.Task(in_job_process, (step, current_locale())), limit=max_jobs(),
                                   then=lambda snap: adopt(place, snap))
    except jobs.Full:
        raise Pending(what, time.monotonic(), queued=True) from None
    raise Pending(what, job.started)


def in_job_process(step, locale):
    """(In the job process.) The graph's current snapshot with `step` worked out on it, to send to the worker."""
    with current_app.test_request_context("/netzwerk/"), force_locale(locale):
        snap = snapshot(get_graph())
        STEPS[step](snap)
    return snap


def current(graph):
    """The snapshot of `graph` at its current revision. On a large graph a new revision is read in the
    background, which then builds the defaults (`warm_defaults`); meanwhile `Pending` is raised."""
    token, partners = probe(graph)
    found = cached(graph, token)
    if found is not None:
        return found
    key = (graph.uri, graph.database)
    if is_large(partners):
        start(("snapshot", key, token), "snapshot", "defaults")
    return read(graph, key, token)


def warm_defaults(snap):
    """Build what the first visitors ask for on a new revision: the default pictures, communities, analytics."""
    views.build(snap, "allianz", Filters())
    views.build(snap, "partner-projekte", Filters())
    run_once(("communities", snap.token), "communities", lambda: analytics.community_groups(snap))
    views.build(snap, "allianz", Filters(mode=COMMUNITIES))
    run_once(analytics.job_key(snap), "analytics", lambda: analytics.compute(snap))
    views.build(snap, "allianz", Filters(limit=MAX_LIMIT))


STEPS = {"defaults": warm_defaults, "communities": analytics.community_groups, "analytics": analytics.compute}


def precompute(app, graph):
    """Read the snapshot and build the defaults now, in this thread (`flask shell`, deployment, benchmarks)."""
    with app.test_request_context("/netzwerk/"):
        snap = snapshot(graph)
        warm_defaults(snap)
        return snap

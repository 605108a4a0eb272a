"""Heavy work on large graphs runs in the background (the job process); meanwhile requests answer "wird berechnet".

Why: at CORDIS scale (9,039 partners) reading the snapshot takes 2–3 s and the analytics several
seconds more. Blocking the first request after an import for that long is what a product should
not do, and computing it at import time would tie the importer to this module. So a request that
notices a new revision on a large graph (at least `NETWORK_BACKGROUND_FROM` partners, default
2,000) starts one background job per piece of work and answers at once: JSON with HTTP 202 and
`{"state": "pending", ...}`, pages with a short page and a link to load them again. The first job reads
the snapshot and builds the default pictures, and hands them over at once; the communities and then the
analytics (three quarters of the work at 100k partners, needed only by the community and analytics pages, which
say "wird berechnet" until then) follow as jobs of their own (`FOLLOWING`). Smaller graphs are computed in the
request, as before: well under a second.

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

from flask import current_app, g, has_request_context
from flask_babel import force_locale

from .. import jobs, shared
from ..db import get_graph
from ..labels import current_locale
from . import analytics, views
from .filters import COMMUNITIES, MAX_LIMIT, Filters
from .snapshot import adopt, cached, catch_up, kept_snapshot, probe, read, snapshot

RETRY_AFTER = 2         # seconds a client is asked to wait before asking again


class Pending(jobs.InProgress):
    """The answer is being computed in the background."""

    def __init__(self, what, started, queued=False):
        super().__init__(what, started)
        self.what = what
        self.queued = queued  # not started yet: as many jobs as allowed run already


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
    When it is done, the snapshot it worked on, with all it derived, is put in place in this worker, and the step
    that follows it (`FOLLOWING`) starts as a job of its own."""
    graph = get_graph()
    try:
        job = launch(current_app._get_current_object(), (graph.uri, graph.database), key, what, step, current_locale(),
                     limit=max_jobs())
    except jobs.Full:
        raise Pending(what, time.monotonic(), queued=True) from None
    raise Pending(what, job.started)


def launch(app, place, key, what, step, locale, limit=None):
    """Start the job `step` under `key` (or join the one running) and return it; when it is done, its snapshot is
    adopted for the graph `place` and the next step (`FOLLOWING`) launched in turn, without a cap: it takes the place
    of the one that ended. Raises `jobs.Full` (with `limit`) as `jobs.start` does."""
    store = shared.store(app)

    def then(stored):
        fresh = store.get(stored)
        adopt(place, fresh)
        following = FOLLOWING.get(step)
        if fresh is not None and following is not None:
            with app.app_context():
                launch(app, place, following_key(following, fresh), following, following, locale)
    job, _started = jobs.start(key, what, jobs.Task(in_job_process, (step, locale)), limit=limit, then=then)
    return job


def following_key(step, snap):
    """The job key of `step` on `snap`: the one the pages start it under (`service.community_groups`, `figures_for`),
    so that a page asking meanwhile joins it."""
    return ("communities", snap.token) if step == "communities" else analytics.job_key(snap)


def refresh(key, what, step):
    """Start the background job as `start` does, without raising: the caller serves an earlier result meanwhile."""
    try:
        start(key, what, step)
    except Pending:
        pass


def in_job_process(step, locale):
    """(In the job process.) The graph's current snapshot with `step` worked out on it, stored once for every worker
    and host of this revision (`allianz.shared`: another one's is loaded instead); returns the key it is stored under.
    """
    graph = get_graph()
    token, _partners, generation = probe(graph)
    key = ("network", graph.uri, graph.database, generation, token, step, locale)
    shared.store().once(key, lambda: worked_out(step, locale))
    return key


def worked_out(step, locale):
    """The graph's current snapshot with `step` worked out on it."""
    with current_app.test_request_context("/netzwerk/"), force_locale(locale):
        snap = caught_up(get_graph())
        STEPS[step](snap)
    return snap


def caught_up(graph):
    """The snapshot of `graph` at its current revision: the one kept, caught up after small writes where it can be,
    else read anew (in the job process: the snapshot it worked on last, if it still runs)."""
    token, _partners, generation = probe(graph)
    found = cached(graph, token)
    if found is not None:
        return found
    kept = kept_snapshot(graph)
    if kept is not None and kept.generation == generation:
        found = catch_up(graph, (graph.uri, graph.database), kept)
        if found is not None:
            return found
    return snapshot(graph)


def current(graph):
    """The snapshot of `graph` at its current revision. After small writes the one kept catches up by re-reading
    what they touched (milliseconds: `snapshot.catch_up`). When it cannot (a change the change log cannot name) on
    a large graph, the new revision is read in the background, which then builds the defaults (`warm_defaults`),
    and the one kept is served meanwhile, saying since when it is behind (`stand`); when nothing of this
    generation is kept (the first request, an import that replaced the data) `Pending` is raised."""
    token, partners, generation = probe(graph)
    found = cached(graph, token)
    if found is not None:
        return found
    key = (graph.uri, graph.database)
    kept = kept_snapshot(graph)
    if kept is not None and kept.generation == generation:
        found = catch_up(graph, key, kept)
        if found is not None:
            return found
        if is_large(partners):
            refresh(("snapshot", key, token), "snapshot", "defaults")
            kept.superseded_at = kept.superseded_at or time.time()
            note_stale(kept.superseded_at)
            return kept
    if is_large(partners):
        start(("snapshot", key, token), "snapshot", "defaults")
    return read(graph, key, token)


def note_stale(since):
    """Note for this request that what it shows is behind the graph since `since` (time.time()); `stand` tells."""
    if has_request_context():
        g.network_stale_since = min(since, g.get("network_stale_since", since))


def stand():
    """Whole seconds the results this request served are behind the graph, or None when they are current."""
    since = g.get("network_stale_since") if has_request_context() else None
    return None if since is None else max(0, int(time.time() - since))


def warm_defaults(snap):
    """Build what the first visitors ask for on a new revision: the default pictures (the snapshot is handed over
    with them at once; the communities and the analytics follow as jobs of their own, `FOLLOWING`)."""
    views.build(snap, "allianz", Filters())
    views.build(snap, "partner-projekte", Filters())


def warm_communities(snap):
    """The communities and the picture of them (only the community pages need them: they say "wird berechnet")."""
    run_once(("communities", snap.token), "communities", lambda: analytics.community_groups(snap))
    views.build(snap, "allianz", Filters(mode=COMMUNITIES))


def warm_analytics(snap):
    """The analytics figures and the largest alliance picture."""
    run_once(analytics.job_key(snap), "analytics", lambda: analytics.compute(snap))
    views.build(snap, "allianz", Filters(limit=MAX_LIMIT))


STEPS = {"defaults": warm_defaults, "communities": warm_communities, "analytics": warm_analytics}
FOLLOWING = {"defaults": "communities", "communities": "analytics"}   # each step's successor, a job of its own


def precompute(app, graph):
    """Read the snapshot and do every step now, in this thread (`flask shell`, deployment, benchmarks)."""
    with app.test_request_context("/netzwerk/"):
        snap = caught_up(graph)
        for step in STEPS.values():
            step(snap)
        return snap

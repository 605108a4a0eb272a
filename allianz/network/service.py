"""What the network routes call: the snapshot of the app's graph, a picture built on it, the analytics.

Each is computed in the request on a small graph; on a large one the work starts in the background and
`background.Pending` is raised meanwhile (the routes answer 202 "wird berechnet").
"""
from ..db import get_graph
from . import analytics, background, views
from .filters import COMMUNITIES, Filters

Pending = background.Pending
RETRY_AFTER = background.RETRY_AFTER


def current_snapshot():
    """The snapshot of the app's graph at its current revision; on a large graph a new revision is read in the
    background (`Pending`)."""
    return background.current(get_graph())


def in_background(snap, ready, key, what, work, result_key):
    """Run `work(snap)` here when it is cached or the graph is small; else start it in the background (Pending):
    `what` names the job and its step in `background.STEPS`. A result carried over from an earlier revision
    (`snap.is_stale(result_key)`) is served while the background computes it anew."""
    large = background.is_large(len(snap.partners))
    since = snap.is_stale(result_key)
    if since is not None and large:
        background.refresh(key, what, what)
        background.note_stale(since)
    if ready or not large:
        return work(snap)
    return background.start(key, what, what)


def community_groups(snap):
    """The communities (analytics), computed in the background on a large graph."""
    return in_background(snap, analytics.communities_ready(snap), ("communities", snap.token), "communities",
                         analytics.community_groups, analytics.COMMUNITIES_KEY)


def figures_for(snap, years):
    """The analytics figures, computed in the background on a large graph (once per revision and day)."""
    return in_background(snap, analytics.ready(snap), analytics.job_key(snap), "analytics",
                         lambda ready: analytics.compute(ready, dormant_years=years), analytics.cache_key())


def stand():
    """Whole seconds the results served to this request are behind the graph (None: they are current)."""
    return background.stand()


def picture(snap, name, filters, ref=None):
    """(the filters that apply, the data) of the view `name` on `snap`, or None for a community that does not
    exist. The alliance picture of the communities as nodes ignores the other filters."""
    if name == "allianz" and (filters.mode == COMMUNITIES or filters.community is not None):
        groups = community_groups(snap)["groups"]
        if filters.community is not None and filters.community > len(groups):
            return None
        if filters.mode == COMMUNITIES:
            filters = Filters(mode=COMMUNITIES, limit=filters.limit)  # the other filters do not apply
    return filters, views.build(snap, name, filters, ref)


def analysis(snap, years):
    """The analytics figures for `years` of dormancy and the charts drawn from them."""
    figures = figures_for(snap, years)
    return figures, analytics.charts(snap, figures)

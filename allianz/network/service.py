"""What the network routes call: the snapshot of the app's graph, a picture built on it, the analytics.

Each is computed in the request on a small graph; on a large one the work starts in the background and
`background.Pending` is raised meanwhile (the routes answer 202 "wird berechnet").
"""
from ..db import get_graph
from ..labels import KIND_LABELS, STATUS_LABELS
from . import analytics, background, views
from .filters import COMMUNITIES, DEFAULT_LIMIT, FOCUS_CHARS, MAX_HOPS, MAX_LIMIT, PARTNERS, Filters
from .selection import search_partner

Pending = background.Pending
RETRY_AFTER = background.RETRY_AFTER
NOT_FOUND = "\0"  # Filters.focus when a search found nobody (one cached variant for every such text)


def number(args, name, low, high):
    """An integer parameter clamped to low..high (what the form offers), or None when absent or no number."""
    value = args.get(name, type=int)
    return None if value is None else min(max(value, low), high)


def filters_from_args(snap, args):
    """The view filters of the query parameters `args` (the pages' names: feld, art, status, von, bis, max, fokus,
    ohne, stufen, ansicht, gemeinschaft), each checked against its whitelist or clamped to what the UI offers.

    A search (`fokus=`) is resolved to the partner it finds, so any text that finds the same partner is
    the same cached picture; texts that find nobody share one."""
    field = args.get("feld") or None
    kind = args.get("art") or None
    status = args.get("status") or None
    kind = kind if kind in KIND_LABELS else None
    text = (args.get("fokus") or "").strip()[:FOCUS_CHARS]
    pool = [pid for pid, partner in snap.partners.items() if partner["kind"] == kind] if kind else None
    focus = (search_partner(snap, text, pool) or NOT_FOUND) if text else None
    return Filters(
        field=field if field in snap.fields else None,
        kind=kind,
        status=status if status in STATUS_LABELS else None,
        first=number(args, "von", 1900, 2100), last=number(args, "bis", 1900, 2100),
        limit=number(args, "max", 1, MAX_LIMIT) or DEFAULT_LIMIT,
        focus=focus,
        isolated=args.get("ohne") != "aus",
        hops=number(args, "stufen", 1, MAX_HOPS) or 1,
        mode=COMMUNITIES if args.get("ansicht") == COMMUNITIES else PARTNERS,
        community=number(args, "gemeinschaft", 1, 1_000_000),
    )


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

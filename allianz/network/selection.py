"""Which parts of the snapshot a picture draws: projects passing the filters, shared work, reach, search."""
from collections import Counter


def selected_projects(snap, filters):
    """Ids of the projects that pass the field, status and time filters."""
    chosen = []
    for pid, project in snap.projects.items():
        if filters.status and project["status"] != filters.status:
            continue
        if filters.field and filters.field not in project["fields"]:
            continue
        if not snap.project_runs_in(project, filters.first, filters.last):
            continue
        chosen.append(pid)
    return chosen


def co_partner_weights(snap, projects, members):
    """{(a, b): shared projects} for pairs of `members` (a set of partner ids) in `projects`."""
    weights = Counter()
    for pid in projects:
        team = sorted(m for m in snap.team.get(pid, ()) if m in members)
        for i, a in enumerate(team):
            for b in team[i + 1:]:
                weights[(a, b)] += 1
    return weights


def with_co_partner(snap, projects, candidates):
    """The `candidates` that share at least one of `projects` with another candidate (tied in the selection)."""
    tied = set()
    for pid in projects:
        team = [m for m in snap.team.get(pid, ()) if m in candidates]
        if len(team) > 1:
            tied.update(team)
    return tied


def search_partner(snap, text, candidates=None):
    """The partner whose name or short name contains `text` (case-insensitive), most projects first."""
    needle = (text or "").strip().casefold()
    if not needle:
        return None
    pool = candidates if candidates is not None else snap.partners.keys()
    found = [pid for pid in pool
             if needle in (snap.partners[pid]["name"] or "").casefold()
             or needle in (snap.partners[pid].get("short_name") or "").casefold()]
    if not found:
        return None
    return min(found, key=lambda pid: (-len(snap.projects_of.get(pid, ())), snap.partners[pid]["name"]))


def reach_from(snap, starts, hops):
    """{partner id: hops away} for partners within `hops` shared projects of the `starts`."""
    neighbours = snap.co_partners()
    distance = {pid: 0 for pid in starts}
    frontier = list(starts)
    for step in range(1, hops + 1):
        following = []
        for pid in frontier:
            for other in neighbours.get(pid, ()):
                if other not in distance:
                    distance[other] = step
                    following.append(other)
        frontier = following
    return distance

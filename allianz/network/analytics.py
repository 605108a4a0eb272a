"""Analytics for coordinators, computed with networkx on the snapshot and cached per graph revision.

The collaboration graph: every partner is a node; two partners are tied when they share at least
one project in status active or completed (weight: how many). Definitions in docs/network.md.
"""
from collections import Counter, defaultdict
from datetime import date

import networkx as nx

from ..labels import competency_name, kind_label
from ..vocabulary import DEMAND_STATUSES, OPEN_STATUSES
from ..vocabulary import HISTORY_STATUSES as COLLABORATION

DEFAULT_DORMANT_YEARS = 3
EXACT_BETWEENNESS_UP_TO = 2000   # nodes; above, betweenness is estimated from a sample of sources
BETWEENNESS_SAMPLE = 64
LOUVAIN_UP_TO = 150_000          # edges; above, communities come from label propagation
TOP = 10
SEED = 42


def collaboration_graph(snap):
    """networkx Graph of all partners, tied by shared active or completed projects (kept on the snapshot)."""
    return snap.collaboration_graph()


def project_span(project, today):
    """(first day, last day) of a dated collaboration project as ISO strings, or None."""
    if not project["started"]:
        return None
    if project["status"] == "active":
        end = today if not project["ended"] or project["ended"] > today else project["ended"]
    else:
        end = project["ended"] or project["started"]
    return project["started"], end


DORMANT_CHOICES = (1, 2, 3, 4, 5, 10)  # the years the page offers; any other value is clamped to the nearest


def dormant_years_from(value):
    """`value` (from the query string, maybe None or absurd) clamped to the nearest offered choice."""
    if value is None:
        return DEFAULT_DORMANT_YEARS
    return min(DORMANT_CHOICES, key=lambda choice: (abs(choice - value), choice))


def cache_key(today=None):
    """The key the figures that do not depend on the dormancy years are cached under on the snapshot."""
    return ("analytics", (today or date.today()).isoformat())


def job_key(snap, today=None):
    """The key of the background job that computes them (see `background.py`): one per revision and day."""
    return ("analytics", snap.token) + cache_key(today)[1:]


def ready(snap, today=None):
    """Whether the expensive figures are computed already (the dormancy years cost nothing on top)."""
    return snap.has(cache_key(today))


def compute(snap, dormant_years=DEFAULT_DORMANT_YEARS, today=None):
    """Every figure of the analytics page as plain data. The expensive part (centralities, communities, …)
    is cached once per revision and day; only the dormant partners depend on `dormant_years`, and they
    are computed on top in milliseconds, so another value never starts another heavy job."""
    today = today or date.today()
    figures = dict(snap.remember(cache_key(today), lambda: _compute(snap, today)))
    names = {pid: partner["name"] for pid, partner in snap.partners.items()}
    figures.update(dormant=dormant(snap, names, dormant_years, today), dormant_years=dormant_years)
    return figures


def betweenness(graph):
    """(betweenness per partner, exact?): exact up to EXACT_BETWEENNESS_UP_TO partners; above, networkx's
    estimate from BETWEENNESS_SAMPLE source nodes drawn with a fixed seed (same graph, same figures)."""
    count = graph.number_of_nodes()
    exact = count <= EXACT_BETWEENNESS_UP_TO
    found = nx.betweenness_centrality(graph, normalized=True, seed=SEED,
                                      k=None if exact else min(BETWEENNESS_SAMPLE, count))
    return found, exact


def community_groups(snap):
    """The communities of the collaboration graph (see `communities`), cached for the snapshot's life.

    The pictures number them as the analytics page does: 1 is the largest (`groups[0]`).
    """
    def build():
        graph = collaboration_graph(snap)
        names = {pid: partner["name"] for pid, partner in snap.partners.items()}
        kinds = {pid: partner["kind"] for pid, partner in snap.partners.items()}
        return communities(graph, names, kinds)
    return snap.remember(COMMUNITIES_KEY, build, keep=True)


COMMUNITIES_KEY = ("communities",)


def communities_ready(snap):
    """Whether the communities are computed already."""
    return snap.has(COMMUNITIES_KEY)


def _compute(snap, today):
    """See `compute`."""
    graph = collaboration_graph(snap)
    names = {pid: partner["name"] for pid, partner in snap.partners.items()}
    kinds = {pid: partner["kind"] for pid, partner in snap.partners.items()}
    count = graph.number_of_nodes()
    central, exact = betweenness(graph)
    partners = []
    for pid in graph.nodes:
        partners.append({"id": pid, "name": names[pid], "kind": kinds[pid], "degree": graph.degree(pid),
                         "weighted_degree": graph.degree(pid, weight="weight"),
                         "projects": len(snap.projects_of.get(pid, ())),
                         "betweenness": round(central[pid], 6)})
    by_degree = sorted(partners, key=lambda p: (-p["degree"], p["name"]))
    brokers = sorted(partners, key=lambda p: (-p["betweenness"], p["name"]))
    return {
        "partners": len(partners), "ties": graph.number_of_edges(),
        "density": round(nx.density(graph), 6) if count > 1 else 0.0,
        "betweenness_exact": exact,
        "betweenness_sample": None if exact else min(BETWEENNESS_SAMPLE, count),
        "degree": by_degree, "brokers": [p for p in brokers if p["betweenness"] > 0][:TOP],
        "communities": community_groups(snap),
        "isolated": isolated(snap, graph, names),
        "sectors": sectors(snap, graph, kinds),
        "fields_kinds": fields_kinds(snap),
        "competencies": supply_demand(snap),
        "timeline": timeline(snap, today),
    }


def communities(graph, names, kinds):
    """Communities of the collaboration graph (Louvain, seeded; label propagation when very large)."""
    connected = graph.subgraph([n for n in graph.nodes if graph.degree(n)])
    if connected.number_of_edges() == 0:
        return {"method": "louvain", "modularity": 0.0, "groups": []}
    if connected.number_of_edges() <= LOUVAIN_UP_TO:
        method = "louvain"
        found = nx.community.louvain_communities(connected, weight="weight", seed=SEED)
    else:
        method = "label_propagation"
        found = list(nx.community.label_propagation_communities(connected))
    modularity = nx.community.modularity(connected, found, weight="weight")
    groups = []
    for number, members in enumerate(sorted(found, key=lambda c: (-len(c), min(c))), 1):
        ranked = sorted(members, key=lambda n: (-connected.degree(n), names[n]))
        mix = Counter(kinds[n] for n in members)
        groups.append({"number": number, "size": len(members), "members": sorted(members),
                       "core": [names[n] for n in ranked[:5]],
                       "kinds": {kind: mix[kind] for kind in sorted(mix)}})
    return {"method": method, "modularity": round(modularity, 6), "groups": groups}


def isolated(snap, graph, names):
    """Partners with no tie: no active or completed project shared with another partner."""
    out = []
    for pid in sorted(graph.nodes, key=lambda n: names[n]):
        if graph.degree(pid) == 0:
            statuses = Counter(snap.projects[p]["status"] for p in snap.projects_of.get(pid, ()))
            out.append({"id": pid, "name": names[pid], "kind": snap.partners[pid]["kind"],
                        "projects": sum(statuses.values()), "ideas": sum(statuses[status] for status in OPEN_STATUSES)})
    return out


def last_activity(snap, today):
    """partner id -> last day (ISO) it worked in an active or completed project."""
    iso = today.isoformat()
    last = {}
    for pid, projects in snap.projects_of.items():
        for project_id in projects:
            project = snap.projects[project_id]
            if project["status"] not in COLLABORATION:
                continue
            span = project_span(project, iso)
            if span and (pid not in last or span[1] > last[pid]):
                last[pid] = span[1]
    return last


def dormant(snap, names, years, today):
    """Partners that worked in projects, but in none during the last `years` years."""
    try:
        cutoff = today.replace(year=today.year - years).isoformat()
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28).isoformat()
    last = last_activity(snap, today)
    rows = [{"id": pid, "name": names[pid], "kind": snap.partners[pid]["kind"], "last": day}
            for pid, day in last.items() if day < cutoff]
    return sorted(rows, key=lambda r: (r["last"], r["name"]))


def sectors(snap, graph, kinds):
    """Ties across and within partner kinds: the share across sectors and the kind × kind matrix."""
    present = sorted({kinds[n] for n in graph.nodes})
    matrix = {a: {b: 0 for b in present} for a in present}
    across = 0
    for a, b in graph.edges:
        ka, kb = sorted((kinds[a], kinds[b]))
        matrix[ka][kb] += 1
        if ka != kb:
            matrix[kb][ka] += 1
            across += 1
        # within a kind the diagonal counts each tie once
    ties = graph.number_of_edges()
    never = [[a, b] for i, a in enumerate(present) for b in present[i:] if matrix[a][b] == 0]
    return {"ties": ties, "across": across, "share": round(across / ties, 6) if ties else 0.0,
            "kinds": present, "matrix": matrix, "never": never}


def fields_kinds(snap):
    """How many partners of each kind work in each field (active in it or in one of its projects)."""
    involved = defaultdict(set)  # field -> partner ids
    for pid, partner in snap.partners.items():
        for key in partner["fields"] or ():
            involved[key].add(pid)
    for project_id, team in snap.team.items():
        for key in snap.projects[project_id]["fields"]:
            involved[key].update(team)
    kinds = sorted({p["kind"] for p in snap.partners.values()})
    rows = []
    for key in sorted(snap.fields):
        mix = Counter(snap.partners[pid]["kind"] for pid in involved[key] if pid in snap.partners)
        rows.append({"field": key, "counts": {kind: mix[kind] for kind in kinds},
                     "gaps": [kind for kind in kinds if not mix[kind]]})
    return {"kinds": kinds, "rows": rows}


def supply_demand(snap):
    """Per competency: partners that hold it (supply) against ideas and projects that need it (demand)."""
    supply = Counter(cid for held in snap.holdings.values() for cid in held)
    demand = Counter()
    for project in snap.projects.values():
        if project["status"] in DEMAND_STATUSES:
            demand.update(project["needs"])
    rows = [{"id": cid, "supply": supply[cid], "demand": demand[cid], "gap": demand[cid] - supply[cid]}
            for cid in set(supply) | set(demand)]
    rows.sort(key=lambda r: (-r["gap"], -r["demand"], r["id"]))
    return {"rows": rows, "uncovered": [r["id"] for r in rows if r["demand"] and not r["supply"]]}


def timeline(snap, today):
    """Per year: projects started, new ties, newcomers and dormant partners (active and completed projects)."""
    iso = today.isoformat()
    spans = {}
    for project_id, project in snap.projects.items():
        if project["status"] in COLLABORATION:
            span = project_span(project, iso)
            if span:
                spans[project_id] = (int(span[0][:4]), int(span[1][:4]))
    if not spans:
        return []
    first_year, last_year = min(s for s, _ in spans.values()), today.year
    started = Counter(s for s, _ in spans.values())
    first_tie = {}
    for project_id, (start, _end) in spans.items():
        members = sorted(snap.team.get(project_id, ()))
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if first_tie.get((a, b), 9999) > start:
                    first_tie[(a, b)] = start
    new_ties = Counter(first_tie.values())
    partner_spans = defaultdict(list)
    for project_id, span in spans.items():
        for member in snap.team.get(project_id, ()):
            partner_spans[member].append(span)
    newcomers = Counter(min(s for s, _ in items) for items in partner_spans.values())
    rows = []
    for year in range(first_year, last_year + 1):
        resting = sum(1 for items in partner_spans.values()
                      if min(s for s, _ in items) < year and not any(s <= year <= e for s, e in items))
        rows.append({"year": year, "projects": started[year], "new_ties": new_ties[year],
                     "newcomers": newcomers[year], "dormant": resting})
    return rows


# --- charts: plain numbers for the SVG macros in templates/network/_charts.html -----------------------

def bars(rows, label, value, limit=TOP):
    """[(label, value)] of the first `limit` rows, and the largest value (at least 1)."""
    items = [(label(row), value(row)) for row in rows[:limit]]
    return {"items": items, "max": max([v for _, v in items] + [1])}


def charts(snap, figures):
    """The data each chart of the analytics page draws."""
    competency = {cid: competency_name(c) or cid for cid, c in snap.competencies.items()}
    return {
        "degree": bars(figures["degree"], lambda r: r["name"], lambda r: r["degree"]),
        "brokers": bars(figures["brokers"], lambda r: r["name"], lambda r: round(r["betweenness"], 3)),
        "communities": bars(figures["communities"]["groups"],
                            lambda g: ", ".join(g["core"][:2]), lambda g: g["size"]),
        "kinds": {kind: str(kind_label(kind)) for kind in figures["sectors"]["kinds"]},
        "competencies": [(competency.get(r["id"], r["id"]), r["supply"], r["demand"])
                         for r in figures["competencies"]["rows"] if r["demand"]][:15],
        "timeline": figures["timeline"],
    }

"""The network pictures: which nodes and edges each view shows, where they sit, and the vis-network data.

Every view is built from the revision's snapshot (`snapshot.py`) in plain Python, filtered and
trimmed on the server (at most `limit` nodes and `edge_limit` edges; the result says what it left
out), laid out once with networkx and cached on the snapshot. pyvis turns nodes, edges and options
into vis-network's data (`Network.get_network_data()`); its HTML is never used. Labels and
tooltips are plain text; the browser draws them as text.
"""
import json
import logging
from collections import Counter, defaultdict
from functools import lru_cache
from dataclasses import dataclass

import networkx as nx
from flask import url_for
from flask_babel import gettext
from flask_babel import ngettext
from pyvis.network import Network

from ..vocabulary import KIND_COLORS, STATUS_COLORS
from ..labels import (KIND_WORDS, STATUS_WORDS, competency_name, current_locale, field_name, kind_label,
                      role_label, status_label)

log = logging.getLogger(__name__)


@lru_cache(maxsize=4096)
def translated(locale, text):
    """`text` in `locale` (cached: a picture of thousands of nodes asks for the same words thousands of times)."""
    return gettext(text)


def _(text, **variables):
    """gettext with the translation cached per language; `%(name)s` variables as flask_babel fills them."""
    template = translated(current_locale(), text)
    return template % variables if variables else template


def kind_text(kind):
    """The UI word for a partner kind, as plain text (cached per language)."""
    return translated(current_locale(), KIND_WORDS[kind]) if kind in KIND_WORDS else kind


def status_text(status):
    """The UI word for a project status, as plain text (cached per language)."""
    return translated(current_locale(), STATUS_WORDS[status]) if status in STATUS_WORDS else status

DEFAULT_LIMIT = 300
MAX_LIMIT = 1000
MAX_HOPS = 3
DESCRIPTION_CHARS = 400

COMPETENCY_COLOR = "#B07AA1"
COMMUNITY_BORDER = "#1b1f24"
RECOMMENDED_COLOR = "#C1121F"
OTHER_COLOR = "#999999"
SHAPES = {"partner": "dot", "project": "square", "competency": "triangle", "community": "hexagon"}
PARTNERS, COMMUNITIES = "partner", "gemeinschaften"  # the alliance picture's modes (`?ansicht=`)


@dataclass(frozen=True)
class Filters:
    """What a view is asked for: validated values from the query string (see `routes.filters_from`)."""

    field: str | None = None
    kind: str | None = None
    status: str | None = None
    first: int | None = None   # first year of the time window
    last: int | None = None    # last year of the time window
    limit: int = DEFAULT_LIMIT
    focus: str | None = None   # a name to search for and focus on
    isolated: bool = True      # show partners without a project in the selection
    hops: int = 1              # neighbourhood views: how far to go
    mode: str = PARTNERS       # alliance: partners, or communities as super-nodes
    community: int | None = None  # alliance: only the members of this community (1 = the largest)


def options(physics=False):
    """vis-network options: positions come from the server, so physics stays off."""
    return {
        "physics": {"enabled": physics, "stabilization": {"enabled": physics, "iterations": 100}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True,
                        "hideEdgesOnZoom": True, "keyboard": {"enabled": True, "bindToWindow": False},
                        "navigationButtons": False, "multiselect": False},
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif"}, "borderWidth": 1},
        "edges": {"smooth": False, "color": {"color": "#9aa5b1", "highlight": "#1b1f24", "inherit": False}},
        "layout": {"improvedLayout": False},
    }


# --- the pieces every view shares -------------------------------------------------------------------

def partner_id(pid):
    """The node id of a partner."""
    return f"partner:{pid}"


def project_id(pid):
    """The node id of a project."""
    return f"project:{pid}"


def competency_id(cid):
    """The node id of a competency."""
    return f"competency:{cid}"


def short(text, limit=DESCRIPTION_CHARS):
    """`text` cut to `limit` characters (plain text, never HTML)."""
    text = (text or "").strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


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


def adjacency(snap):
    """partner id -> Counter(co-partner id -> shared projects), over all projects (cached per revision)."""
    def build():
        neighbours = defaultdict(Counter)
        for team in snap.team.values():
            members = sorted(team)
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    neighbours[a][b] += 1
                    neighbours[b][a] += 1
        return neighbours
    return snap.remember(("adjacency",), build)


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


def partner_node(snap, pid, projects=None, **extra):
    """A partner as a node: colour by kind, size by number of projects, details for the side panel."""
    partner = snap.partners[pid]
    count = len(snap.projects_of.get(pid, ())) if projects is None else projects
    label = partner.get("short_name") or partner["name"]
    fields = [field_name(snap.fields[key]) for key in partner.get("fields") or () if key in snap.fields]
    node = {
        "id": partner_id(pid), "type": "partner", "ref": pid, "label": short(label, 40),
        "name": partner["name"], "kind": partner["kind"], "kind_label": kind_text(partner["kind"]),
        "projects": count, "color": KIND_COLORS.get(partner["kind"], OTHER_COLOR), "shape": SHAPES["partner"],
        "size": 10 + 3 * min(count, 25) ** 0.8,
        "title": "\n".join(filter(None, [partner["name"], kind_text(partner["kind"]),
                                         _("%(count)s Projekte", count=count)])),
        "details": {
            "heading": partner["name"],
            "facts": [[_("Art"), kind_text(partner["kind"])],
                      [_("Projekte"), str(count)],
                      [_("Handlungsfelder"), ", ".join(fields) or "–"],
                      [_("Ort"), ", ".join(filter(None, [partner.get("district"), partner.get("country")])) or "–"]],
            "text": short(partner.get("description")),
            "links": [[_("Profil öffnen"), url_for("partners.detail", id=pid)],
                      [_("Nachbarschaft zeigen"), url_for("network.partner", id=pid)]],
        },
    }
    node.update(extra)
    return node


def project_node(snap, pid, **extra):
    """A project as a square node coloured by status."""
    project = snap.projects[pid]
    when = " – ".join(filter(None, [project["started"], project["ended"]]))
    fields = [field_name(snap.fields[key]) for key in project["fields"] if key in snap.fields]
    node = {
        "id": project_id(pid), "type": "project", "ref": pid, "label": short(project["title"], 40),
        "name": project["title"], "status": project["status"], "kind_label": status_text(project["status"]),
        "projects": len(snap.team.get(pid, ())),
        "color": STATUS_COLORS.get(project["status"], OTHER_COLOR), "shape": SHAPES["project"],
        "size": 10 + 2 * min(len(snap.team.get(pid, ())), 12),
        "title": "\n".join(filter(None, [project["title"], status_text(project["status"]), when])),
        "details": {
            "heading": project["title"],
            "facts": [[_("Status"), status_text(project["status"])],
                      [_("Zeitraum"), when or "–"],
                      [_("Team"), str(len(snap.team.get(pid, ())))],
                      [_("Handlungsfelder"), ", ".join(fields) or "–"]],
            "text": short(project.get("summary")),
            "links": [[_("Projekt öffnen"), url_for("projects.detail", id=pid)],
                      [_("Team und Umfeld zeigen"), url_for("network.project", id=pid)]],
        },
    }
    node.update(extra)
    return node


def community_id(number):
    """The node id of a community (a super-node)."""
    return f"community:{number}"


def community_node(snap, group):
    """A community as one hexagon: size by members, colour of its most frequent kind; opens its members."""
    number, size = group["number"], group["size"]
    main_kind = max(group["kinds"], key=lambda kind: (group["kinds"][kind], kind)) if group["kinds"] else None
    mix = ", ".join(f"{kind_label(kind)} {count}" for kind, count in
                    sorted(group["kinds"].items(), key=lambda item: (-item[1], item[0])))
    core = ", ".join(group["core"])
    heading = _("Gemeinschaft %(number)s", number=number)
    return {
        "id": community_id(number), "type": "community", "ref": number,
        "label": short(f"{number}: {group['core'][0]}" if group["core"] else heading, 40), "name": heading,
        "kind": main_kind, "kind_label": str(_("Gemeinschaft")), "projects": size, "members": size,
        "color": {"background": KIND_COLORS.get(main_kind, OTHER_COLOR), "border": COMMUNITY_BORDER},
        "borderWidth": 2, "shape": SHAPES["community"], "size": 12 + 3 * min(size, 900) ** 0.5,
        "title": "\n".join([heading, ngettext("%(count)s Partner", "%(count)s Partner", size, count=size), _("Kern: %(names)s", names=core)]),
        "details": {
            "heading": heading,
            "facts": [[_("Partner"), str(size)], [_("Kern (am stärksten vernetzt)"), core or "–"],
                      [_("Arten"), mix or "–"]],
            "text": "",
            "links": [[_("Gemeinschaft öffnen"), url_for("network.index", gemeinschaft=number)]],
        },
    }


def competency_node(snap, cid, holders, **extra):
    """A competency as a triangle, size by number of partners holding it."""
    competency = snap.competencies.get(cid, {"id": cid})
    name = competency_name(competency) or cid
    node = {
        "id": competency_id(cid), "type": "competency", "ref": cid, "label": short(name, 40), "name": name,
        "kind_label": str(_("Kompetenz")), "projects": holders, "color": COMPETENCY_COLOR,
        "shape": SHAPES["competency"], "size": 8 + 2 * min(holders, 12),
        "title": "\n".join([name, ngettext("%(count)s Partner", "%(count)s Partner", holders, count=holders)]),
        "details": {
            "heading": name,
            "facts": [[_("Partner mit dieser Kompetenz"), str(holders)]],
            "text": "",
            "links": [[_("Kompetenz öffnen"), url_for("competencies.detail", id=cid)]],
        },
    }
    node.update(extra)
    return node


def weighted_edges(weights, unit):
    """Edges for {(a, b): weight} between partners, thicker for more shared work."""
    edges, titles = [], {}  # one translation per distinct weight, not one per edge (thousands at scale)
    for (a, b), weight in weights.items():
        if weight not in titles:
            titles[weight] = unit(weight)
        edges.append({"from": partner_id(a), "to": partner_id(b), "value": weight, "width": min(1 + weight, 8),
                      "title": titles[weight]})
    return edges


def shared_projects(weight):
    """An edge's tooltip between two partners."""
    return _("%(count)s gemeinsame Projekte", count=weight) if weight != 1 else _("1 gemeinsames Projekt")


def trim_edges(edges, limit):
    """The `limit` heaviest edges, and how many were left out."""
    if len(edges) <= limit:
        return edges, 0
    edges = sorted(edges, key=lambda e: (-e.get("value", 1), e["from"], e["to"]))
    return edges[:limit], len(edges) - limit


def edge_limit(nodes):
    """How many edges a picture of `nodes` nodes keeps: enough to read, few enough to draw fast."""
    return max(400, 3 * nodes)


WARM_ITERATIONS = 5  # iterations when most nodes start where an earlier picture of this revision put them


def layout(nodes, edges, seed=7, memory=None):
    """Positions {node id: (x, y)}: networkx's spring layout for the connected nodes (with an iteration
    budget for large pictures), the unconnected ones in rows below it, so they do not squeeze the rest.

    `memory` ({node id: unit position}, kept per snapshot) makes new pictures fast and stable: when most
    nodes were laid out before at this revision, they start there and a few iterations settle the rest;
    positions of nodes laid out for the first time are remembered."""
    if not nodes:
        return {}
    graph = nx.Graph()
    graph.add_nodes_from(node["id"] for node in nodes)
    graph.add_edges_from((edge["from"], edge["to"]) for edge in edges)
    linked = [key for key in graph if graph.degree(key)]
    lonely = [node["id"] for node in nodes if not graph.degree(node["id"])]
    positions, left, bottom = {}, 0.0, 0.0
    if linked:
        count = len(linked)
        iterations = 50 if count <= 100 else 30 if count <= 400 else 15
        known = {key: memory[key] for key in linked if key in memory} if memory is not None else {}
        if len(known) * 2 >= count:
            iterations = min(iterations, WARM_ITERATIONS)
        found = nx.spring_layout(graph.subgraph(linked), pos=known or None, seed=seed, iterations=iterations,
                                 method="force")
        if memory is not None:
            for key, (x, y) in found.items():
                memory.setdefault(key, (float(x), float(y)))
        scale = 80 + 55 * count ** 0.5
        positions = {key: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for key, (x, y) in found.items()}
        left = min(x for x, _ in positions.values())
        bottom = max(y for _, y in positions.values()) + 140
    per_row = max(6, int(2 * len(lonely) ** 0.5))
    for index, key in enumerate(lonely):
        positions[key] = (round(left + (index % per_row) * 130, 1), round(bottom + (index // per_row) * 100, 1))
    return positions


def with_degrees(nodes, edges):
    """Set each node's number of connections in the picture (`degree`)."""
    degree = Counter()
    for edge in edges:
        degree[edge["from"]] += 1
        degree[edge["to"]] += 1
    for node in nodes:
        node["degree"] = degree[node["id"]]


def package(view, nodes, edges, hidden, legend, memory=None, **meta):
    """Lay out (starting from `memory`, the snapshot's remembered positions), then let pyvis produce
    vis-network's nodes, edges and options; add the view's facts."""
    with_degrees(nodes, edges)
    positions = layout(nodes, edges, memory=memory)
    net = Network(directed=False)
    for node in nodes:
        node = dict(node)
        node_id = node.pop("id")
        label = node.pop("label")
        x, y = positions.get(node_id, (0, 0))
        net.add_node(node_id, label=label, x=x, y=y, **node)
    net.edges.extend(dict(edge, id=f"e{index}") for index, edge in enumerate(edges))  # add_edge is O(E) a call
    net.options = options()
    vis_nodes, vis_edges, _heading, _height, _width, vis_options = net.get_network_data()
    return {"view": view, "nodes": vis_nodes, "edges": vis_edges, "options": json.loads(vis_options),
            "hidden": hidden, "legend": legend, "counts": {"nodes": len(vis_nodes), "edges": len(vis_edges)},
            **meta}


def hidden_note(nodes_hidden=0, edges_hidden=0, limit=None):
    """What a picture leaves out and how to see it."""
    parts = []
    if nodes_hidden:
        parts.append(_("%(count)s weitere Knoten sind ausgeblendet (es werden die %(limit)s am stärksten "
                       "vernetzten gezeigt). Grenzen Sie die Auswahl mit den Filtern ein, erhöhen Sie die "
                       "Höchstzahl oder suchen Sie einen Partner, um ihn einzublenden.",
                       count=nodes_hidden, limit=limit))
    if edges_hidden:
        parts.append(_("%(count)s schwächere Verbindungen sind ausgeblendet; die Tabelle und der Export "
                       "zeigen das Bild, wie es ist. Filter verkleinern das Netz.", count=edges_hidden))
    return {"nodes": nodes_hidden, "edges": edges_hidden, "message": " ".join(parts)}


def kind_legend(nodes):
    """Legend entries for the partner kinds present in `nodes`."""
    kinds = sorted({node["kind"] for node in nodes if node.get("type") == "partner"}, key=list(KIND_COLORS).index)
    return [{"label": kind_text(kind), "color": KIND_COLORS[kind], "shape": "dot"} for kind in kinds]


def status_legend(nodes):
    """Legend entries for the project statuses present in `nodes`."""
    statuses = sorted({node["status"] for node in nodes if node.get("type") == "project"},
                      key=list(STATUS_COLORS).index)
    return [{"label": _("Projekt: %(status)s", status=status_label(status)), "color": STATUS_COLORS[status],
             "shape": "square"} for status in statuses]


# --- the views -------------------------------------------------------------------------------------

def alliance(snap, filters):
    """Partners as nodes, shared projects as weighted edges; filtered, the most connected first.

    With `filters.community`, only the members of that community; with mode COMMUNITIES, one node
    per community instead (`communities_picture`).
    """
    if filters.mode == COMMUNITIES:
        return communities_picture(snap, filters)
    group = None
    if filters.community is not None:
        from .analytics import community_groups
        group = community_groups(snap)["groups"][filters.community - 1]
        members_of_group = set(group["members"])
    projects = selected_projects(snap, filters)
    counts = Counter()
    for pid in projects:
        for member in snap.team.get(pid, ()):
            counts[member] += 1
    candidates = []
    for pid, partner in snap.partners.items():
        if filters.kind and partner["kind"] != filters.kind:
            continue
        if group is not None and pid not in members_of_group:
            continue
        if counts[pid] or (filters.isolated and (not filters.field or filters.field in (partner["fields"] or ()))):
            candidates.append(pid)
    candidates.sort(key=lambda pid: (-counts[pid], snap.partners[pid]["name"]))
    visible = candidates[:filters.limit]
    focus = search_partner(snap, filters.focus, candidates) if filters.focus else None
    focus_missing = bool(filters.focus) and focus is None
    if focus and focus not in visible:
        visible.append(focus)
    members = set(visible)
    nodes = [partner_node(snap, pid, counts[pid]) for pid in visible]
    edges, edges_hidden = trim_edges(weighted_edges(co_partner_weights(snap, projects, members), shared_projects),
                                     edge_limit(len(nodes)))
    legend = kind_legend(nodes) + [{"label": _("Linie: gemeinsame Projekte (dicker = mehr)"), "shape": "line",
                                    "color": "#9aa5b1"}]
    return package("allianz", nodes, edges, hidden_note(len(candidates) - len(members & set(candidates)),
                                                         edges_hidden, filters.limit),
                   legend, focus=partner_id(focus) if focus else None, focus_missing=focus_missing,
                   selection={"projects": len(projects), "partners": len(candidates)}, mode=PARTNERS,
                   community=None if group is None else {
                       "number": group["number"], "size": group["size"], "core": group["core"],
                       "id": community_id(group["number"])}, memory=snap.positions)


def communities_picture(snap, filters):
    """Communities as super-nodes: one node per community (size: members), edges: ties between them.

    The communities are the analytics' (Louvain on the collaboration graph: ties from active and
    completed projects); an edge's value is how many partner ties run between the two communities,
    `shared` how many shared projects they sum up to. The largest `filters.limit` communities are
    shown; the other filters do not apply to this mode (the page says so).
    """
    from .analytics import collaboration_graph, community_groups
    found = community_groups(snap)
    groups = found["groups"]
    shown = groups[:filters.limit]
    group_of = {member: group["number"] for group in shown for member in group["members"]}
    graph = collaboration_graph(snap)
    ties, shared = Counter(), Counter()
    for a, b, weight in graph.edges(data="weight"):
        ga, gb = group_of.get(a), group_of.get(b)
        if ga is None or gb is None or ga == gb:
            continue
        pair = (min(ga, gb), max(ga, gb))
        ties[pair] += 1
        shared[pair] += weight
    nodes = [community_node(snap, group) for group in shown]
    edges = [{"from": community_id(a), "to": community_id(b), "value": count, "shared": shared[(a, b)],
              "width": min(1 + count ** 0.5, 10),
              "title": _("%(ties)s Verbindungen zwischen Partnern (%(projects)s gemeinsame Projekte)",
                         ties=count, projects=shared[(a, b)])}
             for (a, b), count in sorted(ties.items())]
    edges, edges_hidden = trim_edges(edges, edge_limit(len(nodes)))
    without_tie = sum(1 for pid in graph.nodes if graph.degree(pid) == 0)
    note = hidden_note(0, edges_hidden)
    parts = [note["message"]] if note["message"] else []
    if len(groups) > len(shown):
        parts.append(_("%(count)s kleinere Gemeinschaften sind ausgeblendet; erhöhen Sie die Höchstzahl, um sie "
                       "zu sehen.", count=len(groups) - len(shown)))
    if without_tie:
        parts.append(_("%(count)s Partner ohne gemeinsames aktives oder abgeschlossenes Projekt gehören zu keiner "
                       "Gemeinschaft; die Ansicht „Partner“ zeigt sie.", count=without_tie))
    note.update(nodes=len(groups) - len(shown), message=" ".join(parts), partners=without_tie)
    legend = [{"label": _("Sechseck: eine Gemeinschaft (Größe: Zahl der Partner, Farbe: häufigste Art)"),
               "shape": "hexagon", "color": OTHER_COLOR},
              {"label": _("Linie: Verbindungen zwischen Partnern zweier Gemeinschaften (dicker = mehr)"),
               "shape": "line", "color": "#9aa5b1"}]
    return package("allianz", nodes, edges, note, legend, focus=None, focus_missing=False, mode=COMMUNITIES,
                   community=None, method=found["method"], modularity=found["modularity"],
                   selection={"communities": len(groups),
                              "partners": sum(group["size"] for group in groups)}, memory=snap.positions)


def partners_projects(snap, filters):
    """Partners and projects as two kinds of nodes, participations as edges (lead drawn thicker)."""
    projects = selected_projects(snap, filters)
    counts = Counter()
    for pid in projects:
        for member in snap.team.get(pid, ()):
            if not filters.kind or snap.partners[member]["kind"] == filters.kind:
                counts[member] += 1
    partners = sorted(counts, key=lambda pid: (-counts[pid], snap.partners[pid]["name"]))
    budget_partners = max(1, filters.limit // 2)
    shown_partners = partners[:budget_partners]
    members = set(shown_partners)
    reach = Counter({pid: sum(1 for m in snap.team.get(pid, ()) if m in members) for pid in projects})
    ranked = sorted((pid for pid in projects if reach[pid] or not filters.kind),
                    key=lambda pid: (-reach[pid], snap.projects[pid]["title"]))
    shown_projects = ranked[:max(1, filters.limit - len(shown_partners))]
    nodes = [partner_node(snap, pid, counts[pid]) for pid in shown_partners]
    nodes += [project_node(snap, pid) for pid in shown_projects]
    edges = []
    for pid in shown_projects:
        for member, role in sorted(snap.team.get(pid, {}).items()):
            if member in members:
                edges.append({"from": partner_id(member), "to": project_id(pid), "width": 3 if role == "lead" else 1,
                              "value": 2 if role == "lead" else 1, "title": str(role_label(role))})
    edges, edges_hidden = trim_edges(edges, edge_limit(len(nodes)))
    legend = kind_legend(nodes) + status_legend(nodes) + [
        {"label": _("Linie: Teilnahme (dick = Federführung)"), "shape": "line", "color": "#9aa5b1"}]
    hidden = (len(partners) - len(shown_partners)) + (len(ranked) - len(shown_projects))
    return package("partner-projekte", nodes, edges, hidden_note(hidden, edges_hidden, filters.limit), legend,
                   selection={"projects": len(projects), "partners": len(partners)}, memory=snap.positions)


def partners_competencies(snap, filters):
    """Partners and the competencies they hold; edges by level."""
    partners = [pid for pid, partner in snap.partners.items()
                if snap.holdings.get(pid)
                and (not filters.kind or partner["kind"] == filters.kind)
                and (not filters.field or filters.field in (partner["fields"] or ()))]
    partners.sort(key=lambda pid: (-len(snap.holdings[pid]), snap.partners[pid]["name"]))
    shown_partners = partners[:max(1, filters.limit // 2)]
    holders = Counter(cid for pid in shown_partners for cid in snap.holdings[pid])
    competencies = sorted(holders, key=lambda cid: (-holders[cid], cid))
    shown_competencies = competencies[:max(1, filters.limit - len(shown_partners))]
    visible = set(shown_competencies)
    nodes = [partner_node(snap, pid) for pid in shown_partners]
    nodes += [competency_node(snap, cid, holders[cid]) for cid in shown_competencies]
    edges = []
    for pid in shown_partners:
        for cid, level in sorted(snap.holdings[pid].items()):
            if cid in visible:
                edges.append({"from": partner_id(pid), "to": competency_id(cid), "value": level or 1,
                              "width": level or 1,
                              "title": _("Stufe %(level)s", level=level) if level else _("ohne Stufe")})
    edges, edges_hidden = trim_edges(edges, edge_limit(len(nodes)))
    legend = kind_legend(nodes) + [{"label": _("Kompetenz"), "color": COMPETENCY_COLOR, "shape": "triangle"},
                                   {"label": _("Linie: Kompetenz (dicker = höhere Stufe)"), "shape": "line",
                                    "color": "#9aa5b1"}]
    hidden = (len(partners) - len(shown_partners)) + (len(competencies) - len(shown_competencies))
    return package("partner-kompetenzen", nodes, edges, hidden_note(hidden, edges_hidden, filters.limit), legend,
                   selection={"partners": len(partners), "competencies": len(competencies)}, memory=snap.positions)


def reach_from(snap, starts, hops):
    """{partner id: hops away} for partners within `hops` shared projects of the `starts`."""
    neighbours = adjacency(snap)
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


def neighbourhood(snap, pid, filters):
    """A partner and the partners within 1–3 shared projects of it; nearest and most connected first."""
    distance = reach_from(snap, [pid], filters.hops)
    ranked = sorted(distance, key=lambda p: (distance[p], -len(snap.projects_of.get(p, ())),
                                             snap.partners[p]["name"]))
    shown = ranked[:filters.limit]
    members = set(shown)
    nodes = []
    for other in shown:
        node = partner_node(snap, other, hop=distance[other])
        if other == pid:
            node.update(borderWidth=4, size=node["size"] + 8, font={"size": 18, "bold": True})
        nodes.append(node)
    edges, edges_hidden = trim_edges(weighted_edges(co_partner_weights(snap, snap.team.keys(), members),
                                                    shared_projects), edge_limit(len(nodes)))
    legend = kind_legend(nodes) + [{"label": _("großer Knoten mit breitem Rand: der gewählte Partner"),
                                    "shape": "dot", "color": "#1b1f24"},
                                   {"label": _("Linie: gemeinsame Projekte (dicker = mehr)"), "shape": "line",
                                    "color": "#9aa5b1"}]
    return package("partner", nodes, edges, hidden_note(len(ranked) - len(shown), edges_hidden, filters.limit),
                   legend, focus=partner_id(pid), centre=partner_id(pid), hops=filters.hops, memory=snap.positions)


def recommended_for(project_id_, top=5):
    """Partners that matching recommends for a project: [{id, reasons}] (empty until `allianz.matching` has them).

    The hook: `allianz.matching.recommend_for_project(project_id, top)` returning partner ids, or dicts
    with `id` / `partner_id` and optional `reasons` (list of strings) or `score`.
    """
    try:
        from .. import matching
        recommend = matching.recommend_for_project
    except (ImportError, AttributeError):
        return []
    try:
        found = recommend(project_id_, top) or []
    except Exception:  # matching is another module's work: a failure there must not break the picture
        log.exception("recommend_for_project(%r) failed", project_id_)
        return []
    out = []
    for item in found:
        if isinstance(item, str):
            out.append({"id": item, "reasons": []})
        elif isinstance(item, dict) and (item.get("id") or item.get("partner_id")):
            reasons = item.get("reasons") or []
            out.append({"id": item.get("id") or item.get("partner_id"),
                        "reasons": [str(r) for r in reasons] if isinstance(reasons, list) else [str(reasons)]})
    return out[:top]


def project_team(snap, pid, filters, recommended=()):
    """A project, its team, the team's partners from other projects, and (ideas) the recommended partners."""
    project = snap.projects[pid]
    team = snap.team.get(pid, {})
    distance = reach_from(snap, list(team), filters.hops)
    ranked = sorted((p for p in distance if p not in team),
                    key=lambda p: (distance[p], -len(snap.projects_of.get(p, ())), snap.partners[p]["name"]))
    room = max(0, filters.limit - len(team) - 1 - len(recommended))
    shown = sorted(team) + ranked[:room]
    recommended_ids = [item["id"] for item in recommended if item["id"] in snap.partners]
    for rid in recommended_ids:
        if rid not in shown:
            shown.append(rid)
    members = set(shown)
    reasons = {item["id"]: item["reasons"] for item in recommended}
    nodes = [project_node(snap, pid, borderWidth=4, size=30)]
    for other in shown:
        extra = {"hop": distance.get(other)}
        if other in team:
            extra.update(role=team[other], team=True)
        if other in reasons:
            extra.update(recommended=True, shape="star", borderWidth=3,
                         color={"background": KIND_COLORS.get(snap.partners[other]["kind"], OTHER_COLOR),
                                "border": RECOMMENDED_COLOR})
        node = partner_node(snap, other, **extra)
        if other in reasons:
            node["title"] += "\n" + _("von der Partnersuche empfohlen")
            node["details"]["facts"].append([_("Empfohlen, weil"), "; ".join(reasons[other]) or "–"])
        nodes.append(node)
    edges = [{"from": project_id(pid), "to": partner_id(member), "width": 4 if role == "lead" else 2,
              "value": 2 if role == "lead" else 1, "title": str(role_label(role))} for member, role in sorted(team.items())]
    others = members - set(team)
    weights = co_partner_weights(snap, [p for p in snap.team if p != pid], members)
    edges += weighted_edges(weights, shared_projects)
    edges += [{"from": project_id(pid), "to": partner_id(rid), "dashes": True, "width": 2,
               "color": {"color": RECOMMENDED_COLOR}, "title": _("empfohlen")}
              for rid in recommended_ids if rid not in team]
    edges, edges_hidden = trim_edges(edges, edge_limit(len(nodes)))
    legend = status_legend(nodes) + kind_legend(nodes) + [
        {"label": _("Linie vom Projekt: Team (dick = Federführung)"), "shape": "line", "color": "#9aa5b1"},
        {"label": _("Linie zwischen Partnern: gemeinsame andere Projekte"), "shape": "line", "color": "#9aa5b1"}]
    if project["status"] in ("idea", "submitted"):
        legend.append({"label": _("Stern, rot gerandet: von der Partnersuche empfohlen"), "shape": "star",
                       "color": RECOMMENDED_COLOR})
    hidden = len(ranked) - min(len(ranked), room)
    return package("projekt", nodes, edges, hidden_note(hidden, edges_hidden, filters.limit), legend,
                   focus=project_id(pid), centre=project_id(pid), hops=filters.hops,
                   recommended=[{"id": partner_id(rid), "partner": rid, "name": snap.partners[rid]["name"],
                                 "reasons": reasons[rid]} for rid in recommended_ids],
                   team=len(team), others=len(others), memory=snap.positions)


def build(snap, view, filters, ref=None):
    """The view's data, cached on the snapshot per view, filters, node and UI language."""
    key = ("view", view, filters, ref, current_locale())
    if view == "allianz":
        return snap.remember(key, lambda: alliance(snap, filters))
    if view == "partner-projekte":
        return snap.remember(key, lambda: partners_projects(snap, filters))
    if view == "partner-kompetenzen":
        return snap.remember(key, lambda: partners_competencies(snap, filters))
    if view == "partner":
        return snap.remember(key, lambda: neighbourhood(snap, ref, filters))
    if view == "projekt":
        recommended = ()
        if snap.projects[ref]["status"] in ("idea", "submitted"):
            recommended = tuple(recommended_for(ref))  # not cached: matching has its own data
            key = key + (json.dumps(recommended, sort_keys=True),)
        return snap.remember(key, lambda: project_team(snap, ref, filters, recommended))
    raise KeyError(view)


def as_graphml(data):
    """The picture as GraphML: nodes with label, type, kind and position; edges with weight."""
    graph = nx.Graph()
    for node in data["nodes"]:
        graph.add_node(node["id"], label=node.get("name") or node["label"], type=node.get("type", ""),
                       kind=node.get("kind") or node.get("status") or "", projects=int(node.get("projects") or 0),
                       x=float(node.get("x") or 0), y=float(node.get("y") or 0))
    for edge in data["edges"]:
        graph.add_edge(edge["from"], edge["to"], weight=int(edge.get("value") or 1), label=str(edge.get("title", "")))
    return "\n".join(nx.generate_graphml(graph))

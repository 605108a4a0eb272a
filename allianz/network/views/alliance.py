"""The alliance: partners tied by shared projects, or its communities as super-nodes."""
from collections import Counter

from flask_babel import lazy_gettext as _l

from ..analytics import community_groups
from ..filters import COMMUNITIES, PARTNERS
from ..nodes import community_id, community_node, partner_id, partner_node, weighted_edges
from ..registry import View, register
from ..selection import co_partner_weights, selected_projects, with_co_partner
from ..style import OTHER_COLOR, degree_note, kind_legend, line
from ..text import _
from ..visdata import hidden_note, package


def alliance(snap, filters, ref=None):
    """Partners as nodes, shared projects as weighted edges; filtered, the most connected first.

    With `filters.community`, only the members of that community; with mode COMMUNITIES, one node
    per community instead (`communities_picture`). `filters.focus` (a partner id) is always shown.
    """
    if filters.mode == COMMUNITIES:
        return communities_picture(snap, filters)
    group = None
    if filters.community is not None:
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
    pool = set(candidates)
    focus = filters.focus if filters.focus in pool else None
    if focus and focus not in visible:
        visible.append(focus)
    members = set(visible)
    tied = with_co_partner(snap, projects, pool)
    nodes = [partner_node(snap, pid, counts[pid], linked=pid in tied, keep=pid == focus) for pid in visible]
    edges = weighted_edges(co_partner_weights(snap, projects, members))
    legend = kind_legend(nodes) + [line(_("Linie: gemeinsame Projekte (dicker = mehr)"))]
    return package("allianz", nodes, edges, hidden_note(len(candidates) - len(members & pool), filters.limit),
                   legend, focus=partner_id(focus) if focus else None,
                   focus_missing=filters.focus is not None and focus is None, size_by=degree_note(),
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
    found = community_groups(snap)
    groups = found["groups"]
    shown = groups[:filters.limit]
    group_of = {member: group["number"] for group in shown for member in group["members"]}
    graph = snap.collaboration_graph()
    ties, shared = Counter(), Counter()
    for a, b, weight in graph.edges(data="weight"):
        ga, gb = group_of.get(a), group_of.get(b)
        if ga is None or gb is None or ga == gb:
            continue
        pair = (min(ga, gb), max(ga, gb))
        ties[pair] += 1
        shared[pair] += weight
    nodes = [community_node(group) for group in shown]
    edges = [{"from": community_id(a), "to": community_id(b), "value": count, "shared": shared[(a, b)],
              "width": min(1 + count ** 0.5, 10),
              "title": _("%(ties)s Verbindungen zwischen Partnern (%(projects)s gemeinsame Projekte)",
                         ties=count, projects=shared[(a, b)])}
             for (a, b), count in sorted(ties.items())]
    without_tie = sum(1 for pid in graph.nodes if graph.degree(pid) == 0)
    note = hidden_note(0)
    parts = []
    if len(groups) > len(shown):
        parts.append(_("%(count)s kleinere Gemeinschaften sind ausgeblendet; erhöhen Sie die Höchstzahl, um sie "
                       "zu sehen.", count=len(groups) - len(shown)))
    if without_tie:
        parts.append(_("%(count)s Partner ohne gemeinsames aktives oder abgeschlossenes Projekt gehören zu keiner "
                       "Gemeinschaft; die Ansicht „Partner“ zeigt sie.", count=without_tie))
    note.update(nodes=len(groups) - len(shown), message=" ".join(parts), partners=without_tie)
    legend = [{"label": _("Sechseck: eine Gemeinschaft (Größe: Zahl der Partner, Farbe: häufigste Art)"),
               "shape": "hexagon", "color": OTHER_COLOR},
              line(_("Linie: Verbindungen zwischen Partnern zweier Gemeinschaften (dicker = mehr)"))]
    return package("allianz", nodes, edges, note, legend, focus=None, focus_missing=False, mode=COMMUNITIES,
                   community=None, method=found["method"], modularity=found["modularity"],
                   size_by=_("Größe einer Gemeinschaft: die Zahl ihrer Partner."),
                   selection={"communities": len(groups),
                              "partners": sum(group["size"] for group in groups)}, memory=snap.positions)


register(View("allianz", "index", "/", _l("Allianz-Netzwerk"),
              ("field", "kind", "status", "years", "isolated", "focus"), alliance))

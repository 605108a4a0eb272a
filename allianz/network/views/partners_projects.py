"""Partners and projects as two kinds of nodes, participations as edges."""
from collections import Counter

from flask_babel import lazy_gettext as _l

from ..nodes import partner_node, project_node, role_edge
from ..registry import View, register
from ..selection import selected_projects
from ..style import degree_note, kind_legend, line, status_legend
from ..text import _
from ..visdata import hidden_note, package


def partners_projects(snap, filters, ref=None):
    """Partners (the most active first) and the projects they share; lead drawn thicker."""
    projects = selected_projects(snap, filters)
    counts = Counter()
    for pid in projects:
        for member in snap.team.get(pid, ()):
            if not filters.kind or snap.partners[member]["kind"] == filters.kind:
                counts[member] += 1
    partners = sorted(counts, key=lambda pid: (-counts[pid], snap.partners[pid]["name"]))
    shown_partners = partners[:max(1, filters.limit // 2)]
    members = set(shown_partners)
    reach = Counter({pid: sum(1 for m in snap.team.get(pid, ()) if m in members) for pid in projects})
    ranked = sorted((pid for pid in projects if reach[pid] or not filters.kind),
                    key=lambda pid: (-reach[pid], snap.projects[pid]["title"]))
    shown_projects = ranked[:max(1, filters.limit - len(shown_partners))]
    nodes = [partner_node(snap, pid, counts[pid]) for pid in shown_partners]
    nodes += [project_node(snap, pid) for pid in shown_projects]
    edges = [role_edge(pid, member, role) for pid in shown_projects
             for member, role in sorted(snap.team.get(pid, {}).items()) if member in members]
    legend = kind_legend(nodes) + status_legend(nodes) + [line(_("Linie: Teilnahme (dick = Federführung)"))]
    hidden = (len(partners) - len(shown_partners)) + (len(ranked) - len(shown_projects))
    return package("partner-projekte", nodes, edges, hidden_note(hidden, filters.limit), legend,
                   size_by=degree_note(), selection={"projects": len(projects), "partners": len(partners)},
                   memory=snap.positions)


register(View("partner-projekte", "partners_projects", "/partner-projekte", _l("Partner und Projekte"),
              ("field", "kind", "status", "years"), partners_projects))

"""A partner's neighbourhood: the partners 1–3 shared projects away."""
from flask_babel import lazy_gettext as _l

from ..nodes import partner_id, partner_node, weighted_edges
from ..registry import View, register
from ..selection import co_partner_weights, reach_from
from ..style import degree_note, kind_legend, line
from ..text import _
from ..visdata import hidden_note, package


def neighbourhood(snap, filters, pid):
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
            node.update(borderWidth=4, centre=True, keep=True)
        nodes.append(node)
    edges = weighted_edges(co_partner_weights(snap, snap.team.keys(), members))
    legend = kind_legend(nodes) + [{"label": _("großer Knoten mit breitem Rand: der gewählte Partner"),
                                    "shape": "dot", "color": "#1b1f24"},
                                   line(_("Linie: gemeinsame Projekte (dicker = mehr)"))]
    return package("partner", nodes, edges, hidden_note(len(ranked) - len(shown), filters.limit),
                   legend, focus=partner_id(pid), centre=partner_id(pid), hops=filters.hops,
                   size_by=degree_note(), memory=snap.positions)


register(View("partner", "partner", "/partner/<id>", _l("Nachbarschaft"), ("hops",),
              neighbourhood, subject="partner",
              heading=lambda found: _("Nachbarschaft von %(name)s", name=found["name"])))

"""A project's team, the team's partners from other projects, and (ideas) the partners matching recommends."""
import json

from flask_babel import lazy_gettext as _l

from ...vocabulary import OPEN_STATUSES
from ..nodes import partner_id, partner_node, project_id, project_node, role_edge, weighted_edges
from ..recommend import recommended_for
from ..registry import View, register
from ..selection import co_partner_weights, reach_from
from ..style import RECOMMENDED_COLOR, degree_note, kind_color, kind_legend, line, status_legend
from ..text import _
from ..visdata import hidden_note, package


def recommendations(snap, pid):
    """What matching recommends for an open project (not cached: matching has its own data), as a key part."""
    if snap.projects[pid]["status"] not in OPEN_STATUSES:
        return ()
    return json.dumps(recommended_for(pid), sort_keys=True)


def project_team(snap, filters, pid, recommended=()):
    """A project, its team, the team's partners from other projects, and (ideas) the recommended partners."""
    recommended = json.loads(recommended) if recommended else []
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
    nodes = [project_node(snap, pid, borderWidth=4, centre=True, keep=True)]
    for other in shown:
        extra = {"hop": distance.get(other)}
        if other in team:
            extra.update(role=team[other], team=True)
        if other in reasons:
            extra.update(recommended=True, shape="star", borderWidth=3, keep=True,
                         color={"background": kind_color(snap.partners[other]["kind"]), "border": RECOMMENDED_COLOR})
        node = partner_node(snap, other, **extra)
        if other in reasons:
            node["title"] += "\n" + _("von der Partnersuche empfohlen")
            node["details"]["facts"].append([_("Empfohlen, weil"), "; ".join(reasons[other]) or "–"])
        nodes.append(node)
    edges = [dict(role_edge(pid, member, role, heavy=4), width=4 if role == "lead" else 2)
             for member, role in sorted(team.items())]
    others = members - set(team)
    edges += weighted_edges(co_partner_weights(snap, [p for p in snap.team if p != pid], members))
    edges += [{"from": project_id(pid), "to": partner_id(rid), "dashes": True, "width": 2,
               "color": {"color": RECOMMENDED_COLOR}, "title": _("empfohlen")}
              for rid in recommended_ids if rid not in team]
    legend = status_legend(nodes) + kind_legend(nodes) + [
        line(_("Linie vom Projekt: Team (dick = Federführung)")),
        line(_("Linie zwischen Partnern: gemeinsame andere Projekte"))]
    if project["status"] in OPEN_STATUSES:
        legend.append({"label": _("Stern, rot gerandet: von der Partnersuche empfohlen"), "shape": "star",
                       "color": RECOMMENDED_COLOR})
    hidden = len(ranked) - min(len(ranked), room)
    return package("projekt", nodes, edges, hidden_note(hidden, filters.limit), legend,
                   focus=project_id(pid), centre=project_id(pid), hops=filters.hops, size_by=degree_note(),
                   recommended=[{"id": partner_id(rid), "partner": rid, "name": snap.partners[rid]["name"],
                                 "reasons": reasons[rid]} for rid in recommended_ids],
                   team=len(team), others=len(others), memory=snap.positions)


register(View("projekt", "project", "/projekt/<id>", _l("Projektteam und Umfeld"), ("hops",),
              project_team, subject="project", cache_extra=recommendations,
              heading=lambda found: _("Team und Umfeld von %(title)s", title=found["title"])))

"""Partners and the competencies they hold."""
from collections import Counter

from flask_babel import lazy_gettext as _l

from ..nodes import competency_id, competency_node, partner_id, partner_node
from ..registry import View, register
from ..style import COMPETENCY_COLOR, degree_note, kind_legend, line
from ..text import _
from ..visdata import hidden_note, package


def partners_competencies(snap, filters, ref=None):
    """Partners (most competencies first) and the competencies they hold; edges by level."""
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
    nodes = [partner_node(snap, pid, linked=True) for pid in shown_partners]
    nodes += [competency_node(snap, cid, holders[cid]) for cid in shown_competencies]
    edges = [{"from": partner_id(pid), "to": competency_id(cid), "value": level or 1, "width": level or 1,
              "title": _("Stufe %(level)s", level=level) if level else _("ohne Stufe")}
             for pid in shown_partners for cid, level in sorted(snap.holdings[pid].items()) if cid in visible]
    legend = kind_legend(nodes) + [{"label": _("Kompetenz"), "color": COMPETENCY_COLOR, "shape": "triangle"},
                                   line(_("Linie: Kompetenz (dicker = höhere Stufe)"))]
    hidden = (len(partners) - len(shown_partners)) + (len(competencies) - len(shown_competencies))
    return package("partner-kompetenzen", nodes, edges, hidden_note(hidden, filters.limit), legend,
                   size_by=degree_note(), selection={"partners": len(partners), "competencies": len(competencies)},
                   memory=snap.positions)


register(View("partner-kompetenzen", "partners_competencies", "/partner-kompetenzen", _l("Partner und Kompetenzen"),
              ("field", "kind"), partners_competencies))

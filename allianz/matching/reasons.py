"""Reasons: why a candidate is recommended, in the UI language, with the evidence behind it.

Every text is a German msgid (flask_babel), so the UI shows it in German or English. Besides the
texts, `reasons_for` returns the evidence as data (needs covered and how, shared projects, common
partners), which the JSON endpoint and the pages use.
"""
import numpy as np
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..labels import competency_name, field_name
from . import signals

FACTOR_LABELS = {
    "competency": _l("Kompetenzen"),
    "competency_projects": _l("Kompetenzen aus Projekten"),
    "field": _l("Erfahrung im Handlungsfeld"),
    "coparticipation": _l("gemeinsame Projekte"),
    "adamic_adar": _l("gemeinsame Partner"),
    "team_ties": _l("Verbindungen ins Team"),
    "walk": _l("Nähe im Netzwerk"),
    "kind_prior": _l("typische Ergänzung für dieses Team"),
    "sector": _l("Sektorenmix"),
    "activity": _l("Aktivität"),
    "load": _l("laufende Projekte"),
    "new_bridge": _l("neue Verbindung"),
    "country": _l("Land wie im Team"),
    "lead": _l("Erfahrung als Koordinator"),
    "field_walk": _l("Nähe im Netzwerk des Handlungsfelds"),
    "field_focus": _l("Schwerpunkt im Handlungsfeld"),
    "kind_field": _l("typische Art im Handlungsfeld"),
    "country_affinity": _l("Länder, die oft zusammenarbeiten"),
    "recent": _l("jüngste Aktivität"),
    "team_project": _l("schon mit mehreren aus dem Team in einem Projekt"),
    "p3": _l("Partner der Partner im Team"),
    "p3_recent": _l("jüngste Projekte mit dem Team"),
}
SECTOR_LABELS = {
    "business": _l("Wirtschaft"),
    "science": _l("Wissenschaft"),
    "civil": _l("Zivilgesellschaft"),
    "administration": _l("Verwaltung"),
}
MAX_TITLES = 3


def factor_label(name):
    """The UI word for a factor of the score."""
    return str(FACTOR_LABELS.get(name, name))


def titles(projects):
    """Project titles for a reason: the first few, then "…"."""
    names = [p["title"] for p in projects[:MAX_TITLES]]
    return ", ".join(names) + (" …" if len(projects) > MAX_TITLES else "")


def need_evidence(index, i, competency, coverage_value):
    """How partner `i` covers `competency`: declared level, past projects, or a related competency."""
    pid = index.partner_ids[i]
    j = index.competency_index[competency]
    level = index.declared[i, j]
    projects = index.project_rows(pid, competency=competency)
    item = {"competency": competency, "coverage": round(float(coverage_value), 3),
            "level": int(level) if level else None,
            "projects": [{"id": p["id"], "title": p["title"]} for p in projects], "via": None}
    if not level and not projects:
        for other in [index.broader.get(competency)] + index.narrower.get(competency, []):
            if other and signals._direct_coverage(index, other)[i] > 0:
                item["via"] = other
                k = index.competency_index[other]
                item["level"] = int(index.declared[i, k]) if index.declared[i, k] else None
                item["projects"] = [{"id": p["id"], "title": p["title"]}
                                    for p in index.project_rows(pid, competency=other)]
                break
    return item


def need_text(index, item):
    """A need's evidence as text: "Sensorik, Stufe 3", "Datenplattformen, aus 2 Projekten: X, Y"."""
    name = competency_name(index.competencies.get(item["competency"])) or item["competency"]
    if item["via"]:
        via = competency_name(index.competencies.get(item["via"])) or item["via"]
        name = _("%(need)s (verwandt: %(via)s)", need=name, via=via)
    parts = []
    if item["level"]:
        parts.append(_("%(name)s, Stufe %(level)s", name=name, level=item["level"]))
    if item["projects"]:
        count = len(item["projects"])
        parts.append(_("%(name)s, aus %(count)s Projekten: %(titles)s", name=name, count=count,
                       titles=titles(item["projects"])) if count > 1 else
                     _("%(name)s, aus dem Projekt %(title)s", name=name, title=item["projects"][0]["title"]))
    return "; ".join(parts) or name


def reasons_for(index, query, i, values, context, factors):
    """Texts and evidence for candidate `i` of a ranked query."""
    reasons, evidence = [], {"needs": [], "shared_projects": [], "common_partners": []}
    # needs: open ones first
    open_needs, covered_needs = [], []
    for competency in query.needs:
        value = context["coverages"][competency][i]
        if value <= 0:
            continue
        item = need_evidence(index, i, competency, value)
        item["open"] = competency not in context["covered"]
        evidence["needs"].append(item)
        (open_needs if item["open"] else covered_needs).append(need_text(index, item))
    if open_needs:
        reasons.append(_("deckt offene Bedarfe: %(needs)s", needs="; ".join(open_needs)))
    if covered_needs:
        reasons.append(_("verstärkt, was das Team schon kann: %(needs)s", needs="; ".join(covered_needs)))
    # shared history with the team
    team_ids = {index.partner_ids[t] for t in context["team"]}
    pid = index.partner_ids[i]
    if team_ids:
        shared = index.project_rows(pid, others=team_ids)
        if shared:
            members = sorted({m for p in shared for m in index.teams.get(p["id"], []) if m in team_ids})
            evidence["shared_projects"] = [{"id": p["id"], "title": p["title"],
                                            "with": sorted(team_ids.intersection(index.teams.get(p["id"], [])))}
                                           for p in shared]
            names = ", ".join(index.partner_name(m) for m in members[:MAX_TITLES])
            reasons.append(_("%(count)s gemeinsame Projekte mit %(partners)s: %(titles)s", count=len(shared),
                             partners=names, titles=titles(shared)) if len(shared) > 1 else
                           _("ein gemeinsames Projekt mit %(partners)s: %(titles)s", partners=names,
                             titles=titles(shared)))
        else:
            common = common_partners(index, context["team"], i)
            evidence["common_partners"] = [index.partner_ids[k] for k in common]
            if common:
                names = ", ".join(index.partner_name(index.partner_ids[k]) for k in common[:MAX_TITLES])
                reasons.append(_("noch kein gemeinsames Projekt mit dem Team; verbunden über %(count)s gemeinsame "
                                 "Partner: %(partners)s", count=len(common), partners=names))
            else:
                reasons.append(_("wäre eine neue Verbindung: noch kein gemeinsames Projekt mit dem Team"))
    # sector mix
    if values["sector"][i] > 0:
        sector = signals.SECTOR_NAMES[signals.SECTOR_OF_KIND[index.kind[i]]]
        reasons.append(_("bringt %(sector)s ins Team", sector=SECTOR_LABELS[sector]))
    # field experience
    cols = [index.field_index[key] for key in query.fields]
    for key, j in zip(query.fields, cols):
        count = int(round(float((index.A[i] @ index.project_fields[:, j]).sum()))) if index.A.shape[1] else 0
        declared = bool(index.declared_fields[i, j])
        if count:
            reasons.append(_("Erfahrung im Handlungsfeld %(field)s: %(count)s Projekte",
                             field=field_name(index.fields[key]), count=count))
        elif declared:
            reasons.append(_("im Handlungsfeld %(field)s aktiv", field=field_name(index.fields[key])))
    # activity and load
    degree, running = int(index.degree[i]), int(round(np.expm1(values["load"][i])))
    if degree:
        reasons.append(_("%(count)s Projekte in der Allianz, davon %(running)s laufend", count=degree, running=running))
    else:
        reasons.append(_("noch in keinem Projekt der Allianz"))
    # the score by factor
    if factors:
        ordered = sorted(factors.items(), key=lambda item: -abs(item[1]))
        reasons.append(_("Score nach Faktoren: %(factors)s",
                         factors=" · ".join(f"{factor_label(name)} {value:+.2f}" for name, value in ordered)))
    return reasons, evidence


def common_partners(index, team, i):
    """Partners (indices) that worked with both a team member and candidate `i`, best connected first."""
    if not team:
        return []
    team_reach = np.asarray(index.neighbours[list(team)].sum(axis=0)).ravel()
    row = index.neighbours[i]
    common = [int(k) for k in row.indices if team_reach[k] > 0 and k not in team]
    return sorted(common, key=lambda k: (-team_reach[k], index.partner_ids[k]))

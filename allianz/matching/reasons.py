"""Reasons: why a candidate is recommended, in the UI language, with the evidence behind it.

Every text is a German msgid (flask_babel), so the UI shows it in German or English. Besides the
texts, `reasons_for` returns the evidence as data (needs covered and how, shared projects, common
partners), which the JSON endpoint and the pages use.
"""
import numpy as np
from flask_babel import get_domain, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..labels import competency_name, field_name
from ..vocabulary import SECTOR_NAMES, SECTOR_WORDS
from . import signals

SECTOR_LABELS = {sector: _l(word) for sector, word in SECTOR_WORDS.items()}
MAX_TITLES = 3


class Texts:
    """`gettext` and `ngettext` as flask_babel's, with the UI language's catalog looked up once: for the reasons of
    one answer (flask_babel looks it up again on every call, which was the largest cost of a reason)."""

    def __init__(self):
        self.catalog = get_domain().get_translations()

    def gettext(self, string, **variables):
        """flask_babel.gettext from this catalog."""
        text = self.catalog.ugettext(string)
        return text % variables if variables else text

    def ngettext(self, singular, plural, num, **variables):
        """flask_babel.ngettext from this catalog (`num` is a variable too)."""
        variables.setdefault("num", num)
        return self.catalog.ungettext(singular, plural, num) % variables


def titles(projects):
    """Project titles for a reason: the first few, then "…"."""
    names = [p["title"] for p in projects[:MAX_TITLES]]
    return ", ".join(names) + (" …" if len(projects) > MAX_TITLES else "")


def need_evidence(index, i, competency, coverage_value, without=None):
    """How partner `i` covers `competency`: declared level, past projects (never `without`, the query's own
    project), the narrower competencies it has ("via": LoRaWAN for "Sensorik & IoT"), or only the broader one."""
    pid = index.partner_ids[i]
    j = index.competency_index[competency]
    level = index.entry(index.declared, i, j)
    projects = index.project_rows(pid, competency=competency, without=without)
    item = {"competency": competency, "coverage": round(float(coverage_value), 3),
            "level": int(level) if level else None,
            "projects": [{"id": p["id"], "title": p["title"]} for p in projects],
            "via": narrower_held(index, i, competency, without), "broader": None}
    broader = index.broader.get(competency)
    if not level and not projects and not item["via"] and broader and \
            signals.direct_coverage_of(index, broader, i, without) > 0:
        item["broader"] = broader
        k = index.competency_index[broader]
        level = index.entry(index.declared, i, k)
        item["level"] = int(level) if level else None
        item["projects"] = [{"id": p["id"], "title": p["title"]}
                            for p in index.project_rows(pid, competency=broader, without=without)]
    return item


def narrower_held(index, i, competency, without=None):
    """The competencies narrower than `competency` that partner `i` has (declared or from projects other than
    `without`), the strongest first (ties in the vocabulary's order)."""
    held = [(signals.direct_coverage_of(index, other, i, without), k, other)
            for k, other in enumerate(index.below(competency))]
    return [other for value, _k, other in sorted(held, key=lambda item: (-item[0], item[1])) if value > 0]


def need_text(index, item, say=None):
    """A need's evidence in plain words: "Offene Daten (Stufe 3; aus 2 Projekten: X, Y)", "Sensorik & IoT – abgedeckt
    durch LoRaWAN, Smart Metering", "LoRaWAN – nur allgemein: Sensorik & IoT (Stufe 2)" (`say`: the answer's
    `Texts`)."""
    say = say or Texts()
    name = competency_name(index.competencies.get(item["competency"])) or item["competency"]
    parts = []
    if item["level"]:
        parts.append(say.gettext("Stufe %(level)s", level=item["level"]))
    if item["projects"]:
        count = len(item["projects"])
        parts.append(say.ngettext("aus %(num)s Projekt: %(titles)s", "aus %(num)s Projekten: %(titles)s", count,
                                  titles=titles(item["projects"])) if count > 1 else
                     say.gettext("aus dem Projekt %(title)s", title=item["projects"][0]["title"]))
    details = f" ({'; '.join(parts)})" if parts else ""
    if item.get("broader"):
        broader = competency_name(index.competencies.get(item["broader"])) or item["broader"]
        return say.gettext("%(need)s – nur allgemein: %(broader)s", need=name, broader=broader + details)
    if item["via"]:
        via = ", ".join(competency_name(index.competencies.get(other)) or other for other in item["via"][:MAX_TITLES])
        via += " …" if len(item["via"]) > MAX_TITLES else ""
        return say.gettext("%(need)s – abgedeckt durch %(via)s", need=name + details, via=via)
    return name + details


def cell_text(index, cell, say=None):
    """A cell of the coverage matrix in words: "Stufe 2 · 3 Projekte", "durch LoRaWAN-Funknetze", "nur allgemein:
    Sensorik & IoT" (`cell`: `consortium.coverage_cell`)."""
    say = say or Texts()
    parts = []
    if cell["level"]:
        parts.append(say.gettext("Stufe %(level)s", level=cell["level"]))
    if cell["projects"]:
        parts.append(say.ngettext("%(num)s Projekt", "%(num)s Projekte", cell["projects"]))
    text = " · ".join(parts)
    if cell.get("broader"):
        broader = competency_name(index.competencies.get(cell["broader"])) or cell["broader"]
        return say.gettext("nur allgemein: %(broader)s", broader=broader) + (f" ({text})" if text else "")
    if cell.get("via"):
        via = ", ".join(competency_name(index.competencies.get(other)) or other for other in cell["via"][:MAX_TITLES])
        via_text = say.gettext("durch %(names)s", names=via)
        return f"{text} · {via_text}" if text else via_text
    return text or "–"


def reasons_for(index, query, i, values, context, factors, detail=True, say=None):
    """Texts and evidence for candidate `i` of a ranked query (`detail` false: the shared projects' evidence is left
    out, the texts stay the same; `say`: the answer's `Texts`)."""
    say = say or Texts()
    evidence = {"needs": [], "shared_projects": [], "common_partners": []}
    reasons = need_reasons(index, query, i, context, evidence, say)
    reasons += team_reasons(index, i, context, evidence, detail, say, query.project)
    # sector mix
    if values["sector"][i] > 0:
        sector = SECTOR_NAMES[signals.SECTOR_OF_KIND[index.kind[i]]]
        reasons.append(say.gettext("bringt %(sector)s ins Team", sector=SECTOR_LABELS[sector]))
    reasons += field_reasons(index, query, i, say)
    # activity and load
    degree, running = int(index.degree[i]), int(round(np.expm1(values["load"][i])))
    if degree:
        reasons.append(say.ngettext("%(num)s Projekt in der Allianz, davon %(running)s laufend",
                                    "%(num)s Projekte in der Allianz, davon %(running)s laufend", degree,
                                    running=running))
    else:
        reasons.append(say.gettext("noch in keinem Projekt der Allianz"))
    return reasons, evidence


def need_reasons(index, query, i, context, evidence, say):
    """The reasons from the needs candidate `i` covers, open ones first (their evidence added to `evidence`)."""
    reasons, open_needs, covered_needs = [], [], []
    for competency in query.needs:
        value = context["coverages"][competency][i]
        if value <= 0:
            continue
        item = need_evidence(index, i, competency, value, query.project)
        item["open"] = competency not in context["covered"]
        evidence["needs"].append(item)
        (open_needs if item["open"] else covered_needs).append(need_text(index, item, say))
    if open_needs:
        reasons.append(say.gettext("deckt offene Bedarfe: %(needs)s", needs="; ".join(open_needs)))
    if covered_needs:
        reasons.append(say.gettext("verstärkt, was das Team schon kann: %(needs)s", needs="; ".join(covered_needs)))
    return reasons


def team_reasons(index, i, context, evidence, detail, say, without=None):
    """The reason from candidate `i`'s shared history with the team: shared projects (never `without`, the query's
    own project), else common partners, else a new tie (nothing without a team; the evidence added to
    `evidence`)."""
    team_ids = {index.partner_ids[t] for t in context["team"]}
    pid = index.partner_ids[i]
    if not team_ids:
        return []
    if "team_projects" not in context:   # the same for every candidate of the query
        context["team_projects"] = index.projects_of(context["team"])
        context["team_entries"] = index.participations_of(sorted(set(context["team"])))
    columns = index.project_columns(pid, within=context["team_projects"], without=without)
    shared = [index.projects[index.history_ids[j]] for j in columns]
    if shared:
        in_shared = np.zeros(len(index.history_ids), dtype=bool)
        in_shared[columns] = True
        projects, rows = context["team_entries"]
        members = sorted({index.partner_ids[t] for t in rows[in_shared[projects]].tolist()})
        if detail:
            evidence["shared_projects"] = [{"id": p["id"], "title": p["title"],
                                            "with": sorted(team_ids.intersection(index.teams.get(p["id"], [])))}
                                           for p in shared]
        names = ", ".join(index.partner_name(m) for m in members[:MAX_TITLES])
        return [say.ngettext("%(num)s gemeinsames Projekt mit %(partners)s: %(titles)s",
                             "%(num)s gemeinsame Projekte mit %(partners)s: %(titles)s", len(shared),
                             partners=names, titles=titles(shared))]
    common = common_partners(index, context["team"], i, context.get("reach"))
    evidence["common_partners"] = [index.partner_ids[k] for k in common]
    if common:
        names = ", ".join(index.partner_name(index.partner_ids[k]) for k in common[:MAX_TITLES])
        return [say.ngettext("noch kein gemeinsames Projekt mit dem Team; verbunden über %(num)s "
                             "gemeinsamen Partner: %(partners)s",
                             "noch kein gemeinsames Projekt mit dem Team; verbunden über %(num)s "
                             "gemeinsame Partner: %(partners)s", len(common), partners=names)]
    return [say.gettext("wäre eine neue Verbindung: noch kein gemeinsames Projekt mit dem Team")]


def field_reasons(index, query, i, say):
    """The reasons from candidate `i`'s experience in the query's fields (projects there, else declared)."""
    reasons = []
    cols = [index.field_index[key] for key in query.fields]
    for key, j in zip(query.fields, cols, strict=True):
        count = int(round(float(index.field_counts[i, j])))
        declared = bool(index.entry(index.declared_fields, i, j))
        if count:
            reasons.append(say.ngettext("Erfahrung im Handlungsfeld %(field)s: %(num)s Projekt",
                                        "Erfahrung im Handlungsfeld %(field)s: %(num)s Projekte", count,
                                        field=field_name(index.fields[key])))
        elif declared:
            reasons.append(say.gettext("im Handlungsfeld %(field)s aktiv", field=field_name(index.fields[key])))
    return reasons


# The "Warum?" breakdown reads in a few groups of factors, each said in plain words; a group's points are the sum of
# its factors' points, so the rows still add up to the fit.
GROUPS = (
    ("needs", ("competency", "competency_projects")),
    ("network", ("walk", "p3", "p3_recent", "coparticipation", "adamic_adar", "team_ties", "team_project",
                 "field_walk")),
    ("new_bridge", ("new_bridge",)),
    ("fields", ("field", "field_focus", "kind_field")),
    ("mix", ("kind_prior", "sector", "country", "country_affinity")),
    ("busy", ("activity", "load", "lead", "recent")),
)
GROUP_LABELS = {
    "needs": _l("Gesuchte Kompetenzen"),
    "network": _l("Verbindung zum Team"),
    "new_bridge": _l("Neue Verbindung"),
    "fields": _l("Handlungsfelder"),
    "mix": _l("Ergänzung des Teams"),
    "busy": _l("Aktivität"),
    "floor": _l("Untergrenze"),
}
# (group, whether it adds points) -> a plain sentence; "busy" also by what dominates it (many projects or few)
GROUP_TEXTS = {
    ("needs", True): _l("Kann, was das Team sucht."),
    ("needs", False): _l("Kann weniger von dem, was das Team sucht, als die meisten."),
    ("network", True): _l("Hat schon mit dem Team oder dessen Partnern gearbeitet."),
    ("network", False): _l("Ist dem Team über gemeinsame Projekte ferner als die meisten."),
    ("new_bridge", True): _l("Noch kein gemeinsames Projekt mit dem Team: eine neue Verbindung, wie gewünscht."),
    ("new_bridge", False): _l("Hat schon mit dem Team gearbeitet; gewünscht sind neue Verbindungen."),
    ("fields", True): _l("Arbeitet oft in den gewählten Handlungsfeldern."),
    ("fields", False): _l("Arbeitet selten in den gewählten Handlungsfeldern."),
    ("mix", True): _l("Ergänzt das Team so, wie ähnliche Teams sich meist ergänzt haben."),
    ("mix", False): _l("Kam in ähnlichen Teams selten dazu."),
    ("busy", True): _l("Ist in der Allianz aktiv und nicht überlastet."),
    ("busy_many", False): _l("Ist schon in fast allen Projekten dabei."),
    ("busy_few", False): _l("War zuletzt in wenigen Projekten aktiv."),
    ("floor", True): _l("Weniger passend als ein durchschnittlicher Partner: gezeigt wird 0."),
}
FIT_LABELS = {"very_good": _l("passt sehr gut"), "good": _l("passt gut"), "partly": _l("passt teilweise"),
              "little": _l("passt wenig")}
BUSY_MANY = ("lead", "recent")   # factors whose high values count against (a partner in many projects already)


def group_of(factor):
    """The breakdown group of a factor."""
    return next((name for name, members in GROUPS if factor in members), "mix")


def explain_factors(points, words=None, shown=None):
    """The fit's breakdown behind "Warum?": a few groups of factors (largest first), each with whole points and a
    plain sentence. `points`: every factor's points (unrounded; they add up to the fit); `shown`: the fit as shown
    (a whole number 0..100); the rows' points add up to it exactly (largest remainders). `words`:
    `explain_words()`."""
    words = words or explain_words()
    sums = {}
    for factor, value in points.items():
        sums[group_of(factor)] = sums.get(group_of(factor), 0.0) + value
    total = sum(sums.values())
    shown = int(round(total)) if shown is None else shown
    if total < shown - 0.5:      # a fit below 0 is shown as 0: the difference is its own row
        sums["floor"] = shown - total
    whole = largest_remainders(sums, shown)
    out = []
    for group, value in sorted(whole.items(), key=lambda item: (-abs(item[1]), item[0])):
        if value == 0:
            continue
        key = (group, value > 0)
        if group == "busy" and value < 0:
            many = sum(points.get(f, 0.0) for f in BUSY_MANY)
            key = ("busy_many" if many < 0 else "busy_few", False)
        out.append({"group": group, "label": words["label"][group], "points": value, "text": words["text"][key],
                    "factors": sorted(f for f, v in points.items() if group_of(f) == group and abs(v) >= 0.05)})
    return out


def largest_remainders(values, total):
    """Whole numbers for `values` (a dict) that add up to `total`: each rounded down, the rest given one by one to
    the largest remainders."""
    floors = {key: int(np.floor(value)) for key, value in values.items()}
    rest = total - sum(floors.values())
    order = sorted(values, key=lambda key: (-(values[key] - floors[key]), key))
    for key in order[:max(0, rest)]:
        floors[key] += 1
    for key in order[::-1][:max(0, -rest)]:
        floors[key] -= 1
    return floors


_WORDS = {}   # locale -> explain_words() (the catalogs do not change while the process runs)


def explain_words():
    """The breakdown's words in the UI language, looked up once per process and language."""
    locale = str(get_locale())
    if locale not in _WORDS:
        _WORDS[locale] = {"label": {name: str(label) for name, label in GROUP_LABELS.items()},
                          "text": {key: str(text) for key, text in GROUP_TEXTS.items()}}
    return _WORDS[locale]


def common_partners(index, team, i, reach=None):
    """Partners (indices) that worked with both a team member and candidate `i`, best connected first
    (`reach`: `signals.team_reach` of the team, if known)."""
    if not team:
        return []
    team_reach = signals.team_reach(index, team) if reach is None else reach
    row = index.neighbours[i]
    common = [int(k) for k in row.indices if team_reach[k] > 0 and k not in team]
    return sorted(common, key=lambda k: (-team_reach[k], index.partner_ids[k]))


def pair_reasons(index, a, b):
    """Why partners `a` and `b` (indices) should meet, phrased for the pair: fields both work in, the partners
    that connect them, the sectors they bring, the competencies one brings that the other lacks."""
    name_a, name_b = index.partner_name(index.partner_ids[a]), index.partner_name(index.partner_ids[b])
    reasons = []
    both = [index.field_keys[j]
            for j in np.flatnonzero((index.field_experience[a] > 0) & (index.field_experience[b] > 0))]
    if both:
        reasons.append(ngettext("beide arbeiten im Handlungsfeld %(fields)s", "beide arbeiten in den Handlungsfeldern "
                                "%(fields)s", len(both), fields=", ".join(field_name(index.fields[k]) for k in both)))
    common = common_partners(index, [a], b)
    if common:
        names = ", ".join(index.partner_name(index.partner_ids[k]) for k in common[:MAX_TITLES])
        reasons.append(ngettext("noch kein gemeinsames Projekt; verbunden über %(num)s gemeinsamen Partner: "
                                "%(partners)s",
                                "noch kein gemeinsames Projekt; verbunden über %(num)s gemeinsame Partner: "
                                "%(partners)s",
                                len(common), partners=names))
    else:
        reasons.append(_("noch kein gemeinsames Projekt und keine gemeinsamen Partner: eine neue Verbindung"))
    sector_a = SECTOR_NAMES[signals.SECTOR_OF_KIND[index.kind[a]]]
    sector_b = SECTOR_NAMES[signals.SECTOR_OF_KIND[index.kind[b]]]
    if sector_a != sector_b:
        reasons.append(_("%(a)s bringt %(sector_a)s, %(b)s bringt %(sector_b)s", a=name_a, b=name_b,
                         sector_a=SECTOR_LABELS[sector_a], sector_b=SECTOR_LABELS[sector_b]))
    for x, y, name_x, name_y in ((a, b, name_a, name_b), (b, a, name_b, name_a)):
        new = sorted(set(index.declared[y].indices) - set(index.declared[x].indices)
                     - set(index.inferred_rows[x].indices))
        if new:
            names = ", ".join(competency_name(index.competencies[index.competency_ids[j]]) or index.competency_ids[j]
                              for j in new[:MAX_TITLES])
            reasons.append(_("%(y)s kann, was %(x)s fehlt: %(competencies)s", y=name_y, x=name_x, competencies=names))
    return reasons

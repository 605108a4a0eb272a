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
# what each factor measures, as a plain phrase ("… als bei einem durchschnittlichen Partner" follows)
FACTOR_WHAT = {
    "competency": _l("Angegebene Kompetenzen, die das Team sucht"),
    "competency_projects": _l("Gesuchte Kompetenzen aus früheren Projekten"),
    "field": _l("Projekte in den gewählten Handlungsfeldern"),
    "coparticipation": _l("Gemeinsame Projekte mit dem Team (kleine und jüngere zählen mehr)"),
    "adamic_adar": _l("Gemeinsame Partner mit dem Team"),
    "team_ties": _l("Zahl der Teammitglieder, mit denen er schon gearbeitet hat"),
    "walk": _l("Nähe zum Team im Netz der Projekte"),
    "kind_prior": _l("Wie oft Teams dieser Zusammensetzung einen Partner dieser Art aufnehmen"),
    "sector": _l("Bringt einen Sektor, der im Team fehlt"),
    "activity": _l("Zahl der Projekte in den letzten Jahren"),
    "load": _l("Zahl der laufenden Projekte"),
    "new_bridge": _l("Noch kein gemeinsames Projekt mit dem Team (neue Verbindung gewünscht)"),
    "country": _l("Anteil des Teams aus demselben Land"),
    "lead": _l("Erfahrung als Koordinator"),
    "field_walk": _l("Nähe zum Team über Projekte in den gewählten Handlungsfeldern"),
    "field_focus": _l("Schwerpunkt in den gewählten Handlungsfeldern"),
    "kind_field": _l("Wie typisch seine Art in diesen Handlungsfeldern ist"),
    "country_affinity": _l("Wie oft die Länder des Teams mit seinem Land zusammenarbeiten"),
    "recent": _l("Projekte, die erst kürzlich begonnen haben"),
    "team_project": _l("Schon mit mehreren aus dem Team im selben Projekt"),
    "p3": _l("Partner der Partner im Team"),
    "p3_recent": _l("Partner aus den jüngsten Projekten des Teams"),
}
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


def need_evidence(index, i, competency, coverage_value):
    """How partner `i` covers `competency`: declared level, past projects, or a related competency."""
    pid = index.partner_ids[i]
    j = index.competency_index[competency]
    level = index.entry(index.declared, i, j)
    projects = index.project_rows(pid, competency=competency)
    item = {"competency": competency, "coverage": round(float(coverage_value), 3),
            "level": int(level) if level else None,
            "projects": [{"id": p["id"], "title": p["title"]} for p in projects], "via": None}
    if not level and not projects:
        for other in [index.broader.get(competency)] + index.narrower.get(competency, []):
            if other and signals.direct_coverage_of(index, other, i) > 0:
                item["via"] = other
                k = index.competency_index[other]
                level = index.entry(index.declared, i, k)
                item["level"] = int(level) if level else None
                item["projects"] = [{"id": p["id"], "title": p["title"]}
                                    for p in index.project_rows(pid, competency=other)]
                break
    return item


def need_text(index, item, say=None):
    """A need's evidence as text: "Sensorik, Stufe 3", "Datenplattformen, aus 2 Projekten: X, Y" (`say`: the
    answer's `Texts`)."""
    say = say or Texts()
    name = competency_name(index.competencies.get(item["competency"])) or item["competency"]
    if item["via"]:
        via = competency_name(index.competencies.get(item["via"])) or item["via"]
        name = say.gettext("%(need)s (verwandt: %(via)s)", need=name, via=via)
    parts = []
    if item["level"]:
        parts.append(say.gettext("%(name)s, Stufe %(level)s", name=name, level=item["level"]))
    if item["projects"]:
        count = len(item["projects"])
        parts.append(say.ngettext("%(name)s, aus %(num)s Projekt: %(titles)s",
                                  "%(name)s, aus %(num)s Projekten: %(titles)s",
                                  count, name=name, titles=titles(item["projects"])) if count > 1 else
                     say.gettext("%(name)s, aus dem Projekt %(title)s", name=name, title=item["projects"][0]["title"]))
    return "; ".join(parts) or name


def reasons_for(index, query, i, values, context, factors, detail=True, say=None):
    """Texts and evidence for candidate `i` of a ranked query (`detail` false: the shared projects' evidence is left
    out, the texts stay the same; `say`: the answer's `Texts`)."""
    say = say or Texts()
    evidence = {"needs": [], "shared_projects": [], "common_partners": []}
    reasons = need_reasons(index, query, i, context, evidence, say)
    reasons += team_reasons(index, i, context, evidence, detail, say)
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
        item = need_evidence(index, i, competency, value)
        item["open"] = competency not in context["covered"]
        evidence["needs"].append(item)
        (open_needs if item["open"] else covered_needs).append(need_text(index, item, say))
    if open_needs:
        reasons.append(say.gettext("deckt offene Bedarfe: %(needs)s", needs="; ".join(open_needs)))
    if covered_needs:
        reasons.append(say.gettext("verstärkt, was das Team schon kann: %(needs)s", needs="; ".join(covered_needs)))
    return reasons


def team_reasons(index, i, context, evidence, detail, say):
    """The reason from candidate `i`'s shared history with the team: shared projects, else common partners, else a
    new tie (nothing without a team; the evidence added to `evidence`)."""
    team_ids = {index.partner_ids[t] for t in context["team"]}
    pid = index.partner_ids[i]
    if not team_ids:
        return []
    if "team_projects" not in context:   # the same for every candidate of the query
        context["team_projects"] = index.projects_of(context["team"])
        context["team_entries"] = index.participations_of(sorted(set(context["team"])))
    columns = index.project_columns(pid, within=context["team_projects"])
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


_WORDS = {}   # locale -> explain_words() (the catalogs do not change while the process runs)


def explain_words():
    """The breakdown's words in the UI language, looked up once per process and language."""
    locale = str(get_locale())
    if locale not in _WORDS:
        _WORDS[locale] = _explain_words()
    return _WORDS[locale]


def _explain_words():
    """The breakdown's words, looked up in the catalog."""
    return {"label": {name: str(label) for name, label in FACTOR_LABELS.items()},
            "what": {name: str(what) for name, what in FACTOR_WHAT.items()},
            "more": _("%(what)s: mehr als bei einem durchschnittlichen Partner."),
            "less": _("%(what)s: weniger als bei einem durchschnittlichen Partner."),
            "more_against": _("%(what)s: mehr als im Durchschnitt. In früheren Konsortien sprach das eher dagegen, "
                              "deshalb zieht es Punkte ab."),
            "less_against": _("%(what)s: weniger als im Durchschnitt. In früheren Konsortien sprach ein hoher Wert "
                              "eher dagegen, deshalb gibt es hier Punkte.")}


def explain_factors(factors, weights, words=None):
    """The fit's breakdown behind "Warum?": per factor (largest first) its label, points and a plain sentence
    saying whether it puts the candidate above or below an average partner, and why a factor counts against.
    `words`: `explain_words()` of this answer."""
    words = words or explain_words()
    out = []
    for name, points in sorted(factors.items(), key=lambda item: -abs(item[1])):
        label = words["label"].get(name, name)
        positive = float(weights.get(name, 0.0)) >= 0
        above = (points > 0) == positive   # the value itself is above the average
        key = ("more" if above else "less") + ("" if positive else "_against")
        text = words[key] % {"what": words["what"].get(name, label)}
        out.append({"factor": name, "label": label, "points": points, "text": text})
    return out


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

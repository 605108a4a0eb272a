"""The evaluation protocol of the matcher, shared by bench/match_eval.py, bench/match_fit.py, bench/match_speed.py.

Rolling origin: for each cut, the history is every project started before it (the index as of the day
before), and the queries are the consortia (>= MIN_TEAM partners) that started in the half-year after it,
each partner the history knows hidden in turn. See docs/matching.md, "Evaluation protocol".
"""
import csv
from datetime import date, timedelta

import numpy as np

from allianz.matching.index import GraphRows

# The data has consortia (>= 3 partners) in every half-year from 2014-H2 to 2016-H1 (71, 1126, 474, 719), but
# only 6 in 2016-H2 and none after: so the cuts whose next half-year holds consortia.
CUTS = (date(2015, 1, 1), date(2015, 7, 1), date(2016, 1, 1))
WINDOW_MONTHS = 6            # test (and validation) window: the half-year after (before) a cut
MIN_TEAM = 3


def add_months(day, months):
    """The first of the month `months` after (or before, when negative) `day`'s month."""
    k = day.year * 12 + day.month - 1 + months
    return date(k // 12, k % 12 + 1, 1)


def asof(cut):
    """The index date of a cut: the day before it."""
    return cut - timedelta(days=1)


def history_snapshot(data, cutoff, leave_out=None):
    """The graph as it was before `cutoff`: projects started earlier (except those `leave_out(project)`
    names), partners that took part in them."""
    projects = [p for p in data.projects if p["started"] and date.fromisoformat(p["started"]) < cutoff
                and not (leave_out and leave_out(p))]
    keep = {p["id"] for p in projects}
    participations = [row for row in data.participations if row["project_id"] in keep]
    known = {row["partner_id"] for row in participations}
    partners = [p for p in data.partners if p["id"] in known]
    return GraphRows(data.fields, data.competencies, partners, projects, participations)


def every_hidden_case(data, index, start, end):
    """Every consortium (>= MIN_TEAM partners) started in [start, end), each partner `index` knows hidden in
    turn: [{"project", "team" (the rest), "hidden"}], by project id."""
    teams = {}
    for row in data.participations:
        teams.setdefault(row["project_id"], []).append(row["partner_id"])
    cases = []
    for p in sorted(data.projects, key=lambda p: str(p["id"])):
        if not p["started"] or not start <= date.fromisoformat(p["started"]) < end:
            continue
        team = sorted(teams.get(p["id"], []))
        if len(team) < MIN_TEAM:
            continue
        for hidden in (pid for pid in team if pid in index.partner_index):
            cases.append({"project": p, "team": [pid for pid in team if pid != hidden], "hidden": hidden})
    return cases


def raw_query(case, with_needs):
    """The batch-format query of a case: the rest of the team and the project's fields (+ its needs)."""
    query = {"id": case["project"]["id"], "team": case["team"], "fields": case["project"]["fields"], "top": 50}
    if with_needs:
        query["needs"] = case["project"]["needs"]
    return query


NEED_FACTORS = ("competency", "competency_projects")   # the only factors of the model that depend on the needs


def without_needs(values):
    """The factors of a case's query without needs from those with its needs: only NEED_FACTORS depend on the
    needs (they are 0 without any), so one `model.features` call serves both query variants."""
    return values | {name: np.zeros(len(values[name])) for name in NEED_FACTORS}


def write_exchange(snapshot, folder):
    """Write `GraphRows` as an exchange folder (what `allianz import` reads)."""
    folder.mkdir(parents=True)

    def write(name, header, rows):
        with open(folder / name, "w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(header)
            out.writerows(rows)
    write("fields.csv", ["key", "name_de", "name_en"], [[f["key"], f["name_de"], f["name_en"] or ""]
                                                         for f in snapshot.fields])
    write("competencies.csv", ["id", "name", "name_en", "broader"],
          [[c["id"], c["name"] or "", c["name_en"] or "", c["broader"] or ""] for c in snapshot.competencies])
    write("partners.csv", ["id", "name", "kind", "short_name", "country"],
          [[p["id"], p["name"], p["kind"], p["short_name"] or "", p["country"] or ""] for p in snapshot.partners])
    write("projects.csv", ["id", "title", "status", "fields", "needs", "started", "ended"],
          [[p["id"], p["title"], p["status"], ";".join(p["fields"]), ";".join(p["needs"]), p["started"] or "",
            p["ended"] or ""] for p in snapshot.projects])
    write("participations.csv", ["project_id", "partner_id", "role"],
          [[r["project_id"], r["partner_id"], r["role"]] for r in snapshot.participations])


def stacked(snapshot, copies):
    """`copies` disjoint copies of a snapshot (ids suffixed, names too), vocabulary shared: a graph of
    `copies` times the size with the dev data's shape."""
    if copies == 1:
        return snapshot
    partners, projects, participations = [], [], []
    for k in range(copies):
        suffix = "" if k == 0 else f"-x{k}"
        name = "" if k == 0 else f" ({k + 1})"
        partners += [p | {"id": p["id"] + suffix, "name": p["name"] + name} for p in snapshot.partners]
        projects += [p | {"id": p["id"] + suffix} for p in snapshot.projects]
        participations += [r | {"project_id": r["project_id"] + suffix, "partner_id": r["partner_id"] + suffix}
                           for r in snapshot.participations]
    return GraphRows(snapshot.fields, snapshot.competencies, partners, projects, participations)

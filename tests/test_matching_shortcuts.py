"""The matcher's fast paths give the same figures as the plain formulas they replace (a fixed random graph)."""
import random

import numpy as np
import pytest
from scipy import sparse

from allianz.matching import model, reasons, signals
from allianz.matching.index import GraphRows, MatchIndex
from allianz.vocabulary import KINDS

FIELDS = [{"key": key, "name_de": key, "name_en": key} for key in ("mobil", "umwelt", "energie")]
COMPETENCIES = [{"id": "iot", "name": "IoT", "name_en": "IoT", "broader": None},
                {"id": "lora", "name": "LoRa", "name_en": "LoRa", "broader": "iot"},
                {"id": "daten", "name": "Daten", "name_en": "Data", "broader": None}]


@pytest.fixture(scope="module")
def index():
    """60 partners, 45 projects of 1-8 partners over six years, with fields, needs, leads and declared levels."""
    rng = random.Random(12)
    partners = [{"id": f"p{i:02d}", "name": f"Partner {i}", "short_name": None, "kind": rng.choice(KINDS),
                 "country": rng.choice(["DE", "FR", None]),
                 "fields": rng.sample(["mobil", "umwelt"], rng.randint(0, 1)),
                 "competencies": [{"id": c, "level": rng.choice([1, 2, 3, None])}
                                  for c in rng.sample(["iot", "lora", "daten"], rng.randint(0, 2))]}
                for i in range(60)]
    projects, participations = [], []
    for j in range(45):
        year = rng.randint(2016, 2021)
        projects.append({"id": f"j{j:02d}", "title": f"Projekt {j}", "status": rng.choice(["completed", "active"]),
                         "started": f"{year}-0{rng.randint(1, 9)}-01", "ended": f"{year + 2}-01-01",
                         "fields": rng.sample(["mobil", "umwelt", "energie"], rng.randint(0, 2)),
                         "needs": rng.sample(["iot", "lora", "daten"], rng.randint(0, 2))})
        for position, member in enumerate(rng.sample(partners, rng.randint(1, 8))):
            participations.append({"project_id": f"j{j:02d}", "partner_id": member["id"],
                                   "role": "lead" if position == 0 else "partner"})
    return MatchIndex(GraphRows(FIELDS, COMPETENCIES, partners, projects, participations), asof="2022-06-01")


def teams(index):
    """Teams of 1-6 partners, fixed seed."""
    rng = random.Random(5)
    return [rng.sample(range(len(index)), rng.randint(1, 6)) for _ in range(25)]


def plain_walk(index, team, in_fields=None, restart=signals.WALK_RESTART, steps=signals.WALK_STEPS):
    """The walk as vector × matrix products (what `signals.walk` and `field_walk` computed before)."""
    rank = signals.team_vector(index, team) / len(team)
    total = np.zeros(len(index))
    for _ in range(steps):
        up = rank @ index.walk_up
        rank = (up if in_fields is None else up * in_fields) @ index.walk_down
        total += rank
        rank = (1 - restart) * rank
    return total


def close(made, plain):
    """Equal up to rounding: a vectorised path and its plain formula may differ in the last bit (by processor)."""
    return np.allclose(made, plain, rtol=1e-12, atol=1e-15)


def test_network_signals_equal_their_plain_formulas(index):
    for team in teams(index):
        rows = index.neighbours[team]
        reach = np.asarray(rows.sum(axis=0)).ravel()
        assert close(signals.team_ties(index, team), reach)
        assert close(signals.adamic_adar(index, team), index.neighbours.T @ (reach * index.aa_weight))
        assert close(signals.coparticipation(index, team),
                              np.asarray(index.coparticipation[team].sum(axis=0)).ravel())
        assert close(signals.shared_projects(index, team),
                              np.asarray(index.shared_counts[team].sum(axis=0)).ravel())
        assert close(signals.walk(index, team), plain_walk(index, team))
        assert close(signals.walk(index, team, first=signals.p3(index, team)), plain_walk(index, team))
        seed = signals.team_vector(index, team) / len(team)
        assert close(signals.p3(index, team), (seed @ index.walk_up) @ index.walk_down)
        assert close(signals.p3(index, team, recent=True), (seed @ index.walk_up_recent) @ index.walk_down)
        counts = np.asarray(signals.team_vector(index, team) @ index.A).ravel()
        best = index.A.multiply(counts.reshape(1, -1)).tocsr().max(axis=1).toarray().ravel()
        assert close(signals.team_project(index, team), np.maximum(best - 1.0, 0.0))
        for fields in ([0], [1, 2]):
            in_fields = (np.asarray(index.project_fields[:, fields].sum(axis=1)).ravel() > 0).astype(float)
            assert close(signals.field_walk(index, team, fields), plain_walk(index, team, in_fields))
            expected = index.field_experience[:, fields].sum(axis=1) + 0.5 * np.asarray(
                index.declared_fields[:, fields].sum(axis=1)).ravel()
            assert np.allclose(signals.field_experience(index, fields), expected, rtol=1e-15, atol=0)


def test_the_kind_table_counts_what_each_team_added(index):
    table = np.ones((2 ** len(KINDS), len(KINDS))) * 0.5
    for j in range(index.AT.shape[0]):
        members = index.AT.indices[index.AT.indptr[j]:index.AT.indptr[j + 1]]
        if len(members) < 2:
            continue
        kinds = index.kind[members]
        for position, added in enumerate(kinds):
            table[index.signature(np.delete(kinds, position)), added] += 1.0
    assert np.allclose(index.kind_added, table / table.sum(axis=1, keepdims=True), rtol=1e-12, atol=0)


def test_look_ups_of_the_reasons_equal_the_matrices(index):
    for i in range(len(index)):
        pid = index.partner_ids[i]
        for j in range(len(index.competency_ids)):
            assert index.entry(index.declared, i, j) == index.declared[i, j]
            competency = index.competency_ids[j]
            assert signals.direct_coverage_of(index, competency, i) == \
                pytest.approx(signals._direct_coverage(index, competency)[i], rel=1e-12, abs=1e-15)
            plain = [index.projects[index.history_ids[k]] for k in index.A[i].indices
                     if competency in (index.projects[index.history_ids[k]].get("needs") or [])]
            plain.sort(key=lambda p: (str(p.get("started") or ""), p["id"]), reverse=True)
            assert index.project_rows(pid, competency=competency) == plain
        for k in range(len(index.field_keys)):
            assert index.field_counts[i, k] == pytest.approx((index.A[i] @ index.project_fields[:, k]).sum(), rel=1e-12)
        others = {index.partner_ids[t] for t in teams(index)[i % 25]}
        plain = [index.projects[index.history_ids[k]] for k in index.A[i].indices
                 if others.intersection(index.teams[index.history_ids[k]])]
        plain.sort(key=lambda p: (str(p.get("started") or ""), p["id"]), reverse=True)
        assert index.project_rows(pid, others=others) == plain
        assert index.project_rows(pid, within=index.projects_of(teams(index)[i % 25])) == plain


def test_the_needs_a_team_covers_are_those_the_fit_counts_as_covered(index):
    needs = {competency: 1.0 for competency in index.competency_ids}
    for team in teams(index):
        covered = signals.competency_fit(index, team, needs, 0.25)[1]
        assert signals.team_covered(index, team, needs) == covered
        # a member declares the need or a narrower competency (at any depth)
        assert covered == {c for c in needs if any(index.declared_csc[team, index.competency_index[k]].nnz
                                                   for k in (c, *index.below(c)))}


def test_the_batch_answers_leave_out_only_the_breakdown_and_the_shared_projects(index, app):
    """The batch asks without detail: the same candidates, scores, factors and reasons as the page gets."""
    with app.test_request_context("/"):
        for team in teams(index)[:10]:
            query = model.Query(team=[index.partner_ids[t] for t in team], fields=["mobil"], needs={"iot": 1.0})
            full = model.match(index, query, model.DEFAULT_WEIGHTS)
            brief = model.match(index, query, model.DEFAULT_WEIGHTS, detail=False)
            assert [{key: c[key] for key in ("partner", "score", "factors", "reasons")} for c in full] == \
                [{key: c[key] for key in ("partner", "score", "factors", "reasons")} for c in brief]
            assert all("why" not in c and not c["evidence"]["shared_projects"] for c in brief)
            assert any(c["evidence"]["shared_projects"] for c in full)


def test_the_fit_of_all_partners_at_once_equals_one_by_one(index):
    for team in teams(index)[:8]:
        query = model.Query(team=[index.partner_ids[t] for t in team], fields=["mobil"], needs={"iot": 1.0})
        best, z, values, context = model.rank(index, query, model.DEFAULT_WEIGHTS)
        scale = model.FitScale(z, values, model.DEFAULT_WEIGHTS, context["mask"])
        assert np.allclose(scale.fits(z), np.array([scale.fit(value) for value in z]), rtol=1e-12, atol=1e-15)
        assert scale.means == pytest.approx({name: float(values[name][context["mask"]].mean()) for name in model.FACTORS
                                             if model.DEFAULT_WEIGHTS.get(name)}, rel=1e-12, abs=1e-15)
        for i in best:
            assert reasons.common_partners(index, team, i) == reasons.common_partners(index, team, i, context["reach"])


def test_the_transposes_made_once_are_the_transposes(index):
    """The products of the walk use transposes made once per index, in CSR (row-wise products)."""
    for name, transposed in (("walk_up", "walk_up_t"), ("walk_down", "walk_down_t"),
                             ("walk_up_recent", "walk_up_recent_t"), ("A", "AT")):
        made = getattr(index, transposed)
        assert sparse.isspmatrix_csr(made) and (made != getattr(index, name).T).nnz == 0

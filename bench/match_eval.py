"""Evaluation of the matcher on the CORDIS data: time split, hidden partner, model against baselines.

Run: .venv/bin/python bench/match_eval.py [--fit [--objective lambdarank]] [--real-path 50] [--seed 7] [--quick]

- Learn from projects that started before a cut-off; test on consortia (>= 3 partners) that
  started on or after it. From each test consortium one partner the earlier data knows is hidden;
  the query is the rest of the team plus the project's fields ("network + fields"), and once more
  with its needs (the call topic) as well ("+ needs").
- HR@10, HR@50 and MRR over all candidates and over candidates of the hidden partner's kind, for
  the default model and four baselines computed in the same run: popularity in the field,
  co-participation with the team, Adamic–Adar, personalised PageRank from the team.
- Headline: the figures expected over the choice of the hidden partner. Which partner is hidden is a
  random draw; instead of one draw, every known partner is hidden in turn and the hits are averaged per
  consortium, so each consortium counts once (the exact expectation of the one-draw protocol, without its
  draw noise). Bootstrap 95 % interval (2000 resamples of test consortia) of HR@10(model) / HR@10(best
  baseline), and the spread of the ratio over 200 random one-draw runs. Then one seeded draw (`--seed`),
  the protocol taken literally, with its own bootstrap interval. `--quick`: only the seeded draw.
- `--fit` fits the weights (listwise softmax, L2 by cross-validation) on the validation slice (see
  validation_folds: consortia started 2015-07 … 2015-12, before the test period), prints them and the
  validation figures; the defaults in allianz/matching/model.py are its output. The test slice is never
  used for fitting or choosing.
  `--objective lambdarank` fits the same linear model with |ΔNDCG|-weighted pairs instead of the
  listwise softmax and prints both objectives' cross-validated HR@10 (tried: no validation gain).
- `--real-path N` also runs N test queries through the real path: `allianz import` of the history
  into the benchmark Neo4j (instance bench-matching, Bolt 7692) and `allianz match --batch`, and
  compares the rankings with the in-process ones.
The model code is the app's (allianz.matching.model); the index is built from the exchange CSV
files here (MatchIndex.from the same rows the importer writes) for speed.
"""
import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from allianz.exchange.reader import read_folder  # noqa: E402
from allianz.matching import model, signals  # noqa: E402
from allianz.matching.index import KINDS, MatchIndex, Snapshot  # noqa: E402
from bench.common import CORDIS, ROOT  # noqa: E402

VALIDATION = (date(2015, 7, 1), date(2016, 1, 1))   # queries: consortia in between (validation_folds)
TEST = (date(2016, 1, 1), date(2099, 1, 1))
MIN_TEAM = 3
BASELINES = ("field popularity", "co-participation", "Adamic-Adar", "personalised PageRank")


def history_snapshot(data, cutoff, leave_out=None):
    """The graph as it was before `cutoff`: projects started earlier (except those `leave_out(project)`
    names), partners that took part in them."""
    projects = [p for p in data.projects if p["started"] and date.fromisoformat(p["started"]) < cutoff
                and not (leave_out and leave_out(p))]
    keep = {p["id"] for p in projects}
    participations = [row for row in data.participations if row["project_id"] in keep]
    known = {row["partner_id"] for row in participations}
    partners = [p for p in data.partners if p["id"] in known]
    return Snapshot(data.fields, data.competencies, partners, projects, participations)


def test_cases(data, index, start, end, rng, limit=None):
    """(project, team without the hidden partner, hidden partner) for consortia started in [start, end)."""
    teams = {}
    for row in data.participations:
        teams.setdefault(row["project_id"], []).append(row["partner_id"])
    cases = []
    for p in sorted(data.projects, key=lambda p: p["id"]):
        if not p["started"] or not start <= date.fromisoformat(p["started"]) < end:
            continue
        team = sorted(teams.get(p["id"], []))
        known = [pid for pid in team if pid in index.partner_index]
        if len(team) < MIN_TEAM or not known:
            continue
        hidden = rng.choice(known)
        cases.append({"project": p, "team": [pid for pid in team if pid != hidden], "hidden": hidden})
    rng.shuffle(cases)
    return cases[:limit] if limit else cases


def raw_query(case, with_needs):
    """The batch-format query of a case."""
    query = {"id": case["project"]["id"], "team": case["team"], "fields": case["project"]["fields"], "top": 50}
    if with_needs:
        query["needs"] = case["project"]["needs"]
    return query


def baseline_scores(index, query):
    """Score vectors of the baselines for a parsed query."""
    team = [index.partner_index[pid] for pid in query.team]
    cols = [index.field_index[key] for key in query.fields]
    return {
        "field popularity": signals.field_experience(index, cols),
        "co-participation": signals.shared_projects(index, team),
        "Adamic-Adar": signals.adamic_adar(index, team),
        "personalised PageRank": signals.walk(index, team),
    }


def rank_of(index, scores, mask, hidden, same_kind=False):
    """1-based rank of `hidden` among the masked candidates (ties broken by activity, then pessimistically)."""
    scores = scores + 1e-9 * index.activity
    i = index.partner_index[hidden]
    if same_kind:
        mask = mask & (index.kind == index.kind[i])
    return 1 + int(np.sum(scores[mask] > scores[i])) + int(np.sum(scores[mask] == scores[i])) - 1


def evaluate(index, cases, with_needs, weights):
    """Per-case ranks for the model and the baselines: {method: {"all": [...], "kind": [...]}}."""
    ranks = {name: {"all": [], "kind": []} for name in ("model",) + BASELINES}
    for case in cases:
        query = model.parse_query(index, raw_query(case, with_needs))
        values, context = model.features(index, query)
        mask = model.candidate_mask(index, query, context["team"])
        methods = {"model": model.combine(values, weights)} | baseline_scores(index, query)
        for name, scores in methods.items():
            ranks[name]["all"].append(rank_of(index, scores, mask, case["hidden"]))
            ranks[name]["kind"].append(rank_of(index, scores, mask, case["hidden"], same_kind=True))
    return {name: {key: np.array(value) for key, value in item.items()} for name, item in ranks.items()}


def per_consortium(values, consortium=None):
    """Per-consortium means of per-case values; `consortium` numbers the consortium of each case (when every
    known partner is hidden in turn). Without it every case is its own consortium (one draw)."""
    values = np.asarray(values, dtype=float)
    if consortium is None:
        return values
    return np.bincount(consortium, values) / np.bincount(consortium)


def metrics(ranks, consortium=None):
    """HR@10, HR@50, MRR of an array of ranks, each consortium counting once: with every partner hidden in
    turn, the expectation of the one-draw protocol over the choice of the hidden partner."""
    def mean(values):
        return float(np.mean(per_consortium(values, consortium)))
    return {"HR@10": mean(ranks <= 10), "HR@50": mean(ranks <= 50), "MRR": mean(1.0 / ranks)}


def bootstrap_ratio(model_ranks, base_ranks, rng, consortium=None, resamples=2000):
    """95 % bootstrap interval of HR@10(model) / HR@10(baseline), resampling test consortia."""
    hits_m = per_consortium(model_ranks <= 10, consortium)
    hits_b = per_consortium(base_ranks <= 10, consortium)
    n = len(hits_m)
    ratios = []
    for _ in range(resamples):
        sample = rng.integers(0, n, n)
        if hits_b[sample].sum() > 0:
            ratios.append(hits_m[sample].sum() / hits_b[sample].sum())
    return float(np.percentile(ratios, 2.5)), float(np.percentile(ratios, 97.5))


def single_draws(model_ranks, base_ranks, consortium, rng, draws=200):
    """HR@10 ratios of `draws` runs of the one-draw protocol (one random hidden partner per consortium),
    taken from the every-case ranks: how much a single seeded draw can vary."""
    size = np.bincount(consortium)
    order = np.argsort(consortium, kind="stable")
    starts = np.r_[0, np.cumsum(size)[:-1]]
    ratios = []
    for _ in range(draws):
        pick = order[starts + (rng.random(len(size)) * size).astype(int)]
        ratios.append(np.mean(model_ranks[pick] <= 10) / max(np.mean(base_ranks[pick] <= 10), 1e-12))
    return np.array(ratios)


# the factors the ranker learns (the rest of model.FACTORS stays at its default, e.g. new_bridge = 0:
# a user preference, not a habit of the data)
LEARNED = ("competency_projects", "field", "coparticipation", "adamic_adar", "team_ties", "walk", "kind_prior", "sector",
           "activity", "load", "country", "field_walk", "field_focus", "kind_field", "country_affinity", "team_project")
POOL_SIGNALS = ("walk", "field", "coparticipation", "field_walk", "country", "activity", "country_affinity", "team_project")
COMPETENCY_SCAN = (0.25, 0.5, 1.0, 2.0, 4.0)


def every_hidden_case(data, index, start, end):
    """Training cases: every consortium (>= 3 partners) started in [start, end), each known partner hidden in turn."""
    teams = {}
    for row in data.participations:
        teams.setdefault(row["project_id"], []).append(row["partner_id"])
    cases = []
    for p in sorted(data.projects, key=lambda p: p["id"]):
        if not p["started"] or not start <= date.fromisoformat(p["started"]) < end:
            continue
        team = sorted(teams.get(p["id"], []))
        if len(team) < MIN_TEAM:
            continue
        for hidden in (pid for pid in team if pid in index.partner_index):
            cases.append({"project": p, "team": [pid for pid in team if pid != hidden], "hidden": hidden})
    return cases


def training_groups(index, cases, with_needs, rng, hard=150, random_count=300):
    """Per case: the learned factors of the hidden partner (row 0), of every candidate in the top `hard`
    of any pool signal (the hard negatives) and of `random_count` random other candidates, weighted so
    that they stand for all the rest: a sampled version of the full candidate list."""
    cols = [model.FACTORS.index(name) for name in LEARNED]
    groups = []
    for case in cases:
        query = model.parse_query(index, raw_query(case, with_needs))
        values, context = model.features(index, query)
        mask = model.candidate_mask(index, query, context["team"])
        hidden = index.partner_index[case["hidden"]]
        x_all = np.stack([values[name] for name in model.FACTORS], axis=1)[:, cols]
        pool = set()
        for name in POOL_SIGNALS:
            masked = np.where(mask, values[name] + 1e-9 * index.activity, -np.inf)
            pool.update(int(i) for i in np.argpartition(-masked, hard)[:hard] if np.isfinite(masked[i]))
        pool.discard(hidden)
        rest = np.setdiff1d(np.flatnonzero(mask), np.array(sorted(pool) + [hidden], dtype=int))
        sample = rng.choice(rest, min(random_count, len(rest)), replace=False)
        chosen = np.r_[hidden, np.array(sorted(pool), dtype=int), sample]
        weight = np.r_[np.ones(1 + len(pool)), np.full(len(sample), len(rest) / max(len(sample), 1))]
        groups.append((x_all[chosen], weight))
    return groups


def fit_softmax(groups, l2=0.003):
    """Conditional logit / listwise softmax (ListNet with one relevant item): the weights that make the
    hidden partner most likely among its query's candidates (sampled rows count with their weight).
    L-BFGS over all lists at once; returns the weight vector."""
    from scipy.optimize import minimize

    x, weight, gid, first = _stacked(groups)
    n, log_weight = len(groups), np.log(weight)

    def loss(w):
        s = x @ w
        top = np.maximum.reduceat(s, first)
        e = np.exp(s - top[gid] + log_weight)
        z = np.bincount(gid, e, n)
        total = np.sum(-(s[first] - top) + np.log(z))
        grad = -x[first].sum(axis=0) + x.T @ (e / z[gid])
        return total / n + l2 * (w @ w), grad / n + 2 * l2 * w
    return minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x


def _stacked(groups):
    """The sampled lists as one matrix: rows, their weights, their group and each group's first row (the hidden)."""
    x = np.concatenate([g[0] for g in groups])
    weight = np.concatenate([g[1] for g in groups])
    sizes = np.array([len(g[1]) for g in groups])
    first = np.r_[0, np.cumsum(sizes)[:-1]]
    return x, weight, np.repeat(np.arange(len(groups)), sizes), first


def fit_lambdarank(groups, l2=0.003, start=None, rounds=4):
    """LambdaRank-style pairwise objective, still a linear model: for each case the pairs (hidden partner,
    candidate j), each weighted by the candidate's sampling weight times |ΔNDCG| of swapping the two in
    the current model's (weighted) ranking, loss softplus(s_j − s_hidden); the pair weights of a case are
    normalised to sum 1, so every case counts once, as in the softmax. The |ΔNDCG| weights depend on the
    ranking, so they are recomputed from the current weights and the (then convex) loss minimised again
    by L-BFGS, `rounds` times, starting from the listwise softmax solution."""
    from scipy.optimize import minimize

    x, weight, gid, first = _stacked(groups)
    n = len(groups)
    w = fit_softmax(groups, l2) if start is None else start
    neg = np.ones(len(gid), dtype=bool)
    neg[first] = False
    for _ in range(rounds):
        s = x @ w
        order = np.lexsort((-s, gid))
        # weighted rank of every row within its case (1 + weight of the rows scoring higher)
        cum = np.cumsum(weight[order])
        start_of = np.r_[0, np.flatnonzero(np.diff(gid[order])) + 1]
        offset = np.repeat(cum[start_of] - weight[order][start_of], np.diff(np.r_[start_of, len(order)]))
        rank = np.empty(len(gid))
        rank[order] = 1 + cum - weight[order] - offset
        gain = 1 / np.log2(1 + rank)
        delta = np.abs(gain - gain[first][gid]) * weight * neg
        c = delta / np.maximum(np.bincount(gid, delta, n), 1e-12)[gid]

        def loss(v):
            t = x @ v
            d = t - t[first][gid]
            sig = 1 / (1 + np.exp(-np.clip(d, -50, 50)))
            cs = c * sig
            grad = x.T @ cs - np.bincount(gid, cs, n) @ x[first]
            return (c @ np.logaddexp(0, d)) / n + l2 * (v @ v), grad / n + 2 * l2 * v
        w = minimize(loss, w, jac=True, method="L-BFGS-B").x
    return w


def pool_hits(groups, w):
    """HR@10 estimated on the sampled lists: weighted count of candidates scoring at least the hidden one < 10."""
    return float(np.mean([weight[1:][x[1:] @ w >= x[0] @ w].sum() < 10 for x, weight in groups]))


LAMBDA_L2 = (0.0003, 0.003, 0.03)
SOFTMAX_L2 = (0.003, 0.006, 0.01, 0.02)   # chosen by the cross-validation (ties: the larger)


def fold_of(project):
    """The validation fold (0-3) of a project: its numeric id modulo 4 (a hash for other ids)."""
    key = str(project["id"])
    return int(key) % 4 if key.isdigit() else sum(key.encode()) % 4


def validation_folds(data):
    """The validation slice, four times: for fold f, the history is every project started before the
    test date except fold f's consortia of the last half-year (2015-07 … 2015-12), which are the
    queries; the index is built as of the day before the test date, as in the test. So the queries
    look like the test's (a team asking right after the history ends, partners known only from the
    history), yet none of them is in the test period. Yields (fold, index, cases)."""
    start, end = VALIDATION
    for f in range(4):
        def held(p):
            return start <= date.fromisoformat(p["started"]) < end and fold_of(p) == f
        index = MatchIndex(history_snapshot(data, end, leave_out=held), asof=end - timedelta(days=1))
        cases = [c for c in every_hidden_case(data, index, start, end) if fold_of(c["project"]) == f]
        yield f, index, cases


def fit(data, rng, limit, objective="softmax"):
    """Fit the weights on the validation slice (validation_folds; both query variants), report 4-fold
    cross-validated HR@10 (each fold's queries against weights fit on the other three), scan the
    competency weight on the with-needs queries and print the weights."""
    nprng = np.random.default_rng(rng.randrange(2 ** 32))
    plain, needs, folds = [], [], []
    for f, index, cases in validation_folds(data):
        cases = cases[:limit]
        plain += training_groups(index, cases, False, nprng)
        needs += training_groups(index, cases, True, nprng)
        folds += [f] * len(cases)
    folds = np.array(folds)
    walk_col = np.eye(len(LEARNED))[LEARNED.index("walk")]
    cv = {l2: [] for l2 in SOFTMAX_L2}
    cv_walk, cv_lambda, starts = [], {l2: [] for l2 in LAMBDA_L2}, []
    for f in range(4):
        train = [g for g, k in zip(plain + needs, np.r_[folds, folds]) if k != f]
        held = [g for g, k in zip(plain, folds) if k == f]
        for l2 in SOFTMAX_L2:
            w = fit_softmax(train, l2)
            cv[l2].append(pool_hits(held, w))
            if l2 == 0.003:
                starts.append(w)
        cv_walk.append(pool_hits(held, walk_col))
        if objective == "lambdarank":
            for l2 in LAMBDA_L2:
                cv_lambda[l2].append(pool_hits(held, fit_lambdarank(train, l2, starts[-1])))
                print(f"  fold {f}, lambdarank L2 {l2}: HR@10 {cv_lambda[l2][-1]:.4f} (softmax {cv[0.003][-1]:.4f})",
                      flush=True)
    current = np.array([model.DEFAULT_WEIGHTS[name] for name in LEARNED])
    for l2 in SOFTMAX_L2:
        print(f"  softmax, L2 {l2}: 4-fold CV HR@10 {np.mean(cv[l2]):.4f}")
    best_l2 = max(SOFTMAX_L2, key=lambda v: (round(float(np.mean(cv[v])), 4), v))
    print(f"validation ({len(plain)} cases per query variant): 4-fold CV HR@10 learned (softmax, L2 {best_l2}) "
          f"{np.mean(cv[best_l2]):.4f}, walk factor alone {np.mean(cv_walk):.4f}; current defaults on all cases "
          f"{pool_hits(plain, current):.4f}")
    w = fit_softmax(plain + needs, best_l2)
    if objective == "lambdarank":
        for l2 in LAMBDA_L2:
            print(f"  lambdarank, L2 {l2}: 4-fold CV HR@10 {np.mean(cv_lambda[l2]):.4f}")
        l2 = max(LAMBDA_L2, key=lambda v: np.mean(cv_lambda[v]))
        print(f"lambdarank (L2 {l2} by CV): {np.mean(cv_lambda[l2]):.4f} vs softmax {np.mean(cv[best_l2]):.4f}")
        w = fit_lambdarank(plain + needs, l2, w)
    weights = {name: 0.0 for name in model.FACTORS} | {name: round(float(v), 3) for name, v in zip(LEARNED, w)}
    # the bias does not change a ranking; it puts the best candidates at a score of about 0.5-0.9
    weights = {"bias": model.DEFAULT_WEIGHTS["bias"]} | weights
    k = LEARNED.index("competency_projects")
    base = pool_hits(plain, w)
    best = weights["competency"]
    for value in COMPETENCY_SCAN:
        trial = w.copy()
        trial[k] = value
        found = pool_hits(needs, trial)
        print(f"  competency_projects weight {value}: validation HR@10 + needs {found:.3f} (without needs {base:.3f})")
        if found >= base - 1e-9:
            best = max(best, value)
    weights["competency_projects"] = best
    # declared competencies (levels): CORDIS has none, so the data cannot weigh them; set for the alliance,
    # where an idea's needs are the matcher's main input (a declared level-3 match outweighs the network)
    weights["competency"] = model.DEFAULT_WEIGHTS["competency"]
    print("fitted weights:")
    print(json.dumps(weights, indent=2))
    return weights


def table(results, consortium=None):
    """The evaluation table as Markdown (each consortium counting once, see `metrics`)."""
    lines = [f"| query | method | HR@10 | HR@50 | MRR | HR@10 (kind) | HR@50 (kind) | MRR (kind) |",
             "|---|---|---|---|---|---|---|---|"]
    for variant, ranks in results.items():
        for name in ("model",) + BASELINES:
            a, k = metrics(ranks[name]["all"], consortium), metrics(ranks[name]["kind"], consortium)
            label = "**default model**" if name == "model" else name
            lines.append(f"| {variant} | {label} | {a['HR@10']:.3f} | {a['HR@50']:.3f} | {a['MRR']:.3f} | "
                         f"{k['HR@10']:.3f} | {k['HR@50']:.3f} | {k['MRR']:.3f} |")
    return "\n".join(lines)


def real_path(data, cases, index, n):
    """Run `n` test queries through `allianz import` + `allianz match --batch` on the benchmark Neo4j
    and compare with the in-process ranking (same history, same date)."""
    from bench.common import bench_graph

    snapshot = history_snapshot(data, TEST[0])
    sample = cases[:n]
    with tempfile.TemporaryDirectory() as tmp, bench_graph(instance="bench-matching", bolt_port=7692,
                                                           http_port=7479) as (_graph, _settings):
        folder = Path(tmp) / "history"
        write_exchange(snapshot, folder)
        env = dict(os.environ, ALLIANZ_LOCAL_NEO4J_INSTANCE="bench-matching", ALLIANZ_LOCAL_NEO4J_BOLT_PORT="7692",
                   ALLIANZ_LOCAL_NEO4J_HTTP_PORT="7479", ALLIANZ_MATCHING_ASOF=str(TEST[0] - timedelta(days=1)))
        allianz = str(ROOT / ".venv" / "bin" / "allianz")
        done = subprocess.run([allianz, "import", str(folder), "--replace"], env=env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"import failed: {done.stderr[-2000:]}")
        batch = Path(tmp) / "queries.jsonl"
        batch.write_text("".join(json.dumps(raw_query(c, True)) + "\n" for c in sample), encoding="utf-8")
        started = time.perf_counter()
        done = subprocess.run([allianz, "match", "--batch", str(batch)], env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if done.returncode:
            raise SystemExit(f"match failed: {done.stderr[-2000:]}")
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    same, hits_real, hits_mem = 0, 0, 0
    for case, answer in zip(sample, answers):
        query = model.parse_query(index, raw_query(case, True))
        expected = [c["partner"] for c in model.match(index, query, with_reasons=False)]
        got = [c["partner"] for c in answer["candidates"]]
        same += got == expected
        hits_real += case["hidden"] in got[:10]
        hits_mem += case["hidden"] in expected[:10]
    return {"queries": len(sample), "identical top-50 rankings": same, "HR@10 real path": hits_real / len(sample),
            "HR@10 in process": hits_mem / len(sample), "batch seconds (process incl. start + index build)": seconds}


def write_exchange(snapshot, folder):
    """Write a Snapshot as an exchange folder (what `allianz import` reads)."""
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


def report(results, boot, consortium=None):
    """Print HR@10 model / best baseline with its bootstrap interval per query variant; with `consortium`
    (every partner hidden in turn) also the spread of the ratio over random one-draw runs."""
    for variant, ranks in results.items():
        best = max(BASELINES, key=lambda name: metrics(ranks[name]["all"], consortium)["HR@10"])
        model_ranks, base_ranks = ranks["model"]["all"], ranks[best]["all"]
        ratio = metrics(model_ranks, consortium)["HR@10"] / metrics(base_ranks, consortium)["HR@10"]
        low, high = bootstrap_ratio(model_ranks, base_ranks, boot, consortium)
        line = f"{variant}: HR@10 model / best baseline ({best}) = {ratio:.3f}, bootstrap 95 % CI [{low:.3f}, {high:.3f}]"
        if consortium is not None:
            draws = single_draws(model_ranks, base_ranks, consortium, boot)
            line += (f"; one-draw runs (200 random draws): ratio 5 % / median / 95 % {np.percentile(draws, 5):.3f} / "
                     f"{np.median(draws):.3f} / {np.percentile(draws, 95):.3f}, {np.mean(draws >= 1.15):.0%} >= 1.15")
        print(line)


def main():
    """Run the evaluation and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fit", action="store_true", help="fit the weights on the validation slice first")
    parser.add_argument("--objective", choices=("softmax", "lambdarank"), default="softmax",
                        help="with --fit: listwise softmax (the defaults) or LambdaRank-style |ΔNDCG|-weighted pairs")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=int, default=None, help="at most this many consortia per slice")
    parser.add_argument("--real-path", type=int, default=0, metavar="N",
                        help="also run N test queries through allianz import + allianz match --batch")
    parser.add_argument("--quick", action="store_true",
                        help="only the one-draw figures, without the expectation over every choice of the hidden partner")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    data, problems = read_folder(CORDIS)
    if problems:
        raise SystemExit(f"the CORDIS data has problems: {problems[:3]}")
    weights = fit(data, rng, args.limit, args.objective) if args.fit else model.DEFAULT_WEIGHTS
    started = time.perf_counter()
    index = MatchIndex(history_snapshot(data, TEST[0]), asof=TEST[0] - timedelta(days=1))
    cases = test_cases(data, index, *TEST, random.Random(args.seed), args.limit)
    results = {"network + fields": evaluate(index, cases, False, weights),
               "+ needs": evaluate(index, cases, True, weights)}
    print(f"\ntest: history before {TEST[0]} ({len(index)} partners, {len(index.history_ids)} projects), "
          f"{len(cases)} consortia (>= {MIN_TEAM} partners) started on or after it")
    boot = np.random.default_rng(args.seed)
    if not args.quick:
        every = every_hidden_case(data, index, *TEST)
        consortium = np.unique([str(case["project"]["id"]) for case in every], return_inverse=True)[1]
        expected = {"network + fields": evaluate(index, every, False, weights),
                    "+ needs": evaluate(index, every, True, weights)}
        print(f"\nexpected over the choice of the hidden partner: every known partner of each consortium hidden in "
              f"turn ({len(every)} cases), averaged per consortium, so each of the {consortium.max() + 1} consortia "
              f"counts once\n")
        print(table(expected, consortium))
        print()
        report(expected, boot, consortium)
    print(f"\none draw: one known partner hidden per consortium (seed {args.seed})\n")
    print(table(results))
    print()
    report(results, boot)
    print(f"\n{time.perf_counter() - started:.1f} s")
    if args.real_path:
        print("\nreal path:", json.dumps(real_path(data, cases, index, args.real_path), indent=2))


if __name__ == "__main__":
    main()

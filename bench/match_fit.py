"""Fitting the matcher's weights for one cut of the rolling-origin evaluation, from data before the cut only.

Validation for cut c: the consortia (>= 3 partners) that started in the half-year before c, each known
partner hidden in turn, asked with and without needs, in 4 folds by project id; fold f is asked against the
history before c without fold f's consortia, index as of the day before c (the test's history and date).
Listwise softmax (conditional logit) over sampled candidate lists; L2 by 4-fold CV; the weight of
`competency_projects` by a scan on the with-needs queries. Run alone: `nice -n 10 .venv/bin/python
bench/match_fit.py --cut 2016-01-01` prints the validation figures and the weights of the evaluation's last split,
which are the app's defaults in allianz/matching/model.py (`--cut 2016-07-01` would fit on 2016-01 … 06 too, a
model no test window is left to score).
"""
import argparse
import json
import random
import sys
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from allianz.matching import model  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.matching.index import MatchIndex  # noqa: E402 - imported after the set-up above (path, environment)
from bench.match_protocol import (  # noqa: E402 - imported after the set-up above (path, environment)
    NEED_FACTORS,
    WINDOW_MONTHS,
    add_months,
    asof,
    every_hidden_case,
    history_snapshot,
    raw_query,
    without_needs,
)

# the factors the ranker learns (the rest of model.FACTORS stays at its default: `competency` (declared levels,
# absent from CORDIS) and `new_bridge` (a user preference, not a habit of the data))
LEARNED = ("competency_projects", "field", "coparticipation", "adamic_adar", "team_ties", "walk", "kind_prior",
           "sector", "activity", "load", "country", "field_walk", "field_focus", "kind_field", "country_affinity",
           "team_project", "lead", "recent", "p3", "p3_recent")
POOL_SIGNALS = ("walk", "p3_recent", "field", "coparticipation", "field_walk", "country", "activity",
                "country_affinity", "team_project")
assert not set(POOL_SIGNALS) & set(NEED_FACTORS)   # so both query variants share one pool
COMPETENCY_SCAN = (0.25, 0.5, 1.0, 2.0, 4.0)
SOFTMAX_L2 = (0.003, 0.01, 0.03)   # chosen by the cross-validation (ties: the larger)
FOLD_LIMIT = 900                    # at most this many validation cases per fold (a random sample; bounds the cost)


def training_groups(index, cases, rng, hard=150, random_count=300):
    """Per case and query variant (without, with needs): the learned factors of the hidden partner (row 0), of
    every candidate in the top `hard` of any pool signal (the hard negatives) and of `random_count` random other
    candidates, weighted so that they stand for all the rest: a sampled version of the full candidate list.
    The factors are computed once per case (the pool signals do not depend on the needs, so both variants share
    the pool; each draws its own random candidates). Returns (lists without needs, lists with needs)."""
    plain, needs = [], []
    for case in cases:
        query = model.parse_query(index, raw_query(case, True))
        values, context = model.features(index, query)
        mask = model.candidate_mask(index, query, context["team"])
        hidden = index.partner_index[case["hidden"]]
        tops = []
        for name in POOL_SIGNALS:
            masked = np.where(mask, values[name] + 1e-9 * index.activity, -np.inf)
            top = np.argpartition(-masked, hard)[:hard]
            tops.append(top[np.isfinite(masked[top])])
        pool = np.setdiff1d(np.concatenate(tops), [hidden])   # sorted, unique
        rest = np.setdiff1d(np.flatnonzero(mask), np.r_[pool, hidden])
        for variant, out in ((without_needs(values), plain), (values, needs)):
            sample = rng.choice(rest, min(random_count, len(rest)), replace=False)
            chosen = np.r_[hidden, pool, sample]
            weight = np.r_[np.ones(1 + len(pool)), np.full(len(sample), len(rest) / max(len(sample), 1))]
            out.append((np.stack([variant[name][chosen] for name in LEARNED], axis=1), weight))
    return plain, needs


class Lists:
    """Sampled candidate lists stacked into one matrix: rows, their log weights, their list and each list's first
    row (the hidden partner). The fit sums its loss over blocks of lists, so the cross-validation never copies."""

    def __init__(self, groups):
        """Stack `groups` [(x, weight), …]."""
        self.x = np.concatenate([g[0] for g in groups])
        self.weight = np.concatenate([g[1] for g in groups])
        self.log_weight = np.log(self.weight)
        sizes = np.array([len(g[1]) for g in groups])
        self.first = np.r_[0, np.cumsum(sizes)[:-1]]
        self.gid = np.repeat(np.arange(len(groups)), sizes)
        self.n = len(groups)

    def loss(self, w):
        """The summed negative log-likelihood of the hidden partners and its gradient."""
        s = self.x @ w
        top = np.maximum.reduceat(s, self.first)
        e = np.exp(s - top[self.gid] + self.log_weight)
        z = np.bincount(self.gid, e, self.n)
        total = np.sum(-(s[self.first] - top) + np.log(z))
        grad = -self.x[self.first].sum(axis=0) + self.x.T @ (e / z[self.gid])
        return total, grad

    def hits(self, w):
        """Per list: whether fewer than 10 candidates (by weight) score at least the hidden one."""
        s = self.x @ w
        ahead = self.weight * (s >= s[self.first][self.gid])
        return np.bincount(self.gid, ahead, self.n) - 1.0 < 10


def fit_softmax(blocks, l2=0.01, start=None):
    """Conditional logit / listwise softmax (ListNet with one relevant item): the weights that make the
    hidden partner most likely among its query's candidates (sampled rows count with their weight), over the
    lists of all `blocks` (`Lists`). L-BFGS from `start` (zeros; the problem is convex, so a warm start only
    saves iterations); returns the weight vector."""
    from scipy.optimize import minimize

    n = sum(block.n for block in blocks)

    def loss(w):
        total, grad = 0.0, np.zeros_like(w)
        for block in blocks:
            t, g = block.loss(w)
            total, grad = total + t, grad + g
        return total / n + l2 * (w @ w), grad / n + 2 * l2 * w
    x0 = np.zeros(blocks[0].x.shape[1]) if start is None else start
    return minimize(loss, x0, jac=True, method="L-BFGS-B").x


def pool_hits(blocks, w):
    """HR@10 estimated on the sampled lists: weighted count of candidates scoring at least the hidden one < 10."""
    return float(np.mean(np.concatenate([block.hits(w) for block in blocks])))


def fold_of(project):
    """The validation fold (0-3) of a project: its numeric id modulo 4 (a hash for other ids)."""
    key = str(project["id"])
    return int(key) % 4 if key.isdigit() else sum(key.encode()) % 4


def validation_folds(data, cut):
    """The validation slice of a cut, four times: for fold f, the history is every project started before
    the cut except fold f's consortia of the half-year before it, which are the queries; the index is built
    as of the day before the cut, as in the test. Yields (fold, index, cases)."""
    start = add_months(cut, -WINDOW_MONTHS)
    for f in range(4):
        def held(p, f=f):
            return start <= date.fromisoformat(p["started"]) < cut and fold_of(p) == f
        index = MatchIndex(history_snapshot(data, cut, leave_out=held), asof=asof(cut))
        cases = [c for c in every_hidden_case(data, index, start, cut) if fold_of(c["project"]) == f]
        yield f, index, cases


def fit_cut(data, cut, seed=7, limit=None, echo=print):
    """Fit the weights for `cut` on its validation slice (both query variants); returns (weights, info) with
    the 4-fold cross-validated HR@10 of the learned model and of the walk factors alone."""
    rng = np.random.default_rng(seed)
    plain, needs = {}, {}
    cases_total = 0
    for f, index, cases in validation_folds(data, cut):
        cases = random.Random(seed + f).sample(cases, min(limit, len(cases))) if limit else cases
        groups = training_groups(index, cases, rng)
        plain[f], needs[f] = Lists(groups[0]), Lists(groups[1])
        cases_total += len(cases)
        echo(f"fold {f}: {len(cases)} cases, {len(plain[f].weight) + len(needs[f].weight)} rows")
    unit = np.eye(len(LEARNED))
    cv = {l2: [] for l2 in SOFTMAX_L2}
    solutions = {l2: [] for l2 in SOFTMAX_L2}
    alone = {name: [] for name in ("walk", "p3")}
    for f in range(4):
        train = [block for k in range(4) if k != f for block in (plain[k], needs[k])]
        w = None
        for l2 in SOFTMAX_L2:   # each fit starts from the previous penalty's solution
            w = fit_softmax(train, l2, w)
            solutions[l2].append(w)
            cv[l2].append(pool_hits([plain[f]], w))
        for name in alone:
            alone[name].append(pool_hits([plain[f]], unit[LEARNED.index(name)]))
    best_l2 = max(SOFTMAX_L2, key=lambda v: (round(float(np.mean(cv[v])), 4), v))
    info = {"cut": str(cut), "validation cases": cases_total,
            "CV HR@10 by L2": {str(l2): round(float(np.mean(cv[l2])), 4) for l2 in SOFTMAX_L2}, "L2": best_l2,
            "CV HR@10 walk alone": round(float(np.mean(alone["walk"])), 4),
            "CV HR@10 p3 alone": round(float(np.mean(alone["p3"])), 4)}
    every_plain, every_needs = list(plain.values()), list(needs.values())
    w = fit_softmax(every_plain + every_needs, best_l2, np.mean(solutions[best_l2], axis=0))
    learned = {name: round(float(v), 3) for name, v in zip(LEARNED, w, strict=True)}
    weights = {name: 0.0 for name in model.FACTORS} | learned
    weights = {"bias": model.DEFAULT_WEIGHTS["bias"]} | weights
    k = LEARNED.index("competency_projects")
    base, best = pool_hits(every_plain, w), 0.0
    for value in COMPETENCY_SCAN:
        trial = w.copy()
        trial[k] = value
        if pool_hits(every_needs, trial) >= base - 1e-9:
            best = value
    weights["competency_projects"] = max(best, weights["competency_projects"])
    # declared competencies (levels): CORDIS has none, so the data cannot weigh them; set for the alliance,
    # where an idea's needs are the matcher's main input (a declared level-3 match outweighs the network)
    weights["competency"] = model.DEFAULT_WEIGHTS["competency"]
    weights["new_bridge"] = model.DEFAULT_WEIGHTS["new_bridge"]
    echo(json.dumps(info))
    return weights, info


def main():
    """Fit the weights for one cut and print them (the app's defaults are the fit at the evaluation's last cut)."""
    from allianz.exchange.reader import read_folder
    from bench.common import CORDIS

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cut", type=date.fromisoformat, default=date(2016, 1, 1))
    parser.add_argument("--limit", type=int, default=FOLD_LIMIT, help="at most this many cases per fold")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    data, problems = read_folder(CORDIS)
    if problems:
        raise SystemExit(f"the CORDIS data has problems: {problems[:3]}")
    weights, _info = fit_cut(data, args.cut, args.seed, args.limit)
    print(json.dumps(weights, indent=2))


if __name__ == "__main__":
    main()

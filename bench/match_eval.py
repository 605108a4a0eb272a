"""Evaluation of the matcher on the CORDIS 2014–2017 data: rolling-origin time splits, hidden partner,
the model against P3 and the other baselines. The protocol is docs/matching.md, "Evaluation protocol".

Run: .venv/bin/python bench/match_eval.py [--limit N] [--seed 7] [--real-path 40] [--defaults] [--spread 300]

- Cuts 2015-01-01, 2015-07-01, 2016-01-01 (bench/match_protocol.py CUTS; later half-years hold 6 and 0
  consortia). For each cut: the history is every project started before it (index as of the day before);
  the test is every consortium (>= 3 partners) that started in the half-year after it, each partner the
  history knows hidden in turn, averaged per consortium (each consortium counts once: the expectation of
  "hide one known partner", without the noise of one draw).
- Query: the rest of the team and the project's fields (programme part), no needs: the headline; with the
  needs (the call topic) as well: secondary.
- HR@10, HR@50, MRR over all candidates and HR@10 among candidates of the hidden partner's kind, for the model
  and the baselines computed in the same run: P3 (team → project → partner, degree-normalised at each step),
  RP3β (β 0.3), personalised PageRank from the team, co-participation, Adamic–Adar, popularity in the field.
- The model for a cut is fitted on validation from before that cut only (bench/match_fit.py fit_cut);
  `--defaults` evaluates the app's default weights instead (they are the fit at the cut 2016-01-01: on the last
  split the same as the model, on the earlier ones they have seen the test windows: for reference only).
- Every split is reported, then the mean over the splits, and the ratios to P3 with a bootstrap 95 % interval
  (2000 resamples of a split's consortia).
- `--real-path N` runs N queries of the first cut through `allianz import` + `allianz match --batch` on the
  benchmark Neo4j (bench/match_common.py) and compares the rankings with the in-process ones.
- `--spread N` prints only how spread out the 0-100 fit is for N test queries (with a team) of the last cut,
  with the app's default weights.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

# one BLAS thread: on the shared 2-core machine OpenBLAS's extra threads only spin against the other jobs
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402 - imported after the set-up above (path, environment)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from allianz.exchange.reader import read_folder  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.matching import model, signals  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.matching.index import MatchIndex  # noqa: E402 - imported after the set-up above (path, environment)
from bench.common import CORDIS, ROOT  # noqa: E402 - imported after the set-up above (path, environment)
from bench.match_fit import FOLD_LIMIT, fit_cut  # noqa: E402 - imported after the set-up above (path, environment)
from bench.match_protocol import (  # noqa: E402 - imported after the set-up above (path, environment)
    CUTS,
    MIN_TEAM,
    WINDOW_MONTHS,
    add_months,
    asof,
    every_hidden_case,
    history_snapshot,
    raw_query,
    without_needs,
    write_exchange,
)

BASELINES = ("P3", "RP3β (β 0.3)", "personalised PageRank", "co-participation", "Adamic-Adar", "field popularity")
HEADLINE_BASELINE = "P3"
VARIANTS = {"network + fields": False, "+ needs": True}


def baseline_scores(index, query):
    """Score vectors of the baselines for a parsed query."""
    team = [index.partner_index[pid] for pid in query.team]
    cols = [index.field_index[key] for key in query.fields]
    return {
        "P3": signals.p3(index, team),
        "RP3β (β 0.3)": signals.rp3(index, team, 0.3),
        "personalised PageRank": signals.walk(index, team),
        "co-participation": signals.shared_projects(index, team),
        "Adamic-Adar": signals.adamic_adar(index, team),
        "field popularity": signals.field_experience(index, cols),
    }


def rank_of(index, scores, mask, hidden, same_kind=False):
    """1-based rank of `hidden` among the masked candidates (ties broken by activity, then pessimistically)."""
    scores = scores + 1e-9 * index.activity
    i = index.partner_index[hidden]
    if same_kind:
        mask = mask & (index.kind == index.kind[i])
    return 1 + int(np.sum(scores[mask] > scores[i])) + int(np.sum(scores[mask] == scores[i])) - 1


def evaluate(index, cases, weights):
    """Per-case ranks for the model and the baselines, per query variant:
    {variant: {method: {"all": [...], "kind": [...]}}}. The factors are computed once per case (with needs;
    the variant without needs zeroes the competency factors) and the baselines, which ignore needs, once."""
    ranks = {variant: {name: {"all": [], "kind": []} for name in ("model",) + BASELINES} for variant in VARIANTS}
    for case in cases:
        query = model.parse_query(index, raw_query(case, True))
        values, context = model.features(index, query)
        mask = model.candidate_mask(index, query, context["team"])
        baselines = {}
        for name, scores in baseline_scores(index, query).items():
            baselines[name] = (rank_of(index, scores, mask, case["hidden"]),
                               rank_of(index, scores, mask, case["hidden"], same_kind=True))
        for variant, with_needs in VARIANTS.items():
            scores = model.combine(values if with_needs else without_needs(values), weights)
            methods = {"model": (rank_of(index, scores, mask, case["hidden"]),
                                 rank_of(index, scores, mask, case["hidden"], same_kind=True))} | baselines
            for name, (rank_all, rank_kind) in methods.items():
                ranks[variant][name]["all"].append(rank_all)
                ranks[variant][name]["kind"].append(rank_kind)
    return {variant: {name: {key: np.array(value) for key, value in item.items()} for name, item in methods.items()}
            for variant, methods in ranks.items()}


def per_consortium(values, consortium):
    """Per-consortium means of per-case values (`consortium` numbers each case's consortium)."""
    values = np.asarray(values, dtype=float)
    return np.bincount(consortium, values) / np.bincount(consortium)


def metrics(ranks, consortium):
    """HR@10, HR@50, MRR and HR@10 within the kind, each consortium counting once."""
    def mean(values):
        return float(np.mean(per_consortium(values, consortium)))
    return {"HR@10": mean(ranks["all"] <= 10), "HR@50": mean(ranks["all"] <= 50), "MRR": mean(1.0 / ranks["all"]),
            "HR@10 kind": mean(ranks["kind"] <= 10)}


def bootstrap_ratio(model_values, base_values, rng, resamples=2000):
    """95 % bootstrap interval of sum(model) / sum(baseline) over per-consortium values, resampling consortia."""
    n = len(model_values)
    ratios = []
    for _ in range(resamples):
        sample = rng.integers(0, n, n)
        if base_values[sample].sum() > 0:
            ratios.append(model_values[sample].sum() / base_values[sample].sum())
    return float(np.percentile(ratios, 2.5)), float(np.percentile(ratios, 97.5))


def run_split(data, cut, weights, limit, seed):
    """Evaluate one cut; returns its metrics per variant and method, its ratios to P3 and its sizes."""
    end = add_months(cut, WINDOW_MONTHS)
    index = MatchIndex(history_snapshot(data, cut), asof=asof(cut))
    cases = every_hidden_case(data, index, cut, end)
    if limit:
        keep = set(random.Random(seed).sample(sorted({str(c["project"]["id"]) for c in cases}), limit))
        cases = [c for c in cases if str(c["project"]["id"]) in keep]
    consortium = np.unique([str(c["project"]["id"]) for c in cases], return_inverse=True)[1]
    boot = np.random.default_rng(seed)
    out = {"cut": str(cut), "end": str(end), "partners": len(index), "projects": len(index.history_ids),
           "consortia": int(consortium.max() + 1), "cases": len(cases), "metrics": {}, "ratios": {}}
    every = evaluate(index, cases, weights)
    for variant in VARIANTS:
        ranks = every[variant]
        out["metrics"][variant] = {name: metrics(r, consortium) for name, r in ranks.items()}
        ratios = {}
        for key, per_case in (("HR@10", lambda r: r["all"] <= 10), ("MRR", lambda r: 1.0 / r["all"])):
            m = per_consortium(per_case(ranks["model"]), consortium)
            b = per_consortium(per_case(ranks[HEADLINE_BASELINE]), consortium)
            ratios[key] = (float(m.sum() / b.sum()), *bootstrap_ratio(m, b, boot))
        out["ratios"][variant] = ratios
    return out


def split_table(split):
    """One split's figures as Markdown."""
    lines = ["| query | method | HR@10 | HR@50 | MRR | HR@10 (kind) |", "|---|---|---|---|---|---|"]
    for variant, methods in split["metrics"].items():
        for name, m in methods.items():
            label = "**model**" if name == "model" else name
            lines.append(f"| {variant} | {label} | {m['HR@10']:.3f} | {m['HR@50']:.3f} | {m['MRR']:.3f} | "
                         f"{m['HR@10 kind']:.3f} |")
    return "\n".join(lines)


def summary_table(splits):
    """HR@10 and MRR of model and P3 per split and their mean, with the ratios (and 95 % intervals)."""
    lines = ["| query | split (test window) | consortia | model HR@10 | P3 HR@10 | ratio [95 % CI] | model MRR | "
             "P3 MRR | ratio [95 % CI] |", "|---|---|---|---|---|---|---|---|---|"]
    for variant in VARIANTS:
        for s in splits:
            m, b = s["metrics"][variant]["model"], s["metrics"][variant][HEADLINE_BASELINE]
            hr, mrr = s["ratios"][variant]["HR@10"], s["ratios"][variant]["MRR"]
            lines.append(f"| {variant} | {s['cut']} … {s['end']} | {s['consortia']} | {m['HR@10']:.3f} | "
                         f"{b['HR@10']:.3f} | {hr[0]:.3f} [{hr[1]:.2f}, {hr[2]:.2f}] | {m['MRR']:.3f} | "
                         f"{b['MRR']:.3f} | {mrr[0]:.3f} [{mrr[1]:.2f}, {mrr[2]:.2f}] |")
        mean = mean_metrics(splits, variant)
        m, b = mean["model"], mean[HEADLINE_BASELINE]
        lines.append(f"| {variant} | **mean of the splits** | | {m['HR@10']:.3f} | {b['HR@10']:.3f} | "
                     f"**{m['HR@10'] / b['HR@10']:.3f}** | {m['MRR']:.3f} | {b['MRR']:.3f} | "
                     f"**{m['MRR'] / b['MRR']:.3f}** |")
    return "\n".join(lines)


def strongest_table(splits, variant="network + fields"):
    """Per split (and their mean): the model against the strongest baseline of that split, on each metric."""
    keys = ("HR@10", "HR@50", "MRR", "HR@10 kind")
    lines = ["| split | " + " | ".join(f"{key}: strongest baseline | model / it" for key in keys) + " |",
             "|---|" + "---|---|" * len(keys)]
    rows = [(f"{s['cut']} … {s['end']}", s["metrics"][variant]) for s in splits]
    rows.append(("**mean of the splits**", mean_metrics(splits, variant)))
    for label, methods in rows:
        cells = []
        for key in keys:
            name = max(BASELINES, key=lambda b: methods[b][key])
            cells.append(f"{name} {methods[name][key]:.3f} | **{methods['model'][key] / methods[name][key]:.2f}**")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def mean_metrics(splits, variant):
    """The mean over the splits of every method's metrics (each split counting once)."""
    methods = splits[0]["metrics"][variant]
    return {name: {key: float(np.mean([s["metrics"][variant][name][key] for s in splits])) for key in methods[name]}
            for name in methods}


def mean_table(splits):
    """Every method's mean over the splits, as Markdown."""
    return split_table({"metrics": {variant: mean_metrics(splits, variant) for variant in VARIANTS}})


def real_path(data, cut, weights, n, seed):
    """Run `n` queries of a cut through `allianz import` + `allianz match --batch` on the benchmark Neo4j and
    compare with the in-process ranking (same history, same date, the app's default weights)."""
    from bench.common import bench_graph
    from bench.match_common import BENCH, bench_env

    index = MatchIndex(history_snapshot(data, cut), asof=asof(cut))
    cases = every_hidden_case(data, index, cut, add_months(cut, WINDOW_MONTHS))
    sample = random.Random(seed).sample(cases, n)
    with tempfile.TemporaryDirectory() as tmp, bench_graph(**BENCH) as (_graph, _settings):
        folder = Path(tmp) / "history"
        write_exchange(history_snapshot(data, cut), folder)
        env = bench_env(ALLIANZ_MATCHING_ASOF=str(asof(cut)))
        allianz = str(ROOT / ".venv" / "bin" / "allianz")
        done = subprocess.run([allianz, "import", str(folder), "--replace"], env=env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"import failed: {done.stderr[-2000:]}")
        batch = Path(tmp) / "queries.jsonl"
        batch.write_text("".join(json.dumps(raw_query(c, True)) + "\n" for c in sample), encoding="utf-8")
        done = subprocess.run([allianz, "match", "--batch", str(batch)], env=env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"match failed: {done.stderr[-2000:]}")
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    same = 0
    for case, answer in zip(sample, answers, strict=True):
        query = model.parse_query(index, raw_query(case, True))
        expected = [c["partner"] for c in model.match(index, query, weights, with_reasons=False)]
        same += [c["partner"] for c in answer["candidates"]] == expected
    return {"queries": len(sample), "identical top-50 rankings": same}


def fit_spread(data, cut, weights, n, seed):
    """How spread out the 0-100 fit is for `n` test queries of a cut with a team (network + fields): the mean fit
    at ranks 1, 2, 3, 5, 10, 50 and the share of queries whose top 5 hold at least 4 different rounded fits."""
    index = MatchIndex(history_snapshot(data, cut), asof=asof(cut))
    cases = every_hidden_case(data, index, cut, add_months(cut, WINDOW_MONTHS))
    at = (1, 2, 3, 5, 10, 50)
    fits, spread = [], 0
    for case in random.Random(seed).sample(cases, min(n, len(cases))):
        query = model.parse_query(index, raw_query(case, False))
        best, z, values, context = model.rank(index, query, weights, top=max(at))
        scale = model.FitScale(z, values, weights, model.reference_mask(index, context["team"]))
        row = [scale.fit(float(z[i])) for i in best]
        fits.append([row[k - 1] for k in at])
        spread += len({round(fit) for fit in row[:5]}) >= 4
    mean = np.mean(fits, axis=0)
    return {"queries": len(fits),
            "mean fit at rank": {str(k): round(float(v), 1) for k, v in zip(at, mean, strict=True)},
            "share with >= 4 different fits in the top 5": round(spread / len(fits), 3)}


def main():
    """Run the evaluation on every cut and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=int, default=None, help="at most this many consortia per split (smoke test)")
    parser.add_argument("--fit-limit", type=int, default=FOLD_LIMIT, help="at most this many validation cases per fold")
    parser.add_argument("--defaults", action="store_true",
                        help="evaluate the app's default weights (fitted at the last cut)")
    parser.add_argument("--real-path", type=int, default=0, metavar="N")
    parser.add_argument("--spread", type=int, default=0, metavar="N",
                        help="only: the fit's spread for N test queries of the last cut with the app's defaults")
    parser.add_argument("--json", type=Path, help="also write every figure to this file (after each split)")
    parser.add_argument("--cuts", type=lambda text: [date.fromisoformat(c) for c in text.split(",")], default=CUTS,
                        help="only these cuts (comma-separated), e.g. to run the splits in parallel processes")
    parser.add_argument("--from-json", type=Path, nargs="+", help="print the tables of splits saved with --json")
    args = parser.parse_args()
    if args.from_json:
        splits = sorted((s for f in args.from_json for s in json.loads(f.read_text(encoding="utf-8"))),
                        key=lambda s: s["cut"])
        for split in splits:
            print(f"\n### Split {split['cut']}: history before it ({split['partners']} partners, {split['projects']} "
                  f"projects), test {split['cut']} … {split['end']}: {split['consortia']} consortia, {split['cases']} "
                  f"cases\n\n{split_table(split)}")
        print(f"\n### Mean over the {len(splits)} splits\n\n{mean_table(splits)}")
        print(f"\n### Model against {HEADLINE_BASELINE} (headline: network + fields)\n\n{summary_table(splits)}")
        print(f"\n### Model against the strongest baseline of each split (network + fields)\n\n"
              f"{strongest_table(splits)}")
        return
    data, problems = read_folder(CORDIS)
    if problems:
        raise SystemExit(f"the CORDIS data has problems: {problems[:3]}")
    if args.spread:
        print(json.dumps(fit_spread(data, CUTS[-1], model.DEFAULT_WEIGHTS, args.spread, args.seed)))
        return
    started = time.perf_counter()
    splits = []
    for cut in args.cuts:
        if args.defaults:
            weights, info = model.DEFAULT_WEIGHTS, {"weights": "app defaults"}
        else:
            weights, info = fit_cut(data, cut, args.seed, args.fit_limit,
                                    echo=lambda text: print(text, file=sys.stderr))
        split = run_split(data, cut, weights, args.limit, args.seed) | {"fit": info, "weights": weights}
        splits.append(split)
        print(f"\n### Split {split['cut']}: history before it ({split['partners']} partners, {split['projects']} "
              f"projects), test {split['cut']} … {split['end']}: {split['consortia']} consortia (>= {MIN_TEAM} "
              f"partners), {split['cases']} cases\n\n{split_table(split)}", flush=True)
        if args.json:
            args.json.write_text(json.dumps(splits, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\n### Mean over the {len(splits)} splits\n\n{mean_table(splits)}")
    print(f"\n### Model against {HEADLINE_BASELINE} (headline: network + fields)\n\n{summary_table(splits)}")
    print(f"\n{time.perf_counter() - started:.0f} s")
    if args.real_path:
        print("\nreal path:", json.dumps(real_path(data, CUTS[0], model.DEFAULT_WEIGHTS, args.real_path, args.seed)))


if __name__ == "__main__":
    main()

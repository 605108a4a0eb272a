"""The scoring model: a query, its signals, a weighted sum, ranked candidates with a breakdown.

z = bias + Σ weight_k · feature_k ranks; what people see is the 0–100 fit (`FitScale`). The weights are configuration
(the setting `MATCHING_WEIGHTS`, config.py, overrides single entries of `DEFAULT_WEIGHTS`); the defaults
are the evaluation's fit at its last cut (a listwise softmax on validation from before it; see bench/match_fit.py
and docs/matching.md). Because the model is
linear, each factor's points of the fit add up to it and are shown behind "Warum?".
"""
from dataclasses import dataclass, field

import numpy as np

from ..vocabulary import KINDS
from . import signals
from .index import log1p, safe_max_norm

MAX_TOP = 200
# the weight of `new_bridge` when a query asks to prefer partners without a shared project with the team:
# about what a repeated tie gains over a partner of a partner through the walk, so the latter comes first
NEW_BRIDGE_PREFERENCE = 3.0
DEFAULT_TOP = 10
# importance of a need the team covers already, relative to an uncovered one (complementarity)
DEFAULT_COVERED_WEIGHT = 0.25
# the walk's probabilities, relative to the best candidate's, enter on a log scale: log(1 + 1000 p)
WALK_SCALE = 1000.0

# The weights the evaluation fits at its last cut, 2016-01-01, and scores on that split (bench/RESULTS.md, "Matching"),
# so the app ranks with the evaluated model. Obtained with
#   nice -n 10 .venv/bin/python bench/match_eval.py --cuts 2016-01-01 --json /tmp/eval-e/2016-01-01.json
# (bench/match_fit.py fit_cut, the same as `bench/match_fit.py --cut 2016-01-01`): every consortium of >= 3
# partners started 2015-07 … 2015-12, each known partner hidden in turn (at most 900 cases per fold), asked with and
# without needs, against the history before 2016-01-01 without that quarter of the consortia (4 folds by project
# id); a listwise softmax (conditional logit) over sampled full candidate lists, L2 chosen by 4-fold CV (0.003);
# `competency_projects` at least the largest value of a scan that costs no with-needs validation HR@10.
# Not learned: `competency` (declared levels, absent from CORDIS) set for the alliance, `new_bridge` (a preference),
# `bias` (shifts every score alike). `walk` and `p3` are strongly correlated: together they give a partner of the
# team's partners its (positive) network points; `p3` alone comes out negative.
DEFAULT_WEIGHTS = {
    "bias": -4.0,
    "competency": 8.0,
    "competency_projects": 0.438,
    "field": 0.166,
    "coparticipation": 0.209,
    "adamic_adar": 0.147,
    "team_ties": -0.053,
    "walk": 1.055,
    "kind_prior": 0.091,
    "sector": -0.778,
    "activity": 0.046,
    "load": 0.147,
    "new_bridge": 0.0,
    "country": -0.039,
    "lead": -0.05,
    "field_walk": 0.07,
    "field_focus": 1.346,
    "kind_field": 0.372,
    "country_affinity": 1.211,
    "recent": -0.181,
    "team_project": 0.263,
    "p3": -0.398,
    "p3_recent": 0.142,
}
FACTORS = tuple(key for key in DEFAULT_WEIGHTS if key != "bias")


class QueryError(ValueError):
    """A query names competencies or fields the graph does not know, or is malformed."""

    def __init__(self, message, unknown_needs=(), unknown_fields=()):
        super().__init__(message)
        self.unknown_needs = sorted(unknown_needs)
        self.unknown_fields = sorted(unknown_fields)


@dataclass
class Query:
    """A matching query, resolved against the index."""

    team: list                      # partner ids (known ones only)
    fields: list = field(default_factory=list)
    needs: dict = field(default_factory=dict)  # competency id -> importance
    kinds: list = field(default_factory=list)  # restrict candidates to these kinds (empty: all)
    exclude: list = field(default_factory=list)
    top: int = DEFAULT_TOP
    id: object = None
    new_bridges: bool | None = None  # prefer partners without a shared project (None: as configured)
    project: str | None = None       # the idea or project the query plans: its own needs are never evidence


def parse_query(index, raw):
    """Validate a query as the batch format and the JSON endpoint give it; returns a `Query`.

    Unknown team ids are ignored; unknown competencies, fields or kinds raise QueryError naming them.
    `needs` is a list of ids or a mapping id -> importance (> 0); `kind` a kind or a list of kinds.
    """
    if not isinstance(raw, dict):
        raise QueryError("a query must be a JSON object")
    team = _id_list(raw.get("team"), "team")
    fields = _id_list(raw.get("fields"), "fields")
    needs = _needs(raw.get("needs") or [])
    kind_raw = raw.get("kind", raw.get("kinds"))
    kinds = [] if kind_raw in (None, "") else ([kind_raw] if isinstance(kind_raw, str) else _id_list(kind_raw, "kind"))
    exclude = _id_list(raw.get("exclude"), "exclude")
    top = _top(raw.get("top", DEFAULT_TOP))
    new_bridges = _flag(raw.get("new_bridges"), "new_bridges")
    unknown_fields = [key for key in fields if key not in index.field_index]
    unknown_needs = [key for key in needs if key not in index.competency_index]
    unknown_kinds = [kind for kind in kinds if kind not in KINDS]
    if unknown_fields or unknown_needs or unknown_kinds:
        parts = []
        if unknown_needs:
            parts.append("unknown competencies: " + ", ".join(sorted(unknown_needs)))
        if unknown_fields:
            parts.append("unknown fields: " + ", ".join(sorted(unknown_fields)))
        if unknown_kinds:
            parts.append("unknown kinds: " + ", ".join(sorted(unknown_kinds)) + f" (allowed: {', '.join(KINDS)})")
        raise QueryError("; ".join(parts), unknown_needs, unknown_fields)
    known_team = list(dict.fromkeys(pid for pid in team if pid in index.partner_index))
    project = raw.get("project")
    if project is not None and not isinstance(project, str):
        raise QueryError("'project' must be a project id")
    return Query(team=known_team, fields=list(dict.fromkeys(fields)), needs=needs, kinds=kinds,
                 exclude=exclude, top=top, id=raw.get("id"), new_bridges=new_bridges, project=project or None)


FLAG_VALUES = {"true": True, "1": True, "ja": True, "yes": True, "on": True,
               "false": False, "0": False, "nein": False, "no": False, "off": False}


def _flag(value, name):
    """A yes/no option: None or "" (not given), a JSON boolean, or true/false, 1/0, ja/nein, on/off as text."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if not text:
        return None
    if text not in FLAG_VALUES:
        raise QueryError(f"'{name}' must be true or false")
    return FLAG_VALUES[text]


def _id_list(value, name):
    """A list of id strings from None, a string or a list."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list | tuple):
        raise QueryError(f"'{name}' must be a list of ids")
    return [str(item) for item in value if item is not None and str(item) != ""]


def _needs(value):
    """A query's needs as {competency id: importance}: from a mapping id -> importance (> 0) or a list of ids."""
    if not isinstance(value, dict):
        return {key: 1.0 for key in _id_list(value, "needs")}
    needs = {}
    for key, importance in value.items():
        try:
            number = float(importance)
        except (TypeError, ValueError):
            raise QueryError(f"importance of need '{key}' must be a number") from None
        if not 0 < number < float("inf"):  # NaN, "inf" and values <= 0 alike
            raise QueryError(f"importance of need '{key}' must be a positive number")
        needs[str(key)] = number
    return needs


def _top(value):
    """A query's `top` as a whole number within 1..MAX_TOP (None: DEFAULT_TOP)."""
    if value is None:
        value = DEFAULT_TOP
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise QueryError("'top' must be a whole number")
    try:
        value = int(value)
    except ValueError:
        raise QueryError("'top' must be a whole number") from None
    return max(1, min(value, MAX_TOP))


def weights_from(config=None):
    """The model's weights: defaults, with entries of `config['MATCHING_WEIGHTS']` overriding them and
    `config['MATCHING_PREFER_NEW_BRIDGES']` (when set) the weight of `new_bridge` (settings in config.py)."""
    weights = dict(DEFAULT_WEIGHTS)
    if config:
        weights.update(config.get("MATCHING_WEIGHTS") or {})
        if config.get("MATCHING_PREFER_NEW_BRIDGES") not in (None, ""):
            weights["new_bridge"] = float(config["MATCHING_PREFER_NEW_BRIDGES"])
    return weights


def features(index, query, covered_weight=DEFAULT_COVERED_WEIGHT):
    """Every factor as a vector over all partners, plus the needs the team covers already."""
    team = [index.partner_index[pid] for pid in query.team]
    cols = [index.field_index[key] for key in query.fields]
    coverages = signals.need_coverages(index, query.needs, without=query.project)
    covered = signals.team_covered(index, team, query.needs)
    declared = {c: signals.coverage(index, c, inferred=False) for c in query.needs}
    inferred = {c: signals.coverage(index, c, declared=False, without=query.project) for c in query.needs}
    fit = signals.competency_fit(index, team, query.needs, covered_weight, coverages, declared, covered)[0]
    fit_projects = signals.competency_fit(index, team, query.needs, covered_weight, coverages, inferred, covered)[0]
    shared = signals.shared_projects(index, team)
    reach = signals.team_reach(index, team)              # shared by team_ties, Adamic–Adar and the reasons
    experience = signals.field_experience(index, cols)   # shared by field and field_focus
    p3 = signals.p3(index, team)                          # also the walk's first step
    values = {
        "competency": fit,
        "competency_projects": fit_projects,
        "field": log1p(experience),
        "coparticipation": log1p(4.0 * signals.coparticipation(index, team)),
        "adamic_adar": log1p(signals.adamic_adar(index, team, reach)),
        "team_ties": log1p(signals.team_ties(index, team, reach)),
        "walk": np.log1p(WALK_SCALE * safe_max_norm(signals.walk(index, team, first=p3))),
        "kind_prior": signals.kind_prior(index, team),
        "sector": signals.new_sector(index, team),
        "activity": signals.activity(index),
        "load": signals.load(index),
        "new_bridge": (shared == 0).astype(float) if team else np.zeros(len(index)),
        "country": signals.same_country(index, team),
        "lead": signals.lead_experience(index),
        "field_walk": np.log1p(WALK_SCALE * safe_max_norm(signals.field_walk(index, team, cols))),
        "field_focus": experience / (1.0 + index.activity),
        "kind_field": signals.kind_in_field(index, cols),
        "country_affinity": signals.country_affinity(index, team),
        "recent": signals.recent_activity(index),
        "team_project": signals.team_project(index, team),
        "p3": np.log1p(WALK_SCALE * safe_max_norm(p3)),
        "p3_recent": np.log1p(WALK_SCALE * safe_max_norm(signals.p3(index, team, recent=True))),
    }
    context = {"team": team, "coverages": coverages, "covered": covered, "shared": shared, "reach": reach}
    return values, context


def candidate_mask(index, query, team):
    """Partners that may be returned: not in the team, not excluded, of a wanted kind."""
    mask = np.ones(len(index), dtype=bool)
    mask[team] = False
    for pid in query.exclude:
        i = index.partner_index.get(pid)
        if i is not None:
            mask[i] = False
    if query.kinds:
        wanted = np.zeros(len(KINDS), dtype=bool)
        wanted[[KINDS.index(kind) for kind in query.kinds]] = True
        mask &= wanted[index.kind]
    return mask


def combine(values, weights):
    """The linear score z = bias + Σ weight · feature, over all partners."""
    z = np.full(len(next(iter(values.values()))), float(weights.get("bias", 0.0)))
    term = np.empty_like(z)   # one buffer for every weight · feature
    for name in FACTORS:
        weight = float(weights.get(name, 0.0))
        if weight:
            z += np.multiply(weight, values[name], out=term)
    return z


def query_weights(query, weights=None):
    """The weights for one query: `new_bridges` true gives `new_bridge` at least NEW_BRIDGE_PREFERENCE,
    false switches it off; not given, the configured weights stay."""
    weights = weights or DEFAULT_WEIGHTS
    if query.new_bridges is None:
        return weights
    preferred = max(float(weights.get("new_bridge", 0.0)), NEW_BRIDGE_PREFERENCE) if query.new_bridges else 0.0
    return dict(weights, new_bridge=preferred)


def rank(index, query, weights=None, covered_weight=DEFAULT_COVERED_WEIGHT, top=None):
    """Indices of the best candidates (best first), the linear scores, features and context (with the mask)."""
    weights = query_weights(query, weights)
    values, context = features(index, query, covered_weight)
    z = combine(values, weights)
    mask = candidate_mask(index, query, context["team"])
    context["mask"] = mask
    # ties (e.g. an empty query) go to the more active partner, then the id order
    z_masked = np.where(mask, z + 1e-9 * values["activity"], -np.inf)
    k = min(top or query.top, int(mask.sum()))
    if k <= 0:
        return [], z, values, context
    best = np.argpartition(-z_masked, k - 1)[:k] if k < len(z_masked) else np.arange(len(z_masked))
    best = best[np.argsort(-z_masked[best], kind="stable")]
    best = [int(i) for i in best if np.isfinite(z_masked[i])][:k]
    return best, z, values, context


def reference_mask(index, team):
    """The partners a query's fit is measured against: everyone outside the team. Not the kinds, exclusions or
    `top` a page asks for, so that the same query gives the same candidate the same fit on every page."""
    mask = np.ones(len(index), dtype=bool)
    mask[list(team)] = False
    return mask


class FitScale:
    """The 0-100 fit ("Passung") of a query: 0 is the average partner outside the team, 100 the best one.

    fit_i = 100 · (z_i − mean z) / (best z − mean z), over `reference_mask` (every partner outside the team, whatever
    kinds or exclusions a page asks for). The model is linear, so each factor's points
    100 · weight_k · (x_ik − mean x_k) / (best z − mean z) add up to the fit: how much that factor puts the
    candidate above (or below) an average partner. The scale stays spread out whatever the query.
    """

    def __init__(self, z, values, weights, mask):
        """The scale of one ranked query (z over all partners, the reference mask)."""
        self.weights = weights
        count = int(np.count_nonzero(mask))
        # the mean over the candidates, as ndarray.mean computes it (the sum, then one division) without its overhead
        self.means = {name: float(np.add.reduce(values[name][mask])) / count if count else 0.0 for name in FACTORS
                      if weights.get(name)}
        self.mean = float(weights.get("bias", 0.0)) + sum(float(weights[name]) * value
                                                           for name, value in self.means.items())
        best = float(z[mask].max()) if count else self.mean
        self.span = best - self.mean

    def fit(self, z_value):
        """The fit of a candidate with linear score `z_value` (0 when every candidate is alike)."""
        return 100.0 * (z_value - self.mean) / self.span if self.span > 1e-9 else 0.0

    def fits(self, z):
        """`fit` of every entry of the array `z` at once."""
        return 100.0 * (z - self.mean) / self.span if self.span > 1e-9 else np.zeros(len(z))

    def points(self, values, i, rounded=True):
        """Every factor's points for candidate `i` (they add up to its fit), non-zero ones only (`rounded`: to one
        decimal, and those below 0.05 left out, as the JSON shows them)."""
        if self.span <= 1e-9:
            return {}
        out = {}
        for name, mean in self.means.items():
            value = 100.0 * float(self.weights[name]) * (float(values[name][i]) - mean) / self.span
            if not rounded:
                out[name] = value
            elif abs(value) >= 0.05:
                out[name] = round(value, 1)
        return out


# How a fit reads in words: at least this many points (the first that applies)
FIT_WORDS = ((75.0, "very_good"), (50.0, "good"), (25.0, "partly"), (float("-inf"), "little"))


def fit_grade(fit):
    """The word key of a fit ("very_good", "good", "partly", "little"; `reasons.FIT_LABELS` says them)."""
    return next(grade for least, grade in FIT_WORDS if fit >= least)


def shown_fit(fit):
    """The fit as people read it: a whole number within 0..100."""
    return int(min(100, max(0, round(fit))))


def sigmoid(z):
    """The logistic function."""
    return 1.0 / (1.0 + np.exp(-z))


def match(index, query, weights=None, covered_weight=DEFAULT_COVERED_WEIGHT, with_reasons=True, detail=True):
    """Rank the partners for `query`: a list of candidate dicts (partner, name, kind, score = the 0-100 fit,
    factors = each factor's points of it, reasons, evidence, why = the breakdown). `detail` false leaves out the
    breakdown and the shared projects' evidence (the batch prints neither)."""
    from .reasons import Texts, explain_factors, explain_words, reasons_for  # the reasons need the UI language

    weights = query_weights(query, weights)
    best, z, values, context = rank(index, query, weights, covered_weight)
    scale = FitScale(z, values, weights, reference_mask(index, context["team"]))
    words = explain_words() if with_reasons and detail else None
    say = Texts() if with_reasons else None
    out = []
    for i in best:
        factors = scale.points(values, i)
        pid = index.partner_ids[i]
        fit = scale.fit(float(z[i]))
        candidate = {"partner": pid, "name": index.partners[pid]["name"], "kind": index.partners[pid]["kind"],
                     "score": round(min(100.0, max(0.0, fit)), 1), "fit": shown_fit(fit), "grade": fit_grade(fit),
                     "factors": factors}
        if with_reasons:
            candidate["reasons"], candidate["evidence"] = reasons_for(index, query, i, values, context, factors, detail,
                                                                      say)
            if detail:
                candidate["why"] = explain_factors(scale.points(values, i, rounded=False), words, shown_fit(fit))
        out.append(candidate)
    return out

"""The signals of the scoring model: one vector over all partners per signal, from the index.

Every function takes the `MatchIndex` and a resolved query (team as partner indices, fields as
field indices, needs as {competency id: importance}) and returns a float array of length
`len(index)`. They are the model's features and, alone, the evaluation's baselines.
"""
import numpy as np

from ..vocabulary import KINDS, SECTOR_NAMES, SECTORS

RELATED_CREDIT = 0.5      # a broader or narrower competency counts half
COVERED_THRESHOLD = 0.5   # a team member with at least this coverage covers a need
WALK_RESTART = 0.3        # personalised PageRank: probability to jump back to the team
WALK_STEPS = 4


def team_vector(index, team):
    """The team as a 0/1 row vector over partners."""
    seed = np.zeros(len(index))
    seed[list(team)] = 1.0
    return seed


def coverage(index, competency, declared=True, inferred=True, without=None):
    """How well every partner covers `competency` (0..1): declared level/3 or from past projects'
    needs (1 - 0.5^weighted count). A narrower competency (at any depth: LoRaWAN for "Sensorik & IoT") covers it as
    well as itself; a broader one gives half credit (`RELATED_CREDIT`). `declared`/`inferred` choose the sources
    (both by default); `without`: the query's own project, whose needs are no evidence."""
    direct = _direct_coverage(index, competency, declared, inferred, without)
    for other in index.below(competency):
        direct = np.maximum(direct, _direct_coverage(index, other, declared, inferred, without))
    broader = index.broader.get(competency)
    if broader:
        direct = np.maximum(direct, RELATED_CREDIT * _direct_coverage(index, broader, declared, inferred, without))
    return direct


def _direct_coverage(index, competency, declared=True, inferred=True, without=None):
    j = index.competency_index.get(competency)
    out = np.zeros(len(index))
    if j is None:
        return out
    if declared:
        rows, data = column(index.declared_csc, j)
        out[rows] = np.minimum(data / 3.0, 1.0)
    if inferred:
        rows, data = column(index.inferred_weighted, j)
        rows, data = _without_project(index, j, rows, data, without)
        values = 1.0 - 0.5 ** (2.0 * data)  # one recent project: 0.75, two: 0.94
        out[rows] = np.maximum(out[rows], values)
    return out


def _without_project(index, j, rows, data, project):
    """(rows, recency-weighted counts) of competency column `j` of `inferred_weighted` without what the history
    project `project` (an id; None: nothing left out) adds: its members' count of a need of its own."""
    own = index.history_index.get(project) if project is not None else None
    if own is None or not index.entry(index.project_needs, own, j):
        return rows, data
    members = index.AT.indices[index.AT.indptr[own]:index.AT.indptr[own + 1]]
    data = data - np.where(np.isin(rows, members), index.project_weight[own], 0.0)
    keep = data > 1e-12
    return rows[keep], data[keep]


def column(matrix, j):
    """(row indices, values) of column `j` of a canonical CSC matrix: what `matrix[:, j]` holds, without scipy's
    slicing (a new matrix per call)."""
    start, end = matrix.indptr[j], matrix.indptr[j + 1]
    return matrix.indices[start:end], matrix.data[start:end]


def direct_coverage_of(index, competency, i, without=None):
    """`_direct_coverage(index, competency, without=without)[i]`, for one partner (a reason's look-up, not a
    vector)."""
    j = index.competency_index.get(competency)
    if j is None:
        return 0.0
    value = min(index.entry(index.declared, i, j) / 3.0, 1.0)
    weighted = index.entry(index.inferred_weighted, j, i)   # CSC: the column's rows are its partners
    own = index.history_index.get(without) if without is not None else None
    if weighted and own is not None and index.entry(index.project_needs, own, j) and index.entry(index.A, i, own):
        weighted = max(0.0, weighted - float(index.project_weight[own]))
    if weighted > 1e-12:
        value = max(value, 1.0 - 0.5 ** (2.0 * weighted))
    return value


def need_coverages(index, needs, without=None):
    """{competency: coverage vector} for the needs of a query (`without`: its own project)."""
    return {competency: coverage(index, competency, without=without) for competency in needs}


def competency_fit(index, team, needs, covered_weight, coverages=None, scored=None, covered=None):
    """Importance-weighted coverage of the needs, needs the team covers already (`team_covers`) counting only
    `covered_weight` (complementarity). Returns (fit vector, set of needs the team covers).
    The fit sums `scored` (default: `coverages`, all sources); `covered`: the needs the team covers, if known."""
    if not needs:
        return np.zeros(len(index)), set()
    coverages = coverages or need_coverages(index, needs)
    total = sum(needs.values()) or 1.0
    fit = np.zeros(len(index))
    known = covered
    covered = set()
    team = list(team)
    for competency, importance in needs.items():
        is_covered = competency in known if known is not None else team_covers(index, team, competency)
        if is_covered:
            covered.add(competency)
        fit += importance * (covered_weight if is_covered else 1.0) * (scored or coverages)[competency]
    return fit / total, covered


def team_covers(index, team, competency):
    """Whether the team covers a need: a member declares that competency or a narrower one (at any level and
    depth: LoRaWAN covers "Sensorik & IoT"). The idea's and the project's pages count uncovered needs by the same
    rule, so an idea shows the same open needs everywhere."""
    return bool(covered_by(index, team, competency))


def covered_by(index, team, competency):
    """{partner index: [the competencies it declares that cover `competency`: itself or narrower ones]} of the
    team members that cover it."""
    found = {}
    if not team or competency not in index.competency_index:
        return found
    members = list(team)
    for other in (competency, *index.below(competency)):
        rows, _levels = column(index.declared_csc, index.competency_index[other])
        for i in rows[np.isin(rows, members)].tolist():
            found.setdefault(i, []).append(other)
    return found


def team_covered(index, team, needs):
    """The needs the team covers already (`team_covers`), as a set."""
    team = list(team)
    return {competency for competency in needs if team_covers(index, team, competency)}


def field_experience(index, fields):
    """Recency-weighted number of past projects in the query's fields, plus declared activity."""
    if not fields:
        return np.zeros(len(index))
    cols = list(fields)
    experience = index.field_experience_t[cols].sum(axis=0)
    declared = index.declared_fields @ field_indicator(index, cols)
    return experience + 0.5 * declared


def field_indicator(index, fields):
    """The query's fields as a 0/1 vector over fields."""
    chosen = np.zeros(len(index.field_keys))
    chosen[list(fields)] = 1.0
    return chosen


def team_rows_sum(matrix, team):
    """Σ of the team's rows of a partner × partner CSR matrix (the same sums, in the same order, as
    `matrix[team].sum(axis=0)`, without building the sub-matrix)."""
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
    picked = [np.arange(indptr[t], indptr[t + 1]) for t in team]
    at = np.concatenate(picked) if picked else np.zeros(0, dtype=np.int64)
    return np.bincount(indices[at], weights=data[at], minlength=matrix.shape[1])


SPARSE_SHARE = 0.02   # a vector with at most this share of non-zero entries is multiplied through its rows only


def product(matrix_t, matrix, vector):
    """`matrix_t @ vector`, where `matrix` is `matrix_t` transposed (both CSR, the same entries). A vector with few
    non-zero entries (the first steps of a walk from a team) only takes the rows of `matrix` it names: their product
    adds, for each result, the same terms in the same order (ascending column of `matrix_t`, whose rows are sorted)
    as the full one does, which adds zeros for the rest, so the figures are the same at a fraction of the work."""
    picked = np.flatnonzero(vector)
    if len(picked) > SPARSE_SHARE * len(vector):
        return matrix_t @ vector
    return matrix[picked].T @ vector[picked]


def team_reach(index, team):
    """For every partner, how many team members it has worked with (0 without a team)."""
    return team_rows_sum(index.neighbours, list(team)) if team else np.zeros(len(index))


def coparticipation(index, team):
    """Shared projects with the team, each weighted by 1/(size-1) and recency (resource allocation)."""
    if not team:
        return np.zeros(len(index))
    return team_rows_sum(index.coparticipation, list(team))


def shared_projects(index, team):
    """Number of shared past projects with the team (plain count)."""
    if not team:
        return np.zeros(len(index))
    return team_rows_sum(index.shared_counts, list(team))


def team_ties(index, team, reach=None):
    """How many team members each partner has worked with before (`reach`: `team_reach`, if known)."""
    if not team:
        return np.zeros(len(index))
    return team_reach(index, team) if reach is None else reach


def adamic_adar(index, team, reach=None):
    """Adamic–Adar over the partner network: common collaborators z, each 1/log(degree z)."""
    if not team:
        return np.zeros(len(index))
    weighted = (team_reach(index, team) if reach is None else reach) * index.aa_weight
    # only the rows of partners the team reaches add anything: the same sums, in the same order, as the full product
    via = np.flatnonzero(weighted)
    return index.neighbours[via].T @ weighted[via]


def walk(index, team, restart=WALK_RESTART, steps=WALK_STEPS, first=None):
    """Personalised PageRank from the whole team over partner → project → partner steps (truncated). `first`: the
    first step, `p3(index, team)`, when the caller has it already (it is the same product)."""
    if not team:
        return np.zeros(len(index))
    seed = team_vector(index, team)
    seed /= seed.sum()
    rank = seed.copy()
    total = np.zeros(len(index))
    for step in range(steps):
        rank = first if step == 0 and first is not None else step_down_up(index, rank)
        total += rank
        rank = (1 - restart) * rank
    return total


def p3(index, team, recent=False):
    """P3: the two-step walk team → project → partner, degree-normalised at each step (each team member
    spreads 1/|team| evenly over its projects, each project evenly over its partners). `recent`: the first
    step weighs projects by recency (half-life `TIE_YEARS in index.py`), so ties of now count more."""
    if not team:
        return np.zeros(len(index))
    seed = team_vector(index, team)
    seed /= seed.sum()
    up = (index.walk_up_recent_t, index.walk_up_recent) if recent else (index.walk_up_t, index.walk_up)
    return product(index.walk_down_t, index.walk_down, product(*up, seed))


def step_down_up(index, rank):
    """One step of the walk: partner → project → partner."""
    return product(index.walk_down_t, index.walk_down, product(index.walk_up_t, index.walk_up, rank))


def rp3(index, team, beta=0.3):
    """RP3β: P3 divided by the partner's degree to the power β (popularity-penalised)."""
    return p3(index, team) / np.power(np.maximum(index.degree, 1.0), beta)


def kind_prior(index, team):
    """How often a team of this make-up (set of kinds) adds a partner of each kind, over all kinds' base rate."""
    table = index.kind_added[index.signature(index.kind[list(team)])] if team else index.kind_overall
    return np.log(table / index.kind_overall)[index.kind]


SECTOR_OF_KIND = np.array([SECTOR_NAMES.index(SECTORS[kind]) for kind in KINDS])


def new_sector(index, team):
    """1 for partners of a sector (business, science, civil society, administration) the team lacks."""
    sectors = SECTOR_OF_KIND[index.kind]
    if not team:
        return np.zeros(len(index))
    present = np.zeros(len(SECTOR_NAMES), dtype=bool)
    present[sectors[list(team)]] = True
    return (~present[sectors]).astype(float)


def activity(index):
    """Recency-weighted number of past projects (log scale)."""
    return index.logged["activity"].copy()


def load(index):
    """Number of projects still running (log scale)."""
    return index.logged["load"].copy()


def same_country(index, team):
    """Share of the team in each partner's country (0 for partners without a country)."""
    if not team:
        return np.zeros(len(index))
    codes = index.country[list(team)]
    codes = codes[codes >= 0]
    if not len(codes) or not len(index.country_codes):
        return np.zeros(len(index))
    share = np.bincount(codes, minlength=len(index.country_codes)) / len(team)
    return np.where(index.country >= 0, share[np.maximum(index.country, 0)], 0.0)


def lead_experience(index):
    """Recency-weighted number of past projects the partner led (log scale)."""
    return index.logged["lead_count"].copy()


def field_walk(index, team, fields, restart=WALK_RESTART, steps=WALK_STEPS):
    """The walk from the team through past projects in the query's fields only."""
    if not team or not fields:
        return np.zeros(len(index))
    chosen = np.flatnonzero((index.project_fields @ field_indicator(index, fields)) > 0)
    # the two steps through the chosen projects only: their rows of the first step (the others' would be zeroed) and,
    # for the second, their rows of `walk_down` transposed, whose product adds the same terms in the same order as
    # `walk_down_t`'s row-wise one does with the other projects' zeros: the same figures at a fraction of the work
    up, down = index.walk_up_t[chosen], index.walk_down[chosen].T
    seed = team_vector(index, team)
    seed /= seed.sum()
    rank = seed.copy()
    total = np.zeros(len(index))
    for _ in range(steps):
        rank = down @ (up @ rank)
        total += rank
        rank = (1 - restart) * rank
    return total


def kind_in_field(index, fields):
    """How typical each partner's kind is in the query's fields (log ratio to the kind's base rate)."""
    if not fields:
        return np.zeros(len(index))
    return index.kind_in_field[list(fields)].mean(axis=0)[index.kind]


def country_affinity(index, team):
    """How often the team's countries work with each partner's country (mean log ratio; 0 when unknown)."""
    if not team or not len(index.country_codes):
        return np.zeros(len(index))
    codes = index.country[list(team)]
    codes = codes[codes >= 0]
    if not len(codes):
        return np.zeros(len(index))
    row = index.country_affinity[codes].mean(axis=0)
    return np.where(index.country >= 0, row[np.maximum(index.country, 0)], 0.0)


def recent_activity(index):
    """Projects started recently (half-life half a year; log scale)."""
    return index.logged["recent_activity"].copy()


def team_project(index, team):
    """Consortium continuation: for each partner, the largest number of team members that were together with it in
    one past project, minus one (0 without such a project or with a single shared member)."""
    if not team:
        return np.zeros(len(index))
    counts = product(index.AT, index.A, team_vector(index, team))
    # only the team's projects have a count: each of their members takes the largest count × its entry in A
    projects = np.flatnonzero(counts)
    best = np.zeros(len(index))
    if len(projects):
        sub = index.AT[projects]
        np.maximum.at(best, sub.indices, sub.data * np.repeat(counts[projects], np.diff(sub.indptr)))
    return np.maximum(best - 1.0, 0.0)

"""The matcher's precomputed index: the graph as sparse matrices, built once per graph revision.

`MatchIndex` is built from plain rows (`GraphRows`, the shapes of the exchange format's `DataSet`): either read
from Neo4j with the queries in `queries.py` (`GraphRows.from_graph`) or, in the evaluation, from the rows of
an exchange folder. Both go through the same constructor, so the app and the
benchmark rank with the same code. `cache.cached_index(graph)` keeps one index per process and graph.
"""
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import numpy as np
from scipy import sparse

from ..jobs import Sendable, paused_gc
from ..vocabulary import HISTORY_STATUSES, KINDS
from . import queries

RECENCY_YEARS = 3.0          # half-life of a project's weight, in years after its start
RECENT_YEARS = 0.5           # half-life of the "recently active" signal
TIE_YEARS = 1.0              # half-life of a tie in the recent two-step walk (p3_recent)
UNDATED_WEIGHT = 0.5         # weight of a history project without a start date
DECLARED_LEVEL_NONE = 2      # a declared competency without a level counts as level 2


def as_date(value):
    """A `date` from an ISO string or a date (None stays None)."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class GraphRows:
    """Plain rows of the domain graph (fields, competencies, partners, projects, participations): what an index is
    built from."""

    def __init__(self, fields, competencies, partners, projects, participations):
        self.fields = fields
        self.competencies = competencies
        self.partners = partners
        self.projects = projects
        self.participations = participations

    @classmethod
    def from_graph(cls, graph):
        """Read the rows from Neo4j (four reads, the two large ones at once; once per graph revision). Partners and
        projects come as one list each (`queries.PARTNER_ROWS`, `PROJECT_ROWS`), the participations with their
        projects."""
        with paused_gc(), ThreadPoolExecutor(2) as pool:   # Neo4j prepares one list while the other is decoded
            projects_read = pool.submit(graph.columns, queries.PROJECT_ROWS)
            partner_rows = graph.columns(queries.PARTNER_ROWS)["rows"]
            rows = projects_read.result()["rows"]
            partners, (projects, participations) = partner_dicts(partner_rows), project_dicts(rows)
        return cls(graph.query(queries.FIELDS), graph.query(queries.COMPETENCIES), partners, projects, participations)


def partner_dicts(rows):
    """The partners of PARTNER_ROWS's list as dicts."""
    return [{"id": pid, "name": name, "short_name": short, "kind": kind, "country": country,
             "fields": fields, "competencies": [{"id": cid, "level": level} for cid, level in competencies]}
            for pid, name, short, kind, country, fields, competencies in rows]


def project_dicts(rows):
    """(the projects, the participations) of PROJECT_ROWS's list as dicts."""
    projects = [{"id": jid, "title": title, "status": status, "started": started, "ended": ended,
                 "fields": fields, "needs": needs}
                for jid, title, status, started, ended, fields, needs, _team, _leads in rows]
    participations = [{"project_id": row[0], "partner_id": pid, "role": "lead" if pid in leads else "partner"}
                      for row, leads in zip(rows, (set(row[8]) for row in rows), strict=True) for pid in row[7]]
    return projects, participations


class MatchIndex(Sendable):
    """Partners, projects, fields and competencies as arrays and sparse matrices.

    Rows of every partner matrix follow `partner_ids`; history projects (status active or completed,
    started on or before `asof`) are the columns of `A` (partner × project).
    """

    def __init__(self, source, asof=None, revision_number=None):
        """The index of `source` (`GraphRows`) as of `asof` (default today), known as revision `revision_number`."""
        self.asof = as_date(asof) or date.today()
        self.revision = revision_number
        self.generation = None     # the graph's generation (`revision.generation_of`), set by who built it
        self.built_at = time.monotonic()
        self.superseded_at = None  # when a request first found the graph at a newer revision (for "Stand: vor …")
        self._memo = {}
        self._memo_lock = threading.Lock()
        with paused_gc():
            self._build_vocabulary(source)
            self._build_partners(source)
            self._build_projects(source)
            self._build_network()

    # -- construction -------------------------------------------------------------------------
    def _build_vocabulary(self, source):
        self.field_keys = [f["key"] for f in source.fields]
        self.field_index = {key: i for i, key in enumerate(self.field_keys)}
        self.fields = {f["key"]: f for f in source.fields}
        self.competency_ids = [c["id"] for c in source.competencies]
        self.competency_index = {cid: i for i, cid in enumerate(self.competency_ids)}
        self.competencies = {c["id"]: c for c in source.competencies}
        self.broader = {c["id"]: c.get("broader") for c in source.competencies if c.get("broader")}
        self.narrower = {}
        for child, parent in self.broader.items():
            self.narrower.setdefault(parent, []).append(child)

    def _build_partners(self, source):
        self.partner_ids = [p["id"] for p in source.partners]
        self.partner_index = {pid: i for i, pid in enumerate(self.partner_ids)}
        self.partners = {p["id"]: p for p in source.partners}
        n = len(self.partner_ids)
        self.kind = np.array([KINDS.index(p["kind"]) if p["kind"] in KINDS else 0 for p in source.partners],
                             dtype=np.int16)
        rows, cols, levels = [], [], []
        frows, fcols = [], []
        for i, p in enumerate(source.partners):
            for item in p.get("competencies") or []:
                j = self.competency_index.get(item["id"])
                if j is not None:
                    rows.append(i)
                    cols.append(j)
                    levels.append(item.get("level") or DECLARED_LEVEL_NONE)
            for key in p.get("fields") or []:
                if key in self.field_index:
                    frows.append(i)
                    fcols.append(self.field_index[key])
        shape = (n, len(self.competency_ids))
        self.declared = sparse.csr_matrix((np.array(levels, dtype=float), (rows, cols)), shape=shape)
        # country as a code (-1: unknown)
        countries = sorted({str(p.get("country")).upper() for p in source.partners if p.get("country")})
        self.country_codes = countries
        code = {c: k for k, c in enumerate(countries)}
        self.country = np.array([code[str(p["country"]).upper()] if p.get("country") else -1
                                 for p in source.partners], dtype=np.int32)
        self.declared_fields = sparse.csr_matrix((np.ones(len(frows)), (frows, fcols)),
                                                 shape=(n, len(self.field_keys)))
        self.declared.sort_indices()          # `entry` looks up single cells by binary search
        self.declared_fields.sort_indices()

    def _build_projects(self, source):
        history, started_on, leads = self._history(source)
        self.history_ids = [p["id"] for p in history]
        self.history_index = {pid: j for j, pid in enumerate(self.history_ids)}
        m = len(history)
        weight, ongoing = self._recency(history, started_on)
        self.project_weight = weight
        # newest first: a history project's place when sorted by (start, id), for the reasons' project lists
        self.project_order = np.empty(m, dtype=np.int64)
        self.project_order[sorted(range(m), key=lambda j: (str(history[j].get("started") or ""), history[j]["id"]))] = \
            np.arange(m)
        n = len(self.partner_ids)
        rows, cols, lead_rows, lead_cols = self._participations(history, leads)
        self.lead_count = np.zeros(n)
        np.add.at(self.lead_count, np.array(lead_rows, dtype=np.int64), weight[np.array(lead_cols, dtype=np.int64)])
        self.A = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, m))
        self.A.sum_duplicates()
        self.AT = self.A.T.tocsr()
        self.project_size = np.asarray(self.A.sum(axis=0)).ravel()
        # project × field and project × need
        frows, fcols, nrows, ncols = self._project_cells(history)
        self.project_fields = sparse.csr_matrix((np.ones(len(frows)), (frows, fcols)), shape=(m, len(self.field_keys)))
        self.project_needs = sparse.csr_matrix((np.ones(len(nrows)), (nrows, ncols)),
                                               shape=(m, len(self.competency_ids)))
        self.project_needs_csc = self.project_needs.tocsc()
        weighted = self.A @ sparse.diags(weight)
        # partner × field: recency-weighted project counts; partner × competency: projects as evidence
        self.field_experience = np.asarray((weighted @ self.project_fields).todense())
        self.field_experience_t = np.ascontiguousarray(self.field_experience.T)   # field × partner, for queries
        self.field_counts = np.asarray((self.A @ self.project_fields).todense())   # plain project counts (reasons)
        self.inferred_rows = (self.A @ self.project_needs).tocsr()       # project counts
        self.inferred = self.inferred_rows.tocsc()
        self.inferred_weighted = (weighted @ self.project_needs).tocsc()  # recency-weighted
        self.inferred_weighted.sort_indices()
        self.activity = np.asarray(weighted.sum(axis=1)).ravel()
        ages = np.array([max(0.0, (self.asof - started).days / 365.25) if started else RECENCY_YEARS
                         for started in started_on])
        self.recent_activity = self.A @ (0.5 ** (ages / RECENT_YEARS)) if m else np.zeros(len(self.partner_ids))
        self.tie_weight = 0.5 ** (ages / TIE_YEARS) if m else np.zeros(0)
        self.degree = np.asarray(self.A.sum(axis=1)).ravel()
        self.load = np.asarray((self.A @ ongoing.astype(float).reshape(-1, 1))).ravel()
        self.declared_csc = self.declared.tocsc()
        # the query-independent signals on their log scale, once per index
        self.logged = {name: log1p(getattr(self, name))
                       for name in ("activity", "load", "lead_count", "recent_activity")}

    def _history(self, source):
        """(history projects, their start dates, the (project, partner) pairs that lead) of `source`; keeps every
        project's team (`teams`) and every project by id."""
        self.projects = {p["id"]: p for p in source.projects}
        self.teams = {}
        leads = set()
        for row in source.participations:
            self.teams.setdefault(row["project_id"], []).append(row["partner_id"])
            if row.get("role") == "lead":
                leads.add((row["project_id"], row["partner_id"]))
        history, started_on = [], []
        for p in source.projects:
            started = as_date(p.get("started"))
            if p["status"] in HISTORY_STATUSES and (started is None or started <= self.asof):
                history.append(p)
                started_on.append(started)
        return history, started_on, leads

    def _recency(self, history, started_on):
        """(each history project's weight, halved every RECENCY_YEARS after its start; whether it runs at `asof`)."""
        m = len(history)
        weight = np.empty(m)
        ongoing = np.zeros(m, dtype=bool)
        for j, (p, started) in enumerate(zip(history, started_on, strict=True)):
            ended = as_date(p.get("ended"))
            if started is None:
                weight[j] = UNDATED_WEIGHT
            else:
                age = max(0.0, (self.asof - started).days / 365.25)
                weight[j] = 0.5 ** (age / RECENCY_YEARS)
            ongoing[j] = (ended >= self.asof) if ended else p["status"] == "active"
        return weight, ongoing

    def _participations(self, history, leads):
        """(partner rows, project columns, and the same of the leads) of the history projects' teams."""
        rows, cols, lead_rows, lead_cols = [], [], [], []
        partner_index = self.partner_index
        for j, p in enumerate(history):
            for pid in self.teams.get(p["id"], []):
                i = partner_index.get(pid)
                if i is not None:
                    rows.append(i)
                    cols.append(j)
                    if (p["id"], pid) in leads:
                        lead_rows.append(i)
                        lead_cols.append(j)
        return rows, cols, lead_rows, lead_cols

    def _project_cells(self, history):
        """(rows, columns) of project × field and of project × need for the history projects."""
        frows, fcols, nrows, ncols = [], [], [], []
        for j, p in enumerate(history):
            for key in p.get("fields") or []:
                if key in self.field_index:
                    frows.append(j)
                    fcols.append(self.field_index[key])
            for cid in p.get("needs") or []:
                if cid in self.competency_index:
                    nrows.append(j)
                    ncols.append(self.competency_index[cid])
        return frows, fcols, nrows, ncols

    def _build_network(self):
        size = self.project_size
        # resource allocation over shared projects, recency-decayed: 1/(size-1) per shared project
        share = np.where(size > 1, 1.0 / np.maximum(size - 1, 1), 0.0) * self.project_weight
        self.coparticipation = (self.A @ sparse.diags(share) @ self.AT).tocsr()
        self.coparticipation.setdiag(0)
        self.coparticipation.eliminate_zeros()
        counts = (self.A @ self.AT).tocsr()
        counts.setdiag(0)
        counts.eliminate_zeros()
        self.shared_counts = counts
        self.neighbours = (counts > 0).astype(float).tocsr()
        deg = np.asarray(self.neighbours.sum(axis=1)).ravel()
        self.aa_weight = np.where(deg > 1, 1.0 / np.log(np.maximum(deg, 2)), 0.0)
        # random walk partner → project → partner (row-stochastic halves)
        pdeg = np.asarray(self.A.sum(axis=1)).ravel()
        self.walk_up = (sparse.diags(np.where(pdeg > 0, 1.0 / np.maximum(pdeg, 1), 0.0)) @ self.A).tocsr()
        self.walk_down = (sparse.diags(np.where(size > 0, 1.0 / np.maximum(size, 1), 0.0)) @ self.AT).tocsr()
        # the same first step with recent projects weighing more (half-life TIE_YEARS): ties of now
        tie = self.A @ sparse.diags(self.tie_weight)
        tdeg = np.asarray(tie.sum(axis=1)).ravel()
        self.walk_up_recent = (sparse.diags(np.where(tdeg > 0, 1.0 / np.maximum(tdeg, 1e-12), 0.0)) @ tie).tocsr()
        # the transposes in CSR, made once: `x @ M` for a dense x is `M.T @ x`; as a row-wise product it gives the same
        # sums in the same order as scipy's column-wise one on a transposed view, faster and without a view per call
        self.walk_up_t, self.walk_down_t = self.walk_up.T.tocsr(), self.walk_down.T.tocsr()
        self.walk_up_recent_t = self.walk_up_recent.T.tocsr()
        # the kind a team of this make-up usually adds: counts[signature, kind]
        n_kinds = len(KINDS)
        table = np.ones((2 ** n_kinds, n_kinds)) * 0.5
        sizes = np.diff(self.AT.indptr)
        project_of = np.repeat(np.arange(self.AT.shape[0]), sizes)
        member_kind = self.kind[self.AT.indices].astype(np.int64)
        in_team = sizes[project_of] >= 2
        project_of, member_kind = project_of[in_team], member_kind[in_team]
        # per project: how many members of each kind; the rest of a team without one member keeps a kind's bit
        # unless that member was the only one of its kind
        per_kind = np.zeros((self.AT.shape[0], n_kinds), dtype=np.int64)
        np.add.at(per_kind, (project_of, member_kind), 1)
        bits = 1 << np.arange(n_kinds)
        present = (per_kind > 0) @ bits
        alone = per_kind[project_of, member_kind] == 1
        rest = present[project_of] & ~np.where(alone, bits[member_kind], 0)
        np.add.at(table, (rest, member_kind), 1.0)
        overall = table.sum(axis=0)
        self.kind_added = table / table.sum(axis=1, keepdims=True)
        self.kind_overall = overall / overall.sum()
        # the kinds that take part in each field: log P(kind | field) / P(kind), smoothed
        members_kind = sparse.csr_matrix((np.ones(len(self.kind)), (np.arange(len(self.kind)), self.kind)),
                                         shape=(len(self.kind), n_kinds))
        field_kind = np.asarray((self.project_fields.T @ self.AT @ members_kind).todense()) + 1.0
        self.kind_in_field = np.log((field_kind / field_kind.sum(axis=1, keepdims=True)) / self.kind_overall)
        # which countries work together: log P(country c in a project │ country d in it) / P(c), smoothed
        n_c = max(len(self.country_codes), 1)
        known = self.country >= 0
        members_country = sparse.csr_matrix((np.ones(int(known.sum())), (np.flatnonzero(known), self.country[known])),
                                            shape=(len(self.kind), n_c))
        per_project = (self.AT @ members_country).tocsr()
        per_project.data = np.minimum(per_project.data, 1.0)
        pairs = np.asarray((per_project.T @ per_project).todense()) + 0.5
        base = pairs.sum(axis=0) / pairs.sum()
        self.country_affinity = np.log((pairs / pairs.sum(axis=1, keepdims=True)) / base)

    # -- catching up after small writes ------------------------------------------------------
    def patched(self, number, partners, projects, participations, partner_ids, project_ids):
        """A new index at revision `number`: this one with the partners and projects named re-read (their dicts as
        `partner_dicts` / `project_dicts` make them), or None when the change is not cheap to apply here.

        Cheap: a partner's name, competencies or fields (not its kind or country, which the model's tables
        are made of), and a project that neither is nor was a history project (an idea, a submitted project:
        its needs, its team). A history project's change, a new or removed partner, or a new country needs the
        whole build (the caller builds it in the background and serves this one meanwhile). Shares everything
        unchanged with this index; derived results that cannot depend on the change (which projects need a
        competency, the suggested introductions until the next build) are kept."""
        by_id = {p["id"]: p for p in partners}
        for pid in partner_ids:
            new, old = by_id.get(pid), self.partners.get(pid)
            if new is None or old is None or new["kind"] != old["kind"] or new.get("country") != old.get("country"):
                return None
        history = set(self.history_ids)
        found = {p["id"]: p for p in projects}
        for jid in project_ids:
            if jid in history or (jid in found and self._is_history(found[jid])):
                return None
        patched = object.__new__(MatchIndex)
        patched.__dict__.update(self.__dict__)
        patched.revision, patched.superseded_at = number, None
        patched._memo_lock = threading.Lock()
        with self._memo_lock:
            patched._memo = {key: value for key, value in self._memo.items() if key[0] in KEPT_ON_PATCH}
        if partner_ids:
            patched.partners = {**self.partners, **by_id}
            patched._patch_declared([self.partner_index[pid] for pid in partner_ids],
                                    [by_id[pid] for pid in partner_ids])
        if project_ids:
            patched.projects, patched.teams = dict(self.projects), dict(self.teams)
            for jid in project_ids:
                patched.projects.pop(jid, None)
                patched.teams.pop(jid, None)
            patched.projects.update(found)
            for row in participations:
                patched.teams.setdefault(row["project_id"], []).append(row["partner_id"])
        return patched

    def _is_history(self, project):
        """Whether `project` is one of the index's history projects (active or completed, started by `asof`)."""
        started = as_date(project.get("started"))
        return project["status"] in HISTORY_STATUSES and (started is None or started <= self.asof)

    def _patch_declared(self, rows, partners):
        """Make the declared competencies and fields of the partners at `rows` those of `partners` (new matrices)."""
        for name, cells in (("declared", self._competency_cells), ("declared_fields", self._field_cells)):
            old = getattr(self, name).tocoo()
            keep = ~np.isin(old.row, rows)
            new_rows, new_cols, new_data = cells(rows, partners)
            matrix = sparse.csr_matrix((np.concatenate([old.data[keep], new_data]),
                                        (np.concatenate([old.row[keep], new_rows]),
                                         np.concatenate([old.col[keep], new_cols]))), shape=old.shape)
            matrix.sort_indices()
            setattr(self, name, matrix)
        self.declared_csc = self.declared.tocsc()

    def _competency_cells(self, rows, partners):
        """(rows, columns, levels) of the declared competencies of `partners` at `rows`."""
        cells = [(i, self.competency_index[item["id"]], item.get("level") or DECLARED_LEVEL_NONE)
                 for i, p in zip(rows, partners, strict=True) for item in p.get("competencies") or []
                 if item["id"] in self.competency_index]
        return _columns(cells)

    def _field_cells(self, rows, partners):
        """(rows, columns, ones) of the declared fields of `partners` at `rows`."""
        cells = [(i, self.field_index[key], 1.0) for i, p in zip(rows, partners, strict=True)
                 for key in p.get("fields") or [] if key in self.field_index]
        return _columns(cells)

    # -- helpers ------------------------------------------------------------------------------
    @staticmethod
    def signature(kinds):
        """The set of kinds in a team as a bit mask."""
        mask = 0
        for k in set(int(k) for k in kinds):
            mask |= 1 << k
        return mask

    def project_rows(self, partner, competency=None, others=None, within=None, without=None):
        """History projects of `partner` (newest first), optionally only those needing `competency`, shared with one
        of the partner ids in `others`, or marked in `within` (a mask over the history projects, `projects_of`);
        never the project `without` (the query's own project: its needs are no evidence)."""
        return [self.projects[self.history_ids[j]]
                for j in self.project_columns(partner, competency, others, within, without)]

    def project_columns(self, partner, competency=None, others=None, within=None, without=None):
        """The history project columns of `project_rows`, newest first (array operations, no loop per project)."""
        i = self.partner_index[partner]
        cols = self.A.indices[self.A.indptr[i]:self.A.indptr[i + 1]]
        own = self.history_index.get(without) if without is not None else None
        if own is not None:
            cols = cols[cols != own]
        if competency is not None:
            cols = cols[self.needing(competency)[cols]]
        if others is not None:
            cols = cols[self.projects_of(self.partner_index[pid] for pid in others if pid in self.partner_index)[cols]]
        if within is not None:
            cols = cols[within[cols]]
        return cols[np.argsort(-self.project_order[cols], kind="stable")]

    def projects_of(self, rows):
        """The history projects of the partners at `rows`, as a mask over the history projects."""
        mask = np.zeros(len(self.history_ids), dtype=bool)
        mask[self.participations_of(rows)[0]] = True
        return mask

    def participations_of(self, rows):
        """The history participations of the partners at `rows`: (project columns, partner rows), one entry each."""
        rows = list(rows)
        starts, ends = self.A.indptr[rows], self.A.indptr[np.array(rows, dtype=np.int64) + 1]
        projects = (np.concatenate([self.A.indices[start:end] for start, end in zip(starts, ends, strict=True)])
                    if rows else np.zeros(0, dtype=self.A.indices.dtype))
        return projects, np.repeat(np.array(rows, dtype=np.int64), ends - starts)

    def needing(self, competency):
        """The history projects that need `competency`, as a mask over the history projects (once per competency)."""
        def compute():
            k = self.competency_index[competency]
            mask = np.zeros(len(self.history_ids), dtype=bool)
            needs = self.project_needs_csc
            mask[needs.indices[needs.indptr[k]:needs.indptr[k + 1]]] = True
            return mask
        return self.remember(("needing", competency), compute)

    @staticmethod
    def entry(matrix, i, j):
        """`matrix[i, j]` of a canonical CSR matrix, without scipy's slow scalar indexing."""
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        k = start + int(np.searchsorted(matrix.indices[start:end], j))
        return float(matrix.data[k]) if k < end and matrix.indices[k] == j else 0.0

    def remember(self, key, compute):
        """`compute()` once per index and key (derived results that only change with the graph). It runs outside
        the lock, so that it may remember things itself; two threads at once may both compute, the first one kept."""
        with self._memo_lock:
            if key in self._memo:
                return self._memo[key]
        value = compute()
        with self._memo_lock:
            return self._memo.setdefault(key, value)

    def has(self, key):
        """Whether `remember(key, …)` has a result already."""
        with self._memo_lock:
            return key in self._memo

    def partner_name(self, partner):
        """A partner's name as its own page shows it (the one name the matcher's pages and answers use)."""
        item = self.partners.get(partner) or {}
        return item.get("name") or item.get("short_name") or partner

    def below(self, competency):
        """The competencies narrower than `competency`, at any depth (nearest first, each once)."""
        def compute():
            found, queue = [], list(self.narrower.get(competency, []))
            while queue:
                child = queue.pop(0)
                if child not in found and child != competency:
                    found.append(child)
                    queue.extend(self.narrower.get(child, []))
            return tuple(found)
        return self.remember(("below", competency), compute)

    def __len__(self):
        return len(self.partner_ids)


KEPT_ON_PATCH = ("needing", "introductions")  # memo keys (first part) a patched index keeps (see `patched`)


def _columns(cells):
    """(rows, columns, values) arrays of a list of (row, column, value) cells."""
    if not cells:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    rows, cols, values = zip(*cells, strict=True)
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(values, dtype=float)


def log1p(values):
    """`log(1 + x)` of an array (as float)."""
    return np.log1p(np.asarray(values, dtype=float))


def safe_max_norm(values):
    """`values / max(values)` (zeros when all are zero)."""
    top = float(values.max()) if len(values) else 0.0
    return values / top if top > 0 else values * 0.0



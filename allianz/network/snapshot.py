"""One snapshot of the domain graph per revision, with everything derived from it cached on it.

`snapshot(graph)` asks Neo4j for the revision (one short query) and returns the cached snapshot
when the graph has not changed; else it reads the partners, projects, participations, holdings,
competencies and fields in one read transaction. Views and analytics memoise their results on the
snapshot (`NetworkSnapshot.remember`), so a new revision drops them all at once. The pictures and the analytics
read the same snapshot and derive their graphs from it here (`co_partners`, `collaboration_graph`).
Deciding whether to read it in the background is `background.py`'s job; this module knows nothing of it.
"""
import threading
import time
from collections import Counter, OrderedDict, defaultdict
from datetime import date

import networkx as nx

from .. import revision
from ..db import gathered_rows, rows
from ..jobs import Sendable, paused_gc
from ..vocabulary import HISTORY_STATUSES
from . import queries

MAX_MEMO = 48  # views, layouts and analytics variants kept per snapshot (least recently used goes first)
# What a snapshot caught up after a small write keeps of its predecessor until the background has it anew: the
# results too expensive for a request (the communities, the analytics figures), keyed by these first key parts.
CARRIED = ("communities", "analytics")
COLLABORATION = HISTORY_STATUSES  # statuses whose shared projects count as ties in analytics

_lock = threading.Lock()
_snapshots = {}  # (uri, database) -> NetworkSnapshot


def year(text):
    """The year of an ISO date string, or None."""
    return int(text[:4]) if text else None


class NetworkSnapshot(Sendable):
    """The domain graph as plain dicts and indexes, read at one revision (sent by the job process: `adopt`)."""

    def __init__(self, token, data, generation=None):
        self.token = token
        self.generation = generation
        self.read_at = time.time()
        self.superseded_at = None  # when a request first found the graph at a newer revision (for "Stand: vor …")
        self.stale = {}  # key -> since when: expensive results carried over from an earlier revision (`patched`)
        self.partners = {row["id"]: row for row in data["partners"]}
        self.projects = {row["id"]: row for row in data["projects"]}
        for project in self.projects.values():
            project["start_year"] = year(project["started"])
            project["end_year"] = year(project["ended"])
        self.competencies = {row["id"]: row for row in data["competencies"]}
        self.fields = {row["key"]: row for row in data["fields"]}
        self.team = defaultdict(dict)          # project id -> {partner id: role}
        self.projects_of = defaultdict(set)    # partner id -> project ids
        for row in data["participations"]:
            self.team[row["project"]][row["partner"]] = row["role"]
            self.projects_of[row["partner"]].add(row["project"])
        self.holdings = defaultdict(dict)      # partner id -> {competency id: level}
        for row in data["holdings"]:
            self.holdings[row["partner"]][row["competency"]] = row["level"]
        self.memo = OrderedDict()
        self.positions = {}  # node id -> unit position where a picture of this revision first put it
        self.kept = {}
        self._memo_lock = threading.Lock()

    @property
    def revision(self):
        """The graph's revision this snapshot shows."""
        return self.token[0]

    def patched(self, token, found, partner_ids, project_ids):
        """A new snapshot at `token`: this one with the partners and projects named re-read (`found`: their rows
        as `read_changed` returns them; a named one without a row is gone). Nothing else is copied: the dicts are
        new where something changed and shared where not. The pictures are built anew on it; the communities and
        the analytics of this one are carried over as stale (`stale`) until the background has them anew."""
        new = object.__new__(NetworkSnapshot)
        new.token, new.generation, new.read_at, new.superseded_at = token, self.generation, time.time(), None
        new.stale = {}
        new.competencies, new.fields = self.competencies, self.fields
        new.partners, new.projects = dict(self.partners), dict(self.projects)
        new.team, new.projects_of = defaultdict(dict, self.team), defaultdict(set, self.projects_of)
        new.holdings = defaultdict(dict, self.holdings)
        new.patch_partners(found, partner_ids)
        new.patch_projects(found, project_ids)
        new.memo, new.kept, new.positions = OrderedDict(), {}, dict(self.positions)
        new._memo_lock = threading.Lock()
        new.carry(self, new.read_at)
        return new

    def carry(self, older, since):
        """Take `older`'s expensive results (`CARRIED`) that this one has not computed yet, marked stale: since when
        `older` had them stale already, else since `since` (time.time())."""
        with older._memo_lock, self._memo_lock:
            for store, target in ((older.kept, self.kept), (older.memo, self.memo)):
                for key, value in store.items():
                    if key[0] in CARRIED and key not in self.kept and key not in self.memo:
                        target[key] = value
                        self.stale[key] = older.stale.get(key, since)

    def patch_partners(self, found, partner_ids):
        """(On a snapshot being patched.) The partners named as `found` has them; one without a row is gone, and
        leaves the teams it was in."""
        for pid in partner_ids:
            self.partners.pop(pid, None)
            self.holdings.pop(pid, None)
        for row in found["partners"]:
            self.partners[row["id"]] = row
        for row in found["holdings"]:
            self.holdings[row["partner"]][row["competency"]] = row["level"]
        for pid in partner_ids:
            if pid not in self.partners:
                for project in self.projects_of.pop(pid, ()):
                    self.team[project] = {member: role for member, role in self.team[project].items() if member != pid}

    def patch_projects(self, found, project_ids):
        """(On a snapshot being patched.) The projects named as `found` has them, with their teams; one without a
        row is gone (or no longer public)."""
        for project in project_ids:
            self.projects.pop(project, None)
            for pid in self.team.pop(project, {}):
                self.projects_of[pid] = self.projects_of[pid] - {project}
        for row in found["projects"]:
            row["start_year"], row["end_year"] = year(row["started"]), year(row["ended"])
            self.projects[row["id"]] = row
        for row in found["participations"]:
            if row["partner"] in self.partners and row["project"] in self.projects:
                self.team[row["project"]][row["partner"]] = row["role"]
                self.projects_of[row["partner"]] = self.projects_of[row["partner"]] | {row["project"]}

    def is_stale(self, key):
        """Since when (time.time()) the result under `key` is one of an earlier revision, or None when it is not."""
        return self.stale.get(key)

    def take_over(self, other):
        """Keep what `other` (the same revision, from the job process) derived and this one has not yet."""
        with self._memo_lock:
            for key, value in other.kept.items():
                if self.stale.pop(key, None) is not None:
                    self.kept[key] = value   # computed anew for this revision: no longer stale
                self.kept.setdefault(key, value)
            for key, value in other.memo.items():
                if self.stale.pop(key, None) is not None:
                    self.memo[key] = value
                if key not in self.memo and key not in self.kept:
                    self.memo[key] = value
            while len(self.memo) > MAX_MEMO:
                self.memo.popitem(last=False)
            for node, position in other.positions.items():
                self.positions.setdefault(node, position)

    def take_stale(self, other):
        """Take `other`'s expensive results (of an earlier revision than this one, but later than what this one
        carries) as stale ones."""
        with self._memo_lock, other._memo_lock:
            for store, target in ((other.kept, self.kept), (other.memo, self.memo)):
                for key, value in store.items():
                    if key[0] in CARRIED and key in self.stale:
                        target[key] = value
                        self.stale[key] = max(self.stale[key], other.read_at)

    def remember(self, key, build, keep=False):
        """The value cached under `key`, built with `build()` on first use (bounded LRU; with `keep`,
        kept for the snapshot's life: structures every view or the analytics derive from)."""
        with self._memo_lock:
            if key in self.kept:
                return self.kept[key]
            if key in self.memo:
                self.memo.move_to_end(key)
                return self.memo[key]
        value = build()
        with self._memo_lock:
            if keep:
                self.kept[key] = value
                return value
            self.memo[key] = value
            while len(self.memo) > MAX_MEMO:
                self.memo.popitem(last=False)
        return value

    def has(self, key):
        """Whether a value is cached under `key`."""
        with self._memo_lock:
            return key in self.kept or key in self.memo

    def co_partners(self):
        """partner id -> Counter(co-partner id -> shared projects), over projects of any status (the pictures)."""
        def build():
            neighbours = defaultdict(Counter)
            for team in self.team.values():
                members = sorted(team)
                for i, a in enumerate(members):
                    for b in members[i + 1:]:
                        neighbours[a][b] += 1
                        neighbours[b][a] += 1
            return neighbours
        return self.remember(("co-partners",), build, keep=True)

    def collaboration_graph(self):
        """networkx Graph of all partners, tied by shared active or completed projects (the analytics)."""
        def build():
            graph = nx.Graph()
            for pid, partner in self.partners.items():
                graph.add_node(pid, kind=partner["kind"])
            for project_id, team in self.team.items():
                if self.projects[project_id]["status"] not in COLLABORATION:
                    continue
                members = sorted(team)
                for i, a in enumerate(members):
                    for b in members[i + 1:]:
                        if graph.has_edge(a, b):
                            graph[a][b]["weight"] += 1
                        else:
                            graph.add_edge(a, b, weight=1)
            return graph
        return self.remember(("collaboration-graph",), build, keep=True)

    def project_runs_in(self, project, first, last):
        """Whether `project` runs in the years first..last (None: open); undated projects only without a window."""
        if first is None and last is None:
            return True
        start = project["start_year"]
        if start is None:
            return False
        end = project["end_year"] if project["end_year"] is not None else date.today().year
        return (last is None or start <= last) and (first is None or end >= first)


def read_all(tx):
    """Transaction function: every list the snapshot needs, read consistently (the long ones gathered into one
    record each by Neo4j: `gathered_rows`)."""
    token = rows(tx, queries.REVISION, {})[0]
    data = {name: gathered_rows(tx, cypher, {}, columns) for name, (cypher, columns) in queries.GATHERED.items()}
    data.update((name, rows(tx, cypher, {})) for name, cypher in (
        ("competencies", queries.COMPETENCIES), ("fields", queries.FIELDS)))
    return (token["revision"], token["changed_at"]), revision.generation_of(token), data


def read_changed(kept):
    """Transaction function: what changed since the snapshot `kept` — (token, partner ids, project ids, their rows)
    — or None when `kept` cannot catch up by re-reading single nodes (another generation, an unpatchable change)."""
    def work(tx):
        touched = revision.touched_ids(tx, kept.generation, kept.revision)
        if touched is None:
            return None
        state, partner_ids, project_ids = touched
        found = {name: rows(tx, cypher, {"ids": ids}) for name, cypher, ids in (
            ("partners", queries.PARTNERS_OF, partner_ids), ("holdings", queries.HOLDINGS_OF, partner_ids),
            ("projects", queries.PROJECTS_OF, project_ids),
            ("participations", queries.PARTICIPATIONS_OF, project_ids))}
        return (state["revision"], state["changed_at"]), partner_ids, project_ids, found
    return work


def probe(graph):
    """(the cache key: the graph's revision and the time of its last change, the number of partners, the generation)."""
    found = graph.query(queries.REVISION)[0]
    return (found["revision"], found["changed_at"]), found["partners"], revision.generation_of(found)


def read(graph, key, token):
    """The snapshot at `token`: kept already, or read from Neo4j now (one reader at a time) and kept."""
    with _lock:
        cached = _snapshots.get(key)
        if cached is not None and cached.token == token:
            return cached
        with paused_gc():
            found, generation, data = graph.read(read_all)
            fresh = NetworkSnapshot(found, data, generation)
        _snapshots[key] = fresh
        return fresh


def adopt(key, fresh):
    """Put a snapshot read and worked on in the job process in place for the graph `key`. It replaces the one kept
    unless that one is of a later revision of the same generation (caught up meanwhile: `catch_up`), which then
    only takes the job's expensive results, still marked stale; for the same revision what it derived joins
    the one kept instead (whose pictures stay as they are). A snapshot that replaces an earlier revision of the same
    generation takes that one's communities and analytics as stale ones until its own follow."""
    if fresh is None:
        return   # no longer stored (pruned meanwhile): the next request starts the job again
    with _lock:
        kept = _snapshots.get(key)
        if kept is not None and kept.token == fresh.token:
            kept.take_over(fresh)
        elif kept is not None and kept.generation == fresh.generation and kept.revision > fresh.revision:
            kept.take_stale(fresh)
        else:
            if kept is not None and kept.generation == fresh.generation:
                # the new revision's pictures come first, its communities and analytics later (`background.FOLLOWING`):
                # meanwhile the pages that had them serve the earlier ones, saying how old they are
                fresh.carry(kept, kept.superseded_at or fresh.read_at)
            _snapshots[key] = fresh


def catch_up(graph, key, kept):
    """`kept` brought to the graph's current revision by re-reading the partners and projects the small writes
    since touched (milliseconds), and kept; None when that is not possible (`read_changed`)."""
    with _lock:
        if _snapshots.get(key) is not kept:
            found = _snapshots.get(key)
            return found if found is not None and found.token != kept.token else None
        changed = graph.read(read_changed(kept))
        if changed is None:
            return None
        token, partner_ids, project_ids, found = changed
        fresh = kept.patched(token, found, partner_ids, project_ids)
        _snapshots[key] = fresh
        return fresh


def kept_snapshot(graph):
    """The snapshot kept for `graph`, of whatever revision, or None."""
    return _snapshots.get((graph.uri, graph.database))


def cached(graph, token):
    """The snapshot kept for `graph` when it is at `token`, else None."""
    found = _snapshots.get((graph.uri, graph.database))
    return found if found is not None and found.token == token else None


def snapshot(graph):
    """The snapshot of `graph` at its current revision (read anew only when the graph changed)."""
    token, _partners, _generation = probe(graph)
    return read(graph, (graph.uri, graph.database), token)

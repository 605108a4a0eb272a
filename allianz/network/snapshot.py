"""One snapshot of the domain graph per revision, with everything derived from it cached on it.

`snapshot(graph)` asks Neo4j for the revision (one short query) and returns the cached snapshot
when the graph has not changed; else it reads the partners, projects, participations, holdings,
competencies and fields in one read transaction. Views and analytics memoise their results on the
snapshot (`NetworkSnapshot.remember`), so a new revision drops them all at once. The pictures and the analytics
read the same snapshot and derive their graphs from it here (`co_partners`, `collaboration_graph`).
Deciding whether to read it in the background is `background.py`'s job; this module knows nothing of it.
"""
import threading
from collections import Counter, OrderedDict, defaultdict
from datetime import date

import networkx as nx

from ..db import rows
from ..jobs import Sendable
from ..vocabulary import HISTORY_STATUSES
from . import queries

MAX_MEMO = 48  # views, layouts and analytics variants kept per snapshot (least recently used goes first)
COLLABORATION = HISTORY_STATUSES  # statuses whose shared projects count as ties in analytics

_lock = threading.Lock()
_snapshots = {}  # (uri, database) -> NetworkSnapshot


def year(text):
    """The year of an ISO date string, or None."""
    return int(text[:4]) if text else None


class NetworkSnapshot(Sendable):
    """The domain graph as plain dicts and indexes, read at one revision (sent by the job process: `adopt`)."""

    def __init__(self, token, data):
        self.token = token
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

    def take_over(self, other):
        """Keep what `other` (the same revision, from the job process) derived and this one has not yet."""
        with self._memo_lock:
            for key, value in other.kept.items():
                self.kept.setdefault(key, value)
            for key, value in other.memo.items():
                if key not in self.memo and key not in self.kept:
                    self.memo[key] = value
            while len(self.memo) > MAX_MEMO:
                self.memo.popitem(last=False)
            for node, position in other.positions.items():
                self.positions.setdefault(node, position)

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
    """Transaction function: every list the snapshot needs, read consistently."""
    token = rows(tx, queries.REVISION, {})[0]
    data = {name: rows(tx, cypher, {}) for name, cypher in (
        ("partners", queries.PARTNERS), ("projects", queries.PROJECTS),
        ("participations", queries.PARTICIPATIONS), ("holdings", queries.HOLDINGS),
        ("competencies", queries.COMPETENCIES), ("fields", queries.FIELDS))}
    return (token["revision"], token["changed_at"]), data


def probe(graph):
    """(the cache key: the graph's revision and the time of its last change, the number of partners)."""
    found = graph.query(queries.REVISION)[0]
    return (found["revision"], found["changed_at"]), found["partners"]


def read(graph, key, token):
    """The snapshot at `token`: kept already, or read from Neo4j now (one reader at a time) and kept."""
    with _lock:
        cached = _snapshots.get(key)
        if cached is not None and cached.token == token:
            return cached
        found, data = graph.read(read_all)
        fresh = NetworkSnapshot(found, data)
        _snapshots[key] = fresh
        return fresh


def adopt(key, fresh):
    """Put a snapshot read and worked on in the job process in place for the graph `key`. It was read after
    the request that asked for it, so it replaces the one kept; for the same revision what it derived joins
    the one kept instead (whose pictures stay as they are)."""
    with _lock:
        kept = _snapshots.get(key)
        if kept is not None and kept.token == fresh.token:
            kept.take_over(fresh)
        else:
            _snapshots[key] = fresh


def cached(graph, token):
    """The snapshot kept for `graph` when it is at `token`, else None."""
    found = _snapshots.get((graph.uri, graph.database))
    return found if found is not None and found.token == token else None


def snapshot(graph):
    """The snapshot of `graph` at its current revision (read anew only when the graph changed)."""
    token, _partners = probe(graph)
    return read(graph, (graph.uri, graph.database), token)

"""One snapshot of the domain graph per revision, with everything derived from it cached on it.

`snapshot(graph)` asks Neo4j for the revision (one short query) and returns the cached snapshot
when the graph has not changed; else it reads the partners, projects, participations, holdings,
competencies and fields in one read transaction. Views and analytics memoise their results on the
snapshot (`Snapshot.memo`), so a new revision drops them all at once.
"""
import threading
from collections import OrderedDict, defaultdict
from datetime import date

from ..db import rows
from . import queries, warm

MAX_MEMO = 128  # views and layouts kept per snapshot (least recently used goes first)
COLLABORATION = ("active", "completed")  # statuses whose shared projects count as ties in analytics

_lock = threading.Lock()
_snapshots = {}  # (uri, database) -> Snapshot


def year(text):
    """The year of an ISO date string, or None."""
    return int(text[:4]) if text else None


class Snapshot:
    """The domain graph as plain dicts and indexes, read at one revision."""

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
        fresh = Snapshot(found, data)
        _snapshots[key] = fresh
        return fresh


def snapshot(graph, background=False):
    """The snapshot of `graph` at its current revision (read anew only when the graph changed).

    With `background`, a large graph (see `warm.py`) is read in a background thread, which then
    builds the default pictures and analytics; until the snapshot is there, `warm.Pending` is raised.
    """
    key = (graph.uri, graph.database)
    token, partners = probe(graph)
    cached = _snapshots.get(key)
    if cached is not None and cached.token == token:
        return cached
    if background and warm.is_large(partners):
        def work():
            warm.warm_defaults(read(graph, key, token))
        warm.start(("snapshot", key, token), "snapshot", work)
    return read(graph, key, token)

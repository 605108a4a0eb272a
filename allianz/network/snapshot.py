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
from . import queries

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
        self._memo_lock = threading.Lock()

    def remember(self, key, build):
        """The value cached under `key`, built with `build()` on first use (bounded LRU)."""
        with self._memo_lock:
            if key in self.memo:
                self.memo.move_to_end(key)
                return self.memo[key]
        value = build()
        with self._memo_lock:
            self.memo[key] = value
            while len(self.memo) > MAX_MEMO:
                self.memo.popitem(last=False)
        return value

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


def current_token(graph):
    """The graph's revision and the time of its last change (the cache key)."""
    found = graph.query(queries.REVISION)[0]
    return found["revision"], found["changed_at"]


def snapshot(graph):
    """The snapshot of `graph` at its current revision (read anew only when the graph changed)."""
    key = (graph.uri, graph.database)
    token = current_token(graph)
    cached = _snapshots.get(key)
    if cached is not None and cached.token == token:
        return cached
    with _lock:
        cached = _snapshots.get(key)
        if cached is not None and cached.token == token:
            return cached
        token, data = graph.read(read_all)
        fresh = Snapshot(token, data)
        _snapshots[key] = fresh
        return fresh

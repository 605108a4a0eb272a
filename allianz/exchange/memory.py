"""Will an import fit the server's transaction memory? Asked before anything is written.

An import is one transaction, and Neo4j keeps all of its changes in the heap until the commit, within
`dbms.memory.transaction.total.max` (by default 70 % of the heap) and `db.memory.transaction.max`.
Past that limit the server refuses the transaction (`MemoryPoolOutOfMemoryError`) after minutes of
work; this module estimates the import's need from its size first, so that one too large for the
server is refused at once, with the setting to raise. The figures per node and relationship were
measured with `bench/import_scale.py` on Neo4j 5.26 (see docs/operations.md) and err on the high side.
"""
import re

from ..exceptions import DatabaseUnavailable, ImportTooLarge, QueryFailed
from ..partners import schema as partner_schema

# Bytes per unit at the transaction's peak (its commit), measured with bench/import_scale.py --copies 4:
# into an empty graph 548 MB, every name changed 319 MB, every id changed 1,184 MB (bench/RESULTS.md).
CREATED_NODE = 3_000     # per node an import creates (besides its texts)
TEXT_CHAR = 2            # per character of the texts it writes (names, descriptions, summaries)
CREATED_REL = 1_800      # per relationship it creates
DELETED_NODE = 9_300     # per node a replace deletes, with its relationships (on average)
LISTED_NODE = 3_200      # per node the folder lists that the graph holds already (it may change)
LISTED_REL = 700         # per relationship of those (a team, a field list may change)
MARGIN = 1.15            # room for the statements running on top of the state

LIMITS = """
SHOW SETTINGS YIELD name, value
WHERE name IN ['dbms.memory.transaction.total.max', 'db.memory.transaction.max', 'db.memory.transaction.total.max']
RETURN name, value
"""
UNITS = {"": 1, "B": 1, "K": 2**10, "KIB": 2**10, "KB": 2**10, "M": 2**20, "MIB": 2**20, "MB": 2**20,
         "G": 2**30, "GIB": 2**30, "GB": 2**30, "T": 2**40, "TIB": 2**40, "TB": 2**40}
TEXTS = {"partners": partner_schema.TEXTS, "projects": ("title", "summary")}


def size_in_bytes(text):
    """Bytes of a Neo4j size setting such as '716.80MiB', '2g' or '0B' (None when it cannot be read)."""
    found = re.fullmatch(r"\s*([\d.]+)\s*([A-Za-z]*)\s*", str(text))
    if not found or found.group(2).upper() not in UNITS:
        return None
    return int(float(found.group(1)) * UNITS[found.group(2).upper()])


def server_limit(graph):
    """The smallest transaction memory limit the server sets, as (bytes, setting name), or None when there is
    none (0 means unlimited) or the server does not say (SHOW SETTINGS not allowed)."""
    try:
        rows = graph.query(LIMITS)
    except (QueryFailed, DatabaseUnavailable):
        return None
    limits = [(size_in_bytes(row["value"]), row["name"]) for row in rows]
    limits = [(size, name) for size, name in limits if size]
    return min(limits) if limits else None


def needed(data, stored, stale):
    """Bytes of transaction state an import of `data` is estimated to need.

    `stored` holds the ids per label the graph has before the import, `stale` the nodes a replace deletes
    per label (their relationships go with them).
    """
    new_partners = [row for row in data.partners if row["id"] not in stored["Partner"]]
    new_projects = [row for row in data.projects if row["id"] not in stored["Project"]]
    new_ids = {row["id"] for row in new_partners} | {row["id"] for row in new_projects}
    created_nodes = (len(new_partners) + len(new_projects)
                     + sum(row["key"] not in stored["Field"] for row in data.fields)
                     + sum(row["id"] not in stored["Competency"] for row in data.competencies))
    texts = sum(len(row.get(key) or "") for kind, rows in (("partners", new_partners), ("projects", new_projects))
                for row in rows for key in TEXTS[kind])
    new_relationships = (sum(len(row["fields"]) + len(row["competencies"]) for row in new_partners)
                         + sum(len(row["fields"]) + len(row["needs"]) for row in new_projects)
                         + sum(row["project_id"] in new_ids or row["partner_id"] in new_ids
                               for row in data.participations))
    listed_nodes = len(data.partners) + len(data.projects) - len(new_partners) - len(new_projects)
    listed_relationships = len(data.participations) + sum(
        len(row["fields"]) for row in data.partners + data.projects) - new_relationships
    deleted_nodes = sum(len(nodes) for nodes in stale.values())
    return int(MARGIN * (CREATED_NODE * created_nodes + TEXT_CHAR * texts + CREATED_REL * new_relationships
                         + LISTED_NODE * listed_nodes + LISTED_REL * max(listed_relationships, 0)
                         + DELETED_NODE * deleted_nodes))


def check(data, stored, stale, limit):
    """Raise ImportTooLarge when the import is estimated to need more than `limit` ((bytes, setting) or None)."""
    if limit is None:
        return
    estimate = needed(data, stored, stale)
    if estimate > limit[0]:
        raise ImportTooLarge(estimate, limit[0], limit[1], suggested_heap(estimate))


def suggested_heap(needed_bytes):
    """A heap in which `needed_bytes` fit within Neo4j's default 70 % for transactions, in whole GB."""
    return f"{-(-needed_bytes // int(0.7 * 2**30))}g"

"""Will an import fit the server's transaction memory? Asked before anything is written.

An import is one transaction, and Neo4j keeps all of its changes in the heap until the commit, within
`dbms.memory.transaction.total.max` (by default 70 % of the heap) and `db.memory.transaction.max`.
Past that limit the server refuses the transaction (`MemoryPoolOutOfMemoryError`) after minutes of
work; this module estimates the import's need from its size first, so that one too large for the
server is refused at once, with the setting to raise (or the way to write it in several transactions,
loader.load_in_batches). The figures per node and relationship were measured on Neo4j 5.26 with
`bench/import_scale.py` and `bench/import_memory.py` (docs/operations.md) and err a little on the high side.
"""
import re

from ..exceptions import DatabaseUnavailable, ImportTooLarge, QueryFailed
from ..partners import schema as partner_schema

# Bytes per unit at the transaction's peak (its commit), measured with bench/import_memory.py: the most partners
# one transaction could create (CREATE or MERGE) or delete under two per-transaction limits (bench/RESULTS.md).
# A partner with the demo's texts (237 characters) took 7,457 B created by CREATE, 7,953 B by MERGE, 5,113 B
# deleted; a relationship 767, 685 and 1,472 B. The part per character is set so that CORDIS's nodes, with
# short texts, are covered too: bench/import_scale.py, 4 copies into an empty graph, 548 MB (estimated 595);
# every name changed, 319 MB (the listed figures). Each figure errs 2-11 % high, and MARGIN comes on top.
CREATED_NODE = 5_700     # per node an import into an empty graph creates (CREATE; besides its texts)
CREATED_REL = 850        # per relationship it creates (measured 767)
MERGED_NODE = 6_200      # per node an import into a non-empty graph creates (MERGE; besides its texts)
MERGED_REL = 750         # per relationship it creates (measured 685)
TEXT_CHAR = 8            # per character of the texts it writes (names, descriptions, summaries)
DELETED_NODE = 5_600     # per node a replace deletes (measured 5,113 for a partner with the demo's texts)
DELETED_REL = 1_600      # per relationship end of a deleted node (measured 1,472; a relationship between two
#                          deleted nodes counts twice, so a replace of everything errs high)
LISTED_NODE = 3_200      # per node the folder lists that the graph holds already (it may change)
LISTED_REL = 700         # per relationship of those (a team, a field list may change)
MARGIN = 1.15            # room for the statements running on top of the state
BATCH_SHARE = 0.25       # of the limit, per transaction of an import in batches (see batch_budget)

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


# How each write step of an import (loader.steps_for) is estimated, per row:
# nodes: (label, id key, text properties); relationships: (label of the row's node, its list, whether an
# existing node's list counts as possibly changed).
NODE_STEPS = {"fields": ("Field", "key", ()), "competencies": ("Competency", "id", ()),
              "partners": ("Partner", "id", TEXTS["partners"]), "projects": ("Project", "id", TEXTS["projects"])}
RELATIONSHIP_STEPS = {"partner fields": ("Partner", "fields", True),
                      "partner competencies": ("Partner", "competencies", False),
                      "project fields": ("Project", "fields", True), "project needs": ("Project", "needs", False),
                      "participations": ("Project", "team", True)}


def row_costs(name, rows, stored):
    """Bytes (before the margin) each of a write step's `rows` is estimated to add to the transaction."""
    empty = not any(stored.values())  # then the import CREATEs, else it MERGEs (loader.steps_for)
    node, relationship = (CREATED_NODE, CREATED_REL) if empty else (MERGED_NODE, MERGED_REL)
    if name in NODE_STEPS:
        label, key, texts = NODE_STEPS[name]
        return [LISTED_NODE if row[key] in stored[label] else
                node + TEXT_CHAR * sum(len(row["props"].get(text) or "") for text in texts) for row in rows]
    if name == "broader competencies":
        return [relationship if row["broader"] and row["id"] not in stored["Competency"] else 0 for row in rows]
    label, items, listed = RELATIONSHIP_STEPS[name]
    if name == "participations":
        return [sum(relationship if row["id"] not in stored["Project"] or member["id"] not in stored["Partner"]
                    else LISTED_REL for member in row["team"]) for row in rows]
    return [len(row[items]) * (LISTED_REL if listed else 0) if row["id"] in stored[label]
            else len(row[items]) * relationship for row in rows]


def deletion_cost(node):
    """Bytes (before the margin) deleting a stale node ((element id, degree)) adds, with its relationships."""
    return DELETED_NODE + DELETED_REL * node[1]


def needed(steps, stored, stale):
    """Bytes of transaction state an import is estimated to need at its commit.

    `steps` are its write statements with their rows (loader.steps_for), `stored` the graph's ids per label
    before the import, `stale` the nodes ((element id, degree)) a replace deletes per label (their
    relationships go with them; one between two deleted nodes counts at both ends, so this errs high).
    """
    written = sum(sum(row_costs(name, rows, stored)) for name, _cypher, rows in steps)
    deleted = sum(deletion_cost(node) for nodes in stale.values() for node in nodes)
    return int(MARGIN * (written + deleted))


def check(steps, stored, stale, limit):
    """Raise ImportTooLarge when the import is estimated to need more than `limit` ((bytes, setting) or None)."""
    if limit is None:
        return
    estimate = needed(steps, stored, stale)
    if estimate > limit[0]:
        raise ImportTooLarge(estimate, limit[0], limit[1], suggested_heap(estimate))


def batch_budget(limit_bytes):
    """Estimated bytes one transaction of an import in batches may take: a quarter of the server's limit. The
    limit is a pool the app's own transactions share, and a part that writes relationships between nodes
    written by earlier parts (a team) took more than its estimate: with half the limit, the team part of one
    CORDIS copy ran out of a 48 MiB limit (bench/RESULTS.md)."""
    return int(BATCH_SHARE * limit_bytes)


def suggested_heap(needed_bytes):
    """A heap in which `needed_bytes` fit within Neo4j's default 70 % for transactions, in whole GB."""
    return f"{-(-needed_bytes // int(0.7 * 2**30))}g"

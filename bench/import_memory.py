"""Benchmark: the transaction memory an import really takes per node and relationship (issue 19, finding 15).

Run: ALLIANZ_BENCH_NEO4J_INSTANCE=... .venv/bin/python bench/import_memory.py [--caps 16,48] [--k 6]

Neo4j Community cannot change `db.memory.transaction.max` at run time (no `dbms.setConfigValue`), so
the benchmark starts its own Neo4j with that per-transaction limit written into neo4j.conf, once per
cap, and binary-searches the number of units instead: the most partners that one transaction of the
importer's own statements can create or delete, each within the cap. Four kinds: isolated partners
and partners with `k` relationships (ACTIVE_IN to the demo's fields), each created (the MERGE
statements of an import into a non-empty graph) and deleted (the DETACH DELETE of `--replace`).
The partners' rows are the demo's (their texts included), with new ids.

Bytes per unit are the slope between two caps, (cap2 - cap1) / (n2 - n1), so a transaction's fixed
cost drops out; per relationship is (per partner with k - per isolated partner) / k. It prints them
next to the figures of `allianz/exchange/memory.py` (those include its margin and err high).
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from allianz import migrations  # noqa: E402
from allianz.db import graph_from_config  # noqa: E402
from allianz.exceptions import DatabaseUnavailable, QueryFailed  # noqa: E402
from allianz.exchange import loader, memory, queries  # noqa: E402
from allianz.exchange.reader import DataSet, read_folder  # noqa: E402
from allianz.localdb import LocalNeo4j  # noqa: E402
from allianz.partners import schema as partner_schema  # noqa: E402
from bench.common import bench_settings  # noqa: E402 - imported after the set-up above (path)

DEMO = Path(__file__).resolve().parent.parent / "allianz" / "demo"
# Empties the graph in transactions small enough for the lowest cap.
CLEAR = "MATCH (n) WHERE NOT n:Migration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 500 ROWS"
KINDS = {"create": "created (CREATE, into an empty graph)", "merge": "created (MERGE, into a non-empty graph)",
         "delete": "deleted (DETACH DELETE of --replace)"}
WRITES = ("create", "merge")
SETUP_BATCH = 500  # partners written or deleted per set-up transaction (well within any cap here)


class CappedNeo4j(LocalNeo4j):
    """The benchmark's local Neo4j with a per-transaction memory limit in its neo4j.conf."""

    cap = None

    def write_conf(self):
        """The usual conf plus `db.memory.transaction.max`."""
        super().write_conf()
        with open(self.conf_dir / "neo4j.conf", "a", encoding="utf-8") as handle:
            handle.write(f"db.memory.transaction.max={self.cap}\n")


def partner_rows(count, k, demo):
    """`count` partner rows with the demo's texts, ids m0…, each ACTIVE_IN the first `k` demo fields."""
    keys = [field["key"] for field in demo.fields][:k]
    return [{**demo.partners[number % len(demo.partners)], "id": f"m{number}", "fields": keys, "competencies": []}
            for number in range(count)]


def data_set(rows, demo):
    """A data set of the demo's fields and `rows`."""
    return DataSet(fields=demo.fields, partners=rows)


def memory_error(error):
    """Whether `error` is Neo4j's refusal of a transaction over its memory limit."""
    return "MemoryPoolOutOfMemoryError" in str(error) or "memory" in str(error).lower()


def write_partners(graph, rows, demo):
    """Write `rows` (and the demo's fields) in small transactions."""
    for batch in loader.batches(rows, SETUP_BATCH):
        with graph.transaction() as tx:
            loader.write_steps(tx, loader.steps_for(data_set(batch, demo)), 5000, False)


def stored_partners(graph, rows):
    """The element ids of the partners of `rows`."""
    nodes = {row["id"]: row["node"] for row in graph.query(queries.STORED_IDS["Partner"])}
    return [(nodes[row["id"]], 0) for row in rows]


def fits(graph, kind, count, k, demo):
    """Whether one transaction creating or deleting `count` partners (with `k` relationships each) commits.

    The graph is left as it was before (created partners deleted again, deleted ones written again).
    """
    rows = partner_rows(count, k, demo)
    try:
        with graph.transaction() as tx:
            if kind in WRITES:  # the fields are there already (CREATE would duplicate them)
                steps = loader.steps_for(data_set(rows, demo), empty=kind == "create")
                loader.write_steps(tx, [step for step in steps if step[0] != "fields"], 5000, False)
            else:
                loader.delete_stale(tx, {"Partner": stored_partners(graph, rows)}, 5000)
    except (DatabaseUnavailable, QueryFailed) as error:
        if not memory_error(error):
            raise
        return False
    if kind in WRITES:
        graph.run_autocommit("MATCH (n:Partner) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 500 ROWS")
    else:
        write_partners(graph, rows[:count], demo)  # the first `count` of the same rows: the same ids again
    return True


def most_that_fit(graph, kind, k, demo, precision=0.03):
    """The largest number of partners one transaction can create or delete under the cap."""
    low, high = 0, 500
    while fits(graph, kind, high, k, demo):
        low, high = high, high * 2
        if kind == "delete":
            write_partners(graph, partner_rows(high, k, demo)[low:], demo)
    while high - low > max(1, precision * low):
        middle = (low + high) // 2
        low, high = (middle, high) if fits(graph, kind, middle, k, demo) else (low, middle)
    return low


def measure(settings, cap_mb, k, demo, kinds):
    """{(kind, k): most partners that fit} under a cap of `cap_mb` MiB."""
    server = CappedNeo4j.from_config(settings)
    server.cap = f"{cap_mb}m"
    server.stop(echo=lambda message: None)
    server.start(echo=lambda message: None)
    graph = graph_from_config(settings)
    try:
        migrations.migrate(graph, settings["CYPHER_DIR"])
        limit = memory.server_limit(graph)
        print(f"cap {cap_mb} MiB: the server says {limit}", flush=True)
        found = {}
        for relationships in (0, k):
            for kind in kinds:
                graph.run_autocommit(CLEAR)
                with graph.transaction() as tx:  # the demo's fields, for the relationships
                    loader.write_steps(tx, loader.steps_for(DataSet(fields=demo.fields)), 5000, False)
                if kind == "delete":
                    write_partners(graph, partner_rows(500, relationships, demo), demo)
                found[kind, relationships] = most_that_fit(graph, kind, relationships, demo)
                print(f"  {kind} partners with {relationships} relationships: {found[kind, relationships]:,} fit",
                      flush=True)
        graph.run_autocommit(CLEAR)
        return found
    finally:
        graph.close()
        server.stop(echo=lambda message: None)


def main():
    """Measure under two caps and print bytes per unit beside the importer's figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--caps", default="16,48", help="two per-transaction limits in MiB")
    parser.add_argument("--kinds", default=",".join(KINDS), help="which of " + ", ".join(KINDS))
    parser.add_argument("--k", type=int, default=6, help="relationships per partner (at most the demo's 6 fields)")
    args = parser.parse_args()
    low_cap, high_cap = (int(cap) for cap in args.caps.split(","))
    demo, _ = read_folder(DEMO)
    settings = bench_settings()
    texts = sum(len(row.get(key) or "") for row in demo.partners for key in partner_schema.TEXTS) / len(demo.partners)
    kinds = args.kinds.split(",")
    low, high = (measure(settings, cap, args.k, demo, kinds) for cap in (low_cap, high_cap))
    span = (high_cap - low_cap) * 2**20

    def per(kind, relationships):
        return span / (high[kind, relationships] - low[kind, relationships])

    created = memory.CREATED_NODE + memory.TEXT_CHAR * texts
    estimates = {"create": (created, "CREATED_NODE + TEXT_CHAR x texts", memory.CREATED_REL, "CREATED_REL"),
                 "merge": (created, "CREATED_NODE + TEXT_CHAR x texts", memory.CREATED_REL, "CREATED_REL"),
                 "delete": (memory.DELETED_NODE, "DELETED_NODE", memory.DELETED_REL, "DELETED_REL")}
    print(f"\nbytes per unit at the commit (slope between {low_cap} and {high_cap} MiB; partners with "
          f"{texts:.0f} characters of text on average; the estimate multiplies by MARGIN = {memory.MARGIN}):")
    for kind in kinds:
        node, node_name, relationship, relationship_name = estimates[kind]
        print(f"  {KINDS[kind]:<34} per partner {per(kind, 0):7,.0f}   estimate {node:7,.0f} ({node_name})")
        print(f"  {'':<34} per relationship {(per(kind, args.k) - per(kind, 0)) / args.k:7,.0f}   "
              f"estimate {relationship:7,.0f} ({relationship_name})")


if __name__ == "__main__":
    main()

"""Benchmark: `allianz import` of the CORDIS data against bare `UNWIND … CREATE` writes of the same rows.

Run: .venv/bin/python bench/import_cordis.py [--rounds 3]
Both run on the benchmark's own local Neo4j (instance "bench", Bolt 7689), on an emptied graph, in
alternating rounds. The import is timed as a user runs it: a new `allianz import` process, with
Python's start, reading, the complete validation, and the batched MERGE writes in one transaction.
The floor gets the rows already parsed and only writes them with CREATE (no validation, no MERGE).
"""
import argparse
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from allianz.exchange.loader import steps_for  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.exchange.reader import read_folder  # noqa: E402 - imported after the set-up above (path, environment)
from bench.common import CLEAR, CORDIS, ROOT, app_env, bench_graph, timed  # noqa: E402 - imported after the set-up above (path, environment)

FLOOR = [
    ("UNWIND $rows AS row CREATE (n:Field {key: row.key}) SET n += row.props", "fields"),
    ("UNWIND $rows AS row CREATE (n:Competency {id: row.id}) SET n += row.props", "competencies"),
    ("UNWIND $rows AS row MATCH (n:Competency {id: row.id}), (b:Competency {id: row.broader}) "
     "CREATE (n)-[:BROADER]->(b)", "broader"),
    ("UNWIND $rows AS row CREATE (n:Partner {id: row.id}) SET n += row.props", "partners"),
    ("UNWIND $rows AS row MATCH (n:Partner {id: row.id}) UNWIND row.fields AS key MATCH (f:Field {key: key}) "
     "CREATE (n)-[:ACTIVE_IN]->(f)", "partners"),
    ("UNWIND $rows AS row MATCH (n:Partner {id: row.id}) UNWIND row.competencies AS item "
     "MATCH (c:Competency {id: item.id}) CREATE (n)-[:HAS_COMPETENCY {level: item.level}]->(c)", "partners"),
    ("UNWIND $rows AS row CREATE (n:Project {id: row.id}) SET n += row.props, n.started = date(row.started), "
     "n.ended = date(row.ended)", "projects"),
    ("UNWIND $rows AS row MATCH (n:Project {id: row.id}) UNWIND row.fields AS key MATCH (f:Field {key: key}) "
     "CREATE (n)-[:IN_FIELD]->(f)", "projects"),
    ("UNWIND $rows AS row MATCH (n:Project {id: row.id}) UNWIND row.needs AS key MATCH (c:Competency {id: key}) "
     "CREATE (n)-[:NEEDS]->(c)", "projects"),
    ("UNWIND $rows AS row MATCH (pr:Project {id: row.project_id}), (pa:Partner {id: row.partner_id}) "
     "CREATE (pa)-[:PARTICIPATES_IN {role: row.role}]->(pr)", "participations"),
]


def floor_rows(data):
    """The rows each floor statement writes (the same rows the import writes)."""
    steps = {name: rows for name, _cypher, rows in steps_for(data)}
    broader = [row for row in steps["competencies"] if row["broader"]]
    return {"fields": steps["fields"], "competencies": steps["competencies"], "broader": broader,
            "partners": steps["partners"], "projects": steps["projects"], "participations": data.participations}


def write_floor(graph, rows, batch_size=5000):
    """Bare UNWIND … CREATE of every row, batched like the import, in one transaction."""
    with graph.transaction() as tx:
        for cypher, key in FLOOR:
            for start in range(0, len(rows[key]), batch_size):
                tx.run(cypher, rows=rows[key][start:start + batch_size]).consume()


def run_import(settings, replace=True):
    """`allianz import CORDIS [--replace]` in a new process, as a user runs it."""
    env = app_env(settings)
    command = [str(ROOT / ".venv" / "bin" / "allianz"), "import", str(CORDIS)] + (["--replace"] if replace else [])
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"import failed:\n{done.stdout}\n{done.stderr}")


def count(graph):
    """Nodes and relationships of the domain graph."""
    return graph.query("MATCH (n) WHERE NOT n:Migration RETURN count(n) AS nodes")[0]["nodes"], \
        graph.query("MATCH ()-[r]->() RETURN count(r) AS rels")[0]["rels"]


def main():
    """Alternate floor and import for some rounds and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    data, problems = read_folder(CORDIS)
    if problems:
        raise SystemExit(f"the CORDIS data has problems: {problems[:3]}")
    rows = floor_rows(data)
    floor_times, import_times, again_times, sizes = [], [], [], set()
    with bench_graph() as (graph, settings):
        run_import(settings)  # warm-up: plans cached, store files grown
        for _ in range(args.rounds):
            graph.run_autocommit(CLEAR)
            seconds, _ = timed(lambda: write_floor(graph, rows))
            floor_times.append(seconds)
            sizes.add(("floor",) + count(graph))
            graph.run_autocommit(CLEAR)
            seconds, _ = timed(lambda: run_import(settings))
            import_times.append(seconds)
            sizes.add(("import",) + count(graph))
            seconds, _ = timed(lambda: run_import(settings, replace=False))  # the same folder again: MERGE path
            again_times.append(seconds)
            sizes.add(("again",) + count(graph))
    floor, imported = statistics.median(floor_times), statistics.median(import_times)
    print(f"CORDIS: {data.counts()}")
    print(f"graph written: {sorted(sizes)}")
    print(f"floor  (bare UNWIND … CREATE, rows pre-parsed): median {floor:.2f} s  {[round(t, 2) for t in floor_times]}")
    print(f"import (allianz import --replace, new process, validation + writes): median {imported:.2f} s  "
          f"{[round(t, 2) for t in import_times]}")
    print(f"again  (allianz import of the same folder into the full graph, MERGE, changes nothing): median "
          f"{statistics.median(again_times):.2f} s  {[round(t, 2) for t in again_times]}")
    print(f"ratio import / floor: {imported / floor:.2f}  (goal: <= 2.0)")


if __name__ == "__main__":
    main()

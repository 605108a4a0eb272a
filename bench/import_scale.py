"""Benchmark: re-import at full scale with the default settings (issue 14, finding 7).

Run: ALLIANZ_BENCH_NEO4J_INSTANCE=bench ... .venv/bin/python bench/import_scale.py [--copies 4] [--steps 1,6]
Stacks copies of the CORDIS data with suffixed ids (4 copies: 36,156 partners, 27,444 projects,
111,720 participations), then runs, each as a new `allianz` process on the benchmark's Neo4j with
the local server's default settings (heap 1 GB):

1. `import DIR` into an empty graph;
2. `import DIR --replace` of the same folder over the full graph;
3. `import DIR --replace` of a folder where every partner and project name changed;
4. `seed demo` over the full graph (replaces 36k partners by 35);
5. `import DIR --replace` over the demo graph;
6. `import DIR --replace` of a folder whose partner and project ids all differ (everything deleted
   and created in one transaction: the worst case).

It prints each step's time, exit status, the counts afterwards and the most transaction memory the
server reported (SHOW TRANSACTIONS, polled every 0.5 s), and checks that each graph is exactly the
folder's (all or nothing).
"""
import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CLEAR, CORDIS, ROOT, Peaks, app_env, bench_graph  # noqa: E402 - imported after the set-up above (path, environment)

ID_COLUMNS = {"partners.csv": ("id",), "projects.csv": ("id",), "participations.csv": ("project_id", "partner_id")}
COUNTS = ("RETURN COUNT { (:Partner) } AS partners, COUNT { (:Project) } AS projects, "
          "COUNT { ()-[:PARTICIPATES_IN]->() } AS participations")


def stack(folder, copies, renamed=False, prefix=""):
    """Write `copies` of the CORDIS folder with suffixed ids to `folder` (names changed when `renamed`,
    every partner and project id starting with `prefix`)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("fields.csv", "competencies.csv", "partners.csv", "projects.csv", "participations.csv"):
        with open(CORDIS / name, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            header, rows = reader.fieldnames, list(reader)
        with open(folder / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, header)
            writer.writeheader()
            for copy in range(copies if name in ID_COLUMNS else 1):
                for row in rows:
                    row = dict(row)
                    for column in ID_COLUMNS.get(name, ()):
                        row[column] = prefix + (f"{row[column]}-{copy}" if copy else row[column])
                    if renamed and name == "partners.csv":
                        row["name"] += " (neu)"
                    if renamed and name == "projects.csv":
                        row["title"] += " (neu)"
                    writer.writerow(row)
    return folder


def step(graph, settings, label, *args):
    """Run one `allianz` command; print its time, status, tx memory and the counts afterwards."""
    command = [str(ROOT / ".venv" / "bin" / "allianz"), *map(str, args)]
    with Peaks({}, graph) as watch:
        started = time.perf_counter()
        done = subprocess.run(command, env=app_env(settings), capture_output=True, text=True)
        seconds = time.perf_counter() - started
    counts = graph.query(COUNTS)[0]
    tail = (done.stdout + done.stderr).strip().splitlines()[-1:] or [""]
    print(f"{label:<52} exit {done.returncode}  {seconds:7.1f} s  peak tx memory {watch.tx / 1e6:6.0f} MB  "
          f"{counts}  | {tail[0][:120]}", flush=True)
    return done.returncode, counts


def main():
    """Run the chosen steps and say whether each kept its promise."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--steps", default="1,2,3,4,5,6",
                        help="which steps to run, e.g. 1,6 for the worst case alone (step 1 fills the graph)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp, bench_graph() as (graph, settings):
        full = stack(Path(temp) / "full", args.copies)
        renamed = stack(Path(temp) / "renamed", args.copies, renamed=True)
        other = stack(Path(temp) / "other", args.copies, prefix="n")
        expected = {"partners": 9039 * args.copies, "projects": 6861 * args.copies,
                    "participations": 27930 * args.copies}
        with open(ROOT / "allianz" / "demo" / "partners.csv", encoding="utf-8") as handle:
            demo = {"partners": sum(1 for line in handle if line.strip()) - 1}
        graph.run_autocommit(CLEAR)
        print(f"{args.copies} copies of CORDIS on {settings['LOCAL_NEO4J_INSTANCE']} "
              f"(heap {settings['LOCAL_NEO4J_HEAP']}, page cache {settings['LOCAL_NEO4J_PAGECACHE']})")
        plan = {
            1: ("1 import into an empty graph", ("import", full), expected),
            2: ("2 import --replace, same folder, over the full graph", ("import", full, "--replace"), expected),
            3: ("3 import --replace, every name changed", ("import", renamed, "--replace"), expected),
            4: ("4 seed demo over the full graph", ("seed", "demo"), demo),
            5: ("5 import --replace over the demo graph", ("import", full, "--replace"), expected),
            6: ("6 import --replace, every id different (worst case)", ("import", other, "--replace"), expected),
        }
        chosen = sorted(int(number) for number in args.steps.split(","))
        results = [(number,) + step(graph, settings, plan[number][0], *plan[number][1]) + (plan[number][2],)
                   for number in chosen]
        renamed_ok = graph.query("MATCH (p:Partner) WHERE p.name ENDS WITH ' (neu)' RETURN count(p) AS n")[0]["n"]
        old_ids = graph.query("MATCH (p:Partner) WHERE NOT p.id STARTS WITH 'n' RETURN count(p) AS n")[0]["n"]
    failed = [number for number, code, counts, want in results
              if code or any(counts.get(key) != value for key, value in want.items())]
    print(f"partners still renamed after step 6: {renamed_ok} (expected 0); partners with an old id: {old_ids} "
          f"(expected 0 if step 6 succeeded, {expected['partners']} if it failed and wrote nothing)")
    print("all steps complete and exact" if not failed else f"steps that failed or left another graph: {failed}")


if __name__ == "__main__":
    main()

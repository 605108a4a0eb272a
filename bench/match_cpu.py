"""The matcher in process at full scale, without Neo4j: CPU and wall time per query and the index build, for this
checkout or another one (to compare two versions in the same run on a shared machine, where CPU time is the
steadier figure).

Run: .venv/bin/python bench/match_cpu.py [TREE]
     (TREE: a checkout whose `allianz` is measured, e.g. `git archive main | tar -x -C /tmp/main`; default this one)

Index: three stacked copies of the CORDIS dev data, built from its rows as of 2017-10-01; 200 queries (consortia of
2016-01 … 06 with team, fields and needs, one partner hidden, `top` 10, reasons included), after 5 warm-up queries;
then the consortium builder for 20 of them (team + 4).
"""
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREE = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
sys.path.insert(0, str(TREE))
sys.path.insert(1, str(ROOT))

from flask import Flask  # noqa: E402 - imported after the set-up above (path, environment)
from flask_babel import Babel  # noqa: E402 - imported after the set-up above (path, environment)

import allianz  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.exchange.reader import read_folder  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.matching import consortium, model  # noqa: E402 - imported after the set-up above (path, environment)
from allianz.matching.index import MatchIndex  # noqa: E402 - imported after the set-up above (path, environment)
from bench.common import CORDIS  # noqa: E402 - imported after the set-up above (path, environment)
from bench.match_protocol import add_months, every_hidden_case, history_snapshot, raw_query, stacked  # noqa: E402 - imported after the set-up above (path, environment)

assert allianz.__file__.startswith(str(TREE)), allianz.__file__


def main():
    """Print one line of figures for TREE."""
    data, _problems = read_folder(CORDIS)
    snapshot = stacked(history_snapshot(data, date(2099, 1, 1)), 3)
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    index = MatchIndex(snapshot, asof="2017-10-01")
    build_cpu, build_wall = time.process_time() - cpu_start, time.perf_counter() - wall_start
    cut = date(2016, 1, 1)
    cases = random.Random(3).sample(every_hidden_case(data, index, cut, add_months(cut, 6)), 200)
    raws = [raw_query(case, True) | {"top": 10} for case in cases]
    app = Flask("match_cpu")
    Babel(app)
    with app.test_request_context("/"):
        for raw in raws[:5]:
            model.match(index, model.parse_query(index, raw), model.DEFAULT_WEIGHTS)
        cpu, wall = [], []
        for raw in raws:
            cpu_start, wall_start = time.process_time(), time.perf_counter()
            model.match(index, model.parse_query(index, raw), model.DEFAULT_WEIGHTS)
            cpu.append(time.process_time() - cpu_start)
            wall.append(time.perf_counter() - wall_start)
        builds = []
        for raw in raws[:20]:
            query = model.parse_query(index, raw)
            cpu_start = time.process_time()
            consortium.build(index, query, size=len(query.team) + 4, weights=model.DEFAULT_WEIGHTS)
            builds.append(time.process_time() - cpu_start)
    cpu.sort()
    wall.sort()
    p95 = int(0.95 * (len(cpu) - 1))
    print(f"{TREE}: build CPU {build_cpu:.2f} s (wall {build_wall:.2f}); match CPU ms median "
          f"{statistics.median(cpu) * 1000:.1f} p95 {cpu[p95] * 1000:.1f}; "
          f"wall ms median {statistics.median(wall) * 1000:.1f} p95 {wall[p95] * 1000:.1f}; "
          f"consortium CPU ms median {statistics.median(builds) * 1000:.1f}")


if __name__ == "__main__":
    main()

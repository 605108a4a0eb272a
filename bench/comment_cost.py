"""What one comment costs, serially: wall time, CPU of the app and of Neo4j, and how many transactions and
statements the app sends for it (issue 19: "find where the time goes").

One member posts comments on the load benchmark's idea through Flask's test client (no HTTP server, rate limits off,
mail passes held back), one after another: `--count` to warm, then `--count` measured, twice. The transactions and
statements are counted by wrapping the driver's `execute_read` / `execute_write` / `Transaction.run` in this process
(counting only: every call goes on to the real Neo4j).

Run: .venv/bin/python bench/comment_cost.py [--skip-import] [--count 400]
(its own Neo4j, instance "bench"; CORDIS imported unless --skip-import, as bench/load_writes.py does).
"""
import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_graph, neo4j_pid, tree_cpu  # noqa: E402 - after the path line above
from bench.load_server import load_cordis, with_cordis_option  # noqa: E402 - the same
from bench.load_writes import PASSWORD, TOKEN, people_and_idea  # noqa: E402 - the same


def counting_driver(counts):
    """Wrap the driver's transaction functions and statements so that each call is counted in `counts`."""
    from neo4j._sync.work.transaction import TransactionBase

    import neo4j

    def counted(name, method):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return method(*args, **kwargs)
        return wrapper
    neo4j.Session.execute_read = counted("transactions", neo4j.Session.execute_read)
    neo4j.Session.execute_write = counted("transactions", neo4j.Session.execute_write)
    TransactionBase.run = counted("statements", TransactionBase.run)


def comments(client, idea, token, count, pid, counts):
    """Post `count` comments one after another; (median ms, p95 ms, Neo4j CPU ms, app CPU ms, transactions,
    statements) per comment."""
    counts.clear()
    times = []
    neo_before, app_before = tree_cpu(pid), os.times()
    for number in range(count):
        started = time.perf_counter()
        answer = client.post(f"/ideen/{idea}/kommentare", data={"csrf_token": token, "text": f"Kosten {number}"})
        times.append(time.perf_counter() - started)
        if answer.status_code != 303:
            raise SystemExit(f"comment answered {answer.status_code}")
    app_after = os.times()
    app_cpu = app_after.user + app_after.system - app_before.user - app_before.system
    times.sort()
    neo_cpu = tree_cpu(pid) - neo_before
    return (1000 * statistics.median(times), 1000 * times[int(0.95 * count)], 1000 * neo_cpu / count,
            1000 * app_cpu / count, counts["transactions"] / count, counts["statements"] / count)


def main():
    """Log one member in, then measure comments serially."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    with_cordis_option(parser)
    parser.add_argument("--count", type=int, default=400)
    args = parser.parse_args()
    with bench_graph() as (graph, settings):
        if not args.skip_import:
            load_cordis(settings)
        idea = people_and_idea(settings, 1)
        from allianz import create_app
        app = create_app(dict(settings, RATELIMIT_ENABLED=False, SESSION_COOKIE_SECURE=False,
                              MAIL_BATCH_SECONDS=3600))
        client = app.test_client()
        page = client.get("/anmelden").get_data(as_text=True)
        client.post("/anmelden", data={"csrf_token": TOKEN.search(page).group(1), "email": "bench0@load.example",
                                       "password": PASSWORD})
        token = TOKEN.search(client.get(f"/ideen/{idea}").get_data(as_text=True)).group(1)
        counts = Counter()
        counting_driver(counts)
        pid = neo4j_pid(settings)
        comments(client, idea, token, args.count, pid, counts)   # warm the server's JIT and the app
        print(f"one member, {args.count} comments after {args.count} to warm, through Flask's test client")
        for _round in range(2):
            median, p95, neo, app_cpu, transactions, statements = comments(client, idea, token, args.count, pid, counts)
            print(f"  median {median:.1f} ms, p95 {p95:.1f} ms; CPU per comment: app {app_cpu:.1f} ms, "
                  f"Neo4j {neo:.1f} ms; per comment {transactions:.1f} transactions, {statements:.1f} statements")


if __name__ == "__main__":
    main()

"""Benchmark: "Meine Daten herunterladen" and "Konto löschen" for a busy person at CORDIS scale.

Run: .venv/bin/python bench/privacy_export.py [--rounds 3] [--keep]
On the benchmark's own Neo4j (instance "bench", or ALLIANZ_BENCH_NEO4J_*): the CORDIS data is imported
(unless its partners are there already), then people are added: every partner of CORDIS gets one contact
person, 200 members with 20 notifications and 10 audit events each, and one busy member with --comments
comments, notifications and audit entries. Prints the export's time (median of the rounds) and size, then
the time of erasing the busy member (one transaction).
"""
import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from allianz import create_app  # noqa: E402 - imported after the set-up above (path)
from allianz.accounts import service as accounts  # noqa: E402
from allianz.exchange.loader import import_folder  # noqa: E402
from allianz.privacy import service as privacy  # noqa: E402
from bench.common import CORDIS, bench_graph, timed  # noqa: E402

PEOPLE = """
MATCH (p:Partner) WITH p ORDER BY p.id LIMIT $members
WITH collect(p) AS partners
UNWIND range(1, size(partners)) AS n
WITH n, partners[n - 1] AS p
CREATE (u:User {id: 'bench-' + n, email: 'bench' + n + '@example.org', name: 'Bench Person ' + n, role: 'member',
                active: true, session_version: 1, version: 1, created_at: datetime()})-[:MEMBER_OF]->(p)
WITH u
UNWIND range(1, 20) AS k
CREATE (:Notification {id: u.id + '-n' + k, kind: 'comment', created_at: datetime(), actor_name: 'Bench'})-[:FOR]->(u)
WITH DISTINCT u
UNWIND range(1, 10) AS k
CREATE (u)-[:DID]->(:AuditEvent {id: u.id + '-a' + k, at: datetime(), action: 'partner.edit', target_label: 'Partner',
                                 target_id: 'x', actor_id: u.id, actor_name: u.name, via: 'web', changes_json: '{}'})
"""
CONTACTS = """
MATCH (p:Partner) WHERE NOT (p)-[:HAS_CONTACT]->()
CREATE (p)-[:HAS_CONTACT]->(:Contact {id: 'c-' + p.id, name: 'Kontakt ' + p.id,
                                      email: 'kontakt-' + p.id + '@example.org', phone: '+49 30 ' + p.id,
                                      visible_to_members: true, version: 1})
"""
BUSY = """
MATCH (u:User {id: $id}), (idea:Project) WITH u, idea ORDER BY idea.id LIMIT 1
UNWIND range(1, $comments) AS k
CREATE (u)-[:WROTE]->(:Comment {id: $id + '-c' + k, text: 'Kommentar ' + k, created_at: datetime()})-[:ON]->(idea)
CREATE (:Notification {id: $id + '-n' + k, kind: 'comment', created_at: datetime()})-[:FOR]->(u)
CREATE (u)-[:DID]->(:AuditEvent {id: $id + '-a' + k, at: datetime(), action: 'comment.add', target_label: 'Project',
                                 target_id: idea.id, actor_id: $id, actor_name: 'Busy Bee', via: 'web',
                                 changes_json: '{"comment": [null, "Kommentar"]}'})
"""


def main():
    """Build the scale, then time the export and the erasure."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--members", type=int, default=200)
    args = parser.parse_args()
    with bench_graph() as (graph, settings):
        if graph.query("MATCH (p:Partner) RETURN count(p) AS n")[0]["n"] < 9000:
            seconds, _ = timed(lambda: import_folder(graph, CORDIS, replace=True))
            print(f"CORDIS imported in {seconds:.1f} s")
        graph.execute("MATCH (n) WHERE n:User OR n:FormerMember OR n:Notification OR n:AuditEvent OR n:Comment "
                      "OR n:Contact DETACH DELETE n")
        graph.execute(CONTACTS)
        graph.execute(PEOPLE, members=args.members)
        app = create_app(settings)
        with app.app_context():
            partner = graph.query("MATCH (p:Partner) RETURN p.id AS id ORDER BY p.id LIMIT 1")[0]["id"]
            busy = accounts.create_user("busy@example.org", "Busy Bee", "member", partner,
                                        "ein-langes-bench-passwort", via="cli")["id"]
            graph.execute(BUSY, id=busy, comments=args.comments)
            counts = graph.query("MATCH (n) RETURN count(n) AS nodes")[0]["nodes"]
            print(f"graph: {counts} nodes; busy member: {args.comments} comments, notifications and audit entries")
            times = []
            for _ in range(args.rounds):
                seconds, archive = timed(lambda: privacy.export_zip(busy))
                times.append(seconds)
            print(f"export: median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}, "
                  f"n={len(times)}), zip {len(archive) / 1024:.0f} KiB")
            seconds, _ = timed(lambda: privacy.erase(busy, via="cli"))
            print(f"erase (one transaction): {seconds:.2f} s")


if __name__ == "__main__":
    main()

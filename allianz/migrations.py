"""Schema migrations: the ordered files `cypher/NNNN_name.cypher`, each applied once and recorded.

Every statement of a file runs in its own auto-commit transaction (Neo4j does not mix schema and
data changes in one); statements should be idempotent (`IF NOT EXISTS`) so that a file that stopped
half-way can simply run again. An applied file is recorded as `(:Migration {id, name, checksum})`.
"""
import hashlib
import re
from pathlib import Path

FILE_NAME = re.compile(r"^(\d{4})_([A-Za-z0-9_]+)\.cypher$")
BOOTSTRAP = "CREATE CONSTRAINT migration_id IF NOT EXISTS FOR (m:Migration) REQUIRE m.id IS UNIQUE"
APPLIED = "MATCH (m:Migration) RETURN m.id AS id, m.name AS name, m.checksum AS checksum ORDER BY m.id"
RECORD = """
MERGE (m:Migration {id: $id})
SET m.name = $name, m.checksum = $checksum, m.applied_at = datetime()
"""


class MigrationError(Exception):
    """A migration file is malformed, or was changed after it was applied."""


def split_statements(text):
    """The statements of a .cypher file: `//` comment lines dropped, split on `;` at a line end."""
    lines = [line for line in text.splitlines() if not line.strip().startswith("//")]
    body = "\n".join(lines)
    return [part.strip() for part in re.split(r";\s*(?:\n|$)", body) if part.strip()]


def discover(directory):
    """The migration files in `directory`, in order, with their statements and checksums."""
    found = []
    for path in sorted(Path(directory).glob("*.cypher")):
        match = FILE_NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: a migration file is named NNNN_name.cypher")
        text = path.read_text(encoding="utf-8")
        found.append({"id": match.group(1), "name": match.group(2), "path": path,
                      "statements": split_statements(text),
                      "checksum": hashlib.sha256(text.encode()).hexdigest()})
    ids = [item["id"] for item in found]
    if len(ids) != len(set(ids)):
        raise MigrationError(f"two migration files share a number in {directory}")
    return found


def applied(graph):
    """The migrations recorded in the graph, by id."""
    return {row["id"]: row for row in graph.query(APPLIED)}


def migrate(graph, directory, echo=lambda message: None):
    """Apply every pending migration in order; return the ids applied."""
    graph.run_autocommit(BOOTSTRAP)
    done = applied(graph)
    files = discover(directory)
    for item in files:
        if item["id"] in done and done[item["id"]]["checksum"] != item["checksum"]:
            echo(f"warning: {item['path'].name} changed after it was applied; "
                 "add a new migration instead of editing an applied one")
    todo = [item for item in files if item["id"] not in done]
    for item in todo:
        echo(f"applying {item['path'].name} ({len(item['statements'])} statements)")
        for statement in item["statements"]:
            graph.run_autocommit(statement)
        graph.execute(RECORD, id=item["id"], name=item["name"], checksum=item["checksum"])
    return [item["id"] for item in todo]


def schema_version(graph):
    """The id of the newest applied migration, or None on an empty database."""
    done = applied(graph)
    return max(done) if done else None

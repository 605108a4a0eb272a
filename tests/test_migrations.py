"""Migrations: ordered files, each applied exactly once, recorded in the graph."""
from allianz import migrations


def test_the_schema_has_every_constraint_and_the_fulltext_index(graph):
    constraints = {row["name"] for row in graph.query("SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {"partner_id", "project_id", "competency_id", "field_key", "user_id", "user_email",
            "migration_id"} <= constraints
    indexes = {row["name"]: row["type"] for row in graph.query("SHOW INDEXES YIELD name, type RETURN name, type")}
    assert indexes["allianz_text"] == "FULLTEXT"
    assert migrations.schema_version(graph) == sorted(migrations.Path("cypher").glob("*.cypher"))[-1].name[:4]


def test_each_migration_runs_once_and_new_ones_run_in_order(graph, tmp_path):
    for path in migrations.Path("cypher").glob("*.cypher"):
        (tmp_path / path.name).write_text(path.read_text())
    assert migrations.migrate(graph, tmp_path) == []
    (tmp_path / "9005_later.cypher").write_text("CREATE (:MigrationProbe {n: 5});\n")
    (tmp_path / "9004_sooner.cypher").write_text(
        "// a comment line\nCREATE (:MigrationProbe {n: 4});\nCREATE (:MigrationProbe {n: 44});\n")
    try:
        assert migrations.migrate(graph, tmp_path) == ["9004", "9005"]
        assert migrations.migrate(graph, tmp_path) == []
        probes = graph.query("MATCH (p:MigrationProbe) RETURN p.n AS n ORDER BY n")
        assert [row["n"] for row in probes] == [4, 5, 44]
        assert migrations.schema_version(graph) == "9005"
    finally:
        graph.execute("MATCH (m:Migration) WHERE m.id IN ['9004', '9005'] DELETE m")


def test_statements_split_on_semicolons_at_line_ends_only():
    text = "// comment\nCREATE (:A {t: 'a;b'});\nMATCH (n)\nRETURN n;\n"
    assert migrations.split_statements(text) == ["CREATE (:A {t: 'a;b'})", "MATCH (n)\nRETURN n"]


def test_a_badly_named_file_is_refused(tmp_path):
    (tmp_path / "constraints.cypher").write_text("RETURN 1;")
    try:
        migrations.discover(tmp_path)
    except migrations.MigrationError as error:
        assert "NNNN_name.cypher" in str(error)
    else:
        raise AssertionError("a file without a number was accepted")

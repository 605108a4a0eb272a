"""The `allianz` command as a coordinator uses it: import, export, seed, db status."""
from conftest import DEMO_DIR, LATEST_SCHEMA
from exchange_helpers import normalised, write_folder


def test_import_prints_counts_and_export_writes_the_same_rows(cli, graph, tmp_path):
    source = write_folder(tmp_path / "in")
    result = cli("import", source)
    assert result.exit_code == 0, result.output
    assert "imported 2 fields, 2 competencies, 3 partners, 2 projects, 3 participations" in result.output
    result = cli("export", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert normalised(tmp_path / "out") == normalised(source)


def test_a_bad_import_prints_file_line_reason_exits_1_and_writes_nothing(cli, graph, tmp_path):
    bad = write_folder(tmp_path, partners="id,name,kind\na,Alpha,company\nb,Beta,pirate\nc,Gamma,science\n")
    result = cli("import", bad)
    assert result.exit_code == 1
    assert "partners.csv:3: unknown kind 'pirate'" in result.output
    assert "nothing was written" in result.output
    assert graph.query("RETURN COUNT { (:Partner) } AS n")[0]["n"] == 0


def test_seed_demo_loads_the_alliance_and_if_empty_keeps_existing_data(cli, graph, tmp_path):
    write_folder(tmp_path)
    assert cli("import", tmp_path).exit_code == 0
    result = cli("seed", "demo", "--if-empty")
    assert "holds 3 partners already" in result.output
    assert graph.query("RETURN COUNT { (:Partner) } AS n")[0]["n"] == 3
    result = cli("seed", "demo")
    assert result.exit_code == 0, result.output
    partners = len((DEMO_DIR / "partners.csv").read_text(encoding="utf-8").strip().splitlines()) - 1
    assert graph.query("RETURN COUNT { (:Partner) } AS n")[0]["n"] == partners


def test_db_status_reports_version_address_process_and_schema(cli, graph, app):
    result = cli("db", "status")
    assert result.exit_code == 0, result.output
    assert "running" in result.output
    assert "5.26.31 community" in result.output
    assert f"bolt://127.0.0.1:{app.config['LOCAL_NEO4J_BOLT_PORT']}" in result.output
    assert f"schema:   {LATEST_SCHEMA}" in result.output


def test_db_start_says_when_neo4j_already_runs(cli, graph):
    result = cli("db", "start")
    assert result.exit_code == 0, result.output
    assert "already running" in result.output
    assert f"schema at version {LATEST_SCHEMA} (up to date)" in result.output


def test_with_neo4j_uri_set_the_cli_uses_that_server_and_starts_none(graph, tmp_path):
    from click.testing import CliRunner
    from flask.cli import ScriptInfo

    from allianz import create_app
    from allianz.cli import main

    from conftest import test_settings

    settings = test_settings()
    settings["NEO4J_URI"] = graph.uri  # the test server, reached as any external Neo4j would be
    app = create_app(settings)

    def invoke(*args):
        return CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app))

    started = invoke("db", "start")
    assert started.exit_code == 0, started.output
    assert f"NEO4J_URI is set ({graph.uri}): Allianz uses that server and starts none of its own." in started.output
    assert f"schema at version {LATEST_SCHEMA}" in started.output
    stopped = invoke("db", "stop")
    assert stopped.exit_code == 1
    assert "does not manage that server" in stopped.output
    assert graph.ping()["version"].startswith("5.26")  # still running

"""Fixtures: a real Neo4j (the test instance the project manages, or NEO4J_URI), the app, known graphs.

The suite starts its own local Neo4j (`.allianz/neo4j/test`, Bolt 7688) when it is not running,
and stops it again at the end if it started it. With NEO4J_URI set, tests run against that server
but wipe its graph, so they refuse unless ALLIANZ_TESTS_MAY_WIPE=1.
"""
import os
from pathlib import Path

import pytest

from allianz import create_app, migrations
from allianz.db import graph_from_config
from allianz.exchange.loader import import_folder
from allianz.localdb import LocalNeo4j
from config import TestConfig

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / "allianz" / "demo"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CLEAR_GRAPH = "MATCH (n) WHERE NOT n:Migration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def test_settings():
    """TestConfig as a dict, with NEO4J_URI from the environment when one is set."""
    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    settings["NEO4J_URI"] = os.environ.get("NEO4J_URI") or None
    return settings


@pytest.fixture(scope="session")
def neo4j_server():
    """A running Neo4j for the whole session, with the schema migrated."""
    settings = test_settings()
    started = None
    if settings["NEO4J_URI"]:
        if os.environ.get("ALLIANZ_TESTS_MAY_WIPE") != "1":
            pytest.exit("NEO4J_URI is set: the tests wipe that graph. Set ALLIANZ_TESTS_MAY_WIPE=1 if you mean it.", 2)
    else:
        server = LocalNeo4j.from_config(settings)
        if server.start():
            started = server
    graph = graph_from_config(settings)
    graph.run_autocommit(CLEAR_GRAPH)
    migrations.migrate(graph, settings["CYPHER_DIR"])
    yield graph
    graph.close()
    if started:
        started.stop()


@pytest.fixture
def graph(neo4j_server):
    """The test database, emptied of everything but the schema: each test starts from a known graph."""
    neo4j_server.run_autocommit(CLEAR_GRAPH)
    return neo4j_server


@pytest.fixture
def demo_graph(graph):
    """The test database holding the demo alliance."""
    import_folder(graph, DEMO_DIR, replace=True)
    return graph


@pytest.fixture
def app(neo4j_server):
    """The app on the test database."""
    return create_app(test_settings())


@pytest.fixture
def client(app):
    """A test client of the app."""
    return app.test_client()


@pytest.fixture(scope="module")
def demo_client(neo4j_server):
    """A client on the demo alliance, loaded once per module: for tests that only read."""
    neo4j_server.run_autocommit(CLEAR_GRAPH)
    import_folder(neo4j_server, DEMO_DIR, replace=True)
    return create_app(test_settings()).test_client()


@pytest.fixture
def runner(app):
    """A CLI runner for the `allianz` commands, bound to the test app."""
    return app.test_cli_runner()


@pytest.fixture
def cli(app):
    """Run an `allianz` command against the test app; returns click's Result (output, exit_code)."""
    from click.testing import CliRunner
    from flask.cli import ScriptInfo

    from allianz.cli import main

    def invoke(*args):
        return CliRunner().invoke(main, [str(arg) for arg in args], obj=ScriptInfo(create_app=lambda: app))
    return invoke

"""Fixtures: a real Neo4j (the test instance the project manages, or NEO4J_URI), the app, known graphs.

The suite starts its own local Neo4j (`.allianz/neo4j/test`, Bolt 7688) when it is not running,
and stops it again at the end unless another test session still uses it. With NEO4J_URI set, tests run
against that server but wipe its graph, so they refuse unless ALLIANZ_TESTS_MAY_WIPE=1.
"""
import os
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from allianz import create_app, migrations, revision
from allianz.db import graph_from_config
from allianz.exchange.loader import import_folder
from allianz.localdb import LocalNeo4j
from config import TestConfig

from account_helpers import ACTOR_ACCOUNTS, BrowserClient, create_actors
from tcpproxy import TcpProxy

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / "allianz" / "demo"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LATEST_SCHEMA = sorted((ROOT / "cypher").glob("*.cypher"))[-1].name[:4]  # the schema version after migrating
# Everything but the schema's record and the revision counter (which moves on, so caches refresh).
CLEAR_GRAPH = ("MATCH (n) WHERE NOT n:Migration AND NOT n:GraphState "
               "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")


def clear(graph):
    """Empty the test graph (schema kept) and move the revision on, as any change of the graph does."""
    graph.run_autocommit(CLEAR_GRAPH)
    graph.execute(revision.BUMP)


def test_settings():
    """TestConfig as a dict, with NEO4J_URI from the environment when one is set."""
    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    settings["NEO4J_URI"] = os.environ.get("NEO4J_URI") or None
    return settings


test_settings.__test__ = False  # a helper, not a test, when a test module imports it


def register_user(server):
    """Note that this test session uses the local test server (so a parallel session does not stop it)."""
    users = server.run_dir / "users"
    users.mkdir(parents=True, exist_ok=True)
    mine = users / str(os.getpid())
    mine.touch()
    return mine


def other_users(server):
    """Other live test sessions that use the local test server."""
    users = server.run_dir / "users"
    alive = []
    for entry in users.glob("*") if users.exists() else []:
        if entry.name.isdigit() and Path(f"/proc/{entry.name}").exists():
            alive.append(entry)
        else:
            entry.unlink(missing_ok=True)
    return alive


@pytest.fixture(scope="session")
def neo4j_server():
    """A running Neo4j for the whole session, with the schema migrated."""
    settings = test_settings()
    local = None
    if settings["NEO4J_URI"]:
        if os.environ.get("ALLIANZ_TESTS_MAY_WIPE") != "1":
            pytest.exit("NEO4J_URI is set: the tests wipe that graph. Set ALLIANZ_TESTS_MAY_WIPE=1 if you mean it.", 2)
    else:
        server = LocalNeo4j.from_config(settings)
        local = server
        marker = server.run_dir / "started-by-tests"
        if server.start():
            marker.touch()
        user = register_user(server)
    graph = graph_from_config(settings)
    clear(graph)
    migrations.migrate(graph, settings["CYPHER_DIR"])
    yield graph
    graph.close()
    if local:
        user.unlink(missing_ok=True)
        if marker.exists() and not other_users(local):  # the last session out stops what tests started
            marker.unlink()
            local.stop()


@pytest.fixture
def graph(neo4j_server):
    """The test database, emptied of everything but the schema: each test starts from a known graph."""
    clear(neo4j_server)
    return neo4j_server


@pytest.fixture
def demo_graph(graph):
    """The test database holding the demo alliance."""
    import_folder(graph, DEMO_DIR, replace=True)
    return graph


@pytest.fixture
def held_job(app, tmp_path):
    """Start a job that waits in the job process (of `lane`) until released: `release = held_job(key)`; `release()`.

    It waits on reading a named pipe, so it holds its key (and the job process) exactly as long as the test says."""
    from allianz import jobs
    writers = []

    def hold(key=("held",), lane=jobs.NETWORK):
        pipe = tmp_path / f"hold-{len(writers)}"
        os.mkfifo(pipe)
        with app.app_context():
            _job, started = jobs.start(key, "held", jobs.Task(Path.read_text, (pipe,)), lane=lane)
        assert started

        def release():
            writer = threading.Thread(target=pipe.write_text, args=("go",), daemon=True)
            writer.start()
            writers.append(writer)
        writers.append(None)
        return release
    yield hold


def make_app():
    """The app on the test database, with a test client that sends CSRF tokens like a browser."""
    made = create_app(test_settings())
    made.test_client_class = BrowserClient
    return made


@pytest.fixture
def app(neo4j_server):
    """The app on the test database."""
    return make_app()


@pytest.fixture
def client(app):
    """A test client of the app."""
    return app.test_client()


@pytest.fixture
def app_behind_a_proxy(neo4j_server):
    """(app, proxy): an app (test client as `make_app`'s) that reaches the real test Neo4j through a TCP proxy the
    test can cut (`proxy.cut()`, `proxy.restore()`)."""
    settings = test_settings()
    host, port = neo4j_server.uri.removeprefix("bolt://").split(":")
    proxy = TcpProxy(host, int(port)).start()
    settings["NEO4J_URI"] = f"bolt://127.0.0.1:{proxy.port}"
    made = create_app(settings)
    made.test_client_class = BrowserClient
    yield made, proxy
    proxy.stop_listening()
    made.extensions["allianz.graph"].close()


@pytest.fixture(scope="module")
def demo_app(neo4j_server):
    """One app for a module's read-only tests of the demo alliance."""
    return make_app()


# -- accounts: the five actors and logged-in clients ------------------------------------------------
@pytest.fixture
def actors(app, graph):
    """Partners A and B and four people (member_a, member_b, coordinator, admin); {actor: person}."""
    return create_actors(app, graph)


@pytest.fixture
def login_as(app, actors):
    """`login_as(actor)`: a new client logged in as one of ACTORS ("anonymous": not logged in)."""
    def client_for(actor, remember=False):
        client = app.test_client()
        if actor != "anonymous":
            response = client.log_in(ACTOR_ACCOUNTS[actor]["email"], remember=remember)
            assert response.status_code == 302, f"log-in of {actor} failed: {response.status_code}"
        return client
    return client_for


DEMO_LOADED = {}


@pytest.fixture
def demo_client(neo4j_server, demo_app):
    """A client on the demo alliance, for tests that only read: the demo is loaded again only when
    the graph changed since it was last loaded (its revision moved on)."""
    if DEMO_LOADED.get("revision") != revision.current(neo4j_server):
        clear(neo4j_server)
        import_folder(neo4j_server, DEMO_DIR, replace=True)
        DEMO_LOADED["revision"] = revision.current(neo4j_server)
    return demo_app.test_client()


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


# -- browser tests: Debian's Chromium through Playwright --------------------------------------------
CHROMIUM = "/usr/bin/chromium"
# The last three keep the browser itself from calling out, so tests can assert that nothing left 127.0.0.1.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@contextmanager
def served(app):
    """Serve `app` on a free 127.0.0.1 port in a thread; yields its base URL (also the site address its
    mails link to, as an operator sets ALLIANZ_BASE_URL)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, kept for the module (skipped where Debian's Chromium is missing)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed (bin/setup --test installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def demo_site(neo4j_server, browser):
    """The app on the demo alliance with the demo log-ins, served on a free local port; (url, app)."""
    from allianz.accounts.demo import ensure_demo_accounts

    clear(neo4j_server)
    import_folder(neo4j_server, DEMO_DIR, replace=True)
    app = create_app(test_settings())
    with app.app_context():
        ensure_demo_accounts("development")
    with served(app) as url:
        yield url, app


@pytest.fixture(autouse=True)
def mail_sent_before_the_next_test():
    """Mail leaves the request (allianz.outbox): let what a test queued go out before the graph is cleared."""
    yield
    from allianz import outbox
    outbox.wait_until_sent(timeout=60)

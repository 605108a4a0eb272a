"""Health check, error pages, and a database outage: a friendly 503 within 5 s, then recovery."""
import time

import pytest

from allianz import create_app

from conftest import LATEST_SCHEMA, test_settings


@pytest.fixture
def outage(app_behind_a_proxy):
    """A client of an app that reaches the real test Neo4j through a proxy the test can cut."""
    app, proxy = app_behind_a_proxy
    return app.test_client(), proxy


def test_healthz_reports_neo4j_and_the_schema_version(client, graph):
    answer = client.get("/healthz")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["app"] == "ok"
    assert body["neo4j"]["reachable"] is True
    assert body["neo4j"]["version"].startswith("5.26")
    assert body["schema_version"] == LATEST_SCHEMA


def test_an_unknown_page_is_a_friendly_404(client, graph):
    answer = client.get("/gibt-es-nicht")
    assert answer.status_code == 404
    assert "Seite nicht gefunden" in answer.get_data(as_text=True)


def test_an_outage_gives_503_within_five_seconds_and_pages_work_again_when_neo4j_is_back(outage, demo_graph):
    client, proxy = outage
    assert client.get("/").status_code == 200

    proxy.cut()
    started = time.monotonic()
    page = client.get("/")
    elapsed = time.monotonic() - started
    assert page.status_code == 503
    assert elapsed < 5, f"503 took {elapsed:.1f} s"
    text = page.get_data(as_text=True)
    assert "nicht erreichbar" in text and "Traceback" not in text
    assert page.headers["Retry-After"] == "30"
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["neo4j"]["reachable"] is False

    proxy.restore()
    assert client.get("/").status_code == 200
    assert client.get("/healthz").get_json()["neo4j"]["reachable"] is True


def test_a_database_that_was_never_there_gives_503_not_a_stack_trace(neo4j_server):
    settings = test_settings()
    settings["NEO4J_URI"] = "bolt://127.0.0.1:9"  # the discard port: nothing answers Bolt there
    client = create_app(settings).test_client()
    started = time.monotonic()
    page = client.get("/")
    assert page.status_code == 503
    assert time.monotonic() - started < 5
    assert client.get("/healthz", headers={"Accept": "application/json"}).status_code == 503


def test_production_refuses_to_start_without_a_real_secret_key():
    settings = test_settings()
    settings.update(ENV="production", SECRET_KEY="dev-only-not-a-secret")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(settings)
    settings["SECRET_KEY"] = "x" * 64
    assert create_app(settings).config["ENV"] == "production"


def test_every_page_carries_a_strict_content_security_policy(client, graph):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy


def test_the_language_switch_turns_the_ui_english(client, graph):
    assert 'lang="de"' in client.get("/").get_data(as_text=True)
    client.get("/sprache/en")
    assert 'lang="en"' in client.get("/").get_data(as_text=True)

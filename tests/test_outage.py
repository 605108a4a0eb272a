"""A database outage for people who are logged in: the same friendly 503 with Retry-After as for
anonymous visitors, quickly, for pages and for a form sent during the outage — never a 500."""
import time

import pytest

from account_helpers import ACTOR_ACCOUNTS, create_actors


@pytest.fixture
def member_during_outage(app_behind_a_proxy, graph):
    """A logged-in member's client of an app that reaches Neo4j through a proxy the test can cut."""
    app, proxy = app_behind_a_proxy
    create_actors(app, graph)
    client = app.test_client()
    assert client.log_in(ACTOR_ACCOUNTS["member_a"]["email"]).status_code == 302
    token = client.csrf_token("/konto")
    return client, proxy, token


@pytest.mark.parametrize("method, path", [("GET", "/konto"), ("GET", "/ideen/"), ("GET", "/"),
                                          ("POST", "/benachrichtigungen/gelesen")])
def test_a_logged_in_person_gets_the_friendly_503_while_neo4j_is_down(member_during_outage, method, path):
    client, proxy, token = member_during_outage
    proxy.cut()
    started = time.monotonic()
    answer = client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)
    elapsed = time.monotonic() - started
    text = answer.get_data(as_text=True)
    assert answer.status_code == 503, text[:300]
    assert answer.headers["Retry-After"] == "30"
    assert "nicht erreichbar" in text and "Traceback" not in text
    assert elapsed < 5, f"the 503 took {elapsed:.1f} s"
    proxy.restore()
    assert client.get("/konto").status_code == 200


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer allz_some-token-while-the-database-is-down"}])
def test_the_api_answers_an_outage_with_a_503_problem_document(member_during_outage, headers):
    client, proxy, _token = member_during_outage
    proxy.cut()
    answer = client.get("/api/v1/partners", headers=headers)
    assert answer.status_code == 503 and answer.mimetype == "application/problem+json"
    assert answer.headers["Retry-After"] == "30" and answer.get_json()["status"] == 503
    proxy.restore()
    assert client.get("/api/v1/partners").status_code == 200

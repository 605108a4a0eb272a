"""Every write route is rate limited, per person: one member posting comments as fast as a script can
gets 429 after the limit, while another member behind the same address still writes, and reading goes on."""
import pytest
from api_helpers import bearer, create_token

from allianz import create_app
from allianz.limits import STATE_CHANGING, write_endpoints

from account_helpers import ACTOR_ACCOUNTS, BrowserClient
from conftest import test_settings
from idea_helpers import IDEA_WORLD, act, propose


def app_with_limits(graph, **limits):
    """An app with the rate limits switched on (the test config switches them off), and `limits` set."""
    app = create_app({**test_settings(), "RATELIMIT_ENABLED": True, **limits})
    app.test_client_class = BrowserClient
    graph.execute(IDEA_WORLD)
    return app


@pytest.fixture
def limited_app(neo4j_server, actors, graph):
    """An app with the rate limits switched on."""
    return app_with_limits(graph)


def client_of(app, actor):
    """A client of `app` logged in as `actor`."""
    client = app.test_client()
    assert client.log_in(ACTOR_ACCOUNTS[actor]["email"]).status_code == 302
    return client


def test_a_member_posting_comments_like_a_script_is_stopped_and_others_are_not(limited_app, graph):
    anna, bert = client_of(limited_app, "member_a"), client_of(limited_app, "member_b")
    project_id = propose(anna)
    act(anna, graph, project_id, "submit")
    token = anna.csrf_token(f"/ideen/{project_id}")
    statuses = [anna.post(f"/ideen/{project_id}/kommentare", data={"csrf_token": token, "text": f"Nr. {n}"}).status_code
                for n in range(25)]
    assert 429 in statuses and statuses.count(303) <= 20, statuses
    refused = anna.post(f"/ideen/{project_id}/kommentare", data={"csrf_token": token, "text": "noch einer"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert bert.post_form(f"/ideen/{project_id}/kommentare", {"text": "Ich darf noch"},
                          page=f"/ideen/{project_id}").status_code == 303  # same address, another person
    assert anna.get(f"/ideen/{project_id}").status_code == 200  # reading is not a write


def test_every_route_that_changes_state_answers_with_its_limit(limited_app):
    kora = client_of(limited_app, "coordinator")
    token = kora.csrf_token("/konto")
    unlimited = []
    for rule in limited_app.url_map.iter_rules():
        methods = set(rule.methods or ()) & set(STATE_CHANGING)
        if rule.endpoint not in write_endpoints(limited_app) or rule.endpoint == "accounts.logout":
            continue
        values = {name: sorted(getattr(rule._converters.get(name), "items", None) or ["x"])[0]
                  for name in rule.arguments}
        url = rule.build(values, append_unknown=False)[1]
        answer = kora.open(url, method=sorted(methods)[0], data={"csrf_token": token})
        if "X-RateLimit-Limit" not in answer.headers:
            unlimited.append(f"{rule.endpoint} ({url}: {answer.status_code})")
    assert unlimited == [], "write routes without a rate limit: " + ", ".join(unlimited)


def test_a_burst_of_api_writes_is_stopped_as_on_the_pages_with_a_token_or_without(neo4j_server, actors, graph):
    # the API's own budgets (per token, per address) roomy, so that what stops the burst is the write limit
    limited_app = app_with_limits(graph, API_RATELIMIT_PER_TOKEN="1000/minute", API_RATELIMIT_PER_ADDRESS="1000/minute")
    anna = client_of(limited_app, "member_a")
    project_id = propose(anna)
    act(anna, graph, project_id, "submit")
    written = bearer(create_token(anna, scopes=("read", "write")))
    url = f"/api/v1/ideas/{project_id}/comments"
    statuses = [anna.post(url, json={"text": f"Nr. {n}"}, headers=written).status_code for n in range(25)]
    assert statuses[:20] == [201] * 20 and statuses[20:] == [429] * 5, statuses   # WRITE_LIMIT: 20 a minute
    refused = anna.post(url, json={"text": "noch einer"}, headers=written)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert refused.mimetype == "application/problem+json"
    stored = graph.query("MATCH (c:Comment)-[:ON]->(:Project {id: $id}) RETURN count(c) AS n", id=project_id)
    assert stored == [{"n": statuses.count(201)}]   # what was refused wrote nothing
    anonymous = limited_app.test_client()
    statuses = [anonymous.post(url, json={"text": f"Nr. {n}"}).status_code for n in range(25)]
    assert statuses[:20] == [401] * 20 and statuses[20:] == [429] * 5, statuses  # no token: limited too


def test_the_searches_asked_while_typing_are_limited(limited_app):
    client = limited_app.test_client()
    statuses = [client.get(f"/kompetenzen/suche?q=Sens{n}").status_code for n in range(15)]
    assert statuses[0] == 200 and 429 in statuses, statuses  # 10 per second at most


def test_a_new_forwarded_address_per_request_does_not_escape_the_shared_budget(neo4j_server, demo_graph):
    settings = test_settings()
    settings.update(RATELIMIT_ENABLED=True, PROXY_COUNT=1, RATELIMIT_EXPENSIVE_ALL="20/minute")
    client = create_app(settings).test_client()
    statuses = [client.get(f"/netzwerk/?jahre={n % 5 + 1}", headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
                for n in range(30)]
    assert statuses[0] in (200, 202) and statuses.count(429) >= 10, statuses
    assert client.get("/", headers={"X-Forwarded-For": "198.51.100.200"}).status_code == 200  # other pages go on

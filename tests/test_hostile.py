"""Hostile requests found by testing (issue 14): redirects, JSON bodies, sizes, rate limits, health, headers."""
import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from allianz import create_app
from allianz.api_input import MAX_DEPTH, nesting_depth

from conftest import served, test_settings

ROOT = Path(__file__).resolve().parent.parent


# -- 1. open redirect -------------------------------------------------------------------------------
@pytest.mark.parametrize("target", [
    "/%09/example.com", "/%0d%0a/example.com", "/%0d%0aSet-Cookie:%20x=1", "/%0a/example.com",
    "//example.com", "/\\example.com", "\\\\example.com", "/%5c/example.com", "%2f%2fexample.com",
    "https://example.com", "/%7f/example.com", "///example.com", " //example.com", "/%c2%85/example.com",
    "javascript:alert(1)",
])
def test_the_language_switch_never_redirects_off_the_site(client, graph, target):
    answer = client.get(f"/sprache/de?next={target}")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/", f"{target} led to {answer.headers['Location']}"


def test_the_language_switch_goes_back_to_a_page_of_the_site(client, graph):
    answer = client.get("/sprache/en?next=/partner/%3Fq%3Dx")
    assert answer.headers["Location"] == "/partner/?q=x"


# -- 2. the JSON API ----------------------------------------------------------------------------------
def post(client, path, body, content_type="application/json"):
    """POST a raw body to the API."""
    return client.post(path, data=body, content_type=content_type)


@pytest.mark.parametrize("path, body", [
    ("/api/matching", '{"top": 1e999}'),
    ("/api/matching", '{"top": Infinity}'),
    ("/api/matching", '{"top": -Infinity}'),
    ("/api/matching/konsortium", '{"size": Infinity}'),
    ("/api/matching/konsortium", '{"size": 1e999}'),
    ("/api/matching", '{"id": NaN}'),
    ("/api/matching", '{"needs": {"daten": NaN}}'),
    ("/api/matching", '{"needs": {"daten": "NaN"}}'),
    ("/api/matching", '{"needs": {"daten": "inf"}}'),
    ("/api/matching", '{"top": ' + "9" * 5000 + '}'),
    ("/api/matching", "[" * 100_000),
    ("/api/matching", '{"a":' * 30_000 + "1" + "}" * 30_000),
    ("/api/matching", "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)),
    ("/api/matching", '{"top": "1e999"}'),
    ("/api/matching/konsortium", '{"size": "zwölf"}'),
    ("/api/matching/konsortium", '{"size": true}'),
    ("/api/matching/konsortium", '{"size": 2.5}'),
    ("/api/matching", "{"),
    ("/api/matching", "[1, 2]"),
    ("/api/matching", b"\xff\xfe{}"),
    ("/api/matching", ""),
])
def test_hostile_json_gets_a_clear_400_not_a_500(demo_client, path, body):
    answer = post(demo_client, path, body)
    assert answer.status_code == 400, answer.get_data(as_text=True)[:300]
    error = answer.get_json()
    assert error["status"] == 400 and error["message"]
    json.loads(answer.get_data(as_text=True), parse_constant=strict_json)  # never a bare NaN echoed back


def strict_json(name):
    """`parse_constant` of a strict JSON reader: NaN and Infinity are no JSON."""
    raise AssertionError(f"the answer holds {name}, which is not JSON")


def test_50000_nested_objects_are_refused_as_too_large_or_too_deep(demo_client):
    answer = post(demo_client, "/api/matching", '{"a":' * 50_000 + "1" + "}" * 50_000)
    assert answer.status_code in (400, 413)
    assert answer.get_json()["status"] == answer.status_code


def test_a_deeply_nested_body_is_refused_quickly(demo_client):
    started = time.monotonic()
    answer = post(demo_client, "/api/matching", "[" * 200_000)
    assert answer.status_code == 400
    assert "nested" in answer.get_json()["message"]
    assert time.monotonic() - started < 1


def test_nesting_is_counted_outside_strings_only():
    assert nesting_depth('{"a": "[[[[[[", "b": [1, {"c": "]}"}]}') == 3
    assert nesting_depth('["\\"[[["]') == 1


def test_a_valid_query_still_works(demo_client):
    answer = post(demo_client, "/api/matching/konsortium", json.dumps({"needs": ["daten"], "size": 3.0}))
    assert answer.status_code in (200, 400)  # 400 only when the demo lacks the competency
    answer = post(demo_client, "/api/matching", json.dumps({"top": 3, "size": 1e300}))
    assert answer.status_code == 200
    assert len(answer.get_json()["candidates"]) <= 3


def test_a_body_over_the_api_limit_gets_413_json(demo_client, demo_app):
    limit = demo_app.config["API_MAX_BODY"]
    answer = post(demo_client, "/api/matching", '{"id": "' + "x" * limit + '"}')
    assert answer.status_code == 413
    assert answer.get_json()["status"] == 413


def test_a_body_over_max_content_length_gets_a_friendly_413_page(client, graph):
    big = "q=" + "x" * (client.application.config["MAX_CONTENT_LENGTH"] + 10)
    answer = client.post("/sprache/de", data=big, content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 413
    text = answer.get_data(as_text=True)
    assert "Anfrage zu groß" in text and "Traceback" not in text
    api = client.post("/api/matching", data=big, content_type="application/json")
    assert api.status_code == 413 and api.get_json()["status"] == 413


# -- 3. rate limits -------------------------------------------------------------------------------------
@pytest.fixture
def limited_client(neo4j_server):
    """A client of an app with the rate limits switched on (the test config switches them off)."""
    settings = test_settings()
    settings["RATELIMIT_ENABLED"] = True
    return create_app(settings).test_client()


def test_the_analytics_json_is_rate_limited_with_a_429_and_retry_after(limited_client, demo_graph):
    statuses = [limited_client.get(f"/netzwerk/analyse.json?jahre={years}").status_code for years in range(1, 31)]
    assert statuses[0] in (200, 202)
    assert statuses.count(429) >= 15, statuses
    refused = limited_client.get("/netzwerk/analyse.json?jahre=3")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.get_json()["status"] == 429
    page = limited_client.get("/netzwerk/analyse?jahre=2")  # its own, larger budget
    assert page.status_code in (200, 202)


def test_log_in_attempts_from_one_address_are_rate_limited_on_post_only(neo4j_server, actors):
    settings = test_settings()
    settings.update(RATELIMIT_ENABLED=True, LOGIN_ADDRESS_FAILURES=1000)  # only Flask-Limiter's count here
    limited_client = create_app(settings).test_client()
    form = limited_client.get("/anmelden")
    assert form.status_code == 200
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.get_data(as_text=True)).group(1)
    statuses = [limited_client.post("/anmelden", data={"csrf_token": token, "email": f"niemand{n}@example.org",
                                                       "password": "falsch-falsch-falsch"}).status_code
                for n in range(32)]
    assert statuses[:30] == [401] * 30 and statuses[30:] == [429, 429]  # different accounts: the address counts
    assert limited_client.get("/anmelden").status_code == 200


def test_a_429_page_speaks_to_the_visitor(limited_client, demo_graph):
    for _ in range(40):
        answer = limited_client.get("/matching/vorstellungen")
    assert answer.status_code == 429
    text = answer.get_data(as_text=True)
    assert "Zu viele Anfragen" in text and "Content-Security-Policy" in answer.headers


def test_cheap_pages_are_not_limited(limited_client, demo_graph):
    assert all(limited_client.get("/healthz").status_code == 200 for _ in range(80))


def test_every_limited_endpoint_exists(app):
    from allianz.limits import ROUTE_LIMITS
    assert set(ROUTE_LIMITS) <= set(app.view_functions)


# -- 9. health and headers --------------------------------------------------------------------------------
def test_healthz_503_says_when_to_come_back(neo4j_server):
    settings = test_settings()
    settings["NEO4J_URI"] = "bolt://127.0.0.1:9"
    answer = create_app(settings).test_client().get("/healthz")
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "30"


def test_the_development_server_does_not_name_its_versions(app, graph):
    import allianz.cli  # noqa: F401 - what `allianz run` loads first
    with served(app) as base, urllib.request.urlopen(base + "/healthz") as answer:
        server = answer.headers.get("Server", "")
    assert "Werkzeug" not in server and "Python" not in server, server


def test_gunicorn_as_documented_does_not_name_versions(neo4j_server):
    settings = test_settings()
    env = {"ALLIANZ_LOCAL_NEO4J_BOLT_PORT": str(settings["LOCAL_NEO4J_BOLT_PORT"]), "PATH": "/usr/bin:/bin"}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "allianz.wsgi:app",
                                "--bind", f"127.0.0.1:{port}", "--workers", "1"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                    server = answer.headers.get("Server", "")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer")
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert server and not any(char.isdigit() for char in server), server

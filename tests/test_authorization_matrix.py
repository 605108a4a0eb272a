"""Every route in the URL map × the five actors (anonymous, member of partner A, member of partner B,
coordinator, admin), GET and, where the route takes it, POST: the status each gets (tests/route_matrix.py)."""
import pytest

from account_helpers import ACTOR_ACCOUNTS, PASSWORD
from route_matrix import ACTORS, ROUTES

WORLD = """
MATCH (a:Partner {id: 'pa'}), (b:Partner {id: 'pb'})
CREATE (f:Field {key: 'umwelt', name_de: 'Umwelt', name_en: 'Environment'}),
       (c:Competency {id: 'daten', name: 'Daten', name_en: 'Data', version: 1}),
       (pr:Project {id: 'pr1', title: 'Luftmessnetz', status: 'idea', version: 1}),
       (a)-[:PARTICIPATES_IN {role: 'lead'}]->(pr), (pr)-[:IN_FIELD]->(f), (pr)-[:NEEDS]->(c),
       (a)-[:ACTIVE_IN]->(f), (a)-[:HAS_COMPETENCY {level: 2}]->(c),
       (old:Project {id: 'pr0', title: 'Sensorik', status: 'completed', version: 1}),
       (a)-[:PARTICIPATES_IN {role: 'lead'}]->(old), (b)-[:PARTICIPATES_IN {role: 'partner'}]->(old),
       (old)-[:NEEDS]->(c), (old)-[:IN_FIELD]->(f), (b)-[:HAS_COMPETENCY {level: 3}]->(c),
       (a)-[:HAS_CONTACT]->(:Contact {id: 'k1', name: 'Erika Muster', visible_to_members: true, version: 1})
"""


def methods_of(rule):
    """The methods a rule takes, without HEAD and OPTIONS."""
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def test_every_route_has_a_row(app):
    rules = {rule.rule: methods_of(rule) for rule in app.url_map.iter_rules()}
    missing = sorted(set(rules) - set(ROUTES))
    assert not missing, f"routes without a row in tests/route_matrix.py: {missing}"
    stale = sorted(set(ROUTES) - set(rules))
    assert not stale, f"rows for routes that no longer exist: {stale}"
    for rule, methods in rules.items():
        listed = sorted(key for key in ROUTES[rule] if key in ("GET", "POST"))
        assert listed == methods, f"{rule}: the row lists {listed}, the route takes {methods}"


@pytest.fixture
def world(app, actors, graph):
    """The actors, a small alliance, and a person who is not an actor (for the people pages)."""
    from allianz.accounts import service
    graph.execute(WORLD)
    with app.app_context():
        target = service.create_user("ziel@partner-b.example", "Ziel", "member", "pb", PASSWORD, via="cli")
    return {"pa": "pa", "pb": "pb", "project": "pr1", "field": "umwelt", "competency": "daten",
            "target_user": target["id"], "contact": "k1", "missing": "gibt-es-nicht", "token": "x" * 43}


def client_for(app, actor):
    """A client logged in as `actor` (not logged in for anonymous)."""
    client = app.test_client()
    if actor != "anonymous":
        assert client.log_in(ACTOR_ACCOUNTS[actor]["email"]).status_code == 302
    return client


def test_each_actor_gets_the_expected_status_on_every_route(app, world):
    clients = {actor: client_for(app, actor) for actor in ACTORS}
    token = clients["anonymous"].csrf_token("/anmelden")  # one session's token, for anonymous POSTs
    tokens = {actor: clients[actor].csrf_token("/anmelden" if actor == "anonymous" else "/konto") for actor in ACTORS}
    wrong = []
    for _rule, spec in sorted(ROUTES.items(), key=lambda item: bool(item[1].get("relogin"))):
        url = spec["url"].format(**world)
        for method in ("GET", "POST"):
            if method not in spec:
                continue
            for actor, expected in spec[method].items():
                client = clients[actor]
                if method == "GET":
                    response = client.get(url)
                else:
                    response = client.post(url, data={"csrf_token": tokens[actor], **spec.get("data", {})})
                if response.status_code != expected:
                    wrong.append(f"{method} {url} as {actor}: {response.status_code}, expected {expected}")
                policy = response.headers.get("Content-Security-Policy", "")
                if "script-src 'self'" not in policy or "unsafe-inline" in policy or "unsafe-eval" in policy \
                        or response.headers.get("X-Frame-Options") != "DENY":
                    wrong.append(f"{method} {url} as {actor}: security headers missing ({policy!r})")
                if spec.get("relogin") and actor != "anonymous":
                    clients[actor] = client_for(app, actor)
                    tokens[actor] = clients[actor].csrf_token("/konto")
    assert token
    assert not wrong, "\n".join(wrong)


def test_a_post_without_csrf_token_is_refused_on_every_form_route(app, world):
    coordinator = client_for(app, "coordinator")
    refused = []
    for rule, spec in ROUTES.items():
        if "POST" not in spec or rule.startswith("/api/"):
            continue
        response = coordinator.post(spec["url"].format(**world), data={})
        if response.status_code != 400:
            refused.append(f"POST {rule} without token: {response.status_code}")
    assert not refused, "\n".join(refused)


FINGERPRINT = """
MATCH (n) WHERE NOT n:LoginThrottle
OPTIONAL MATCH (n)-[r]->()
WITH n, count(r) AS out
RETURN count(n) AS nodes, sum(out) AS relationships, sum(coalesce(n.version, 0)) AS versions,
       sum(coalesce(n.session_version, 0)) AS sessions, max(n.revision) AS revision
"""


def test_no_get_changes_the_graph(app, world, graph):
    clients = {actor: client_for(app, actor) for actor in ACTORS}
    before = graph.query(FINGERPRINT)[0]
    for spec in ROUTES.values():
        if "GET" in spec:
            for client in clients.values():
                client.get(spec["url"].format(**world))
    assert graph.query(FINGERPRINT)[0] == before

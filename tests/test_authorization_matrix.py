"""Every route in the URL map × the five actors (anonymous, member of partner A, member of partner B,
coordinator, admin), GET and, where the route takes it, POST: the status each gets (tests/route_matrix.py);
and every route of the JSON API v1 × its eight token actors (API_ROUTES)."""
from types import SimpleNamespace

import pytest

from account_helpers import ACTOR_ACCOUNTS, PASSWORD
from route_matrix import ACTORS, API_ACTORS, API_ROUTES, ROUTES

API_PREFIX = "/api/v1/"

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


def rules_of(app):
    """{rule: its methods} over the URL map (one URL may be several rules, one per method)."""
    rules = {}
    for rule in app.url_map.iter_rules():
        rules[rule.rule] = sorted(set(rules.get(rule.rule, [])) | set(methods_of(rule)))
    return rules


@pytest.mark.parametrize("table", ["pages", "api"])
def test_every_route_has_a_row(app, table):
    rows, verbs = (ROUTES, ("GET", "POST")) if table == "pages" else (API_ROUTES, ("GET", "POST", "PUT", "PATCH",
                                                                                  "DELETE"))
    rules = {rule: methods for rule, methods in rules_of(app).items()
             if rule.startswith(API_PREFIX) == (table == "api")}
    missing = sorted(set(rules) - set(rows))
    assert not missing, f"routes without a row in tests/route_matrix.py: {missing}"
    stale = sorted(set(rows) - set(rules))
    assert not stale, f"rows for routes that no longer exist: {stale}"
    for rule, methods in rules.items():
        listed = sorted(key for key in rows[rule] if key in verbs)
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


API_WORLD = """
MATCH (a:Partner {id: 'pa'}), (u:User {email: $proposer}), (c:Competency {id: 'daten'}), (f:Field {key: 'umwelt'})
CREATE (d:Project {id: 'draft1', title: 'Entwurf von A', summary: 'Noch nicht eingereicht.', status: 'idea',
                   origin: 'app', version: 1, scale: 'quartier', public: true}),
       (a)-[:PARTICIPATES_IN {role: 'lead'}]->(d), (u)-[:PROPOSED]->(d), (d)-[:NEEDS]->(c), (d)-[:IN_FIELD]->(f)
"""


@pytest.fixture
def api_world(app, world, graph):
    """The matrix's world, partner A's draft idea, and the API actors: {actor: (client, headers)}."""
    from allianz.access_tokens import service as tokens

    graph.execute(API_WORLD, proposer=ACTOR_ACCOUNTS["member_a"]["email"])
    people = {row["email"]: row["id"] for row in graph.query("MATCH (u:User) RETURN u.email AS email, u.id AS id")}

    def token(actor, scopes):
        person = SimpleNamespace(id=people[ACTOR_ACCOUNTS[actor]["email"]])
        with app.app_context():
            return tokens.create(person, f"{actor} {scopes}", scopes, 30)

    revoked_secret, revoked = token("member_a", ["read", "write"])
    with app.app_context():
        assert tokens.revoke(SimpleNamespace(id=people[ACTOR_ACCOUNTS["member_a"]["email"]]), revoked["id"])
    secrets = {"read_token": token("member_a", ["read"])[0], "write_token": token("member_a", ["read", "write"])[0],
               "revoked_token": revoked_secret, "member_b": token("member_b", ["read", "write"])[0],
               "coordinator": token("coordinator", ["read", "write"])[0],
               "admin": token("admin", ["read", "write"])[0]}
    actors = {actor: (app.test_client(), {"Authorization": f"Bearer {secret}"}) for actor, secret in secrets.items()}
    actors["none"] = (app.test_client(), {})
    actors["session"] = (client_for(app, "member_a"), {})
    return {**world, "draft": "draft1", "actors": actors}


def test_each_token_actor_gets_the_expected_status_on_every_api_route(api_world):
    wrong = []
    for _rule, spec in sorted(API_ROUTES.items()):
        url = spec["url"].format(**api_world)
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            for actor in API_ACTORS if method in spec else ():
                client, headers = api_world["actors"][actor]
                response = client.open(url, method=method, headers=headers,
                                       json=spec.get("json", {}) if method != "GET" else None)
                expected = spec[method][actor]
                if response.status_code != expected:
                    wrong.append(f"{method} {url} as {actor}: {response.status_code}, expected {expected}")
                if response.status_code >= 400 and response.mimetype != "application/problem+json":
                    wrong.append(f"{method} {url} as {actor}: an error as {response.mimetype}")
    assert not wrong, "\n".join(wrong)


def test_through_the_api_member_b_neither_reads_nor_changes_partner_as_draft(api_world, graph):
    client, headers = api_world["actors"]["member_b"]
    before = graph.query("MATCH (p:Project {id: 'draft1'}) RETURN properties(p) AS p")
    listed = client.get("/api/v1/ideas?partner=pa", headers=headers).get_json()["items"]
    assert sorted(item["id"] for item in listed) == ["pr0", "pr1"]  # not the draft
    for method, url, body in (("PATCH", "/api/v1/ideas/draft1", {"title": "Übernommen von B"}),
                              ("POST", "/api/v1/ideas/draft1/transitions", {"action": "withdraw"}),
                              ("POST", "/api/v1/ideas/draft1/comments", {"text": "Hallo"})):
        response = client.open(url, method=method, json=body, headers={**headers, "If-Match": '"v1"'})
        assert response.status_code == 404, f"{method} {url}: {response.status_code}"
    visible = client.patch("/api/v1/ideas/pr1", json={"title": "Übernommen von B"},
                           headers={**headers, "If-Match": '"v1"'})
    assert visible.status_code == 403  # public, but not B's team
    assert graph.query("MATCH (p:Project {id: 'draft1'}) RETURN properties(p) AS p") == before
    assert graph.query("MATCH (p:Project {id: 'pr1'}) RETURN p.title AS t") == [{"t": "Luftmessnetz"}]


def test_through_the_api_contact_persons_are_for_people_logged_in(api_world):
    none, _headers = api_world["actors"]["none"]
    assert none.get("/api/v1/partners/pa").get_json()["contacts"] == []
    client, headers = api_world["actors"]["member_b"]
    contacts = client.get("/api/v1/partners/pa", headers=headers).get_json()["contacts"]
    assert [c["name"] for c in contacts] == ["Erika Muster"]


def test_no_api_get_changes_the_graph(api_world, graph):
    before = graph.query(FINGERPRINT)[0]
    for spec in API_ROUTES.values():
        if "GET" in spec:
            for client, headers in api_world["actors"].values():
                client.get(spec["url"].format(**api_world), headers=headers)
    assert graph.query(FINGERPRINT)[0] == before

"""The JSON API v1: personal access tokens (made on /konto, refused at once when revoked, expired or when their
person is deactivated), reads with pagination, Link and ETag, writes through the pages' services (audit record,
notifications), If-Match, and errors as problem+json."""
import pytest
from api_helpers import IDEA, bearer, create_token

from account_helpers import ACTOR_ACCOUNTS
from idea_helpers import IDEA_WORLD


@pytest.fixture
def world(app, actors, graph):
    """The actors and the small alliance of the idea tests."""
    graph.execute(IDEA_WORLD)
    return actors


@pytest.fixture
def tokens(world, login_as):
    """A read and a write token of member A, and a write token of member B and of the coordinator."""
    member_a, member_b, coordinator = login_as("member_a"), login_as("member_b"), login_as("coordinator")
    return {"read": create_token(member_a, "Lesen", ["read"]),
            "write": create_token(member_a, "Schreiben", ["read", "write"]),
            "write_b": create_token(member_b, "B", ["read", "write"]),
            "coordinator": create_token(coordinator, "K", ["read", "write"]), "member_a": member_a}


def propose(client, secret, **changes):
    """Propose an idea through the API; returns (response, idea)."""
    response = client.post("/api/v1/ideas", json={**IDEA, **changes}, headers=bearer(secret))
    return response, response.get_json()


# -- tokens ---------------------------------------------------------------------------------------------------
def test_a_token_is_shown_once_and_stored_only_as_its_hash(tokens, graph, login_as):
    secret = tokens["read"]
    stored = graph.query("MATCH (t:ApiToken {name: 'Lesen'})-[:OWNED_BY]->(u:User) RETURN properties(t) AS t, "
                         "u.email AS email")
    assert stored[0]["email"] == ACTOR_ACCOUNTS["member_a"]["email"]
    assert secret not in str(stored[0]["t"]) and len(stored[0]["t"]["token_hash"]) == 64
    page = login_as("member_a").get("/konto").get_data(as_text=True)
    assert "Lesen" in page and secret not in page


def test_the_token_identifies_its_person_and_notes_the_use(app, tokens, graph):
    response = app.test_client().get("/api/v1/me", headers=bearer(tokens["read"]))
    assert response.status_code == 200
    assert response.get_json()["partner_id"] == "pa" and response.get_json()["scopes"] == ["read"]
    used = graph.query("MATCH (t:ApiToken {name: 'Lesen'}) RETURN t.last_used_at IS NOT NULL AS used")
    assert used == [{"used": True}]


def test_a_revoked_token_is_refused_on_the_very_next_request(app, tokens, graph):
    client = app.test_client()
    assert client.get("/api/v1/me", headers=bearer(tokens["write"])).status_code == 200
    token_id = graph.query("MATCH (t:ApiToken {name: 'Schreiben'}) RETURN t.id AS id")[0]["id"]
    revoked = tokens["member_a"].post_form(f"/konto/schluessel/{token_id}/widerrufen", {}, page="/konto")
    assert revoked.status_code == 303
    response = client.get("/api/v1/me", headers=bearer(tokens["write"]))
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert "invalid_token" in response.headers["WWW-Authenticate"]
    assert propose(client, tokens["write"])[0].status_code == 401
    assert graph.query("MATCH (p:Project {origin: 'app'}) RETURN count(p) AS n") == [{"n": 0}]


def test_another_person_cannot_revoke_my_token(app, tokens, graph, login_as):
    token_id = graph.query("MATCH (t:ApiToken {name: 'Schreiben'}) RETURN t.id AS id")[0]["id"]
    login_as("member_b").post_form(f"/konto/schluessel/{token_id}/widerrufen", {}, page="/konto")
    assert app.test_client().get("/api/v1/me", headers=bearer(tokens["write"])).status_code == 200


def test_an_expired_token_and_a_deactivated_persons_token_are_refused(app, tokens, graph, world):
    client = app.test_client()
    graph.execute("MATCH (t:ApiToken {name: 'Lesen'}) SET t.expires_at = datetime() - duration('PT1S')")
    assert client.get("/api/v1/me", headers=bearer(tokens["read"])).status_code == 401
    assert client.get("/api/v1/me", headers=bearer(tokens["write_b"])).status_code == 200
    from allianz.accounts import service
    with app.app_context():
        service.set_active(world["member_b"]["id"], False, via="cli")
    assert client.get("/api/v1/me", headers=bearer(tokens["write_b"])).status_code == 401


def test_a_token_form_without_name_or_scope_says_so_at_the_field(login_as):
    client = login_as("member_a")
    response = client.post_form("/konto/schluessel", {"name": "", "days": "90"}, page="/konto")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Bitte geben Sie dem Schlüssel einen Namen." in page and "mindestens ein Recht" in page


# -- writes ---------------------------------------------------------------------------------------------------
def test_an_idea_proposed_through_the_api_is_on_the_pages_with_audit_and_notifications(app, tokens, graph,
                                                                                       login_as):
    client = app.test_client()
    response, idea = propose(client, tokens["write"])
    assert response.status_code == 201, idea
    assert response.headers["Location"].endswith(f"/api/v1/ideas/{idea['id']}")
    assert idea["status"] == "idea" and idea["team"][0]["id"] == "pa" and idea["version"] == 1
    page = login_as("member_a").get(f"/ideen/{idea['id']}").get_data(as_text=True)
    assert "Sensorik-Netz für Luftqualität in Quartieren" in page
    etag = client.get(f"/api/v1/ideas/{idea['id']}", headers=bearer(tokens["write"])).headers["ETag"]
    assert etag == response.headers["ETag"] and etag.startswith('"v1-')  # the proposal's answer carries it too
    submitted = client.post(f"/api/v1/ideas/{idea['id']}/transitions", json={"action": "submit"},
                            headers={**bearer(tokens["write"]), "If-Match": etag})
    assert submitted.status_code == 200, submitted.get_json()
    assert submitted.get_json()["status"] == "submitted"
    events = graph.query("MATCH (e:AuditEvent {target_id: $id}) RETURN e.action AS action, e.actor_name AS actor "
                         "ORDER BY e.at", id=idea["id"])
    assert [e["action"] for e in events] == ["idea.create", "idea.submit"]
    assert {e["actor"] for e in events} == {ACTOR_ACCOUNTS["member_a"]["name"]}
    told = graph.query("MATCH (n:Notification {project_id: $id})-[:FOR]->(u:User) RETURN n.kind AS kind, "
                       "u.email AS email ORDER BY email", id=idea["id"])
    assert {"kind": "review", "email": ACTOR_ACCOUNTS["coordinator"]["email"]} in told
    coordinator_page = login_as("coordinator").get("/benachrichtigungen/").get_data(as_text=True)
    assert "Sensorik-Netz für Luftqualität in Quartieren" in coordinator_page


def test_an_edit_with_a_stale_if_match_changes_nothing(app, tokens, graph):
    client = app.test_client()
    _response, idea = propose(client, tokens["write"])
    url = f"/api/v1/ideas/{idea['id']}"
    etag = client.get(url, headers=bearer(tokens["write"])).headers["ETag"]
    first = client.patch(url, json={"title": "Erste Änderung am Titel"}, headers={**bearer(tokens["write"]),
                                                                                 "If-Match": etag})
    assert first.status_code == 200 and first.get_json()["version"] == 2
    stale = client.patch(url, json={"title": "Zweite Änderung am Titel"}, headers={**bearer(tokens["write"]),
                                                                                  "If-Match": etag})
    assert stale.status_code == 412 and stale.mimetype == "application/problem+json"
    assert graph.query("MATCH (p:Project {id: $id}) RETURN p.title AS title, p.version AS version",
                       id=idea["id"]) == [{"title": "Erste Änderung am Titel", "version": 2}]
    missing = client.patch(url, json={"title": "Ohne If-Match geändert"}, headers=bearer(tokens["write"]))
    assert missing.status_code == 428
    assert graph.query("MATCH (e:AuditEvent {target_id: $id, action: 'idea.edit'}) RETURN count(e) AS n",
                       id=idea["id"]) == [{"n": 1}]


def test_writes_need_a_write_token(app, tokens, login_as, graph):
    assert propose(app.test_client(), tokens["read"])[0].status_code == 403
    anonymous = app.test_client().post("/api/v1/ideas", json=IDEA)
    assert anonymous.status_code == 401 and anonymous.mimetype == "application/problem+json"
    session = login_as("member_a").post("/api/v1/ideas", json=IDEA)  # a session cookie never writes
    assert session.status_code == 401
    assert graph.query("MATCH (p:Project {origin: 'app'}) RETURN count(p) AS n") == [{"n": 0}]


def test_bad_input_is_a_422_naming_each_field(app, tokens):
    response = app.test_client().post("/api/v1/ideas", json={**IDEA, "title": "kurz", "scale": "welt",
                                                             "needs": [{"id": "gibt-es-nicht"}]},
                                      headers=bearer(tokens["write"]))
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    fields = {error["field"] for error in response.get_json()["errors"]}
    assert {"title", "scale"} <= fields
    unknown = app.test_client().post("/api/v1/ideas", json={**IDEA, "needs": [{"id": "gibt-es-nicht"}]},
                                     headers=bearer(tokens["write"]))
    assert unknown.status_code == 422
    assert unknown.get_json()["errors"] == [{"field": "needs", "message": "unknown competency: gibt-es-nicht"}]
    text = app.test_client().post("/api/v1/ideas", data="title=x", headers=bearer(tokens["write"]),
                                  content_type="application/x-www-form-urlencoded")
    assert text.status_code == 415
    broken = app.test_client().post("/api/v1/ideas", data="{", headers=bearer(tokens["write"]),
                                    content_type="application/json")
    assert broken.status_code == 400 and broken.mimetype == "application/problem+json"


def test_comment_support_and_answering_an_invitation(app, tokens, graph, login_as):
    client = app.test_client()
    _response, idea = propose(client, tokens["write"])
    base = f"/api/v1/ideas/{idea['id']}"
    login_as("member_a").post_form(f"/ideen/{idea['id']}/folgen", {}, page=f"/ideen/{idea['id']}")
    comment = client.post(f"{base}/comments", json={"text": "Wir messen schon an zwei Schulen."},
                          headers=bearer(tokens["write_b"]))
    assert comment.status_code == 404  # member B may not see partner A's draft
    login_as("member_a").post_form(f"/ideen/{idea['id']}/einladen", {"partner_id": "pb"},
                                   page=f"/ideen/{idea['id']}")
    invites = client.get("/api/v1/invitations", headers=bearer(tokens["write_b"])).get_json()["items"]
    assert [i["project_id"] for i in invites] == [idea["id"]]
    answered = client.post(f"/api/v1/invitations/{invites[0]['id']}/answer", json={"accept": True},
                           headers=bearer(tokens["write_b"]))
    assert answered.status_code == 200 and answered.get_json() == {"state": "accepted"}
    again = client.post(f"/api/v1/invitations/{invites[0]['id']}/answer", json={"accept": True},
                        headers=bearer(tokens["write_b"]))
    assert again.status_code == 409
    comment = client.post(f"{base}/comments", json={"text": "Wir messen schon an zwei Schulen."},
                          headers=bearer(tokens["write_b"]))
    assert comment.status_code == 201
    listed = client.get(f"{base}/comments", headers=bearer(tokens["read"])).get_json()
    assert [c["text"] for c in listed["items"]] == ["Wir messen schon an zwei Schulen."]
    told = graph.query("MATCH (n:Notification {project_id: $id, kind: 'comment'})-[:FOR]->(u:User) "
                       "RETURN u.email AS email", id=idea["id"])
    assert told == [{"email": ACTOR_ACCOUNTS["member_a"]["email"]}]
    team_support = client.put(f"{base}/support", headers=bearer(tokens["write_b"]))
    assert team_support.status_code == 403  # B is in the team now


def limited_client(**limits):
    """A client of an app with the rate limits on, as `limits` set them."""
    from allianz import create_app

    from conftest import test_settings
    return create_app({**test_settings(), "RATELIMIT_ENABLED": True, **limits}).test_client()


def test_rate_limits_count_per_token_and_per_address(tokens):
    client = limited_client(API_RATELIMIT_PER_TOKEN="3/minute", API_RATELIMIT_PER_ADDRESS="100/minute")
    answers = [client.get("/api/v1/fields", headers=bearer(tokens["read"])).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/api/v1/fields", headers=bearer(tokens["read"]))
    assert refused.mimetype == "application/problem+json" and int(refused.headers["Retry-After"]) > 0
    assert client.get("/api/v1/fields", headers=bearer(tokens["write"])).status_code == 200  # another token
    client = limited_client(API_RATELIMIT_PER_TOKEN="100/minute", API_RATELIMIT_PER_ADDRESS="4/minute")
    answers = [client.get("/api/v1/fields", headers=bearer(tokens[name])).status_code
               for name in ("read", "write", "write_b", "coordinator", "read")]
    assert answers == [200, 200, 200, 200, 429]  # many tokens from one address share its budget


# -- reads ----------------------------------------------------------------------------------------------------
def test_lists_page_with_a_cursor_and_link_headers(app, world):
    client = app.test_client()
    first = client.get("/api/v1/partners?limit=2")
    body = first.get_json()
    assert first.status_code == 200 and body["total"] == 4 and len(body["items"]) == 2
    assert 'rel="next"' in first.headers["Link"]
    second = client.get(f"/api/v1/partners?limit=2&cursor={body['next_cursor']}").get_json()
    assert second["next_cursor"] is None
    names = [p["name"] for p in body["items"] + second["items"]]
    assert names == ["Datenhaus e.V.", "Partner A", "Partner B", "Sensorwerk GmbH"]
    filtered = client.get(f"/api/v1/partners?limit=2&kind=company&cursor={body['next_cursor']}")
    assert filtered.status_code == 400 and filtered.get_json()["errors"][0]["field"] == "cursor"
    assert client.get("/api/v1/partners?limit=0").status_code == 422


def test_an_unchanged_read_answers_304(app, world):
    client = app.test_client()
    first = client.get("/api/v1/competencies")
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get("/api/v1/competencies", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.get_data()


def test_errors_under_the_api_are_problem_documents_never_pages(app, world):
    client = app.test_client()
    for response, status in ((client.get("/api/v1/gibt-es-nicht"), 404), (client.get("/api/v1/partners/x"), 404),
                             (client.delete("/api/v1/partners"), 405),
                             (client.get("/api/v1/me"), 401)):
        assert response.status_code == status
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["status"] == status


def test_the_old_matching_paths_work_and_are_deprecated(app, world):
    response = app.test_client().get("/api/matching?needs=sensorik")
    assert response.status_code == 200 and response.headers["Deprecation"] == "true"
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    assert document["paths"]["/api/matching"]["get"]["deprecated"] is True
    v1 = app.test_client().post("/api/v1/matching", json={"needs": ["sensorik"]}).get_json()
    assert v1["candidates"][0]["partner"] in ("pc", "pb") and v1["candidates"][0]["reasons"]


def test_the_documentation_page_lists_every_operation_with_an_example(app, world):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    page = app.test_client().get("/api/v1/docs").get_data(as_text=True)
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                assert path in page
                assert operation.get("deprecated") or any(
                    "example" in media for response in operation["responses"].values()
                    for media in response.get("content", {}).values()), f"{method} {path} has no example"

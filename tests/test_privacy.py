"""Privacy (issue 21): the declaration covers the graph, the data export holds everything linked to a person,
deleting an account leaves no name, e-mail or phone anywhere but keeps what the person wrote, the retention
purge, and the coordinators' access and erasure requests."""
import csv
import io
import json
import re
import zipfile

import pytest
from api_helpers import bearer, create_token

from allianz.accounts import invitations as invites
from allianz.accounts import resets
from allianz.competencies import service as competencies
from allianz.exceptions import NotFound
from allianz.partners.profile import service as profile
from allianz.privacy import inventory
from allianz.privacy import service as privacy

from account_helpers import ACTOR_ACCOUNTS, PASSWORD, create_actors
from idea_helpers import IDEA_WORLD, act, propose

NORA = {"email": "nora.neu@partner-a.example", "name": "Nora Neumann-Privat", "phone": "+49 30 987654321"}


def make_nora(app, graph, actors, client):
    """Nora joins partner A through an invitation and leaves traces of every kind; returns her id.

    An idea she proposed and submitted, a comment, a follow, a notification (Bert comments), a contact entry
    with her phone, mail preferences, a competency suggestion, a reset link, a failed log-in."""
    coordinator = actors["coordinator"]["id"]
    with app.app_context():
        _invitation, mail = invites.invite(NORA["email"], "member", "pa", actor_id=coordinator)
    token = re.search(r"/einladung/(\S+)", mail["body"]).group(1)
    answer = client.post_form(f"/einladung/{token}", {"name": NORA["name"], "password": PASSWORD,
                                                      "confirm": PASSWORD})
    assert answer.status_code == 303, answer.get_data(as_text=True)[:500]
    nora_id = graph.query("MATCH (u:User {email: $email}) RETURN u.id AS id", email=NORA["email"])[0]["id"]
    graph.execute(IDEA_WORLD)
    project_id = propose(client)
    act(client, graph, project_id, "submit")
    page = f"/ideen/{project_id}"
    assert client.post_form(f"{page}/kommentare", {"text": "Ich kümmere mich um die Sensoren."},
                            page=page).status_code == 303
    if not graph.query("MATCH (:User {id: $id})-[:FOLLOWS]->(:Project {id: $p}) RETURN 1 AS x", id=nora_id,
                       p=project_id):
        assert client.post_form(f"{page}/folgen", {}, page=page).status_code == 303
    assert client.post_form("/benachrichtigungen/einstellungen", {"mail_kinds": ["comment"], "mail_digest": "y"},
                            page="/benachrichtigungen/").status_code in (302, 303)
    bert = app.test_client()
    bert.log_in(ACTOR_ACCOUNTS["member_b"]["email"])
    assert bert.post_form(f"{page}/kommentare", {"text": "Wir haben Sensoren."}, page=page).status_code == 303
    with app.app_context():
        profile.add_contact("pa", {"name": NORA["name"], "function": "Projektleitung", "email": NORA["email"],
                                   "phone": NORA["phone"], "visible_to_members": True}, actor_id=nora_id)
        competencies.suggest("pa", "Drohnenvermessung", "für Dächer", 2, actor_id=nora_id)
        resets.request_reset(NORA["email"])
    stranger = app.test_client()
    assert stranger.log_in(NORA["email"], password="falsch-falsch-falsch").status_code == 401
    return nora_id, project_id


@pytest.fixture
def nora(app, graph, actors):
    """Nora's id, her idea and her logged-in client."""
    client = app.test_client()
    nora_id, project_id = make_nora(app, graph, actors, client)
    return nora_id, project_id, client


def archive_of(answer):
    """The answer's body as an open zip."""
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    assert answer.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(answer.get_data()))


def test_every_label_property_and_relationship_of_a_person_in_the_graph_is_declared(app, graph, nora, login_as):
    nora_id = nora[0]
    declared = inventory.declared_properties()

    def check():
        for row in graph.query("CALL db.schema.nodeTypeProperties() YIELD nodeLabels, propertyName "
                               "RETURN nodeLabels AS labels, propertyName AS name"):
            for label in row["labels"]:
                assert label in declared or label in inventory.NOT_PERSONAL, f"label {label} is not declared"
                if label in declared and row["name"] is not None:
                    assert row["name"] in declared[label], f"{label}.{row['name']} is not declared"
        links = set(inventory.relationship_kinds())
        for row in graph.query("MATCH (u:User)-[r]-(n) RETURN DISTINCT type(r) AS type, "
                               "CASE WHEN startNode(r) = u THEN 'out' ELSE 'in' END AS direction, "
                               "labels(n)[0] AS label"):
            assert (row["type"], row["direction"], row["label"]) in links, f"undeclared relationship {row}"
    check()
    with app.app_context():
        privacy.erase(nora_id)
    check()


def test_download_my_data_holds_every_node_linked_to_the_person_and_explains_every_file(nora, graph):
    nora_id, project_id, client = nora
    archive = archive_of(client.post_form("/konto/daten", {}, page="/konto"))
    assert archive.testzip() is None
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
    names = set(archive.namelist())
    assert {"LIESMICH.txt", "README.txt", "account.json", "account.csv"} <= names
    files = {name[:-5]: json.loads(archive.read(name)) for name in names if name.endswith(".json")}
    assert files["account"][0]["email"] == NORA["email"] and files["account"][0]["name"] == NORA["name"]
    assert "T" in files["account"][0]["created_at"]  # ISO 8601
    assert "password_hash" not in archive.read("account.json").decode()
    assert all("token_hash" not in archive.read(name).decode() for name in names)
    assert "other" not in files, files.get("other")
    kinds = inventory.relationship_kinds()
    linked = graph.query("MATCH (u:User {id: $id})-[r]-(n) RETURN type(r) AS type, "
                         "CASE WHEN startNode(r) = u THEN 'out' ELSE 'in' END AS direction, labels(n)[0] AS label, "
                         "n.id AS id, n.created_at AS created_at", id=nora_id)
    assert {row["label"] for row in linked} >= {"Partner", "Project", "Comment", "Transition", "Notification",
                                                 "PasswordReset", "AuditEvent", "CompetencySuggestion"}
    for row in linked:
        kind = kinds[(row["type"], row["direction"], row["label"])]
        if row["id"] is not None:
            assert row["id"] in {item.get("id") for item in files[kind.key]}, f"{row} missing in {kind.key}.json"
        else:
            assert len(files[kind.key]) == sum(1 for other in linked if other["label"] == row["label"])
    audit_ids = {row["id"] for row in graph.query(
        "MATCH (e:AuditEvent) WHERE e.actor_id = $id OR (e.target_label = 'User' AND e.target_id = $id) "
        "RETURN e.id AS id", id=nora_id)}
    assert audit_ids and audit_ids == {item["id"] for item in files["audit"]}
    assert [item["phone"] for item in files["contacts"]] == [NORA["phone"]]
    assert [item["email"] for item in files["invitations"]] == [NORA["email"]]
    assert [item["failures"] for item in files["login_records"]] == [1]
    assert files["notification_preferences"] == [{"mail_kinds": ["comment"], "mail_digest": True}]
    comments = list(csv.DictReader(io.StringIO(archive.read("comments.csv").decode())))
    assert [(c["text"], c["project_id"]) for c in comments] == [("Ich kümmere mich um die Sensoren.", project_id)]
    german, english = archive.read("LIESMICH.txt").decode(), archive.read("README.txt").decode()
    for stem in files:
        assert f"{stem}.json" in german and f"{stem}.json" in english
    for kind in inventory.KINDS:
        if kind.key in files:
            for field in kind.fields:
                if field.exported:
                    assert f"    {field.name}: " in german
    assert "Zweck:" in german and "Purpose:" in english


def personal_traces(graph, strings):
    """Every node and relationship property (any label or type) that contains one of `strings`."""
    return graph.query("""
        MATCH (n) UNWIND keys(n) AS key WITH n, key, n[key] AS value
        WITH n, key, value, CASE WHEN value IS :: LIST<ANY> THEN [x IN value | toString(x)]
                                 ELSE [toString(value)] END AS texts
        WHERE any(text IN texts WHERE any(s IN $strings WHERE text CONTAINS s))
        RETURN labels(n) AS where, key, texts AS value
        UNION ALL
        MATCH ()-[r]->() UNWIND keys(r) AS key WITH r, key, r[key] AS value
        WITH r, key, value, CASE WHEN value IS :: LIST<ANY> THEN [x IN value | toString(x)]
                                 ELSE [toString(value)] END AS texts
        WHERE any(text IN texts WHERE any(s IN $strings WHERE text CONTAINS s))
        RETURN [type(r)] AS where, key, texts AS value""", strings=strings)


def test_deleting_the_own_account_needs_password_and_confirmation_then_leaves_no_trace(app, nora, graph, login_as):
    nora_id, project_id, client = nora
    secret = create_token(client, name="Forschungsdatenbank", scopes=("read", "write"))
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    remembered = app.test_client()
    assert remembered.log_in(NORA["email"], remember=True).status_code == 302
    remember_cookie = remembered.get_cookie("allianz_remember").value
    before = graph.query("MATCH (u:User {id: $id})-[r]-() RETURN count(r) AS n", id=nora_id)[0]["n"]

    wrong = client.post_form("/konto/loeschen", {"password": "nicht-das-passwort", "confirm": "y"})
    unconfirmed = client.post_form("/konto/loeschen", {"password": PASSWORD})
    assert wrong.status_code == 400 and "Das Passwort stimmt nicht." in wrong.get_data(as_text=True)
    assert unconfirmed.status_code == 400 and "Bitte bestätigen Sie die Löschung." in unconfirmed.get_data(as_text=True)
    assert graph.query("MATCH (u:User {id: $id})-[r]-() RETURN count(r) AS n", id=nora_id)[0]["n"] == before

    done = client.post_form("/konto/loeschen", {"password": PASSWORD, "confirm": "y"})
    assert done.status_code == 303
    assert personal_traces(graph, [NORA["name"], NORA["email"], NORA["phone"]]) == []
    assert graph.query("MATCH (u:User {id: $id}) RETURN u", id=nora_id) == []
    assert client.get("/konto").status_code == 302  # this session ended
    assert app.test_client().get("/api/v1/me", headers=bearer(secret)).status_code == 401   # her API key died too
    assert graph.query("MATCH (t:ApiToken) RETURN count(t) AS n")[0]["n"] == 0
    assert remembered.get("/konto").status_code == 302  # every other session too
    replay = app.test_client()
    replay.set_cookie("allianz_remember", remember_cookie)
    assert replay.get("/konto").status_code == 302  # and the remember-me cookie is refused
    page = login_as("member_b").get(f"/ideen/{project_id}").get_data(as_text=True)
    assert "Ich kümmere mich um die Sensoren." in page and "Wir haben Sensoren." in page
    assert page.count("ehemaliges Mitglied") >= 2  # the comment's author and the idea's proposer
    assert "ehemaliges Mitglied" in login_as("coordinator").get("/koordination/verlauf/partner/pa").get_data(
        as_text=True)  # her contact entry's events, without her
    trail = graph.query("MATCH (e:AuditEvent) WHERE e.actor_erased RETURN count(e) AS n")[0]["n"]
    assert trail >= 4  # her events stay, without her
    erased = graph.query("MATCH (e:AuditEvent {action: 'user.erase_self'}) RETURN e.actor_id AS actor, "
                         "e.actor_erased AS erased")
    assert erased == [{"actor": None, "erased": True}]
    assert graph.query("MATCH (:Notification)-[:FOR]->(u) WHERE NOT u:User RETURN count(*) AS n")[0]["n"] == 0
    assert graph.query("MATCH (c:Contact) RETURN count(c) AS n")[0]["n"] == 0
    with app.app_context(), pytest.raises(NotFound):
        privacy.export_zip(nora_id)  # an export for the person just deleted is refused


def test_an_erased_person_cannot_log_in_and_their_export_is_refused(app, nora, login_as):
    nora_id, _project, client = nora
    token = client.csrf_token("/konto")
    coordinator = login_as("coordinator")
    assert coordinator.post_form(f"/koordination/personen/{nora_id}/loeschen",
                                 {"password": PASSWORD, "confirm": "y"},
                                 page=f"/koordination/personen/{nora_id}/datenschutz").status_code == 303
    assert client.post("/konto/daten", data={"csrf_token": token}).status_code == 302  # to the log-in page
    assert coordinator.post_form(f"/koordination/personen/{nora_id}/auskunft", {},
                                 page="/koordination/personen").status_code == 404
    assert app.test_client().log_in(NORA["email"]).status_code == 401


def test_coordinators_answer_access_and_erasure_requests_audited(app, nora, graph, actors, login_as):
    nora_id = nora[0]
    coordinator = login_as("coordinator")
    assert f"/koordination/personen/{nora_id}/datenschutz" in coordinator.get("/koordination/personen").get_data(
        as_text=True)
    archive = archive_of(coordinator.post_form(f"/koordination/personen/{nora_id}/auskunft", {},
                                               page=f"/koordination/personen/{nora_id}/datenschutz"))
    assert json.loads(archive.read("account.json"))[0]["email"] == NORA["email"]
    requested = graph.query("MATCH (e:AuditEvent {action: 'user.access_request'}) RETURN e.actor_id AS actor, "
                            "e.target_id AS target")
    assert requested == [{"actor": actors["coordinator"]["id"], "target": nora_id}]
    page = f"/koordination/personen/{nora_id}/datenschutz"
    refused = coordinator.post_form(f"/koordination/personen/{nora_id}/loeschen", {"password": PASSWORD}, page=page)
    assert refused.status_code == 400
    assert graph.query("MATCH (u:User {id: $id}) RETURN u.email AS e", id=nora_id) == [{"e": NORA["email"]}]
    admin = actors["admin"]["id"]
    assert coordinator.post_form(f"/koordination/personen/{admin}/loeschen", {"password": PASSWORD, "confirm": "y"},
                                 page=page).status_code == 403
    assert coordinator.post_form(f"/koordination/personen/{nora_id}/loeschen",
                                 {"password": PASSWORD, "confirm": "y"}, page=page).status_code == 303
    assert personal_traces(graph, [NORA["name"], NORA["email"], NORA["phone"]]) == []
    erased = graph.query("MATCH (e:AuditEvent {action: 'user.erase'}) RETURN e.actor_id AS actor")
    assert erased == [{"actor": actors["coordinator"]["id"]}]


@pytest.fixture
def nora_behind_a_proxy(app_behind_a_proxy, graph):
    """Nora's world in an app that reaches Neo4j through a proxy the test can cut."""
    app, proxy = app_behind_a_proxy
    actors = create_actors(app, graph)
    client = app.test_client()
    nora_id, _project = make_nora(app, graph, actors, client)
    return app, proxy, client, nora_id


def test_a_deletion_cut_off_by_a_neo4j_outage_leaves_the_account_whole(nora_behind_a_proxy, graph, monkeypatch):
    app, proxy, client, nora_id = nora_behind_a_proxy
    count = "MATCH (u:User {id: $id}) OPTIONAL MATCH (u)-[r]-() RETURN u.email AS email, count(r) AS links"
    whole = graph.query(count, id=nora_id)
    contacts = graph.query("MATCH (c:Contact) RETURN count(c) AS n")
    scrub = privacy.scrub_in

    def cut_in_the_middle(tx, strings):
        proxy.cut()  # the transaction has deleted contacts, invitations and links: Neo4j goes away now
        return scrub(tx, strings)
    monkeypatch.setattr(privacy, "scrub_in", cut_in_the_middle)
    token = client.csrf_token("/konto/loeschen")
    answer = client.post("/konto/loeschen", data={"csrf_token": token, "password": PASSWORD, "confirm": "y"})
    assert answer.status_code == 503
    proxy.restore()
    assert graph.query(count, id=nora_id) == whole
    assert graph.query("MATCH (c:Contact) RETURN count(c) AS n") == contacts
    assert client.get("/konto").status_code == 200  # still logged in: nothing happened


def test_purge_deletes_deactivated_accounts_past_the_period_and_old_log_in_records(app, graph, actors, cli):
    old, young = actors["member_a"]["id"], actors["member_b"]["id"]
    with app.app_context():
        from allianz.accounts import service as accounts
        accounts.set_active(old, False, via="cli")
        accounts.set_active(young, False, via="cli")
    graph.execute("MATCH (u:User {id: $id}) SET u.deactivated_at = datetime() - duration({months: 13})", id=old)
    graph.execute("MATCH (u:User {id: $id}) SET u.deactivated_at = datetime() - duration({months: 11})", id=young)
    graph.execute("CREATE (:LoginThrottle {key: 'address:10.0.0.1', failures: 2, "
                  "last_failure: datetime() - duration({days: 91})}), "
                  "(:LoginThrottle {key: 'address:10.0.0.2', failures: 1, "
                  "last_failure: datetime() - duration({days: 89})})")
    result = cli("privacy", "purge")
    assert result.exit_code == 0, result.output
    assert "deactivated accounts older than 12 months deleted: 1" in result.output
    assert "log-in records older than 90 days deleted: 1" in result.output
    emails = {row["email"] for row in graph.query("MATCH (u:User) RETURN u.email AS email")}
    assert ACTOR_ACCOUNTS["member_a"]["email"] not in emails and ACTOR_ACCOUNTS["member_b"]["email"] in emails
    keys = [row["key"] for row in graph.query("MATCH (t:LoginThrottle) RETURN t.key AS key")]
    assert keys == ["address:10.0.0.2"]
    assert personal_traces(graph, [ACTOR_ACCOUNTS["member_a"]["email"], ACTOR_ACCOUNTS["member_a"]["name"]]) == []


def test_the_privacy_page_names_every_kind_in_german_and_english_and_every_footer_links_it(client, app):
    page = client.get("/datenschutz")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    with app.test_request_context():
        for kind in inventory.KINDS:
            assert str(kind.title).replace("„", "&#8222;") in text or str(kind.title) in text
    assert "allianz_device" in text and "12 Monaten" in text and "90 Tagen" in text
    assert 'href="/datenschutz"' in client.get("/").get_data(as_text=True)
    client.get("/sprache/en")
    english = client.get("/datenschutz").get_data(as_text=True)
    assert "Data protection" in english and "What is stored" in english and "Notifications" in english


def test_a_contact_person_removed_by_a_coordinator_leaves_no_name_email_or_phone(app, actors, graph, login_as):
    person = {"name": "Erika Ansprech", "function": "Vorstand", "email": "erika@partner-a.example",
              "phone": "+49 40 5550101", "visible_to_members": True}
    with app.app_context():
        contact_id = profile.add_contact("pa", person, actor_id=actors["member_a"]["id"])
        profile.save_contact("pa", contact_id, 1, {**person, "function": "Geschäftsführung"},
                             actor_id=actors["member_a"]["id"])
    coordinator = login_as("coordinator")
    assert coordinator.post_form(f"/partner/pa/kontakte/{contact_id}/loeschen", {},
                                 page="/partner/pa/kontakte").status_code in (302, 303)
    assert personal_traces(graph, [person["name"], person["email"], person["phone"]]) == []
    actions = [row["a"] for row in graph.query("MATCH (e:AuditEvent {target_label: 'Partner', target_id: 'pa'}) "
                                               "RETURN e.action AS a ORDER BY e.at")]
    assert actions == ["contact.add", "contact.edit", "contact.delete"]


def test_erasure_removes_the_persons_lines_from_the_mail_dead_letter_log(app, nora, tmp_path):
    nora_id = nora[0]
    log = tmp_path / "dead-letters.jsonl"
    log.write_text(json.dumps({"to": NORA["email"], "subject": "Einladung"}) + "\n"
                   + json.dumps({"to": "someone@else.example", "subject": "Digest"}) + "\n", encoding="utf-8")
    app.config["MAIL_DEAD_LETTER_FILE"] = str(log)
    with app.app_context():
        privacy.erase(nora_id)
    assert [json.loads(line)["to"] for line in log.read_text(encoding="utf-8").splitlines()] == ["someone@else.example"]

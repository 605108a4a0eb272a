"""Onboarding by invitation, forgotten and changed passwords, and the coordinators' people page."""
import re

import pytest

from allianz import outbox

from account_helpers import ACTOR_ACCOUNTS, PASSWORD, csrf_token_in

NEW_PASSWORD = "ein-neues-langes-passwort"


def link_in(text, path):
    """The path of the first link to `path…` in a page, or in the logged mails of `caplog` (read once the
    outbox has sent what it queued: mail leaves the request)."""
    if hasattr(text, "text"):
        assert outbox.wait_until_sent(timeout=60)
        text = text.text
    match = re.search(r"http://localhost(" + re.escape(path) + r"[A-Za-z0-9_\-]+)", text)
    assert match, f"no {path} link in: {text[:500]}"
    return match.group(1)


def invite(coordinator, email="neu@partner-a.example", partner="pa", role="member"):
    """Invite through the page; returns the page shown afterwards (with the logged mail)."""
    response = coordinator.post_form("/koordination/einladungen", {"email": email, "partner_id": partner,
                                                                   "role": role}, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_coordinator_invites_and_the_person_sets_name_and_password_and_is_logged_in(app, login_as, graph):
    page = invite(login_as("coordinator"))
    assert "Nicht versandte E-Mail" in page and "neu@partner-a.example" in page
    link = link_in(page, "/einladung/")
    newcomer = app.test_client()
    form = newcomer.get(link)
    assert form.status_code == 200 and "Partner A" in form.get_data(as_text=True)
    done = newcomer.post_form(link, {"name": "Nora Neu", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 303
    assert "Nora Neu" in newcomer.get("/konto").get_data(as_text=True)
    row = graph.query("MATCH (u:User {email: 'neu@partner-a.example'})-[:MEMBER_OF]->(p) "
                      "RETURN u.role AS role, p.id AS partner")[0]
    assert row == {"role": "member", "partner": "pa"}
    # single use
    assert app.test_client().get(link).status_code == 404
    token = link.rsplit("/", 1)[1]
    assert graph.query("MATCH (i:Invitation) RETURN i.token_hash AS h")[0]["h"] != token  # only the hash is kept


def test_an_invitation_expires(app, login_as, graph):
    link = link_in(invite(login_as("coordinator")), "/einladung/")
    graph.execute("MATCH (i:Invitation) SET i.expires_at = datetime() - duration({minutes: 1})")
    assert app.test_client().get(link).status_code == 404


def test_resend_makes_a_new_link_and_revoke_kills_it(app, login_as, graph):
    coordinator = login_as("coordinator")
    old = link_in(invite(coordinator), "/einladung/")
    invitation_id = graph.query("MATCH (i:Invitation) RETURN i.id AS id")[0]["id"]
    page = coordinator.post_form(f"/koordination/einladungen/{invitation_id}/erneut", {},
                                 page="/koordination/einladungen", follow_redirects=True).get_data(as_text=True)
    new = link_in(page, "/einladung/")
    assert new != old
    assert app.test_client().get(old).status_code == 404
    assert app.test_client().get(new).status_code == 200
    coordinator.post_form(f"/koordination/einladungen/{invitation_id}/zuruecknehmen", {},
                          page="/koordination/einladungen")
    assert app.test_client().get(new).status_code == 404
    actions = [row["a"] for row in graph.query(
        "MATCH (:User {email: $e})-[:DID]->(ev:AuditEvent)-[:ON]->(:Invitation) RETURN ev.action AS a ORDER BY ev.at",
        e=ACTOR_ACCOUNTS["coordinator"]["email"])]
    assert actions == ["invitation.create", "invitation.resend", "invitation.revoke"]


def test_a_new_partner_and_its_first_member_in_one_step(app, login_as, graph):
    coordinator = login_as("coordinator")
    response = coordinator.post_form("/koordination/partner/neu", {"name": "Grünwerk eG", "kind": "startup",
                                                                   "email": "erste@gruenwerk.example"},
                                     follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Grünwerk eG" in page
    link = link_in(page, "/einladung/")
    row = graph.query("MATCH (i:Invitation {email: 'erste@gruenwerk.example'})-[:FOR]->(p:Partner) "
                      "RETURN p.name AS name, p.kind AS kind, p.origin AS origin, i.role AS role")[0]
    assert row == {"name": "Grünwerk eG", "kind": "startup", "origin": "app", "role": "member"}
    assert app.test_client().get(link).status_code == 200


def test_invitations_refuse_bad_input_with_field_errors(login_as, graph):
    coordinator = login_as("coordinator")
    response = coordinator.post_form("/koordination/einladungen", {"email": "kein-mail", "partner_id": "pa",
                                                                   "role": "member"})
    assert response.status_code == 400 and "keine gültige E-Mail-Adresse" in response.get_data(as_text=True)
    taken = coordinator.post_form("/koordination/einladungen", {"email": ACTOR_ACCOUNTS["member_b"]["email"],
                                                                "partner_id": "pa", "role": "member"})
    assert taken.status_code == 400 and "schon ein Konto" in taken.get_data(as_text=True)
    forged = coordinator.post_form("/koordination/einladungen", {"email": "x@y.example", "partner_id": "nope",
                                                                 "role": "king"})
    assert forged.status_code == 400
    assert graph.query("MATCH (i:Invitation) RETURN count(i) AS n")[0]["n"] == 0


@pytest.mark.parametrize("actor", ["anonymous", "member_a", "member_b"])
def test_only_coordinators_invite(login_as, graph, actor):
    client = login_as(actor)
    token = client.csrf_token("/anmelden") if actor == "anonymous" else client.csrf_token("/konto")
    response = client.post("/koordination/einladungen", data={"email": "x@y.example", "partner_id": "pa",
                                                             "role": "admin", "csrf_token": token})
    assert response.status_code in (302, 403)
    assert graph.query("MATCH (i:Invitation) RETURN count(i) AS n")[0]["n"] == 0


def test_forgot_password_sends_a_link_for_one_hour_and_once(app, actors, caplog):
    client = app.test_client()
    response = client.post_form("/passwort-vergessen", {"email": ACTOR_ACCOUNTS["member_a"]["email"].upper()})
    assert response.status_code == 303
    link = link_in(caplog, "/passwort-neu/")
    unknown = client.post_form("/passwort-vergessen", {"email": "niemand@nirgends.example"}, follow_redirects=True)
    assert "Wenn es zu dieser Adresse ein Konto gibt" in unknown.get_data(as_text=True)
    assert "/passwort-neu/" not in unknown.get_data(as_text=True)  # the link is never shown on the page
    assert client.get(link).status_code == 200
    done = client.post_form(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 303
    assert app.test_client().log_in(ACTOR_ACCOUNTS["member_a"]["email"], NEW_PASSWORD).status_code == 302
    assert client.get(link).status_code == 404  # used


def test_a_reset_link_dies_after_an_hour_and_when_the_password_changes(app, actors, caplog, graph):
    from allianz.accounts import service
    client = app.test_client()
    client.post_form("/passwort-vergessen", {"email": ACTOR_ACCOUNTS["member_a"]["email"]})
    first = link_in(caplog, "/passwort-neu/")
    graph.execute("MATCH (r:PasswordReset) SET r.expires_at = datetime() - duration({seconds: 1})")
    assert client.get(first).status_code == 404
    caplog.clear()
    client.post_form("/passwort-vergessen", {"email": ACTOR_ACCOUNTS["member_a"]["email"]})
    second = link_in(caplog, "/passwort-neu/")
    with app.app_context():
        service.set_password(actors["member_a"]["id"], NEW_PASSWORD)
    assert client.get(second).status_code == 404


def test_change_password_needs_the_current_one_and_ends_other_sessions(app, login_as):
    phone, laptop = login_as("member_a"), login_as("member_a")
    wrong = laptop.post_form("/konto/passwort", {"current": "falsch-falsch-falsch", "password": NEW_PASSWORD,
                                                 "confirm": NEW_PASSWORD})
    assert wrong.status_code == 400 and "bisherige Passwort stimmt nicht" in wrong.get_data(as_text=True)
    weak = laptop.post_form("/konto/passwort", {"current": PASSWORD, "password": "kurz", "confirm": "kurz"})
    assert "mindestens 12 Zeichen" in weak.get_data(as_text=True)
    common = laptop.post_form("/konto/passwort", {"current": PASSWORD, "password": "qwerty123456",
                                                  "confirm": "qwerty123456"})
    assert "zu verbreitet" in common.get_data(as_text=True)
    long_one = "ein sehr langer Passwortsatz " * 3  # 87 characters are welcome
    done = laptop.post_form("/konto/passwort", {"current": PASSWORD, "password": long_one, "confirm": long_one})
    assert done.status_code == 303
    assert laptop.get("/konto").status_code == 200  # this session goes on
    assert phone.get("/konto").status_code == 302  # the other one ended


def test_a_coordinator_deactivates_and_reactivates_a_person(app, login_as, graph):
    coordinator, anna = login_as("coordinator"), login_as("member_a")
    anna_id = graph.query("MATCH (u:User {email: $e}) RETURN u.id AS id",
                          e=ACTOR_ACCOUNTS["member_a"]["email"])[0]["id"]
    page = coordinator.get("/koordination/personen").get_data(as_text=True)
    assert ACTOR_ACCOUNTS["member_a"]["email"] in page
    coordinator.post_form(f"/koordination/personen/{anna_id}/deaktivieren", {}, page="/koordination/personen")
    assert anna.get("/konto").status_code == 302
    assert app.test_client().log_in(ACTOR_ACCOUNTS["member_a"]["email"]).status_code == 401
    coordinator.post_form(f"/koordination/personen/{anna_id}/reaktivieren", {}, page="/koordination/personen")
    assert app.test_client().log_in(ACTOR_ACCOUNTS["member_a"]["email"]).status_code == 302


def test_production_hashes_are_argon2id_with_the_rfc_profile(neo4j_server):
    from allianz import create_app
    from allianz.accounts.passwords import hash_password

    from conftest import test_settings
    settings = {key: value for key, value in test_settings().items() if not key.startswith("ARGON2_")}
    with create_app(settings | {"ARGON2_MEMORY_KIB": 65536, "ARGON2_TIME_COST": 3,
                                "ARGON2_PARALLELISM": 4}).app_context():
        assert hash_password("ein-passwort-fuer-den-test").startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    from config import Config
    assert not hasattr(Config, "ARGON2_MEMORY_KIB")  # production uses the defaults above


def test_coordinators_cannot_make_or_unmake_admins(app, login_as, actors, graph):
    coordinator = login_as("coordinator")
    response = coordinator.post_form("/koordination/einladungen", {"email": "boss@x.example", "partner_id": "pa",
                                                                   "role": "admin"})
    assert response.status_code == 400
    assert graph.query("MATCH (i:Invitation) RETURN count(i) AS n")[0]["n"] == 0
    admin_id = actors["admin"]["id"]
    assert coordinator.post_form(f"/koordination/personen/{admin_id}/deaktivieren", {},
                                 page="/koordination/personen").status_code == 403
    assert login_as("admin").post_form("/koordination/einladungen", {"email": "boss@x.example", "partner_id": "pa",
                                                                     "role": "admin"}).status_code == 303


@pytest.mark.parametrize("headers", [{"Host": "evil.example"}, {"X-Forwarded-Host": "evil.example"}])
def test_a_reset_asked_for_under_a_forged_host_mails_the_configured_address(app, actors, caplog, headers):
    app.config.update(BASE_URL="https://allianz.musterstadt.example", PROXY_COUNT=1)
    client = app.test_client()  # the attacker's own session, every request under the forged host
    token = csrf_token_in(client.get("/passwort-vergessen", headers=headers).get_data(as_text=True))
    asked = client.post("/passwort-vergessen", headers=headers,
                        data={"email": ACTOR_ACCOUNTS["member_a"]["email"], "csrf_token": token})
    assert asked.status_code == 303
    assert outbox.wait_until_sent(timeout=60)  # the reset is worked out in the background
    assert "https://allianz.musterstadt.example/passwort-neu/" in caplog.text
    assert "evil.example" not in caplog.text


def test_an_invitation_link_is_built_from_the_configured_address(app, actors, login_as, caplog):
    app.config.update(BASE_URL="https://allianz.musterstadt.example")
    coordinator = login_as("coordinator")
    token = coordinator.csrf_token("/koordination/einladungen")
    coordinator.post("/koordination/einladungen", headers={"X-Forwarded-Host": "evil.example"},
                     data={"email": "neu@partner-a.example", "partner_id": "pa", "role": "member", "csrf_token": token})
    assert "https://allianz.musterstadt.example/einladung/" in caplog.text
    assert "evil.example" not in caplog.text


def test_production_refuses_to_start_without_the_site_address():
    from allianz import create_app

    from conftest import test_settings
    settings = test_settings()
    settings.update(ENV="production", SECRET_KEY="x" * 64, BASE_URL=None)
    with pytest.raises(RuntimeError, match="ALLIANZ_BASE_URL"):
        create_app(settings)
    settings["BASE_URL"] = "https://allianz.musterstadt.example"
    made = create_app(settings)
    assert made.test_client().get("/healthz", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize("password", ["passwort1234", "Passwort1234", "schatz123456", "sonnenschein123",
                                      "ichliebedich1"])
def test_german_common_passwords_are_refused_at_the_form(login_as, password):
    laptop = login_as("member_a")
    refused = laptop.post_form("/konto/passwort", {"current": PASSWORD, "password": password, "confirm": password})
    assert refused.status_code == 400 and "zu verbreitet" in refused.get_data(as_text=True)


def test_hallo123456_is_refused_too_by_its_length_and_by_the_list(login_as):
    from allianz.accounts.passwords import is_common
    assert is_common("hallo123456")  # in the German list; with 11 characters the length rule refuses it first
    refused = login_as("member_a").post_form("/konto/passwort", {"current": PASSWORD, "password": "hallo123456",
                                                                 "confirm": "hallo123456"})
    assert refused.status_code == 400 and "mindestens 12 Zeichen" in refused.get_data(as_text=True)


def test_the_german_list_is_shipped_whole_and_a_long_pass_phrase_still_passes():
    from allianz.accounts.passwords import GERMAN_LIST, password_problem
    lines = GERMAN_LIST.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 10_000 and lines[:3] == ["huhbbhzu78", "123456", "123456789"]
    assert password_problem("ein sehr langer Passwortsatz") is None
    assert password_problem("tastatur8374-wolke") is None

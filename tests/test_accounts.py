"""Accounts: log in and out, sessions that end everywhere, cookies, throttling, CSRF, the CLI."""
import time

import pytest

from account_helpers import ACTOR_ACCOUNTS, PASSWORD, csrf_token_in

ANNA = ACTOR_ACCOUNTS["member_a"]["email"]


def cookie_header(response, name):
    """The Set-Cookie header that sets `name`, or ''."""
    return next((value for value in response.headers.getlist("Set-Cookie") if value.startswith(name + "=")), "")


def test_the_login_page_is_a_form_with_a_csrf_token(client):
    page = client.get("/anmelden")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert csrf_token_in(html)
    assert 'autocomplete="current-password"' in html


def test_log_in_by_email_in_any_case_shows_the_name_and_a_logout_button(app, actors):
    client = app.test_client()
    response = client.log_in(ANNA.upper())
    assert response.status_code == 302
    page = client.get("/konto").get_data(as_text=True)
    assert "Anna A" in page and "Partner A" in page
    assert 'action="/abmelden"' in page


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(app, actors):
    client = app.test_client()
    wrong = client.log_in(ANNA, "falsches-passwort-123")
    unknown = client.log_in("niemand@nirgends.example", "falsches-passwort-123")
    assert wrong.status_code == unknown.status_code == 401
    message = "Die E-Mail-Adresse oder das Passwort stimmt nicht"
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    assert client.get("/konto").status_code == 302  # still not logged in


def test_unknown_emails_take_about_as_long_as_known_ones(app, actors):
    client = app.test_client()
    token = client.csrf_token("/anmelden")

    def timed(email):
        started = time.perf_counter()
        client.post("/anmelden", data={"email": email, "password": "falsches-passwort-123", "csrf_token": token})
        return time.perf_counter() - started
    known = min(timed(ANNA) for _ in range(2))
    unknown = min(timed(f"nobody{n}@nirgends.example") for n in range(2))
    assert unknown > known / 3  # both pay for one argon2 check (a missing one would be ~100x faster)


def test_a_deactivated_person_cannot_log_in(app, actors):
    from allianz.accounts import service
    with app.app_context():
        service.set_active(actors["member_a"]["id"], False)
    assert app.test_client().log_in(ANNA).status_code == 401


def test_login_without_csrf_token_is_refused(app, actors):
    response = app.test_client().post("/anmelden", data={"email": ANNA, "password": PASSWORD})
    assert response.status_code == 400
    assert "Formular abgelaufen" in response.get_data(as_text=True)


def test_logout_is_a_post_only(login_as):
    client = login_as("member_a")
    assert client.get("/abmelden").status_code == 405
    assert client.get("/konto").status_code == 200


def test_login_starts_a_fresh_session(app, actors):
    anna_id = actors["member_a"]["id"]
    client = app.test_client()
    client.get("/sprache/en")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.log_in(ANNA)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["lang"] == "en"  # the language choice survives
        assert session["_user_id"].split(":")[0] == anna_id


def test_a_replayed_session_cookie_is_refused_after_logout(app, actors):
    client = app.test_client()
    client.log_in(ANNA)
    stolen = client.get_cookie("session").value
    assert client.log_out().status_code == 303
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/konto").status_code == 302  # to the log-in page


def test_a_replayed_remember_me_cookie_is_refused_after_logout(app, actors):
    client = app.test_client()
    response = client.log_in(ANNA, remember=True)
    remember = cookie_header(response, "allianz_remember")
    assert remember and "HttpOnly" in remember and "SameSite=Lax" in remember
    stolen = client.get_cookie("allianz_remember").value
    fresh = app.test_client()  # no session, only the remember-me cookie
    fresh.set_cookie("allianz_remember", stolen)
    assert fresh.get("/konto").status_code == 200
    client.log_out()
    replay = app.test_client()
    replay.set_cookie("allianz_remember", stolen)
    assert replay.get("/konto").status_code == 302


def test_deactivation_and_a_password_change_end_every_session(app, actors):
    from allianz.accounts import service
    member, coordinator = app.test_client(), app.test_client()
    member.log_in(ANNA)
    coordinator.log_in(ACTOR_ACCOUNTS["coordinator"]["email"])
    with app.app_context():
        service.set_password(actors["coordinator"]["id"], "ein-ganz-neues-passwort")
        service.set_active(actors["member_a"]["id"], False)
    assert member.get("/konto").status_code == 302
    assert coordinator.get("/konto").status_code == 302


def test_idle_timeout_and_absolute_lifetime_end_a_session(app, actors):
    client = app.test_client()
    client.log_in(ANNA)
    with client.session_transaction() as session:
        session["seen_at"] -= app.config["SESSION_IDLE_MINUTES"] * 60 + 5
    assert client.get("/konto").status_code == 302
    client.log_in(ANNA)
    with client.session_transaction() as session:
        session["login_at"] -= app.config["SESSION_LIFETIME_HOURS"] * 3600 + 5
        session["seen_at"] = time.time()
    assert client.get("/konto").status_code == 302


def test_session_cookies_are_secure_httponly_and_samesite_lax(neo4j_server):
    from allianz import create_app

    from conftest import test_settings
    secure = create_app(test_settings() | {"SESSION_COOKIE_SECURE": True, "REMEMBER_COOKIE_SECURE": True})
    client = secure.test_client()
    response = client.get("/anmelden")
    header = cookie_header(response, "session")
    assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header


def test_the_default_configuration_keeps_cookies_secure():
    import importlib

    import config
    importlib.reload(config)
    assert config.Config.SESSION_COOKIE_SECURE is True or config.os.environ.get("SESSION_COOKIE_SECURE") == "0"
    assert config.Config.SESSION_COOKIE_HTTPONLY and config.Config.SESSION_COOKIE_SAMESITE == "Lax"
    assert config.Config.SESSION_IDLE_MINUTES == 30 and config.Config.SESSION_LIFETIME_HOURS == 12


def test_failed_logins_lock_the_account_for_a_while_known_or_not(app, actors, graph):
    client = app.test_client()
    limit = app.config["LOGIN_ACCOUNT_FAILURES"]
    for email in (ANNA, "niemand@nirgends.example"):
        for _ in range(limit):
            client.log_in(email, "falsches-passwort-123")
        locked = client.log_in(email, PASSWORD)
        assert locked.status_code == 429
        assert "Zu viele fehlgeschlagene Anmeldungen" in locked.get_data(as_text=True)
    person = graph.query("MATCH (u:User {email: $e}) RETURN u.failed_logins AS n, u.locked_until AS until", e=ANNA)[0]
    assert person["n"] == limit and person["until"] is not None
    # another account from another address is not affected
    other = app.test_client()
    response = other.post_form("/anmelden", {"email": ACTOR_ACCOUNTS["member_b"]["email"], "password": PASSWORD},
                               environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 302


def test_failed_logins_lock_an_address_trying_many_accounts(app, actors):
    app.config["LOGIN_ADDRESS_FAILURES"] = 3
    client = app.test_client()
    for n in range(3):
        client.log_in(f"probe{n}@nirgends.example", "falsches-passwort-123")
    assert client.log_in(ANNA).status_code == 429


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_next_goes_to_local_paths_only(app, actors, target):
    client = app.test_client()
    token = client.csrf_token("/anmelden")
    response = client.post("/anmelden", query_string={"next": target},
                           data={"email": ANNA, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_keeps_a_local_path(app, actors):
    client = app.test_client()
    token = client.csrf_token("/anmelden")
    response = client.post("/anmelden?next=/konto", data={"email": ANNA, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/konto"


def test_the_header_offers_login_or_the_name_and_logout(client, login_as):
    assert "Anmelden" in client.get("/").get_data(as_text=True)
    page = login_as("coordinator").get("/").get_data(as_text=True)
    assert "Kora K" in page and "Abmelden" in page


def test_remember_me_starts_a_new_session_after_the_idle_timeout(app, actors):
    client = app.test_client()
    client.log_in(ANNA, remember=True)
    with client.session_transaction() as session:
        session["seen_at"] -= app.config["SESSION_IDLE_MINUTES"] * 60 + 5
    assert client.get("/konto").status_code == 200  # the remember-me cookie started a fresh session
    with client.session_transaction() as session:
        assert time.time() - session["login_at"] < 60

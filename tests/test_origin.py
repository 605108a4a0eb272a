"""A state change that a browser says came from another site is refused before it is read, even with a
valid CSRF token (ASVS: Origin / Fetch Metadata); the same change from this site goes through."""
import pytest

from account_helpers import ACTOR_ACCOUNTS, PASSWORD


def log_in_with(client, headers):
    """POST the log-in form of member A with a valid token and the given browser headers."""
    token = client.csrf_token("/anmelden")
    return client.post("/anmelden", data={"csrf_token": token, "email": ACTOR_ACCOUNTS["member_a"]["email"],
                                          "password": PASSWORD}, headers=headers)


@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {"Origin": "http://localhost.evil.example"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost"},
])
def test_a_cross_site_post_with_a_valid_token_is_refused(app, actors, headers):
    client = app.test_client()
    answer = log_in_with(client, headers)
    assert answer.status_code == 403
    assert client.get("/konto").status_code == 302  # not logged in: sent to the log-in page


@pytest.mark.parametrize("headers", [
    {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"},
    {"Sec-Fetch-Site": "none"},
    {},  # a program that sends neither: the token decides
])
def test_the_same_post_from_this_site_goes_through(app, actors, headers):
    client = app.test_client()
    assert log_in_with(client, headers).status_code == 302
    assert client.get("/konto").status_code == 200


def test_reading_pages_is_not_affected(app, actors):
    assert app.test_client().get("/", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 200

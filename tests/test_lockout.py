"""A lock-out an attacker cannot aim (ASVS 5.0 6.1.1): wrong passwords from other addresses lock out the
unknown clients of the account and their own address, never the owner's browser; a whole office behind
one address keeps logging in from the browsers it used before; a known browser that guesses is locked itself."""
import pytest

from account_helpers import ACTOR_ACCOUNTS, PASSWORD

ANNA = ACTOR_ACCOUNTS["member_a"]["email"]
BERT = ACTOR_ACCOUNTS["member_b"]["email"]


def attempt(client, email, password, address):
    """One log-in POST from `address` (as the server sees the client); the status."""
    token = client.csrf_token("/anmelden")
    return client.post("/anmelden", data={"csrf_token": token, "email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address}).status_code


def owners_browser(app, email, address="10.0.0.1"):
    """A browser in which the person logged in once (so it holds a device cookie), logged out again."""
    client = app.test_client()
    assert attempt(client, email, PASSWORD, address) == 302
    client.post_form("/abmelden", {}, page="/konto")
    return client


@pytest.fixture
def limited(app):
    """The app with the usual numbers: 5 failures lock an account's unknown clients, 20 an address."""
    app.config.update(LOGIN_ACCOUNT_FAILURES=5, LOGIN_ADDRESS_FAILURES=20)
    return app


def test_guesses_from_five_addresses_do_not_lock_out_the_owner_from_a_sixth(limited, actors):
    owner = owners_browser(limited, ANNA)
    attacker = limited.test_client()
    statuses = [attempt(attacker, ANNA, "falsch-falsch-falsch", f"203.0.113.{n}") for n in range(1, 8)]
    assert statuses[:5] == [401] * 5 and statuses[5:] == [429, 429]  # the account is locked for unknown clients
    assert attempt(limited.test_client(), ANNA, PASSWORD, "198.51.100.9") == 429  # even with the right password
    assert attempt(owner, ANNA, PASSWORD, "198.51.100.6") == 302  # the owner's browser, from a new address


def test_an_office_behind_one_address_is_not_locked_out_by_one_guesser(limited, actors):
    colleague = owners_browser(limited, BERT, address="192.0.2.1")
    guesser = limited.test_client()
    statuses = [attempt(guesser, f"niemand{n}@example.org", "falsch-falsch-falsch", "192.0.2.1") for n in range(22)]
    assert statuses[:20] == [401] * 20 and 429 in statuses[20:]  # the address is locked for unknown clients
    assert attempt(colleague, BERT, PASSWORD, "192.0.2.1") == 302  # a known browser behind it is not


def test_a_known_browser_that_guesses_is_locked_itself(limited, actors):
    stolen = owners_browser(limited, ANNA)
    statuses = [attempt(stolen, ANNA, "falsch-falsch-falsch", "10.0.0.1") for _n in range(6)]
    assert statuses[:5] == [401] * 5 and statuses[5] == 429
    assert attempt(stolen, ANNA, PASSWORD, "10.0.0.1") == 429
    assert attempt(limited.test_client(), ANNA, PASSWORD, "10.0.0.2") == 302  # unknown clients were not counted


def test_a_forged_device_cookie_counts_as_an_unknown_client(limited, actors):
    forged = limited.test_client()
    forged.set_cookie("allianz_device", "eyJmb3JnZWQiOnRydWV9.AAAA.BBBB")
    statuses = [attempt(forged, ANNA, "falsch-falsch-falsch", f"203.0.113.{n}") for n in range(1, 7)]
    assert statuses[5] == 429

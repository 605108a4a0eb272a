"""Test helpers for accounts: a client that sends CSRF tokens as a browser does, and the five actors.

    client.post_form("/anmelden", {"email": ..., "password": ...})   # GETs the page, sends its token
    login_as("member_a")                                             # a client logged in as that actor

The actors: anonymous, member_a (member of partner A), member_b (member of partner B), coordinator,
admin. Their e-mail addresses and the shared password are below.
"""
import re
from html import unescape

from flask.testing import FlaskClient

ACTORS = ("anonymous", "member_a", "member_b", "coordinator", "admin")
PASSWORD = "richtig-langes-test-passwort"
PARTNER_A, PARTNER_B = "pa", "pb"
ACTOR_ACCOUNTS = {
    "member_a": {"email": "anna@partner-a.example", "role": "member", "partner_id": PARTNER_A, "name": "Anna A"},
    "member_b": {"email": "bert@partner-b.example", "role": "member", "partner_id": PARTNER_B, "name": "Bert B"},
    "coordinator": {"email": "kora@allianz.example", "role": "coordinator", "partner_id": None, "name": "Kora K"},
    "admin": {"email": "adam@allianz.example", "role": "admin", "partner_id": None, "name": "Adam Admin"},
}
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')

ACTOR_GRAPH = """
MERGE (a:Partner {id: $a}) SET a.name = 'Partner A', a.kind = 'company', a.version = coalesce(a.version, 1),
      a.description = 'Beschreibung A', a.website = 'https://a.example', a.district = 'Altstadt'
MERGE (b:Partner {id: $b}) SET b.name = 'Partner B', b.kind = 'science', b.version = coalesce(b.version, 1),
      b.description = 'Beschreibung B', b.website = 'https://b.example', b.district = 'Hafen'
"""


def csrf_token_in(html):
    """The first CSRF token in a page, or None."""
    match = CSRF_FIELD.search(html)
    return unescape(match.group(1) or match.group(2)) if match else None


class BrowserClient(FlaskClient):
    """A test client that fetches a form's page first and sends its CSRF token, as a browser does."""

    def csrf_token(self, page="/"):
        """The CSRF token a GET of `page` hands out (any page with a form carries one)."""
        response = self.get(page)
        token = csrf_token_in(response.get_data(as_text=True))
        if token is None:
            raise AssertionError(f"no CSRF token on {page} (status {response.status_code})")
        return token

    def post_form(self, url, data=None, page=None, **kwargs):
        """POST `data` to `url` with the token of `page` (default: `url` itself, else the start page)."""
        data = dict(data or {})
        if "csrf_token" not in data:
            try:
                data["csrf_token"] = self.csrf_token(page or url)
            except AssertionError:
                if page:
                    raise
                data["csrf_token"] = self.csrf_token_any()
        return self.post(url, data=data, **kwargs)

    def csrf_token_any(self):
        """A token from a page that always has a form (the log-in page, or the header's log-out form)."""
        for page in ("/anmelden", "/konto"):
            response = self.get(page)
            token = csrf_token_in(response.get_data(as_text=True))
            if token:
                return token
        raise AssertionError("no page with a CSRF token")

    def log_in(self, email, password=PASSWORD, remember=False, follow=False):
        """Log in through the log-in form; returns the response."""
        data = {"email": email, "password": password}
        if remember:
            data["remember"] = "y"
        return self.post_form("/anmelden", data, follow_redirects=follow)

    def log_out(self):
        """Log out through the header's POST form."""
        return self.post_form("/abmelden", {}, page="/konto")


def create_actors(app, graph):
    """Partners A and B and the four people with accounts; returns {actor: person dict}."""
    from allianz.accounts import service

    graph.execute(ACTOR_GRAPH, a=PARTNER_A, b=PARTNER_B)
    people = {}
    with app.app_context():
        for actor, account in ACTOR_ACCOUNTS.items():
            people[actor] = service.create_user(account["email"], account["name"], account["role"],
                                                account["partner_id"], PASSWORD, via="cli")
    return people

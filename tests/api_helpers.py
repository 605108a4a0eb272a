"""Test helpers for the JSON API: personal access tokens for the actors, and clients that send them."""
import re
from html import unescape

SECRET = re.compile(r'id="neuer-schluessel"[^>]*value="([^"]+)"')


def token_from_page(html):
    """The secret the account page shows once after creating a token."""
    match = SECRET.search(html)
    return unescape(match.group(1)) if match else None


def create_token(client, name="Test", scopes=("read",), days=90):
    """Create a token through the account page's form (as a person does); returns the secret."""
    response = client.post_form("/konto/schluessel", {"name": name, "scopes": list(scopes), "days": str(days)},
                                page="/konto")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    secret = token_from_page(response.get_data(as_text=True))
    assert secret, "no token shown on the page"
    return secret


def bearer(secret):
    """The Authorization header of a token."""
    return {"Authorization": f"Bearer {secret}"}


IDEA = {"title": "Sensorik-Netz für Luftqualität in Quartieren",
        "summary": "Günstige Sensoren messen die Luftqualität; die Daten kommen offen auf eine Plattform.",
        "fields": ["umwelt"], "needs": [{"id": "sensorik", "importance": 3}, {"id": "datenplattform"}],
        "partner_kinds": ["company"], "time_frame": "2027–2028", "scale": "quartier",
        "core_values": ["open_data"], "public": True}

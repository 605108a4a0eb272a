"""Single-use secrets in links (invitations, password resets): random, only their hash is stored."""
import hashlib
import secrets


def new_token():
    """(token for the link, its hash for the graph)."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token):
    """The SHA-256 of a token (tokens are long random strings, so no salt or slow hash is needed)."""
    return hashlib.sha256((token or "").encode()).hexdigest()

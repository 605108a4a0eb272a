"""Personal access tokens: a person creates (name, scopes, expiry), lists and revokes them; the API asks
`authenticate` with the secret of `Authorization: Bearer …` on every request.

The secret is shown once (the return value of `create`) and stored only as its SHA-256 (`accounts.tokens`:
long random strings need no salt or slow hash). A token works while it is neither revoked nor expired AND its
owner is active: all three are read on every request, so a revocation or a deactivation holds for the very
next one. "Last used" is written at most once per `LAST_USED_RESOLUTION` seconds.
"""
import uuid

from .. import writes
from ..accounts.tokens import new_token, token_hash
from ..db import execute, query, query_one
from . import queries

SCOPES = ("read", "write")
EXPIRY_DAYS = (30, 90, 365)
LAST_USED_RESOLUTION = 60  # seconds
PREFIX = "allz_"  # marks the secret as an Allianz token (secret scanners, people reading a config file)


def create(user, name, scopes, days):
    """Create a token for `user` (audited on the person); returns (secret, token): the secret is shown once."""
    secret = PREFIX + new_token()[0]
    hashed = token_hash(secret)
    token_id = uuid.uuid4().hex
    scopes = list(SCOPES) if "write" in scopes else [scope for scope in SCOPES if scope in scopes]  # write reads

    def change(tx):
        row = tx.run(queries.CREATE, id=token_id, user_id=user.id, name=name, token_hash=hashed, scopes=scopes,
                     days=int(days)).single()
        return None, {"token": name, "scopes": ", ".join(scopes), "days": int(days)}, row["token"]
    done = writes.unit_of_work(change, actor_id=user.id, action="token.create", target_label="User",
                               target_id=user.id, domain=False)
    return secret, done["result"]


def of_user(user_id):
    """The person's tokens, newest first: {token, usable}."""
    return query(queries.OF_USER, user_id=user_id)


def revoke(user, token_id):
    """Revoke one of the person's own tokens (audited); False when it is not theirs or already revoked."""
    def change(tx):
        row = tx.run(queries.REVOKE, id=token_id, user_id=user.id).single()
        if row is None:
            return {}, {}, False
        return {"token": row["name"]}, {"token": None}, True
    return writes.unit_of_work(change, actor_id=user.id, action="token.revoke", target_label="User",
                              target_id=user.id, domain=False)["result"]


def authenticate(secret):
    """(person row, token row) for a usable token of an active person, else None; notes the use."""
    if not secret or len(secret) > 200:
        return None
    row = query_one(queries.BY_HASH, token_hash=token_hash(secret), resolution=LAST_USED_RESOLUTION)
    if row is None or not row["token"]["usable"] or not row["user"].get("active"):
        return None
    if row["token"]["stale_use"]:
        execute(queries.TOUCH, id=row["token"]["id"])
    return row["user"], row["token"]

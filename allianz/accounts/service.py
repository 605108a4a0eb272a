"""People: create, find, (de)activate, authenticate with throttling, and the coordinators' read models
(people with what the viewer may do, partners to invite to). Shared by the pages and the CLI.

Its parts: `passwords` (policy, hashing), `session` (log in and out), `permissions` (who may do what),
`tokens`, `invitations`, `resets`."""
import hashlib
import uuid

from flask import current_app

from .. import writes
from ..db import get_graph, plain, query, query_one
from ..exceptions import AllianzError
from ..listing import name_key
from ..vocabulary import COORDINATING_ROLES, USER_ROLES
from . import queries
from .passwords import hash_password, password_problem, verify_password
from .permissions import roles_grantable_by

THROTTLE_WINDOW_MINUTES = 15


class AccountError(AllianzError):
    """A request about accounts that cannot be done (unknown partner, taken e-mail, weak password…)."""


def normal_email(email):
    """E-mail addresses are kept and compared in lower case, without surrounding blanks."""
    return (email or "").strip().lower()


def find_by_email(email):
    """The person with `email` (any case) as a plain dict, or None."""
    row = query_one(queries.USER_BY_EMAIL, email=normal_email(email))
    return row["user"] if row else None


def find_by_id(user_id):
    """The person `user_id` as a plain dict, or None."""
    row = query_one(queries.USER_BY_ID, id=user_id)
    return row["user"] if row else None


def list_users():
    """Every person, by e-mail."""
    return [row["user"] for row in query(queries.LIST_USERS)]


def people_for(viewer):
    """Every person, by e-mail, each with `may_switch`: whether `viewer` may (de)activate them (not
    themselves, and only people whose role the viewer may grant)."""
    grantable = roles_grantable_by(viewer)
    return [{**user, "may_switch": user["id"] != viewer.id and user["role"] in grantable}
            for user in list_users()]


def partner_choices():
    """(id, name) of every partner, by name the German way: whom a coordinator may invite people to."""
    rows = sorted(query(queries.PARTNER_CHOICES), key=lambda row: name_key(row["name"] or row["id"]))
    return [(row["id"], row["name"] or row["id"]) for row in rows]


def password_matches(user_id, password):
    """Whether `password` is the person's current one (the same cost of a check when there is no such person)."""
    stored = query_one(queries.PASSWORD_HASH_BY_ID, id=user_id)
    return verify_password(stored["password_hash"] if stored else None, password)


def partner_members(partner_id):
    """The people of one partner, by name."""
    return [row["user"] for row in query(queries.PARTNER_MEMBERS, partner_id=partner_id)]


def check_new_user(tx, email, role, partner_id):
    """Raise AccountError when a person with these details cannot be created."""
    if role not in USER_ROLES:
        raise AccountError(f"unknown role {role!r} (one of {', '.join(USER_ROLES)})")
    if role not in COORDINATING_ROLES and not partner_id:
        raise AccountError("a member belongs to a partner: give its id")
    if partner_id and tx.run(queries.PARTNER_EXISTS, id=partner_id).single() is None:
        raise AccountError(f"no partner with id {partner_id!r}")
    if tx.run(queries.USER_BY_EMAIL, email=email).single() is not None:
        raise AccountError(f"{email} has an account already")


def new_id():
    """A fresh id for a person."""
    return uuid.uuid4().hex


def insert_user(tx, user_id, email, name, role, partner_id, password):
    """Inside a write transaction: create the person (checked first) and return it as a plain dict."""
    email = normal_email(email)
    check_new_user(tx, email, role, partner_id)
    row = tx.run(queries.CREATE_USER, id=user_id, email=email, name=name or "", role=role,
                 password_hash=hash_password(password), partner_id=partner_id or None).single()
    return plain(row["user"])


def public_fields(user):
    """What the audit trail keeps of a person (never the password hash)."""
    return {key: user.get(key) for key in ("email", "name", "role", "partner_id", "active")}


def create_user(email, name, role, partner_id, password, *, actor_id=None, via="web"):
    """Create a person (password checked against the policy), audited; returns the person."""
    problem = password_problem(password)
    if problem:
        raise AccountError(str(problem))
    user_id = new_id()

    def change(tx):
        created = insert_user(tx, user_id, email, name, role, partner_id, password)
        return None, public_fields(created), created
    return writes.unit_of_work(change, actor_id=actor_id, action="user.create", target_label="User",
                              target_id=user_id, domain=False, via=via)["result"]


def set_active(user_id, active, *, actor_id=None, via="web"):
    """Deactivate (every session ends) or reactivate a person, audited; returns the person."""
    def change(tx):
        row = tx.run(queries.USER_BY_ID, id=user_id).single()
        if row is None:
            raise AccountError(f"no person with id {user_id}")
        before = {"active": row["user"]["active"]}
        tx.run(queries.SET_ACTIVE, id=user_id, active=active).consume()
        return before, {"active": active}
    writes.unit_of_work(change, actor_id=actor_id, action="user.activate" if active else "user.deactivate",
                       target_label="User", target_id=user_id, domain=False, via=via)
    return find_by_id(user_id)


def set_password(user_id, password, *, actor_id=None, via="web", action="user.password", reset_hash=None):
    """Set a new password (policy checked): every session ends, open reset links die; audited.

    With `reset_hash`, that reset link must still be valid, and is used up in the same transaction.
    """
    problem = password_problem(password)
    if problem:
        raise AccountError(str(problem))

    def change(tx):
        if reset_hash is not None and \
                tx.run(queries.USE_RESET, token_hash=reset_hash, user_id=user_id).single() is None:
            raise AccountError("this reset link is no longer valid")
        tx.run(queries.SET_PASSWORD, id=user_id, password_hash=hash_password(password)).consume()
        return {"password": "…"}, {"password": "(geändert)"}
    writes.unit_of_work(change, actor_id=actor_id or user_id, action=action, target_label="User",
                       target_id=user_id, domain=False, via=via)


# -- log-in with throttling ------------------------------------------------------------------------------
def throttle_keys(email, address):
    """The two counters of a log-in attempt: the account (known or not) and the address."""
    digest = hashlib.sha256(normal_email(email).encode()).hexdigest()
    return f"account:{digest}", f"address:{address or 'unknown'}"


def locked_until(keys):
    """When the counters `keys` may try again (a datetime), or None when they may now."""
    row = query_one(queries.LOCKED_UNTIL, keys=list(keys))
    return row["until"] if row else None


def authenticate(email, password, address, device=None):
    """The person for `email` and `password`, or None; throttled so that an attacker cannot lock out the owner.

    `device` is the counter key of a known browser (`devices.known_device`): its attempts count for that
    browser only. Other attempts count per account and per address (a lock grows with further failures).
    Returns (user or None, locked_until or None). Unknown e-mails, wrong passwords and deactivated
    people look the same from outside: the same answer, a password check of the same cost.
    """
    account_key, address_key = throttle_keys(email, address)
    config = current_app.config
    if device is not None:
        counters = [{"key": device, "limit": config["LOGIN_ACCOUNT_FAILURES"], "email": None}]
    else:
        counters = [{"key": account_key, "limit": config["LOGIN_ACCOUNT_FAILURES"], "email": normal_email(email)},
                    {"key": address_key, "limit": config["LOGIN_ADDRESS_FAILURES"], "email": None}]
    until = locked_until(counter["key"] for counter in counters)
    if until is not None:
        return None, until
    email = normal_email(email)
    row = query_one(queries.PASSWORD_HASH, email=email)
    known = row is not None and row["active"]
    ok = verify_password(row["password_hash"] if known else None, password)
    if not (known and ok):
        get_graph().execute(queries.FAILED, window_minutes=THROTTLE_WINDOW_MINUTES, counters=counters)
        return None, None
    get_graph().execute(queries.SUCCEEDED, key=device or account_key)
    return find_by_email(email), None

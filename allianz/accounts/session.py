"""Sessions: Flask-Login wired to Neo4j, with a per-person session version checked on every request.

The session and the remember-me cookie carry `"<user id>:<session version>:<issued>"`. Logging out,
changing the password and deactivation move the version on in Neo4j, so every copy of an older
cookie is refused by every app worker. Idle timeout and absolute lifetime bound a session;
a remember-me cookie is bounded by REMEMBER_COOKIE_DAYS from when it was issued.
"""
import time
from datetime import timedelta

from flask import current_app, session
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin, login_user, logout_user, user_loaded_from_cookie

from ..db import execute, query_one
from ..extensions import login_manager
from ..vocabulary import COORDINATING_ROLES
from . import queries

SESSION_KEYS = ("_user_id", "_fresh", "_id", "login_at", "seen_at")
KEPT_ON_LOGIN = ("lang",)  # what survives the fresh session of a log-in
SEEN_RESOLUTION = 60  # seconds: the idle clock is written to the cookie at most once a minute


class Account(UserMixin):
    """The logged-in person as `current_user`: id, email, name, role, partner_id, is_coordinator."""

    def __init__(self, row, issued=None):
        self.id = row["id"]
        self.email = row["email"]
        self.name = row.get("name") or row["email"]
        self.role = row["role"]
        self.partner_id = row.get("partner_id")
        self.partner_name = row.get("partner_name")
        self.active = bool(row.get("active"))
        self.session_version = int(row.get("session_version") or 0)
        self.issued = int(issued if issued is not None else time.time())

    @property
    def is_active(self):
        """Deactivated people cannot log in."""
        return self.active

    @property
    def is_coordinator(self):
        """Coordinators and admins run the alliance."""
        return self.role in COORDINATING_ROLES

    @property
    def is_admin(self):
        """Operations."""
        return self.role == "admin"

    def get_id(self):
        """The token kept in the session and the remember-me cookie."""
        return f"{self.id}:{self.session_version}:{self.issued}"


def parse_token(token):
    """(user id, session version, issued) from a session token, or None when it is malformed."""
    parts = (token or "").split(":")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    return parts[0], int(parts[1]), int(parts[2])


def load_user(token):
    """Flask-Login's loader: the person, only when active and the token's session version is current."""
    parsed = parse_token(token)
    if parsed is None:
        return None
    user_id, version, issued = parsed
    if time.time() - issued > current_app.config["REMEMBER_COOKIE_DAYS"] * 86400:
        return None
    row = query_one(queries.USER_BY_ID, id=user_id)
    if row is None:
        return None
    user = row["user"]
    if not user.get("active") or int(user.get("session_version") or 0) != version:
        return None
    return Account(user, issued)


def enforce_session_limits():
    """Before each request: end a session past its idle timeout or absolute lifetime."""
    if "_user_id" not in session:
        return
    config, now = current_app.config, time.time()
    login_at, seen_at = session.get("login_at", 0), session.get("seen_at", 0)
    if (now - seen_at > config["SESSION_IDLE_MINUTES"] * 60
            or now - login_at > config["SESSION_LIFETIME_HOURS"] * 3600):
        for key in SESSION_KEYS:
            session.pop(key, None)  # a remember-me cookie may still start a new session
        return
    if now - seen_at > SEEN_RESOLUTION:
        session["seen_at"] = now


def started_from_cookie(_app, user=None):
    """A remember-me cookie started a new session: its clocks start now."""
    session["login_at"] = session["seen_at"] = time.time()


def log_in(row, remember=False):
    """Start a fresh session for the person `row` (a plain dict); returns the Account."""
    kept = {key: session[key] for key in KEPT_ON_LOGIN if key in session}
    session.clear()
    session.update(kept)
    account = Account(row)
    login_user(account, remember=remember, duration=timedelta(days=current_app.config["REMEMBER_COOKIE_DAYS"]),
               force=True)
    session["login_at"] = session["seen_at"] = time.time()
    execute(queries.LOGGED_IN, id=account.id)
    return account


def end_all_sessions(user_id):
    """Move the person's session version on: every session and remember-me cookie stops working."""
    execute(queries.END_SESSIONS, id=user_id)


def log_out(user_id):
    """End this session and every other of the person (all cookies with the old version die)."""
    end_all_sessions(user_id)
    kept = {key: session[key] for key in KEPT_ON_LOGIN if key in session}
    logout_user()
    remember = session.get("_remember")
    session.clear()
    session.update(kept)
    if remember:
        session["_remember"] = remember  # tells Flask-Login to delete the remember-me cookie


def init_app(app):
    """Bind Flask-Login: loader, log-in page, session limits, remember-me cookie settings."""
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Bitte melden Sie sich an, um diese Seite zu sehen.")
    login_manager.login_message_category = "info"
    app.config.setdefault("REMEMBER_COOKIE_DURATION", timedelta(days=app.config["REMEMBER_COOKIE_DAYS"]))
    app.config.setdefault("REMEMBER_COOKIE_NAME", "allianz_remember")
    app.before_request(enforce_session_limits)
    user_loaded_from_cookie.connect(started_from_cookie, app)

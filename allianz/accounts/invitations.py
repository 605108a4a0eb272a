"""Onboarding: coordinators invite people to a partner; an invitation is a single-use, expiring link.

Only the token's hash is stored. Accepting creates the person and uses the invitation in one
transaction, so a link works once. Every change is audited.
"""
import re
import unicodedata
import uuid

from flask import current_app
from flask_babel import gettext as _

from .. import outbox, writes
from ..db import plain, query, query_one
from ..mail import site_url
from ..vocabulary import INVITATION_STATE_WORDS, KINDS, USER_ROLES
from . import queries
from .passwords import password_problem
from .service import AccountError, insert_user, new_id, normal_email, public_fields
from .tokens import new_token, token_hash


def invitation_mail(email, partner_name, token):
    """Send (queued for the outbox, or logged when no mail server is set) the invitation mail; returns it as a dict."""
    link = site_url("accounts.accept_invitation", token=token)
    days = int(current_app.config["INVITATION_DAYS"])
    body = _("Guten Tag,\n\nSie sind eingeladen, in der Allianz Smart City für %(partner)s mitzuarbeiten. "
             "Über diesen Link legen Sie Ihren Namen und Ihr Passwort fest (gültig %(days)s Tage, nur einmal):\n\n"
             "%(link)s\n\nFalls Sie keine Einladung erwartet haben, ignorieren Sie diese Nachricht.",
             partner=partner_name, days=days, link=link)
    return outbox.send(email, _("Einladung zur Allianz Smart City"), body)


def invite(email, role, partner_id, *, actor_id):
    """Invite `email` to `partner_id` with `role`; returns (invitation, mail)."""
    email = normal_email(email)
    if role not in USER_ROLES:
        raise AccountError(f"unknown role {role!r}")
    token, hashed = new_token()
    invitation_id = uuid.uuid4().hex

    def change(tx):
        if tx.run(queries.USER_BY_EMAIL, email=email).single() is not None:
            raise AccountError(_("Für diese E-Mail-Adresse gibt es schon ein Konto."))
        row = tx.run(queries.CREATE_INVITATION, id=invitation_id, token_hash=hashed, email=email, role=role,
                     partner_id=partner_id, sent_by=actor_id,
                     days=int(current_app.config["INVITATION_DAYS"])).single()
        if row is None:
            raise AccountError(_("Diesen Partner gibt es nicht."))
        invitation = plain(row["invitation"])
        return None, {"email": email, "role": role, "partner_id": partner_id}, invitation
    invitation = writes.unit_of_work(change, actor_id=actor_id, action="invitation.create",
                                    target_label="Invitation", target_id=invitation_id, domain=False)["result"]
    return invitation, invitation_mail(email, invitation["partner_name"], token)


def partner_id_for(name):
    """A new partner id from its name: lower-case ASCII words joined by '-', plus a short suffix."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:40] or "partner"
    return f"{slug}-{uuid.uuid4().hex[:6]}"


def create_partner_and_invite(name, kind, email, *, actor_id):
    """Create a partner and invite its first member in one unit of work; returns (partner, invitation, mail)."""
    if kind not in KINDS:
        raise AccountError(f"unknown kind {kind!r}")
    email = normal_email(email)
    partner_id, invitation_id = partner_id_for(name), uuid.uuid4().hex
    token, hashed = new_token()

    def change(tx):
        if tx.run(queries.USER_BY_EMAIL, email=email).single() is not None:
            raise AccountError(_("Für diese E-Mail-Adresse gibt es schon ein Konto."))
        partner = plain(tx.run(queries.CREATE_PARTNER, id=partner_id, name=name, kind=kind).single()["partner"])
        invitation = plain(tx.run(queries.CREATE_INVITATION, id=invitation_id, token_hash=hashed, email=email,
                                  role="member", partner_id=partner_id, sent_by=actor_id,
                                  days=int(current_app.config["INVITATION_DAYS"])).single()["invitation"])
        writes.record(tx, actor_id, "invitation.create", "Invitation", invitation_id, None,
                     {"email": email, "role": "member", "partner_id": partner_id})
        return None, {"name": name, "kind": kind}, (partner, invitation)
    partner, invitation = writes.unit_of_work(change, actor_id=actor_id, action="partner.create",
                                             target_label="Partner", target_id=partner_id)["result"]
    return partner, invitation, invitation_mail(email, name, token)


def find(invitation_id):
    """One invitation as a dict (with its state: open, used, revoked, expired), or None."""
    row = query_one(queries.INVITATION_BY_ID, id=invitation_id)
    return row["invitation"] if row else None


def open_invitation(token):
    """The open invitation a link's token opens, or None (unknown, used, revoked or expired)."""
    row = query_one(queries.OPEN_INVITATION_BY_TOKEN, token_hash=token_hash(token))
    return row["invitation"] if row else None


def recent(limit=200):
    """The newest invitations, with their state, its word (`state_word`, translated where shown) and what
    may be done with each: `is_open` (it may be revoked), `may_resend` (not used yet)."""
    return [{**invitation, "state_word": INVITATION_STATE_WORDS[invitation["state"]],
             "is_open": invitation["state"] == "open", "may_resend": invitation["state"] != "used"}
            for invitation in (row["invitation"] for row in query(queries.LIST_INVITATIONS, limit=limit))]


def resend(invitation_id, *, actor_id):
    """A new link for an unused invitation (the old link dies, the expiry starts again); returns the mail."""
    invitation = find(invitation_id)
    if invitation is None or invitation["state"] == "used":
        raise AccountError(_("Diese Einladung kann nicht erneut gesendet werden."))
    token, hashed = new_token()

    def change(tx):
        tx.run(queries.RENEW_INVITATION, id=invitation_id, token_hash=hashed,
               days=int(current_app.config["INVITATION_DAYS"])).consume()
        return {"sent_count": invitation["sent_count"]}, {"sent_count": (invitation["sent_count"] or 1) + 1}
    writes.unit_of_work(change, actor_id=actor_id, action="invitation.resend", target_label="Invitation",
                       target_id=invitation_id, domain=False)
    return invitation_mail(invitation["email"], invitation["partner_name"], token)


def revoke(invitation_id, *, actor_id):
    """Revoke an open invitation: its link stops working."""
    def change(tx):
        if tx.run(queries.REVOKE_INVITATION, id=invitation_id).single() is None:
            raise AccountError(_("Diese Einladung ist nicht mehr offen."))
        return {"revoked": False}, {"revoked": True}
    writes.unit_of_work(change, actor_id=actor_id, action="invitation.revoke", target_label="Invitation",
                       target_id=invitation_id, domain=False)


def accept(token, name, password):
    """Create the invited person with `name` and `password` and use the invitation, in one transaction."""
    invitation = open_invitation(token)
    if invitation is None:
        raise AccountError(_("Diese Einladung ist ungültig, abgelaufen oder schon benutzt."))
    problem = password_problem(password)
    if problem:
        raise AccountError(str(problem))
    user_id = new_id()

    def change(tx):
        if tx.run(queries.USE_INVITATION, token_hash=token_hash(token)).single() is None:
            raise AccountError(_("Diese Einladung ist ungültig, abgelaufen oder schon benutzt."))
        user = insert_user(tx, user_id, invitation["email"], name, invitation["role"], invitation["partner_id"],
                           password)
        return None, public_fields(user), user
    return writes.unit_of_work(change, actor_id=user_id, action="user.create", target_label="User",
                              target_id=user_id, domain=False, actor_name=name)["result"]

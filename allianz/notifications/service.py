"""Notifications: written in the transaction of the change that causes them, read in the app, mailed.

`notify(tx, user_ids, kind, project, actor_name, detail)` is called inside a unit of work;
`mail_pending()` after the commit queues the mails people chose to get right away (`allianz.outbox` sends
them in the background), `send_pending(digest=True)` (the `allianz notifications digest` command) sends the
daily digest.
"""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from .. import outbox, writes
from ..db import execute, query, query_one
from ..mail import MailFailed, send_mail, site_url
from ..vocabulary import (
    COORDINATING_ROLES,
    COORDINATOR_MAIL_KINDS,
    DEFAULT_MAIL_KINDS,
    NOTIFICATION_KINDS,
    STATUS_WORDS,
    TRANSITION_DONE_WORDS,
)
from . import queries

# The parameters of the mail defaults (queries.MAIL_KINDS).
DEFAULTS = {"roles": list(COORDINATING_ROLES), "defaults": list(DEFAULT_MAIL_KINDS),
            "coordinator_defaults": list(COORDINATOR_MAIL_KINDS)}


def notify(tx, user_ids, kind, project, actor_name=None, detail=None, action=None, reason=None):
    """Inside a write transaction: one notification of `kind` about `project` for each of `user_ids`.

    `project` is {id, title} (for a suggested competency: {id: None, title: its name}); a status change
    carries its `action` (accept, request_changes, …) and `reason`.
    """
    return notify_groups(tx, [(user_ids, kind, detail)], project, actor_name, action, reason)


def notify_groups(tx, groups, project, actor_name=None, action=None, reason=None):
    """Inside a write transaction: `notify` for several groups of one change at once, each `(user_ids, kind,
    detail)`, in one statement; a person named by several groups is told by the first."""
    notes, told = [], set()
    for user_ids, kind, detail in groups:
        if kind not in NOTIFICATION_KINDS:
            raise ValueError(f"not a notification kind: {kind}")
        fresh = sorted(set(filter(None, user_ids)) - told)
        told.update(fresh)
        notes += [{"user_id": user_id, "kind": kind, "detail": detail} for user_id in fresh]
    if not notes:
        return 0
    return tx.run(queries.CREATE, notes=notes, project_id=project["id"], project_title=project.get("title"),
                  actor_name=actor_name, action=action, reason=reason).single()["created"]


def coordinators(tx, except_user=None, but_not=()):
    """Inside a transaction: the ids of every active coordinator and admin, without `except_user` (the actor)
    and `but_not` (people told already in the same change)."""
    users = tx.run(queries.COORDINATORS, roles=list(COORDINATING_ROLES), except_user=except_user).single()["users"]
    told = set(but_not)
    return [user for user in users if user not in told]


def tell_coordinators(tx, kind, project, actor_id, actor_name, detail=None, but_not=()):
    """Inside a write transaction: notify every coordinator and admin but the actor of `kind` ("review",
    "suggestion"); `but_not` are people the same change told already."""
    return notify(tx, coordinators(tx, actor_id, but_not), kind, project, actor_name=actor_name, detail=detail)


def unread_count(user_id):
    """How many notifications of the person are unread."""
    return query_one(queries.UNREAD_COUNT, user_id=user_id)["unread"]


def for_user(user_id):
    """The person's latest notifications, newest first."""
    return [row["notification"] for row in query(queries.LIST, user_id=user_id)]


def mark_read(user_id, notification_id=None):
    """Mark one (or, without an id, every) notification of the person as read; returns how many.

    Not audited: it changes only the person's own inbox (its `read_at` is the record), like reading a page.
    """
    return execute(queries.MARK_READ, user_id=user_id, id=notification_id)[0]["marked"]


def find(user_id, notification_id):
    """One notification of the person ({id, kind, project_id, detail}), or None."""
    row = query_one(queries.ONE, id=notification_id, user_id=user_id)
    return row["notification"] if row else None


def open_one(user_id, notification_id):
    """Mark the person's notification read and return it (what it is about), or None when not theirs."""
    found = find(user_id, notification_id)
    if found is not None:
        mark_read(user_id, notification_id)
    return found


def preferences(user_id):
    """{mail_kinds, mail_digest} of the person (the defaults when they never chose)."""
    return query_one(queries.PREFERENCES, user_id=user_id, **DEFAULTS)


def save_preferences(user_id, mail_kinds, mail_digest):
    """Store which kinds the person gets by mail and whether as a daily digest (audited on the person)."""
    after = {"mail_kinds": ", ".join(k for k in NOTIFICATION_KINDS if k in mail_kinds),
             "mail_digest": bool(mail_digest)}

    def change(tx):
        row = tx.run(queries.STORED_PREFERENCES, user_id=user_id).single()
        before = {"mail_kinds": ", ".join(k for k in NOTIFICATION_KINDS if k in (row["mail_kinds"] or [])),
                  "mail_digest": bool(row["mail_digest"])}
        tx.run(queries.SAVE_PREFERENCES, user_id=user_id, mail_kinds=[k for k in NOTIFICATION_KINDS if k in mail_kinds],
               mail_digest=bool(mail_digest)).consume()
        return before, after
    writes.unit_of_work(change, actor_id=user_id, action="notifications.preferences", target_label="User",
                       target_id=user_id, domain=False)


def describe(notification):
    """One line of German (or English) text for a notification."""
    title, actor, detail = notification.get("project_title") or "", notification.get("actor_name") or "", \
        notification.get("detail") or ""
    kind = notification["kind"]
    if kind == "invitation":
        return _("%(actor)s lädt Ihren Partner in das Team von „%(title)s“ ein.", actor=actor, title=title)
    if kind == "join_request":
        return _("%(actor)s möchte mit seinem Partner bei „%(title)s“ mitmachen.", actor=actor, title=title)
    if kind == "answer":
        word = _("angenommen") if detail == "accepted" else _("abgelehnt")
        return _("%(actor)s hat zu „%(title)s“ geantwortet: %(answer)s.", actor=actor, title=title, answer=word)
    if kind == "status":
        return describe_status(notification, title, actor, detail)
    if kind == "review":
        return describe_review(title, actor, detail)
    if kind == "suggestion":
        return _("%(actor)s schlägt die Kompetenz „%(title)s“ vor (%(partner)s).", actor=actor, title=title,
                 partner=detail)
    return _("%(actor)s hat „%(title)s“ kommentiert.", actor=actor, title=title)


def describe_status(notification, title, actor, detail):
    """A status change: the decision by name and its reason („…“: Änderungen erbeten – „…“ (who))."""
    action, reason = notification.get("action"), notification.get("reason")
    if action not in TRANSITION_DONE_WORDS:  # written before decisions named themselves
        status = _(STATUS_WORDS.get(detail, detail))
        return _("„%(title)s“ ist jetzt: %(status)s (%(actor)s).", title=title, status=status, actor=actor)
    decision = _(TRANSITION_DONE_WORDS[action])
    if reason:
        return _("„%(title)s“: %(decision)s – „%(reason)s“ (%(actor)s).", title=title, decision=decision,
                 reason=reason, actor=actor)
    return _("„%(title)s“: %(decision)s (%(actor)s).", title=title, decision=decision, actor=actor)


def describe_review(title, actor, detail):
    """What waits for a coordinator's review: a (re)submission, a comment under review, a join request."""
    if detail == "resubmit":
        return _("%(actor)s hat „%(title)s“ überarbeitet und erneut zur Prüfung eingereicht.", actor=actor,
                 title=title)
    if detail == "comment":
        return _("%(actor)s hat „%(title)s“ (in Prüfung) kommentiert.", actor=actor, title=title)
    if detail == "join_request":
        return _("%(actor)s möchte mit seinem Partner bei „%(title)s“ mitmachen.", actor=actor, title=title)
    return _("%(actor)s hat „%(title)s“ zur Prüfung eingereicht.", actor=actor, title=title)


def mail_pending(digest=False, user_ids=None):
    """After a write: mail the notifications people chose to get right away, in the background
    (`allianz.outbox`), so that neither a slow mail server nor many followers slow the request."""
    outbox.submit(lambda: send_pending(digest=digest, user_ids=user_ids),
                  key=("notification mails", digest, tuple(sorted(user_ids)) if user_ids else None),
                  delay=current_app.config.get("MAIL_BATCH_SECONDS", 0))


def send_pending(digest=False, user_ids=None):
    """Mail the notifications people chose to get by mail (right away, or `digest`); returns mails sent.

    A notification is marked mailed only once its mail went out; one that failed stays pending and goes out
    with the next pass. Raises MailFailed after the others were sent when any failed (so the outbox retries).
    """
    sent, failed = 0, None
    for row in query(queries.PENDING_MAIL, digest=digest, user_ids=user_ids, **DEFAULTS):
        with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "de")):
            lines = [f"- {describe(n)}\n  {target_url(n)}" for n in row["notifications"]]
            subject = (_("Allianz: Ihre Benachrichtigungen des Tages") if digest
                       else _("Allianz: %(text)s", text=describe(row["notifications"][0])))
            body = "\n".join([_("Guten Tag %(name)s,", name=row["name"] or ""), ""] + lines
                             + ["", _("Alle Benachrichtigungen: %(url)s", url=inbox_url())])
        try:
            send_mail(row["email"], subject, body)
        except MailFailed as error:
            current_app.logger.error("notification mail to %s failed: %s", row["email"], error)
            failed = error
            continue
        execute(queries.MARK_MAILED, ids=[n["id"] for n in row["notifications"]])
        sent += 1
    if failed is not None:
        raise MailFailed(f"{sent} notification mail(s) sent, at least one failed: {failed}")
    return sent


def target_endpoint(notification):
    """(endpoint, values) of the page a notification is about: the idea, or the suggestions to settle."""
    if notification["kind"] == "suggestion" or not notification.get("project_id"):
        return "vocabulary.index", {}
    return "ideas.detail", {"id": notification["project_id"]}


def target_url(notification):
    """The absolute address of what a notification is about, on the configured site (for mails)."""
    endpoint, values = target_endpoint(notification)
    return site_url(endpoint, **values)


def inbox_url():
    """The absolute address of the notification list on the configured site."""
    return site_url("notifications.index")

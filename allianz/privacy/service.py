"""Privacy: what the privacy page says, the data export (one plain .zip), the erasure of a person and the
retention purge — all read from the one declaration in `inventory.py`.

- `export_zip(user_id)`       every kind linked to the person: JSON per kind, CSV beside it, LIESMICH/README
- `erase(user_id, …)`         ONE transaction: personal data gone, contributions kept as "ehemaliges Mitglied"
- `erase_own(user, …)`        the same for the logged-in person, after the password and the confirmation
- `purge()`                   deactivated accounts past the period, old log-in records, expired reset links
"""
import csv
import io
import json
import uuid
import zipfile
from datetime import date, datetime, timezone

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from .. import outbox, writes
from ..accounts.service import password_matches, throttle_keys
from ..db import get_graph, plain
from ..exceptions import AllianzError, NotFound
from . import queries
from .inventory import (
    ANONYMISE,
    DELETE,
    ERASE_WORDS,
    KINDS,
    OUTSIDE,
    UNLINK,
    Link,
    by_key,
    graph_kinds,
    relationship_kinds,
)

# The files of the export besides one per kind.
OTHER = "other"  # anything linked to the person that the inventory does not name (never expected)
SECRETS = ("password_hash", "token_hash")
ERASED_MARKER = "(gelöscht)"

# What erasure does with each declared relationship of a person: nodes of DELETE kinds go, the links of UNLINK
# and ANONYMISE kinds are cut, KEEP kinds stay linked to the remnant.
ERASE_LINKED = queries.erase_steps([(link.type, link.direction, link.label, kind.erase == DELETE)
                                    for kind in KINDS for link in kind.links
                                    if isinstance(link, Link) and kind.erase in (DELETE, UNLINK, ANONYMISE)])


class ErasureRefused(AllianzError):
    """The password was wrong or the confirmation missing: nothing was deleted."""


def login_key(email):
    """The log-in counter of the person's account (a hash of the e-mail address)."""
    return throttle_keys(email, None)[0]


# -- the page --------------------------------------------------------------------------------------------
def page_kinds():
    """Every kind for the privacy page: title, purpose, audience, retention and what erasure does."""
    return [{"key": kind.key, "title": kind.title, "purpose": kind.purpose, "audience": kind.audience,
             "retention": kind.retention, "erase": ERASE_WORDS[kind.erase]} for kind in KINDS]


# -- the export ------------------------------------------------------------------------------------------
def export_data(user_id):
    """{kind key: [rows]} of everything linked to the person (two reads, one transaction); NotFound when the
    person does not exist (an erased one neither)."""
    def read(tx):
        email = tx.run(queries.EMAIL, id=user_id).single()
        if email is None:
            return None
        person = plain(tx.run(queries.PERSON, id=user_id, login_key=login_key(email["email"])).single().data())
        linked = [plain(record.data()) for record in tx.run(queries.LINKED, id=user_id)]
        return person, linked
    found = get_graph().read(read)
    if found is None:
        raise NotFound(f"User {user_id}")
    person, linked = found
    data = {kind.key: [] for kind in graph_kinds()}
    user = person["user"]
    data["account"] = [rows_of("account", user)]
    data["notification_preferences"] = [rows_of("notification_preferences", user)]
    data["contacts"] = [rows_of("contacts", row) for row in person["contacts"]]
    data["invitations"] = [rows_of("invitations", row) for row in person["invitations"]]
    data["login_records"] = [rows_of("login_records", row) for row in person["login_records"]]
    audit = {row["id"]: row for row in (*person["audit_by"], *person["audit_about"])}
    by_link = relationship_kinds()
    for row in linked:
        kind = by_link.get((row["type"], "out" if row["out"] else "in", row["label"]))
        source = {**row["node"], **row["rel"], "project_id": row["project_id"], "relation": row["type"]}
        if kind is None:
            data.setdefault(OTHER, []).append({"relation": row["type"], "label": row["label"],
                                               **{k: v for k, v in row["node"].items() if k not in SECRETS}})
        elif kind.key == "audit":
            audit[source["id"]] = row["node"]
        else:
            data[kind.key].append(rows_of(kind.key, source))
    data["audit"] = [rows_of("audit", row) for row in sorted(audit.values(), key=lambda e: str(e.get("at")))]
    return data


def rows_of(key, source):
    """The exported fields of kind `key` from `source`, in the declared order."""
    return {f.name: source.get(f.name) for f in by_key(key).fields if f.exported}


def text_of(value):
    """A value as the export writes it: times in ISO 8601 (UTC), everything else as JSON knows it."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [text_of(item) for item in value]
    if isinstance(value, dict):
        return {key: text_of(item) for key, item in value.items()}
    return value


def csv_text(key, rows):
    """The rows of one kind as CSV (UTF-8, a header of the field names, lists joined with "; ")."""
    out = io.StringIO()
    names = [f.name for f in by_key(key).fields if f.exported] if by_key(key) else sorted({k for r in rows for k in r})
    writer = csv.writer(out)
    writer.writerow(names)
    for row in rows:
        cells = []
        for name in names:
            value = text_of(row.get(name))
            cells.append("; ".join(map(str, value)) if isinstance(value, list) else "" if value is None else value)
        writer.writerow(cells)
    return out.getvalue()


def explanation(locale, data, made_at):
    """LIESMICH.txt (German) or README.txt (English): what each file holds and what each field means."""
    with force_locale(locale):
        lines = [_("Ihre Daten in der Allianz Smart City"), "",
                 _("Erstellt am %(at)s (UTC). Jede Art von Daten steht in einer JSON-Datei und als Tabelle in einer "
                   "CSV-Datei (UTF-8) gleichen Namens. Zeiten sind in UTC (ISO 8601). Passwörter und Links werden "
                   "nur als Hash gespeichert und nie exportiert.", at=made_at.isoformat(timespec="seconds")), ""]
        for kind in KINDS:
            if kind.key not in data:
                continue
            lines += [f"{kind.key}.json, {kind.key}.csv — {kind.title} ({len(data[kind.key])})",
                      "  " + _("Zweck: %(text)s", text=kind.purpose),
                      "  " + _("Wer sieht es: %(text)s", text=kind.audience),
                      "  " + _("Aufbewahrung: %(text)s", text=kind.retention),
                      "  " + _("Felder:")]
            lines += [f"    {f.name}: {f.meaning}" for f in kind.fields if f.exported]
            lines.append("")
        if OTHER in data:
            lines += [f"{OTHER}.json, {OTHER}.csv — " + _("Weitere mit Ihnen verknüpfte Einträge"), ""]
        lines += [_("Nicht in diesem Archiv, weil nicht auf dem Server gespeichert:")]
        lines += [f"  {kind.title}: {kind.purpose} {kind.retention}" for kind in KINDS if OUTSIDE in kind.links]
        lines.append("")
    return "\n".join(lines)


def export_zip(user_id):
    """The person's data as a plain .zip (deflate): JSON and CSV per kind, LIESMICH.txt and README.txt."""
    data = export_data(user_id)
    made_at = datetime.now(timezone.utc)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key, rows in data.items():
            archive.writestr(f"{key}.json", json.dumps(text_of(rows), ensure_ascii=False, indent=2, default=str))
            archive.writestr(f"{key}.csv", csv_text(key, rows))
        archive.writestr("LIESMICH.txt", explanation("de", data, made_at))
        archive.writestr("README.txt", explanation("en", data, made_at))
    return buffer.getvalue()


def answer_access_request(user_id, *, actor_id):
    """A coordinator's answer to an access request: the same zip, the request audited on the person."""
    archive = export_zip(user_id)
    writes.unit_of_work(lambda tx: (None, {"access_request": "zip"}), actor_id=actor_id,
                        action="user.access_request", target_label="User", target_id=user_id, domain=False)
    return archive


# -- erasure ---------------------------------------------------------------------------------------------
def scrub_in(tx, strings):
    """Inside a write: replace the strings (whole JSON values) in the audit trail's recorded changes and in
    notifications' actor names."""
    strings = sorted({text for text in strings if isinstance(text, str) and text.strip()})
    if not strings:
        return
    needles = [json.dumps(text, ensure_ascii=False) for text in strings]
    tx.run(queries.SCRUB_AUDIT, needles=needles, marker=json.dumps(ERASED_MARKER, ensure_ascii=False)).consume()
    tx.run(queries.SCRUB_NOTIFICATIONS, names=strings).consume()


def forget_contact_in(tx, partner_id, contact):
    """Inside a write that removes a partner's contact person: their name, e-mail and phone leave the partner's
    audit trail (the events stay: "contact added", "contact changed")."""
    needles = [json.dumps(contact.get(key), ensure_ascii=False) for key in ("name", "email", "phone")
               if isinstance(contact.get(key), str) and contact[key].strip()]
    if needles:
        tx.run(queries.SCRUB_PARTNER_AUDIT, partner_id=partner_id, needles=needles,
               marker=json.dumps(ERASED_MARKER, ensure_ascii=False)).consume()


def erase_in(tx, user_id, former_id):
    """Inside a write: remove the person's personal data; returns their e-mail address."""
    person = tx.run(queries.LOCK_PERSON, id=user_id).single()
    if person is None:
        raise NotFound(f"User {user_id}")
    email, name = person["email"], person["name"]
    contacts = [record.data() for record in tx.run(queries.CONTACTS_OF, email=email)]
    tx.run(queries.DELETE_CONTACTS, email=email).consume()
    tx.run(queries.DELETE_INVITATIONS, email=email).consume()
    tx.run(queries.DELETE_LOGIN_RECORD, login_key=login_key(email)).consume()
    for step in ERASE_LINKED:
        tx.run(step, id=user_id).consume()
    tx.run(queries.ANONYMISE_ACTOR, id=user_id).consume()
    tx.run(queries.ANONYMISE_SUBJECT, id=user_id, former=former_id).consume()
    scrub_in(tx, [email, name, *(value for contact in contacts for value in contact.values())])
    if tx.run(queries.DROP_UNLINKED, id=user_id).single()["dropped"] == 0:
        tx.run(queries.BECOME_FORMER, id=user_id, former=former_id).consume()
    return email


def erase(user_id, *, actor_id=None, via="web", action="user.erase"):
    """Erase a person in ONE transaction (all or nothing), audited without their identity; their lines in
    the mail's dead-letter log go too. NotFound when there is no such person."""
    former_id = uuid.uuid4().hex
    found = {}

    def change(tx):
        found["email"] = erase_in(tx, user_id, former_id)
        return {"account": "…"}, {"account": ERASED_MARKER}
    def by_themselves(tx, event):
        tx.run(queries.MARK_ERASED_ACTOR, id=event["id"]).consume()
    writes.unit_of_work(change, actor_id=actor_id, action=action, target_label="User", target_id=former_id,
                        domain=False, via=via, notify=by_themselves if action == "user.erase_self" else None)
    outbox.forget_recipient(current_app, found["email"])
    return former_id


def erase_own(user_id, password, confirmed):
    """The logged-in person deletes their account: only with their password and the explicit confirmation
    (ErasureRefused otherwise, and nothing changes)."""
    if not confirmed:
        raise ErasureRefused(_("Bitte bestätigen Sie, dass Ihr Konto gelöscht werden soll."))
    if not password_matches(user_id, password or ""):
        raise ErasureRefused(_("Das Passwort stimmt nicht."))
    return erase(user_id, actor_id=None, action="user.erase_self")


# -- retention -------------------------------------------------------------------------------------------
def purge():
    """Delete deactivated accounts past the period, log-in records and expired reset links; returns counts."""
    config, graph = current_app.config, get_graph()
    expired = [row["id"] for row in graph.query(queries.EXPIRED_ACCOUNTS,
                                                months=int(config["PRIVACY_DEACTIVATED_MONTHS"]))]
    for user_id in expired:
        erase(user_id, via="cli", action="user.erase_retention")
    login = graph.execute(queries.PURGE_LOGIN_RECORDS, days=int(config["PRIVACY_LOGIN_RECORD_DAYS"]))[0]["removed"]
    resets = graph.execute(queries.PURGE_RESETS)[0]["removed"]
    return {"accounts": len(expired), "login_records": login, "password_resets": resets}

"""Partner self-service: read the editable profile, save it as one unit of work, contact persons and who
sees them. The only caller of `partners.profile.queries`."""
import uuid

from ... import writes
from ...accounts.permissions import can_edit_partner, can_see_contacts
from ...db import plain, query, query_one
from ...labels import competency_name
from ...privacy.service import forget_contact_in
from ...vocabulary import LEVELS
from .. import schema
from . import queries

PROFILE_FIELDS = tuple(field.name for field in schema.EDITABLE)  # description, website, district, founded, …


def editable(partner_id):
    """The partner as its edit form needs it, or None: profile, version, fields, competencies."""
    row = query_one(queries.EDITABLE, id=partner_id)
    if row is None:
        return None
    return {**row["partner"], "fields": row["fields"], "competencies": [
        {"id": c["id"], "label": competency_name(c) or c["id"], "level": c["level"]} for c in row["competencies"]]}


def comparable(profile):
    """The profile as the audit trail and the conflict page compare it: field → plain value."""
    competencies = sorted(profile.get("competencies") or [], key=lambda c: c["id"])
    return {**{key: profile.get(key) for key in PROFILE_FIELDS},
            "fields": ", ".join(sorted(profile.get("fields") or [])),
            "competencies": ", ".join(f"{c['id']}:{c.get('level') or '-'}" for c in competencies)}


def save(partner_id, version, profile, *, actor_id):
    """Save the editable properties, fields and competencies if `version` is still current.

    Raises VersionConflict (nothing written) when someone saved in between.
    """
    def change(tx):
        before = plain(tx.run(queries.EDITABLE, id=partner_id).single().data())
        before = comparable({**before["partner"], "fields": before["fields"], "competencies": before["competencies"]})
        tx.run(queries.SAVE_PROFILE, id=partner_id, profile=schema.editable(profile)).consume()
        tx.run(queries.SAVE_FIELDS, id=partner_id, fields=list(profile["fields"])).consume()
        tx.run(queries.SAVE_COMPETENCIES, id=partner_id, competencies=[
            {"id": c["id"], "level": c["level"]} for c in profile["competencies"]]).consume()
        return before, comparable(profile)
    return writes.unit_of_work(change, actor_id=actor_id, action="partner.edit", target_label="Partner",
                              target_id=partner_id, version=version)


def level_of(value):
    """A competency level 1–3 from a form value (2 when missing or out of range)."""
    try:
        level = int(value)
    except (TypeError, ValueError):
        return 2
    return level if level in LEVELS else 2


# -- contact persons -------------------------------------------------------------------------------------
CONTACT_FIELDS = ("name", "function", "email", "phone", "visible_to_members")


def contacts(partner_id):
    """The partner's contact persons, by name."""
    return [row["contact"] for row in query(queries.CONTACTS, id=partner_id)]


def contact(partner_id, contact_id):
    """One contact person of the partner, or None."""
    row = query_one(queries.CONTACT, partner_id=partner_id, id=contact_id)
    return row["contact"] if row else None


def add_contact(partner_id, data, *, actor_id):
    """Add a contact person (audited on the partner)."""
    contact_id = uuid.uuid4().hex

    def change(tx):
        tx.run(queries.ADD_CONTACT, partner_id=partner_id, id=contact_id,
               **{key: data[key] for key in CONTACT_FIELDS}).consume()
        return None, {f"contact.{key}": data[key] for key in CONTACT_FIELDS}
    writes.unit_of_work(change, actor_id=actor_id, action="contact.add", target_label="Partner",
                       target_id=partner_id, domain=False)
    return contact_id


def save_contact(partner_id, contact_id, version, data, *, actor_id):
    """Save a contact person if `version` is still current (VersionConflict otherwise)."""
    def change(tx):
        writes.claim_version(tx, "Contact", contact_id, version)
        before = plain(tx.run(queries.CONTACT, partner_id=partner_id, id=contact_id).single()["contact"])
        tx.run(queries.SAVE_CONTACT, partner_id=partner_id, id=contact_id,
               **{key: data[key] for key in CONTACT_FIELDS}).consume()
        return ({f"contact.{key}": before[key] for key in CONTACT_FIELDS},
                {f"contact.{key}": data[key] for key in CONTACT_FIELDS})
    writes.unit_of_work(change, actor_id=actor_id, action="contact.edit", target_label="Partner",
                       target_id=partner_id, domain=False)


def delete_contact(partner_id, contact_id, *, actor_id):
    """Remove a contact person (audited on the partner: that one was removed, not who): their name, e-mail
    and phone leave the partner's audit trail in the same transaction."""
    def change(tx):
        before = plain(tx.run(queries.CONTACT, partner_id=partner_id, id=contact_id).single()["contact"])
        tx.run(queries.DELETE_CONTACT, partner_id=partner_id, id=contact_id).consume()
        forget_contact_in(tx, partner_id, before)
        return {"contact": contact_id}, {"contact": None}
    writes.unit_of_work(change, actor_id=actor_id, action="contact.delete", target_label="Partner",
                       target_id=partner_id, domain=False)


def visible_contacts(partner_id, user):
    """The contact persons `user` may see: none for anonymous visitors; all for the partner's own
    members and coordinators; for other members only those shown to members."""
    if not can_see_contacts(user):
        return []
    everyone = contacts(partner_id)
    if can_edit_partner(user, partner_id):
        return everyone
    return [c for c in everyone if c.get("visible_to_members")]

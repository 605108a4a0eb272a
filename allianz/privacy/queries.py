"""Cypher of privacy: the export's two reads, the erasure's steps, the retention purge. Values only as
$parameters; labels and relationship types only from the inventory's fixed declaration."""
import re

# The node an erased person leaves behind when what they wrote stays: no name, no e-mail, a fresh id.
FORMER_LABEL = "FormerMember"

# -- the export: everything that hangs on the person by a relationship, then the rest ---------------------
# One row per relationship of the person, with the idea a comment, transition, notification or team
# request belongs to.
LINKED = """
MATCH (u:User {id: $id})-[r]-(n)
RETURN type(r) AS type, startNode(r) = u AS out, labels(n)[0] AS label, properties(n) AS node,
       properties(r) AS rel,
       head([(n)-[:ON|ABOUT]->(p:Project) | p.id] + [(n)<-[:HAD|INVITED]-(p:Project) | p.id]) AS project_id
"""

EMAIL = "MATCH (u:User {id: $id}) RETURN u.email AS email"

# The person itself and what is found by e-mail address, log-in counter or audit entry (no row: no person).
PERSON = """
MATCH (u:User {id: $id})
RETURN properties(u) AS user,
       COLLECT { MATCH (p:Partner)-[:HAS_CONTACT]->(c:Contact) WHERE toLower(c.email) = u.email
                 RETURN c {.*, partner_id: p.id} } AS contacts,
       COLLECT { MATCH (i:Invitation) WHERE i.email = u.email RETURN properties(i) } AS invitations,
       COLLECT { MATCH (t:LoginThrottle {key: $login_key}) RETURN properties(t) } AS login_records,
       COLLECT { MATCH (e:AuditEvent) WHERE e.actor_id = u.id RETURN properties(e) } AS audit_by,
       COLLECT { MATCH (e:AuditEvent) WHERE e.target_label = 'User' AND e.target_id = u.id
                 RETURN properties(e) } AS audit_about
"""

# -- erasure: ONE transaction of the steps below -----------------------------------------------------------
# The person under its write lock (a parallel erasure or log-in waits), with what identifies them.
LOCK_PERSON = """
MATCH (u:User {id: $id}) SET u._lock = true REMOVE u._lock
RETURN u.email AS email, u.name AS name, u.role AS role
"""

# Contact entries with the person's e-mail address: removed with the account (the person's consent).
CONTACTS_OF = """
MATCH (c:Contact) WHERE toLower(c.email) = $email
RETURN c.name AS name, c.email AS email, c.phone AS phone
"""
DELETE_CONTACTS = "MATCH (c:Contact) WHERE toLower(c.email) = $email DETACH DELETE c"
DELETE_INVITATIONS = "MATCH (i:Invitation) WHERE i.email = $email DETACH DELETE i"
DELETE_LOGIN_RECORD = "MATCH (t:LoginThrottle {key: $login_key}) DELETE t"

# Audit entries keep the event, not the person: no actor id or name, and the account's own entries point at
# the remnant's fresh id.
ANONYMISE_ACTOR = """
MATCH (e:AuditEvent) WHERE e.actor_id = $id
SET e.actor_id = null, e.actor_name = null, e.actor_erased = true
"""
# The erasure's own event, when the person erased themselves: shown as by "ehemaliges Mitglied".
MARK_ERASED_ACTOR = "MATCH (e:AuditEvent {id: $id}) SET e.actor_erased = true"
ANONYMISE_SUBJECT = "MATCH (e:AuditEvent) WHERE e.target_label = 'User' AND e.target_id = $id SET e.target_id = $former"

# Replace whole JSON strings (`"Anna A"`) of the changes recorded, so a name inside a longer text is left alone.
SCRUB_AUDIT = """
UNWIND $needles AS needle
MATCH (e:AuditEvent) WHERE e.changes_json CONTAINS needle
SET e.changes_json = replace(e.changes_json, needle, $marker)
"""
# A partner's removed contact person: their details leave the partner's trail (contact.add / contact.edit).
SCRUB_PARTNER_AUDIT = """
UNWIND $needles AS needle
MATCH (e:AuditEvent) WHERE e.target_label = 'Partner' AND e.target_id = $partner_id
  AND e.changes_json CONTAINS needle
SET e.changes_json = replace(e.changes_json, needle, $marker)
"""
# Other people's notifications name who acted.
SCRUB_NOTIFICATIONS = "MATCH (n:Notification) WHERE n.actor_name IN $names SET n.actor_name = null"

# What stays (comments, ideas …) hangs on a remnant without name, e-mail or the old id; with nothing left
# to hold, the node goes.
DROP_UNLINKED = "MATCH (u:User {id: $id}) WHERE NOT EXISTS { (u)--() } DELETE u RETURN count(*) AS dropped"
BECOME_FORMER = """
MATCH (u:User {id: $id})
SET u = {id: $former, erased_at: datetime()}
REMOVE u:User
SET u:FORMER
RETURN u.id AS id
""".replace("FORMER", FORMER_LABEL)

_DELETE = "MATCH (u:User {id: $id})PATTERN DETACH DELETE n"
_UNLINK = "MATCH (u:User {id: $id})PATTERN DELETE r"


_OUT, _IN = "-[r:TYPE]->(n:LABEL)", "<-[r:TYPE]-(n:LABEL)"
NAME = re.compile(r"^[A-Za-z][A-Za-z_]*$")


def _pattern(rel_type, direction, label):
    """A relationship of the person as a pattern from `u` (plain names only)."""
    if not (NAME.match(rel_type) and NAME.match(label)) or direction not in ("out", "in"):
        raise ValueError(f"not a plain relationship: {rel_type} {direction} {label}")
    return (_OUT if direction == "out" else _IN).replace("TYPE", rel_type).replace("LABEL", label)


def erase_steps(plan):
    """The Cypher of the erasure's relationship steps; `plan` lists (type, direction, label, delete_node): the
    nodes at the end are deleted (they exist only for the person), or only the relationship is (the node is
    someone else's). The service builds the plan from the inventory's declaration."""
    return tuple((_DELETE if delete_node else _UNLINK).replace("PATTERN", _pattern(rel_type, direction, label))
                 for rel_type, direction, label, delete_node in plan)

# -- retention -------------------------------------------------------------------------------------------
EXPIRED_ACCOUNTS = """
MATCH (u:User) WHERE u.active = false
  AND coalesce(u.deactivated_at, u.updated_at, u.created_at) < datetime() - duration({months: $months})
RETURN u.id AS id ORDER BY u.id
"""
PURGE_LOGIN_RECORDS = """
MATCH (t:LoginThrottle)
WHERE coalesce(t.last_failure, t.locked_until) < datetime() - duration({days: $days})
DELETE t RETURN count(*) AS removed
"""
PURGE_RESETS = "MATCH (r:PasswordReset) WHERE r.expires_at < datetime() DETACH DELETE r RETURN count(*) AS removed"

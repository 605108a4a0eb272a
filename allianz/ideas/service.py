"""Ideas to projects: write an idea, move it through the state machine, who may do what, the list and
its filters (a partner typed by name), ideas that fit a partner. The team's invitations are `ideas.team.service`.

Every write is one unit of work (`allianz.writes.unit_of_work`): the change with its version or
state check, the audit event, the notifications (`allianz.notifications.notify`) in one transaction.
"""
import uuid

from .. import visibility, writes
from ..accounts.permissions import can_coordinate
from ..db import plain, query, query_each, query_one
from ..exceptions import AllianzError, ConstraintViolation, NotFound
from ..labels import competency_name
from ..notifications import mail_pending, notify, tell_coordinators
from ..vocabulary import (
    ACTOR_COORDINATOR,
    ACTOR_LEAD,
    ACTOR_PROPOSER,
    DECISION_ACTIONS,
    DROPPED_STATUSES,
    EDITABLE_STATUSES,
    IMPORTANCES,
    OPEN_STATUSES,
    statuses_of,
    transition,
    transitions_from,
)
from . import queries

IDEA_FIELDS = ("title", "summary", "scale", "time_frame", "partner_kinds", "core_values", "public")
# How many partner names the list's filter suggests when a typed name is not clear.
CANDIDATES = 5


class TransitionRefused(AllianzError):
    """The transition does not exist, is not the person's to make, or someone else acted first."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def idea(project_id):
    """The idea with proposer, fields, needs (with importance) and team, or None."""
    return idea_of(query_one(queries.IDEA, id=project_id))


def idea_of(row):
    """The idea of a row of `queries.IDEA` (None for none)."""
    if row is None:
        return None
    return {**row["project"], "proposer_id": row["proposer_id"], "proposer_name": row["proposer_name"],
            "proposer_former": row["proposer_former"],
            "fields": [f["key"] for f in row["fields"]], "field_items": row["fields"], "team": row["team"],
            "needs": [{**n, "label": competency_name(n) or n["id"]} for n in row["needs"]]}


def visible_idea(project_id, user):
    """The idea when `user` may see it, else None (unknown and hidden look the same). The idea and the visibility
    rule are read in one transaction: every page and write on an idea starts here."""
    found, seen = query_each((queries.IDEA, {"id": project_id}),
                             (visibility.MAY_SEE, {"id": project_id, **visibility.viewer_params(user)}))
    project = idea_of(found[0] if found else None)
    if project is None or not (seen and seen[0]["visible"]):
        return None
    return project


def is_team_member(project, user):
    """True when `user` works at a partner of the project's team."""
    partner = getattr(user, "partner_id", None) if getattr(user, "is_authenticated", False) else None
    return bool(partner) and any(member["id"] == partner for member in project["team"])


def actor_kinds(project, user):
    """What `user` is for the project in the state machine's terms: proposer, lead, coordinator."""
    if not getattr(user, "is_authenticated", False):
        return set()
    kinds = set()
    if project.get("proposer_id") == user.id:
        kinds.add(ACTOR_PROPOSER)
    if user.partner_id and any(m["id"] == user.partner_id and m["role"] == "lead" for m in project["team"]):
        kinds.add(ACTOR_LEAD)
    if can_coordinate(user):
        kinds.add(ACTOR_COORDINATOR)
    return kinds


def may_edit(project, user):
    """Only the team edits a project (its proposer and its partners' members); coordinators too."""
    return bool(actor_kinds(project, user)) or is_team_member(project, user)


def is_editable(project):
    """True while the idea's status lets the team still change its text, needs and team."""
    return project["status"] in EDITABLE_STATUSES


def may_change_now(project, user):
    """True when `user` may edit the idea and its status still allows it (the "Bearbeiten" link, the edit page)."""
    return may_edit(project, user) and is_editable(project)


def may_join(project, user):
    """True when `user`'s partner may ask to join the team: not in it yet, and the idea still open to changes."""
    return bool(getattr(user, "is_authenticated", False) and user.partner_id) \
        and not is_team_member(project, user) and is_editable(project)


def may_manage_team(project, user):
    """The proposer, the lead partner's members and coordinators invite and answer join requests."""
    return bool(actor_kinds(project, user))


def allowed_transitions(project, user):
    """The state machine's transitions `user` may make on `project` now; `drops` tells those that give the
    idea up (to a dropped status: rejected, withdrawn)."""
    return [{**row, "drops": row["to_status"] in DROPPED_STATUSES}
            for row in transitions_from(project["status"], actor_kinds(project, user))]


def comparable(data):
    """An idea as the audit trail compares it: field → plain value."""
    needs = sorted(data.get("needs") or [], key=lambda n: n["id"])
    return {**{key: data.get(key) for key in IDEA_FIELDS},
            "partner_kinds": ", ".join(data.get("partner_kinds") or []),
            "core_values": ", ".join(data.get("core_values") or []),
            "fields": ", ".join(sorted(data.get("fields") or [])),
            "needs": ", ".join(f"{n['id']}:{n.get('importance') or 2}" for n in needs)}


def write_parts(tx, project_id, data):
    """Write an idea's fields of action and needs (inside a transaction)."""
    tx.run(queries.SAVE_FIELDS, id=project_id, fields=list(data["fields"])).consume()
    tx.run(queries.SAVE_NEEDS, id=project_id, needs=[
        {"id": n["id"], "importance": n["importance"] if n.get("importance") in IMPORTANCES else 2}
        for n in data["needs"]]).consume()


def create(data, user, submission=None):
    """Save a new idea as a draft: the proposer's partner becomes the team's lead. Returns (id, created).

    `submission` is the propose form's token: the same form sent again (a double click) saves nothing and
    returns the idea it saved the first time, with `created` False.
    """
    project_id = "idee-" + uuid.uuid4().hex[:12]

    def change(tx):
        tx.run(queries.CREATE_IDEA, id=project_id, user_id=user.id, partner_id=user.partner_id,
               submission=submission or None, **{key: data[key] for key in IDEA_FIELDS}).consume()
        write_parts(tx, project_id, data)
        return None, comparable(data)
    try:
        writes.unit_of_work(change, actor_id=user.id, action="idea.create", target_label="Project",
                            target_id=project_id)
    except ConstraintViolation:
        found = query_one(queries.BY_SUBMISSION, submission=submission) if submission else None
        if found is None:
            raise
        return found["id"], False  # the same form was saved before (the constraint project_submission)
    return project_id, True


def save(project_id, version, data, user):
    """Save an idea's text, fields and needs if `version` is current (VersionConflict otherwise)."""
    def change(tx):
        before = idea_in(tx, project_id)
        tx.run(queries.SAVE_IDEA, id=project_id, **{key: data[key] for key in IDEA_FIELDS}).consume()
        write_parts(tx, project_id, data)
        return comparable(before), comparable(data)
    return writes.unit_of_work(change, actor_id=user.id, action="idea.edit", target_label="Project",
                              target_id=project_id, version=version)


def idea_in(tx, project_id):
    """The idea as `comparable` needs it, read inside a transaction."""
    row = plain(tx.run(queries.IDEA, id=project_id).single().data())
    return {**row["project"], "fields": [f["key"] for f in row["fields"]], "needs": row["needs"]}


def apply_transition(project_id, action, version, reason, user):
    """Make the state machine's `action` on the project, as of `version`; returns the new status.

    Raises TransitionRefused when the transition does not exist or is not the person's, when a
    reason is required and missing, or when someone acted first (the status or version moved).
    """
    project = idea(project_id)
    if project is None:
        raise NotFound(f"Project {project_id}")
    row = transition(action, project["status"])
    if row is None:
        raise TransitionRefused("stale" if version != project["version"] else "not_allowed")
    if not set(row["actors"]) & actor_kinds(project, user):
        raise TransitionRefused("not_yours")
    reason = (reason or "").strip() or None
    if row["reason_required"] and not reason:
        raise TransitionRefused("reason_missing")

    def change(tx):
        done = tx.run(queries.TRANSITION, id=project_id, action=action, user_id=user.id, version=int(version),
                      transition_id=uuid.uuid4().hex, reason=reason, **{"from": row["from_status"],
                                                                          "to": row["to_status"]}).single()
        if done is None:
            raise TransitionRefused("stale")
        audience = tx.run(queries.AUDIENCE, id=project_id, except_user=user.id).single()["users"]
        notify(tx, audience, "status", project, actor_name=user.name, detail=row["to_status"], action=action,
               reason=reason)
        if action == "submit":
            tell_coordinators(tx, "review", project, user.id, user.name, but_not=audience,
                              detail="resubmit" if done["submitted_before"] else "submit")
        return {"status": row["from_status"]}, {"status": row["to_status"], "reason": reason}
    writes.unit_of_work(change, actor_id=user.id, action=f"idea.{action}", target_label="Project",
                       target_id=project_id)
    mail_pending()
    return row["to_status"]


def timeline(project_id):
    """The project's transitions, oldest first: {transition, by}."""
    return query(queries.TIMELINE, id=project_id)


def last_decision(rows):
    """The coordinators' decision the idea's page shows at its top ({transition, by}) while it is the last
    change of status in `rows` (the timeline, oldest first); None when there is none or something came after."""
    if rows and rows[-1]["transition"].get("action") in DECISION_ACTIONS:
        return rows[-1]
    return None


def coverage(project):
    """Which needed competencies the team covers and by whom, and which are open: (covered, open)."""
    rows = query(queries.COVERAGE, id=project["id"])
    covered = [r for r in rows if r["holders"]]
    missing = [r for r in rows if not r["holders"]]
    return covered, missing


def listing(status=None, field=None, scale=None, competencies=(), partner=None, mine=None, app_only=False,
            user=None):
    """Ideas and projects filtered (each filter None when unused; every one of `competencies` needed),
    only those `user` may see."""
    return query(queries.LIST, statuses=statuses_of(status), field=field, scale=scale, competencies=list(competencies),
                 partner=partner, mine=mine, app_only=app_only, **visibility.viewer_params(user))


def partner_named(text):
    """(partner id, []) when `text` names one partner (its name, short name or id, case-insensitive, or a
    part of exactly one name); else (None, up to CANDIDATES names that contain it)."""
    rows = query(queries.PARTNER_NAMED, text=text.strip(), limit=CANDIDATES + 1)
    exact = [row for row in rows if row["exact"]]
    if len(exact) == 1:
        return exact[0]["id"], []
    if len(rows) == 1:
        return rows[0]["id"], []
    return None, [row["name"] for row in (exact or rows)][:CANDIDATES]


def partner_name(partner_id):
    """The partner's name (for the filter field when the list is "my partner's projects"), or None."""
    rows = query(queries.PARTNER_NAME, id=partner_id) if partner_id else []
    return rows[0]["name"] if rows else None


def fitting_ideas(partner_id, user, top=10, limit=50):
    """Open ideas (not yet with `partner_id`) where the matcher ranks the partner in its `top`: best rank first.

    Each: {id, title, status, rank, score, reasons}. Calls matching's public entry point per idea.
    """
    from ..matching import recommend_for_project
    found = []
    for row in query(queries.OPEN_IDEAS, partner_id=partner_id, limit=limit, open=list(OPEN_STATUSES),
                     **visibility.viewer_params(user)):
        ranked = recommend_for_project(row["id"], top=top)
        for rank, candidate in enumerate(ranked, start=1):
            if candidate["id"] == partner_id:
                found.append({**row, "rank": rank, "score": candidate["score"], "reasons": candidate["reasons"]})
    return sorted(found, key=lambda r: (r["rank"], -r["score"]))

"""Building an idea's team: invitations (from a recommendation or not), join requests, answers, who reads
and answers which, and the outcome loop (did the recommended partners join?).

`(Project)-[:INVITED]->(:Invite {kind, state, from_recommendation, score, rank})-[:TO]->(Partner)`:
`kind` is "invitation" (the team asks the partner) or "join_request" (the partner asks the team); the
other side answers. Each write notifies the other side in the same transaction (a join request every
coordinator as well).
"""
import uuid

from flask import current_app

from ... import writes
from ...db import query
from ...exceptions import AllianzError, NotFound
from ...notifications import mail_pending, notify, tell_coordinators
from ..service import idea, is_team_member, may_edit, may_manage_team
from . import queries


class InviteRefused(AllianzError):
    """The invitation or answer is not possible (already in the team, already answered, not yours)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def invite(project_id, partner_id, user, message=None, recommendation=None, kind="invitation"):
    """The team invites `partner_id` (or, with kind "join_request", the user's partner asks to join).

    `recommendation` is {score, rank} when the invitation came from the matcher's list. Returns the id.
    """
    project = idea(project_id)
    if project is None:
        raise NotFound(f"Project {project_id}")
    if kind == "invitation" and not may_manage_team(project, user):
        raise InviteRefused("not_yours")
    if kind == "join_request" and (not user.partner_id or is_team_member(project, user)):
        raise InviteRefused("already_member")
    invite_id = uuid.uuid4().hex
    recommendation = recommendation or {}

    def change(tx):
        created = tx.run(queries.CREATE_INVITE, project_id=project_id, partner_id=partner_id, user_id=user.id,
                         invite_id=invite_id, kind=kind, message=message or None,
                         from_recommendation=bool(recommendation), score=recommendation.get("score"),
                         rank=recommendation.get("rank")).single()
        if created is None:
            raise InviteRefused("exists")
        if kind == "invitation":
            people = tx.run(queries.PARTNER_MEMBERS, partner_id=partner_id).single()["users"]
        else:
            people = tx.run(queries.AUDIENCE_TEAM, id=project_id).single()["users"]
        notify(tx, people, kind, project, actor_name=user.name)
        if kind == "join_request":
            tell_coordinators(tx, "review", project, user.id, user.name, detail="join_request", but_not=people)
        return None, {"invite": partner_id, "kind": kind, "from_recommendation": bool(recommendation)}
    writes.unit_of_work(change, actor_id=user.id, action=f"idea.{kind}", target_label="Project",
                       target_id=project_id, domain=False)
    mail_pending()
    return invite_id


RECOMMENDATIONS_CHECKED = 20  # how far down the matcher's list an invitation still counts as recommended


def recommendation_of(project_id, partner_id):
    """{score, rank} of `partner_id` in the matcher's current ranking for the idea, or None when it is not
    among the first RECOMMENDATIONS_CHECKED (the outcome figures come from the server, never from the form)."""
    from ...matching import recommend_for_project

    ranked = recommend_for_project(project_id, top=RECOMMENDATIONS_CHECKED)
    for rank, candidate in enumerate(ranked, start=1):
        if candidate["id"] == partner_id:
            return {"score": float(candidate["score"]), "rank": rank}
    return None


def find(invite_id):
    """One invite with its project and partner, or None."""
    found = query(queries.INVITE, id=invite_id)
    return found[0] if found else None


def may_answer(found, project, user):
    """An invitation is answered by the invited partner's members; a join request by the team's managers."""
    if not getattr(user, "is_authenticated", False):
        return False
    if found["invite"]["kind"] == "invitation":
        return user.partner_id == found["partner_id"]
    return may_manage_team(project, user)


def answer(invite_id, accept, user, message=None):
    """Accept or decline an open invite; accepting puts the partner into the team as `partner`."""
    found = find(invite_id)
    if found is None:
        raise NotFound(f"Invite {invite_id}")
    project = idea(found["project_id"])
    if not may_answer(found, project, user):
        raise InviteRefused("not_yours")
    state = "accepted" if accept else "declined"

    def change(tx):
        done = tx.run(queries.ANSWER_INVITE, id=invite_id, user_id=user.id, state=state,
                      answer=message or None).single()
        if done is None:
            raise InviteRefused("answered")
        if found["invite"]["kind"] == "invitation":
            people = tx.run(queries.AUDIENCE_TEAM, id=project["id"]).single()["users"]
        else:
            people = tx.run(queries.PARTNER_MEMBERS, partner_id=found["partner_id"]).single()["users"]
        notify(tx, [p for p in people if p != user.id], "answer", project, actor_name=user.name, detail=state)
        return {"invite_state": "open"}, {"invite_state": state, "partner": found["partner_id"]}
    writes.unit_of_work(change, actor_id=user.id, action="idea.invite_answer", target_label="Project",
                       target_id=project["id"], domain=accept)
    mail_pending()
    return state


def of_project(project_id):
    """Every invitation and join request of the project, newest first."""
    return query(queries.INVITES_OF_PROJECT, id=project_id)


def visible_invites(project, user):
    """The invitations and join requests `user` may read: all for the team, else their partner's own; each
    with `may_answer`: still open, and `user` is on the side that answers it."""
    if not getattr(user, "is_authenticated", False):
        return []
    shown = of_project(project["id"])
    if not may_edit(project, user):
        shown = [i for i in shown if user.partner_id and i["partner_id"] == user.partner_id]
    return [{**i, "may_answer": i["invite"]["state"] == "open" and may_answer(i, project, user)} for i in shown]


def open_for_partner(partner_id):
    """The open invitations and join requests that concern a partner."""
    return query(queries.INVITES_OF_PARTNER, partner_id=partner_id) if partner_id else []


def outcomes():
    """Every invite that came from a recommendation, and whether the partner joined (the outcome loop)."""
    return query(queries.OUTCOMES)


OUTCOME_COLUMNS = queries.OUTCOME_COLUMNS


def outcome_rows(graph):
    """`outcomes()` read from `graph` outside a request (the exporter's `outcomes.csv`)."""
    return graph.query(queries.OUTCOMES)


def outcomes_by_month():
    """Per month of the configured time zone (its first day as a date): recommended partners invited, joined,
    declined."""
    return query(queries.OUTCOMES_BY_MONTH, timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"])


def outcome_totals():
    """{invited, joined}: recommended partners invited and joined, over all months."""
    months = outcomes_by_month()
    return {"invited": sum(m["invited"] for m in months), "joined": sum(m["joined"] for m in months)}

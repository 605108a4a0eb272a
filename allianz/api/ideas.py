"""Ideas as JSON, read and written through the same services as the idea pages: propose, edit (If-Match on
the version), the state machine's transitions, comments, support, answering an invitation; and `/me`.

Every write needs a `write` token (`auth.need_write`) and runs the page's service function: the same rule,
the same audit record, the same notifications.
"""
from flask import g, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..competencies import service as competencies
from ..discussion import service as discussion
from ..exceptions import NotFound, VersionConflict
from ..fields.service import field_choices
from ..ideas import service as ideas
from ..ideas.team import service as team
from . import schemas
from .auth import need_person, need_write, token
from .base import Blueprint, if_match_version
from .convert import jsonable
from .paging import Window
from .problems import ApiProblem

bp = Blueprint("api_v1_ideas", __name__, url_prefix="/api/v1/ideas",
               description="Ideas and their way to a project: read, propose, edit, transitions, comments, support.")
invitations = Blueprint("api_v1_invitations", __name__, url_prefix="/api/v1/invitations",
                        description="Invitations into a team and join requests: list the open ones, answer.")
me = Blueprint("api_v1_me", __name__, url_prefix="/api/v1/me", description="Who the token belongs to.")

WRITE = [{"bearer": []}]
READ = [{}, {"bearer": []}]
IF_MATCH = {"in": "header", "name": "If-Match", "required": True, "schema": {"type": "string"},
            "description": 'the idea\'s ETag as you read it (or "v<version>"); stale: 412, nothing changes'}
ETAG = {"ETag": {"description": "holds the idea's version (v<version>-…)", "schema": {"type": "string"}}}
IDEA_EXAMPLE = {
    "id": "idee-3f2a9c1b7d4e", "title": "Sensorik-Netz für Luftqualität in Quartieren",
    "summary": "Günstige Sensoren messen die Luftqualität; die Daten kommen offen auf eine Plattform.",
    "status": "idea", "version": 1, "scale": "quartier", "time_frame": "2027–2028", "public": True,
    "partner_kinds": ["company"], "core_values": ["open_data"], "fields": ["umwelt"],
    "needs": [{"id": "sensorik", "importance": 3}],
    "team": [{"id": "p02", "name": "Stadtwerke Musterstadt", "kind": "city_company", "role": "lead"}],
    "proposer_name": "Mira Mitglied", "supporters": [], "invitations": [], "may_edit": True,
    "transitions": [{"action": "submit", "to_status": "submitted", "reason_required": False}]}
IDEA_IN_EXAMPLE = {key: IDEA_EXAMPLE[key] for key in ("title", "summary", "fields", "needs", "partner_kinds",
                                                       "time_frame", "scale", "core_values", "public")}


NO_IDEA = "there is no such idea (or you may not see it)"


def visible_or_404(project_id):
    """The idea when the caller may see it (404 for unknown and hidden alike)."""
    found = ideas.visible_idea(project_id, current_user)
    if found is None:
        raise ApiProblem(404, NO_IDEA)
    return found


def written_idea(project_id):
    """(the caller, the idea) for a write on the idea: refused without a write token (`need_write`), then 404 when
    the caller may not see the idea."""
    user = need_write()
    return user, visible_or_404(project_id)


def changed_idea(project_id, allowed, refusal):
    """(the caller, the idea, the version of If-Match) for a change of the idea as of a version: as
    `written_idea`, then 403 with `refusal` unless `allowed(idea, caller)`, then If-Match's checks."""
    user, project = written_idea(project_id)
    if not allowed(project, user):
        raise ApiProblem(403, refusal)
    return user, project, if_match_version()


def checked(data):
    """422 naming the field when a field of action or a competency does not exist; the data as the service
    takes it otherwise."""
    errors = []
    known_fields = {key for key, _label in field_choices()}
    errors += [{"field": "fields", "message": f"unknown field of action: {key}"}
               for key in data["fields"] if key not in known_fields]
    ids = [need["id"] for need in data["needs"]]
    known = competencies.labels_for(ids)
    errors += [{"field": "needs", "message": f"unknown competency: {key}"} for key in ids if key not in known]
    if len(set(ids)) != len(ids):
        errors.append({"field": "needs", "message": "a competency is listed twice"})
    if errors:
        raise ApiProblem(422, "the idea names what does not exist", errors=errors)
    return {**data, "fields": list(dict.fromkeys(data["fields"])),
            "partner_kinds": list(dict.fromkeys(data["partner_kinds"])),
            "core_values": list(dict.fromkeys(data["core_values"]))}


def shown(project):
    """The idea as the API shows it to the caller (its version also in the ETag)."""
    user = current_user
    g.etag_version = project["version"]
    return jsonable({
        **project, "needs": [{"id": n["id"], "importance": n["importance"]} for n in project["needs"]],
        "proposer_name": project["proposer_name"] if user.is_authenticated else None,
        "supporters": discussion.supporters(project["id"]),
        "invitations": [{**row["invite"], "partner_id": row["partner_id"], "partner_name": row["partner_name"],
                         "may_answer": row["may_answer"]} for row in team.visible_invites(project, user)],
        "may_edit": ideas.may_change_now(project, user),
        "transitions": ideas.allowed_transitions(project, user)})


@bp.route("")
@bp.arguments(schemas.IdeaArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.IdeaList, example={
    "items": [{"id": "idee-3f2a9c1b7d4e", "title": "Sensorik-Netz für Luftqualität in Quartieren",
               "status": "idea", "scale": "quartier", "team_size": 1, "supporters": 0}],
    "total": 1, "limit": 20, "next_cursor": None})
@bp.doc(security=READ)
def list_ideas(**args):
    """List ideas and projects you may see, newest first, by status, field, scale, partner and needs."""
    filters = {key: args.get(key) for key in ("status", "field", "scale", "partner")}
    needs = list(dict.fromkeys(args.get("competency") or []))
    mine = current_user.id if args.get("mine") and current_user.is_authenticated else None
    window = Window(args, {**filters, "competency": needs, "mine": bool(mine)})
    rows = ideas.listing(competencies=needs, mine=mine, app_only=not (any(filters.values()) or needs),
                         user=current_user, **filters)
    return window.answer(window.of(rows), len(rows))


@bp.route("", methods=["POST"])
@bp.arguments(schemas.IdeaIn, example=IDEA_IN_EXAMPLE)
@bp.response(201, schemas.Idea, example=IDEA_EXAMPLE, headers={
    "Location": {"description": "the new idea", "schema": {"type": "string"}}, **ETAG})
@bp.doc(security=WRITE)
def propose(data):
    """Propose an idea: saved as a draft (status `idea`); your partner leads its team. Audited, as on the page."""
    user = need_write()
    project_id, _created = ideas.create(checked(data), user)
    body = shown(ideas.idea(project_id))
    return body, 201, {"Location": url_for("api_v1_ideas.idea", id=project_id)}


@bp.route("/<id>")
@bp.response(200, schemas.Idea, example=IDEA_EXAMPLE, headers=ETAG)
@bp.doc(security=READ)
def idea(id):  # noqa: A002 - the URL's name for it
    """One idea with its team, needs, supporters, the invitations you may read and what you may do now."""
    return shown(visible_or_404(id))


@bp.route("/<id>", methods=["PATCH"])
@bp.arguments(schemas.IdeaPatch, example={"title": "Sensorik-Netz für saubere Luft im Quartier"})
@bp.response(200, schemas.Idea, example=IDEA_EXAMPLE, headers=ETAG)
@bp.doc(security=WRITE, parameters=[IF_MATCH])
def edit(data, id):  # noqa: A002 - the URL's name for it
    """Change some fields of an idea (those given replace the saved ones) as of the version in If-Match."""
    user, project, version = changed_idea(id, ideas.may_change_now,
                                          _("Diese Idee dürfen Sie (jetzt) nicht bearbeiten."))
    saved = {key: project.get(key) for key in ideas.IDEA_FIELDS}
    saved.update(fields=project["fields"], needs=[{"id": n["id"], "importance": n["importance"]}
                                                  for n in project["needs"]])
    try:
        ideas.save(id, version, checked({**saved, **data}), user)
    except VersionConflict:
        raise ApiProblem(412, "the idea was changed since you read it: read it again (nothing was saved)") from None
    return shown(ideas.idea(id))


TRANSITION_REFUSALS = {"stale": 412, "not_allowed": 409, "not_yours": 403, "reason_missing": 422}


@bp.route("/<id>/transitions", methods=["POST"])
@bp.arguments(schemas.TransitionIn, example={"action": "submit", "reason": None})
@bp.response(200, schemas.Idea, example={**IDEA_EXAMPLE, "status": "submitted", "version": 2}, headers=ETAG)
@bp.doc(security=WRITE, parameters=[IF_MATCH])
def transition(data, id):  # noqa: A002 - the URL's name for it
    """Move the idea through one of its allowed transitions (submit, withdraw; coordinators accept, reject …)."""
    user, _project, version = changed_idea(id, ideas.actor_kinds,
                                           _("Diesen Schritt dürfen Sie bei dieser Idee nicht ausführen."))
    try:
        ideas.apply_transition(id, data["action"], version, data.get("reason"), user)
    except ideas.TransitionRefused as refused:
        status = TRANSITION_REFUSALS[refused.reason]
        errors = [{"field": "reason", "message": "required for this transition"}] if status == 422 else None
        raise ApiProblem(status, f"transition refused: {refused.reason}", errors=errors) from None
    return shown(ideas.idea(id))


@bp.route("/<id>/comments")
@bp.arguments(schemas.ListArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.CommentList, example={
    "items": [{"id": "9b1c…", "text": "Wir messen schon an zwei Schulen.", "author": "Mira Mitglied",
               "at": "2026-12-07T10:15:00+00:00", "hidden": False}], "total": 1, "limit": 20, "next_cursor": None})
@bp.doc(security=READ)
def comments(id, **args):  # noqa: A002 - the URL's name for it
    """The idea's comments, oldest first (for people logged in, as on the page)."""
    need_person()
    visible_or_404(id)
    window = Window(args, {})
    total = discussion.comments_page(id).total
    rows = discussion.comments(id, window) if total > window.skip else []
    return window.answer(jsonable([{"id": row["comment"]["id"], "author": row["author"],
                                    "at": row["comment"].get("created_at"),
                                    "hidden": bool(row["comment"].get("hidden_reason")),
                                    "text": None if row["comment"].get("hidden_reason") else row["comment"]["text"]}
                                   for row in rows]), total)


@bp.route("/<id>/comments", methods=["POST"])
@bp.arguments(schemas.CommentIn, example={"text": "Wir messen schon an zwei Schulen und machen gern mit."})
@bp.response(201, schemas.Created, example={"id": "9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"})
@bp.doc(security=WRITE)
def comment(data, id):  # noqa: A002 - the URL's name for it
    """Comment on the idea: its followers are notified (and the coordinators while it is under review)."""
    user = need_write()
    try:
        comment_id = discussion.add_comment(id, data["text"].strip(), user)
    except NotFound:
        raise ApiProblem(404, NO_IDEA) from None
    return {"id": comment_id}, 201


def set_support(project_id, on):
    """Give or withdraw the caller's partner's support, as the page's button does."""
    user, project = written_idea(project_id)
    if not user.partner_id:
        raise ApiProblem(403, "only members of a partner support ideas")
    try:
        discussion.set_support(project, user, on)
    except discussion.SupportRefused:
        raise ApiProblem(403, "a partner of the idea's own team cannot support it") from None
    except NotFound:
        raise ApiProblem(404, "there is no such idea") from None
    return {"supporters": discussion.supporters(project_id)}


@bp.route("/<id>/support", methods=["PUT"])
@bp.response(200, schemas.Supporters, example={"supporters": [{"id": "p05", "name": "Sensorwerk GmbH"}]})
@bp.doc(security=WRITE)
def support(id):  # noqa: A002 - the URL's name for it
    """Your partner supports the idea (once; again changes nothing)."""
    return set_support(id, True)


@bp.route("/<id>/support", methods=["DELETE"])
@bp.response(200, schemas.Supporters, example={"supporters": []})
@bp.doc(security=WRITE)
def withdraw_support(id):  # noqa: A002 - the URL's name for it
    """Your partner withdraws its support."""
    return set_support(id, False)


# -- invitations ---------------------------------------------------------------------------------------------
INVITE_REFUSALS = {"not_yours": 403, "answered": 409, "exists": 409, "already_member": 409}


@invitations.route("")
@invitations.response(200, schemas.InvitationList, example={"items": [{
    "id": "5d6e…", "kind": "invitation", "state": "open", "message": "Machen Sie mit?",
    "from_recommendation": True, "created_at": "2026-12-07T09:00:00+00:00", "project_id": "idee-3f2a9c1b7d4e",
    "project_title": "Sensorik-Netz für Luftqualität in Quartieren"}]})
@invitations.doc(security=[{"bearer": []}])
def open_invitations():
    """The open invitations and join requests that concern your partner."""
    user = need_person()
    rows = team.open_for_partner(user.partner_id)
    return jsonable({"items": [{**row["invite"], "project_id": row["project_id"],
                                "project_title": row["project_title"]} for row in rows]})


@invitations.route("/<invite_id>/answer", methods=["POST"])
@invitations.arguments(schemas.AnswerIn, example={"accept": True, "message": "Gern, wir sind dabei."})
@invitations.response(200, schemas.Answered, example={"state": "accepted"})
@invitations.doc(security=WRITE)
def answer(data, invite_id):
    """Accept or decline an invitation to your partner (or, for a team's managers, a join request)."""
    user = need_write()
    found = team.find(invite_id)
    if found is None:
        raise ApiProblem(404, "there is no such invitation")
    try:
        state = team.answer(invite_id, data["accept"], user, data.get("message"))
    except team.InviteRefused as refused:
        raise ApiProblem(INVITE_REFUSALS.get(refused.reason, 409), f"refused: {refused.reason}") from None
    except NotFound:
        raise ApiProblem(404, "there is no such invitation") from None
    return {"state": state}


# -- me ------------------------------------------------------------------------------------------------------
@me.route("")
@me.response(200, schemas.Me, example={"id": "u-4f1c…", "name": "Mira Mitglied", "role": "member",
                                        "partner_id": "p02", "scopes": ["read", "write"]})
@me.doc(security=[{"bearer": []}])
def whoami():
    """The person the token (or the session) belongs to, and the token's scopes."""
    user = need_person()
    found = token()
    return {"id": user.id, "name": user.name, "role": user.role, "partner_id": user.partner_id,
            "scopes": list(found.get("scopes") or []) if found else []}

"""Idea actions: the state machine's transitions, invitations (from a recommendation), join requests,
answers, and the outcome loop page for coordinators. All POSTs with CSRF, checked by role."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import coordinator_required, login_required
from ..exceptions import NotFound
from ..vocabulary import TRANSITION_ACTIONS
from . import service, team
from .forms import AnswerForm, InviteForm, TransitionForm
from .routes import bp

REFUSALS = {
    "stale": lambda: _("Das ist nicht mehr möglich: jemand hat die Idee inzwischen geändert oder ihren Status "
                       "gewechselt. Hier ist der aktuelle Stand; nichts wurde doppelt ausgeführt."),
    "not_allowed": lambda: _("Dieser Schritt ist im aktuellen Status nicht vorgesehen."),
    "not_yours": lambda: _("Diesen Schritt dürfen Sie bei dieser Idee nicht ausführen."),
    "reason_missing": lambda: _("Bitte geben Sie eine Begründung an; nichts wurde geändert."),
    "exists": lambda: _("Dieser Partner ist schon im Team oder bereits eingeladen."),
    "already_member": lambda: _("Ihr Partner ist schon im Team."),
    "answered": lambda: _("Diese Einladung ist bereits beantwortet."),
}


def visible_or_404(id):  # noqa: A002 - the URL's name for it
    """The idea when the current person may see it, else 404."""
    project = service.idea(id)
    if project is None or not service.may_see(project, current_user):
        abort(404)
    return project


def back(project_id):
    """Back to the idea's page (303 after a POST)."""
    return redirect(url_for("ideas.detail", id=project_id), code=303)


@bp.route("/<id>/status/<action>", methods=["POST"])
@login_required
def change_status(id, action):  # noqa: A002 - the URL's name for it
    """Make one transition of the state machine (refused with a clear message when not possible now)."""
    if action not in TRANSITION_ACTIONS:
        abort(404)
    project = visible_or_404(id)
    if not service.actor_kinds(project, current_user):
        abort(403)
    form = TransitionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        status = service.apply_transition(id, action, int(form.version.data), form.reason.data, current_user)
    except service.TransitionRefused as refused:
        flash(REFUSALS[refused.reason](), "error")
        return back(id)
    from ..labels import status_label
    flash(_("Neuer Status: %(status)s.", status=status_label(status)), "success")
    return back(id)


@bp.route("/<id>/einladen", methods=["POST"])
@login_required
def invite(id):  # noqa: A002 - the URL's name for it
    """The team invites a partner (one click from a recommendation remembers its score and rank)."""
    project = visible_or_404(id)
    if not service.may_manage_team(project, current_user):
        abort(403)
    form = InviteForm()
    if not form.validate_on_submit() or not form.partner_id.data:
        abort(400)
    recommendation = None
    if form.rank.data:
        try:
            recommendation = {"score": float(form.score.data or 0), "rank": int(form.rank.data)}
        except ValueError:
            abort(400)
    return sent(id, _("Die Einladung ist verschickt."), form.partner_id.data, form.message.data,
                recommendation=recommendation)


def sent(project_id, done, partner_id, message, **options):
    """Send an invitation or join request; the refusal's reason or `done` as the flash, back to the idea."""
    try:
        team.invite(project_id, partner_id, current_user, message, **options)
    except team.InviteRefused as refused:
        flash(REFUSALS[refused.reason](), "error")
    else:
        flash(done, "success")
    return back(project_id)


@bp.route("/<id>/beitreten", methods=["POST"])
@login_required
def join(id):  # noqa: A002 - the URL's name for it
    """A member asks for their partner to join the team."""
    visible_or_404(id)
    form = InviteForm()
    if not form.validate_on_submit():
        abort(400)
    if not current_user.partner_id:
        abort(403)
    return sent(id, _("Ihre Anfrage ist beim Team."), current_user.partner_id, form.message.data, kind="join_request")


@bp.route("/einladungen/<invite_id>/<any(annehmen, ablehnen):answer>", methods=["POST"])
@login_required
def answer_invite(invite_id, answer):
    """The other side accepts or declines an invitation or a join request, with an optional message."""
    form = AnswerForm()
    if not form.validate_on_submit():
        abort(400)
    found = team.find(invite_id)
    if found is None:
        abort(404)
    try:
        state = team.answer(invite_id, answer == "annehmen", current_user, form.message.data)
    except team.InviteRefused as refused:
        if refused.reason == "not_yours":
            abort(403)
        flash(REFUSALS[refused.reason](), "error")
    except NotFound:
        abort(404)
    else:
        flash(_("Angenommen.") if state == "accepted" else _("Abgelehnt."), "success")
    return back(found["project_id"])


@bp.route("/ergebnisse")
@coordinator_required
def outcomes():
    """Did matching help? Recommended partners invited and joined, per month, and every record."""
    return render_template("ideas/outcomes.html", months=team.outcomes_by_month(), records=team.outcomes(),
                           **team.outcome_totals())

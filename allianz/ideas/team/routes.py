"""An idea's team: invitations (from a recommendation), join requests and their answers. All POSTs with
CSRF, checked by role; the URLs stay under /ideen."""
from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import pages
from ...accounts.permissions import login_required
from ...exceptions import NotFound
from .. import service as ideas
from . import service
from .forms import AnswerForm, InviteForm

bp = Blueprint("team", __name__, url_prefix="/ideen")

REFUSALS = {
    "not_yours": lambda: _("Diesen Schritt dürfen Sie bei dieser Idee nicht ausführen."),
    "exists": lambda: _("Dieser Partner ist schon im Team oder bereits eingeladen."),
    "already_member": lambda: _("Ihr Partner ist schon im Team."),
    "answered": lambda: _("Diese Einladung ist bereits beantwortet."),
}


def visible_or_404(id):  # noqa: A002 - the URL's name for it
    """The idea when the current person may see it, else 404."""
    return pages.found_or_404(ideas.visible_idea(id, current_user))


def back(project_id):
    """Back to the idea's page (303 after a POST)."""
    return redirect(url_for("ideas.detail", id=project_id), code=303)


@bp.route("/<id>/einladen", methods=["POST"])
@login_required
def invite(id):  # noqa: A002 - the URL's name for it
    """The team invites a partner (one click from a recommendation remembers its score and rank)."""
    project = visible_or_404(id)
    if not ideas.may_manage_team(project, current_user):
        abort(403)
    form = InviteForm()
    if not form.validate_on_submit() or not form.partner_id.data:
        abort(400)
    recommendation = service.recommendation_of(id, form.partner_id.data) if form.rank.data is not None else None
    return sent(id, _("Die Einladung ist verschickt."), form.partner_id.data, form.message.data,
                recommendation=recommendation)


def sent(project_id, done, partner_id, message, **options):
    """Send an invitation or join request; the refusal's reason or `done` as the flash, back to the idea."""
    try:
        service.invite(project_id, partner_id, current_user, message, **options)
    except service.InviteRefused as refused:
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
    found = service.find(invite_id)
    if found is None:
        abort(404)
    try:
        state = service.answer(invite_id, answer == "annehmen", current_user, form.message.data)
    except service.InviteRefused as refused:
        if refused.reason == "not_yours":
            abort(403)
        flash(REFUSALS[refused.reason](), "error")
    except NotFound:
        abort(404)
    else:
        flash(_("Angenommen.") if state == "accepted" else _("Abgelehnt."), "success")
    return back(found["project_id"])

"""The discussion's actions on an idea: comment, edit and delete one's comment, hide (coordinators),
support (per partner) and follow. All POSTs (CSRFProtect checks their token); the idea must be visible to
the person. The URLs stay under /ideen; the discussion itself is shown on the idea's page."""
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import pages
from ..accounts.permissions import can_coordinate, login_required
from ..exceptions import NotFound
from ..ideas import service as ideas
from . import service

bp = Blueprint("discussion", __name__, url_prefix="/ideen")

MAX_TEXT = 4000


def text_of(name="text"):
    """The posted text, stripped, or None when it is empty or too long."""
    text = (request.form.get(name) or "").strip()
    return text if text and len(text) <= MAX_TEXT else None


def refuse_text():
    """Tell that the text was empty or too long (nothing is saved)."""
    flash(_("Bitte schreiben Sie einen Text (höchstens 4000 Zeichen); nichts wurde gespeichert."), "error")


def posted_text(name="text"):
    """The posted text, stripped; None (and the person is told) when empty or too long."""
    text = text_of(name)
    if text is None:
        refuse_text()
    return text


def visible_or_404(id):  # noqa: A002 - the URL's name for it
    """The idea when the current person may see it, else 404."""
    return pages.found_or_404(ideas.visible_idea(id, current_user))


def to_discussion(project_id):
    """Back to the idea's discussion."""
    return redirect(url_for("ideas.detail", id=project_id) + "#diskussion", code=303)


@bp.route("/<id>/kommentare", methods=["POST"])
@login_required
def add_comment(id):  # noqa: A002 - the URL's name for it
    """A logged-in member comments on an idea they may see (404 otherwise, checked in the write itself)."""
    text = text_of()
    if text is None:
        visible_or_404(id)
        refuse_text()
        return to_discussion(id)
    try:
        service.add_comment(id, text, current_user)
    except NotFound:
        abort(404)
    return to_discussion(id)


def own_comment_or_abort(comment_id):
    """The comment when the current person wrote it (404 unknown, 403 someone else's)."""
    found = service.comment(comment_id)
    if found is None:
        abort(404)
    if found["author_id"] != current_user.id:
        abort(403)
    return found


@bp.route("/kommentare/<comment_id>/<any(bearbeiten, loeschen, verbergen):change>", methods=["POST"])
@login_required
def change_comment(comment_id, change):
    """The author edits (within 15 minutes) or deletes; a coordinator hides with a reason."""
    if change == "verbergen":
        if not can_coordinate(current_user):
            abort(403)
        found = service.comment(comment_id)
        if found is None:
            abort(404)
        reason = posted_text("reason")
        try:
            if reason:
                service.hide_comment(found, reason, current_user)
        except NotFound:
            flash(_("Der Kommentar ist inzwischen gelöscht."), "error")
        return to_discussion(found["project_id"])
    found = own_comment_or_abort(comment_id)
    try:
        if change == "loeschen":
            service.delete_comment(comment_id, current_user)
        else:
            text = posted_text()
            if text and not service.edit_comment(comment_id, text, current_user):
                flash(_("Ein Kommentar lässt sich nur in den ersten 15 Minuten bearbeiten."), "error")
    except NotFound:
        flash(_("Der Kommentar ist inzwischen gelöscht."), "error")
    return to_discussion(found["project_id"])


@bp.route("/<id>/unterstuetzen", methods=["POST"])
@login_required
def support(id):  # noqa: A002 - the URL's name for it
    """The person's partner supports the idea, or (with `off`) withdraws its support."""
    project = visible_or_404(id)
    if not current_user.partner_id:
        abort(403)
    try:
        service.set_support(project, current_user, not request.form.get("off"))
    except NotFound:
        abort(404)
    except service.SupportRefused:
        abort(403)
    return to_discussion(id)


@bp.route("/<id>/folgen", methods=["POST"])
@login_required
def follow(id):  # noqa: A002 - the URL's name for it
    """Follow the idea, or (with `off`) stop following."""
    visible_or_404(id)
    try:
        service.set_follow(id, current_user, not request.form.get("off"))
    except NotFound:
        abort(404)
    return to_discussion(id)

"""The notification list (mark as read) and the mail preferences of the logged-in person."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import login_required
from ..forms import ActionForm
from ..vocabulary import NOTIFICATION_KIND_WORDS
from . import service

bp = Blueprint("notifications", __name__, url_prefix="/benachrichtigungen")


@bp.app_context_processor
def unread():
    """`unread_notifications` for the header's bell (0 for anonymous visitors)."""
    def count():
        return service.unread_count(current_user.id) if current_user.is_authenticated else 0
    return {"unread_notifications": count, "describe_notification": service.describe}


@bp.route("/")
@login_required
def index():
    """The person's notifications, newest first, unread ones marked."""
    return render_template("notifications/index.html", notifications=service.for_user(current_user.id),
                           form=ActionForm(), kinds=NOTIFICATION_KIND_WORDS,
                           preferences=service.preferences(current_user.id))


@bp.route("/gelesen", methods=["POST"])
@login_required
def mark_read():
    """Mark one notification (`id`) or all as read."""
    service.mark_read(current_user.id, request.form.get("id") or None)
    return redirect(url_for("notifications.index"), code=303)


@bp.route("/<id>/oeffnen", methods=["POST"])
@login_required
def open_one(id):  # noqa: A002 - the URL's name for it
    """Open what a notification is about (the idea, or the suggestions to settle) and mark it read."""
    found = service.open_one(current_user.id, id)
    if found is None:
        abort(404)
    endpoint, values = service.target_endpoint(found)
    return redirect(url_for(endpoint, **values), code=303)


@bp.route("/einstellungen", methods=["POST"])
@login_required
def preferences():
    """Which kinds come by mail, and whether as a daily digest."""
    service.save_preferences(current_user.id, request.form.getlist("mail_kinds"), request.form.get("mail_digest"))
    flash(_("Ihre Einstellungen sind gespeichert."), "success")
    return redirect(url_for("notifications.index"), code=303)

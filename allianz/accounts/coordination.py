"""Coordinators' pages: people (deactivate, reactivate), invitations (invite, resend, revoke), and a
new partner with its first member. A mail that went to the log (no MAIL_SERVER) is shown on the page."""
from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from ..db import query
from ..listing import name_key
from . import invitations as invites
from . import service
from .forms import ActionForm, InviteForm, NewPartnerForm
from .permissions import coordinator_required, roles_grantable_by
from .service import AccountError

bp = Blueprint("coordination", __name__, url_prefix="/koordination")

PARTNER_CHOICES = "MATCH (p:Partner) RETURN p.id AS id, p.name AS name"
SHOWN_MAIL = "shown_mail"  # the logged mail to show once on the next page


def partner_choices():
    """(id, name) of every partner, by name the German way."""
    rows = sorted(query(PARTNER_CHOICES), key=lambda row: name_key(row["name"] or row["id"]))
    return [(row["id"], row["name"] or row["id"]) for row in rows]


def show_mail(mail):
    """Keep a mail that went to the log for the next page (the coordinator passes the link on)."""
    if mail and mail["via"] == "log":
        session[SHOWN_MAIL] = {key: mail[key] for key in ("to", "subject", "body")}


def shown_mail():
    """The logged mail to show on this page, once."""
    return session.pop(SHOWN_MAIL, None)


@bp.route("/personen")
@coordinator_required
def people():
    """Everyone with an account: role, partner, active or not, with (de)activation buttons."""
    return render_template("accounts/people.html", people=service.list_users(), form=ActionForm())


@bp.route("/personen/<user_id>/<any(deaktivieren, reaktivieren):change>", methods=["POST"])
@coordinator_required
def set_active(user_id, change):
    """Deactivate (every session ends at once) or reactivate a person."""
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    person = service.find_by_id(user_id)
    if person is None:
        abort(404)
    if person["role"] not in roles_grantable_by(current_user):
        abort(403)
    if person["id"] == current_user.id:
        flash(_("Sie können sich nicht selbst deaktivieren."), "error")
    else:
        service.set_active(user_id, change == "reaktivieren", actor_id=current_user.id)
        flash(_("%(name)s ist deaktiviert.", name=person["name"] or person["email"]) if change == "deaktivieren"
              else _("%(name)s ist wieder aktiv.", name=person["name"] or person["email"]), "success")
    return redirect(url_for("coordination.people"), code=303)


@bp.route("/einladungen", methods=["GET", "POST"])
@coordinator_required
def invitations():
    """Invite a person to a partner; the list of invitations with their state."""
    form = InviteForm(partner_choices(), roles_grantable_by(current_user))
    if form.validate_on_submit():
        try:
            _invitation, mail = invites.invite(form.email.data, form.role.data, form.partner_id.data,
                                                   actor_id=current_user.id)
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            show_mail(mail)
            flash(_("Einladung an %(email)s erstellt.", email=form.email.data), "success")
            return redirect(url_for("coordination.invitations"), code=303)
    return render_template("accounts/invitations.html", form=form, action_form=ActionForm(),
                           invitations=invites.recent(), mail=shown_mail()), 400 if form.errors else 200


@bp.route("/einladungen/<invitation_id>/<any(erneut, zuruecknehmen):change>", methods=["POST"])
@coordinator_required
def change_invitation(invitation_id, change):
    """Resend (a new link, the old one dies) or revoke an invitation."""
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    if invites.find(invitation_id) is None:
        abort(404)
    try:
        if change == "erneut":
            show_mail(invites.resend(invitation_id, actor_id=current_user.id))
            flash(_("Die Einladung ist erneut gesendet; der alte Link gilt nicht mehr."), "success")
        else:
            invites.revoke(invitation_id, actor_id=current_user.id)
            flash(_("Die Einladung ist zurückgenommen."), "success")
    except AccountError as error:
        flash(str(error), "error")
    return redirect(url_for("coordination.invitations"), code=303)


@bp.route("/partner/neu", methods=["GET", "POST"])
@coordinator_required
def new_partner():
    """Create a partner and invite its first member in one step."""
    form = NewPartnerForm()
    if form.validate_on_submit():
        try:
            partner, _invitation, mail = invites.create_partner_and_invite(
                form.name.data, form.kind.data, form.email.data, actor_id=current_user.id)
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            show_mail(mail)
            flash(_("Partner %(name)s angelegt und %(email)s eingeladen.", name=partner["name"],
                    email=form.email.data), "success")
            return redirect(url_for("coordination.invitations"), code=303)
    return render_template("accounts/new_partner.html", form=form), 400 if form.errors else 200


@bp.app_template_filter("datetime_short")
def datetime_short(value):
    """A date and time, short, in the UI language ("–" for none)."""
    return format_datetime(value, "short") if value else "–"

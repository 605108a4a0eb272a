"""The pages of accounts, as two blueprints: `accounts` (log in, log out, passwords, accepting an invitation)
and `coordination` (/koordination: people, invitations, a new partner with its first member). HTTP only: the
rules live in the service and its parts (`service`, `invitations`, `resets`, `session`, `permissions`).
Every state change is a POST, its CSRF token checked by `CSRFProtect`."""
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user

from ..access_tokens import service as tokens
from ..access_tokens.forms import TokenForm
from ..forms import ActionForm
from ..security import safe_next
from . import devices, resets, service
from . import invitations as invites
from . import session as sessions
from .forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    InviteForm,
    LoginForm,
    NewPartnerForm,
    NewPasswordForm,
)
from .permissions import coordinator_required, login_required, roles_grantable_by
from .service import AccountError

bp = Blueprint("accounts", __name__)
coordination = Blueprint("coordination", __name__, url_prefix="/koordination")

SHOWN_MAIL = "shown_mail"  # the logged mail to show once on the next page


@bp.route("/anmelden", methods=["GET", "POST"])
def login():
    """The log-in form; on success a fresh session, then on to `next` (local paths only)."""
    target = safe_next(request.values.get("next"), url_for("main.index"))
    if current_user.is_authenticated:
        return redirect(target)
    form = LoginForm()
    error = None
    status = 200
    if form.validate_on_submit():
        cookie = request.cookies.get(devices.COOKIE)
        user, until = service.authenticate(form.email.data, form.password.data, request.remote_addr,
                                           device=devices.known_device(cookie, form.email.data))
        if user is not None:
            sessions.log_in(user, remember=form.remember.data)
            flash(_("Sie sind angemeldet."), "success")
            return devices.remember_device(redirect(target), cookie, user["email"])
        if until is not None:
            error = _("Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es nach %(time)s Uhr erneut.",
                      time=format_time(until, "medium"))
            status = 429
        else:
            error = _("Die E-Mail-Adresse oder das Passwort stimmt nicht, oder das Konto ist nicht aktiv.")
            status = 401
    elif request.method == "POST":
        status = 400
    return render_template("accounts/login.html", form=form, error=error, next=target), status


@bp.route("/abmelden", methods=["POST"])
@login_required
def logout():
    """End this session and every other copy of it (a replayed cookie is refused afterwards)."""
    sessions.log_out(current_user.id)
    flash(_("Sie sind abgemeldet."), "success")
    return redirect(url_for("main.index"), code=303)


@bp.route("/konto")
@login_required
def profile():
    """The logged-in person's own account, with their personal access tokens of the JSON API."""
    return render_template("accounts/profile.html", token_form=TokenForm(formdata=None),
                           tokens=tokens.of_user(current_user.id), created=None, revoke_form=ActionForm())


@bp.route("/konto/passwort", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the own password: every other session ends, this one goes on."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        row = service.find_by_id(current_user.id)
        if not service.password_matches(current_user.id, form.current.data):
            form.current.errors.append(_("Das bisherige Passwort stimmt nicht."))
        else:
            service.set_password(current_user.id, form.password.data)
            sessions.log_in(service.find_by_id(current_user.id) or row)
            flash(_("Ihr Passwort ist geändert. Andere Sitzungen sind beendet."), "success")
            return redirect(url_for("accounts.profile"), code=303)
    return render_template("accounts/password.html", form=form, title=_("Passwort ändern"),
                           action=url_for("accounts.change_password")), 400 if form.errors else 200


@bp.route("/passwort-vergessen", methods=["GET", "POST"])
def forgot_password():
    """Ask for a reset link; the answer never tells whether the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        resets.request_reset_later(form.email.data)  # the same time for every address; never shown here
        flash(_("Wenn es zu dieser Adresse ein Konto gibt, ist eine E-Mail mit einem Link unterwegs "
                "(gültig eine Stunde)."), "info")
        return redirect(url_for("accounts.login"), code=303)
    return render_template("accounts/forgot.html", form=form), 400 if form.errors else 200


@bp.route("/passwort-neu/<token>", methods=["GET", "POST"])
def reset_password(token):
    """Choose a new password through a reset link (one hour, once)."""
    if resets.reset_user(token) is None:
        return render_template("accounts/link_invalid.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            resets.reset(token, form.password.data)
        except AccountError:
            return render_template("accounts/link_invalid.html"), 404
        flash(_("Ihr Passwort ist geändert. Bitte melden Sie sich an."), "success")
        return redirect(url_for("accounts.login"), code=303)
    return render_template("accounts/password.html", form=form, title=_("Neues Passwort wählen"),
                           action=url_for("accounts.reset_password", token=token)), 400 if form.errors else 200


@bp.route("/einladung/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    """Accept an invitation: name and password, then logged in."""
    invitation = invites.open_invitation(token)
    if invitation is None:
        return render_template("accounts/link_invalid.html"), 404
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            user = invites.accept(token, form.name.data, form.password.data)
        except AccountError as error:
            form.password.errors.append(str(error))
        else:
            sessions.log_in(service.find_by_id(user["id"]))
            flash(_("Willkommen in der Allianz Smart City!"), "success")
            return redirect(url_for("accounts.profile"), code=303)
    return render_template("accounts/accept.html", form=form, invitation=invitation), 400 if form.errors else 200


# -- coordination: people, invitations, a new partner ----------------------------------------------------
def show_mail(mail):
    """Keep a mail that went to the log for the next page (the coordinator passes the link on)."""
    if mail and mail["via"] == "log":
        session[SHOWN_MAIL] = {key: mail[key] for key in ("to", "subject", "body")}


def shown_mail():
    """The logged mail to show on this page, once."""
    return session.pop(SHOWN_MAIL, None)


@coordination.route("/personen")
@coordinator_required
def people():
    """Everyone with an account: role, partner, active or not, with (de)activation buttons."""
    return render_template("accounts/people.html", people=service.people_for(current_user), form=ActionForm())


@coordination.route("/personen/<user_id>/<any(deaktivieren, reaktivieren):change>", methods=["POST"])
@coordinator_required
def set_active(user_id, change):
    """Deactivate (every session ends at once) or reactivate a person."""
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


@coordination.route("/einladungen", methods=["GET", "POST"])
@coordinator_required
def invitations():
    """Invite a person to a partner; the list of invitations with their state."""
    form = InviteForm(service.partner_choices(), roles_grantable_by(current_user))
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


@coordination.route("/einladungen/<invitation_id>/<any(erneut, zuruecknehmen):change>", methods=["POST"])
@coordinator_required
def change_invitation(invitation_id, change):
    """Resend (a new link, the old one dies) or revoke an invitation."""
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


@coordination.route("/partner/neu", methods=["GET", "POST"])
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

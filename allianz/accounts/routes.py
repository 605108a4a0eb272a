"""Log in, log out, passwords and invitations (pages); every state change is a POST with CSRF."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from ..db import query_one
from ..security import safe_next
from . import invitations, resets, service
from . import session as sessions
from .forms import AcceptInvitationForm, ChangePasswordForm, ForgotPasswordForm, LoginForm, NewPasswordForm
from .forms import ActionForm as LogoutForm
from .passwords import verify_password
from .permissions import login_required
from .service import AccountError

bp = Blueprint("accounts", __name__)

PASSWORD_OF = "MATCH (u:User {id: $id}) RETURN u.password_hash AS password_hash"

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
        user, until = service.authenticate(form.email.data, form.password.data, request.remote_addr)
        if user is not None:
            sessions.log_in(user, remember=form.remember.data)
            flash(_("Sie sind angemeldet."), "success")
            return redirect(target)
        if until is not None:
            error = _("Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es nach %(time)s Uhr erneut.",
                      time=format_datetime(until, "HH:mm:ss"))
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
    form = LogoutForm()
    if form.validate_on_submit():
        sessions.log_out(current_user.id)
        flash(_("Sie sind abgemeldet."), "success")
    return redirect(url_for("main.index"), code=303)


@bp.route("/konto")
@login_required
def profile():
    """The logged-in person's own account."""
    return render_template("accounts/profile.html")


@bp.route("/konto/passwort", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the own password: every other session ends, this one goes on."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        row = service.find_by_id(current_user.id)
        stored = query_one(PASSWORD_OF, id=current_user.id)
        if not verify_password(stored["password_hash"] if stored else None, form.current.data):
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
        resets.request_reset(form.email.data)  # a logged mail is never shown here: anyone can ask
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
    invitation = invitations.open_invitation(token)
    if invitation is None:
        return render_template("accounts/link_invalid.html"), 404
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            user = invitations.accept(token, form.name.data, form.password.data)
        except AccountError as error:
            form.password.errors.append(str(error))
        else:
            sessions.log_in(service.find_by_id(user["id"]))
            flash(_("Willkommen in der Allianz Smart City!"), "success")
            return redirect(url_for("accounts.profile"), code=303)
    return render_template("accounts/accept.html", form=form, invitation=invitation), 400 if form.errors else 200

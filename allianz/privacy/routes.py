"""The pages of privacy: /datenschutz, the own data (download, delete the account) and the coordinators'
answers to access and erasure requests. HTTP only; the rules live in `service`. Every state change is a
POST with its CSRF token."""
from datetime import datetime, timezone
from io import BytesIO

from flask import Blueprint, abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts import service as accounts
from ..accounts import session as sessions
from ..accounts.permissions import coordinator_required, login_required, roles_grantable_by
from ..exceptions import NotFound
from ..forms import ActionForm
from . import service
from .forms import EraseForm

bp = Blueprint("privacy", __name__)


@bp.route("/datenschutz")
def page():
    """What Allianz stores about people, why, who sees it and for how long (from the inventory)."""
    config = current_app.config
    return render_template("privacy/page.html", kinds=service.page_kinds(),
                           months=config["PRIVACY_DEACTIVATED_MONTHS"], days=config["PRIVACY_LOGIN_RECORD_DAYS"])


def zip_answer(archive, stem):
    """The archive as a download."""
    name = f"{stem}-{datetime.now(timezone.utc):%Y-%m-%d}.zip"
    return send_file(BytesIO(archive), mimetype="application/zip", as_attachment=True, download_name=name,
                     max_age=0)


@bp.route("/konto/daten", methods=["POST"])
@login_required
def download():
    """Meine Daten herunterladen: everything linked to the logged-in person, as a .zip."""
    try:
        archive = service.export_zip(current_user.id)
    except NotFound:
        abort(404)
    return zip_answer(archive, "allianz-meine-daten")


@bp.route("/konto/loeschen", methods=["GET", "POST"])
@login_required
def delete_account():
    """Konto löschen: with the password and the confirmation; then every session ends."""
    form = EraseForm()
    if form.validate_on_submit():
        try:
            service.erase_own(current_user.id, form.password.data, form.confirm.data)
        except service.ErasureRefused as refused:
            form.password.errors.append(str(refused))
        else:
            sessions.log_out(current_user.id)
            flash(_("Ihr Konto ist gelöscht. Was Sie geschrieben haben, steht jetzt unter „ehemaliges Mitglied“."),
                  "success")
            return redirect(url_for("main.index"), code=303)
    return render_template("privacy/delete.html", form=form), 400 if form.errors else 200


# -- coordination: access and erasure requests -------------------------------------------------------------
def person_or_404(user_id):
    """The person, or 404."""
    person = accounts.find_by_id(user_id)
    if person is None:
        abort(404)
    return person


def may_erase(person):
    """Coordinators erase the people whose role they may grant, never themselves (they use their own page)."""
    return person["id"] != current_user.id and person["role"] in roles_grantable_by(current_user)


@bp.route("/koordination/personen/<user_id>/datenschutz")
@coordinator_required
def person(user_id):
    """A person's access and erasure requests: download their data, erase them."""
    found = person_or_404(user_id)
    return render_template("privacy/person.html", person=found, form=EraseForm(), action_form=ActionForm(),
                           may_erase=may_erase(found))


@bp.route("/koordination/personen/<user_id>/auskunft", methods=["POST"])
@coordinator_required
def access_request(user_id):
    """Answer an access request: the person's data as the same .zip, audited."""
    person_or_404(user_id)
    try:
        archive = service.answer_access_request(user_id, actor_id=current_user.id)
    except NotFound:
        abort(404)
    return zip_answer(archive, "allianz-auskunft")


@bp.route("/koordination/personen/<user_id>/loeschen", methods=["POST"])
@coordinator_required
def erase_person(user_id):
    """Erase a person on request: the coordinator's own password and the confirmation; audited."""
    found = person_or_404(user_id)
    if not may_erase(found):
        abort(403)
    form = EraseForm()
    if form.validate_on_submit():
        if not accounts.password_matches(current_user.id, form.password.data):
            form.password.errors.append(_("Das Passwort stimmt nicht."))
        else:
            service.erase(user_id, actor_id=current_user.id)
            flash(_("Die Person ist gelöscht; ihre Beiträge stehen unter „ehemaliges Mitglied“."), "success")
            return redirect(url_for("coordination.people"), code=303)
    return render_template("privacy/person.html", person=found, form=form, action_form=ActionForm(),
                           may_erase=True), 400

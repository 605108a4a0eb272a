"""Personal access tokens on the account page: create one (its secret shown once, on this answer only) and
revoke one. POSTs with CSRF; a person handles only their own tokens."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import login_required
from ..forms import ActionForm
from . import service
from .forms import TokenForm

bp = Blueprint("access_tokens", __name__, url_prefix="/konto/schluessel")


def account_page(form, created=None, status=200):
    """The account page with the token section (and the new secret, once)."""
    return render_template("accounts/profile.html", token_form=form, tokens=service.of_user(current_user.id),
                           created=created, revoke_form=ActionForm()), status


@bp.route("", methods=["POST"])
@login_required
def create():
    """Create a token; the answer shows its secret once (never stored, never in a redirect or the session)."""
    form = TokenForm()
    if not form.validate_on_submit():
        return account_page(form, status=400)
    secret, token = service.create(current_user, form.name.data, form.scopes.data, form.days.data)
    return account_page(TokenForm(formdata=None), created={"secret": secret, **token})


@bp.route("/<token_id>/widerrufen", methods=["POST"])
@login_required
def revoke(token_id):
    """Revoke one of the person's tokens: it is refused from the next request on."""
    if service.revoke(current_user, token_id):
        flash(_("Der Schlüssel ist widerrufen."), "success")
    else:
        flash(_("Diesen Schlüssel gibt es nicht (mehr)."), "error")
    return redirect(url_for("accounts.profile") + "#schluessel", code=303)

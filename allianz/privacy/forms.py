"""Forms of privacy: deleting an account needs a password and an explicit confirmation."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, Length

from ..accounts.passwords import MAX_LENGTH
from ..forms import Form


class EraseForm(Form):
    """Delete an account: the password (one's own; a coordinator's own for someone else) and the checkbox."""

    password = PasswordField(_l("Ihr Passwort"), validators=[DataRequired(_l("Bitte geben Sie Ihr Passwort an.")),
                                                             Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    confirm = BooleanField(_l("Ja, ich will das Konto endgültig löschen."),
                           validators=[DataRequired(_l("Bitte bestätigen Sie die Löschung."))])

"""Forms of accounts: log in, passwords, invitations, a new partner. Every one carries a CSRF token.

A button that only changes state needs no form of its own: `allianz.forms.ActionForm` (the CSRF token)."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..forms import Form, strip
from ..labels import KIND_LABELS, USER_ROLE_LABELS
from .passwords import MAX_LENGTH, password_problem


def lower(value):
    """E-mail addresses in lower case."""
    return value.strip().lower() if isinstance(value, str) else value


def good_password(_form, field):
    """Validator: the password policy (length, not a common password)."""
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(str(problem))


EMAIL_VALIDATORS = [DataRequired(_l("Bitte geben Sie Ihre E-Mail-Adresse an.")),
                    Email(_l("Das ist keine gültige E-Mail-Adresse."), check_deliverability=False),
                    Length(max=254)]


class LoginForm(Form):
    """Log in by e-mail (any case) and password."""

    email = EmailField(_l("E-Mail-Adresse"), filters=[lower], validators=EMAIL_VALIDATORS,
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Passwort"), validators=[DataRequired(_l("Bitte geben Sie Ihr Passwort an.")),
                                                         Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Angemeldet bleiben"))


class NewPasswordForm(Form):
    """Choose a password (twice)."""

    password = PasswordField(_l("Neues Passwort"), validators=[DataRequired(_l("Bitte wählen Sie ein Passwort.")),
                                                              good_password],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Neues Passwort wiederholen"),
                            validators=[EqualTo("password", _l("Die beiden Passwörter stimmen nicht überein."))],
                            render_kw={"autocomplete": "new-password"})


class ChangePasswordForm(NewPasswordForm):
    """Change the password: the current one first."""

    current = PasswordField(_l("Bisheriges Passwort"),
                            validators=[DataRequired(_l("Bitte geben Sie Ihr bisheriges Passwort an."))],
                            render_kw={"autocomplete": "current-password"})


class AcceptInvitationForm(NewPasswordForm):
    """Accept an invitation: a name and a password."""

    name = StringField(_l("Ihr Name"), filters=[strip],
                       validators=[DataRequired(_l("Bitte geben Sie Ihren Namen an.")), Length(max=200)],
                       render_kw={"autocomplete": "name"})


class ForgotPasswordForm(Form):
    """Ask for a reset link."""

    email = EmailField(_l("E-Mail-Adresse"), filters=[lower], validators=EMAIL_VALIDATORS,
                       render_kw={"autocomplete": "username"})


class InviteForm(Form):
    """A coordinator invites a person to a partner."""

    email = EmailField(_l("E-Mail-Adresse"), filters=[lower], validators=EMAIL_VALIDATORS)
    role = SelectField(_l("Rolle"), default="member", validate_choice=True)
    partner_id = SelectField(_l("Partner"), validate_choice=True)

    def __init__(self, partner_choices, roles, **kwargs):
        """`partner_choices` are (id, name) pairs from the graph; `roles` those the inviter may give."""
        super().__init__(**kwargs)
        self.role.choices = [SelectChoice(key, label) for key, label in USER_ROLE_LABELS.items() if key in roles]
        self.partner_id.choices = [SelectChoice(key, label) for key, label in partner_choices]


class NewPartnerForm(Form):
    """A coordinator creates a partner and invites its first member in one step."""

    name = StringField(_l("Name des Partners"), filters=[strip],
                       validators=[DataRequired(_l("Bitte geben Sie den Namen an.")), Length(max=200)])

    kind = SelectField(_l("Art"), validate_choice=True)
    email = EmailField(_l("E-Mail-Adresse der ersten Person"), filters=[lower], validators=EMAIL_VALIDATORS)

    def __init__(self, **kwargs):
        """The kinds come from the vocabulary."""
        super().__init__(**kwargs)
        self.kind.choices = [SelectChoice(key, label) for key, label in KIND_LABELS.items()]

"""The form of a new personal access token (/konto)."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length

from ..forms import Form, MultiCheckboxField, strip
from .service import EXPIRY_DAYS


class TokenForm(Form):
    """A token's name (what it is for), its scopes and how long it lasts."""

    name = StringField(_l("Wofür (Name)"), filters=[strip],
                       validators=[InputRequired(_l("Bitte geben Sie dem Schlüssel einen Namen.")),
                                   Length(max=100)])
    # "write" includes reading (the service stores both)
    scopes = MultiCheckboxField(_l("Rechte"), validate_choice=True,
                                validators=[InputRequired(_l("Bitte wählen Sie mindestens ein Recht."))])
    days = SelectField(_l("Gültig für"), coerce=int, default=90)

    def __init__(self, *args, **kwargs):
        """The choices in the UI language."""
        super().__init__(*args, **kwargs)
        self.scopes.choices = [SelectChoice("read", _l("lesen")), SelectChoice("write", _l("lesen und schreiben"))]
        self.days.choices = [SelectChoice(days, _l("%(days)s Tage", days=days)) for days in EXPIRY_DAYS]

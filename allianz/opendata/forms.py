"""The coordinators' choice whether a partner or project is in the open data."""
from wtforms import HiddenField
from wtforms.validators import AnyOf, InputRequired

from ..forms import Form, HiddenNumber


class ChoiceForm(Form):
    """Include ("1") or leave out ("0"), as of the version the page showed."""

    version = HiddenNumber(validators=[InputRequired()])
    published = HiddenField(validators=[AnyOf(("0", "1"))])

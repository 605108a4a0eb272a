"""The search form of the competency vocabulary (GET, so no CSRF token)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional

from ..forms import strip


class CompetencySearch(FlaskForm):
    """Search the vocabulary by German or English name (or by id, for a competency without a name)."""

    class Meta:
        csrf = False

    q = StringField(_l("Kompetenz suchen"), filters=[strip], validators=[Optional(), Length(max=200)])

    def __init__(self, formdata, **kwargs):
        """Bind to `formdata` (the query string)."""
        super().__init__(formdata=formdata, **kwargs)

    def term(self):
        """The search term, or None (call after `validate()`)."""
        return self.q.data if self.q.data and not self.q.errors else None

"""Forms of the competency vocabulary: the search (GET, so no CSRF token), the coordinators' care and the
suggestion of a missing competency (POST, with CSRF)."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..forms import Form, HiddenNumber, strip
from ..vocabulary import LEVELS

NAME = [DataRequired(_l("Bitte geben Sie einen Namen an.")), Length(max=200)]


class CompetencySearch(Form):
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


class AddCompetencyForm(Form):
    """Add a competency (optionally below a broader one)."""

    name = StringField(_l("Name (deutsch)"), filters=[strip], validators=NAME)
    name_en = StringField(_l("Name (englisch)"), filters=[strip], validators=[Optional(), Length(max=200)])
    broader = StringField(_l("Übergeordnete Kompetenz (Kennung, optional)"), filters=[strip],
                          validators=[Optional(), Length(max=200)])


class RenameCompetencyForm(Form):
    """Rename a competency."""

    version = HiddenNumber(validators=[InputRequired()])
    name = StringField(_l("Name (deutsch)"), filters=[strip], validators=NAME)
    name_en = StringField(_l("Name (englisch)"), filters=[strip], validators=[Optional(), Length(max=200)])


class MoveCompetencyForm(Form):
    """Put a competency below another one, or at the top level (empty)."""

    version = HiddenNumber(validators=[InputRequired()])
    broader = StringField(_l("Neue übergeordnete Kompetenz (Kennung, leer: oberste Ebene)"), filters=[strip],
                          validators=[Optional(), Length(max=200)])


class MergeCompetencyForm(Form):
    """Merge a competency into another one."""

    target = StringField(_l("Zusammenführen mit (Kennung der bleibenden Kompetenz)"), filters=[strip],
                         validators=[DataRequired(_l("Bitte geben Sie die bleibende Kompetenz an.")), Length(max=200)])


class SuggestCompetencyForm(Form):
    """A member suggests a competency the vocabulary lacks."""

    name = StringField(_l("Fehlende Kompetenz"), filters=[strip], validators=NAME)
    level = IntegerField(_l("Stufe (1–3)"), default=2,
                         validators=[InputRequired(), NumberRange(min=min(LEVELS), max=max(LEVELS))])
    note = StringField(_l("Anmerkung (optional)"), filters=[strip], validators=[Optional(), Length(max=500)])


class SettleSuggestionForm(Form):
    """A coordinator accepts a suggestion as new, maps it to an existing competency, or rejects it."""

    decision = SelectField(_l("Entscheidung"), choices=[SelectChoice("accept", _l("als neue Kompetenz aufnehmen")),
                                                         SelectChoice("merge", _l("einer vorhandenen zuordnen")),
                                                         SelectChoice("reject", _l("ablehnen"))], validate_choice=True)
    name = StringField(_l("Name der neuen Kompetenz"), filters=[strip], validators=[Optional(), Length(max=200)])
    broader = StringField(_l("Übergeordnete Kompetenz (Kennung, optional)"), filters=[strip],
                          validators=[Optional(), Length(max=200)])

    target = StringField(_l("Vorhandene Kompetenz (Kennung)"), filters=[strip],
                         validators=[Optional(), Length(max=200)])

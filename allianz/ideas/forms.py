"""Forms of ideas: the idea itself (needs come from the shared picker), a transition, the list's filters.

The team's forms (invitation, answer) are in `ideas/team/forms.py`."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from ..forms import Form, HiddenNumber, MultiCheckboxField, empty_to_none, strip
from ..vocabulary import CORE_VALUE_WORDS, KIND_WORDS, SCALE_WORDS
from .service import partner_named


def choices(words):
    """(key, translated word) choices from one of the vocabulary's word tables."""
    from flask_babel import gettext as _
    return [SelectChoice(key, _(word)) for key, word in words.items()]


class IdeaForm(Form):
    """An idea: title, summary, fields, kinds of partners wanted, time frame, scale, core values.

    The needed competencies come from the picker (`needs` ids with `importance-<id>`), read by the route.
    """

    version = HiddenNumber()
    # A random token per propose form: the same form sent twice (a double click) saves one idea.
    submission = HiddenField(validators=[Optional(), Regexp(r"^[0-9a-f]{32}$")])
    title = StringField(_l("Titel"), filters=[strip],
                        validators=[InputRequired(_l("Bitte geben Sie einen Titel an.")), Length(min=5, max=200)])
    summary = TextAreaField(_l("Worum es geht"), filters=[strip],
                            validators=[InputRequired(_l("Bitte beschreiben Sie die Idee in ein paar Sätzen.")),
                                        Length(min=20, max=5000)], render_kw={"rows": 6})
    fields = MultiCheckboxField(_l("Handlungsfelder"), validate_choice=True)
    partner_kinds = MultiCheckboxField(_l("Gesuchte Arten von Partnern"), validate_choice=True)
    time_frame = StringField(_l("Zeitrahmen"), filters=[strip, empty_to_none],
                             validators=[Optional(), Length(max=100)])
    scale = RadioField(_l("Räumlicher Maßstab"), validators=[InputRequired(_l("Bitte wählen Sie einen Maßstab."))])
    core_values = MultiCheckboxField(_l("Werte der Allianz, die die Idee berührt"), validate_choice=True)
    public = BooleanField(_l("Nach dem Einreichen öffentlich zeigen"), default=True)

    def __init__(self, field_choices, **kwargs):
        """`field_choices` are (key, name) pairs from the graph."""
        super().__init__(**kwargs)
        self.fields.choices = [SelectChoice(key, label) for key, label in field_choices]
        self.partner_kinds.choices = choices(KIND_WORDS)
        self.scale.choices = choices(SCALE_WORDS)
        self.core_values.choices = choices(CORE_VALUE_WORDS)


class TransitionForm(Form):
    """One transition of the state machine, as of the version the page showed; a reason when needed."""

    version = HiddenNumber(validators=[InputRequired()])
    reason = TextAreaField(_l("Begründung / Nachricht"), filters=[strip, empty_to_none],
                           validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})


class IdeaFilter(Form):
    """The idea list's filters (GET, no CSRF): status, field of action, scale, a partner by name.

    The needed competencies come from the shared picker (`competency` ids), read by the route; an
    unknown or ambiguous partner name is an error at the field, with suggestions.
    """

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), default="")
    field = SelectField(_l("Handlungsfeld"), default="")
    scale = SelectField(_l("Räumlicher Maßstab"), default="")
    partner = StringField(_l("Partner (Name)"), filters=[strip, empty_to_none],
                          validators=[Optional(), Length(max=200)])

    def __init__(self, formdata, field_choices, **kwargs):
        """Bind to the query string; `field_choices` are (key, name) pairs from the graph."""
        from ..labels import STATUS_FILTER_LABELS
        super().__init__(formdata=formdata, **kwargs)
        self.partner_id = None
        self.status.choices = [SelectChoice("", _l("alle")),
                               *(SelectChoice(key, label) for key, label in STATUS_FILTER_LABELS.items())]
        self.field.choices = [SelectChoice("", _l("alle")), *(SelectChoice(key, label) for key, label in field_choices)]
        self.scale.choices = [SelectChoice("", _l("alle")), *choices(SCALE_WORDS)]

    def validate_partner(self, field):
        """The text must name one partner (name, short name or id, or a unique part of a name); else say so."""
        from flask_babel import gettext as _
        if not field.data:
            return
        self.partner_id, candidates = partner_named(field.data)
        if self.partner_id is None and len(candidates) > 1:
            raise ValidationError(_("„%(entry)s“ passt auf mehrere Partner: %(names)s. Bitte den vollen Namen oder "
                                    "die Id angeben.", entry=field.data, names="; ".join(candidates)))
        if self.partner_id is None:
            raise ValidationError(_("Unbekannter Partner: „%(entry)s“.", entry=field.data))

    def filters(self):
        """The valid, non-empty filters: {status, field, scale, partner (id)} (call after `validate()`)."""
        found = {name: self[name].data for name in ("status", "field", "scale")
                 if self[name].data and not self[name].errors}
        if self.partner_id:
            found["partner"] = self.partner_id
        return found

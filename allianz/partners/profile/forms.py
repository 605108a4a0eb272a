"""Forms of partner self-service: the profile (its fields from the partner schema, competencies from the picker)
and contact persons."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectChoice, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional, Regexp, ValidationError

from ...forms import Form, HiddenNumber, MultiCheckboxField, empty_to_none, strip
from .. import schema


def checked_by(field):
    """Validator: the schema's check of `field` (a PartnerField); the value becomes what the check returns."""
    def validate(_form, form_field):
        if form_field.data is not None:
            try:
                form_field.data = field.check(field.name, form_field.data)
            except schema.Refused as refused:
                raise ValidationError(refused.message) from None
    return validate


def form_field(field):
    """The form field of an editable PartnerField: its label, length, check, text area or line, keyboard."""
    validators = [Optional()]
    if field.max_length:
        validators.append(Length(max=field.max_length))
    if field.check:
        validators.append(checked_by(field))
    if field.multiline:
        return TextAreaField(field.label, filters=[strip, empty_to_none], validators=validators,
                             render_kw={"rows": 8})
    return StringField(field.label, filters=[strip, empty_to_none], validators=validators,
                       render_kw={"inputmode": field.input_mode} if field.input_mode else None)


class PartnerProfileForm(Form):
    """What a partner's members keep current: the editable fields of the partner schema (description, website,
    district, founding year, …) and the fields of action.

    The competencies come from the picker (`competencies` ids with `level-<id>`), read by the route.
    """

    version = HiddenNumber(validators=[InputRequired()])
    fields = MultiCheckboxField(_l("Handlungsfelder"), validate_choice=True)

    def __init__(self, field_choices, **kwargs):
        """`field_choices` are (key, name) pairs from the graph."""
        super().__init__(**kwargs)
        self.fields.choices = [SelectChoice(key, label) for key, label in field_choices]

    def profile(self):
        """The editable properties as the form holds them (after `validate`: checked and converted)."""
        return {field.name: self[field.name].data for field in schema.EDITABLE}


for _field in schema.EDITABLE:  # one form field per editable property of the schema
    setattr(PartnerProfileForm, _field.name, form_field(_field))


class ContactForm(Form):
    """A contact person of a partner; `visible_to_members` shows the details to other logged-in members."""

    version = HiddenNumber()
    name = StringField(_l("Name"), filters=[strip], validators=[InputRequired(_l("Bitte geben Sie einen Namen an.")),
                                                                Length(max=200)])
    function = StringField(_l("Funktion"), filters=[strip, empty_to_none], validators=[Optional(), Length(max=200)])
    email = EmailField(_l("E-Mail-Adresse"), filters=[strip, empty_to_none],
                       validators=[Optional(), Email(_l("Das ist keine gültige E-Mail-Adresse."),
                                                     check_deliverability=False), Length(max=254)])
    phone = StringField(_l("Telefon"), filters=[strip, empty_to_none],
                        validators=[Optional(), Length(max=50),
                                    Regexp(r"^[0-9 +()/.\-]*$",
                                           message=_l("Nur Ziffern, Leerzeichen und + ( ) / - ."))])

    visible_to_members = BooleanField(_l("Kontaktdaten anderen angemeldeten Mitgliedern zeigen"))

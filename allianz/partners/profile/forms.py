"""Forms of partner self-service: the profile (with competencies from the picker) and contact persons."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, SelectChoice, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional, Regexp

from ...forms import MultiCheckboxField, empty_to_none, strip, web_address


class PartnerProfileForm(FlaskForm):
    """What a partner's members keep current: description, website, district, fields of action.

    The competencies come from the picker (`competencies` ids with `level-<id>`), read by the route.
    """

    version = HiddenField(validators=[InputRequired(), Regexp(r"^\d{1,9}$")])
    description = TextAreaField(_l("Beschreibung"), filters=[strip, empty_to_none],
                                validators=[Optional(), Length(max=5000)], render_kw={"rows": 8})
    website = StringField(_l("Website"), filters=[strip, empty_to_none],
                          validators=[Optional(), Length(max=300), web_address], render_kw={"inputmode": "url"})
    district = StringField(_l("Stadtteil"), filters=[strip, empty_to_none], validators=[Optional(), Length(max=100)])
    fields = MultiCheckboxField(_l("Handlungsfelder"), validate_choice=True)

    def __init__(self, field_choices, **kwargs):
        """`field_choices` are (key, name) pairs from the graph."""
        super().__init__(**kwargs)
        self.fields.choices = [SelectChoice(key, label) for key, label in field_choices]


class ContactForm(FlaskForm):
    """A contact person of a partner; `visible_to_members` shows the details to other logged-in members."""

    version = HiddenField()
    name = StringField(_l("Name"), filters=[strip], validators=[InputRequired(_l("Bitte geben Sie einen Namen an.")),
                                                                Length(max=200)])
    function = StringField(_l("Funktion"), filters=[strip, empty_to_none], validators=[Optional(), Length(max=200)])
    email = EmailField(_l("E-Mail-Adresse"), filters=[strip, empty_to_none],
                       validators=[Optional(), Email(_l("Das ist keine gültige E-Mail-Adresse."),
                                                     check_deliverability=False), Length(max=254)])
    phone = StringField(_l("Telefon"), filters=[strip, empty_to_none],
                        validators=[Optional(), Length(max=50),
                                    Regexp(r"^[0-9 +()/.\-]*$", message=_l("Nur Ziffern, Leerzeichen und + ( ) / - ."))])

    visible_to_members = BooleanField(_l("Kontaktdaten anderen angemeldeten Mitgliedern zeigen"))

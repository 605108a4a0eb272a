"""What every domain's forms share: the text filters, the checkbox list, the web-address validator, the action form.

A domain's `forms.py` imports from here, never from another domain's forms.
"""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .exceptions import InputError
from .text import character_name, empty_to_none, is_web_address, refused_character, strip

__all__ = ["ActionForm", "Form", "HiddenNumber", "MultiCheckboxField", "empty_to_none", "strip", "web_address"]

HIDDEN_NUMBER = re.compile(r"^[0-9]{1,9}$")


class HiddenNumber(HiddenField):
    """A number the page carries for the server (a version, a rank): never typed by a person, so anything
    but 1–9 plain digits (`1.5`, `nan`, `-5`, `²`, 30 digits) is a bad request (400), not a 500."""

    def process_formdata(self, valuelist):
        """Parse strictly; an absent value stays None (the field's validators decide whether it is needed)."""
        if not valuelist or valuelist[0] == "":
            self.data = None
            return
        if not HIDDEN_NUMBER.match(valuelist[0]):
            raise InputError(f"{self.name}: not a number the page sent")
        self.data = int(valuelist[0])

    def _value(self):
        return "" if self.data is None else str(self.data)


class Form(FlaskForm):
    """The base of every form: besides each field's validators, no text field may hold a character the
    importer refuses (`allianz.text.refused_character`: controls, bidi controls, line separators; line
    breaks only in long texts), so that whatever a form saves, an export of it imports again."""

    def validate(self, extra_validators=None):
        """The fields' own validation, then the one text rule, told next to the field."""
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field, StringField) and not isinstance(field, PasswordField) and isinstance(field.data, str):
                char = refused_character(field.data, multiline=isinstance(field, TextAreaField))
                if char is not None:
                    field.errors = [*field.errors, _l("Dieses Zeichen ist hier nicht erlaubt: %(char)s",
                                                      char=character_name(char))]
                    valid = False
        return valid


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def web_address(_form, field):
    """Validator: a website is an http(s) address (`allianz.text.is_web_address`, as the importer checks it)."""
    if field.data and not is_web_address(field.data):
        raise ValidationError(_l("Bitte eine Adresse mit http:// oder https:// angeben."))


class ActionForm(Form):
    """A button that changes state (resend, revoke, deactivate, log out): only the CSRF token, which
    `CSRFProtect` checks for every POST, so routes need not validate it again."""

"""What every domain's forms share: the text filters, the checkbox list, the web-address validator, the action form.

A domain's `forms.py` imports from here, never from another domain's forms.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .text import character_name, empty_to_none, is_web_address, refused_character, strip

__all__ = ["ActionForm", "Form", "MultiCheckboxField", "empty_to_none", "strip", "web_address"]


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

"""What every domain's forms share: the text filters, the checkbox list, the web-address validator, the action form.

A domain's `forms.py` imports from here, never from another domain's forms.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .text import empty_to_none, is_web_address, strip

__all__ = ["ActionForm", "MultiCheckboxField", "empty_to_none", "strip", "web_address"]


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def web_address(_form, field):
    """Validator: a website is an http(s) address (`allianz.text.is_web_address`, as the importer checks it)."""
    if field.data and not is_web_address(field.data):
        raise ValidationError(_l("Bitte eine Adresse mit http:// oder https:// angeben."))


class ActionForm(FlaskForm):
    """A button that changes state (resend, revoke, deactivate, log out): only the CSRF token, which
    `CSRFProtect` checks for every POST, so routes need not validate it again."""

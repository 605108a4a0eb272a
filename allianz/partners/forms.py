"""The filter form of the partner list (GET, so no CSRF token)."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional

from ..forms import Form, strip
from ..labels import KIND_LABELS


class PartnerFilter(Form):
    """Filter partners by kind and field of action, and search their names."""

    class Meta:
        csrf = False

    q = StringField(_l("Name enthält"), filters=[strip], validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Art"), default="")
    field = SelectField(_l("Handlungsfeld"), default="")

    def __init__(self, formdata, field_choices, **kwargs):
        """Bind to `formdata` (the query string); `field_choices` are (key, name) pairs from the graph."""
        super().__init__(formdata=formdata, **kwargs)
        self.kind.choices = [SelectChoice("", _l("Alle Arten")),
                             *(SelectChoice(key, label) for key, label in KIND_LABELS.items())]
        self.field.choices = [SelectChoice("", _l("Alle Handlungsfelder")),
                              *(SelectChoice(key, label) for key, label in field_choices)]

    def filters(self):
        """The valid, non-empty filter values by name (call after `validate()`)."""
        return {name: self[name].data for name in ("q", "kind", "field")
                if self[name].data and not self[name].errors}

"""The filter form of the project list (GET, so no CSRF token)."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional

from ..forms import Form, strip
from ..labels import STATUS_FILTER_LABELS

SORTS = {"title": _l("Titel (A–Z)"), "newest": _l("Beginn (neueste zuerst)")}
DEFAULT_SORT = "title"


class ProjectFilter(Form):
    """Filter projects by status and field of action, search their titles, choose the order."""

    class Meta:
        csrf = False

    q = StringField(_l("Titel enthält"), filters=[strip], validators=[Optional(), Length(max=200)])
    status = SelectField(_l("Status"), default="")
    field = SelectField(_l("Handlungsfeld"), default="")
    sort = SelectField(_l("Sortierung"), default=DEFAULT_SORT,
                       choices=[SelectChoice(key, label) for key, label in SORTS.items()])

    def __init__(self, formdata, field_choices, **kwargs):
        """Bind to `formdata` (the query string); `field_choices` are (key, name) pairs from the graph."""
        super().__init__(formdata=formdata, **kwargs)
        self.status.choices = [SelectChoice("", _l("Alle Status")),
                               *(SelectChoice(key, label) for key, label in STATUS_FILTER_LABELS.items())]
        self.field.choices = [SelectChoice("", _l("Alle Handlungsfelder")),
                              *(SelectChoice(key, label) for key, label in field_choices)]

    def filters(self):
        """The valid, non-empty filter values by name (call after `validate()`)."""
        return {name: self[name].data for name in ("q", "status", "field")
                if self[name].data and not self[name].errors}

    def sort_key(self):
        """The chosen order: a key of SORTS (the default when the choice is not valid)."""
        return self.sort.data if self.sort.data in SORTS and not self.sort.errors else DEFAULT_SORT

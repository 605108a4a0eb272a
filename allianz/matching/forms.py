"""The "find collaborators" form (GET, so no CSRF token)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectMultipleField, StringField
from wtforms.validators import NumberRange, Optional

from ..labels import KIND_LABELS


class FindForm(FlaskForm):
    """Ad-hoc needs: competencies, fields of action, kinds wanted, optionally a team to complement."""

    class Meta:
        csrf = False

    needs = SelectMultipleField(_l("Benötigte Kompetenzen"), validate_choice=True)
    fields = SelectMultipleField(_l("Handlungsfelder"), validate_choice=True)
    kinds = SelectMultipleField(_l("Gesuchte Arten von Partnern"), validate_choice=True)
    team = StringField(_l("Schon im Team (Partner-Ids, durch Komma getrennt)"), validators=[Optional()])
    new_bridges = BooleanField(_l("Neue Verbindungen bevorzugen (Partner ohne gemeinsames Projekt mit dem Team)"))
    top = IntegerField(_l("Anzahl Vorschläge"), default=10, validators=[Optional(), NumberRange(min=1, max=100)])

    def __init__(self, formdata, competency_choices, field_choices, **kwargs):
        """Bind to the query string; choices are (id, name) pairs from the matcher's index."""
        super().__init__(formdata=formdata, **kwargs)
        self.needs.choices = list(competency_choices)
        self.fields.choices = list(field_choices)
        self.kinds.choices = [(key, label) for key, label in KIND_LABELS.items()]

    def submitted(self):
        """Whether the visitor asked for anything."""
        return bool(self.needs.data or self.fields.data or self.kinds.data or (self.team.data or "").strip())

    def raw_query(self):
        """The form as a matching query (the batch format's keys)."""
        team = [item.strip() for item in (self.team.data or "").split(",") if item.strip()]
        return {"team": team, "fields": self.fields.data or [], "needs": self.needs.data or [],
                "kind": self.kinds.data or None, "top": self.top.data or 10, "new_bridges": self.new_bridges.data or None}

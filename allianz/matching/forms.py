"""The "find collaborators" form (GET, so no CSRF token)."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectMultipleField, TextAreaField
from wtforms.validators import NumberRange, Optional, ValidationError

from ..labels import KIND_LABELS
from . import team as team_names

DEFAULT_SIZE = 5


class FindForm(FlaskForm):
    """Ad-hoc needs: competencies, fields of action, kinds wanted, optionally a team to complement."""

    class Meta:
        csrf = False

    needs = SelectMultipleField(_l("Benötigte Kompetenzen"), validate_choice=True)
    fields = SelectMultipleField(_l("Handlungsfelder"), validate_choice=True)
    kinds = SelectMultipleField(_l("Gesuchte Arten von Partnern"), validate_choice=True)
    team = TextAreaField(_l("Schon im Team"), validators=[Optional()], render_kw={"rows": 2})
    new_bridges = BooleanField(_l("Neue Verbindungen bevorzugen (Partner ohne gemeinsames Projekt mit dem Team)"))
    top = IntegerField(_l("Anzahl Vorschläge"), default=10, validators=[Optional(), NumberRange(min=1, max=100)])
    size = IntegerField(_l("Größe des vorgeschlagenen Konsortiums (mit dem Team)"), default=DEFAULT_SIZE,
                        validators=[Optional(), NumberRange(min=2, max=12)])

    def __init__(self, formdata, index, competency_choices, field_choices, **kwargs):
        """Bind to the query string; choices are (id, name) pairs from the matcher's `index`, which also
        resolves the team's names."""
        super().__init__(formdata=formdata, **kwargs)
        self.index = index
        self.team_ids = []
        self.needs.choices = list(competency_choices)
        self.fields.choices = list(field_choices)
        self.kinds.choices = [(key, label) for key, label in KIND_LABELS.items()]

    def submitted(self):
        """Whether the visitor asked for anything."""
        return bool(self.needs.data or self.fields.data or self.kinds.data or (self.team.data or "").strip())

    def validate_team(self, field):
        """Every entry must name exactly one partner (name, short name or id); else say which and suggest."""
        self.team_ids, problems = team_names.resolve(self.index, field.data)
        messages = []
        for problem in problems:
            if problem["kind"] == "ambiguous":
                messages.append(_("„%(entry)s“ passt auf mehrere Partner: %(names)s. Bitte den vollen Namen oder "
                                  "die Id angeben.", entry=problem["entry"], names="; ".join(problem["candidates"])))
            elif problem["candidates"]:
                messages.append(_("Unbekannter Partner: „%(entry)s“. Meinten Sie: %(names)s?", entry=problem["entry"],
                                  names="; ".join(problem["candidates"])))
            else:
                messages.append(_("Unbekannter Partner: „%(entry)s“.", entry=problem["entry"]))
        if messages:
            raise ValidationError(" ".join(messages))

    def raw_query(self):
        """The form as a matching query (the batch format's keys)."""
        return {"team": self.team_ids, "fields": self.fields.data or [], "needs": self.needs.data or [],
                "kind": self.kinds.data or None, "top": self.top.data or 10, "new_bridges": self.new_bridges.data or None}

    def consortium_size(self):
        """The size of the proposed consortium: at least one more than the team."""
        return max(self.size.data or DEFAULT_SIZE, len(self.team_ids) + 1)

"""The "find collaborators" form (GET, so no CSRF token). The needs and the team come from the shared
search-as-you-type picker (`templates/_picker.html`): needs as competency ids, the team as partner ids or names."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField
from wtforms.validators import NumberRange, Optional

from ..forms import Form, MultiCheckboxField
from ..labels import KIND_LABELS
from . import names as partner_names

DEFAULT_SIZE = 5
NEEDS, TEAM = "needs", "team"   # the pickers' field names


class FindForm(Form):
    """Ad-hoc needs: competencies, fields of action, kinds wanted, optionally a team to complement."""

    class Meta:
        csrf = False

    fields = MultiCheckboxField(_l("Handlungsfelder"), validate_choice=True)
    kinds = MultiCheckboxField(_l("Gesuchte Arten von Partnern"), validate_choice=True)
    new_bridges = BooleanField(_l("Neue Verbindungen bevorzugen (Partner ohne gemeinsames Projekt mit dem Team)"))
    top = IntegerField(_l("Anzahl Vorschläge"), default=10, validators=[Optional(), NumberRange(min=1, max=100)])
    size = IntegerField(_l("Größe des vorgeschlagenen Konsortiums (mit dem Team)"), default=DEFAULT_SIZE,
                        validators=[Optional(), NumberRange(min=2, max=12)])

    def __init__(self, formdata, index, field_choices, needs, **kwargs):
        """Bind to the query string; `needs` are the picker's chosen competencies [(id, label)]; the matcher's
        `index` resolves the team's ids and names (the chosen ones, and names typed into the team's search field)."""
        super().__init__(formdata=formdata, **kwargs)
        self.index = index
        self.needs = needs
        self.fields.choices = list(field_choices)
        self.kinds.choices = [(key, label) for key, label in KIND_LABELS.items()]
        self.team_ids, self.team_problems = partner_names.resolve(index, "\n".join(formdata.getlist(TEAM)))
        self.team_typed = (formdata.get(f"{TEAM}_q") or "").strip()[:2000]
        self.team_errors = []
        # the idea or project the search is for (opened from its page): its own needs are never evidence
        self.project = (formdata.get("projekt") or "").strip()[:200] or None

    def submitted(self):
        """Whether the visitor asked for anything."""
        return bool(self.needs or self.fields.data or self.kinds.data or self.team_ids or self.team_problems
                    or self.team_typed)

    def validate(self, extra_validators=None):
        """The fields, and the team: every entry (chosen or typed) must name exactly one partner."""
        valid = super().validate(extra_validators)
        typed_ids, typed_problems = partner_names.resolve(self.index, self.team_typed)
        self.team_ids = list(dict.fromkeys(self.team_ids + typed_ids))
        self.team_problems = self.team_problems + typed_problems
        self.team_typed = "; ".join(problem["entry"] for problem in self.team_problems)  # kept for correcting
        self.team_errors = [problem_message(problem) for problem in self.team_problems]
        return valid and not self.team_errors

    def team_chosen(self):
        """The team's resolved partners for the picker: [{"id", "label"}]."""
        return [{"id": pid, "label": partner_names.label(self.index, pid)} for pid in self.team_ids]

    def raw_query(self):
        """The form as a matching query (the batch format's keys)."""
        return {"team": self.team_ids, "fields": self.fields.data or [], "needs": [key for key, _label in self.needs],
                "kind": self.kinds.data or None, "top": self.top.data or 10,
                "new_bridges": self.new_bridges.data or None, "project": self.project}

    def consortium_size(self):
        """The size of the proposed consortium: at least one more than the team."""
        return max(self.size.data or DEFAULT_SIZE, len(self.team_ids) + 1)


def problem_message(problem):
    """The error text of an unknown or ambiguous team entry, with suggestions."""
    if problem["kind"] == "ambiguous":
        return _("„%(entry)s“ passt auf mehrere Partner: %(names)s. Bitte den vollen Namen oder die Id angeben.",
                 entry=problem["entry"], names="; ".join(problem["candidates"]))
    if problem["candidates"]:
        return _("Unbekannter Partner: „%(entry)s“. Meinten Sie: %(names)s?", entry=problem["entry"],
                 names="; ".join(problem["candidates"]))
    return _("Unbekannter Partner: „%(entry)s“.", entry=problem["entry"])

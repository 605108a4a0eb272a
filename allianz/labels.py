"""Words the UI shows for the graph's codes (kinds, statuses, roles) and names in the UI language."""
from flask_babel import get_locale, lazy_pgettext
from flask_babel import lazy_gettext as _l

from .vocabulary import KIND_WORDS, N_, STATUS_WORDS, USER_ROLE_WORDS  # noqa: F401 - N_ re-exported

KIND_LABELS = {kind: _l(word) for kind, word in KIND_WORDS.items()}
STATUS_LABELS = {status: _l(word) for status, word in STATUS_WORDS.items()}
USER_ROLE_LABELS = {role: _l(word) for role, word in USER_ROLE_WORDS.items()}
ROLE_LABELS = {"lead": lazy_pgettext("role", "Federführung"), "partner": lazy_pgettext("role", "Partner")}


def current_locale():
    """The UI language code (de or en)."""
    return str(get_locale() or "de")


def kind_label(kind):
    """The UI word for a partner kind."""
    return KIND_LABELS.get(kind, kind)


def status_label(status):
    """The UI word for a project status."""
    return STATUS_LABELS.get(status, status)


def role_label(role):
    """The UI word for a role in a project."""
    return ROLE_LABELS.get(role, role)


def user_role_label(role):
    """The UI word for a person's role (member, coordinator, admin)."""
    return USER_ROLE_LABELS.get(role, role)


def localized(item, german, english):
    """`item[english]` when the UI is English and it is set, else `item[german]`."""
    if item is None:
        return ""
    if current_locale() == "en" and item.get(english):
        return item[english]
    return item.get(german) or ""


def field_name(field):
    """A field of action's name in the UI language."""
    return localized(field, "name_de", "name_en")


def competency_name(competency):
    """A competency's name in the UI language."""
    return localized(competency, "name", "name_en")


def register_template_helpers(app):
    """Make the label helpers available in every template."""
    app.jinja_env.globals.update(current_locale=current_locale, kind_label=kind_label, status_label=status_label,
                                 role_label=role_label, user_role_label=user_role_label, field_name=field_name,
                                 competency_name=competency_name, KIND_LABELS=KIND_LABELS, STATUS_LABELS=STATUS_LABELS)

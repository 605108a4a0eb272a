"""Words the UI shows for the graph's codes (kinds, statuses, roles) and names in the UI language."""
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

KIND_LABELS = {
    "company": _l("Unternehmen"),
    "startup": _l("Start-up"),
    "science": _l("Wissenschaft"),
    "association": _l("Verband / Verein"),
    "chamber": _l("Kammer"),
    "civil_society": _l("Zivilgesellschaft"),
    "administration": _l("Stadt & Verwaltung"),
}
STATUS_LABELS = {
    "idea": _l("Idee"),
    "submitted": _l("eingereicht"),
    "active": _l("aktiv"),
    "completed": _l("abgeschlossen"),
    "rejected": _l("abgelehnt"),
    "withdrawn": _l("zurückgezogen"),
}
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
                                 role_label=role_label, field_name=field_name, competency_name=competency_name,
                                 KIND_LABELS=KIND_LABELS, STATUS_LABELS=STATUS_LABELS)

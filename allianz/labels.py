"""Words the UI shows for the graph's codes (kinds, statuses, roles) and names in the UI language."""
from babel.dates import get_datetime_format
from flask_babel import format_date, format_decimal, format_time, get_locale, lazy_pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .vocabulary import KIND_WORDS, N_, STATUS_GROUPS, STATUS_WORDS, USER_ROLE_WORDS  # noqa: F401 - N_ re-exported

KIND_LABELS = {kind: _l(word) for kind, word in KIND_WORDS.items()}
STATUS_LABELS = {status: _l(word) for status, word in STATUS_WORDS.items()}
# The status filters' choices: the groups first ("offen", "projekte"), then each status.
STATUS_FILTER_LABELS = {**{key: _l(word) for key, (word, _statuses) in STATUS_GROUPS.items()}, **STATUS_LABELS}
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


def datetime_short(value):
    """A moment stored in UTC as the UI shows it: in the configured time zone (BABEL_DEFAULT_TIMEZONE,
    Europe/Berlin), date and minute in the UI language's form ("07.12.2026, 12:16", "Dec 7, 2026, 12:16 PM");
    "–" for none."""
    if not value:
        return "–"
    pattern = get_datetime_format("medium", locale=get_locale())
    return pattern.replace("{1}", format_date(value, "medium")).replace("{0}", format_time(value, "short"))


def date_short(value):
    """A date (or the day of a moment, in the configured time zone) in the UI language ("07.12.2026",
    "Dec 7, 2026"); "–" for none."""
    return format_date(value, "medium") if value else "–"


def month(value):
    """A month (any date in it) in the UI language ("Dezember 2026", "December 2026")."""
    return format_date(value, "LLLL y") if value else "–"


def decimal(value, digits=3):
    """A number with `digits` decimals in the UI language ("0,232" in German, "0.232" in English)."""
    return format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0")


def signed(value, digits=0):
    """A number with its sign and `digits` decimals in the UI language ("+12", "−0,4" in German, "-0.4" in English)."""
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=f"+{pattern};-{pattern}")


def stand_text(seconds):
    """How old a result of an earlier revision is, while the newest is computed: "Stand: vor 12 s – …"."""
    return _("Stand: vor %(seconds)s s", seconds=seconds) + " – " + _("die letzte Änderung wird gerade eingerechnet.")


def register_template_helpers(app):
    """Make the label helpers and the local-time and local-number filters available in every template."""
    app.jinja_env.filters.update(datetime_short=datetime_short, date_short=date_short, month=month, decimal=decimal,
                                 signed=signed, competency_name=competency_name)
    app.jinja_env.globals.update(current_locale=current_locale, kind_label=kind_label, status_label=status_label,
                                 role_label=role_label, user_role_label=user_role_label, field_name=field_name,
                                 competency_name=competency_name, stand_text=stand_text, KIND_LABELS=KIND_LABELS,
                                 STATUS_LABELS=STATUS_LABELS)

"""The words of the pictures in the UI language, cached: a picture of thousands of nodes asks for the same
few words thousands of times."""
from datetime import date
from functools import lru_cache

from flask_babel import gettext

from ..labels import KIND_WORDS, STATUS_WORDS, current_locale, date_short


@lru_cache(maxsize=4096)
def translated(locale, text):
    """`text` in `locale` (cached per language)."""
    return gettext(text)


def _(text, **variables):
    """gettext with the translation cached per language; `%(name)s` variables as flask_babel fills them."""
    template = translated(current_locale(), text)
    return template % variables if variables else template


def kind_text(kind):
    """The UI word for a partner kind, as plain text."""
    return translated(current_locale(), KIND_WORDS[kind]) if kind in KIND_WORDS else kind


def status_text(status):
    """The UI word for a project status, as plain text."""
    return translated(current_locale(), STATUS_WORDS[status]) if status in STATUS_WORDS else status


@lru_cache(maxsize=4096)
def dated(locale, iso):
    """An ISO date ("2022-03-01") in `locale`'s form (cached per language); other text as it is."""
    try:
        return date_short(date.fromisoformat(iso))
    except ValueError:
        return iso


def date_text(iso):
    """An ISO date as the UI language writes it ("01.03.2022", "Mar 1, 2022")."""
    return dated(current_locale(), iso)

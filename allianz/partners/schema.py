"""The one declaration of a partner's properties: each property's name, label, check, and where it goes.

Every part that handles a partner's properties reads this list: the exchange format (the columns of
`partners.csv`), the importer (required values, lengths, checks), the loader and the exporter (the properties
written and exported), the profile form (the fields a partner's members edit) and the partner page (what
anyone may see). Adding a property is one line in FIELDS, one in the page's template, a translation and a test.

A plain module: no request, no routes; labels are lazy texts, checks plain functions.
"""
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from ..text import is_web_address
from ..vocabulary import KINDS

FIRST_YEAR = 1800  # the earliest founding year


class Refused(ValueError):
    """A value a property does not accept: `reason` for the importer's `file:line: reason` (with the value),
    `message` for the form, shown next to the field (None for properties no form edits)."""

    def __init__(self, reason, message=None):
        super().__init__(reason)
        self.reason = reason
        self.message = message


def known_kind(name, value):
    """A partner kind of the vocabulary."""
    if value not in KINDS:
        raise Refused(f"unknown {name} '{value}' (allowed: {', '.join(KINDS)})")
    return value


def web_address(name, value):
    """An http(s) address (`allianz.text.is_web_address`: the same rule for importer, form and page)."""
    if not is_web_address(value):
        raise Refused(f"{name} must be an http:// or https:// address: '{value}'",
                      _l("Bitte eine Adresse mit http:// oder https:// angeben."))
    return value


def year(name, value):
    """A year from FIRST_YEAR to this year, as a number."""
    last = date.today().year
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= last):
        raise Refused(f"{name} must be a year from {FIRST_YEAR} to {last}: '{value}'",
                      _l("Bitte ein Jahr von %(first)s bis %(last)s angeben.", first=FIRST_YEAR, last=last))
    return int(text)


@dataclass(frozen=True)
class PartnerField:
    """One property of a partner (a node property and a column of partners.csv)."""

    name: str
    label: object                 # the UI's word (a lazy text)
    required: bool = False        # partners.csv must give a value (a required column)
    max_length: int | None = None
    check: object = None          # (name, text) -> value; raises Refused
    multiline: bool = False       # a long text: line breaks allowed, a text area in the form
    editable: bool = False        # the partner's members edit it in the profile form
    public: bool = True           # the partner page shows it to anyone, anonymous visitors included
    exported: bool = True         # a column of partners.csv: imported and exported
    hint: object = None           # the form's hint below the label
    input_mode: str | None = None  # the form's keyboard ("url", "numeric")


FIELDS = (
    PartnerField("id", _l("Kennung"), required=True),
    PartnerField("name", _l("Name"), required=True, max_length=300),
    PartnerField("kind", _l("Art"), required=True, check=known_kind),
    PartnerField("short_name", _l("Kurzname"), max_length=100),
    PartnerField("description", _l("Beschreibung"), max_length=5000, multiline=True, editable=True),
    PartnerField("website", _l("Website"), max_length=300, check=web_address, editable=True,
                 hint=_l("mit http:// oder https://"), input_mode="url"),
    PartnerField("country", _l("Land")),
    PartnerField("district", _l("Stadtteil"), max_length=100, editable=True),
    PartnerField("founded", _l("Gründungsjahr"), check=year, editable=True, input_mode="numeric"),
)

BY_NAME = {field.name: field for field in FIELDS}
LABELS = {field.name: field.label for field in FIELDS}
# partners.csv: the required columns and the optional ones (the relationship lists come after these).
REQUIRED_COLUMNS = tuple(field.name for field in FIELDS if field.exported and field.required)
OPTIONAL_COLUMNS = tuple(field.name for field in FIELDS if field.exported and not field.required)
# The properties an import writes (all the columns but the id, which finds the node).
IMPORTED = tuple(field.name for field in FIELDS if field.exported and field.name != "id")
EDITABLE = tuple(field for field in FIELDS if field.editable)
PUBLIC = tuple(field.name for field in FIELDS if field.public)
MULTILINE = tuple(field.name for field in FIELDS if field.multiline)
TEXTS = tuple(field.name for field in FIELDS if field.max_length)  # free texts (the import's memory estimate)


def public(properties):
    """Of a partner's `properties`, those the partner page may show to anyone (the others are left out)."""
    return {name: properties.get(name) for name in PUBLIC}


def editable(properties):
    """Of `properties`, those a partner's members edit (and nothing else: no mass assignment)."""
    return {field.name: properties.get(field.name) for field in EDITABLE}

"""What a single cell of the exchange format may hold, how it is written so that spreadsheets treat it
as text, how an id must look, and how a value is shown in an error message (docs/exchange-format.md).
"""
import re
import unicodedata

from ..partners import schema as partner_schema
from ..text import refused_character as text_rule

# A spreadsheet evaluates a cell that starts with one of these as a formula (or, for tab and CR,
# shifts it): the export writes such a cell with a leading apostrophe, which spreadsheets take as
# "text" and do not show. A value that itself starts with an apostrophe gets one more, so that
# the import can remove exactly one and every value comes back as it was.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"

# Ids appear in addresses (/partner/<id>): letters, digits and . _ ~ -, with single spaces inside
# (CORDIS call topics have them). ':' separates a competency's level and ';' list items.
ID = re.compile(r"^[A-Za-z0-9._~-]+(?: [A-Za-z0-9._~-]+)*$")
MAX_ID = 100
# Line breaks are allowed only in the long texts; tab in any text.
MULTILINE_COLUMNS = (*partner_schema.MULTILINE, "summary")


def for_spreadsheet(value):
    """`value` as written to a CSV cell: with a leading apostrophe when a spreadsheet would run it."""
    if value.startswith(FORMULA_STARTS) or value.startswith(TEXT_MARK):
        return TEXT_MARK + value
    return value


def from_spreadsheet(value):
    """A CSV cell's value: one leading apostrophe before a formula start or another apostrophe is removed."""
    if value.startswith(TEXT_MARK) and value[1:2] and value[1:].startswith(FORMULA_STARTS + (TEXT_MARK,)):
        return value[1:]
    return value


def refused_character(value, column):
    """The first character `value` may not hold in `column`, or None: the one rule of `allianz.text`, which
    the forms apply too (line breaks only in the long texts)."""
    return text_rule(value, multiline=column in MULTILINE_COLUMNS)


def escaped(text):
    """`text` with every control, format and separator character written as an escape (\\x1b, \\u202e),
    so that an error message never moves the operator's cursor, colours the terminal or turns text around."""
    out = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and char != " ":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def id_problem(value):
    """Why `value` cannot be an id (a reason), or None when it can."""
    if len(value) > MAX_ID:
        return f"is longer than {MAX_ID} characters"
    if value in (".", "..") or not ID.match(value):
        return ("may hold only letters A–Z, digits, '.', '_', '~', '-' and single inner spaces "
                "(it is part of a page address)")
    return None

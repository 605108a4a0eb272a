"""Rules for plain text that every layer shares, so that whatever a form accepts the importer accepts too:
one web-address rule, and one rule for the characters a text may hold."""
import re
import unicodedata

# An http(s) address: a scheme, then a host that does not start with a separator, no spaces, no quotes or brackets.
WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#<>\"'][^\s<>\"']*$", re.IGNORECASE)


def is_web_address(value):
    """Whether `value` is an http(s) address the app links to (the importer and the profile form accept only these)."""
    return isinstance(value, str) and WEB_ADDRESS.match(value) is not None


def strip(value):
    """The value without surrounding white space (None stays None)."""
    return value.strip() if isinstance(value, str) else value


def empty_to_none(value):
    """Empty text is no value (the graph keeps absent properties, never empty strings)."""
    return value or None


BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def refused_character(value, multiline=False):
    """The first character `value` may not hold (a control, DEL, C1, bidi control, line or paragraph
    separator), or None. Tab is allowed everywhere, line breaks (LF, CR) only in `multiline` texts."""
    allowed = "\t\n\r" if multiline else "\t"
    for char in value or "":
        code = ord(char)
        if char in allowed:
            continue
        if code < 0x20 or 0x7f <= code <= 0x9f or char in BIDI_CONTROLS or char in "\u2028\u2029":
            return char
    return None


def character_name(char):
    """A refused character as `U+001B (ESCAPE)`."""
    name = unicodedata.name(char, "") or {"\x1b": "ESCAPE", "\x07": "BELL", "\x7f": "DELETE"}.get(char, "control")
    return f"U+{ord(char):04X} ({name})"

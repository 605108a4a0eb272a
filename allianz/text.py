"""Rules for plain text that every layer shares: one web-address rule for the importer, the forms and the pages."""
import re

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

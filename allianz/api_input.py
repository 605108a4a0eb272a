"""The one way the JSON API reads its input: a bounded body, bounded nesting, finite numbers, checked integers.

Every JSON body goes through `json_body()` (or `parse_json()` for text from elsewhere): the size is
checked before reading further than the limit, the nesting depth is counted by a scan of the text
before anything is parsed (so `json.loads` never recurses deeper than `MAX_DEPTH`), `NaN`,
`Infinity` and `-Infinity` are refused, and so are integers with more than `MAX_INT_DIGITS` digits
and floats that overflow. Each refusal raises `InputError`, which the app answers with a 400 JSON
error (`allianz.errors`).
"""
import json
import math
import re

from flask import current_app, request

from .exceptions import InputError

MAX_DEPTH = 32
MAX_INT_DIGITS = 15
DEFAULT_MAX_BODY = 256 * 1024
# Strings (with their escapes) are skipped, so that a `[` inside a name does not count as nesting.
STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)


def nesting_depth(text, limit=MAX_DEPTH):
    """The deepest nesting of arrays and objects in JSON `text`; stops counting once past `limit`."""
    depth = deepest = 0
    for match in STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif token in "]}":
            depth -= 1
    return deepest


def _refuse_constant(name):
    """`parse_constant` hook: NaN and the infinities are not JSON numbers."""
    raise InputError(f"'{name}' is not a number JSON allows (no NaN or Infinity)")


def _bounded_int(text):
    """`parse_int` hook: integers of at most MAX_INT_DIGITS digits."""
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise InputError(f"number too large ({len(text)} digits; at most {MAX_INT_DIGITS})")
    return int(text)


def _finite_float(text):
    """`parse_float` hook: floats that stay finite (1e999 is refused, not turned into infinity)."""
    value = float(text)
    if not math.isfinite(value):
        raise InputError(f"number out of range: {text[:40]}")
    return value


def parse_json(text, max_depth=MAX_DEPTH):
    """Parse JSON `text` within the depth and number limits; InputError on anything else."""
    if nesting_depth(text, max_depth) > max_depth:
        raise InputError(f"the JSON is nested more than {max_depth} levels deep")
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_int=_bounded_int, parse_float=_finite_float)
    except json.JSONDecodeError as error:
        raise InputError(f"the body is not valid JSON (line {error.lineno}, column {error.colno}: "
                         f"{error.msg})") from None
    except RecursionError:  # defence in depth: the scan above should make this impossible
        raise InputError(f"the JSON is nested more than {max_depth} levels deep") from None


def json_body():
    """The request's JSON body, parsed within the limits (size: API_MAX_BODY bytes, default 256 KB)."""
    limit = current_app.config.get("API_MAX_BODY", DEFAULT_MAX_BODY)
    if request.content_length is not None and request.content_length > limit:
        raise InputError(f"the body is larger than {limit} bytes", status=413)
    raw = request.stream.read(limit + 1)
    if len(raw) > limit:
        raise InputError(f"the body is larger than {limit} bytes", status=413)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the body is not UTF-8") from None
    if not text.strip():
        raise InputError("the body is empty: a JSON object is expected")
    return parse_json(text)


def json_object():
    """The request's JSON body, which must be an object."""
    value = json_body()
    if not isinstance(value, dict):
        raise InputError("the body must be a JSON object")
    return value


def whole_number(value, name, default, low, high):
    """`value` as an int within low..high (None or "" mean `default`); InputError when it is no whole number.

    Values outside the range are clamped to it, as the pages' choices are.
    """
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise InputError(f"'{name}' must be a whole number")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise InputError(f"'{name}' must be a whole number")
        value = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[+-]?\d{1,%d}" % MAX_INT_DIGITS, text):
            raise InputError(f"'{name}' must be a whole number")
        value = int(text)
    elif not isinstance(value, int):
        raise InputError(f"'{name}' must be a whole number")
    return max(low, min(value, high))

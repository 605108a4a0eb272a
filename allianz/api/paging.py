"""Pagination of the API's lists: `limit`, an opaque `cursor`, and `Link` headers (RFC 8288).

A cursor carries the position and a fingerprint of the filters it was made for; a cursor used with other
filters, or one that is not ours, is a 400 naming the `cursor` parameter.
"""
import base64
import hashlib
import json
from urllib.parse import urlencode

from flask import request

from .problems import ApiProblem

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


def fingerprint(filters):
    """A short hash of the filters a list was asked with."""
    text = json.dumps(filters, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def encode(offset, filters):
    """The cursor of position `offset` in the list filtered by `filters`."""
    raw = json.dumps({"o": offset, "f": fingerprint(filters)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor, filters):
    """The position a cursor points to (0 without one); ApiProblem 400 when it is not a cursor of this list."""
    if not cursor:
        return 0
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        offset = raw["o"]
        valid = isinstance(offset, int) and not isinstance(offset, bool) and 0 <= offset <= MAX_OFFSET \
            and raw.get("f") == fingerprint(filters)
    except (ValueError, TypeError, KeyError, AttributeError):
        valid = False
    if not valid:
        raise ApiProblem(400, "the cursor does not belong to this list (use the `next` link as given)",
                         errors=[{"field": "cursor", "message": "not a cursor of this list and these filters"}])
    return offset


class Window:
    """The part of a list one request asks for: `skip` and `size` (what `listing.Page` offers its callers)."""

    def __init__(self, args, filters):
        self.filters = {key: value for key, value in filters.items() if value not in (None, "", [])}
        self.size = args.get("limit") or DEFAULT_LIMIT
        self.skip = decode(args.get("cursor"), self.filters)

    def answer(self, items, total):
        """The list's body and its Link header: {items, total, limit, next_cursor}, headers."""
        following = self.skip + self.size if self.skip + self.size < total else None
        next_cursor = encode(following, self.filters) if following is not None else None
        links = [f'<{self.url(None)}>; rel="first"']
        if next_cursor:
            links.append(f'<{self.url(next_cursor)}>; rel="next"')
        body = {"items": items, "total": total, "limit": self.size, "next_cursor": next_cursor}
        return body, {"Link": ", ".join(links)}

    def url(self, cursor):
        """This list's URL with `cursor` (the same filters and limit)."""
        params = [(key, value) for key, values in request.args.lists() if key not in ("cursor",)
                  for value in values]
        if cursor:
            params.append(("cursor", cursor))
        query = urlencode(params)
        return request.base_url + (f"?{query}" if query else "")

    def of(self, rows):
        """The window's rows of a whole list held in memory."""
        return rows[self.skip:self.skip + self.size]

"""Helpers of the list pages: pages paginated in Cypher (SKIP/LIMIT, counted separately), and name order."""
import unicodedata
from dataclasses import dataclass

from flask import current_app, request


@dataclass(frozen=True)
class Page:
    """One page of `total` rows: its number (from 1), its size, and the SKIP/LIMIT to fetch it."""

    number: int
    size: int
    total: int

    @property
    def pages(self):
        """How many pages there are (at least 1, so that an empty list is "page 1 of 1")."""
        return max(1, -(-self.total // self.size))

    @property
    def skip(self):
        """How many rows come before this page."""
        return (self.number - 1) * self.size

    @property
    def first(self):
        """The position (from 1) of the first row on this page, 0 when there is none."""
        return self.skip + 1 if self.total else 0

    @property
    def last(self):
        """The position of the last row on this page."""
        return min(self.skip + self.size, self.total)


def current_page(total, size=None):
    """The page the request asks for (`?page=N`), kept within 1..pages; size defaults to PAGE_SIZE."""
    size = max(1, size or current_app.config["PAGE_SIZE"])
    requested = request.args.get("page", 1, type=int)
    pages = Page(number=1, size=size, total=total).pages
    return Page(number=min(max(requested, 1), pages), size=size, total=total)


def name_key(text):
    """A sort key that orders names the German way (Ä with A, ß as ss), ignoring case."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))

"""The pictures the app offers, each registered once with everything the routes and templates need.

Adding a view is one module in `views/` that calls `register(View(...))` (and one import line in
`views/__init__.py`); the routes, the page, its JSON and its GraphML export follow from the entry.
"""
from dataclasses import dataclass, field
from typing import Callable

VIEWS = {}  # name -> View, in the order they were registered


@dataclass(frozen=True)
class View:
    """One picture: its name in URLs (`/netzwerk/daten/<name>`), its page and how to build it."""

    name: str
    endpoint: str              # the page's endpoint in the blueprint (`network.<endpoint>`)
    rule: str                  # the page's URL rule under /netzwerk
    title: object              # lazy text: the page's heading
    offered: tuple             # the filters the page's form offers
    build: Callable            # build(snap, filters, ref) -> the picture's data
    subject: str | None = None  # "partner" or "project": the view is about one of them (`<id>` in the rule)
    heading: Callable | None = None  # heading(subject dict) -> the page's heading for that subject
    cache_extra: Callable | None = field(default=None)  # extra(snap, ref) -> a hashable part of the cache key


def register(view):
    """Add `view` to the registry (once per name) and return it."""
    if view.name in VIEWS:
        raise ValueError(f"view {view.name!r} registered twice")
    VIEWS[view.name] = view
    return view

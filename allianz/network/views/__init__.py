"""The pictures: one module per view registers itself (see `registry.py`); `build` serves any of them
from the snapshot's cache."""
from ...labels import current_locale
from ..registry import VIEWS
from . import alliance, neighbourhood, partners_competencies, partners_projects, project_team  # noqa: F401 - register


def build(snap, name, filters, ref=None):
    """The view's data, cached on the snapshot per view, filters, subject and UI language."""
    view = VIEWS[name]
    key = ("view", name, filters, ref, current_locale())
    if view.cache_extra is not None:
        extra = view.cache_extra(snap, ref)
        key += (extra,)
        return snap.remember(key, lambda: view.build(snap, filters, ref, extra))
    return snap.remember(key, lambda: view.build(snap, filters, ref))

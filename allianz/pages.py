"""Shared page helpers of the web layer: the 409 page of a save from an older version
(both versions, field by field)."""
from flask import abort, render_template


def compare(labels, mine, theirs):
    """Rows for the side-by-side table: each field's label, the person's value, the saved value, and
    whether they differ. `labels` maps field → label (in display order); values are plain text."""
    return [{"key": key, "label": label, "mine": mine.get(key), "theirs": theirs.get(key),
             "differs": (mine.get(key) or None) != (theirs.get(key) or None)} for key, label in labels.items()]


def keep_mine(values):
    """The hidden inputs that re-post the person's version: [(name, value)], lists as repeated names,
    booleans as "y" or left out (as a checkbox posts them), None as empty."""
    pairs = []
    for name, value in values.items():
        if isinstance(value, (list, tuple)):
            pairs.extend((name, item) for item in value)
        elif isinstance(value, bool):
            if value:
                pairs.append((name, "y"))
        else:
            pairs.append((name, "" if value is None else value))
    return pairs


def conflict_page(form, heading, crumbs, labels, mine, theirs, keep, action, fresh_url):
    """The 409 page of a save from an older version (`templates/conflict.html`): `labels` fields of `mine` beside
    `theirs` (plain text), and "keep mine" re-posting `keep` (the person's values with the version now current)
    to `action`; `fresh_url` edits the saved version anew."""
    return render_template("conflict.html", crumbs=crumbs, heading=heading, rows=compare(labels, mine, theirs),
                           form=form, hidden=keep_mine(keep), action=action, fresh_url=fresh_url), 409


def found_or_404(value):
    """`value`, or a 404 page when it is None (unknown and not to be seen look the same)."""
    if value is None:
        abort(404)
    return value

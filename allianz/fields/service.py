"""Read models of the fields of action that other domains' pages use: the choices of their filters and forms."""
from ..db import query
from ..labels import field_name
from ..listing import name_key
from . import queries


def field_choices():
    """(key, name) of every field of action, by name in the UI language."""
    fields = sorted(query(queries.ALL), key=lambda f: name_key(field_name(f)))
    return [(f["key"], field_name(f)) for f in fields]

"""What the exchange format is: its files, columns and allowed values (version 1)."""

from ..partners import schema as partner_schema
from ..vocabulary import KINDS as KINDS  # the format names them; `reader` and `writer` import them from here
from ..vocabulary import LEVELS as LEVELS
from ..vocabulary import PROJECT_ROLES as ROLES  # noqa: F401 - the exchange format calls them roles
from ..vocabulary import STATUSES as STATUSES

# file name -> (required columns, optional columns), in the order they are written on export
FILES = {
    "fields.csv": (("key", "name_de"), ("name_en",)),
    "competencies.csv": (("id", "name"), ("name_en", "broader")),
    # the partner's properties as the partner schema declares them, then its relationship lists
    "partners.csv": (partner_schema.REQUIRED_COLUMNS, partner_schema.OPTIONAL_COLUMNS + ("fields", "competencies")),
    "projects.csv": (("id", "title", "status"), ("summary", "fields", "needs", "started", "ended")),
    "participations.csv": (("project_id", "partner_id"), ("role",)),
}
REQUIRED_FILES = ("partners.csv",)
LIST_SEPARATOR = ";"


def columns(file_name):
    """All columns of `file_name`, required first."""
    required, optional = FILES[file_name]
    return required + optional

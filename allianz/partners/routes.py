"""Partner pages (placeholder until the read-only pages land)."""
from flask import Blueprint

bp = Blueprint("partners", __name__, url_prefix="/partner")


@bp.route("/")
def index():
    """List partners."""
    return "partners"

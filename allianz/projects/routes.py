"""Project pages (placeholder)."""
from flask import Blueprint

bp = Blueprint("projects", __name__, url_prefix="/projekte")


@bp.route("/")
def index():
    """List projects."""
    return "projects"

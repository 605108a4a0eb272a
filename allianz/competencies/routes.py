"""Competency pages (placeholder)."""
from flask import Blueprint

bp = Blueprint("competencies", __name__, url_prefix="/kompetenzen")


@bp.route("/")
def index():
    """List competencies."""
    return "competencies"

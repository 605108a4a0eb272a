"""Matching: partner recommendations and the consortium builder. Placeholder until built."""
from flask import Blueprint, render_template

bp = Blueprint("matching", __name__, url_prefix="/matching")


@bp.route("/")
def index():
    """Find collaborators."""
    return render_template("matching/index.html")

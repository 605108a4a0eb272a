"""Field pages (placeholder)."""
from flask import Blueprint

bp = Blueprint("fields", __name__, url_prefix="/handlungsfelder")


@bp.route("/")
def index():
    """List fields."""
    return "fields"


@bp.route("/<key>")
def detail(key):
    """One field."""
    return key

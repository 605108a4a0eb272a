"""Network pictures and analytics (issue: network pictures). Placeholder until built."""
from flask import Blueprint, render_template

bp = Blueprint("network", __name__, url_prefix="/netzwerk")


@bp.route("/")
def index():
    """The alliance network."""
    return render_template("network/index.html")

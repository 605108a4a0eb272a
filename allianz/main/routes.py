"""The start page, the language switch and the health check."""
from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for

from ..security import safe_next
from . import service

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    """The alliance at a glance: counts and the fields of action."""
    return render_template("main/index.html", overview=service.overview(), fields=service.fields())


@bp.route("/sprache/<lang>")
def language(lang):
    """Switch the UI language for this session, then go back where the visitor came from."""
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next(request.args.get("next"), url_for("main.index")))


@bp.route("/healthz")
def healthz():
    """JSON health: the app answers; is Neo4j reachable; which schema version it has."""
    body, healthy = service.health()
    if not healthy:
        return jsonify(body), 503, {"Retry-After": "30"}
    return jsonify(body), 200

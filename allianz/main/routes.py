"""The start page, the language switch and the health check."""
from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for

from .. import migrations
from ..db import get_graph, query, query_one
from ..exceptions import AllianzError
from ..fields import queries as field_queries
from ..labels import field_name
from ..listing import name_key
from ..security import safe_next
from . import queries

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    """The alliance at a glance: counts and the fields of action."""
    overview = query_one(queries.OVERVIEW)
    fields = sorted(query(field_queries.FIELDS), key=lambda f: name_key(field_name(f)))
    return render_template("main/index.html", overview=overview, fields=fields)


@bp.route("/sprache/<lang>")
def language(lang):
    """Switch the UI language for this session, then go back where the visitor came from."""
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next(request.args.get("next"), url_for("main.index")))


@bp.route("/healthz")
def healthz():
    """JSON health: the app answers; is Neo4j reachable; which schema version it has."""
    graph = get_graph()
    body = {"app": "ok", "neo4j": {"reachable": False, "database": graph.database},
            "schema_version": None}
    try:
        component = graph.ping()
        body["neo4j"].update(reachable=True, version=component.get("version"), edition=component.get("edition"))
        body["schema_version"] = migrations.schema_version(graph)
    except AllianzError as error:
        body["neo4j"]["error"] = type(error).__name__
        return jsonify(body), 503, {"Retry-After": "30"}
    return jsonify(body), 200

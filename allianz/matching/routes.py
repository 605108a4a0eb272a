"""Matching: find collaborators, recommendations for a project, suggested introductions, JSON API."""
from flask import Blueprint, abort, jsonify, render_template, request

from .. import api_input
from ..extensions import csrf
from ..labels import competency_name, field_name
from . import consortium, model
from .forms import FindForm
from .service import answer, current_index, recommendations_for_project, weights

bp = Blueprint("matching", __name__, url_prefix="/matching")
api = Blueprint("matching_api", __name__, url_prefix="/api/matching")


@bp.record_once
def register_api(state):
    """Mount the JSON API (/api/matching) together with the pages."""
    state.app.register_blueprint(api)


@bp.app_template_filter("matching_competency")
def competency_label(competency_id):
    """A competency's name in the UI language (its id when unknown)."""
    return competency_name(current_index().competencies.get(competency_id)) or competency_id


@bp.app_template_global("matching_partner_name")
@bp.app_template_filter("matching_partner_name")
def partner_label(partner_id):
    """A partner's short name or name."""
    return current_index().partner_name(partner_id)


def choices(index):
    """(id, name) pairs of competencies and fields, in the UI language, sorted by name."""
    competencies = sorted(((cid, competency_name(item) or cid) for cid, item in index.competencies.items()),
                          key=lambda pair: pair[1].lower())
    fields = [(key, field_name(item) or key) for key, item in index.fields.items()]
    return competencies, fields


@bp.route("/")
def index():
    """Find collaborators: ad-hoc needs, fields and kinds → ranked partners with reasons."""
    matcher = current_index()
    competency_choices, field_choices = choices(matcher)
    form = FindForm(request.args, competency_choices, field_choices)
    result = None
    if form.submitted() and form.validate():
        result = answer(form.raw_query(), matcher)
    return render_template("matching/index.html", form=form, result=result, matcher=matcher)


@bp.route("/projekt/<project_id>")
def project(project_id):
    """Recommendations and a proposed consortium for a project in status idea or submitted."""
    size = request.args.get("groesse", type=int) or consortium.DEFAULT_SIZE
    found = recommendations_for_project(project_id, size=max(1, min(size, 12)))
    if found is None:
        abort(404)
    return render_template("matching/project.html", recommendations=found, matcher=current_index())


@bp.route("/vorstellungen")
def introductions():
    """Suggested introductions: pairs that never worked together but complement each other."""
    matcher = current_index()
    pairs = consortium.introductions(matcher, limit=20, weights=weights())
    return render_template("matching/introductions.html", pairs=pairs, matcher=matcher)


def request_query():
    """The query of an API request: the JSON body (POST) or the query string (GET, lists comma-separated)."""
    if request.method == "POST":
        return api_input.json_object()
    def listed(name):
        return [item for value in request.args.getlist(name) for item in value.split(",") if item]
    return {"id": request.args.get("id"), "team": listed("team"), "fields": listed("fields"),
            "needs": listed("needs"), "kind": listed("kind") or None, "exclude": listed("exclude"),
            "new_bridges": request.args.get("new_bridges"),
            "top": request.args.get("top")}


def bad_request(error):
    """HTTP 400 naming the offending ids."""
    return jsonify(error="bad query", message=str(error), unknown_competencies=error.unknown_needs,
                   unknown_fields=error.unknown_fields, status=400), 400


@api.route("", methods=["GET", "POST"])
@csrf.exempt
def match():
    """Rank partners for a query (the batch format's keys); 400 with the offending ids on bad input."""
    try:
        result = answer(request_query())
    except model.QueryError as error:
        return bad_request(error)
    return jsonify(result)


@api.route("/konsortium", methods=["GET", "POST"])
@csrf.exempt
def build_consortium():
    """Propose a consortium (`size`, default 5) for a query; coverage matrix, open and uncoverable needs."""
    matcher = current_index()
    try:
        raw = request_query()
        query = model.parse_query(matcher, raw)
        size = api_input.whole_number(raw.get("size") or request.args.get("size"), "size",
                                      consortium.DEFAULT_SIZE, 1, 12)
    except model.QueryError as error:
        return bad_request(error)
    return jsonify(consortium.build(matcher, query, size=size, weights=weights()))

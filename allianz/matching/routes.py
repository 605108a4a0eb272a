"""Matching: find collaborators, recommendations for a project, suggested introductions, JSON API."""
from flask import Blueprint, abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import api_input, visibility
from ..competencies import freetext  # free text to needs
from ..competencies import service as care  # the picker (its search and labels)
from ..extensions import csrf
from ..labels import competency_name, field_name, stand_text
from . import consortium, model
from . import names as partner_names
from .cache import Building
from .forms import NEEDS, TEAM, FindForm
from .reasons import FIT_LABELS
from .service import answer, current_index, propose, recommendations_for_project, stand
from .service import introductions as suggested_introductions

bp = Blueprint("matching", __name__, url_prefix="/matching")
api = Blueprint("matching_api", __name__, url_prefix="/api/matching")


@bp.record_once
def register_api(state):
    """Mount the JSON API (/api/matching) together with the pages."""
    state.app.register_blueprint(api)


SUCCESSORS = {"matching_api.match": "/api/v1/matching", "matching_api.build_consortium": "/api/v1/matching/consortium",
              "matching_api.partner_search": "/api/v1/matching/partners"}


@api.after_request
def deprecated(response):
    """The old paths work on, marked deprecated (RFC 9745) with a link to their successor in /api/v1."""
    successor = SUCCESSORS.get(request.endpoint)
    response.headers["Deprecation"] = "true"
    if successor:
        response.headers["Link"] = f'<{successor}>; rel="successor-version"'
    return response


RETRY_AFTER = 2   # seconds a client is asked to wait while the index is being built


def building_message(error):
    """What a visitor reads while the index is built."""
    return _("Die Partnersuche wird nach der letzten Änderung neu vorbereitet (seit %(seconds)s s). "
             "Bei großen Netzen dauert das einige Sekunden.", seconds=error.seconds)


@bp.errorhandler(Building)
def building_page(error):
    """While the index of a new revision is built: HTTP 202 and a short page with a link to load it again."""
    headers = {"Retry-After": str(RETRY_AFTER), "Cache-Control": "no-store"}
    return (render_template("matching/pending.html", message=building_message(error),
                            again=request.full_path.rstrip("?")), 202, headers)


@api.errorhandler(Building)
def building_json(error):
    """While the index of a new revision is built: HTTP 202 with {"state": "pending", ...}."""
    body = {"state": "pending", "seconds": error.seconds, "retry_after": RETRY_AFTER,
            "message": building_message(error)}
    return jsonify(body), 202, {"Retry-After": str(RETRY_AFTER), "Cache-Control": "no-store"}


@bp.app_template_filter("matching_competency")
def competency_label(competency_id):
    """A competency's name in the UI language (its id when unknown)."""
    return competency_name(current_index().competencies.get(competency_id)) or competency_id


@bp.app_template_filter("fit_label")
def fit_label(grade):
    """A fit's words in the UI language ("passt sehr gut", `model.fit_grade`)."""
    return str(FIT_LABELS.get(grade, grade))


@bp.app_template_filter("picker_item")
def picker_item(pair):
    """An (id, label) pair as the picker's {id, label}."""
    return {"id": pair[0], "label": pair[1]}


@bp.app_template_global("matching_partner_name")
@bp.app_template_filter("matching_partner_name")
def partner_label(partner_id):
    """A partner's short name or name."""
    return current_index().partner_name(partner_id)


def field_choices(index):
    """(key, name) pairs of the fields, in the UI language."""
    return [(key, field_name(item) or key) for key, item in index.fields.items()]


def team_search(args, index):
    """The team picker's no-JavaScript search: (query, matches) when its "Suchen" was pressed, else ("", None)."""
    if args.get("picker_search") != TEAM:
        return "", None
    term = (args.get(f"{TEAM}_q") or "").strip()[:100]
    return term, partner_names.search(index, term) if term else []


@bp.route("/")
def index():
    """Find collaborators: needs (picker), fields, kinds and a team (picker, by name) → ranked partners with reasons,
    and for the needs a proposed consortium."""
    matcher = current_index()
    needs_query, needs_matches = care.picker_search(request.args, NEEDS)
    team_query, team_matches = team_search(request.args, matcher)
    needs = [(key, label) for key, label in care.picked(request.args, NEEDS) if key in matcher.competency_index]
    form = FindForm(request.args, matcher, field_choices(matcher), needs)
    result, proposal = None, None
    description = (request.args.get("beschreibung") or "").strip()[:freetext.MAX_TEXT]
    terms = None
    if request.args.get("vorschlagen"):   # "Begriffe vorschlagen": the terms the sentence names, to confirm
        terms = freetext.propose(description, [key for key, _label in needs], form.fields.data or [])
    searching = needs_matches is not None or team_matches is not None or terms is not None
    if not searching and form.submitted() and form.validate():
        raw = form.raw_query()
        result = answer(raw, matcher)
        if raw["needs"]:
            proposal = propose(matcher, model.parse_query(matcher, raw), size=form.consortium_size())
    return render_template("matching/index.html", form=form, result=result, proposal=proposal, matcher=matcher,
                           needs_query=needs_query, needs_matches=needs_matches, description=description,
                           terms=terms,
                           team_query=team_query if team_matches is not None else form.team_typed,
                           team_matches=team_matches, picker_names={"needs": NEEDS, "team": TEAM}, stand=stand())


@bp.route("/projekt/<project_id>")
def project(project_id):
    """Recommendations and a proposed consortium for a project in status idea or submitted."""
    if not visibility.may_see(project_id, current_user):
        abort(404)   # an idea's draft is its team's and the coordinators' only (allianz/visibility.py)
    size = request.args.get("groesse", type=int) or consortium.DEFAULT_SIZE
    found = recommendations_for_project(project_id, size=max(1, min(size, 12)))
    if found is None:
        abort(404)
    return render_template("matching/project.html", recommendations=found, matcher=current_index(), stand=stand())


@bp.route("/vorstellungen")
def introductions():
    """Suggested introductions: pairs that never worked together but complement each other."""
    matcher, pairs = suggested_introductions(limit=20)
    return render_template("matching/introductions.html", pairs=pairs, matcher=matcher, stand=stand())


@api.route("/partner")
def partner_search():
    """The team picker's source: partners whose name, short name or id contains `q`, as [{"id", "label"}]."""
    return jsonify(partner_names.search(current_index(), request.args.get("q", "")[:100]))


def request_query():
    """The query of an API request: the JSON body (POST) or the query string (GET, lists comma-separated)."""
    if request.method == "POST":
        return api_input.json_object()
    def listed(name):
        return [item for value in request.args.getlist(name) for item in value.split(",") if item]
    return {"id": request.args.get("id"), "team": listed("team"), "fields": listed("fields"),
            "needs": listed("needs"), "kind": listed("kind") or None, "exclude": listed("exclude"),
            "new_bridges": request.args.get("new_bridges"), "project": request.args.get("project") or None,
            "top": request.args.get("top")}


def with_stand(body):
    """`body` with `stand` when the index it was answered from is of an earlier revision: {"seconds", "message"}."""
    seconds = stand()
    return body if seconds is None else dict(body, stand={"seconds": seconds, "message": stand_text(seconds)})


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
    return jsonify(with_stand(result))


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
    return jsonify(with_stand(propose(matcher, query, size=size)))

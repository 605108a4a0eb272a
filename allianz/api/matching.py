"""The explainable matcher as JSON: a query → candidates with reasons and the score by factor; the consortium
builder; the team picker's partner search. The same service as /matching/ (the old /api/matching paths stay,
deprecated, in `matching.routes`)."""
from flask import jsonify

from ..matching import model
from ..matching import names as partner_names
from ..matching.cache import Building
from ..matching.service import answer, current_index, propose
from . import schemas
from .base import Blueprint
from .problems import ApiProblem

bp = Blueprint("api_v1_matching", __name__, url_prefix="/api/v1/matching",
               description="Explainable partner recommendations and the consortium builder.")
RETRY_AFTER = 2
QUERY_EXAMPLE = {"id": "q1", "needs": ["sensorik", "datenplattform"], "fields": ["umwelt"], "team": ["p02"],
                 "kind": [], "exclude": [], "new_bridges": False, "top": 5}
MATCH_EXAMPLE = {"id": "q1", "team": ["p02"], "covered_needs": [], "uncovered_needs": ["datenplattform", "sensorik"],
                 "candidates": [{"partner": "p05", "name": "Sensorwerk GmbH", "kind": "company", "score": 61.0,
                                 "factors": {"needs": 0.42, "fields": 0.1, "network": 0.09},
                                 "reasons": ["hat Sensorik (Stufe 3)", "aktiv in Umwelt"]}]}
CONSORTIUM_EXAMPLE = {"team": ["p02"], "members": ["p02", "p05", "p11"], "slots": [],
                      "matrix": [{"need": "sensorik", "cells": [], "covered": True}], "open_needs": [],
                      "uncoverable": [], "kinds": ["city_company", "company", "science"]}


@bp.errorhandler(Building)
def building(error):
    """The matcher's index of a new revision is being built: 202 with Retry-After."""
    body = {"state": "pending", "retry_after": RETRY_AFTER, "message": f"building for {error.seconds} s"}
    return jsonify(body), 202, {"Retry-After": str(RETRY_AFTER), "Cache-Control": "no-store"}


def refused(error):
    """422 naming the unknown competencies, fields or kinds."""
    errors = [{"field": "needs", "message": f"unknown competency: {key}"} for key in error.unknown_needs or []]
    errors += [{"field": "fields", "message": f"unknown field of action: {key}"} for key in error.unknown_fields or []]
    return ApiProblem(422, str(error), errors=errors or [{"field": None, "message": str(error)}])


@bp.route("", methods=["POST"])
@bp.arguments(schemas.MatchQuery, example=QUERY_EXAMPLE)
@bp.response(200, schemas.Match, example=MATCH_EXAMPLE)
@bp.alt_response(202, schema=schemas.Pending, description="the index is being built")
def match(query):
    """Rank partners for a query (POST because the query is a JSON document; it changes nothing)."""
    try:
        return answer(dict(query))
    except model.QueryError as error:
        raise refused(error) from None


@bp.route("/consortium", methods=["POST"])
@bp.arguments(schemas.ConsortiumQuery, example={**QUERY_EXAMPLE, "size": 3})
@bp.response(200, schemas.Consortium, example=CONSORTIUM_EXAMPLE)
@bp.alt_response(202, schema=schemas.Pending, description="the index is being built")
def consortium(query):
    """Propose a consortium of `size` partners (the team counts) with its coverage matrix."""
    matcher = current_index()
    raw = dict(query)
    size = raw.pop("size")
    try:
        return propose(matcher, model.parse_query(matcher, raw), size=size)
    except model.QueryError as error:
        raise refused(error) from None


@bp.route("/partners")
@bp.arguments(schemas.PartnerNameArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.PartnerName(many=True), example=[{"id": "p02", "label": "Stadtwerke Musterstadt (SWM)"}])
@bp.alt_response(202, schema=schemas.Pending, description="the index is being built")
def partner_names_search(q):
    """Partners whose name, short name or id contains `q` (the team picker's search)."""
    return partner_names.search(current_index(), q)

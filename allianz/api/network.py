"""The network pictures' graphs as JSON: nodes and edges of each view, with the pictures' filters (English names
for the pages' parameters). The same snapshot, filters and views as /netzwerk/ (`network.service`)."""
from flask import jsonify
from werkzeug.datastructures import MultiDict

from ..network import service
from ..network.registry import VIEWS
from . import schemas
from .base import Blueprint
from .problems import ApiProblem

bp = Blueprint("api_v1_network", __name__, url_prefix="/api/v1/network",
               description="The network pictures as graphs: " + ", ".join(VIEWS) + ".")

# API parameter -> the pages' parameter (network.service.filters_from_args)
PAGE_NAMES = {"field": "feld", "kind": "art", "status": "status", "year_from": "von", "year_to": "bis",
              "limit": "max", "focus": "fokus", "hops": "stufen", "mode": "ansicht", "community": "gemeinschaft"}
EXAMPLE = {"view": "allianz", "nodes": [{"id": "p02", "label": "SWM", "type": "partner", "kind": "city_company",
                                         "projects": 7}],
           "edges": [{"from": "p02", "to": "p05", "value": 3, "title": "3 gemeinsame Projekte"}],
           "legend": [], "hidden": None, "counts": {"nodes": 1, "edges": 1}}
PENDING = {"state": "pending", "retry_after": 2, "message": "Berechnet wird: das Netz nach der letzten Änderung"}


@bp.errorhandler(service.Pending)
def pending(error):
    """A large network is still being computed: 202 with Retry-After."""
    body = {"state": "pending", "retry_after": service.RETRY_AFTER, "message": str(error.what)}
    return jsonify(body), 202, {"Retry-After": str(service.RETRY_AFTER), "Cache-Control": "no-store"}


def graph_of(name, ref, args):
    """The picture `name` (about `ref`) as {view, nodes, edges, legend, hidden, counts}; 404 when unknown."""
    view = VIEWS.get(name)
    if view is None or (ref is None) != (view.subject is None):
        raise ApiProblem(404, f"there is no picture {name!r}" + (" about one partner or project" if ref else ""),
                         errors=[{"field": "view", "message": f"one of: {', '.join(VIEWS)}"}])
    snap = service.current_snapshot()
    if view.subject is not None and ref not in (snap.partners if view.subject == "partner" else snap.projects):
        raise ApiProblem(404, f"there is no such {view.subject}")
    page_args = MultiDict({PAGE_NAMES[key]: str(value) for key, value in args.items()
                           if key in PAGE_NAMES and value is not None})
    if not args.get("isolated", True):
        page_args["ohne"] = "aus"
    found = service.picture(snap, name, service.filters_from_args(snap, page_args), ref)
    if found is None:
        raise ApiProblem(404, "there is no such community", errors=[{"field": "community", "message": "too large"}])
    data = found[1]
    return {key: data.get(key) for key in ("view", "nodes", "edges", "legend", "hidden", "counts")}


ALLIANCE_VIEWS = [name for name, view in VIEWS.items() if view.subject is None]
SUBJECT_VIEWS = [name for name, view in VIEWS.items() if view.subject is not None]


@bp.route("/<view>")
@bp.doc(parameters=[{"in": "path", "name": "view", "required": True,
                     "schema": {"type": "string", "enum": ALLIANCE_VIEWS}}])
@bp.arguments(schemas.NetworkArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.Network, example=EXAMPLE)
@bp.alt_response(202, schema=schemas.Pending, example=PENDING, description="still being computed")
def alliance_view(view, **args):
    """A picture about the whole alliance (`allianz`, `partner-projekte`, `partner-kompetenzen`) as nodes and edges."""
    return graph_of(view, None, args)


@bp.route("/<view>/<ref>")
@bp.doc(parameters=[{"in": "path", "name": "view", "required": True,
                     "schema": {"type": "string", "enum": SUBJECT_VIEWS}}])
@bp.arguments(schemas.NetworkArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.Network, example={**EXAMPLE, "view": "partner"})
@bp.alt_response(202, schema=schemas.Pending, example=PENDING, description="still being computed")
def subject_view(view, ref, **args):
    """A picture about one partner (`partner`: its neighbourhood) or project (`projekt`: its team and surroundings)."""
    return graph_of(view, ref, args)

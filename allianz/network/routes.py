"""Network pictures and analytics: the pages, their JSON, the exports, and vis-network served by the app.

Every picture of the registry (`registry.VIEWS`) gets its page here; the views themselves live in `views/`.
"""
import json
from importlib import resources

from flask import Blueprint, Response, abort, jsonify, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..labels import field_name, stand_text
from ..listing import Page, name_key
from ..vocabulary import OPEN_STATUSES
from . import analytics, service
from .export import as_graphml
from .filters import FOCUS_CHARS
from .registry import VIEWS

bp = Blueprint("network", __name__, url_prefix="/netzwerk")

VENDOR_FILES = {"vis-network.min.js": "application/javascript"}
VENDOR_MAX_AGE = 365 * 24 * 3600
TABLE_ROWS = 100  # rows of a table on one page (the table twin is paged; the exports hold every row)
NODE_SORTS = {
    "name": lambda row: name_key(row["name"]),
    "art": lambda row: name_key(row["kind_label"]),
    "projekte": lambda row: row["projects"],
    "verbindungen": lambda row: row["degree"],
    "abstand": lambda row: row["hop"] if row["hop"] is not None else 99,
}
PICTURE_ARGS = ("feld", "art", "status", "von", "bis", "max", "fokus", "ohne", "stufen", "ansicht", "gemeinschaft")
WHAT = {"snapshot": _l("das Netz nach der letzten Änderung"), "communities": _l("die Gemeinschaften"),
        "analytics": _l("die Kennzahlen der Analyse")}


@bp.errorhandler(service.Pending)
def pending(error):
    """While the background job runs: HTTP 202, JSON for the data endpoints, else a page that reloads itself."""
    what = str(WHAT.get(error.what, error.what))
    if error.queued:
        message = _("Gerade werden andere Teile des Netzes berechnet; danach %(what)s. Die Seite lädt sich "
                    "selbst neu.", what=what)
    else:
        message = _("Berechnet wird: %(what)s (seit %(seconds)s s). Bei großen Netzen dauert das einige "
                    "Sekunden; die Seite lädt sich selbst neu.", what=what, seconds=error.seconds)
    headers = {"Retry-After": str(service.RETRY_AFTER), "Cache-Control": "no-store"}
    if request.endpoint in ("network.data", "network.graphml", "network.analysis_json"):
        body = {"state": "pending", "what": error.what, "seconds": error.seconds, "retry_after": service.RETRY_AFTER,
                "queued": error.queued, "message": message}
        return Response(json.dumps(body, ensure_ascii=False), status=202, mimetype="application/json",
                        headers=headers)
    return render_template("network/pending.html", message=message, what=what, refresh=service.RETRY_AFTER,
                           again=request.full_path.rstrip("?"), place="netzwerk"), 202, headers


def with_stand(body):
    """`body` (a dict, not changed) with `stand` when it shows an earlier revision: {"seconds", "message"}."""
    seconds = service.stand()
    if seconds is None:
        return body
    return dict(body, stand={"seconds": seconds, "message": stand_text(seconds)})


def filters_from(snap):
    """The view filters of this request (`service.filters_from_args`)."""
    return service.filters_from_args(snap, request.args)


def subject_of(view, snap, ref):
    """The partner or project a view is about (404 when unknown), or None for views about the whole alliance."""
    if view.subject is None:
        return None
    found = (snap.partners if view.subject == "partner" else snap.projects).get(ref)
    return found if found is not None else abort(404)


def view_data(name, ref=None):
    """(snapshot, filters, data) of a view for this request; 404 for an unknown view, partner or project."""
    view = VIEWS.get(name) or abort(404)
    if (ref is None) != (view.subject is None):
        abort(404)
    snap = service.current_snapshot()
    subject_of(view, snap, ref)
    found = service.picture(snap, name, filters_from(snap), ref)
    if found is None:
        abort(404)   # a community that does not exist
    filters, data = found
    return snap, filters, data


def query_args():
    """The request's query parameters that select a picture (not the table's sort or page)."""
    return {key: value for key, value in request.args.items() if key in PICTURE_ARGS and value}


def paged(rows, param):
    """(the rows of the page `?<param>=N` asks for, the Page)."""
    page = Page(number=1, size=TABLE_ROWS, total=len(rows))
    page = Page(number=min(max(request.args.get(param, 1, type=int), 1), page.pages), size=TABLE_ROWS,
                total=len(rows))
    return rows[page.skip:page.skip + page.size], page


def node_rows(data):
    """The table twin's node rows, sorted as the query string asks (whitelisted keys only)."""
    rows = [{"id": node["id"], "name": node.get("name") or node["label"], "type": node.get("type"),
             "kind_label": node.get("kind_label", ""), "projects": node.get("projects") or 0,
             "degree": node.get("degree") or 0, "hop": node.get("hop"), "recommended": node.get("recommended"),
             "url": (node.get("details", {}).get("links") or [[None, None]])[0][1]} for node in data["nodes"]]
    sort = request.args.get("sort", "projekte")
    if sort not in NODE_SORTS:
        sort = "projekte"
    descending = request.args.get("richtung", "ab" if sort in ("projekte", "verbindungen") else "auf") == "ab"
    rows.sort(key=lambda row: name_key(row["name"]))
    rows.sort(key=NODE_SORTS[sort], reverse=descending)
    return rows, sort, descending


def edge_rows(data):
    """The table twin's edge rows: heaviest first."""
    names = {node["id"]: node.get("name") or node["label"] for node in data["nodes"]}
    rows = [{"source": names.get(edge["from"], edge["from"]), "target": names.get(edge["to"], edge["to"]),
             "weight": edge.get("value") or 1, "title": edge.get("title", "")} for edge in data["edges"]]
    rows.sort(key=lambda row: (-row["weight"], name_key(row["source"]), name_key(row["target"])))
    return rows


def render_picture(name, ref=None):
    """The page of a picture: filters, the picture (drawn by the view's script), legend, panel and table twin."""
    view = VIEWS[name]
    snap, filters, data = view_data(name, ref)
    subject = subject_of(view, snap, ref)
    endpoint = f"network.{view.endpoint}"
    args = query_args()
    ref_args = {"ref": ref} if ref is not None else {}
    page_args = {"id": ref} if ref is not None else {}
    rows, sort, descending = node_rows(data)
    nodes, node_page = paged(rows, "seite")
    edges, edge_page = paged(edge_rows(data), "kseite")
    fields = sorted(snap.fields.values(), key=lambda f: name_key(field_name(f)))
    table = dict(args, sort=sort, richtung="ab" if descending else "auf")

    def sort_url(key, direction):
        """The page sorted by `key` in `direction` (auf/ab), with the same picture."""
        return url_for(endpoint, **page_args, **dict(args, sort=key, richtung=direction))

    def page_url(param, number):
        """The page with table page `number` for `param` (seite: nodes, kseite: edges), same picture and sort."""
        other = {"seite": node_page.number, "kseite": edge_page.number}
        other[param] = number
        return url_for(endpoint, **page_args, **table, **{k: v for k, v in other.items() if v > 1})
    return render_template(
        "network/view.html", view=name, title=view.heading(subject) if view.heading else view.title,
        subject=subject, is_open=subject is not None and subject.get("status") in OPEN_STATUSES, data=data,
        filters=filters, focus_text=request.args.get("fokus", "")[:FOCUS_CHARS],
        offered=view.offered, fields=fields, args=args, ref_args=ref_args, endpoint=endpoint,
        data_url=url_for("network.data", view=name, **ref_args, **args),
        json_url=url_for("network.data", view=name, download=1, **ref_args, **args),
        graphml_url=url_for("network.graphml", view=name, **ref_args, **args),
        nodes=nodes, node_page=node_page, sort=sort, descending=descending, edges=edges, edge_page=edge_page,
        sort_url=sort_url, page_url=page_url, stand=service.stand())


def picture_page(name):
    """The route function of a registered view's page."""
    def page(id=None):  # noqa: A002 - the URL's name for it
        return render_picture(name, id)
    page.__name__ = VIEWS[name].endpoint
    page.__doc__ = f"The page of the picture {name!r}."
    return page


for _view in VIEWS.values():
    bp.add_url_rule(_view.rule, _view.endpoint, picture_page(_view.name))


@bp.route("/daten/<view>", defaults={"ref": None})
@bp.route("/daten/<view>/<ref>")
def data(view, ref):
    """A picture's data as JSON (vis-network nodes, edges, options; legend; what is hidden); `download=1` saves it."""
    _snap, _filters, found = view_data(view, ref)
    response = jsonify(with_stand(found))
    if request.args.get("download"):
        response.headers["Content-Disposition"] = f'attachment; filename="netzwerk-{view}.json"'
    return response


@bp.route("/export/<view>.graphml", defaults={"ref": None})
@bp.route("/export/<view>/<ref>.graphml")
def graphml(view, ref):
    """The picture as GraphML, for Gephi, yEd or Cytoscape."""
    _snap, _filters, found = view_data(view, ref)
    return Response(as_graphml(found), mimetype="application/graphml+xml",
                    headers={"Content-Disposition": f'attachment; filename="netzwerk-{view}.graphml"'})


@bp.route("/vendor/<name>")
def vendor(name):
    """vis-network 9.1.2 as shipped in the installed pyvis wheel (no copy in the repository, no CDN).

    Only the script: the picture's few styles (the tooltip) are in static/css/network.css, so the
    200 KB of vis-network.css (editor and navigation images) are never sent."""
    if name not in VENDOR_FILES:
        abort(404)
    path = resources.files("pyvis") / "lib" / "vis-9.1.2" / name
    response = send_file(str(path), mimetype=VENDOR_FILES[name], max_age=VENDOR_MAX_AGE)
    response.headers["Cache-Control"] = f"public, max-age={VENDOR_MAX_AGE}, immutable"
    return response


ANALYSIS_LISTS = {"isoliert": "isolated", "ruhend": "dormant"}  # ?<param>seite=N pages these lists


@bp.route("/analyse")
def analysis():
    """Analytics for coordinators: brokers, communities, gaps, supply and demand, the alliance over time."""
    snap = service.current_snapshot()
    years = analytics.dormant_years_from(request.args.get("jahre", type=int))
    figures, charts = service.analysis(snap, years)
    lists = {}
    for param, key in ANALYSIS_LISTS.items():
        lists[key] = paged(figures[key], f"{param}seite")

    def page_url(param, number):
        """The analytics page with list `param` at page `number` (the other list stays where it is)."""
        pages = {f"{p}seite": lists[k][1].number for p, k in ANALYSIS_LISTS.items()}
        pages[f"{param}seite"] = number
        return url_for("network.analysis", jahre=years, **{k: v for k, v in pages.items() if v > 1}) + "#allein"
    return render_template("network/analysis.html", figures=figures, years=years, snap=snap, lists=lists,
                           choices=analytics.DORMANT_CHOICES, charts=charts,
                           page_url=page_url, stand=service.stand())


@bp.route("/analyse.json")
def analysis_json():
    """The analytics as JSON (the same figures as the page)."""
    snap = service.current_snapshot()
    years = analytics.dormant_years_from(request.args.get("jahre", type=int))
    return Response(json.dumps(with_stand(service.figures_for(snap, years)), default=str, ensure_ascii=False),
                    mimetype="application/json")

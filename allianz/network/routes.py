"""Network pictures and analytics: the pages, their JSON, the exports, and vis-network served by the app."""
import json
from importlib import resources

from flask import Blueprint, Response, abort, jsonify, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..db import get_graph
from ..labels import KIND_LABELS, STATUS_LABELS, field_name
from ..listing import name_key
from . import analytics, views, warm
from .snapshot import snapshot as read_snapshot

bp = Blueprint("network", __name__, url_prefix="/netzwerk")

VENDOR_FILES = {"vis-network.min.js": "application/javascript", "vis-network.css": "text/css"}
VENDOR_MAX_AGE = 365 * 24 * 3600
TABLE_ROWS = 500  # rows of the edge table shown on the page (the exports hold them all)
NODE_SORTS = {
    "name": lambda row: name_key(row["name"]),
    "art": lambda row: name_key(row["kind_label"]),
    "projekte": lambda row: row["projects"],
    "verbindungen": lambda row: row["degree"],
    "abstand": lambda row: row["hop"] if row["hop"] is not None else 99,
}
PICTURES = {
    # view: (endpoint of the page, title, entry script, filters the page offers)
    "allianz": ("network.index", _l("Allianz-Netzwerk"), "alliance.js", ("field", "kind", "status", "years", "isolated", "focus")),
    "partner-projekte": ("network.partners_projects", _l("Partner und Projekte"), "partners-projects.js",
                         ("field", "kind", "status", "years")),
    "partner-kompetenzen": ("network.partners_competencies", _l("Partner und Kompetenzen"), "partners-competencies.js",
                            ("field", "kind")),
    "partner": ("network.partner", _l("Nachbarschaft"), "neighbourhood.js", ("hops",)),
    "projekt": ("network.project", _l("Projektteam und Umfeld"), "project-team.js", ("hops",)),
}


def snapshot(graph):
    """The current snapshot; on a large graph a new revision is read in the background (`warm.Pending`)."""
    return read_snapshot(graph, background=True)


def in_background(snap, ready, key, what, work):
    """Run `work()` here when it is cached or the graph is small; else start it in the background (Pending)."""
    if ready or not warm.is_large(len(snap.partners)):
        return work()
    return warm.start(key, what, work)


def community_groups(snap):
    """The communities (analytics), computed in the background on a large graph."""
    return in_background(snap, analytics.communities_ready(snap), ("communities", snap.token), "communities",
                         lambda: analytics.community_groups(snap))


def figures_for(snap, years):
    """The analytics figures, computed in the background on a large graph."""
    return in_background(snap, analytics.ready(snap, years), analytics.job_key(snap, years), "analytics",
                         lambda: analytics.compute(snap, dormant_years=years))


@bp.errorhandler(warm.Pending)
def pending(error):
    """While the background job runs: HTTP 202, JSON for the data endpoints, else a page with a link to retry."""
    message = _("Das Netzwerk wird nach der letzten Änderung neu berechnet (seit %(seconds)s s). "
                "Bei großen Netzen dauert das einige Sekunden.", seconds=error.seconds)
    headers = {"Retry-After": str(warm.RETRY_AFTER), "Cache-Control": "no-store"}
    if request.endpoint in ("network.data", "network.graphml", "network.analysis_json"):
        body = {"state": "pending", "what": error.what, "seconds": error.seconds, "retry_after": warm.RETRY_AFTER,
                "message": message}
        return Response(json.dumps(body, ensure_ascii=False), status=202, mimetype="application/json",
                        headers=headers)
    return render_template("network/pending.html", message=message, again=request.full_path.rstrip("?")), 202, headers


def number(name, low, high):
    """An integer query parameter within low..high, else None."""
    value = request.args.get(name, type=int)
    return value if value is not None and low <= value <= high else None


def filters_from(snap):
    """The view filters of this request, each checked against its whitelist."""
    field = request.args.get("feld") or None
    kind = request.args.get("art") or None
    status = request.args.get("status") or None
    return views.Filters(
        field=field if field in snap.fields else None,
        kind=kind if kind in KIND_LABELS else None,
        status=status if status in STATUS_LABELS else None,
        first=number("von", 1900, 2100), last=number("bis", 1900, 2100),
        limit=number("max", 1, views.MAX_LIMIT) or views.DEFAULT_LIMIT,
        focus=(request.args.get("fokus") or "").strip()[:100] or None,
        isolated=request.args.get("ohne") != "aus",
        hops=number("stufen", 1, views.MAX_HOPS) or 1,
        mode=views.COMMUNITIES if request.args.get("ansicht") == views.COMMUNITIES else views.PARTNERS,
        community=number("gemeinschaft", 1, 1_000_000),
    )


def view_data(view, ref=None):
    """(snapshot, filters, data) of a view for this request; 404 for an unknown partner or project."""
    if view not in PICTURES:
        abort(404)
    snap = snapshot(get_graph())
    if view == "partner" and ref not in snap.partners:
        abort(404)
    if view == "projekt" and ref not in snap.projects:
        abort(404)
    filters = filters_from(snap)
    if view == "allianz" and (filters.mode == views.COMMUNITIES or filters.community is not None):
        groups = community_groups(snap)["groups"]
        if filters.community is not None and filters.community > len(groups):
            abort(404)
        if filters.mode == views.COMMUNITIES:
            filters = views.Filters(mode=views.COMMUNITIES, limit=filters.limit)  # the other filters do not apply
    return snap, filters, views.build(snap, view, filters, ref)


def query_args():
    """The request's query parameters that select a picture (not the table's sort)."""
    return {key: value for key, value in request.args.items()
            if key in ("feld", "art", "status", "von", "bis", "max", "fokus", "ohne", "stufen", "ansicht",
                       "gemeinschaft") and value}


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


def render_picture(view, ref=None, heading=None, subject=None):
    """The page of a picture: filters, the picture (drawn by the view's script), legend, panel and table twin."""
    snap, filters, data = view_data(view, ref)
    endpoint, title, script, offered = PICTURES[view]
    args = query_args()
    ref_args = {"ref": ref} if ref is not None else {}
    nodes, sort, descending = node_rows(data)
    edges = edge_rows(data)
    fields = sorted(snap.fields.values(), key=lambda f: name_key(field_name(f)))
    page_args = {"id": ref} if ref is not None else {}

    def sort_url(key, direction):
        """The page sorted by `key` in `direction` (auf/ab), with the same picture."""
        return url_for(endpoint, **page_args, **dict(args, sort=key, richtung=direction))
    return render_template(
        "network/view.html", view=view, title=heading or title, subject=subject, data=data, filters=filters,
        offered=offered, fields=fields, script=script, args=args, ref_args=ref_args, endpoint=endpoint,
        data_url=url_for("network.data", view=view, **ref_args, **args),
        json_url=url_for("network.data", view=view, download=1, **ref_args, **args),
        graphml_url=url_for("network.graphml", view=view, **ref_args, **args),
        nodes=nodes, sort=sort, descending=descending, edges=edges[:TABLE_ROWS], edges_total=len(edges),
        pictures=PICTURES, sort_url=sort_url)


@bp.route("/")
def index():
    """The alliance network: partners and their shared projects."""
    return render_picture("allianz")


@bp.route("/partner-projekte")
def partners_projects():
    """Partners and projects."""
    return render_picture("partner-projekte")


@bp.route("/partner-kompetenzen")
def partners_competencies():
    """Partners and competencies."""
    return render_picture("partner-kompetenzen")


@bp.route("/partner/<id>")
def partner(id):  # noqa: A002 - the URL's name for it
    """A partner's neighbourhood (1–3 steps over shared projects)."""
    snap = snapshot(get_graph())
    found = snap.partners.get(id) or abort(404)
    return render_picture("partner", id, heading=_("Nachbarschaft von %(name)s", name=found["name"]), subject=found)


@bp.route("/projekt/<id>")
def project(id):  # noqa: A002 - the URL's name for it
    """A project's team with its neighbourhood (and, for ideas, the recommended partners)."""
    snap = snapshot(get_graph())
    found = snap.projects.get(id) or abort(404)
    return render_picture("projekt", id, heading=_("Team und Umfeld von %(title)s", title=found["title"]),
                          subject=found)


@bp.route("/daten/<view>", defaults={"ref": None})
@bp.route("/daten/<view>/<ref>")
def data(view, ref):
    """A picture's data as JSON (vis-network nodes, edges, options; legend; what is hidden); `download=1` saves it."""
    _snap, _filters, found = view_data(view, ref)
    response = jsonify(found)
    if request.args.get("download"):
        response.headers["Content-Disposition"] = f'attachment; filename="netzwerk-{view}.json"'
    return response


@bp.route("/export/<view>.graphml", defaults={"ref": None})
@bp.route("/export/<view>/<ref>.graphml")
def graphml(view, ref):
    """The picture as GraphML, for Gephi, yEd or Cytoscape."""
    _snap, _filters, found = view_data(view, ref)
    return Response(views.as_graphml(found), mimetype="application/graphml+xml",
                    headers={"Content-Disposition": f'attachment; filename="netzwerk-{view}.graphml"'})


@bp.route("/vendor/<name>")
def vendor(name):
    """vis-network 9.1.2 as shipped in the installed pyvis wheel (no copy in the repository, no CDN)."""
    if name not in VENDOR_FILES:
        abort(404)
    path = resources.files("pyvis") / "lib" / "vis-9.1.2" / name
    response = send_file(str(path), mimetype=VENDOR_FILES[name], max_age=VENDOR_MAX_AGE)
    response.headers["Cache-Control"] = f"public, max-age={VENDOR_MAX_AGE}, immutable"
    return response


@bp.route("/analyse")
def analysis():
    """Analytics for coordinators: brokers, communities, gaps, supply and demand, the alliance over time."""
    snap = snapshot(get_graph())
    years = number("jahre", 1, 30) or analytics.DEFAULT_DORMANT_YEARS
    figures = figures_for(snap, years)
    return render_template("network/analysis.html", figures=figures, years=years, snap=snap,
                           charts=analytics.charts(snap, figures))


@bp.route("/analyse.json")
def analysis_json():
    """The analytics as JSON (the same figures as the page)."""
    snap = snapshot(get_graph())
    years = number("jahre", 1, 30) or analytics.DEFAULT_DORMANT_YEARS
    return Response(json.dumps(figures_for(snap, years), default=str, ensure_ascii=False),
                    mimetype="application/json")

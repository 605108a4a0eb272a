"""The search pages: `/suche` (all types, or one type page by page) and the suggestions while typing."""
from flask import Blueprint, jsonify, render_template, request, url_for
from flask_login import current_user

from ..exceptions import InputError
from ..labels import kind_label, status_label
from ..listing import Page
from . import service

bp = Blueprint("search", __name__)

PER_TYPE = 5        # hits of each type on the overview
PAGE_SIZE = 20      # hits per page of one type
MAX_PAGE = 500      # deeper pages are not asked for (the page says how many there are)
def hit_url(hit):
    """The page of one hit."""
    return url_for(service.hit_endpoint(hit), id=hit["id"])


@bp.app_template_global("search_hit_url")
def search_hit_url(hit):
    """The page of one hit, for the templates."""
    return hit_url(hit)


@bp.route("/suche")
def index():
    """The search: `?q=` over every type (a few hits of each, with counts and a link to all of one type), or
    `&typ=partner|kompetenz|projekt|idee` for all hits of that type, page by page (`&page=`). Works without
    JavaScript. A text that is too long is answered 400 with the message at the field."""
    text = request.args.get("q", "")
    kind = service.SLUGS.get(request.args.get("typ", ""))
    number = min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
    try:
        if kind:
            found = service.search(text, current_user, types=[kind], limit=PAGE_SIZE, page=number)
        else:
            found = service.search(text, current_user, limit=PER_TYPE)
    except InputError as error:
        return render_template("search/index.html", text=text[:service.MAX_CHARACTERS], error=str(error),
                               found=None, kind=kind, type_name=service.type_name), 400
    page = Page(number=number, size=PAGE_SIZE, total=found["groups"][0]["total"]) if kind else None
    return render_template("search/index.html", text=found["query"], asked=bool(text), error=None, found=found,
                           kind=kind, page=page, type_name=service.type_name,
                           mark=lambda value: service.mark(value, found))


@bp.route("/suche/vorschlaege")
def suggestions():
    """Suggestions while typing: `?q=` → [{label, detail, type, type_label, url}], best first (at most 8); an
    empty list for no words; 400 (JSON) for a text that is too long."""
    hits = service.suggest(request.args.get("q", ""), current_user)
    return jsonify([{"label": hit["name"], "detail": hit["other_name"], "type": hit["type"],
                     "type_label": type_label(hit), "url": hit_url(hit)} for hit in hits])


def type_label(hit):
    """What a suggestion is, in the UI language: its type, and the partner's kind or the project's status."""
    name = service.type_name(hit["type"])
    if hit["type"] == "partner" and hit["kind"]:
        detail = kind_label(hit["kind"])
    elif hit["type"] in ("project", "idea") and hit["status"]:
        detail = status_label(hit["status"])
    else:
        detail = None
    return f"{name} · {detail}" if detail and detail != name else name

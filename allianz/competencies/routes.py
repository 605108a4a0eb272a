"""Competency pages, as two blueprints under /kompetenzen: `competencies` (the vocabulary as a tree, one
competency with who has and needs it; read-only, public) and `vocabulary` (the picker's JSON search, the
coordinators' care, members' suggestions). HTTP only: the rules and read models live in `service`."""
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import pages
from ..accounts.permissions import coordinator_required, partner_editor_required
from ..exceptions import VersionConflict
from . import service
from .forms import (
    AddCompetencyForm,
    CompetencySearch,
    MergeCompetencyForm,
    MoveCompetencyForm,
    RenameCompetencyForm,
    SettleSuggestionForm,
    SuggestCompetencyForm,
)
from .service import VocabularyError

bp = Blueprint("competencies", __name__, url_prefix="/kompetenzen")
vocabulary = Blueprint("vocabulary", __name__, url_prefix="/kompetenzen")


@bp.route("/")
def index():
    """The vocabulary: top-level competencies with their narrower ones, and how often each is used."""
    form = CompetencySearch(request.args)
    form.validate()
    term = form.term()
    tree, total, matched = service.vocabulary(term)
    return render_template("competencies/index.html", form=form, term=term, tree=tree, total=total,
                           matched=matched)


@bp.route("/<id>")
def detail(id):  # noqa: A002 - the URL's name for it
    """One competency: its names, broader and narrower ones, the partners who have it, the projects needing it."""
    found = service.competency_page(id)
    if found is None:
        merged_into = service.redirect_for(id)  # a competency merged into another one
        if merged_into:
            return redirect(url_for("competencies.detail", id=merged_into), code=301)
        abort(404)
    return render_template("competencies/detail.html", **found)


# -- vocabulary care: the picker's search, coordinators' care, suggestions ---------------------------------
@vocabulary.route("/suche")
def search():
    """The picker's source: `?q=` → [{id, label}] (at most 20, German order); when nothing is named so, the
    closest terms, each with `near: true`."""
    term = (request.args.get("q") or "")[:100]
    return jsonify(service.search_or_closest(term))


@vocabulary.route("/pflege", endpoint="index")
@coordinator_required
def care_index():
    """The coordinators' vocabulary care: add, open suggestions, and each competency's tools."""
    return render_template("competencies/care.html", rows=service.care_rows(), add_form=AddCompetencyForm(),
                           suggestions=service.open_suggestions(), settle_form=SettleSuggestionForm())


@vocabulary.route("/pflege/neu", methods=["POST"])
@coordinator_required
def add():
    """Add a competency."""
    form = AddCompetencyForm()
    if form.validate_on_submit():
        try:
            new_id = service.add(form.name.data, form.name_en.data, form.broader.data or None, actor_id=current_user.id)
        except VocabularyError as error:
            flash(str(error), "error")
        else:
            flash(_("Kompetenz „%(name)s“ aufgenommen.", name=form.name.data), "success")
            return redirect(url_for("vocabulary.edit", id=new_id), code=303)
    else:
        flash(" ".join(str(error) for errors in form.errors.values() for error in errors), "error")
    return redirect(url_for("vocabulary.index"), code=303)


@vocabulary.route("/<id>/pflegen", methods=["GET", "POST"])
@coordinator_required
def edit(id):  # noqa: A002 - the URL's name for it
    """One competency's care page: rename, move, merge."""
    competency = service.find(id)
    if competency is None:
        target = service.redirect_for(id)
        if target:
            return redirect(url_for("vocabulary.edit", id=target), code=301)
        abort(404)
    version = competency["version"] or 0
    rename_form = RenameCompetencyForm(data={"version": version, "name": competency["name"],
                                             "name_en": competency["name_en"]})
    move_form = MoveCompetencyForm(data={"version": version, "broader": competency["broader"]})
    merge_form = MergeCompetencyForm()
    status = 200
    if request.method == "POST":
        try:
            result = apply_care(id, rename_form, move_form, merge_form)
        except VocabularyError as error:  # shown next to the field it concerns
            field = merge_form.target if request.form.get("action") == "merge" else move_form.broader
            field.errors = [*field.errors, str(error)]
            status = 400
        except VersionConflict:
            return care_conflict(id, rename_form, move_form)
        else:
            if result:
                return result
            status = 400
    return render_template("competencies/care_edit.html", competency=competency, rename_form=rename_form,
                           move_form=move_form, merge_form=merge_form), status


def care_conflict(competency_id, rename_form, move_form):
    """Someone renamed or moved the competency in between: both versions side by side, keep either."""
    current = service.find(competency_id)
    if request.form.get("action") == "move":
        form, mine = move_form, {"broader": move_form.broader.data or None}
    else:
        form, mine = rename_form, {"name": rename_form.name.data, "name_en": rename_form.name_en.data or None}
    labels = {key: getattr(form, key).label.text for key in mine}
    here = url_for("vocabulary.edit", id=competency_id)
    return pages.conflict_page(
        form, _("Jemand hat diese Kompetenz inzwischen geändert"),
        [(url_for("vocabulary.index"), _("Vokabular pflegen")), (here, current["name"] or competency_id)],
        labels, mine, current, {"version": current["version"] or 0, "action": request.form.get("action"), **mine},
        here, here)


def apply_care(competency_id, rename_form, move_form, merge_form):
    """Run the submitted care form (the one whose button was pressed); a redirect, or None on errors."""
    action = request.form.get("action")
    if action == "rename" and rename_form.validate_on_submit():
        service.rename(competency_id, rename_form.name.data, rename_form.name_en.data, int(rename_form.version.data),
                       actor_id=current_user.id)
        flash(_("Kompetenz umbenannt."), "success")
    elif action == "move" and move_form.validate_on_submit():
        service.move(competency_id, move_form.broader.data or None, int(move_form.version.data),
                     actor_id=current_user.id)
        flash(_("Kompetenz verschoben."), "success")
    elif action == "merge" and merge_form.validate_on_submit():
        service.merge(competency_id, merge_form.target.data, actor_id=current_user.id)
        flash(_("Kompetenzen zusammengeführt; die alte Adresse leitet weiter."), "success")
        return redirect(url_for("vocabulary.edit", id=merge_form.target.data), code=303)
    else:
        return None
    return redirect(url_for("vocabulary.edit", id=competency_id), code=303)


@vocabulary.route("/vorschlaege/<suggestion_id>", methods=["POST"])
@coordinator_required
def settle(suggestion_id):
    """Accept, map or reject a suggested competency."""
    form = SettleSuggestionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        service.settle(suggestion_id, actor_id=current_user.id,
                       accept_as=(form.name.data or None) if form.decision.data == "accept" else None,
                       merge_into=form.target.data if form.decision.data == "merge" else None,
                       broader=form.broader.data or None)
    except VocabularyError as error:
        flash(str(error), "error")
    else:
        flash(_("Vorschlag erledigt."), "success")
    return redirect(url_for("vocabulary.index"), code=303)


@vocabulary.route("/vorschlagen/<partner_id>", methods=["POST"])
@partner_editor_required
def suggest(partner_id):
    """A partner's member suggests a competency the vocabulary lacks."""
    form = SuggestCompetencyForm()
    if form.validate_on_submit():
        service.suggest(partner_id, form.name.data, form.note.data, form.level.data, actor_id=current_user.id)
        flash(_("Danke! Die Koordination prüft Ihren Vorschlag „%(name)s“.", name=form.name.data), "success")
    else:
        flash(" ".join(str(error) for errors in form.errors.values() for error in errors), "error")
    return redirect(url_for("partner_edit.edit", id=partner_id), code=303)

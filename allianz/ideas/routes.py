"""Idea pages: the list, propose (with "Ähnliche prüfen"), the idea's own page, edit, similar (JSON), the
state machine's transitions, ideas that fit my partner, and the outcome loop page for coordinators.

The team's actions (invite, join, answer) are `ideas.team.routes`, the comments `discussion.routes`."""
import uuid

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import pages
from ..accounts.permissions import can_coordinate, coordinator_required, login_required
from ..competencies import freetext  # free text to needs
from ..competencies import service as care  # the picker (its search and labels)
from ..discussion import service as discussion
from ..exceptions import VersionConflict
from ..fields.service import field_choices
from ..labels import status_label
from ..matching import recommendations_for_project
from ..opendata import service as opendata
from ..partners.profile.service import level_of  # importances are 1–3 like levels
from ..vocabulary import (
    CORE_VALUE_WORDS,
    IMPORTANCE_WORDS,
    INVITE_STATE_WORDS,
    KIND_WORDS,
    SCALE_WORDS,
    TRANSITION_ACTIONS,
    TRANSITION_DONE_WORDS,
)
from . import service, similar
from .forms import IdeaFilter, IdeaForm, TransitionForm
from .team import service as team
from .team.forms import AnswerForm, InviteForm

bp = Blueprint("ideas", __name__, url_prefix="/ideen")

PICKER = "needs"  # the picker's field name
FILTER_PICKER = "competency"  # the list filter's picker

REFUSALS = {
    "stale": lambda: _("Das ist nicht mehr möglich: jemand hat die Idee inzwischen geändert oder ihren Status "
                       "gewechselt. Hier ist der aktuelle Stand; nichts wurde doppelt ausgeführt."),
    "not_allowed": lambda: _("Dieser Schritt ist im aktuellen Status nicht vorgesehen."),
    "not_yours": lambda: _("Diesen Schritt dürfen Sie bei dieser Idee nicht ausführen."),
    "reason_missing": lambda: _("Bitte geben Sie eine Begründung an; nichts wurde geändert."),
}


@bp.app_context_processor
def idea_labels():
    """The UI words of an idea's codes (scale, core value, importance, invite state), from the vocabulary,
    and `matching_outcomes()` (the outcome loop's totals, for the matching page)."""
    def word(words):
        return lambda key: _(words[key]) if key in words else key
    return {"scale_label": word(SCALE_WORDS), "importance_label": word(IMPORTANCE_WORDS),
            "invite_state_label": word(INVITE_STATE_WORDS), "core_value_label": word(CORE_VALUE_WORDS),
            "matching_outcomes": team.outcome_totals}


def chosen_needs(form_data):
    """The needed competencies the form holds: [{id, label, importance}] of those that exist, in order."""
    return [{"id": key, "label": label, "importance": level_of(form_data.get(f"importance-{key}"))}
            for key, label in care.picked(form_data, PICKER)]


def form_data(form, needs):
    """The idea's values from a validated form (only these go into the graph)."""
    return {"title": form.title.data, "summary": form.summary.data, "scale": form.scale.data,
            "time_frame": form.time_frame.data, "partner_kinds": form.partner_kinds.data,
            "core_values": form.core_values.data, "public": bool(form.public.data),
            "fields": form.fields.data, "needs": needs}


def render_form(form, needs, project=None, status=200, query="", matches=None, similar_found=None, conflict=None,
                terms=None):
    """The propose/edit page (with `conflict`: both versions side by side above the person's form; `terms`: the
    competencies and fields proposed from its text, `freetext.propose`)."""
    return render_template("ideas/form.html", form=form, needs=needs, project=project, picker_name=PICKER,
                           query=query, matches=matches, similar=similar_found,
                           importances=IMPORTANCE_WORDS, conflict=conflict, terms=terms), status


def conflict_rows(form, mine, saved):
    """The conflict table of an idea: every field of the person's version beside the saved one."""
    labels = {key: getattr(form, key).label.text for key in
              ("title", "summary", "fields", "partner_kinds", "time_frame", "scale", "core_values", "public")}
    labels["needs"] = _("Benötigte Kompetenzen")
    field_names = {choice.value: choice.label for choice in form.fields.choices or []}

    def shown(idea):
        """The idea's values in the words of the page (not its codes)."""
        def words(table, keys):
            return ", ".join(_(table[key]) if key in table else key for key in keys or [])
        return {**service.comparable(idea), "partner_kinds": words(KIND_WORDS, idea.get("partner_kinds")),
                "fields": ", ".join(field_names.get(key, key) for key in idea.get("fields") or []),
                "core_values": words(CORE_VALUE_WORDS, idea.get("core_values")),
                "scale": words(SCALE_WORDS, [idea["scale"]] if idea.get("scale") else []),
                "public": _("ja") if idea.get("public") else _("nein"),
                "needs": ", ".join(f"{n.get('label') or n['id']} "
                                   f"({_(IMPORTANCE_WORDS.get(n.get('importance') or 2, 'wichtig'))})"
                                   for n in sorted(idea.get("needs") or [], key=lambda n: n["id"]))}
    return pages.compare(labels, shown(mine), shown(saved))


def checked_quietly(form):
    """The form's values cleaned (validated) but no errors shown: a search, a check or a proposal is no save."""
    form.validate()
    for field in form:
        field.errors = []
    return form


def handle_form(project=None):
    """The shared POST of propose and edit: picker search, "Ähnliche prüfen", or save. Returns a response."""
    form = IdeaForm(field_choices())
    needs = chosen_needs(request.form)
    query, matches = care.picker_search(request.form, PICKER)
    if matches is not None:
        return render_form(checked_quietly(form), needs, project, query=query, matches=matches)
    exclude = project["id"] if project else None
    if request.form.get("propose_terms"):   # "Begriffe vorschlagen": what title and summary name, to confirm
        checked_quietly(form)
        terms = freetext.propose(f"{form.title.data or ''} {form.summary.data or ''}", [n["id"] for n in needs],
                                 form.fields.data or [])
        return render_form(form, needs, project, terms=terms)
    if request.form.get("check_similar"):
        checked_quietly(form)
        found = similar.similar(form.title.data, form.summary.data, [n["id"] for n in needs], form.fields.data,
                                exclude=exclude, user=current_user)
        return render_form(form, needs, project, similar_found=found)
    if not form.validate_on_submit():
        return render_form(form, needs, project, status=400)
    data = form_data(form, needs)
    if project is None:
        project_id, created = service.create(data, current_user, submission=form.submission.data)
        if created:
            flash(_("Die Idee ist als Entwurf gespeichert."), "success")
        else:
            flash(_("Diese Idee war schon gespeichert; hier ist sie."), "info")
    else:
        project_id = project["id"]
        try:
            service.save(project_id, int(form.version.data or 0), data, current_user)
        except VersionConflict:
            fresh = service.idea(project_id)
            form.version.data = fresh["version"]  # saving again keeps this version over the one now current
            flash(_("Jemand hat die Idee inzwischen geändert. Ihre Eingaben stehen unten; der gespeicherte "
                    "Stand ist auf der Seite der Idee. Speichern Sie erneut, um Ihre Fassung zu übernehmen."),
                  "error")
            return render_form(form, needs, fresh, status=409, conflict=conflict_rows(form, data, fresh))
        flash(_("Die Idee ist gespeichert."), "success")
    return redirect(url_for("ideas.detail", id=project_id), code=303)


@bp.route("/neu", methods=["GET", "POST"])
@login_required
def new():
    """Propose an idea: save as a draft (the proposer's partner leads the team)."""
    if request.method == "POST":
        return handle_form()
    return render_form(IdeaForm(field_choices(), formdata=None, data={"submission": uuid.uuid4().hex}), [])


def visible_or_404(id):  # noqa: A002 - the URL's name for it
    """The idea when the current person may see it, else 404."""
    return pages.found_or_404(service.visible_idea(id, current_user))


def editable_or_abort(id):  # noqa: A002 - the URL's name for it
    """The idea when the current person may edit it (404 unknown or hidden, 403 not the team or no longer editable)."""
    project = visible_or_404(id)
    if not service.may_change_now(project, current_user):
        abort(403)
    return project


@bp.route("/<id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit(id):  # noqa: A002 - the URL's name for it
    """Edit an idea (version-checked: a save over a newer version shows a conflict message)."""
    project = editable_or_abort(id)
    if request.method == "POST":
        return handle_form(project)
    form = IdeaForm(field_choices(), formdata=None, data=project)
    return render_form(form, project["needs"], project)


@bp.route("/<id>")
def detail(id):  # noqa: A002 - the URL's name for it
    """The idea's own page (its only one: /projekte/<id> leads here): text, timeline, team and coverage, the
    matcher's partners while it is open (with "Einladen" for who manages the team), invitations, similar."""
    project, user = visible_or_404(id), current_user
    covered, missing = service.coverage(project)
    manage = service.may_manage_team(project, user)
    recommendations = recommendations_for_project(id)
    found = similar.similar(project["title"], project["summary"], [n["id"] for n in project["needs"]],
                            project["fields"], exclude=id, user=user)
    timeline = service.timeline(id)
    return render_template(
        "ideas/detail.html", project=project, covered=covered, missing=missing, timeline=timeline,
        last_decision=service.last_decision(timeline), decision_words=TRANSITION_DONE_WORDS,
        transitions=service.allowed_transitions(project, user), transition_form=TransitionForm(),
        may_edit=service.may_change_now(project, user), may_join=service.may_join(project, user), manage=manage,
        recommendations=recommendations, invites=team.visible_invites(project, user), invite_form=InviteForm(),
        answer_form=AnswerForm(), similar=found,
        publication=opendata.publication("Project", id) if can_coordinate(user) else None,
        discussion=discussion.of_idea(project, user, request.args.get("kommentare", type=int)))


@bp.route("/<id>/status/<action>", methods=["POST"])
@login_required
def change_status(id, action):  # noqa: A002 - the URL's name for it
    """Make one transition of the state machine (refused with a clear message when not possible now)."""
    if action not in TRANSITION_ACTIONS:
        abort(404)
    project = visible_or_404(id)
    if not service.actor_kinds(project, current_user):
        abort(403)
    form = TransitionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        status = service.apply_transition(id, action, int(form.version.data), form.reason.data, current_user)
    except service.TransitionRefused as refused:
        flash(REFUSALS[refused.reason](), "error")
    else:
        flash(_("Neuer Status: %(status)s.", status=status_label(status)), "success")
    return redirect(url_for("ideas.detail", id=id), code=303)


@bp.route("/aehnliche")
def similar_json():
    """Similar ideas for the text being written (the live check): [{id, title, status, url, score}]."""
    title, summary = request.args.get("title", "")[:200], request.args.get("summary", "")[:2000]
    found = similar.similar(title, summary, request.args.getlist("needs")[:50], request.args.getlist("fields")[:20],
                            exclude=request.args.get("exclude") or None, user=current_user)
    return jsonify([{"id": f["id"], "title": f["title"], "status": f["status"], "score": f["score"],
                     "url": url_for("ideas.detail", id=f["id"])} for f in found])


@bp.route("/")
def index():
    """Ideas and projects by status, field, scale, partner (by name) and needed competencies (the shared
    picker), in one GET form that works without JavaScript; "Meine Ideen" (mine=1), "Projekte meines
    Partners" (my_partner=1). Without a status in the URL the list opens on the open ideas ("offen")."""
    args, user = request.args, current_user
    if "status" not in args and not args.get("mine") and not args.get("my_partner"):
        args = args.copy()
        args["status"] = "offen"
    my_partner = bool(args.get("my_partner")) and user.is_authenticated and bool(user.partner_id)
    if my_partner and not args.get("partner"):
        args = args.copy()
        args["partner"] = service.partner_name(user.partner_id) or ""
    form = IdeaFilter(args, field_choices())
    form.validate()
    filters = form.filters()
    competencies = [{"id": key, "label": label} for key, label in care.picked(args, FILTER_PICKER)]
    query, matches = care.picker_search(args, FILTER_PICKER)
    mine = user.id if args.get("mine") and user.is_authenticated else None
    rows = service.listing(status=filters.get("status"), field=filters.get("field"), scale=filters.get("scale"),
                           competencies=[c["id"] for c in competencies], partner=filters.get("partner"), mine=mine,
                           app_only=not (filters or competencies), user=user)
    return render_template("ideas/index.html", rows=rows, form=form, mine=bool(mine), my_partner=my_partner,
                           competencies=competencies, picker_name=FILTER_PICKER, query=query, matches=matches,
                           filtered=bool(filters or competencies),
                           open_invites=team.open_for_partner(getattr(user, "partner_id", None))
                           if user.is_authenticated else [])


@bp.route("/passend")
@login_required
def fitting():
    """Ideas that need what my partner can do: the matcher run backwards (open ideas where the partner
    ranks in the top ten), with the matcher's reasons."""
    partner_id = current_user.partner_id
    found = service.fitting_ideas(partner_id, current_user) if partner_id else []
    return render_template("ideas/fitting.html", found=found)


@bp.route("/ergebnisse")
@coordinator_required
def outcomes():
    """Did matching help? Recommended partners invited and joined, per month, and every record."""
    return render_template("ideas/outcomes.html", months=team.outcomes_by_month(), records=team.outcomes(),
                           **team.outcome_totals())

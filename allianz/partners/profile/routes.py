"""Partner self-service pages: edit the profile and competencies (picker), contact persons, and the
conflict page when someone saved in between. Members edit their own partner, coordinators every one."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import pages
from ...accounts.permissions import partner_editor_required
from ...competencies import service as care  # the picker (its search and labels)
from ...competencies.forms import SuggestCompetencyForm
from ...exceptions import VersionConflict
from ...fields.service import field_choices
from ...forms import ActionForm
from ...vocabulary import LEVELS
from .. import schema
from . import service
from .forms import ContactForm, PartnerProfileForm

bp = Blueprint("partner_edit", __name__, url_prefix="/partner")

PICKER = "competencies"  # the picker's field name


def chosen_competencies(form_data):
    """The competencies the form holds: [{id, label, level}] of those that exist, in the posted order."""
    return [{"id": key, "label": label, "level": service.level_of(form_data.get(f"level-{key}"))}
            for key, label in care.picked(form_data, PICKER)]


def render_edit(partner, form, competencies, status=200, query="", matches=None):
    """The edit page."""
    return render_template("partners/edit.html", partner=partner, form=form, competencies=competencies,
                           picker_name=PICKER, query=query, matches=matches, profile_fields=schema.EDITABLE,
                           suggest_form=SuggestCompetencyForm(), levels=LEVELS), status


@partner_editor_required
def edit_page(id):  # noqa: A002 - the URL's name for it
    """Edit description, website, district, fields and competencies; a conflict page when the
    version moved since the form was opened."""
    partner = service.editable(id)
    if partner is None:
        abort(404)
    if request.method == "GET":
        form = PartnerProfileForm(field_choices(), data={**partner, "version": partner["version"]})
        return render_edit(partner, form, partner["competencies"])
    form = PartnerProfileForm(field_choices())
    competencies = chosen_competencies(request.form)
    query, matches = care.picker_search(request.form, PICKER)
    if matches is not None:  # "Suchen" without JavaScript: show the matches, save nothing
        form.validate()
        return render_edit(partner, form, competencies, query=query, matches=matches)
    if not form.validate_on_submit():
        return render_edit(partner, form, competencies, status=400)
    mine = {**form.profile(), "fields": form.fields.data, "competencies": competencies}
    try:
        service.save(id, int(form.version.data), mine, actor_id=current_user.id)
    except VersionConflict:
        return conflict_page(id, form, mine)
    flash(_("Das Profil ist gespeichert."), "success")
    return redirect(url_for("partners.detail", id=id), code=303)


bp.add_url_rule("/<id>/bearbeiten", "edit", edit_page, methods=["GET", "POST"])


def conflict_page(partner_id, form, mine):
    """Both versions side by side, the fields that differ, and the choice to keep either."""
    current = service.editable(partner_id)
    labels = {**{field.name: field.label for field in schema.EDITABLE},
              "fields": _("Handlungsfelder"), "competencies": _("Kompetenzen")}
    def shown(profile):
        """The profile in the page's words: competencies by name with their level."""
        items = sorted(profile.get("competencies") or [], key=lambda c: c["id"])
        return {**service.comparable(profile), "competencies": ", ".join(
            _("%(name)s (Stufe %(level)s)", name=c.get("label") or c["id"], level=c.get("level") or 2) for c in items)}
    keep = {  # "keep mine" saves over the version now current
        "version": current["version"], **{key: mine[key] for key in service.PROFILE_FIELDS}, "fields": mine["fields"],
        PICKER: [item["id"] for item in mine["competencies"]],
        **{f"level-{item['id']}": item["level"] for item in mine["competencies"]}}
    here = url_for("partner_edit.edit", id=partner_id)
    return pages.conflict_page(form, _("Jemand hat das Profil inzwischen gespeichert"),
                               [(url_for("partners.detail", id=partner_id), current["name"])],
                               labels, shown(mine), shown(current), keep, here, here)


# -- contact persons -------------------------------------------------------------------------------------
def contact_data(form):
    """The contact form's values (only these go into the graph)."""
    return {key: getattr(form, key).data for key in service.CONTACT_FIELDS}


def render_contacts(partner, form=None, failed=None, status=200):
    """The contact persons page; `failed` is (contact id, form) of a save that did not validate."""
    failed_id, failed_form = failed or (None, None)
    forms = [(c, failed_form if c["id"] == failed_id else ContactForm(formdata=None, data=c))
             for c in service.contacts(partner["id"])]
    return render_template("partners/contacts.html", partner=partner, form=form or ContactForm(formdata=None),
                           forms=forms, action_form=ActionForm()), status


@bp.route("/<id>/kontakte", methods=["GET", "POST"])
@partner_editor_required
def contacts(id):  # noqa: A002 - the URL's name for it
    """The partner's contact persons: each with its form, and a form to add one."""
    partner = service.editable(id)
    if partner is None:
        abort(404)
    if request.method == "GET":
        return render_contacts(partner)
    form = ContactForm()
    if not form.validate_on_submit():
        return render_contacts(partner, form, status=400)
    service.add_contact(id, contact_data(form), actor_id=current_user.id)
    flash(_("Kontaktperson hinzugefügt."), "success")
    return redirect(url_for("partner_edit.contacts", id=id), code=303)


@bp.route("/<id>/kontakte/<contact_id>", methods=["POST"])
@partner_editor_required
def save_contact(id, contact_id):  # noqa: A002 - the URL's name for it
    """Save one contact person (version-checked: the conflict page when someone saved in between)."""
    found = service.contact(id, contact_id)
    if found is None:
        abort(404)
    form = ContactForm()
    if not form.validate_on_submit() or form.version.data is None:
        if form.version.data is None:
            form.version.data = found["version"]
        return render_contacts(service.editable(id), failed=(contact_id, form), status=400)
    mine = contact_data(form)
    try:
        service.save_contact(id, contact_id, int(form.version.data), mine, actor_id=current_user.id)
    except VersionConflict:
        return contact_conflict(id, contact_id, form, mine)
    flash(_("Kontaktperson gespeichert."), "success")
    return redirect(url_for("partner_edit.contacts", id=id), code=303)


def contact_conflict(partner_id, contact_id, form, mine):
    """A contact person saved in between: both versions side by side, keep either."""
    current = service.contact(partner_id, contact_id)
    labels = {key: getattr(form, key).label.text for key in service.CONTACT_FIELDS}
    shown = {"visible_to_members": lambda value: _("ja") if value else _("nein")}

    def text(values):
        return {key: shown[key](values.get(key)) if key in shown else values.get(key) for key in labels}
    partner, listing = service.editable(partner_id), url_for("partner_edit.contacts", id=partner_id)
    return pages.conflict_page(form, _("Jemand hat diese Kontaktperson inzwischen gespeichert"),
                               [(url_for("partners.detail", id=partner_id), partner["name"]),
                                (listing, _("Kontaktpersonen"))],
                               labels, text(mine), text(current), {"version": current["version"], **mine},
                               url_for("partner_edit.save_contact", id=partner_id, contact_id=contact_id), listing)


@bp.route("/<id>/kontakte/<contact_id>/loeschen", methods=["POST"])
@partner_editor_required
def delete_contact(id, contact_id):  # noqa: A002 - the URL's name for it
    """Remove one contact person."""
    if service.contact(id, contact_id) is None:
        abort(404)
    service.delete_contact(id, contact_id, actor_id=current_user.id)
    flash(_("Kontaktperson entfernt."), "success")
    return redirect(url_for("partner_edit.contacts", id=id), code=303)

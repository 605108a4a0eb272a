"""The nodes and edges the pictures are made of: ids, what a node shows (tooltip, side panel) and its colour.

Labels and tooltips are plain text; the browser draws them as text. Sizes are set by `visdata.package`
from the node's degree in the picture.
"""
from flask import url_for
from flask_babel import ngettext

from ..labels import competency_name, field_name, kind_label, role_label
from .style import COMMUNITY_BORDER, COMPETENCY_COLOR, SHAPES, kind_color, status_color
from .text import _, date_text, kind_text, status_text

DESCRIPTION_CHARS = 400


def partner_id(pid):
    """The node id of a partner."""
    return f"partner:{pid}"


def project_id(pid):
    """The node id of a project."""
    return f"project:{pid}"


def competency_id(cid):
    """The node id of a competency."""
    return f"competency:{cid}"


def community_id(number):
    """The node id of a community (a super-node)."""
    return f"community:{number}"


def short(text, limit=DESCRIPTION_CHARS):
    """`text` cut to `limit` characters (plain text, never HTML)."""
    text = (text or "").strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def partner_node(snap, pid, projects=None, **extra):
    """A partner as a dot coloured by kind, with its details for the side panel."""
    partner = snap.partners[pid]
    count = len(snap.projects_of.get(pid, ())) if projects is None else projects
    label = partner.get("short_name") or partner["name"]
    fields = [field_name(snap.fields[key]) for key in partner.get("fields") or () if key in snap.fields]
    node = {
        "id": partner_id(pid), "type": "partner", "ref": pid, "label": short(label, 40),
        "name": partner["name"], "kind": partner["kind"], "kind_label": kind_text(partner["kind"]),
        "projects": count, "color": kind_color(partner["kind"]), "shape": SHAPES["partner"],
        "linked": bool(snap.projects_of.get(pid)),
        "title": "\n".join(filter(None, [partner["name"], kind_text(partner["kind"]),
                                         _("%(count)s Projekte", count=count)])),
        "details": {
            "heading": partner["name"],
            "facts": [[_("Art"), kind_text(partner["kind"])],
                      [_("Projekte"), str(count)],
                      [_("Handlungsfelder"), ", ".join(fields) or "–"],
                      [_("Ort"), ", ".join(filter(None, [partner.get("district"), partner.get("country")])) or "–"]],
            "text": short(partner.get("description")),
            "links": [[_("Profil öffnen"), url_for("partners.detail", id=pid)],
                      [_("Nachbarschaft zeigen"), url_for("network.partner", id=pid)]],
        },
    }
    node.update(extra)
    return node


def project_node(snap, pid, **extra):
    """A project as a square coloured by status."""
    project = snap.projects[pid]
    team = len(snap.team.get(pid, ()))
    when = " – ".join(date_text(day) for day in filter(None, [project["started"], project["ended"]]))
    fields = [field_name(snap.fields[key]) for key in project["fields"] if key in snap.fields]
    node = {
        "id": project_id(pid), "type": "project", "ref": pid, "label": short(project["title"], 40),
        "name": project["title"], "status": project["status"], "kind_label": status_text(project["status"]),
        "projects": team, "color": status_color(project["status"]), "shape": SHAPES["project"], "linked": team > 0,
        "title": "\n".join(filter(None, [project["title"], status_text(project["status"]), when])),
        "details": {
            "heading": project["title"],
            "facts": [[_("Status"), status_text(project["status"])],
                      [_("Zeitraum"), when or "–"],
                      [_("Team"), str(team)],
                      [_("Handlungsfelder"), ", ".join(fields) or "–"]],
            "text": short(project.get("summary")),
            "links": [[_("Projekt öffnen"), url_for("projects.detail", id=pid)],
                      [_("Team und Umfeld zeigen"), url_for("network.project", id=pid)]],
        },
    }
    node.update(extra)
    return node


def community_node(group):
    """A community as one hexagon: size by members, colour of its most frequent kind; opens its members."""
    number, size = group["number"], group["size"]
    main_kind = max(group["kinds"], key=lambda kind: (group["kinds"][kind], kind)) if group["kinds"] else None
    mix = ", ".join(f"{kind_label(kind)} {count}" for kind, count in
                    sorted(group["kinds"].items(), key=lambda item: (-item[1], item[0])))
    core = ", ".join(group["core"])
    heading = _("Gemeinschaft %(number)s", number=number)
    return {
        "id": community_id(number), "type": "community", "ref": number,
        "label": short(f"{number}: {group['core'][0]}" if group["core"] else heading, 40), "name": heading,
        "kind": main_kind, "kind_label": str(_("Gemeinschaft")), "projects": size, "members": size,
        "color": {"background": kind_color(main_kind), "border": COMMUNITY_BORDER}, "weight": size,
        "borderWidth": 2, "shape": SHAPES["community"],
        "title": "\n".join([heading, ngettext("%(count)s Partner", "%(count)s Partner", size, count=size),
                            _("Kern: %(names)s", names=core)]),
        "details": {
            "heading": heading,
            "facts": [[_("Partner"), str(size)], [_("Kern (am stärksten vernetzt)"), core or "–"],
                      [_("Arten"), mix or "–"]],
            "text": "",
            "links": [[_("Gemeinschaft öffnen"), url_for("network.index", gemeinschaft=number)]],
        },
    }


def competency_node(snap, cid, holders, **extra):
    """A competency as a triangle."""
    competency = snap.competencies.get(cid, {"id": cid})
    name = competency_name(competency) or cid
    node = {
        "id": competency_id(cid), "type": "competency", "ref": cid, "label": short(name, 40), "name": name,
        "kind_label": str(_("Kompetenz")), "projects": holders, "color": COMPETENCY_COLOR, "linked": True,
        "shape": SHAPES["competency"],
        "title": "\n".join([name, ngettext("%(count)s Partner", "%(count)s Partner", holders, count=holders)]),
        "details": {
            "heading": name,
            "facts": [[_("Partner mit dieser Kompetenz"), str(holders)]],
            "text": "",
            "links": [[_("Kompetenz öffnen"), url_for("competencies.detail", id=cid)]],
        },
    }
    node.update(extra)
    return node


def shared_projects(weight):
    """An edge's tooltip between two partners."""
    return _("%(count)s gemeinsame Projekte", count=weight) if weight != 1 else _("1 gemeinsames Projekt")


def weighted_edges(weights, unit=shared_projects):
    """Edges for {(a, b): weight} between partners, thicker for more shared work."""
    edges, titles = [], {}  # one translation per distinct weight, not one per edge (thousands at scale)
    for (a, b), weight in weights.items():
        if weight not in titles:
            titles[weight] = unit(weight)
        edges.append({"from": partner_id(a), "to": partner_id(b), "value": weight, "width": min(1 + weight, 8),
                      "title": titles[weight]})
    return edges


def role_edge(project, member, role, heavy=3):
    """A participation: project–partner, thicker for the lead."""
    return {"from": partner_id(member), "to": project_id(project), "width": heavy if role == "lead" else 1,
            "value": 2 if role == "lead" else 1, "title": str(role_label(role))}

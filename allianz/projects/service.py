"""Read models of the project pages: the filtered, ordered list one page at a time, and one project with
its needs (covered by the team or not) and its team. Only those the viewer may see (allianz/visibility.py)."""
from .. import visibility
from ..db import query, query_one
from ..labels import competency_name
from ..listing import name_key
from ..vocabulary import OPEN_STATUSES, statuses_of
from . import queries


def count(status=None, field=None, q=None):
    """How many projects the list's filters leave (each filter None when unused; `status` one status or a
    group of them, vocabulary.STATUS_GROUPS)."""
    return query_one(queries.COUNT, statuses=statuses_of(status), field=field, q=q)["total"]


def page(sort, skip, limit, status=None, field=None, q=None):
    """One page of the filtered list in the order `sort` (a key of `queries.PAGE`)."""
    return query(queries.PAGE[sort], skip=skip, limit=limit, statuses=statuses_of(status), field=field, q=q)


def project(project_id, user):
    """{project, fields} of the project when `user` may see it (drafts written in the app only for their
    team), else None."""
    found = query_one(queries.PROJECT, id=project_id)
    if found is None or not visibility.may_see(project_id, user):
        return None
    return found


def is_idea(project):
    """True when the project's one page is the idea page (/ideen/<id>): written in the app, or still open."""
    return project.get("origin") == "app" or project["status"] in OPEN_STATUSES


def needs(project_id):
    """The project's needed competencies, by name, each with the team members that have it."""
    return sorted(query(queries.NEEDS, id=project_id),
                  key=lambda n: name_key(competency_name(n["competency"]) or n["competency"]["id"]))


def team(project_id):
    """The project's team, lead first."""
    return query(queries.TEAM, id=project_id)

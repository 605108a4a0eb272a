"""The start page's numbers and the health check: the read models behind `main.routes`."""
from .. import migrations
from ..db import get_graph, query_one
from ..exceptions import AllianzError
from ..fields.service import fields_with_counts
from ..vocabulary import HISTORY_STATUSES, OPEN_STATUSES
from . import queries


def overview():
    """The alliance at a glance: how many partners, projects (active or completed), open ideas everyone
    may see, competencies and fields of action there are."""
    return query_one(queries.OVERVIEW, project_statuses=list(HISTORY_STATUSES), idea_statuses=list(OPEN_STATUSES))


def fields():
    """The fields of action with their counts, by name in the UI language."""
    return fields_with_counts()


def health():
    """(body, healthy): the app answers; whether Neo4j is reachable, its version and edition, and the
    schema version. Without Neo4j the body names the error's type (never its text) and `healthy` is False."""
    graph = get_graph()
    body = {"app": "ok", "neo4j": {"reachable": False, "database": graph.database}, "schema_version": None}
    try:
        component = graph.ping()
        body["neo4j"].update(reachable=True, version=component.get("version"), edition=component.get("edition"))
        body["schema_version"] = migrations.schema_version(graph)
    except AllianzError as error:
        body["neo4j"]["error"] = type(error).__name__
        return body, False
    return body, True

"""Write a validated data set to the graph: batched `UNWIND`, one transaction, idempotent."""
from itertools import islice

from tqdm import tqdm

from . import queries
from .. import revision
from .reader import read_folder
from ..errors import ImportRejected


def graph_lookup(graph):
    """A reader lookup that finds ids the graph already holds."""
    def lookup(kind, ids):
        return {row["id"] for row in graph.query(queries.KNOWN_IDS[kind], ids=ids)}
    return lookup


def import_folder(graph, folder, replace=False, batch_size=5000, progress=False):
    """Validate `folder` completely, then write it and return the DataSet written (with its warnings).

    Raises ImportRejected, writing nothing, when any row has a problem.
    """
    lookup = (lambda _kind, _ids: set()) if replace else graph_lookup(graph)
    data, problems = read_folder(folder, lookup)
    if problems:
        raise ImportRejected([str(problem) for problem in problems])
    load(graph, data, replace=replace, batch_size=batch_size, progress=progress)
    return data


def steps_for(data):
    """The write statements of an import, in order, each with its rows."""
    teams = {}
    for row in data.participations:
        teams.setdefault(row["project_id"], []).append({"partner_id": row["partner_id"], "role": row["role"]})
    fields = [{"key": f["key"], "props": {"name_de": f["name_de"], "name_en": f["name_en"]}} for f in data.fields]
    competencies = [{"id": c["id"], "broader": c["broader"], "props": {"name": c["name"], "name_en": c["name_en"]}}
                    for c in data.competencies]
    partner_props = ("name", "kind", "short_name", "description", "website", "country", "district")
    partners = [{"id": p["id"], "fields": p["fields"], "competencies": p["competencies"],
                 "props": {key: p[key] for key in partner_props}} for p in data.partners]
    projects = [{"id": p["id"], "fields": p["fields"], "needs": p["needs"], "started": p["started"],
                 "ended": p["ended"], "props": {"title": p["title"], "status": p["status"], "summary": p["summary"]}}
                for p in data.projects]
    team_rows = [{"project_id": key, "team": team} for key, team in teams.items()]
    return [
        ("fields", queries.MERGE_FIELDS, fields),
        ("competencies", queries.MERGE_COMPETENCIES, competencies),
        ("broader competencies", queries.SET_BROADER, competencies),
        ("partners", queries.MERGE_PARTNERS, partners),
        ("partner fields", queries.SET_PARTNER_FIELDS, partners),
        ("partner competencies", queries.SET_PARTNER_COMPETENCIES, partners),
        ("projects", queries.MERGE_PROJECTS, projects),
        ("project fields", queries.SET_PROJECT_FIELDS, projects),
        ("project needs", queries.SET_PROJECT_NEEDS, projects),
        ("participations", queries.SET_TEAMS, team_rows),
    ]


def batches(rows, size):
    """`rows` in lists of at most `size`."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def load(graph, data, replace=False, batch_size=5000, progress=False):
    """Write `data` in one transaction (all or nothing); with `replace`, the domain graph is emptied first."""
    steps = steps_for(data)
    total = sum(len(rows) for _name, _cypher, rows in steps)
    with graph.transaction() as tx, tqdm(total=total, unit="rows", disable=None if progress else True,
                                         desc="import", leave=False) as bar:
        if replace:
            while tx.run(queries.DELETE_DOMAIN, limit=10000).single()["deleted"]:
                pass
        for name, cypher, rows in steps:
            bar.set_postfix_str(name)
            for batch in batches(rows, batch_size):
                tx.run(cypher, rows=batch).consume()
                bar.update(len(batch))
        revision.bump(tx)

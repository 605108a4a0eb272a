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
    data.kept = load(graph, data, replace=replace, batch_size=batch_size, progress=progress)
    return data


MERGE_STATEMENTS = (queries.MERGE_FIELDS, queries.MERGE_COMPETENCIES, queries.SET_BROADER, queries.MERGE_PARTNERS,
                    queries.SET_PARTNER_FIELDS, queries.SET_PARTNER_COMPETENCIES, queries.MERGE_PROJECTS,
                    queries.SET_PROJECT_FIELDS, queries.SET_PROJECT_NEEDS, queries.SET_TEAMS)
CREATE_STATEMENTS = (queries.CREATE_FIELDS, queries.CREATE_COMPETENCIES, queries.CREATE_BROADER,
                     queries.CREATE_PARTNERS, queries.CREATE_PARTNER_FIELDS, queries.CREATE_PARTNER_COMPETENCIES,
                     queries.CREATE_PROJECTS, queries.CREATE_PROJECT_FIELDS, queries.CREATE_PROJECT_NEEDS,
                     queries.CREATE_TEAMS)


def steps_for(data, empty=False):
    """The write statements of an import, in order, each with its rows.

    Into an empty domain graph nothing can match and nothing is stale, so plain CREATE does the
    same as the MERGE statements, faster.
    """
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
    names = ("fields", "competencies", "broader competencies", "partners", "partner fields", "partner competencies",
             "projects", "project fields", "project needs", "participations")
    rows = (fields, competencies, competencies, partners, partners, partners, projects, projects, projects, team_rows)
    statements = CREATE_STATEMENTS if empty else MERGE_STATEMENTS
    return list(zip(names, statements, rows))


def batches(rows, size):
    """`rows` in lists of at most `size`."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def domain_ids(data):
    """The ids of the nodes a data set brings, by kind (parameters of the replace statements)."""
    return {"partners": [p["id"] for p in data.partners], "projects": [p["id"] for p in data.projects],
            "competencies": [c["id"] for c in data.competencies], "fields": [f["key"] for f in data.fields]}


def replace_domain(tx, data):
    """Empty what the importer owns; keep the app's own data. Returns what was kept, by kind (non-zero).

    Without app data the whole domain graph goes (and the fast CREATE path follows); with it, only the
    importer's relationships and the domain nodes the folder lacks and the app does not hold.
    """
    if not tx.run(queries.HAS_APP_DATA).single()["found"]:
        while tx.run(queries.DELETE_DOMAIN, limit=10000).single()["deleted"]:
            pass
        return {}
    ids = domain_ids(data)
    while tx.run(queries.DELETE_DOMAIN_RELATIONSHIPS, limit=10000).single()["deleted"]:
        pass
    while tx.run(queries.DELETE_STALE_DOMAIN, limit=10000, **ids).single()["deleted"]:
        pass
    kept = tx.run(queries.KEPT_APP_DATA, **ids).single().data()
    return {name: count for name, count in kept.items() if count}


def load(graph, data, replace=False, batch_size=5000, progress=False):
    """Write `data` in one transaction (all or nothing); returns the app's data a replace kept.

    With `replace`, what the importer owns is emptied first (see `replace_domain`).
    """
    with graph.transaction() as tx:
        kept = replace_domain(tx, data) if replace else {}
        empty = not tx.run(queries.HAS_DOMAIN_DATA).single()["found"]
        steps = steps_for(data, empty=empty)
        write_steps(tx, steps, batch_size, progress)
        revision.bump(tx)
    return kept


def write_steps(tx, steps, batch_size, progress):
    """Run each step's statement over its rows in batches, with a progress bar on a terminal."""
    total = sum(len(rows) for _name, _cypher, rows in steps)
    with tqdm(total=total, unit="rows", disable=None if progress else True, desc="import", leave=False) as bar:
        for name, cypher, rows in steps:
            bar.set_postfix_str(name)
            for batch in batches(rows, batch_size):
                tx.run(cypher, rows=batch).consume()
                bar.update(len(batch))

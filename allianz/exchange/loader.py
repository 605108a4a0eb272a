"""Write a validated data set to the graph: batched `UNWIND`, one transaction, idempotent, locked, and sure
of its own outcome; or, when told and one transaction does not fit, in several (`load_in_batches`)."""
import time
import uuid
from itertools import islice
from pathlib import Path

from tqdm import tqdm

from .. import revision
from ..exceptions import (
    AllianzError,
    DatabaseUnavailable,
    ImportConflict,
    ImportIncomplete,
    ImportOutcomeUnknown,
    ImportRejected,
    ImportUndone,
    QueryFailed,
)
from ..partners import schema as partner_schema
from . import app_data, memory, queries
from .reader import read_folder

DELETE_BATCH = 1000  # stale nodes deleted per statement (each takes its relationships along)


def graph_lookup(graph):
    """A reader lookup that finds ids the graph already holds."""
    def lookup(kind, ids):
        return {row["id"] for row in graph.query(queries.KNOWN_IDS[kind], ids=ids)}
    return lookup


def import_folder(graph, folder, replace=False, batch_size=5000, progress=False, check_seconds=30.0,
                  overwrite_app_data=False, in_batches=False, report=None):
    """Validate `folder` completely, then write it and return the DataSet written (with its warnings).

    With `in_batches`, an import too large for one transaction is written in several (`load_in_batches`,
    not atomic; `report(message)` hears of each); one that fits is still written in one. Into a graph that holds no
    imported data yet, one too large for a transaction is written in several without being asked
    (`load_into_empty`: nothing can be half-replaced there, and if it stops, what it wrote is removed again).

    Raises ImportRejected, writing nothing, when any row has a problem or would overwrite the app's own data
    (`app_data`; unless `overwrite_app_data`, which audits each such change); ImportConflict when the graph
    changed (another import, an edit) while the folder was checked; ImportOutcomeUnknown when the
    connection broke and Neo4j could not be asked afterwards whether the import was committed.
    """
    lookup = (lambda _kind, _ids: set()) if replace else graph_lookup(graph)
    checked_at = revision.current(graph)
    data, problems = read_folder(folder, lookup)
    if problems:
        raise ImportRejected([str(problem) for problem in problems])
    met = app_data.met(graph, Path(folder), data)
    if met and not overwrite_app_data:
        raise ImportRejected(app_data.problems(met))
    before = app_data.snapshot(graph, met)
    report = report or (lambda _message: None)
    if in_batches:
        load_in_batches(graph, data, replace=replace, batch_size=batch_size, progress=progress,
                        expected_revision=checked_at, report=report)
    elif too_large_for_empty(graph, data):
        load_into_empty(graph, data, replace=replace, batch_size=batch_size, progress=progress,
                        expected_revision=checked_at, report=report)
    else:
        load(graph, data, replace=replace, batch_size=batch_size, progress=progress, expected_revision=checked_at,
             check_seconds=check_seconds)
    if before:
        app_data.audit_overwrites(graph, before)
    data.overwritten = len(before)
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
        teams.setdefault(row["project_id"], []).append({"id": row["partner_id"], "role": row["role"]})
    fields = [{"key": f["key"], "props": {"name_de": f["name_de"], "name_en": f["name_en"]}} for f in data.fields]
    competencies = [{"id": c["id"], "broader": c["broader"], "props": {"name": c["name"], "name_en": c["name_en"]}}
                    for c in data.competencies]
    partners = [{"id": p["id"], "fields": p["fields"], "competencies": p["competencies"],
                 "props": {key: p[key] for key in partner_schema.IMPORTED}} for p in data.partners]
    projects = [{"id": p["id"], "fields": p["fields"], "needs": p["needs"], "started": p["started"],
                 "ended": p["ended"], "props": {"title": p["title"], "status": p["status"], "summary": p["summary"]}}
                for p in data.projects]
    team_rows = [{"id": key, "team": team} for key, team in teams.items()]
    names = ("fields", "competencies", "broader competencies", "partners", "partner fields", "partner competencies",
             "projects", "project fields", "project needs", "participations")
    rows = (fields, competencies, competencies, partners, partners, partners, projects, projects, projects, team_rows)
    statements = CREATE_STATEMENTS if empty else MERGE_STATEMENTS
    return list(zip(names, statements, rows, strict=True))


def batches(rows, size):
    """`rows` in lists of at most `size`."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def load(graph, data, replace=False, batch_size=5000, progress=False, expected_revision=None, check_seconds=30.0):
    """Write `data` in one transaction (all or nothing); with `replace`, what the folder does not list goes
    (after the writes, so that they run over a graph without deletions in the transaction's state),
    except what the app holds (its own data is never the importer's); `data.kept` then tells what was kept.

    The transaction first takes the import lock (a second import waits) and, when `expected_revision`
    is given, refuses to go on if the graph changed since then. It records its run id; after a fault
    the graph is asked whether that id was committed before anything is reported.
    """
    run = uuid.uuid4().hex
    limit = memory.server_limit(graph)
    try:
        with graph.transaction() as tx:
            found = tx.run(queries.TAKE_IMPORT_LOCK, run=run).single()["revision"]
            if expected_revision is not None and found != expected_revision:
                raise ImportConflict(expected_revision, found)
            stored = stored_nodes(tx)
            stale = stale_nodes(data, stored) if replace else {}
            empty = not any(stored.values())
            steps = steps_for(data, empty=empty)
            memory.check(steps, stored, stale, limit)
            write_steps(tx, steps, batch_size, progress)
            if replace:
                data.kept = kept_app_data(tx, delete_stale(tx, stale, batch_size))
            revision.bump(tx, replaced=replace or empty)  # another data set: no cache shows the old one meanwhile
            tx.run(queries.RECORD_IMPORT, run=run).consume()
    except (DatabaseUnavailable, QueryFailed) as error:
        committed = was_committed(graph, run, check_seconds)
        if committed is None:
            raise ImportOutcomeUnknown(run, error) from error
        if not committed:
            raise
    return run


def load_in_batches(graph, data, replace=False, batch_size=5000, progress=False, expected_revision=None,
                    report=print):
    """Write `data` in as few transactions as fit the server's transaction memory, each estimated within
    `memory.batch_budget`: first the rows (fields, competencies, partners, projects, teams, in that order),
    then, with `replace`, the deletions, so that nothing is deleted before every row is written.

    Not atomic: after a fault the graph holds the transactions committed so far (ImportIncomplete says how
    many). Running the same import again completes it: every row is MERGEd by its id, and the stale nodes
    are worked out again from the graph. Each transaction takes the import lock and goes on only if the graph
    is still at the revision the previous one left (else ImportConflict before the first, ImportIncomplete
    after). An import that fits one transaction is written by `load`, atomically.
    """
    limit = memory.server_limit(graph)
    stored = graph.read(stored_nodes)
    stale = stale_nodes(data, stored) if replace else {}
    steps = steps_for(data, empty=not any(stored.values()))
    if limit is None or memory.needed(steps, stored, stale) <= limit[0]:
        report("the import fits one transaction: written in one (all or nothing)" if limit else
               "the server does not tell its transaction memory limit: written in one transaction (all or nothing)")
        return load(graph, data, replace=replace, batch_size=batch_size, progress=progress,
                    expected_revision=expected_revision)
    parts = split(steps, stale, stored, memory.batch_budget(limit[0]))
    report(f"the import is too large for one transaction ({limit[1]}): writing it in {len(parts)} transactions, "
           "rows first, deletions last (not atomic: if it stops, run the same import again to complete it)")
    run, held, at = uuid.uuid4().hex, 0, expected_revision
    for number, (writes, deletions) in enumerate(parts, 1):
        try:
            with graph.transaction() as tx:
                found = tx.run(queries.TAKE_IMPORT_LOCK, run=run).single()["revision"]
                if at is not None and found != at and number == 1:
                    raise ImportConflict(at, found)  # nothing written
                if at is not None and found != at:
                    raise ImportIncomplete(number, len(parts), f"the graph changed after transaction {number - 1} "
                                           f"(revision {at} → {found}: another import or an edit)")
                write_steps(tx, writes, batch_size, progress)
                held += delete_stale(tx, deletions, batch_size)
                if number == len(parts):
                    data.kept = kept_app_data(tx, held) if replace else {}
                    tx.run(queries.RECORD_IMPORT, run=run).consume()
                revision.bump(tx, replaced=True)  # another data set (in part): no cache shows the old one
        except (ImportConflict, ImportIncomplete):
            raise
        except AllianzError as error:
            raise ImportIncomplete(number, len(parts), error) from error
        at = found + 1
        report(f"transaction {number} of {len(parts)} committed: {describe(writes, deletions)}")
    return run


def too_large_for_empty(graph, data):
    """Whether the graph holds no imported data (no field, competency, partner or project) and `data` is estimated
    above the server's transaction memory limit."""
    limit = memory.server_limit(graph)
    if limit is None or not graph.query(queries.DOMAIN_EMPTY)[0]["empty"]:
        return False
    stored = {label: {} for label in queries.IMPORTED_LABELS}
    return memory.needed(steps_for(data, empty=True), stored, {}) > limit[0]


def load_into_empty(graph, data, replace=False, batch_size=5000, progress=False, expected_revision=None,
                    report=print):
    """Write `data`, too large for one transaction, into a graph without imported data in several
    (`load_in_batches`). If it stops (a fault, the graph changed between two transactions, the process
    interrupted), what the committed ones wrote is deleted again (`remove_written`), in batches, and `ImportUndone`
    says so: the graph is as empty as before, not half-imported. Only a process killed outright leaves part of it
    (then the plain import refuses, naming --in-batches, which completes it)."""
    report("the graph holds no data yet and the import is too large for one transaction: written in several; "
           "if it stops, what it wrote is removed again")
    try:
        return load_in_batches(graph, data, replace=replace, batch_size=batch_size, progress=progress,
                               expected_revision=expected_revision, report=report)
    except ImportConflict:
        raise   # before the first transaction: nothing written
    except BaseException as error:
        removed = remove_written(graph, data, batch_size)
        report(f"removed what the import had written: {removed:,} nodes")
        if isinstance(error, ImportIncomplete):
            raise ImportUndone(error.number, error.total, error.cause) from error
        raise


def remove_written(graph, data, batch_size=DELETE_BATCH):
    """Delete the nodes of an import into an empty graph (those with the ids `data` lists, unless the app holds them),
    a transaction per batch; the revision moves on as after a replace. Returns how many were deleted."""
    stored = graph.read(stored_nodes)
    listed = listed_ids(data)
    written = {label: [node for key, node in nodes.items() if key in listed[label]] for label, nodes in stored.items()}
    deleted = 0
    for label, nodes in written.items():
        for batch in batches(nodes, min(batch_size, DELETE_BATCH)):
            held = graph.write(lambda tx, batch=batch, label=label: delete_stale(tx, {label: batch}, len(batch)))
            deleted += len(batch) - held
    graph.write(lambda tx: revision.bump(tx, replaced=True))
    return deleted


def split(steps, stale, stored, budget):
    """The import's writes, then its deletions, as [(write steps, {label: stale nodes})], each part estimated
    (with the margin) within `budget` bytes; a part holds at least one row, and no part writes and deletes."""
    parts, writes, deletions, used = [], [], {}, 0

    def close():
        nonlocal writes, deletions, used
        if writes or deletions:
            parts.append((writes, deletions))
        writes, deletions, used = [], {}, 0

    for name, cypher, rows in steps:
        for row, cost in zip(rows, memory.row_costs(name, rows, stored), strict=True):
            if used and used + memory.MARGIN * cost > budget:
                close()
            if not writes or writes[-1][0] != name:
                writes.append((name, cypher, []))
            writes[-1][2].append(row)
            used += memory.MARGIN * cost
    close()
    for label, nodes in stale.items():
        for node in nodes:
            cost = memory.MARGIN * memory.deletion_cost(node)
            if used and used + cost > budget:
                close()
            deletions.setdefault(label, []).append(node)
            used += cost
    close()
    return parts


def describe(writes, deletions):
    """What one transaction of an import in batches wrote, e.g. '12,000 partners, 3,000 partner fields'."""
    done = [f"{len(rows):,} {name}" for name, _cypher, rows in writes]
    done += [f"deleted {len(nodes):,} {label} nodes (unless held by the app)" for label, nodes in deletions.items()]
    return ", ".join(done)


def stored_nodes(tx):
    """Per imported label, the ids the graph holds, each with its node's (element id, degree)."""
    return {label: {record["id"]: (record["node"], record["degree"]) for record in tx.run(queries.STORED_IDS[label])}
            for label in queries.IMPORTED_LABELS}


def stale_nodes(data, stored):
    """Per imported label, the nodes ((element id, degree)) of `stored` whose ids the folder does not list."""
    listed = listed_ids(data)
    return {label: [node for key, node in nodes.items() if key not in listed[label]] for label, nodes in stored.items()}


def listed_ids(data):
    """Per imported label, the ids (keys) the data set lists."""
    return {"Field": {row["key"] for row in data.fields}, "Competency": {row["id"] for row in data.competencies},
            "Partner": {row["id"] for row in data.partners}, "Project": {row["id"] for row in data.projects}}


def delete_stale(tx, stale, batch_size):
    """Delete, in batches found by element id, the nodes of `stale` ({label: [(element id, degree)]}) the app
    does not hold; returns how many of them it kept (held by the app)."""
    held = 0
    for label, nodes in stale.items():
        for batch in batches(nodes, min(batch_size, DELETE_BATCH)):
            found = tx.run(queries.DELETE_STALE[label], nodes=[node for node, _degree in batch]).single()
            held += len(batch) - found["deleted"]
    return held


def kept_app_data(tx, held):
    """The app's own data a replace kept, by kind (only the kinds that are there)."""
    kept = tx.run(queries.KEPT_APP_DATA).single().data()
    kept["held domain nodes"] = held
    return {name: count for name, count in kept.items() if count}


def was_committed(graph, run, seconds):
    """Ask the graph whether import `run` was committed: True, False, or None when it cannot be reached
    within `seconds` (asked again every second)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return graph.query(queries.WAS_COMMITTED, run=run)[0]["committed"]
        except DatabaseUnavailable:
            if time.monotonic() >= deadline:
                return None
            time.sleep(1)


def write_steps(tx, steps, batch_size, progress):
    """Run each step's statement over its rows in batches, with a progress bar on a terminal."""
    total = sum(len(rows) for _name, _cypher, rows in steps)
    with tqdm(total=total, unit="rows", disable=None if progress else True, desc="import", leave=False) as bar:
        for name, cypher, rows in steps:
            bar.set_postfix_str(name)
            for batch in batches(rows, batch_size):
                tx.run(cypher, rows=batch).consume()
                bar.update(len(batch))

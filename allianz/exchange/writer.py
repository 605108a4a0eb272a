"""Export the graph as an exchange folder (the same five files an import reads)."""
import csv
from pathlib import Path

from .. import db
from ..ideas.team.service import OUTCOME_COLUMNS, outcome_rows
from . import queries
from .cells import for_spreadsheet
from .format import FILES, LIST_SEPARATOR, columns

EXPORTS = {
    "fields.csv": queries.EXPORT_FIELDS,
    "competencies.csv": queries.EXPORT_COMPETENCIES,
    "partners.csv": queries.EXPORT_PARTNERS,
    "projects.csv": queries.EXPORT_PROJECTS,
    "participations.csv": queries.EXPORT_PARTICIPATIONS,
}


def read_rows(tx, name):
    """Transaction function part: the rows of exchange file `name` (a key of `format.FILES`), as `export_folder`
    writes them, read inside the caller's transaction."""
    return db.rows(tx, EXPORTS[name], {})


def cell(value):
    """One CSV cell: lists joined with `;`, nothing as empty, a would-be formula marked as text."""
    if value is None:
        return ""
    if isinstance(value, list):
        return for_spreadsheet(LIST_SEPARATOR.join(str(item) for item in value))
    return for_spreadsheet(str(value))


def write_file(handle, name, rows):
    """Write exchange file `name` (a key of `format.FILES`) to the text `handle`: its header, then one line per
    row of `rows` (dicts; a node's properties may come as `properties`, of which only the file's columns count)."""
    header = columns(name)
    writer = csv.writer(handle)
    writer.writerow(header)
    for row in rows:
        values = {**row.get("properties", {}), **{k: v for k, v in row.items() if k != "properties"}}
        writer.writerow([cell(values.get(column)) for column in header])


def export_folder(graph, folder):
    """Write the graph's partners, projects, competencies, fields and participations to `folder`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in FILES:
        rows = graph.query(EXPORTS[name])
        with open(folder / name, "w", encoding="utf-8", newline="") as handle:
            write_file(handle, name, rows)
        counts[name.removesuffix(".csv")] = len(rows)
    outcomes = write_outcomes(graph, folder)
    if outcomes:
        counts["outcomes"] = outcomes
    return counts


def write_outcomes(graph, folder):
    """The optional `outcomes.csv` (the importer ignores it): each invitation that came from a
    recommendation and whether the partner joined; only written when there is one. Returns the rows."""
    rows = outcome_rows(graph)
    if not rows:
        return 0
    with open(Path(folder) / "outcomes.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(OUTCOME_COLUMNS)
        for row in rows:
            writer.writerow([str(row[c]).lower() if isinstance(row[c], bool) else cell(row[c])
                             for c in OUTCOME_COLUMNS])
    return len(rows)

"""Export the graph as an exchange folder (the same five files an import reads)."""
import csv
from pathlib import Path

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


def cell(value):
    """One CSV cell: lists joined with `;`, nothing as empty, a would-be formula marked as text."""
    if value is None:
        return ""
    if isinstance(value, list):
        return for_spreadsheet(LIST_SEPARATOR.join(str(item) for item in value))
    return for_spreadsheet(str(value))


def export_folder(graph, folder):
    """Write the graph's partners, projects, competencies, fields and participations to `folder`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in FILES:
        rows = graph.query(EXPORTS[name])
        header = columns(name)
        with open(folder / name, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow([cell(row.get(column)) for column in header])
        counts[name.removesuffix(".csv")] = len(rows)
    return counts

"""An import meets the app's own data: partners and ideas created in Allianz, and partners and projects whose
imported properties or team were changed in it (a profile edit, an accepted suggestion, an idea's edit,
status or team). A plain import would overwrite them silently, so it refuses, naming file and line, unless
told `overwrite_app_data`; then each overwritten node gets an audit event with what it was and what it is.
"""
import csv

from .. import writes
from . import queries

# Audited app changes that alter what an import writes (profile, competencies, an idea's fields, status, team).
CHANGES = ("partner.create", "partner.edit", "competency.suggestion", "idea.create", "idea.edit", "idea.submit",
           "idea.accept", "idea.request_changes", "idea.reject", "idea.withdraw", "idea.complete",
           "idea.invite_answer")
WHAT = {"Partner": "partner", "Project": "project"}


def csv_lines(path, column):
    """{value of `column`: its first line} of a CSV file (line 1 is the header), {} when there is no file."""
    if not path.exists():
        return {}
    lines = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            lines.setdefault((row.get(column) or "").strip(), reader.line_num)
    return lines


def met(graph, folder, data):
    """[{file, line, label, id, created}] of the folder's rows that would overwrite the app's own data."""
    wanted = [("partners.csv", "id", "Partner", [p["id"] for p in data.partners]),
              ("projects.csv", "id", "Project", [p["id"] for p in data.projects]),
              ("participations.csv", "project_id", "Project",
               sorted({row["project_id"] for row in data.participations} - {p["id"] for p in data.projects}))]
    found = []
    for file, column, label, ids in wanted:
        if not ids:
            continue
        rows = graph.query(queries.APP_DATA[label], ids=ids, actions=list(CHANGES))
        if not rows:
            continue
        lines = csv_lines(folder / file, column)
        found.extend({"file": file, "line": lines.get(row["id"], 0), "label": label, "id": row["id"],
                      "created": row["created"]} for row in rows)
    return sorted(found, key=lambda item: (item["file"], item["line"]))


def problems(found):
    """The refusal, one `file:line: reason` per row."""
    return [f"{item['file']}:{item['line']}: {WHAT[item['label']]} '{item['id']}' was "
            f"{'created' if item['created'] else 'changed'} in Allianz; the import would overwrite it "
            "(run it with --overwrite-app-data to do so, each change audited)" for item in found]


def snapshot(graph, found):
    """{(label, id): the node's properties and team} before the import overwrites them."""
    return {(item["label"], item["id"]): graph.query(queries.APP_DATA_STATE[item["label"]], id=item["id"])[0]["state"]
            for item in found}


def audit_overwrites(graph, before):
    """One audit event per overwritten node (`import.overwrite`, via the command line): before and after."""
    def work(tx):
        for (label, node_id), old in before.items():
            new = tx.run(queries.APP_DATA_STATE[label], id=node_id).single()["state"]
            writes.record(tx, None, "import.overwrite", label, node_id, old, new, via="cli")
    graph.write(work)

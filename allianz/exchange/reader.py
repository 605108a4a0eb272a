"""Read an exchange folder and validate all of it before anything is written.

`read_folder` returns the normalised data set and the list of problems, each as
`file:line: reason` (line 1 is the header). Nothing here touches the graph: ids that the folder
references but does not define are checked against the graph through a `lookup` callback.
"""
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..partners import schema as partner_schema
from ..text import character_name
from .cells import escaped, from_spreadsheet, id_problem, refused_character
from .format import FILES, LEVELS, LIST_SEPARATOR, REQUIRED_FILES, ROLES, STATUSES

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Texts of the other files (a partner's are checked as the partner schema declares them).
MAX_TEXT = {"name": 300, "title": 300, "summary": 5000}


@dataclass(frozen=True)
class Problem:
    """One reason an import cannot go ahead."""

    file: str
    line: int
    reason: str

    def __str__(self):
        return escaped(f"{self.file}:{self.line}: {self.reason}")


@dataclass
class DataSet:
    """A validated folder: plain rows per file, ready to be written."""

    fields: list = field(default_factory=list)
    competencies: list = field(default_factory=list)
    partners: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    participations: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    kept: dict = field(default_factory=dict)  # the app's own data an import with --replace kept
    overwritten: int = 0  # nodes of the app's own data overwritten (only with overwrite_app_data), each audited

    def counts(self):
        """Rows per file."""
        return {"fields": len(self.fields), "competencies": len(self.competencies), "partners": len(self.partners),
                "projects": len(self.projects), "participations": len(self.participations)}


def no_lookup(_kind, _ids):
    """A lookup that knows no id outside the folder."""
    return set()


def read_folder(folder, lookup=no_lookup):
    """Read and validate the exchange folder `folder`; return (DataSet, problems)."""
    folder = Path(folder)
    problems = []
    if not folder.is_dir():
        return DataSet(), [Problem(str(folder), 0, "not a folder")]
    tables = {}
    for name in FILES:
        path = folder / name
        if not path.exists():
            if name in REQUIRED_FILES:
                problems.append(Problem(name, 0, "file missing (it is required)"))
            tables[name] = []
            continue
        tables[name] = read_table(path, problems)
    warnings = []
    checker = Checker(problems, lookup, warnings)
    data = DataSet(warnings=warnings,
        fields=checker.fields(tables["fields.csv"]),
        competencies=checker.competencies(tables["competencies.csv"]),
        partners=checker.partners(tables["partners.csv"]),
        projects=checker.projects(tables["projects.csv"]),
    )
    data.participations = checker.participations(tables["participations.csv"])
    checker.resolve_references()
    order = {name: index for index, name in enumerate(FILES)}
    problems.sort(key=lambda problem: (order.get(problem.file, -1), problem.line))
    return data, problems


def read_table(path, problems):
    """Rows of one CSV file as (line, dict) pairs; encoding, quoting and header problems are reported."""
    name = path.name
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        problems.append(Problem(name, line, f"not UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8"))
        return []
    if "\x00" in text:
        problems.append(Problem(name, text.count("\n", 0, text.index("\x00")) + 1, "contains a NUL character"))
        return []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        problems.append(Problem(name, 1, f"malformed CSV header ({error})"))
        return []
    if not header or not any(cell.strip() for cell in header):
        problems.append(Problem(name, 1, "empty file: a header row is expected"))
        return []
    header = [cell.strip(" ") for cell in header]
    if not header_fits(name, header, problems):
        return []
    rows = []
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(name, start, f"malformed CSV ({error})"))
            return []
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are allowed
        if len(cells) > len(header):
            problems.append(Problem(name, start, f"{len(cells)} cells but the header has {len(header)} columns"))
            continue
        rows.append((start, {column: cell_value(name, start, column, cells[index], problems) if index < len(cells)
                             else "" for index, column in enumerate(header)}))
    return rows


def header_fits(name, header, problems):
    """Whether the header of file `name` has every required column and none twice (else a problem)."""
    required, _optional = FILES[name]
    missing = [column for column in required if column not in header]
    if missing:
        problems.append(Problem(name, 1, "missing column " + ", ".join(f"'{column}'" for column in missing)))
        return False
    seen = set()
    for column in header:
        if column and column in seen:
            problems.append(Problem(name, 1, f"column '{column}' appears twice"))
            return False
        seen.add(column)
    return True


def cell_value(file, line, column, raw, problems):
    """One cell's value: spaces around it removed (tabs kept), the spreadsheet text mark undone; a
    control, DEL, C1 or bidi character is a problem (the value is kept, so its id still counts)."""
    value = raw.strip(" ")
    refused = refused_character(value, column)
    if refused:
        problems.append(Problem(file, line, f"'{column}' contains the character {character_name(refused)} "
                                            f"at position {value.index(refused) + 1}: '{value[:80]}'"))
    return from_spreadsheet(value)


def split_list(value):
    """The items of a `;`-separated cell, without empties."""
    return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]


class Checker:
    """Checks rows file by file and collects every reference to resolve at the end."""

    def __init__(self, problems, lookup, warnings):
        self.problems = problems
        self.warnings = warnings
        self.lookup = lookup
        self.defined = {"field": set(), "competency": set(), "partner": set(), "project": set()}
        self.references = []  # (kind, id, file, line, what)

    def problem(self, file, line, reason):
        """Record one problem."""
        self.problems.append(Problem(file, line, reason))

    def required(self, file, line, row, columns):
        """Report empty required values; True when all are there."""
        ok = True
        for column in columns:
            if not row.get(column):
                self.problem(file, line, f"'{column}' is empty")
                ok = False
        return ok

    def unique(self, file, line, kind, key, first_lines):
        """Report a second row with the same id; True when `key` is new."""
        if key in first_lines:
            self.problem(file, line, f"duplicate id '{key}' (first on line {first_lines[key]})")
            return False
        first_lines[key] = line
        self.defined[kind].add(key)
        return True

    def identified(self, file, line, row, column, kind, first_lines):
        """Check the row's id: present and new. A row with other problems still defines its id, so
        that references to it do not add follow-up errors."""
        if not self.required(file, line, row, (column,)):
            return False
        new = self.unique(file, line, kind, row[column], first_lines)
        reason = id_problem(row[column])
        if reason:
            self.problem(file, line, f"id '{row[column]}' {reason}")
        return new

    def lengths(self, file, line, row):
        """Report texts longer than the format allows."""
        for column, limit in MAX_TEXT.items():
            if len(row.get(column, "")) > limit:
                self.problem(file, line, f"'{column}' is longer than {limit} characters")

    def refer(self, kind, key, file, line, what):
        """Remember that `file:line` refers to `key` of `kind`."""
        self.references.append((kind, key, file, line, what))

    def date(self, file, line, row, column):
        """The ISO date in `column`, None when empty; a problem when malformed."""
        value = row.get(column, "")
        if not value:
            return None
        try:
            if not ISO_DATE.match(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.problem(file, line, f"'{column}' is not a date of the form YYYY-MM-DD: '{value}'")
            return None

    def fields(self, rows):
        """Validated rows of fields.csv."""
        out, first = [], {}
        for line, row in rows:
            if self.identified("fields.csv", line, row, "key", "field", first) and \
                    self.required("fields.csv", line, row, ("name_de",)):
                out.append({"key": row["key"], "name_de": row["name_de"], "name_en": row.get("name_en") or None})
        return out

    def competencies(self, rows):
        """Validated rows of competencies.csv (broader references checked at the end)."""
        out, first = [], {}
        for line, row in rows:
            if not self.identified("competencies.csv", line, row, "id", "competency", first):
                continue
            if not row["name"]:  # real vocabularies have gaps: show the id instead of refusing the file
                self.warnings.append(Problem("competencies.csv", line, f"'name' is empty; '{row['id']}' is shown"))
            self.lengths("competencies.csv", line, row)
            broader = row.get("broader") or None
            if broader == row["id"]:
                self.problem("competencies.csv", line, f"competency '{broader}' cannot be broader than itself")
                broader = None
            elif broader:
                self.refer("competency", broader, "competencies.csv", line, "broader competency")
            out.append({"id": row["id"], "name": row["name"] or None, "name_en": row.get("name_en") or None,
                        "broader": broader, "_line": line})
        self.broader_cycles(out)
        return out

    def broader_cycles(self, competencies):
        """Report competencies whose chain of broader ones comes back to themselves."""
        parent = {item["id"]: item["broader"] for item in competencies}
        for item in competencies:
            seen, current = set(), item["id"]
            while current in parent and parent[current]:
                if current in seen:
                    self.problem("competencies.csv", item["_line"],
                                 f"the broader chain of '{item['id']}' runs in a circle")
                    break
                seen.add(current)
                current = parent[current]
        for item in competencies:
            del item["_line"]

    def partner_properties(self, file, line, row):
        """A partner's properties as the partner schema declares them: lengths first, then each property's
        check (which may turn the text into a value); empty ones are None."""
        properties = {}
        for spec in partner_schema.FIELDS:
            if spec.exported and spec.max_length and len(row.get(spec.name, "")) > spec.max_length:
                self.problem(file, line, f"'{spec.name}' is longer than {spec.max_length} characters")
        for name in partner_schema.IMPORTED:
            spec, text = partner_schema.BY_NAME[name], row.get(name, "")
            properties[name] = text or None
            if text and spec.check:
                try:
                    properties[name] = spec.check(name, text)
                except partner_schema.Refused as refused:
                    self.problem(file, line, refused.reason)
        return properties

    def partners(self, rows):
        """Validated rows of partners.csv."""
        file, out, first = "partners.csv", [], {}
        required = tuple(name for name in partner_schema.REQUIRED_COLUMNS if name != "id")
        for line, row in rows:
            if not self.identified(file, line, row, "id", "partner", first) or \
                    not self.required(file, line, row, required):
                continue
            properties = self.partner_properties(file, line, row)
            fields = split_list(row.get("fields", ""))
            for key in fields:
                self.refer("field", key, file, line, "field")
            competencies = []
            for item in split_list(row.get("competencies", "")):
                key, _, level_text = item.partition(":")
                key, level = key.strip(), None
                if level_text.strip():
                    try:
                        level = int(level_text)
                        if level not in LEVELS:
                            raise ValueError
                    except ValueError:
                        self.problem(file, line, f"competency level must be 1, 2 or 3: '{item}'")
                        continue
                self.refer("competency", key, file, line, "competency")
                competencies.append({"id": key, "level": level})
            out.append({"id": row["id"], **properties,
                        "fields": sorted(set(fields)), "competencies": dedupe_by_id(competencies)})
        return out

    def projects(self, rows):
        """Validated rows of projects.csv."""
        file, out, first = "projects.csv", [], {}
        for line, row in rows:
            if not self.identified(file, line, row, "id", "project", first) or \
                    not self.required(file, line, row, ("title", "status")):
                continue
            self.lengths(file, line, row)
            if row["status"] not in STATUSES:
                self.problem(file, line, f"unknown status '{row['status']}' (allowed: {', '.join(STATUSES)})")
            started = self.date(file, line, row, "started")
            ended = self.date(file, line, row, "ended")
            if started and ended and ended < started:
                self.problem(file, line, f"'ended' ({ended}) is before 'started' ({started})")
            fields = split_list(row.get("fields", ""))
            needs = split_list(row.get("needs", ""))
            for key in fields:
                self.refer("field", key, file, line, "field")
            for key in needs:
                self.refer("competency", key, file, line, "needed competency")
            out.append({"id": row["id"], "title": row["title"], "status": row["status"],
                        "summary": row.get("summary") or None, "fields": sorted(set(fields)),
                        "needs": sorted(set(needs)),
                        "started": started.isoformat() if started else None,
                        "ended": ended.isoformat() if ended else None})
        return out

    def participations(self, rows):
        """Validated rows of participations.csv."""
        file, out, first = "participations.csv", [], {}
        for line, row in rows:
            if not self.required(file, line, row, ("project_id", "partner_id")):
                continue
            role = row.get("role") or "partner"
            if role not in ROLES:
                self.problem(file, line, f"unknown role '{role}' (allowed: lead, partner)")
                continue
            pair = (row["project_id"], row["partner_id"])
            if pair in first:
                self.problem(file, line, f"partner '{pair[1]}' is listed twice for project '{pair[0]}' "
                                         f"(first on line {first[pair]})")
                continue
            first[pair] = line
            self.refer("project", row["project_id"], file, line, "project")
            self.refer("partner", row["partner_id"], file, line, "partner")
            out.append({"project_id": row["project_id"], "partner_id": row["partner_id"], "role": role})
        return out

    def resolve_references(self):
        """Report references to ids that neither the folder nor the graph defines."""
        wanted = {}
        for kind, key, *_ in self.references:
            if key not in self.defined[kind]:
                wanted.setdefault(kind, set()).add(key)
        known = {kind: set(self.lookup(kind, sorted(keys))) for kind, keys in wanted.items()}
        for kind, key, file, line, what in self.references:
            if key not in self.defined[kind] and key not in known.get(kind, set()):
                self.problem(file, line, f"unknown {what} '{key}'")


def dedupe_by_id(items):
    """Items with distinct ids (the last one wins), sorted by id."""
    return sorted({item["id"]: item for item in items}.values(), key=lambda item: item["id"])

"""Helpers for tests of the exchange format: write small folders, read CSV files back."""
import csv
from pathlib import Path

VALID = {
    "fields.csv": "key,name_de,name_en\nmobilitaet,Mobilität,Mobility\numwelt,Umwelt,Environment\n",
    "competencies.csv": "id,name,name_en,broader\ndaten,Daten,Data,\ndaten-offen,Offene Daten,Open data,daten\n",
    "partners.csv": (
        "id,name,kind,short_name,description,website,country,district,fields,competencies\n"
        "a,Alpha GmbH,company,Alpha,\"Baut Sensoren, seit 1990\",https://alpha.example,DE,Nord,mobilitaet,daten-offen:3\n"
        "b,Beta e.V.,civil_society,,,,DE,,umwelt;mobilitaet,\n"
        "c,Hochschule Gamma,science,HSG,,,,,,daten:2;daten-offen\n"
    ),
    "projects.csv": (
        "id,title,status,summary,fields,needs,started,ended\n"
        "x,Sensornetz,completed,Ein Netz,umwelt,daten-offen,2020-01-01,2021-06-30\n"
        "y,Open-Data-Portal,idea,,verwaltung_missing_placeholder,,,\n"
    ).replace("verwaltung_missing_placeholder", "mobilitaet"),
    "participations.csv": "project_id,partner_id,role\nx,a,lead\nx,b,partner\ny,c,lead\n",
}


def write_folder(folder, files=None, **overrides):
    """Write an exchange folder: the VALID files, with `overrides` (file stem -> text, None to leave out)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    content = dict(VALID if files is None else files)
    for stem, text in overrides.items():
        name = f"{stem}.csv"
        if text is None:
            content.pop(name, None)
        else:
            content[name] = text
    for name, text in content.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (folder / name).write_bytes(data)
    return folder


def read_rows(path):
    """The rows of a CSV file as dicts."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def normalised(folder):
    """Every file of an exchange folder as a set of rows, lists sorted and empty cells dropped."""
    lists = {"fields", "needs", "competencies"}
    out = {}
    for path in sorted(Path(folder).glob("*.csv")):
        rows = set()
        for row in read_rows(path):
            cells = []
            for key, value in row.items():
                value = (value or "").strip()
                if key in lists:
                    value = ";".join(sorted(item for item in value.split(";") if item))
                if value:
                    cells.append((key, value))
            rows.add(tuple(sorted(cells)))
        out[path.name] = rows
    return out

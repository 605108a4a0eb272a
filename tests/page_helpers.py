"""Helpers for the page tests: the demo's rows, small alliances written as exchange folders, HTML bits."""
import csv
import re
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "allianz" / "demo"


def demo_rows(name):
    """The rows of one demo CSV file as dicts."""
    with open(DEMO / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_alliance(folder, **tables):
    """Write an exchange folder: each keyword is a file stem, its value a list of row dicts."""
    for stem, rows in tables.items():
        with open(Path(folder) / f"{stem}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return folder


def html(response):
    """The page's HTML, after checking it answered 200."""
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def table_body(page, index=0):
    """The HTML inside the `index`-th <tbody> of the page."""
    return re.findall(r"<tbody>(.*?)</tbody>", page, re.S)[index]


def pick(page, name, term):
    """Choose the first match for `term` in the picker `name` (templates/_picker.html), by keyboard only;
    returns its label."""
    page.locator(f"#{name}-q").focus()
    page.keyboard.type(term)
    page.wait_for_selector(f"#{name}-listbox [role='option']")
    page.keyboard.press("ArrowDown")
    label = page.inner_text(f"#{name}-option-0")
    page.keyboard.press("Enter")
    return label

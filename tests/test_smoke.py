"""The app answers on the demo alliance with its real figures (counted from the demo's own CSV files)."""
import csv
import re

from conftest import DEMO_DIR


def rows(name):
    """The rows of one demo CSV file."""
    with open(DEMO_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_start_page_counts_the_demo_alliance(demo_client):
    page = demo_client.get("/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    figures = dict((label, int(number)) for number, label in
                   re.findall(r'<strong>(\d+)</strong> ([^<]+)</a>', text))
    projects = rows("projects.csv")
    assert figures == {"Partner": len(rows("partners.csv")),
                       "Projekte": sum(1 for p in projects if p["status"] in ("active", "completed")),
                       "offene Ideen": sum(1 for p in projects if p["status"] in ("idea", "submitted")),
                       "Kompetenzen": len(rows("competencies.csv"))}
    assert figures["Partner"] == 38

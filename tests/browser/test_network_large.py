"""The alliance picture of a graph shaped like the CORDIS network (a few hubs with hundreds of projects, a
long tail with one or two), in Debian's Chromium: no two drawn labels overlap in the default view, the most
central partner whose label has room is labelled, and every drawn node sits inside the frame."""
import random

import pytest
from test_network_usability import STILL, WHERE, labels, most_central_with_room, overlapping

from allianz import create_app
from allianz.exchange.loader import import_folder
from allianz.vocabulary import KINDS

from conftest import clear, served, test_settings
from exchange_helpers import write_folder

pytestmark = pytest.mark.browser
PARTNERS, PROJECTS = 1500, 900


def cordis_shaped(folder):
    """An exchange folder: projects of 3–9 partners drawn by preferential attachment (heavy-tailed degrees)."""
    rng = random.Random(14)
    partners = [f"org{n:04d}" for n in range(PARTNERS)]
    weights = [1.0] * PARTNERS
    participations, projects = [], []
    for number in range(PROJECTS):
        team = set()
        while len(team) < rng.randint(3, 9):
            team.add(rng.choices(range(PARTNERS), weights)[0])
        for position, member in enumerate(sorted(team)):
            weights[member] += 1.0
            participations.append(f"p{number:04d},{partners[member]},{'lead' if position == 0 else 'partner'}")
        projects.append(f"p{number:04d},Projekt {number},completed,,umwelt,,{2014 + number % 4}-01-01,2019-12-31")
    rows = [f"{key},Organisation {n} {rng.choice(['Forschung', 'Energie', 'Daten', 'Verkehr'])},{KINDS[n % 7]},,,,DE,,,"
            for n, key in enumerate(partners)]
    return write_folder(folder, **{
        "partners": ("id,name,kind,short_name,description,website,country,district,fields,competencies\n"
                     + "\n".join(rows) + "\n"),
        "projects": "id,title,status,summary,fields,needs,started,ended\n" + "\n".join(projects) + "\n",
        "participations": "project_id,partner_id,role\n" + "\n".join(participations) + "\n"})


@pytest.fixture(scope="module")
def large_site(neo4j_server, tmp_path_factory):
    """The app on the CORDIS-shaped graph, served on a free local port."""
    clear(neo4j_server)
    import_folder(neo4j_server, cordis_shaped(tmp_path_factory.mktemp("cordis-shaped")), replace=True)
    with served(create_app(test_settings())) as url:
        yield url


def test_the_large_alliance_picture_draws_no_overlapping_labels(browser, large_site):
    context = browser.new_context(base_url=large_site, viewport={"width": 1366, "height": 768}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(120000)
    page.goto("/netzwerk/")
    page.wait_for_selector(STILL)  # the "wird berechnet" page reloads itself until the picture is there
    data = page.request.get(page.get_attribute("#netzwerk-bild", "data-src")).json()
    boxes = labels(page)
    assert len(data["nodes"]) >= 100 and len(boxes) >= 10
    assert overlapping(boxes) == []
    assert most_central_with_room(page, data)["id"] in {box["id"] for box in boxes}
    where = page.evaluate(WHERE)  # asks the picture where it drew each node (hence bypass_csp)
    assert [key for key, p in where["nodes"].items()
            if not (0 <= p["x"] <= where["width"] and 0 <= p["y"] <= where["height"])] == []
    context.close()

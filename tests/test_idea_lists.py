"""The idea list: one GET filter form (status, field, scale, partner by name, needed competencies with the
shared picker) that works without JavaScript; "Meine Ideen", "Projekte meines Partners", and the ideas
that need what my partner can do (the matcher run backwards, with its reasons)."""
import re

import pytest

from idea_helpers import IDEA_WORLD, act, propose


@pytest.fixture
def world(login_as, actors, graph):
    """The small alliance; Anna's submitted idea (Partner A leads) and Bert's draft (Partner B leads)."""
    graph.execute(IDEA_WORLD)
    anna, bert = login_as("member_a"), login_as("member_b")
    sensors = propose(anna)
    act(anna, graph, sensors, "submit")
    draft = propose(bert, title="Offene Bänke im Stadtteil", needs=["beteiligung"], fields=[], scale="stadtteil",
                    summary="Bänke mit Sensoren zählen, wie viele Menschen im Park verweilen.")
    return {"anna": anna, "bert": bert, "sensors": sensors, "draft": draft}


def titles(page):
    """The titles of the list's rows, in order."""
    return re.findall(r'<th scope="row"><a href="/ideen/[^"]+">([^<]+)</a>', page)


def listed(client, **args):
    """The list page for these query-string arguments, as text."""
    response = client.get("/ideen/", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


SENSORS, BENCHES, OLD = "Sensorik-Netz für Luftqualität in Quartieren", "Offene Bänke im Stadtteil", \
    "Luftqualitäts-Sensoren für Schulen"


def test_the_list_offers_one_filter_form_for_every_filter(world):
    page = listed(world["anna"])
    for name in ('name="status"', 'name="field"', 'name="scale"', 'name="partner"', 'name="competency_q"',
                 'name="picker_search" value="competency"'):
        assert name in page, name
    assert titles(page) == [SENSORS]   # the app's ideas she may see; imported projects only with a filter


def test_the_list_opens_on_the_open_ideas_and_alle_shows_every_status(world):
    bert = world["bert"]
    opened = listed(bert)
    assert set(titles(opened)) == {SENSORS, BENCHES}   # the open ideas (idea or submitted), not the completed
    assert re.search(r'<option selected value="offen">|<option value="offen" selected>', opened)
    assert set(titles(listed(bert, status="offen", field="umwelt"))) == {SENSORS}
    assert set(titles(listed(bert, status="", field="umwelt"))) == {SENSORS, OLD}   # "alle"


def test_status_field_scale_and_needed_competencies_filter_the_list(world):
    bert = world["bert"]
    assert titles(listed(bert, status="completed")) == [OLD]
    assert set(titles(listed(bert, status="", field="umwelt"))) == {SENSORS, OLD}
    assert titles(listed(bert, scale="stadtteil")) == [BENCHES]
    assert set(titles(listed(bert, status="", competency=["sensorik", "datenplattform"]))) == {SENSORS, OLD}
    assert titles(listed(bert, competency=["sensorik", "beteiligung"])) == [SENSORS]
    assert titles(listed(bert, competency="beteiligung", scale="quartier")) == [SENSORS]


def test_the_competency_picker_searches_without_javascript_and_keeps_the_choice(world):
    page = listed(world["bert"], competency="datenplattform", picker_search="competency", competency_q="senso")
    assert re.search(r'<input type="checkbox" name="competency" value="sensorik">\s*Sensorik', page)
    assert re.search(r'name="competency" value="datenplattform" checked>\s*Datenplattform', page)


def test_a_partner_is_found_by_its_name_and_a_wrong_name_is_an_error_at_the_field(world):
    bert = world["bert"]
    assert set(titles(listed(bert, status="", partner="sensorwerk gmbh"))) == {OLD}
    assert set(titles(listed(bert, status="", partner="Datenhaus"))) == {OLD}   # a unique part of the name
    assert set(titles(listed(bert, partner="Partner A"))) == {SENSORS}
    ambiguous = listed(bert, partner="Partner")
    assert "passt auf mehrere Partner: Partner A; Partner B" in ambiguous and 'aria-invalid="true"' in ambiguous
    unknown = listed(bert, partner="Niemand GmbH")
    assert "Unbekannter Partner: „Niemand GmbH“." in unknown and 'id="partner-error"' in unknown


def test_my_ideas_and_my_partners_projects(world, graph):
    anna, bert = world["anna"], world["bert"]
    assert titles(listed(bert, mine=1)) == [BENCHES]
    assert titles(listed(anna, mine=1)) == [SENSORS]
    page = listed(bert, my_partner=1)
    assert titles(page) == [BENCHES] and 'value="Partner B"' in page
    assert BENCHES not in listed(anna, my_partner=1)   # Bert's draft stays with his team


def test_ideas_that_need_what_my_partner_can_do_come_with_the_matchers_reasons(world):
    page = world["bert"].get("/ideen/passend").get_data(as_text=True)
    entry = re.search(r'<li><p><strong><a href="/ideen/%s">([^<]+)</a>.*?</li>' % world["sensors"], page, re.S)
    assert entry and entry.group(1) == SENSORS, page[:3000]
    assert "Rang " in entry.group(0) and 'class="match-reasons"' in entry.group(0)
    assert BENCHES not in page   # his own partner's idea is not "for" him

"""Similar ideas first: the ranking combines the German full text (title and summary) with the shared
needed competencies and fields of action, so the clearly most similar idea comes first, a word in another
inflection still finds its idea, and an idea that only repeats one word does not push ahead."""
import pytest

from idea_helpers import IDEA_WORLD, idea_form

CANDIDATES = """
MATCH (sensorik:Competency {id: 'sensorik'}), (plattform:Competency {id: 'datenplattform'}),
      (beteiligung:Competency {id: 'beteiligung'}), (umwelt:Field {key: 'umwelt'})
CREATE (twin:Project {id: 'twin', title: 'Sensornetz für die Luftqualität im Quartier', status: 'active',
        summary: 'Sensoren messen in den Quartieren die Luftqualität; die Daten liegen offen auf einer Plattform.'}),
       (twin)-[:NEEDS]->(sensorik), (twin)-[:NEEDS]->(plattform), (twin)-[:NEEDS]->(beteiligung),
       (twin)-[:IN_FIELD]->(umwelt),
       (fest:Project {id: 'fest', title: 'Quartiersfest: Luft, Luftqualität, Luftballons', status: 'active',
        summary: 'Luftqualität, Luftqualität, Luftqualität: ein Fest in den Quartieren mit Musik und Luftballons.'}),
       (haushalt:Project {id: 'haushalt', title: 'Bürgerhaushalt digital', status: 'active',
        summary: 'Online über den Haushalt abstimmen, auf einer offenen Plattform.'}),
       (haushalt)-[:NEEDS]->(plattform), (haushalt)-[:NEEDS]->(beteiligung),
       (hafen:Project {id: 'hafen', title: 'Landstrom im Hafen', status: 'active',
        summary: 'Schiffe bekommen Strom vom Land statt aus dem Diesel.'})
"""


@pytest.fixture
def world(actors, graph):
    """The small alliance and four more projects: a near twin of the idea, one that repeats a word, one that
    shares only needs, one about something else."""
    graph.execute(IDEA_WORLD)
    graph.execute(CANDIDATES)
    return graph


def ranked(client, **args):
    """The ids the live check returns for these arguments, best first."""
    response = client.get("/ideen/aehnliche", query_string=args)
    assert response.status_code == 200
    return [item["id"] for item in response.get_json()]


def the_idea():
    """The idea being written, as the live check's arguments."""
    form = idea_form()
    return {"title": form["title"], "summary": form["summary"], "needs": form["needs"], "fields": form["fields"]}


def test_the_clearly_most_similar_idea_comes_first(login_as, world):
    found = ranked(login_as("member_a"), **the_idea())
    assert found[0] == "twin"
    assert found.index("alt") < found.index("fest")     # words and needs and the field beat a repeated word
    assert "hafen" not in found


def test_shared_needs_alone_find_an_idea_but_rank_it_after_one_with_words_too(login_as, world):
    found = ranked(login_as("member_a"), **the_idea())
    assert "haushalt" in found and found.index("alt") < found.index("haushalt")


def test_the_score_is_a_share_from_0_to_1_over_what_was_written_so_far(login_as, world):
    client = login_as("member_a")
    scores = {item["id"]: item["score"] for item in client.get("/ideen/aehnliche", query_string=the_idea()).get_json()}
    assert scores["twin"] == 1.0 and all(0 < score <= 1 for score in scores.values())
    by_needs = ranked(client, needs=the_idea()["needs"])   # needs only, no words yet: completed work counts too
    assert by_needs[0] == "twin" and set(by_needs) == {"twin", "alt", "haushalt"}


def test_luftqualitaet_finds_luftqualitaets_sensoren(login_as, world):
    found = ranked(login_as("member_a"), title="Luftqualität")
    assert "alt" in found
    assert "twin" in found


def test_the_form_without_javascript_shows_the_same_first_idea(login_as, world):
    response = login_as("member_a").post_form("/ideen/neu", idea_form(check_similar="1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.index("Sensornetz für die Luftqualität im Quartier") < page.index("Luftqualitäts-Sensoren für Schulen")
    assert world.query("MATCH (p:Project {origin: 'app'}) RETURN count(p) AS n")[0]["n"] == 0  # nothing saved

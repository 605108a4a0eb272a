"""One rule for text in the forms and the importer: what a form refuses is told next to the field and
nothing is saved; what a form saves (line breaks in long texts, tabs, quotes) an export of it imports again."""
import pytest

from allianz.exchange.loader import import_folder
from allianz.exchange.writer import export_folder

from idea_helpers import IDEA_WORLD, idea_form
from test_partner_edit import VOCABULARY, partner_row, profile

HOSTILE = {"NUL": "\x00", "ESC": "\x1b", "BEL": "\x07", "LINE SEPARATOR": "\u2028", "RIGHT-TO-LEFT OVERRIDE": "\u202e",
           "CR LF": "\r\n"}


@pytest.mark.parametrize("name", HOSTILE)
def test_an_idea_title_with_a_character_the_importer_refuses_is_refused_next_to_the_field(login_as, actors, graph,
                                                                                        name):
    graph.execute(IDEA_WORLD)
    answer = login_as("member_a").post_form("/ideen/neu", idea_form(title=f"Sensoren{HOSTILE[name]}netz"),
                                            page="/ideen/neu")
    assert answer.status_code == 400
    assert "Dieses Zeichen ist hier nicht erlaubt" in answer.get_data(as_text=True)
    assert graph.query("MATCH (p:Project {origin: 'app'}) RETURN count(p) AS n")[0]["n"] == 0


def test_a_website_with_quotes_and_brackets_is_refused_by_the_form_as_by_the_importer(login_as, actors, graph):
    graph.execute(VOCABULARY)
    answer = login_as("member_a").post_form("/partner/pa/bearbeiten",
                                            profile(website='https://example.org/"><script>alert(1)</script>'))
    assert answer.status_code == 400
    assert partner_row(graph)["website"] == "https://a.example"


def test_what_the_profile_form_saves_is_exported_and_imported_again(login_as, actors, graph, tmp_path):
    graph.execute(VOCABULARY)
    text = 'Zeile eins\r\nZeile zwei\tmit Tab, "Anführung" und =Formel'
    saved = login_as("member_a").post_form("/partner/pa/bearbeiten", profile(description=text))
    assert saved.status_code == 303
    export_folder(graph, tmp_path / "out")
    # raises ImportRejected with file:line on any problem; the partner was changed in the app, so say so
    import_folder(graph, tmp_path / "out", replace=True, overwrite_app_data=True)
    assert partner_row(graph)["description"].replace("\r\n", "\n") == text.replace("\r\n", "\n")

"""The find-collaborators page: needs and team from the shared picker, with and without JavaScript."""
from test_matching import small  # noqa: F401 - the handcrafted graph fixture


def test_the_team_pickers_search_finds_partners_by_name_short_name_or_id(small, client):  # noqa: F811 - the imported pytest fixture
    found = client.get("/api/matching/partner?q=institut").get_json()
    assert [item["label"] for item in found] == ["Xylo Institut (Xylo)", "Ypsilon Institut (Ypsilon)"]
    assert client.get("/api/matching/partner?q=team1").get_json() == [{"id": "t1", "label": "Team Eins GmbH (Team1)"}]
    assert client.get("/api/matching/partner?q=").get_json() == []


def test_without_javascript_the_pickers_search_on_the_server_and_keep_what_was_chosen(small, client):  # noqa: F811 - the imported pytest fixture
    html = client.get("/matching/?needs=daten&needs_q=sensor&picker_search=needs&team=t1").get_data(as_text=True)
    assert 'name="needs" value="daten" checked' in html                   # chosen before: still chosen
    assert 'name="needs" value="iot">' in html and "Sensorik &amp; IoT" in html   # a match to tick
    assert 'name="team" value="t1" checked' in html and "Vorschläge</h2>" not in html
    html = client.get("/matching/?team_q=ypsi&picker_search=team").get_data(as_text=True)
    assert 'name="team" value="y">' in html and "Ypsilon Institut" in html


def test_a_typed_team_name_is_resolved_and_an_unknown_one_is_an_error_next_to_the_field(small, client):  # noqa: F811 - the imported pytest fixture
    html = client.get("/matching/?needs=daten&team_q=Team Eins GmbH; Zett").get_data(as_text=True)
    assert "Team: Team Eins GmbH, Zett AG" in html and 'name="team" value="z" checked' in html
    html = client.get("/matching/?needs=daten&team=t1&team_q=Zet AG").get_data(as_text=True)
    assert 'id="team-error"' in html and "Unbekannter Partner: „Zet AG“. Meinten Sie: Zett AG?" in html
    assert 'aria-invalid="true"' in html and 'value="Zet AG"' in html   # kept in the field to correct it
    assert 'name="team" value="t1" checked' in html and "Vorschläge</h2>" not in html


def test_the_same_uncovered_needs_on_the_find_page_and_in_its_consortium(small, client):  # noqa: F811 - the imported pytest fixture
    html = " ".join(client.get("/matching/?needs=daten&needs=iot&needs=recht&team=t1&size=3")
                    .get_data(as_text=True).split())
    # t1 declares iot: the two others are open, said with the plural, and the builder covers them
    assert "Bedarfe, die das Team noch nicht abdeckt: Datenplattformen, Datenschutz" in html
    assert "Vorgeschlagenes Konsortium" in html
    html = " ".join(client.get("/matching/?needs=recht&team=t1").get_data(as_text=True).split())
    assert "Bedarf, den das Team noch nicht abdeckt: Datenschutz" in html

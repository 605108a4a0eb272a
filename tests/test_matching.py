"""Matching: the model's promises on small handcrafted graphs, the batch CLI, the JSON API, the pages."""
import json

import pytest

from allianz import jobs
from allianz.exchange.loader import import_folder
from allianz.matching import recommendations_for_project
from allianz.matching.cache import clear_cache

from exchange_helpers import write_folder

FIELDS = "key,name_de,name_en\nmobil,Mobilität,Mobility\numwelt,Umwelt,Environment\n"
COMPETENCIES = (
    "id,name,name_en,broader\n"
    "iot,Sensorik & IoT,Sensors & IoT,\n"
    "iot-lora,LoRaWAN,LoRaWAN,iot\n"
    "daten,Datenplattformen,Data platforms,\n"
    "recht,Datenschutz,Data protection,\n"
    "zwilling,Digitaler Zwilling,Digital twin,\n"
)
PARTNERS = (
    "id,name,kind,short_name,fields,competencies\n"
    "t1,Team Eins GmbH,company,Team1,mobil,iot:3\n"
    "t2,Team Zwei e.V.,civil_society,Team2,mobil,\n"
    "x,Xylo Institut,science,Xylo,,daten:2\n"
    "y,Ypsilon Institut,science,Ypsilon,,iot:3\n"
    "z,Zett AG,company,Zett,mobil,\n"
    "w,Weg Verwaltung,administration,Weg,umwelt,recht:1\n"
    "v,Vau Lab,science,Vau,,\n"
)
PROJECTS = (
    "id,title,status,fields,needs,started,ended\n"
    "s1,Sensornetz Hafen,completed,mobil,daten;iot,2022-01-01,2023-12-31\n"
    "s2,Parkdaten offen,completed,mobil,daten,2023-02-01,2024-06-30\n"
    "s3,Luftmessung,active,umwelt,iot-lora,2024-01-01,\n"
    "idee,Smarte Kreuzung,idea,mobil,iot;daten;recht;zwilling,,\n"
    "done,Altes Projekt,completed,mobil,iot,2021-01-01,2021-12-31\n"
)
PARTICIPATIONS = (
    "project_id,partner_id,role\n"
    "s1,t1,lead\ns1,z,partner\n"
    "s2,z,lead\ns2,v,partner\n"
    "s3,v,lead\n"
    "idee,t1,lead\nidee,t2,partner\n"
    "done,t1,lead\n"
)


@pytest.fixture
def small(graph, tmp_path):
    """A seven-partner graph with one idea (team t1, t2) whose needs the team covers only partly."""
    folder = write_folder(tmp_path / "small", files={}, fields=FIELDS, competencies=COMPETENCIES,
                          partners=PARTNERS, projects=PROJECTS, participations=PARTICIPATIONS)
    import_folder(graph, folder)
    clear_cache()
    return graph


def ask(client, **query):
    """POST a query to the JSON endpoint and return (status, body)."""
    response = client.post("/api/matching", json=query)
    return response.status_code, response.get_json()


def ids(body):
    """The candidate ids of an answer, best first."""
    return [c["partner"] for c in body["candidates"]]


def test_a_partner_covering_an_uncovered_need_outranks_one_covering_a_covered_need(small, client):
    status, body = ask(client, team=["t1"], needs=["iot", "daten"], top=10)
    assert status == 200
    ranking = ids(body)
    # x holds daten (nobody in the team has it), y holds iot (t1 has it at level 3); otherwise alike
    assert ranking.index("x") < ranking.index("y")
    assert body["covered_needs"] == ["iot"] and body["uncovered_needs"] == ["daten"]


def test_the_kind_restriction_holds_and_team_members_are_never_returned(small, client):
    status, body = ask(client, team=["t1", "t2"], needs=["daten"], kind="science", top=50)
    assert status == 200
    assert set(ids(body)) == {"x", "y", "v"}
    status, body = ask(client, team=["t1", "t2", "nobody-knows-me"], top=50)
    assert status == 200
    assert "t1" not in ids(body) and "t2" not in ids(body)
    assert set(ids(body)) == {"x", "y", "z", "w", "v"}
    assert body["team"] == ["t1", "t2"]  # the unknown id is ignored


def test_reasons_name_the_real_shared_projects_and_the_evidence(small, client):
    status, body = ask(client, team=["t1"], needs=["daten", "iot", "recht"], fields=["mobil"], top=10)
    zett = next(c for c in body["candidates"] if c["partner"] == "z")
    text = " | ".join(zett["reasons"])
    assert "1 gemeinsames Projekt mit Team Eins GmbH: Sensornetz Hafen" in text   # one name per partner
    assert "Datenplattformen (aus 2 Projekten: Parkdaten offen, Sensornetz Hafen)" in text
    assert [p["id"] for p in zett["evidence"]["shared_projects"]] == ["s1"]
    xylo = next(c for c in body["candidates"] if c["partner"] == "x")
    assert any("Datenplattformen (Stufe 2)" in reason for reason in xylo["reasons"])
    assert any("bringt Wissenschaft ins Team" in reason for reason in xylo["reasons"])
    # the breakdown behind "Warum?": a few groups of factors, each with one plain sentence, adding up to the fit
    assert xylo["why"] and all(item["text"].endswith(".") and item["label"] for item in xylo["why"])
    assert {f for item in xylo["why"] for f in item["factors"]} <= set(xylo["factors"]) | {"bias"}
    assert sum(item["points"] for item in xylo["why"]) == xylo["fit"]
    # a need is covered by its narrower competencies: v worked on LoRaWAN, narrower than the needed Sensorik & IoT
    vau = next(c for c in body["candidates"] if c["partner"] == "v")
    assert any("Sensorik & IoT – abgedeckt durch LoRaWAN" in reason for reason in vau["reasons"])
    assert next(item for item in vau["evidence"]["needs"] if item["competency"] == "iot")["via"] == ["iot-lora"]
    # the breakdown names only the model's factors
    from allianz.matching.model import FACTORS
    assert set(xylo["factors"]) <= set(FACTORS)


def test_preferring_new_connections_moves_partners_without_a_shared_project_up(small, client):
    # z worked with t1 (Sensornetz Hafen), v only with z: usually z comes first, preferring new connections v
    _status, usual = ask(client, team=["t1"], fields=["mobil"], top=10)
    _status, bridges = ask(client, team=["t1"], fields=["mobil"], top=10, new_bridges=True)
    assert ids(usual)[0] == "z"
    assert ids(bridges).index("z") > ids(usual).index("z")
    newcomer = bridges["candidates"][0]
    assert newcomer["partner"] == "v" and newcomer["factors"]["new_bridge"] > 0
    assert any("noch kein gemeinsames Projekt" in reason for reason in newcomer["reasons"])
    assert any(item["label"] == "Neue Verbindung" and item["points"] > 0 for item in newcomer["why"])
    # the same through GET, the form and a bad value
    by_get = client.get("/api/matching?team=t1&fields=mobil&new_bridges=ja").get_json()
    assert ids(by_get) == ids(bridges)
    page = client.get("/matching/?fields=mobil&team=t1&new_bridges=y").get_data(as_text=True)
    assert page.index(newcomer["name"]) < page.index("Zett AG")
    status, body = ask(client, team=["t1"], new_bridges="vielleicht")
    assert status == 400 and "new_bridges" in body["message"]


def test_the_fit_is_0_to_100_its_factor_points_add_up_and_it_stays_spread_with_a_team(small, client):
    from allianz.matching.model import DEFAULT_WEIGHTS
    status, body = ask(client, team=["t1"], needs=["iot", "daten"], fields=["mobil"], top=10)
    assert status == 200 and body["candidates"]
    fits = [c["score"] for c in body["candidates"]]
    assert fits[0] == 100.0 and fits == sorted(fits, reverse=True)
    for candidate in body["candidates"]:   # the factors add up to the fit (shown as 0 when below the average)
        assert max(0.0, sum(candidate["factors"].values())) == pytest.approx(candidate["score"],
                                                                             abs=0.05 * len(DEFAULT_WEIGHTS) + 0.1)
        # the "Warum?" rows (whole points) add up to the number shown exactly
        assert sum(item["points"] for item in candidate["why"]) == candidate["fit"] == round(candidate["score"])
        assert candidate["grade"] in {"very_good", "good", "partly", "little"}
    # not bunched at the top (below the average partner a fit is shown as 0: half of this small graph's six)
    assert len({round(fit) for fit in fits[:5]}) >= 3 and fits[1] < 90
    # what lowers a fit is said as what it means, never as "zieht Punkte ab"
    texts = [item["text"] for c in body["candidates"] for item in c["why"]]
    assert texts and not any("Punkte ab" in text or "dagegen" in text for text in texts)
    # the learned model keeps the walk and the needs as positive evidence
    assert DEFAULT_WEIGHTS["walk"] > 0 and DEFAULT_WEIGHTS["competency"] > 0
    page = client.get("/matching/?needs=daten&team=Team1").get_data(as_text=True)
    assert "passt sehr gut: 100 von 100" in page and "<details" in page and "Warum 100?" in page


def test_a_need_counts_as_covered_when_a_team_member_declares_it_at_any_level(small, client):
    # w declares Datenschutz at level 1: covered, as the project page counts it
    status, body = ask(client, team=["w"], needs=["recht", "daten"])
    assert body["covered_needs"] == ["recht"] and body["uncovered_needs"] == ["daten"]


def test_reasons_follow_the_ui_language(small, client):
    client.get("/sprache/en")
    status, body = ask(client, team=["t1"], needs=["daten"], top=10)
    xylo = next(c for c in body["candidates"] if c["partner"] == "x")
    assert any("Data platforms" in reason for reason in xylo["reasons"])


def test_the_consortium_builder_covers_what_can_be_covered_and_names_the_rest(small, client):
    found = client.post("/api/matching/konsortium",
                        json={"team": ["t1"], "needs": ["iot", "daten", "recht", "zwilling"], "size": 4}).get_json()
    assert found["members"][0] == "t1" and len(found["members"]) <= 4
    added = set(found["members"][1:])
    assert "w" in added  # the only partner with Datenschutz
    assert added & {"x", "z"}  # someone with Datenplattformen
    assert found["uncoverable"] == ["zwilling"]
    assert found["open_needs"] == []
    matrix = {row["need"]: row for row in found["matrix"]}
    assert matrix["recht"]["covered"] and not matrix["zwilling"]["covered"]
    assert all(slot["alternatives"] is not None for slot in found["slots"])


def test_the_json_endpoint_rejects_unknown_ids_and_caps_top(small, client):
    status, body = ask(client, team=["t1"], needs=["daten", "quantum"], fields=["mond"])
    assert status == 400
    assert body["unknown_competencies"] == ["quantum"] and body["unknown_fields"] == ["mond"]
    assert "quantum" in body["message"] and "mond" in body["message"]
    status, body = ask(client, team=["t1"], kind="spaceship")
    assert status == 400 and "spaceship" in body["message"]
    response = client.post("/api/matching", data="not json", content_type="application/json")
    assert response.status_code == 400
    status, body = ask(client, top=100000)
    assert status == 200 and len(body["candidates"]) == 7  # capped, and there are only 7
    response = client.get("/api/matching?team=t1&needs=daten&top=2")
    assert response.status_code == 200 and len(response.get_json()["candidates"]) == 2
    assert client.get("/api/matching?needs=quantum").status_code == 400


def test_the_index_follows_the_graph_revision(small, client, tmp_path):
    status, body = ask(client, team=["t1"], top=50)
    assert "neu" not in ids(body)
    more = PARTNERS + "neu,Neu GmbH,company,Neu,,\n"
    import_folder(small, write_folder(tmp_path / "more", files={}, fields=FIELDS, competencies=COMPETENCIES,
                                      partners=more, projects=PROJECTS, participations=PARTICIPATIONS))
    status, body = ask(client, team=["t1"], top=50)
    assert "neu" in ids(body)


def test_the_batch_cli_answers_every_line_in_order(small, cli, tmp_path):
    batch = tmp_path / "queries.jsonl"
    lines = [{"id": "q1", "team": ["t1"], "needs": ["daten"], "top": 3},
             {"id": "q2", "team": ["t1", "t2"], "fields": ["mobil"], "kind": "science", "top": 50},
             {"id": "bad", "needs": ["quantum"]},
             {"id": "q3", "team": ["unknown"], "top": 2}]
    batch.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = cli("match", "--batch", batch)
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["id"] for a in answers] == ["q1", "q2", "bad", "q3"]
    assert answers[0]["candidates"][0]["partner"] in {"x", "z"} and len(answers[0]["candidates"]) == 3
    assert all(c["partner"] in {"x", "y", "v"} for c in answers[1]["candidates"])
    assert "quantum" in answers[2]["error"] and answers[2]["unknown_competencies"] == ["quantum"]
    assert len(answers[3]["candidates"]) == 2
    assert all(set(c) >= {"partner", "score", "reasons"} for c in answers[0]["candidates"])
    assert "4 queries answered" in result.stderr


def test_recommendations_for_a_project_and_the_pages(small, app, client):
    with app.test_request_context():
        found = recommendations_for_project("idee")
        assert found["uncovered_needs"] == ["daten", "recht", "zwilling"]
        assert "t1" not in [c["partner"] for c in found["candidates"]]
        assert recommendations_for_project("s1") is None  # not an idea
        assert recommendations_for_project("missing") is None
    page = client.get("/matching/projekt/idee")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Passende Partner" in html and "Vorgeschlagenes Konsortium" in html and "Digitaler Zwilling" in html
    assert client.get("/matching/projekt/s1").status_code == 404
    page = client.get("/matching/?needs=daten&fields=mobil&kinds=science")
    assert page.status_code == 200 and "Xylo Institut" in page.get_data(as_text=True)
    assert client.get("/matching/").status_code == 200
    page = client.get("/matching/vorstellungen")
    assert page.status_code == 200
    # the idea's page and its recommendations name the same open needs
    html = client.get("/projekte/idee", follow_redirects=True).get_data(as_text=True)
    assert "3 benötigte Kompetenzen sind noch offen." in html
    assert "Bedarfe, die das Team noch nicht abdeckt:" in html


def test_the_team_is_typed_by_name_and_unknown_names_are_shown_at_the_field(small, client):
    page = client.get("/matching/?fields=mobil&team=team eins gmbh;Zett&top=10")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Team: Team Eins GmbH, Zett AG" in html
    listed = html[html.index("Vorschläge"):]
    assert "Team Eins GmbH</a>" not in listed and "Zett AG</a>" not in listed
    assert "Vau Lab" in listed
    # ids still work; an unknown name is an error next to the field, with a suggestion; nothing is ranked
    assert "Team: Team Eins GmbH" in client.get("/matching/?fields=mobil&team=t1").get_data(as_text=True)
    html = client.get("/matching/?fields=mobil&team=Team Ens GmbH").get_data(as_text=True)
    assert 'id="team-error"' in html and "Unbekannter Partner: „Team Ens GmbH“. Meinten Sie: Team Eins GmbH?" in html
    assert "Vorschläge</h2>" not in html


def test_the_find_page_builds_a_consortium_for_the_needs_typed_there(small, client):
    html = client.get("/matching/?needs=daten&needs=recht&team=Team1&size=3").get_data(as_text=True)
    assert "Vorgeschlagenes Konsortium" in html and "Abdeckung: Bedarfe × Partner" in html
    assert "Weg Verwaltung" in html[html.index("Vorgeschlagenes Konsortium"):]  # the only one with Datenschutz


def test_the_first_query_after_an_import_does_not_wait_for_the_index(small, app, client, tmp_path, held_job):
    from allianz.matching.cache import wait_built
    app.config["MATCHING_BACKGROUND_FROM"] = 0   # every graph counts as large: built in the background

    def imported(extra):
        """Import the small graph with one more partner: a new revision, whose index nobody has built yet."""
        more = PARTNERS + f"{extra},{extra.title()} GmbH,company,{extra.title()},,\n"
        import_folder(small, write_folder(tmp_path / extra, files={}, fields=FIELDS, competencies=COMPETENCIES,
                                          partners=more, projects=PROJECTS, participations=PARTICIPATIONS))
    imported("neu")
    release = held_job(lane=jobs.MATCHING)  # the matcher's job process is busy: the build waits behind it
    response = client.post("/api/matching", json={"team": ["t1"], "top": 50})
    assert response.status_code == 202 and response.get_json()["state"] == "pending"
    assert response.headers["Retry-After"]
    # the consortium builder and the team picker's search say so too, instead of building the index themselves
    for pending in (client.post("/api/matching/konsortium", json={"needs": ["daten"]}),
                    client.get("/api/matching/partner?q=Team")):
        assert pending.status_code == 202 and pending.get_json()["state"] == "pending"
    release()
    assert wait_built(timeout=30)
    status, body = ask(client, team=["t1"], top=50)
    assert status == 200 and "neu" in ids(body)
    assert client.get("/matching/vorstellungen").status_code == 200   # prepared in the same background job
    # an import that adds to the data: the pages keep answering from the last index, saying how old it is
    release = held_job(lane=jobs.MATCHING)
    imported("neuer")
    page = client.get("/matching/?fields=mobil")
    assert page.status_code == 200 and "Stand: vor " in page.get_data(as_text=True)
    project = client.get("/matching/projekt/idee")
    html = project.get_data(as_text=True)
    assert project.status_code == 200 and "Smarte Kreuzung" in html and "Stand: vor " in html
    status, body = ask(client, team=["t1"], top=50)
    assert status == 200 and "neuer" not in ids(body) and body["stand"]["seconds"] >= 0
    release()
    assert wait_built(timeout=30)
    status, body = ask(client, team=["t1"], top=50)
    assert status == 200 and "neuer" in ids(body) and "stand" not in body
    # an import that replaced the data: nothing of the old data is shown, the pages say it is being prepared
    import_folder(small, write_folder(tmp_path / "neuest", files={}, fields=FIELDS, competencies=COMPETENCIES,
                                      partners=PARTNERS, projects=PROJECTS, participations=PARTICIPATIONS),
                  replace=True)
    page = client.get("/matching/?fields=mobil")
    assert page.status_code == 202 and "wird nach der letzten Änderung neu vorbereitet" in page.get_data(as_text=True)
    assert wait_built(timeout=30)


def test_suggested_introductions_pair_partners_that_never_worked_together_and_say_why(small, app, client):
    from markupsafe import escape

    from allianz.matching import consortium
    from allianz.matching.service import current_index

    with app.test_request_context():
        pairs = consortium.introductions(current_index())
    worked_together = [{"t1", "z"}, {"z", "v"}]  # s1 and s2
    assert pairs
    assert all({pair["a"], pair["b"]} not in worked_together and pair["a"] != pair["b"] for pair in pairs)
    assert all(pair["reasons"] for pair in pairs)
    # diversified: nobody more than twice in the first ten
    first_ten = [pid for pair in pairs[:10] for pid in (pair["a"], pair["b"])]
    assert max(first_ten.count(pid) for pid in first_ten) <= 2
    # phrased for the pair, not "the team"
    assert not any("dem Team" in reason or "ins Team" in reason for pair in pairs for reason in pair["reasons"])
    html = client.get("/matching/vorstellungen").get_data(as_text=True)
    first = pairs[0]
    assert all(str(escape(text)) in html for text in (first["a_name"], first["b_name"], first["reasons"][0]))
    assert f'href="/partner/{first["a"]}"' in html and f'href="/partner/{first["b"]}"' in html


def test_demo_ideas_get_partners_for_their_gaps(demo_graph, client):
    clear_cache()
    body = client.get("/api/matching?team=p01&needs=bildung-schule,energie-kreislauf&top=10").get_json()
    assert {"p30", "p37"} & set(ids(body))  # the isolated partners hold these competencies
    found = client.post("/api/matching/konsortium", json={"team": [], "needs": ["daten-digitaler-zwilling"]})
    assert found.get_json()["uncoverable"] == ["daten-digitaler-zwilling"]


def test_team_project_counts_team_members_together_with_the_candidate_in_one_project():
    """`team_project`: a partner that was in one project with two team members scores 1; with one member, 0."""
    from allianz.matching import signals
    from allianz.matching.index import GraphRows, MatchIndex

    partners = [{"id": pid, "name": pid, "kind": "company", "short_name": None, "country": None,
                 "competencies": [], "fields": []} for pid in "abcde"]
    projects = [{"id": pid, "title": pid, "status": "completed", "fields": [], "needs": [], "started": "2020-01-01",
                 "ended": "2021-01-01"} for pid in ("p1", "p2")]
    rows = [("p1", "a"), ("p1", "b"), ("p1", "c"), ("p2", "a"), ("p2", "d")]
    participations = [{"project_id": j, "partner_id": i, "role": "partner"} for j, i in rows]
    index = MatchIndex(GraphRows([], [], partners, projects, participations), asof="2022-01-01")
    team = [index.partner_index["a"], index.partner_index["b"]]
    values = dict(zip(index.partner_ids, signals.team_project(index, team), strict=True))
    assert values["c"] == 1.0 and values["d"] == 0.0 and values["e"] == 0.0


def test_an_ideas_recommendations_are_kept_on_the_index_and_asking_again_never_blocks(small, app):
    import threading

    from allianz.matching import recommend_for_project
    answers = []

    def ask_twice():
        with app.test_request_context():
            answers.extend(recommend_for_project("idee", top=5) for _ in range(2))
    asking = threading.Thread(target=ask_twice, daemon=True)
    asking.start()
    asking.join(60)
    assert not asking.is_alive(), "asking for an idea's recommendations hung"
    assert answers[0] and answers[0] == answers[1]
    assert {"t1", "t2"}.isdisjoint(item["id"] for item in answers[0])  # the team is not recommended to itself

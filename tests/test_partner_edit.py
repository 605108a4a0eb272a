"""Partner self-service: members edit their own partner, coordinators every one; competencies with
the picker (with and without JavaScript); contact persons and who sees them; the conflict page."""
import json
import threading
from datetime import date

import pytest

from allianz.exchange.loader import import_folder
from allianz.exchange.writer import export_folder

from account_helpers import ACTOR_ACCOUNTS
from exchange_helpers import read_rows, write_folder

VOCABULARY = """
CREATE (:Field {key: 'umwelt', name_de: 'Umwelt', name_en: 'Environment'}),
       (:Field {key: 'mobilitaet', name_de: 'Mobilität', name_en: 'Mobility'})
WITH 1 AS one
CREATE (daten:Competency {id: 'daten', name: 'Daten', name_en: 'Data', version: 1}),
       (:Competency {id: 'daten-offen', name: 'Offene Daten', name_en: 'Open data', version: 1})-[:BROADER]->(daten),
       (:Competency {id: 'oeko', name: 'Ökobilanz', name_en: 'Life-cycle assessment', version: 1}),
       (:Competency {id: 'ober', name: 'Oberflächentechnik', name_en: 'Surface technology', version: 1}),
       (:Competency {id: 'zebra', name: 'Zebrastreifen-Planung', name_en: 'Crossing planning', version: 1})
"""


@pytest.fixture
def vocabulary(actors, graph):
    """Two fields and a small vocabulary beside the actors' partners."""
    graph.execute(VOCABULARY)
    return graph


def profile(**changes):
    """A complete edit form for partner A at version 1."""
    data = {"version": "1", "description": "Neue Beschreibung", "website": "https://neu.example",
            "district": "Hafen", "fields": ["umwelt"], "competencies": ["daten-offen", "oeko"],
            "level-daten-offen": "3", "level-oeko": "1"}
    data.update(changes)
    return data


def partner_row(graph, partner_id="pa"):
    """What the graph holds of a partner's editable data."""
    return graph.query("""
        MATCH (p:Partner {id: $id})
        RETURN p.name AS name, p.kind AS kind, p.description AS description, p.website AS website,
               p.district AS district, p.version AS version,
               COLLECT { MATCH (p)-[:ACTIVE_IN]->(f) RETURN f.key ORDER BY f.key } AS fields,
               COLLECT { MATCH (p)-[r:HAS_COMPETENCY]->(c) RETURN c.id + ':' + r.level ORDER BY c.id } AS competencies
    """, id=partner_id)[0]


def test_a_member_edits_the_own_partner_and_the_change_is_audited(login_as, vocabulary):
    anna = login_as("member_a")
    form = anna.get("/partner/pa/bearbeiten")
    assert form.status_code == 200 and 'data-picker' in form.get_data(as_text=True)
    response = anna.post_form("/partner/pa/bearbeiten", profile())
    assert response.status_code == 303 and response.headers["Location"] == "/partner/pa"
    row = partner_row(vocabulary)
    assert row["description"] == "Neue Beschreibung" and row["district"] == "Hafen" and row["version"] == 2
    assert row["fields"] == ["umwelt"] and row["competencies"] == ["daten-offen:3", "oeko:1"]
    event = vocabulary.query("""
        MATCH (u:User)-[:DID]->(e:AuditEvent {action: 'partner.edit'})-[:ON]->(:Partner {id: 'pa'})
        RETURN u.email AS who, e.changes_json AS changes""")[0]
    changes = json.loads(event["changes"])
    assert event["who"] == ACTOR_ACCOUNTS["member_a"]["email"]
    assert changes["description"] == ["Beschreibung A", "Neue Beschreibung"]
    assert changes["competencies"] == ["", "daten-offen:3, oeko:1"]


@pytest.mark.parametrize("actor, status", [("member_b", 403), ("anonymous", 302)])
def test_others_cannot_open_or_save_partner_a(login_as, vocabulary, actor, status):
    client = login_as(actor)
    assert client.get("/partner/pa/bearbeiten").status_code == status
    token = client.csrf_token("/anmelden" if actor == "anonymous" else "/konto")
    response = client.post("/partner/pa/bearbeiten", data={**profile(), "csrf_token": token})
    assert response.status_code == status
    assert partner_row(vocabulary)["description"] == "Beschreibung A"


def test_coordinators_edit_every_partner(login_as, vocabulary):
    response = login_as("coordinator").post_form("/partner/pb/bearbeiten", profile(description="Von der Koordination"))
    assert response.status_code == 303
    assert partner_row(vocabulary, "pb")["description"] == "Von der Koordination"


def test_no_mass_assignment(login_as, vocabulary):
    anna = login_as("member_a")
    response = anna.post_form("/partner/pa/bearbeiten", profile(name="Gekapert", kind="chamber", id="pb",
                                                               role="admin", partner_id="pb", version="1"))
    assert response.status_code == 303
    row = partner_row(vocabulary)
    assert row["name"] == "Partner A" and row["kind"] == "company"
    assert partner_row(vocabulary, "pb")["description"] == "Beschreibung B"
    person = vocabulary.query("MATCH (u:User {email: $e})-[:MEMBER_OF]->(p) RETURN u.role AS role, p.id AS partner",
                              e=ACTOR_ACCOUNTS["member_a"]["email"])[0]
    assert person == {"role": "member", "partner": "pa"}


def test_bad_input_gets_field_errors_and_nothing_is_saved(login_as, vocabulary):
    anna = login_as("member_a")
    response = anna.post_form("/partner/pa/bearbeiten", profile(website="javascript:alert(1)", fields=["erfunden"]))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "http:// oder https://" in page and "nichts wurde gespeichert" in page
    assert partner_row(vocabulary)["description"] == "Beschreibung A"


def test_a_forged_version_is_a_400_not_a_crash(login_as, vocabulary):
    assert login_as("member_a").post_form("/partner/pa/bearbeiten", profile(version="eins")).status_code == 400
    assert partner_row(vocabulary)["version"] == 1


def test_unknown_competencies_and_levels_out_of_range_are_not_written(login_as, vocabulary):
    anna = login_as("member_a")
    anna.post_form("/partner/pa/bearbeiten", profile(competencies=["daten", "gibt-es-nicht"], **{"level-daten": "9"}))
    assert partner_row(vocabulary)["competencies"] == ["daten:2"]


def test_the_picker_searches_without_javascript_and_saves_nothing(login_as, vocabulary):
    anna = login_as("member_a")
    response = anna.post_form("/partner/pa/bearbeiten", profile(picker_search="competencies", competencies_q="daten"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Treffer" in page and 'value="daten"' in page and "Offene Daten (Daten)" in page
    assert "Neue Beschreibung" in page  # what was typed stays in the form
    assert partner_row(vocabulary)["description"] == "Beschreibung A"


def test_the_search_endpoint_returns_id_and_label_sorted_the_german_way(client, vocabulary):
    found = client.get("/kompetenzen/suche?q=o").get_json()
    labels = [item["label"] for item in found]
    assert set(found[0]) == {"id", "label"}
    # names starting with the term first, each group the German way (Ö as O)
    assert labels[:3] == ["Oberflächentechnik", "Offene Daten (Daten)", "Ökobilanz"]
    assert client.get("/kompetenzen/suche?q=okobil").get_json()[0]["id"] == "oeko"
    assert client.get("/kompetenzen/suche?q=").get_json() == []


def test_a_save_from_an_old_version_shows_the_conflict_page(login_as, vocabulary):
    anna, kora = login_as("member_a"), login_as("coordinator")
    assert kora.post_form("/partner/pa/bearbeiten", profile(description="Koras Fassung")).status_code == 303
    response = anna.post_form("/partner/pa/bearbeiten", profile(description="Annas Fassung"))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Annas Fassung" in page and "Koras Fassung" in page and "abweichend" in page
    assert partner_row(vocabulary)["description"] == "Koras Fassung"
    keep_mine = anna.post_form("/partner/pa/bearbeiten", profile(description="Annas Fassung", version="2"))
    assert keep_mine.status_code == 303 and partner_row(vocabulary)["description"] == "Annas Fassung"


def test_two_concurrent_saves_exactly_one_wins(login_as, vocabulary):
    clients = [login_as("member_a"), login_as("coordinator")]
    tokens = [client.csrf_token("/partner/pa/bearbeiten") for client in clients]
    barrier, statuses = threading.Barrier(2), []

    def save(client, token, text):
        barrier.wait(timeout=10)
        statuses.append(client.post("/partner/pa/bearbeiten",
                                    data={**profile(description=text), "csrf_token": token}).status_code)
    threads = [threading.Thread(target=save, args=(c, t, f"Fassung {n}"))
               for n, (c, t) in enumerate(zip(clients, tokens, strict=True))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [303, 409]
    assert partner_row(vocabulary)["version"] == 2


def test_contacts_are_never_shown_to_anonymous_visitors(app, login_as, vocabulary):
    anna = login_as("member_a")
    for name, visible in (("Sichtbar Person", "y"), ("Intern Person", "")):
        data = {"name": name, "function": "Leitung", "email": f"{name.split()[0].lower()}@a.example",
                "phone": "+49 30 123", "visible_to_members": visible}
        assert anna.post_form("/partner/pa/kontakte", data).status_code == 303
    anonymous = app.test_client().get("/partner/pa").get_data(as_text=True)
    assert ("Sichtbar Person" not in anonymous and "sichtbar@a.example" not in anonymous
            and "+49 30 123" not in anonymous)
    bert = login_as("member_b").get("/partner/pa").get_data(as_text=True)
    assert "Sichtbar Person" in bert and "Intern Person" not in bert
    own = anna.get("/partner/pa").get_data(as_text=True)
    assert "Sichtbar Person" in own and "Intern Person" in own
    coordinator = login_as("coordinator").get("/partner/pa").get_data(as_text=True)
    assert "Intern Person" in coordinator


def test_contacts_are_edited_version_checked_and_removed(login_as, vocabulary):
    anna = login_as("member_a")
    anna.post_form("/partner/pa/kontakte", {"name": "Erika Muster", "email": "erika@a.example"})
    contact = vocabulary.query("MATCH (c:Contact) RETURN c.id AS id, c.version AS v")[0]
    bad = anna.post_form("/partner/pa/kontakte", {"name": "", "email": "kein-mail"})
    assert bad.status_code == 400 and "keine gültige E-Mail-Adresse" in bad.get_data(as_text=True)
    saved = anna.post_form(f"/partner/pa/kontakte/{contact['id']}", {"version": "1", "name": "Erika Muster",
                                                                     "function": "Vorstand", "phone": "030 1"},
                           page="/partner/pa/kontakte")
    assert saved.status_code == 303
    stale = anna.post_form(f"/partner/pa/kontakte/{contact['id']}", {"version": "1", "name": "Alt"},
                           page="/partner/pa/kontakte")
    page = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "inzwischen gespeichert" in page
    assert "Alt" in page and "Vorstand" in page and "abweichend" in page  # both versions side by side
    invalid = anna.post_form(f"/partner/pa/kontakte/{contact['id']}",
                             {"version": "2", "name": "Erika Muster", "phone": "ruf mich an"},
                             page="/partner/pa/kontakte")
    assert invalid.status_code == 400
    assert f'id="c-{contact["id"]}-phone-error"' in invalid.get_data(as_text=True)  # the error next to its field
    assert (vocabulary.query("MATCH (c:Contact) RETURN c.function AS f, c.name AS n")[0]
            == {"f": "Vorstand", "n": "Erika Muster"})
    bert = login_as("member_b")
    assert bert.post_form(f"/partner/pa/kontakte/{contact['id']}/loeschen", {}, page="/konto").status_code == 403
    anna.post_form(f"/partner/pa/kontakte/{contact['id']}/loeschen", {}, page="/partner/pa/kontakte")
    assert vocabulary.query("MATCH (c:Contact) RETURN count(c) AS n")[0]["n"] == 0
    actions = [r["a"] for r in vocabulary.query(
        "MATCH (e:AuditEvent)-[:ON]->(:Partner {id: 'pa'}) RETURN e.action AS a ORDER BY e.at")]
    assert actions == ["contact.add", "contact.edit", "contact.delete"]


def test_the_audit_trail_is_for_coordinators_and_paginated(app, login_as, vocabulary):
    app.config["PAGE_SIZE"] = 2
    anna = login_as("member_a")
    for n in range(3):
        anna.post_form("/partner/pa/bearbeiten", profile(description=f"Fassung {n}", version=str(n + 1)))
    assert anna.get("/koordination/verlauf/partner/pa").status_code == 403
    kora = login_as("coordinator")
    first = kora.get("/koordination/verlauf/partner/pa").get_data(as_text=True)
    assert "3 Einträge" in first and "Fassung 2" in first and "Beschreibung A" not in first
    second = kora.get("/koordination/verlauf/partner/pa?page=2").get_data(as_text=True)
    assert "Beschreibung A" in second and "Fassung 2" not in second
    anna_id = vocabulary.query("MATCH (u:User {email: $e}) RETURN u.id AS id",
                               e=ACTOR_ACCOUNTS["member_a"]["email"])[0]["id"]
    person = kora.get(f"/koordination/verlauf/person/{anna_id}?page=1").get_data(as_text=True)
    assert "partner.edit" in person


# -- the founding year (Gründungsjahr): one property of the partner schema, end to end ---------------------
def founded(graph, partner_id="pa"):
    """The founding year the graph holds for a partner."""
    return graph.query("MATCH (p:Partner {id: $id}) RETURN p.founded AS founded", id=partner_id)[0]["founded"]


def test_the_founding_year_goes_from_import_to_page_to_profile_form_to_export(app, login_as, vocabulary, tmp_path):
    import_folder(vocabulary, write_folder(tmp_path / "in", {
        "partners.csv": "id,name,kind,description,founded\npa,Partner A,company,Beschreibung A,1990\n"}))
    assert founded(vocabulary) == 1990
    visitor = app.test_client()  # anonymous
    assert "<dt>Gründungsjahr</dt><dd>1990</dd>" in visitor.get("/partner/pa").get_data(as_text=True)
    visitor.get("/sprache/en")
    assert "<dt>Founding year</dt><dd>1990</dd>" in visitor.get("/partner/pa").get_data(as_text=True)

    anna = login_as("member_a")
    form = anna.get("/partner/pa/bearbeiten").get_data(as_text=True)
    assert 'name="founded"' in form and 'value="1990"' in form
    version = vocabulary.query("MATCH (p:Partner {id: 'pa'}) RETURN p.version AS v")[0]["v"]
    saved = anna.post_form("/partner/pa/bearbeiten", profile(founded="1987", version=str(version)))
    assert saved.status_code == 303 and founded(vocabulary) == 1987
    changes = json.loads(vocabulary.query("MATCH (e:AuditEvent {action: 'partner.edit'}) "
                                          "RETURN e.changes_json AS c")[0]["c"])
    assert changes["founded"] == [1990, 1987]

    export_folder(vocabulary, tmp_path / "out")
    rows = {row["id"]: row for row in read_rows(tmp_path / "out" / "partners.csv")}
    assert rows["pa"]["founded"] == "1987" and rows["pb"]["founded"] == ""
    assert list(rows["pa"]).index("founded") == list(rows["pa"]).index("district") + 1


@pytest.mark.parametrize("bad", ["1799", str(date.today().year + 1), "neunzehnhundert", "19 90"])
def test_a_bad_founding_year_is_refused_next_to_its_field_and_nothing_is_saved(login_as, vocabulary, bad):
    response = login_as("member_a").post_form("/partner/pa/bearbeiten", profile(founded=bad))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<p class="error" id="founded-error">Bitte ein Jahr von 1800 bis {date.today().year} angeben.</p>' in page
    assert partner_row(vocabulary)["description"] == "Beschreibung A" and founded(vocabulary) is None


def test_the_founding_year_can_be_left_empty(login_as, vocabulary):
    anna = login_as("member_a")
    assert anna.post_form("/partner/pa/bearbeiten", profile(founded="2001")).status_code == 303
    assert anna.post_form("/partner/pa/bearbeiten", profile(founded="", version="2")).status_code == 303
    assert founded(vocabulary) is None

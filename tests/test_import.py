"""Import: every rule of the exchange format, and that a bad folder leaves the graph as it was."""
from datetime import date

import pytest

from allianz import revision
from allianz.exceptions import ImportRejected
from allianz.exchange.loader import import_folder
from allianz.exchange.writer import export_folder
from allianz.writes import relationship_set

from exchange_helpers import normalised, write_folder

COUNTS = """
RETURN COUNT { (:Partner) } AS partners, COUNT { (:Project) } AS projects, COUNT { (:Competency) } AS competencies,
       COUNT { (:Field) } AS fields, COUNT { ()-[:PARTICIPATES_IN]->() } AS participations,
       COUNT { ()-[:HAS_COMPETENCY]->() } AS has, COUNT { ()-[:NEEDS]->() } AS needs,
       COUNT { ()-[:BROADER]->() } AS broader, COUNT { ()-[:ACTIVE_IN]->() } AS active_in,
       COUNT { ()-[:IN_FIELD]->() } AS in_field
"""


def rejected(graph, folder, **kwargs):
    """The problems an import of `folder` reports (it must be rejected)."""
    with pytest.raises(ImportRejected) as caught:
        import_folder(graph, folder, **kwargs)
    return caught.value.problems


def test_a_valid_folder_builds_the_graph(graph, tmp_path):
    import_folder(graph, write_folder(tmp_path))
    counts = graph.query(COUNTS)[0]
    assert counts == {"partners": 3, "projects": 2, "competencies": 2, "fields": 2, "participations": 3,
                      "has": 3, "needs": 1, "broader": 1, "active_in": 3, "in_field": 2}
    alpha = graph.query("MATCH (p:Partner {id: 'a'})-[r:HAS_COMPETENCY]->(c) "
                        "RETURN p.name AS name, p.description AS description, c.id AS competency, r.level AS level")
    assert alpha == [{"name": "Alpha GmbH", "description": "Baut Sensoren, seit 1990",
                      "competency": "daten-offen", "level": 3}]
    project = graph.query("MATCH (p:Project {id: 'x'}) RETURN toString(p.started) AS started, "
                          "toString(p.ended) AS ended, p.status AS status")
    assert project == [{"started": "2020-01-01", "ended": "2021-06-30", "status": "completed"}]
    lead = graph.query("MATCH (p:Partner)-[r:PARTICIPATES_IN {role: 'lead'}]->(:Project {id: 'x'}) RETURN p.id AS id")
    assert lead == [{"id": "a"}]


def test_a_second_import_of_the_same_folder_changes_nothing(graph, tmp_path):
    folder = write_folder(tmp_path)
    import_folder(graph, folder)
    domain = ("MATCH (n) WHERE NOT n:Migration AND NOT n:GraphState "
              "RETURN n.id AS id, properties(n) AS props ORDER BY id")
    before = graph.query(domain)
    counts = graph.query(COUNTS)
    import_folder(graph, folder)
    assert graph.query(COUNTS) == counts
    assert graph.query(domain) == before


def test_a_changed_row_updates_the_graph_and_its_lists(graph, tmp_path):
    import_folder(graph, write_folder(tmp_path / "one"))
    changed = write_folder(tmp_path / "two", partners=(
        "id,name,kind,fields,competencies\n"
        "a,Alpha AG,company,umwelt,daten:1\n"
        "b,Beta e.V.,civil_society,,\n"
        "c,Hochschule Gamma,science,,\n"))
    import_folder(graph, changed)
    alpha = graph.query("MATCH (p:Partner {id: 'a'}) RETURN p.name AS name, p.description AS description, "
                        "[(p)-[:ACTIVE_IN]->(f) | f.key] AS fields, "
                        "[(p)-[r:HAS_COMPETENCY]->(c) | c.id + ':' + r.level] AS competencies")
    assert alpha == [{"name": "Alpha AG", "description": None, "fields": ["umwelt"], "competencies": ["daten:1"]}]


@pytest.mark.parametrize("overrides, expected", [
    ({"partners": "id,name,kind\na,Alpha,company\nb,Beta,spaceship\nc,Gamma,science\n"},
     "partners.csv:3: unknown kind 'spaceship'"),
    ({"partners": "id,name\na,Alpha\n"}, "partners.csv:1: missing column 'kind'"),
    ({"partners": "id,name,kind\na,Alpha,company\na,Again,company\nc,Gamma,science\nb,Beta,company\n"},
     "partners.csv:3: duplicate id 'a' (first on line 2)"),
    ({"partners": "id,name,kind\na,,company\nb,Beta,company\nc,Gamma,science\n"}, "partners.csv:2: 'name' is empty"),
    ({"partners": "id,name,kind,website\na,A,company,javascript:alert(1)\nb,B,company,\nc,C,science,\n"},
     "partners.csv:2: website must be an http:// or https:// address"),
    ({"partners": "id,name,kind,founded\na,A,company,1799\nb,B,company,\nc,C,science,\n"},
     f"partners.csv:2: founded must be a year from 1800 to {date.today().year}: '1799'"),
    ({"partners": "id,name,kind,founded\na,A,company,\nb,B,company,neunzehnhundert\nc,C,science,\n"},
     "partners.csv:3: founded must be a year from 1800 to"),
    ({"partners": f"id,name,kind,founded\na,A,company,{date.today().year + 1}\nb,B,company,\nc,C,science,\n"},
     "partners.csv:2: founded must be a year from 1800 to"),
    ({"partners": "id,name,kind,competencies\na,A,company,daten:7\nb,B,company,\nc,C,science,\n"},
     "partners.csv:2: competency level must be 1, 2 or 3: 'daten:7'"),
    ({"partners": "id,name,kind,fields\na,A,company,weltraum\nb,B,company,\nc,C,science,\n"},
     "partners.csv:2: unknown field 'weltraum'"),
    ({"projects": "id,title,status,started\nx,X,completed,2020-13-45\ny,Y,idea,\n"},
     "projects.csv:2: 'started' is not a date of the form YYYY-MM-DD: '2020-13-45'"),
    ({"projects": "id,title,status,started,ended\nx,X,completed,2021-01-01,2020-01-01\ny,Y,idea,,\n"},
     "projects.csv:2: 'ended' (2020-01-01) is before 'started' (2021-01-01)"),
    ({"projects": "id,title,status\nx,X,dreaming\ny,Y,idea\n"}, "projects.csv:2: unknown status 'dreaming'"),
    ({"projects": "id,title,status,needs\nx,X,active,quantencomputer\ny,Y,idea,\n"},
     "projects.csv:2: unknown needed competency 'quantencomputer'"),
    ({"participations": "project_id,partner_id,role\nx,a,lead\nx,zz,partner\n"},
     "participations.csv:3: unknown partner 'zz'"),
    ({"participations": "project_id,partner_id,role\nnope,a,lead\n"}, "participations.csv:2: unknown project 'nope'"),
    ({"participations": "project_id,partner_id,role\nx,a,boss\n"}, "participations.csv:2: unknown role 'boss'"),
    ({"participations": "project_id,partner_id\nx,a\nx,a\n"},
     "participations.csv:3: partner 'a' is listed twice for project 'x' (first on line 2)"),
    ({"competencies": "id,name,broader\nd1,Eins,d2\nd2,Zwei,d1\ndaten,Daten,\ndaten-offen,Offen,daten\n"},
     "competencies.csv:2: the broader chain of 'd1' runs in a circle"),
    ({"competencies": "id,name,broader\ndaten,Daten,\ndaten-offen,Offen,nirgends\n"},
     "competencies.csv:3: unknown broader competency 'nirgends'"),
    ({"partners": "id,name,kind\na,\"Alpha,company\n"}, "partners.csv:2: malformed CSV"),
    ({"partners": None}, "partners.csv:0: file missing (it is required)"),
    ({"fields": ""}, "fields.csv:1: empty file: a header row is expected"),
])
def test_a_bad_row_is_reported_with_file_line_and_reason(graph, tmp_path, overrides, expected):
    problems = rejected(graph, write_folder(tmp_path, **overrides))
    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_bad_founding_year_writes_nothing(graph, tmp_path):
    problems = rejected(graph, write_folder(tmp_path, partners="id,name,kind,founded\na,A,company,3000\n",
                                            participations=None))
    assert problems == [f"partners.csv:2: founded must be a year from 1800 to {date.today().year}: '3000'"]
    assert graph.query("RETURN COUNT { (:Partner) } AS n") == [{"n": 0}]


def test_the_founding_year_is_optional_and_stored_as_a_number(graph, tmp_path):
    import_folder(graph, write_folder(tmp_path, partners="id,name,kind,founded\na,A,company,1990\nb,B,company,\n",
                                      participations=None))
    assert graph.query("MATCH (p:Partner) RETURN p.id AS id, p.founded AS founded ORDER BY id") == [
        {"id": "a", "founded": 1990}, {"id": "b", "founded": None}]


def test_relationship_sets_name_only_whitelisted_labels_and_types():
    cypher = relationship_set("Partner", "HAS_COMPETENCY", "Competency", "competencies", properties=("level",))
    assert "MATCH (n:Partner {id: $id})" in cypher and "SET r.level = item.level" in cypher
    for bad in (("User", "HAS_COMPETENCY", "Competency", "x"), ("Partner", "OWNS", "Field", "x"),
                ("Partner", "ACTIVE_IN", "Field", "x}) DETACH DELETE n //")):
        with pytest.raises(ValueError):
            relationship_set(*bad)


def test_a_file_that_is_not_utf8_names_the_line(graph, tmp_path):
    latin1 = "id,name,kind\na,Alpha,company\nb,Bürgerverein,civil_society\nc,C,science\n".encode("latin-1")
    problems = rejected(graph, write_folder(tmp_path, partners=latin1))
    assert problems[0].startswith("partners.csv:3: not UTF-8 (byte 0xfc)")


def test_every_problem_is_reported_not_just_the_first(graph, tmp_path):
    folder = write_folder(tmp_path, partners="id,name,kind\na,A,robot\nb,,company\nc,C,science\nc,D,science\n")
    problems = rejected(graph, folder)
    assert [problem.split(":")[1] for problem in problems] == ["2", "3", "5"]


def test_a_rejected_import_leaves_the_graph_as_it_was(graph, tmp_path):
    import_folder(graph, write_folder(tmp_path / "good"))
    before = graph.query(COUNTS)
    names = graph.query("MATCH (p:Partner) RETURN p.name AS name ORDER BY name")
    bad = write_folder(tmp_path / "bad", partners=(
        "id,name,kind\na,Renamed,company\nb,Beta,civil_society\nc,Gamma,science\nnew,New,company\nd,D,alien\n"))
    rejected(graph, bad)
    assert graph.query(COUNTS) == before
    assert graph.query("MATCH (p:Partner) RETURN p.name AS name ORDER BY name") == names


def test_references_to_ids_the_graph_already_holds_are_accepted(graph, tmp_path):
    import_folder(graph, write_folder(tmp_path / "base"))
    more = write_folder(tmp_path / "more", {
        "partners.csv": "id,name,kind,competencies\nd,Delta,startup,daten-offen:2\n",
        "participations.csv": "project_id,partner_id\nx,d\n",
    })
    import_folder(graph, more)
    team = graph.query("MATCH (p:Partner)-[:PARTICIPATES_IN]->(:Project {id: 'x'}) RETURN p.id AS id ORDER BY id")
    assert [row["id"] for row in team] == ["d"]  # participations.csv gives project x's whole team


def test_replace_removes_what_the_folder_no_longer_has(graph, tmp_path):
    import_folder(graph, write_folder(tmp_path / "base"))
    smaller = write_folder(tmp_path / "small", {"partners.csv": "id,name,kind\nz,Zeta,chamber\n"})
    import_folder(graph, smaller, replace=True)
    assert graph.query("MATCH (n) WHERE NOT n:Migration AND NOT n:GraphState "
                       "RETURN labels(n)[0] AS label, n.id AS id") == [
        {"label": "Partner", "id": "z"}]


def test_unknown_columns_are_ignored_and_missing_optional_ones_are_empty(graph, tmp_path):
    folder = write_folder(tmp_path,
                          {"partners.csv": "id,name,kind,favourite_colour\nq,Quartier e.V.,association,blau\n"})
    import_folder(graph, folder)
    assert graph.query("MATCH (p:Partner) RETURN p {.id, .name, .kind, .favourite_colour} AS p") == [
        {"p": {"id": "q", "name": "Quartier e.V.", "kind": "association", "favourite_colour": None}}]


def test_export_then_import_into_an_empty_database_gives_the_same_graph(graph, tmp_path):
    source = write_folder(tmp_path / "source")
    import_folder(graph, source)
    export_folder(graph, tmp_path / "first")
    graph.run_autocommit("MATCH (n) WHERE NOT n:Migration DETACH DELETE n")
    import_folder(graph, tmp_path / "first")
    export_folder(graph, tmp_path / "second")
    assert normalised(tmp_path / "first") == normalised(tmp_path / "second") == normalised(source)
    assert (tmp_path / "first" / "partners.csv").read_bytes() == (tmp_path / "second" / "partners.csv").read_bytes()


def test_the_demo_alliance_survives_the_round_trip(demo_graph, tmp_path):
    from conftest import DEMO_DIR
    export_folder(demo_graph, tmp_path / "out")
    assert normalised(tmp_path / "out") == normalised(DEMO_DIR)


def test_every_import_moves_the_graph_revision_on_so_caches_refresh(graph, tmp_path):
    folder = write_folder(tmp_path)
    before = revision.current(graph)
    import_folder(graph, folder)
    first = revision.current(graph)
    import_folder(graph, folder)
    assert revision.current(graph) > first > before


def test_replace_by_a_folder_whose_ids_all_differ_leaves_exactly_that_folder(graph, tmp_path):
    import csv
    source = write_folder(tmp_path / "source")
    import_folder(graph, source)
    other = tmp_path / "other"
    other.mkdir()
    columns = {"partners.csv": ("id",), "projects.csv": ("id",), "participations.csv": ("project_id", "partner_id")}
    for path in source.iterdir():
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            header, rows = reader.fieldnames, list(reader)
        with open(other / path.name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, header)
            writer.writeheader()
            writer.writerows({**row, **{column: "neu-" + row[column] for column in columns.get(path.name, ())}}
                             for row in rows)
    import_folder(graph, other, replace=True)
    export_folder(graph, tmp_path / "out")
    assert normalised(tmp_path / "out") == normalised(other)
    assert graph.query("MATCH (n) WHERE (n:Partner OR n:Project) AND NOT n.id STARTS WITH 'neu-' "
                       "RETURN count(n) AS old") == [{"old": 0}]


# --- full scale: the transaction memory is checked before anything is written (issue 14, finding 7) ---------

def test_the_server_tells_its_transaction_memory_limit(graph):
    from allianz.exchange import memory
    allowed, setting = memory.server_limit(graph)
    assert setting == "dbms.memory.transaction.total.max"
    assert 0.6 * 768 * 2**20 < allowed < 0.8 * 768 * 2**20  # Neo4j's default 70 % of the test server's heap


def test_an_import_too_large_for_the_servers_transaction_memory_is_refused_before_it_writes(graph, tmp_path,
                                                                                           monkeypatch):
    from allianz.exceptions import ImportTooLarge
    from allianz.exchange import memory
    import_folder(graph, write_folder(tmp_path / "first"))
    before = revision.current(graph)
    monkeypatch.setattr(memory, "MERGED_NODE", 2**40)  # as if each node a re-import creates took a terabyte
    from exchange_helpers import VALID
    changed = write_folder(tmp_path / "second", partners=VALID["partners.csv"] + "d,Delta AG,company,,,,,,,\n")
    with pytest.raises(ImportTooLarge) as refused:
        import_folder(graph, changed, replace=True)
    message = str(refused.value)
    assert "dbms.memory.transaction.total.max" in message and "ALLIANZ_LOCAL_NEO4J_HEAP=" in message
    assert revision.current(graph) == before  # nothing written, not even the revision
    export_folder(graph, tmp_path / "out")
    assert normalised(tmp_path / "out") == normalised(tmp_path / "first")
    monkeypatch.undo()
    import_folder(graph, changed, replace=True)  # the same import within the limit goes through
    export_folder(graph, tmp_path / "out2")
    assert normalised(tmp_path / "out2") == normalised(changed)


def test_a_second_import_of_the_same_folder_is_estimated_smaller_than_the_first(graph, tmp_path):
    from allianz.exchange import loader, memory
    from allianz.exchange.reader import read_folder
    folder = write_folder(tmp_path / "source")
    import_folder(graph, folder)
    data, _ = read_folder(folder, lambda _kind, _ids: set())
    with graph.transaction() as tx:
        stored = loader.stored_nodes(tx)
    again = memory.needed(loader.steps_for(data), stored, loader.stale_nodes(data, stored))
    empty = {label: {} for label in stored}
    into_empty = memory.needed(loader.steps_for(data, empty=True), empty, {})
    assert 0 < again < into_empty < 100 * 2**10  # a few partners: kilobytes, not the default limit's 500 MB


def test_neo4j_size_settings_are_read_in_bytes():
    from allianz.exchange.memory import size_in_bytes
    assert size_in_bytes("716.80MiB") == int(716.8 * 2**20)
    assert size_in_bytes("2.00GiB") == 2 * 2**30 and size_in_bytes("0B") == 0 and size_in_bytes("512m") == 512 * 2**20
    assert size_in_bytes("unlimited") is None

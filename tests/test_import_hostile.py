"""Import and export under hostile data (issue 14): formulas, control characters, ids, faults, concurrency."""
import csv

import pytest

from allianz.exceptions import ImportRejected
from allianz.exchange.cells import escaped, for_spreadsheet, from_spreadsheet
from allianz.exchange.loader import import_folder
from allianz.exchange.writer import export_folder

from exchange_helpers import VALID, read_rows, write_folder

FORMULAS = ["=cmd|' /C calc'!A0", "@SUM(A1)", "+49 30 1234", "-1+2", "=HYPERLINK(\"http://x\")", "\tTab",
            "'quoted", "''twice", "'=already marked"]


def rejected(graph, folder):
    """The problems an import of `folder` reports (it must be rejected)."""
    with pytest.raises(ImportRejected) as caught:
        import_folder(graph, folder)
    return caught.value.problems


def partners_csv(rows):
    """partners.csv text with the given (id, name, description) rows, quoted as CSV."""
    lines = ["id,name,kind,description"]
    for key, name, description in rows:
        cells = [key, name, "company", description]
        lines.append(",".join('"' + cell.replace('"', '""') + '"' for cell in cells))
    return "\n".join(lines) + "\n"


# -- 5. spreadsheet-safe export, control characters ----------------------------------------------------
@pytest.mark.parametrize("value", FORMULAS + ["plain", "", "a=b"])
def test_the_text_mark_round_trips(value):
    written = for_spreadsheet(value)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert from_spreadsheet(written) == value


def test_an_export_never_starts_a_cell_with_a_formula_and_the_import_gives_it_back(graph, tmp_path):
    rows = [(f"p{index}", name, name) for index, name in enumerate(FORMULAS)]
    import_folder(graph, write_folder(tmp_path / "in", partners=partners_csv(rows), participations=None))
    stored = {row["id"]: row["name"] for row in graph.query("MATCH (p:Partner) RETURN p.id AS id, p.name AS name")}
    assert stored["p0"] == "=cmd|' /C calc'!A0" and stored["p5"] == "\tTab"  # the leading tab is kept
    assert stored["p6"] == "'quoted" and stored["p8"] == "=already marked"  # one mark is removed, only before a formula
    export_folder(graph, tmp_path / "out")
    for row in read_rows(tmp_path / "out" / "partners.csv"):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row
    before = graph.query("MATCH (p:Partner) RETURN p.id AS id, properties(p) AS props ORDER BY id")
    import_folder(graph, tmp_path / "out", replace=True)
    after = graph.query("MATCH (p:Partner) RETURN p.id AS id, properties(p) AS props ORDER BY id")
    assert [(r["id"], r["props"]["name"], r["props"].get("description")) for r in after] == \
        [(r["id"], r["props"]["name"], r["props"].get("description")) for r in before]


@pytest.mark.parametrize("bad, shown", [
    ("\x1b[31mrot", "\\x1b[31mrot"), ("Glocke\x07", "Glocke\\x07"), ("links\u202eecnerts", "links\\u202eecnerts"),
    ("c1\x85", "c1\\x85"), ("del\x7f", "del\\x7f"), ("zwei\nZeilen", "zwei\\x0aZeilen"),
    ("trenn\u2028", "trenn\\u2028"),
])
def test_control_and_bidi_characters_are_refused_with_file_line_and_shown_escaped(graph, tmp_path, bad, shown):
    folder = write_folder(tmp_path, partners=partners_csv([("a", "Alpha", ""), ("b", bad, "")]), participations=None)
    problems = rejected(graph, folder)
    assert any(problem.startswith("partners.csv:3: 'name' contains the character U+") for problem in problems), problems
    assert any(shown in problem for problem in problems), problems
    assert all(escaped(problem) == problem for problem in problems)  # nothing raw reaches a terminal
    assert graph.query("RETURN COUNT { (:Partner) } AS n")[0]["n"] == 0


def test_line_breaks_and_tabs_are_kept_in_long_texts(graph, tmp_path):
    folder = write_folder(tmp_path, partners=partners_csv([("a", "Alpha", "Erste Zeile\r\nzweite\tZeile")]),
                          participations=None)
    import_folder(graph, folder)
    assert graph.query("MATCH (p:Partner) RETURN p.description AS d")[0]["d"] == "Erste Zeile\r\nzweite\tZeile"


# -- 8. ids that work in an address ---------------------------------------------------------------------
@pytest.mark.parametrize("bad_id", ["a/b", "a\\b", "..", ".", "a?b", "a#b", "a%2Fb", "ä", "a:b", "a;b",
                                    "a  b", "x" * 101])
def test_an_id_that_breaks_its_page_is_refused_with_file_line(graph, tmp_path, bad_id):
    folder = write_folder(tmp_path, partners=partners_csv([("ok", "OK", ""), (bad_id, "Bad", "")]),
                          participations=None)
    problems = rejected(graph, folder)
    assert any(problem.startswith("partners.csv:3: id ") for problem in problems), problems


def test_every_accepted_id_has_a_working_page(client, graph, tmp_path):
    ids = ["a.b", "a_b", "a~b", "a-b", "A1", "RISK FINANCE"]
    folder = write_folder(tmp_path, partners=partners_csv([(key, key, "") for key in ids]), participations=None)
    import_folder(graph, folder)
    from flask import url_for
    with client.application.test_request_context():
        addresses = [url_for("partners.detail", id=key) for key in ids]
    for address in addresses:
        assert client.get(address).status_code == 200, address


def test_field_and_competency_ids_are_checked_too(graph, tmp_path):
    folder = write_folder(tmp_path, fields="key,name_de\nmo/bil,Mobil\n",
                          competencies="id,name\nda/ten,Daten\n", partners="id,name,kind\na,A,company\n",
                          projects=None, participations=None)
    problems = rejected(graph, folder)
    assert any(p.startswith("fields.csv:2: id 'mo/bil'") for p in problems), problems
    assert any(p.startswith("competencies.csv:2: id 'da/ten'") for p in problems), problems


def test_the_cordis_like_valid_folder_still_imports(graph, tmp_path):
    import_folder(graph, write_folder(tmp_path))
    assert graph.query("RETURN COUNT { (:Partner) } AS n")[0]["n"] == 3
    assert VALID  # the shared valid folder holds no refused character or id
    with open(tmp_path / "partners.csv", newline="", encoding="utf-8") as handle:
        assert len(list(csv.reader(handle))) == 4


# -- 6. the importer tells the truth after a fault ------------------------------------------------------
PARTNER_NAMES = "MATCH (p:Partner) RETURN p.id AS id, p.name AS name ORDER BY id"


@pytest.fixture
def lost_after_commit(monkeypatch):
    """Every explicit transaction commits on the real server, then the connection breaks before the answer."""
    from neo4j.exceptions import ServiceUnavailable

    import neo4j
    real_commit = neo4j.Transaction.commit

    def commit_then_break(tx):
        real_commit(tx)
        raise ServiceUnavailable("connection lost after COMMIT (staged by the test)")
    monkeypatch.setattr(neo4j.Transaction, "commit", commit_then_break)


def test_a_connection_lost_after_the_commit_is_reported_as_the_success_it_was(graph, tmp_path, lost_after_commit):
    data = import_folder(graph, write_folder(tmp_path))
    assert data.counts()["partners"] == 3
    assert len(graph.query(PARTNER_NAMES)) == 3


def test_a_fault_before_the_commit_is_reported_as_nothing_written(graph, tmp_path, monkeypatch):
    from neo4j.exceptions import ServiceUnavailable

    import neo4j

    def break_instead(tx):
        tx.rollback()
        raise ServiceUnavailable("connection lost before COMMIT (staged by the test)")
    monkeypatch.setattr(neo4j.Transaction, "commit", break_instead)
    from allianz.exceptions import DatabaseUnavailable
    with pytest.raises(DatabaseUnavailable):
        import_folder(graph, write_folder(tmp_path))
    assert graph.query(PARTNER_NAMES) == []


def test_an_outcome_that_cannot_be_checked_is_reported_as_unknown(graph, tmp_path, monkeypatch):
    from neo4j.exceptions import ServiceUnavailable

    import neo4j
    from allianz.db import Graph
    from allianz.exceptions import DatabaseUnavailable, ImportOutcomeUnknown
    real_commit, real_query, down = neo4j.Transaction.commit, Graph.query, []

    def commit_then_break(tx):
        real_commit(tx)
        down.append(True)
        raise ServiceUnavailable("connection lost after COMMIT (staged by the test)")

    def unreachable(self, *args, **kwargs):  # from the lost commit on, Neo4j cannot be asked
        if down:
            raise DatabaseUnavailable("still down (staged by the test)")
        return real_query(self, *args, **kwargs)
    monkeypatch.setattr(neo4j.Transaction, "commit", commit_then_break)
    from allianz.exchange import loader
    monkeypatch.setattr(loader.revision, "current", lambda _graph: None)
    monkeypatch.setattr(Graph, "query", unreachable)
    with pytest.raises(ImportOutcomeUnknown, match="run the same import again"):
        import_folder(graph, write_folder(tmp_path), check_seconds=0)


def test_the_cli_says_what_happened_after_a_lost_commit(cli, graph, tmp_path, lost_after_commit):
    result = cli("import", write_folder(tmp_path))
    assert result.exit_code == 0, result.output
    assert "imported" in result.output and "nothing was written" not in result.output


# -- 9. two imports of the same record at the same time ---------------------------------------------------
def test_an_import_that_waited_for_another_one_is_refused_not_silently_overwritten(graph, tmp_path):
    import threading

    from allianz.exceptions import ImportConflict
    import_folder(graph, write_folder(tmp_path / "base"))
    mine = write_folder(tmp_path / "mine", partners="id,name,kind\na,Alpha (mine),company\n", participations=None)
    outcome = {}
    with graph.transaction() as other:  # another import: holds the lock and changes partner a
        other.run("MATCH (s:GraphState {id: 'main'}) SET s.importing = 'other'").consume()

        def second():
            try:
                import_folder(graph, mine)
                outcome["result"] = "written"
            except ImportConflict as error:
                outcome["result"] = str(error)
        thread = threading.Thread(target=second)
        thread.start()
        thread.join(timeout=3)
        assert thread.is_alive(), "the second import did not wait for the first"
        other.run("MATCH (p:Partner {id: 'a'}) SET p.name = 'Alpha (theirs)'").consume()
        other.run("MATCH (s:GraphState {id: 'main'}) SET s.revision = s.revision + 1").consume()
    thread.join(timeout=30)
    assert "the graph changed while the folder was being checked" in outcome["result"]
    assert graph.query("MATCH (p:Partner {id: 'a'}) RETURN p.name AS name") == [{"name": "Alpha (theirs)"}]


def test_imports_one_after_the_other_both_go_through(graph, tmp_path):
    import_folder(graph, write_folder(tmp_path / "one"))
    import_folder(graph, write_folder(tmp_path / "two", partners="id,name,kind\na,Alpha 2,company\n",
                                      participations=None))
    assert graph.query("MATCH (p:Partner {id: 'a'}) RETURN p.name AS name") == [{"name": "Alpha 2"}]

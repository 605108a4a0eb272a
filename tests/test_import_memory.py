"""The importer's memory estimate (measured per node and per relationship) and the import in batches for what
does not fit one transaction (issue 19, finding 15).

Neo4j Community cannot change its transaction memory limit at run time (no `dbms.setConfigValue`), so these
tests give the importer a low limit where it learns the server's (`memory.server_limit`); the bytes behind
the estimate were measured against the real limit by bench/import_memory.py (bench/RESULTS.md).
"""
import pytest

from allianz.exceptions import ImportTooLarge
from allianz.exchange import memory, queries
from allianz.exchange.loader import import_folder
from allianz.exchange.writer import export_folder

from conftest import DEMO_DIR
from exchange_helpers import normalised, write_folder

MB = 2**20
ISOLATED = """
UNWIND range(1, $count) AS number
CREATE (:Partner {id: 'iso-' + toString(number), name: 'Isolierter Partner ' + toString(number), kind: 'company',
                  description: 'Ein Partner ohne Beziehungen, nur zum Löschen da.', version: 1})
"""
COUNT_PARTNERS = ("MATCH (n:Partner) "
                  "RETURN count(n) AS partners, count(CASE WHEN n.id STARTS WITH $prefix THEN 1 END) AS old")


def limit_of(monkeypatch, megabytes):
    """Let the importer believe the server allows `megabytes` per transaction."""
    monkeypatch.setattr(memory, "server_limit", lambda _graph: (megabytes * MB, "db.memory.transaction.max"))


def partners_held(graph, prefix):
    """(all partners, those whose id starts with `prefix`)."""
    row = graph.query(COUNT_PARTNERS, prefix=prefix)[0]
    return row["partners"], row["old"]


def test_replacing_8000_isolated_partners_by_the_demo_fits_a_limit_the_old_estimate_refused(graph, monkeypatch):
    graph.execute(ISOLATED, count=8_000)
    limit_of(monkeypatch, 70)  # the old estimate: 9,300 B per deleted node, 86 MB with its margin; now 52 MB
    import_folder(graph, DEMO_DIR, replace=True)
    assert partners_held(graph, "iso-") == (38, 0)  # the demo's 38 partners, none of the isolated ones


def test_an_import_that_really_does_not_fit_is_still_refused_at_once_naming_the_ways_out(graph, monkeypatch):
    graph.execute(ISOLATED, count=8_000)
    limit_of(monkeypatch, 20)  # deleting 8,000 partners takes about 40 MB (5,113 B each, bench/RESULTS.md)
    with pytest.raises(ImportTooLarge) as refused:
        import_folder(graph, DEMO_DIR, replace=True)
    message = str(refused.value)
    assert "allows 20 MB (db.memory.transaction.max)" in message
    assert "ALLIANZ_LOCAL_NEO4J_HEAP=" in message and "--in-batches" in message and "not atomic" in message
    assert partners_held(graph, "iso-") == (8_000, 8_000)  # nothing written


# --- the import in batches -----------------------------------------------------------------------------------

def alliance(folder, prefix, partners=90, projects=30):
    """An exchange folder of `partners` partners and `projects` projects (ids starting with `prefix`), each
    project with a team of three."""
    rows = ["id,name,kind,short_name,description,website,country,district,fields,competencies"]
    rows += [f"{prefix}p{n},Partner {prefix}{n} GmbH,company,,Beschreibung {n},,DE,,mobilitaet,daten-offen:2"
             for n in range(partners)]
    projects_csv = ["id,title,status,summary,fields,needs,started,ended"]
    projects_csv += [f"{prefix}x{n},Projekt {prefix}{n},active,Zusammenfassung {n},umwelt,daten,2020-01-01,"
                     for n in range(projects)]
    teams = ["project_id,partner_id,role"]
    teams += [f"{prefix}x{n},{prefix}p{(n * 3 + k) % partners},{'lead' if k == 0 else 'partner'}"
              for n in range(projects) for k in range(3)]
    return write_folder(folder, partners="\n".join(rows) + "\n", projects="\n".join(projects_csv) + "\n",
                        participations="\n".join(teams) + "\n")


def reporting(said, number, then):
    """A `report` for the importer that keeps each line in `said` and calls `then()` once transaction `number` is
    reported written."""
    def report(message):
        said.append(message)
        if message.startswith(f"transaction {number} "):
            then()
    return report


def interrupt():
    """As if the process were stopped here."""
    raise KeyboardInterrupt


def needed_megabytes(graph, folder, replace):
    """What the importer estimates for `folder` against the graph as it is, in MB."""
    from allianz.exchange import loader
    from allianz.exchange.reader import read_folder
    data, _ = read_folder(folder, lambda _kind, _ids: set())
    stored = graph.read(loader.stored_nodes)
    stale = loader.stale_nodes(data, stored) if replace else {}
    empty = not any(stored.values())
    return memory.needed(loader.steps_for(data, empty=empty), stored, stale) / MB


def test_an_import_too_large_for_one_transaction_is_written_in_several_with_in_batches(graph, tmp_path,
                                                                                      monkeypatch):
    folder = alliance(tmp_path / "new", "n")
    limit = needed_megabytes(graph, folder, replace=False) / 3  # so about twelve transactions of a quarter of the limit
    limit_of(monkeypatch, limit)
    said = []
    import_folder(graph, folder, in_batches=True, report=said.append)
    assert "not atomic" in said[0]
    committed = [line for line in said if line.startswith("transaction ")]
    assert len(committed) >= 4 and committed[-1].startswith(f"transaction {len(committed)} of {len(committed)}")
    export_folder(graph, tmp_path / "out")
    assert normalised(tmp_path / "out") == normalised(folder)


def test_into_an_empty_graph_a_plain_import_too_large_for_one_transaction_is_written_in_several(graph, tmp_path,
                                                                                                 monkeypatch):
    folder = alliance(tmp_path / "new", "n")
    limit_of(monkeypatch, needed_megabytes(graph, folder, replace=False) / 3)
    said = []
    import_folder(graph, folder, report=said.append)   # not asked for batches: nothing can be half-replaced here
    assert said[0].startswith("the graph holds no data yet and the import is too large for one transaction")
    committed = [line for line in said if line.startswith("transaction ")]
    assert len(committed) >= 4 and committed[-1].startswith(f"transaction {len(committed)} of {len(committed)}")
    export_folder(graph, tmp_path / "out")
    assert normalised(tmp_path / "out") == normalised(folder)


@pytest.mark.parametrize("stop", ["interrupted", "graph changed"])
def test_an_import_into_an_empty_graph_that_stops_leaves_it_empty(graph, tmp_path, monkeypatch, stop):
    from allianz import revision
    from allianz.exceptions import ImportUndone
    folder = alliance(tmp_path / "new", "n")
    limit_of(monkeypatch, needed_megabytes(graph, folder, replace=False) / 3)
    said = []
    # interrupted: as if the process were stopped there; graph changed: an edit in the app, the third one stops
    after_the_second = reporting(said, 2, interrupt if stop == "interrupted" else lambda: graph.execute(revision.BUMP))

    with pytest.raises(KeyboardInterrupt if stop == "interrupted" else ImportUndone) as stopped:
        import_folder(graph, folder, report=after_the_second)
    if stop == "graph changed":
        assert "stopped in transaction 3 of" in str(stopped.value) and "removed again" in str(stopped.value)
    assert said[-1].startswith("removed what the import had written: ")
    assert graph.query(queries.DOMAIN_EMPTY)[0]["empty"]   # no field, competency, partner or project left
    assert partners_held(graph, "n") == (0, 0)
    import_folder(graph, folder)   # run again: done
    export_folder(graph, tmp_path / "out")
    assert normalised(tmp_path / "out") == normalised(folder)


def test_a_replace_in_batches_deletes_only_after_every_row_is_written_and_a_rerun_completes_it(graph, tmp_path,
                                                                                              monkeypatch):
    import_folder(graph, alliance(tmp_path / "old", "o"))
    folder = alliance(tmp_path / "new", "n")
    limit_of(monkeypatch, needed_megabytes(graph, folder, replace=True) / 3)
    said = []

    with pytest.raises(KeyboardInterrupt):   # as if the process were stopped after the second transaction
        import_folder(graph, folder, replace=True, in_batches=True, report=reporting(said, 2, interrupt))
    assert [line for line in said if line.startswith("transaction ")] == said[1:3] and "deleted" not in said[2]
    total, old = partners_held(graph, "o")
    assert old == 90 and total > 90  # new rows written, no old partner deleted yet
    export_folder(graph, tmp_path / "half")
    assert normalised(tmp_path / "half") != normalised(folder)
    import_folder(graph, folder, replace=True, in_batches=True, report=said.append)  # run again: completes it
    assert said[-1].startswith("transaction ") and "deleted" in said[-1]
    export_folder(graph, tmp_path / "out")
    assert normalised(tmp_path / "out") == normalised(folder)
    assert partners_held(graph, "o") == (90, 0)


def test_an_import_that_fits_is_written_in_one_transaction_even_when_in_batches_is_asked(graph, tmp_path):
    said = []
    import_folder(graph, write_folder(tmp_path), in_batches=True, report=said.append)
    assert said == ["the import fits one transaction: written in one (all or nothing)"]


# --- the estimate's parts --------------------------------------------------------------------------------------

def test_a_deleted_nodes_relationships_count_in_the_estimate(graph, tmp_path):
    import_folder(graph, alliance(tmp_path / "old", "o"))
    from allianz.exchange import loader
    stored = graph.read(loader.stored_nodes)
    degrees = {node_id: degree for node_id, (_node, degree) in stored["Partner"].items()}
    assert degrees["op0"] == 1 + 1 + 1  # a field, a competency, one team
    lonely = memory.deletion_cost(("node", 0))
    assert memory.deletion_cost(("node", 3)) == lonely + 3 * memory.DELETED_REL > lonely


def test_the_import_command_refuses_a_too_large_import_naming_the_flag_and_reports_each_batch_with_it(
        cli, graph, tmp_path, monkeypatch):
    import_folder(graph, alliance(tmp_path / "old", "o", partners=3, projects=1))   # the graph holds data already
    folder = alliance(tmp_path / "new", "n")
    limit_of(monkeypatch, needed_megabytes(graph, folder, replace=False) / 2)
    refused = cli("import", folder)
    assert refused.exit_code == 1 and "--in-batches" in refused.output and "nothing was written" in refused.output
    done = cli("import", folder, "--in-batches")
    assert done.exit_code == 0, done.output
    assert "not atomic" in done.output and "transaction 1 of " in done.output and "90 partners" in done.output
    assert partners_held(graph, "n") == (93, 90)


def test_an_import_in_batches_stops_when_the_graph_changes_between_its_transactions_and_a_rerun_completes_it(
        graph, tmp_path, monkeypatch):
    from allianz import revision
    from allianz.exceptions import ImportIncomplete
    folder = alliance(tmp_path / "new", "n")
    limit_of(monkeypatch, needed_megabytes(graph, folder, replace=False) / 3)

    def an_edit_after_the_first(message):
        if message.startswith("transaction 1 "):
            graph.execute(revision.BUMP)  # as an edit in the app or another import does

    with pytest.raises(ImportIncomplete) as stopped:
        import_folder(graph, folder, in_batches=True, report=an_edit_after_the_first)
    assert "stopped in transaction 2 of" in str(stopped.value) and "changed after transaction 1" in str(stopped.value)
    assert "Run the same import again with --in-batches" in str(stopped.value)
    import_folder(graph, folder, in_batches=True)
    export_folder(graph, tmp_path / "out")
    assert normalised(tmp_path / "out") == normalised(folder)

"""An import that meets the app's own data refuses with file:line and writes nothing, unless told
--overwrite-app-data; then it overwrites and audits each change (what it was, what it is)."""
import json

import pytest

from allianz.exceptions import ImportRejected
from allianz.exchange.loader import import_folder

from exchange_helpers import write_folder
from idea_helpers import IDEA_WORLD, propose
from test_partner_edit import VOCABULARY, profile


def test_a_partner_edited_in_the_app_is_not_overwritten_silently(login_as, actors, graph, tmp_path):
    graph.execute(VOCABULARY)
    assert login_as("member_a").post_form("/partner/pa/bearbeiten", profile(description="Im Profil gepflegt")) \
        .status_code == 303
    folder = write_folder(tmp_path, {"partners.csv": "id,name,kind,description\npx,Partner X,company,Neu\n"
                                                     "pa,Partner A,company,Aus der Tabelle\n"})
    with pytest.raises(ImportRejected) as refused:
        import_folder(graph, folder)
    assert refused.value.problems == [
        "partners.csv:3: partner 'pa' was changed in Allianz; the import would overwrite it "
        "(run it with --overwrite-app-data to do so, each change audited)"]
    rows = graph.query("MATCH (p:Partner) WHERE p.id IN ['pa', 'px'] RETURN p.id AS id, p.description AS d")
    assert rows == [{"id": "pa", "d": "Im Profil gepflegt"}]  # nothing written, not even px

    import_folder(graph, folder, overwrite_app_data=True)
    assert graph.query("MATCH (p:Partner {id: 'pa'}) RETURN p.description AS d")[0]["d"] == "Aus der Tabelle"
    event = graph.query("MATCH (e:AuditEvent {action: 'import.overwrite'})-[:ON]->(:Partner {id: 'pa'}) "
                        "RETURN e.via AS via, e.changes_json AS changes")
    assert len(event) == 1 and event[0]["via"] == "cli"
    assert json.loads(event[0]["changes"])["description"] == ["Im Profil gepflegt", "Aus der Tabelle"]


def test_an_idea_created_in_the_app_is_not_turned_into_an_imported_project(login_as, actors, graph, tmp_path):
    graph.execute(IDEA_WORLD)
    project_id = propose(login_as("member_a"))
    folder = write_folder(tmp_path, {"partners.csv": "id,name,kind\npa,Partner A,company\n",
                                     "projects.csv": f"id,title,status\n{project_id},Übernommen,active\n"})
    with pytest.raises(ImportRejected) as refused:
        import_folder(graph, folder)
    assert refused.value.problems[0].startswith(f"projects.csv:2: project '{project_id}' was created in Allianz")
    assert graph.query("MATCH (p:Project {id: $id}) RETURN p.status AS s", id=project_id)[0]["s"] == "idea"

"""Open data (/offene-daten/): the public network as CSV, JSON-LD and GraphML, and the DCAT-AP.de catalogue.

The files hold no person's name, e-mail or phone (scanned against every person and contact person in the graph),
leave out what coordinators left out and drafts, re-import through `allianz import` into an empty database as the
same public graph, and the catalogue passes the published DCAT-AP 3.0 and DCAT-AP.de SHACL shapes.
"""
import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF, SH

from allianz import create_app
from allianz.exchange.loader import import_folder

from conftest import DEMO_DIR, clear, make_app, test_settings
from exchange_helpers import normalised, read_rows

CSV_KINDS = ("partners", "projects", "participations", "competencies", "fields")
FILES = ([f"/offene-daten/{kind}.csv" for kind in CSV_KINDS]
         + [f"/offene-daten/{kind}.jsonld" for kind in ("allianz", *CSV_KINDS)]
         + ["/offene-daten/allianz.zip", "/offene-daten/netzwerk.graphml", "/offene-daten/katalog.ttl",
            "/offene-daten/katalog.jsonld", "/offene-daten/"])
CONTACTS = [  # contact persons of two partners: their data must never reach the open data
    {"partner": "pa", "id": "c-a", "name": "Carla Kontaktfrau", "email": "carla.kontakt@partner-a.example",
     "phone": "+49 221 555 0101", "function": "Leitung"},
    {"partner": "p03", "id": "c-3", "name": "Dieter Drittmann", "email": "dieter@p03.example",
     "phone": "0221 / 555 77 88", "function": "Innovation"},
]
ADD_CONTACT = """
MATCH (p:Partner {id: $partner})
CREATE (p)-[:HAS_CONTACT]->(:Contact {id: $id, name: $name, email: $email, phone: $phone, function: $function,
                                      visible_to_members: true})
"""
DRAFT = """
MATCH (lead:Partner {id: 'p02'})
CREATE (lead)-[:PARTICIPATES_IN {role: 'lead'}]->(:Project {id: 'entwurf-1', title: 'Geheimer Entwurf',
        status: 'idea', origin: 'app', version: 1, summary: 'Noch nicht öffentlich'})
"""
PERSONAL = """
CALL { MATCH (u:User) RETURN [u.name, u.email] AS values
       UNION ALL MATCH (c:Contact) RETURN [c.name, c.email, c.phone] AS values }
UNWIND values AS value
WITH value WHERE value IS NOT NULL AND value <> ''
RETURN collect(DISTINCT value) AS values
"""
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


@pytest.fixture
def world(actors, graph):
    """The demo alliance, the five actors, contact persons with names, e-mails and phones, and a draft idea."""
    import_folder(graph, DEMO_DIR, replace=True)
    for contact in CONTACTS:
        graph.execute(ADD_CONTACT, **contact)
    graph.execute(DRAFT)
    return graph


def texts_of(client):
    """{url or zip member: text} of every open-data file and the page."""
    found = {}
    for url in FILES:
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
                for name in archive.namelist():
                    found[f"{url}!{name}"] = archive.read(name).decode("utf-8")
        else:
            found[url] = response.get_data(as_text=True)
    return found


def rows_of(client, kind):
    """The rows of one CSV file of the open data."""
    return list(csv.DictReader(io.StringIO(client.get(f"/offene-daten/{kind}.csv").get_data(as_text=True))))


def choose(client, what, node_id, published, version):
    """POST the coordinators' choice; the response."""
    page = f"/partner/{node_id}" if what == "partner" else f"/ideen/{node_id}"
    return client.post_form(f"/offene-daten/{what}/{node_id}", {"published": "1" if published else "0",
                                                                 "version": str(version)}, page=page)


def test_no_file_holds_a_persons_name_email_or_phone(world, client):
    personal = world.query(PERSONAL)[0]["values"]
    assert len(personal) >= 4 * 2 + 2 * 3  # the actors' names and e-mails, the contacts' name, e-mail and phone
    for where, text in texts_of(client).items():
        lowered = text.lower()
        leaked = [value for value in personal if value.lower() in lowered]
        assert not leaked, f"{where} holds personal data: {leaked}"
        assert not EMAIL.search(text), f"{where} holds an e-mail address: {EMAIL.search(text).group(0)}"


def test_the_page_counts_what_the_files_hold_and_names_licence_and_catalogue(world, client):
    page = client.get("/offene-daten/").get_data(as_text=True)
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in page and "katalog.ttl" in page
    for kind in CSV_KINDS:
        count = len(rows_of(client, kind))
        assert re.search(rf'<tr id="{kind}">.*?<td class="num">{count}</td>', page, re.S), kind


def test_drafts_are_out_and_public_projects_in(world, client):
    projects = {row["id"]: row for row in rows_of(client, "projects")}
    assert "entwurf-1" not in projects
    assert len(projects) == world.query("MATCH (p:Project) WHERE p.origin IS NULL RETURN count(*) AS n")[0]["n"]
    assert all(row["project_id"] != "entwurf-1" for row in rows_of(client, "participations"))
    assert "Geheimer Entwurf" not in client.get("/offene-daten/allianz.jsonld").get_data(as_text=True)


def test_a_coordinator_leaves_out_a_partner_and_a_project_and_every_file_follows(world, login_as):
    coordinator = login_as("coordinator")
    page = coordinator.get("/partner/p03").get_data(as_text=True)
    assert "Aus den offenen Daten herausnehmen" in page
    partner_version = world.query("MATCH (p:Partner {id: 'p03'}) RETURN p.version AS v")[0]["v"]
    project = world.query("MATCH (pa:Partner {id: 'p05'})-[:PARTICIPATES_IN]->(p:Project) "
                          "RETURN p.id AS id, p.title AS title, p.version AS v ORDER BY id LIMIT 1")[0]
    before = coordinator.get("/offene-daten/allianz.zip")

    assert choose(coordinator, "partner", "p03", False, partner_version).status_code == 303
    assert choose(coordinator, "projekt", project["id"], False, project["v"]).status_code == 303

    assert "p03" not in {row["id"] for row in rows_of(coordinator, "partners")}
    assert project["id"] not in {row["id"] for row in rows_of(coordinator, "projects")}
    assert not [row for row in rows_of(coordinator, "participations")
                if row["partner_id"] == "p03" or row["project_id"] == project["id"]]
    name = world.query("MATCH (p:Partner {id: 'p03'}) RETURN p.name AS name")[0]["name"]
    for url in ("/offene-daten/allianz.jsonld", "/offene-daten/netzwerk.graphml", "/offene-daten/partners.jsonld"):
        text = coordinator.get(url).get_data(as_text=True)
        assert "/partner/p03" not in text and "partner:p03" not in text and name not in text, url
        assert project["title"] not in text, url
    assert coordinator.get("/offene-daten/allianz.zip").get_etag() != before.get_etag()  # built anew
    events = world.query("MATCH (e:AuditEvent {action: 'opendata.exclude'}) RETURN e.target_id AS id ORDER BY id")
    assert {e["id"] for e in events} == {"p03", project["id"]}
    assert "In die offenen Daten aufnehmen" in coordinator.get("/partner/p03").get_data(as_text=True)

    # back in, with the version the page shows now
    version = world.query("MATCH (p:Partner {id: 'p03'}) RETURN p.version AS v")[0]["v"]
    assert choose(coordinator, "partner", "p03", True, version).status_code == 303
    assert "p03" in {row["id"] for row in rows_of(coordinator, "partners")}


def test_a_choice_on_an_old_version_changes_nothing(world, login_as):
    coordinator = login_as("coordinator")
    version = world.query("MATCH (p:Partner {id: 'p03'}) RETURN p.version AS v")[0]["v"]
    response = choose(coordinator, "partner", "p03", False, version - 1)
    assert response.status_code == 303
    assert "inzwischen" in coordinator.get("/partner/p03").get_data(as_text=True)
    assert world.query("MATCH (p:Partner {id: 'p03'}) RETURN p.open_data AS o, p.version AS v")[0] == {
        "o": None, "v": version}
    assert "p03" in {row["id"] for row in rows_of(coordinator, "partners")}


def test_only_coordinators_choose_and_drafts_cannot_be_published(world, login_as):
    member = login_as("member_a")
    assert "Aus den offenen Daten" not in member.get("/partner/pa").get_data(as_text=True)
    assert choose(member, "partner", "pa", False, 1).status_code == 403
    coordinator = login_as("coordinator")
    assert "sind es nie" in coordinator.get("/projekte/entwurf-1", follow_redirects=True).get_data(as_text=True)
    assert choose(coordinator, "projekt", "entwurf-1", True, 1).status_code == 303
    assert "entwurf-1" not in {row["id"] for row in rows_of(coordinator, "projects")}
    assert world.query("MATCH (p:Project {id: 'entwurf-1'}) RETURN p.open_data AS o")[0]["o"] is None
    assert choose(coordinator, "partner", "nirgends", False, 1).status_code == 404


def test_the_csv_zip_imports_into_an_empty_database_as_the_same_public_graph(world, login_as, cli, tmp_path):
    coordinator = login_as("coordinator")
    version = world.query("MATCH (p:Partner {id: 'p07'}) RETURN p.version AS v")[0]["v"]
    choose(coordinator, "partner", "p07", False, version)
    first = tmp_path / "first"
    with zipfile.ZipFile(io.BytesIO(coordinator.get("/offene-daten/allianz.zip").data)) as archive:
        archive.extractall(first)
    assert "Datenlizenz Deutschland" in (first / "LIESMICH.txt").read_text(encoding="utf-8")
    assert "p07" not in {row["id"] for row in read_rows(first / "partners.csv")}

    clear(world)
    result = cli("import", first)
    assert result.exit_code == 0, result.output

    second = tmp_path / "second"
    with zipfile.ZipFile(io.BytesIO(make_app().test_client().get("/offene-daten/allianz.zip").data)) as archive:
        archive.extractall(second)
    assert normalised(first) == normalised(second)
    assert world.query("MATCH (p:Partner) RETURN count(*) AS n")[0]["n"] == len(read_rows(first / "partners.csv"))


def test_files_are_cached_per_revision_and_carry_licence_and_date(world, client):
    first = client.get("/offene-daten/partners.csv")
    assert first.headers["Link"] == '<http://dcat-ap.de/def/licenses/dl-by-de/2.0>; rel="license"'
    assert first.last_modified is not None and first.headers["Cache-Control"].startswith("public")
    again = client.get("/offene-daten/partners.csv", headers={"If-None-Match": first.get_etag()[0]})
    assert again.status_code == 304
    data = json.loads(client.get("/offene-daten/allianz.jsonld").data)
    dataset = data["@graph"][0]
    assert dataset["@type"] == "Dataset" and dataset["license"] == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", dataset["dateModified"])
    as_rdf = Graph().parse(data=client.get("/offene-daten/allianz.jsonld").data, format="json-ld")
    schema = Namespace("https://schema.org/")
    organizations = {node for node in as_rdf.subjects(RDF.type, schema.Organization) if isinstance(node, URIRef)}
    assert URIRef("http://localhost/partner/p02") in organizations
    assert len(organizations) == len(rows_of(client, "partners"))
    graphml = client.get("/offene-daten/netzwerk.graphml").get_data(as_text=True)
    assert "dl-by-de/2.0" in graphml and dataset["dateModified"] in graphml
    world.execute("MATCH (p:Partner {id: 'p02'}) SET p.name = 'Stadtwerke Neu'")  # no revision bump: from the cache
    assert "Stadtwerke Neu" not in client.get("/offene-daten/partners.csv").get_data(as_text=True)


def test_unknown_files_are_404(world, client):
    assert client.get("/offene-daten/personen.csv").status_code == 404
    assert client.get("/offene-daten/users.jsonld").status_code == 404


def test_addresses_come_from_the_configured_site_never_the_host_header(world, neo4j_server):
    app = create_app({**test_settings(), "BASE_URL": "https://daten.musterstadt.example",
                      "OPEN_DATA_LICENSE": "cc-by/4.0"})
    client = app.test_client()
    text = client.get("/offene-daten/katalog.ttl", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in text
    assert "https://daten.musterstadt.example/offene-daten/partners.csv" in text
    assert "http://dcat-ap.de/def/licenses/cc-by/4.0" in text


# -- the DCAT-AP.de catalogue against the published SHACL shapes (tests/data/shacl/README.md) --------------------------
SHACL = Path(__file__).resolve().parent / "data" / "shacl"
# The stored SEMIC file names its shapes <…/releases/3.0.0#…>; GovData's overlay (severity, German messages, the
# shapes DCAT-AP.de switches off) names them as the published file's own address does.
SEMIC_AS_STORED = "https://semiceu.github.io/DCAT-AP/releases/3.0.0#"
SEMIC_AS_PUBLISHED = "https://semiceu.github.io/DCAT-AP/releases/3.0.0/shacl/dcat-ap-SHACL.ttl#"


def as_the_itb_validator_reads_them(shapes):
    """pyshacl is stricter than the TopBraid engine of GovData's validator in two points the German additions rely
    on: a property shape as the value of sh:node (wrapped in a node shape) and a path-less shape as sh:property (it
    constrains the focus node itself: made its sh:node). The files stay as published; only the loaded graph changes."""
    for subject, target in list(shapes.subject_objects(SH.node)):
        if (target, SH.path, None) in shapes:
            wrapper = BNode()
            shapes.add((wrapper, SH.property, target))
            shapes.set((subject, SH.node, wrapper))
    for subject, target in list(shapes.subject_objects(SH.property)):
        if (target, SH.path, None) not in shapes:
            shapes.remove((subject, SH.property, target))
            shapes.add((subject, SH.node, target))
    return shapes


@pytest.fixture(scope="module")
def shapes():
    """SEMIC DCAT-AP 3.0 with GovData's DCAT-AP.de overlay and German additions, as one shapes graph."""
    semic = (SHACL / "dcat-ap-SHACL.ttl").read_text(encoding="utf-8").replace(SEMIC_AS_STORED, SEMIC_AS_PUBLISHED)
    graph = Graph().parse(data=semic, format="turtle")
    graph.parse(SHACL / "dcat-ap-SHACL-DE.ttl", format="turtle")
    graph.parse(SHACL / "dcat-ap-spec-german-additions.ttl", format="turtle")
    return as_the_itb_validator_reads_them(graph)


def violations(catalogue, shapes, severity=SH.Violation):
    """The SHACL results of `severity` for the catalogue graph, as readable lines."""
    vocabularies = Graph().parse(SHACL / "vocabularies.ttl", format="turtle")
    _conforms, report, _text = pyshacl.validate(catalogue, shacl_graph=shapes, ont_graph=vocabularies,
                                                inference="none", allow_warnings=True)
    return sorted(f"{report.value(r, SH.focusNode)} {report.value(r, SH.resultPath)}: "
                  f"{report.value(r, SH.resultMessage)}" for r in report.subjects(SH.resultSeverity, severity))


def test_the_catalogue_passes_the_dcat_ap_de_shapes_with_zero_violations(world, client, shapes):
    turtle = client.get("/offene-daten/katalog.ttl")
    assert turtle.status_code == 200 and turtle.mimetype == "text/turtle"
    catalogue = Graph().parse(data=turtle.data, format="turtle")
    assert violations(catalogue, shapes) == []
    assert violations(catalogue, shapes, SH.Warning) == []  # the vocabularies' SHOULDs are met too
    datasets = set(catalogue.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 7 and len(set(catalogue.subjects(RDF.type, DCAT.Distribution))) == 13
    for distribution in catalogue.subjects(RDF.type, DCAT.Distribution):
        url = str(catalogue.value(distribution, DCAT.downloadURL))
        assert url.startswith("http://localhost/offene-daten/"), url
        assert client.get(url.removeprefix("http://localhost")).status_code == 200, url
    as_jsonld = Graph().parse(data=client.get("/offene-daten/katalog.jsonld").data, format="json-ld")
    assert isomorphic(as_jsonld, catalogue)


def test_the_shapes_do_find_a_catalogue_without_publisher_and_titles(world, client, shapes):
    catalogue = Graph().parse(data=client.get("/offene-daten/katalog.ttl").data, format="turtle")
    catalogue.remove((None, DCTERMS.publisher, None))
    catalogue.remove((None, DCTERMS.title, None))
    found = violations(catalogue, shapes)
    assert any("#katalog" in line and "publisher" in line for line in found)
    assert sum("title" in line for line in found) >= 7  # every dataset, the catalogue


def test_a_licence_not_on_the_dcat_ap_de_list_stops_the_start_naming_the_list():
    with pytest.raises(RuntimeError, match="dl-by-de/2.0, dl-zero-de/2.0, cc-by/4.0"):
        create_app({**test_settings(), "OPEN_DATA_LICENSE": "alle-rechte-vorbehalten"})


def test_an_import_keeps_what_a_coordinator_left_out(world, login_as):
    coordinator = login_as("coordinator")
    version = world.query("MATCH (p:Partner {id: 'p03'}) RETURN p.version AS v")[0]["v"]
    assert choose(coordinator, "partner", "p03", False, version).status_code == 303
    import_folder(world, DEMO_DIR, replace=True)  # the importer lists p03 again; the choice is not its to undo
    assert "p03" not in {row["id"] for row in rows_of(coordinator, "partners")}

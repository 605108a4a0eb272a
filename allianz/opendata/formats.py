"""The open data in its formats, from the published rows (`service.published`): the exchange format's CSV files
(one by one and as a zip that `allianz import` reads), JSON-LD (schema.org) and GraphML (the partners–projects
network as the pictures draw it). Every file carries its licence and date: the zip in `LIESMICH.txt`, JSON-LD
in its schema:Dataset, GraphML as attributes of the graph; the routes add them as HTTP headers too.

Plain functions of plain data; the only outside things they use are the exchange writer, the network's layout
and GraphML writer, and `mail.site_links` for absolute addresses (from BASE_URL, never the request's host).
"""
import io
import json
import zipfile

from ..exchange.format import FILES
from ..exchange.writer import write_file
from ..mail import site_links, site_url
from ..network.export import as_graphml
from ..network.layout import layout
from ..network.nodes import partner_id, project_id

KINDS = ("partners", "projects", "participations", "competencies", "fields")  # the exchange files, one kind each
LAYOUT_MAX = 2000  # up to this many nodes the GraphML carries positions (a larger network: 0, 0; Gephi lays out)
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def csv_file(data, kind):
    """The exchange file of `kind` (e.g. "partners" → partners.csv) as UTF-8 bytes."""
    handle = io.StringIO(newline="")
    write_file(handle, f"{kind}.csv", data[kind])
    return handle.getvalue().encode("utf-8")


def readme(data, about):
    """LIESMICH.txt of the zip: what it is, its licence and date, and how to read it."""
    return "\n".join([
        about["title"], "",
        f"Herausgeber: {about['publisher']}",
        f"Stand: {data['modified']}",
        f"Lizenz: {about['licence_name']} ({about['licence_text']})",
        f"Namensnennung: {about['attribution']}",
        f"Quelle: {about['source']}", "",
        "Die CSV-Dateien sind im Austauschformat von Allianz (Version 1, UTF-8, Komma, RFC 4180), beschrieben in",
        "docs/exchange-format.md des Allianz-Quelltexts; `allianz import ORDNER` liest sie wieder ein.",
        "Personenbezogene Daten (Namen, E-Mail-Adressen, Telefonnummern von Personen) sind nicht enthalten.", "",
        *(f"{name}: {count} Zeilen" for name, count in ((f"{kind}.csv", len(data[kind])) for kind in KINDS)), "",
    ]).encode("utf-8")


def csv_zip(data, about):
    """Every exchange file and LIESMICH.txt as one plain zip (deflated; any unzip reads it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in FILES:
            info = zipfile.ZipInfo(name, date_time=zip_time(data["modified"]))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, csv_file(data, name.removesuffix(".csv")))
        info = zipfile.ZipInfo("LIESMICH.txt", date_time=zip_time(data["modified"]))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, readme(data, about))
    return buffer.getvalue()


def zip_time(day):
    """A zip entry's time for the ISO date `day` (the files' date; the same bytes for the same revision)."""
    year, month, date = (int(part) for part in day.split("-"))
    return (max(year, 1980), month, date, 0, 0, 0)


# -- JSON-LD (schema.org) ------------------------------------------------------------------------------------------
def texts(*pairs):
    """Language-tagged values [(text, language)…] as JSON-LD value objects, the empty ones left out."""
    return [{"@value": text, "@language": language} for text, language in pairs if text]


def ref(link, endpoint, **values):
    """A node reference {"@id": absolute address of the page}; `link` builds addresses (`mail.site_links`)."""
    return {"@id": link(endpoint, **values)}


def field_entity(link, row):
    """A field of action as a schema:DefinedTerm."""
    return {"@id": link("fields.detail", key=row["key"]), "@type": "DefinedTerm", "termCode": row["key"],
            "name": texts((row["name_de"], "de"), (row.get("name_en"), "en")),
            "inDefinedTermSet": ref(link, "fields.index")}


def competency_entity(link, row):
    """A competency as a schema:DefinedTerm (its broader one as skos:broader)."""
    entity = {"@id": link("competencies.detail", id=row["id"]), "@type": "DefinedTerm", "termCode": row["id"],
              "name": texts((row.get("name"), "de"), (row.get("name_en"), "en")),
              "inDefinedTermSet": ref(link, "competencies.index")}
    if row.get("broader"):
        entity["skos:broader"] = ref(link, "competencies.detail", id=row["broader"])
    return entity


def partner_entity(link, row):
    """A partner as a schema:Organization with its public fields, fields of action and competencies."""
    props = row["properties"]
    held = [item.partition(":") for item in row["competencies"]]  # "id" or "id:level"
    competency = {cid: ref(link, "competencies.detail", id=cid) for cid, _, _ in held}
    entity = {"@id": link("partners.detail", id=row["id"]), "@type": "Organization", "identifier": row["id"],
              "name": props.get("name"), "alternateName": props.get("short_name"),
              "description": props.get("description"), "url": props.get("website"),
              "foundingDate": str(props["founded"]) if props.get("founded") else None,
              "allianz:kind": props.get("kind"),
              "address": {"@type": "PostalAddress", "addressCountry": props["country"]}
              if props.get("country") else None,
              "location": {"@type": "Place", "name": props["district"]} if props.get("district") else None,
              "allianz:activeIn": [ref(link, "fields.detail", key=key) for key in row["fields"]],
              "knowsAbout": list(competency.values()),
              "allianz:competencyLevel": [{"allianz:competency": competency[cid], "allianz:level": int(level)}
                                          for cid, _, level in held if level]}
    return {key: value for key, value in entity.items() if value not in (None, "", [])}


def project_entity(link, row, team=()):
    """A project as a schema:Project (an Organization: its start and end as founding and dissolution date), its
    team as schema:member roles (schema:OrganizationRole with the role as roleName)."""
    entity = {"@id": link("projects.detail", id=row["id"]), "@type": "Project", "identifier": row["id"],
              "name": row.get("title"), "description": row.get("summary"), "allianz:status": row.get("status"),
              "foundingDate": row.get("started"), "dissolutionDate": row.get("ended"),
              "about": [ref(link, "fields.detail", key=key) for key in row.get("fields", ())],
              "allianz:needs": [ref(link, "competencies.detail", id=key) for key in row.get("needs", ())],
              "member": [member_role(link, item) for item in team]}
    return {key: value for key, value in entity.items() if value not in (None, "", [])}


def member_role(link, participation):
    """One participation as a schema:OrganizationRole of the project's member."""
    return {"@type": "OrganizationRole", "roleName": participation["role"],
            "member": ref(link, "partners.detail", id=participation["partner_id"])}


def entities(link, data, kind):
    """The schema.org nodes of `kind` ("all" for every kind)."""
    teams = {}
    for item in data["participations"]:
        teams.setdefault(item["project_id"], []).append(item)
    made = {
        "fields": lambda: [field_entity(link, row) for row in data["fields"]],
        "competencies": lambda: [competency_entity(link, row) for row in data["competencies"]],
        "partners": lambda: [partner_entity(link, row) for row in data["partners"]],
        "projects": lambda: [project_entity(link, row) for row in data["projects"]],
        "participations": lambda: [{"@id": link("projects.detail", id=pid),
                                    "member": [member_role(link, item) for item in team]}
                                   for pid, team in teams.items()],
    }
    if kind != "all":
        return made[kind]()
    return (made["fields"]() + made["competencies"]() + made["partners"]()
            + [project_entity(link, row, teams.get(row["id"], ())) for row in data["projects"]])


def jsonld(data, about, kind, address):
    """The JSON-LD document of `kind` ("all" or one of KINDS): a schema:Dataset (name, licence, date, publisher)
    and the nodes, in one @graph."""
    context = {"@vocab": SCHEMA, "skos": SKOS, "allianz": site_url("opendata.index") + "vokabular#",
               "license": {"@type": "@id"}, "url": {"@type": "@id"}}
    dataset = {"@id": address, "@type": "Dataset", "name": about["title"], "license": about["licence"],
               "dateModified": data["modified"], "datePublished": about["issued"],
               "creditText": about["attribution"], "isBasedOn": about["source"],
               "publisher": {"@type": "Organization", "name": about["publisher"], "url": about["publisher_url"]}}
    document = {"@context": context, "@graph": [dataset, *entities(site_links(), data, kind)]}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- GraphML -------------------------------------------------------------------------------------------------------
def network(data):
    """The partners–projects network as the pictures draw it: {nodes, edges}, with positions up to LAYOUT_MAX."""
    projects_of = {}
    for item in data["participations"]:
        projects_of[item["partner_id"]] = projects_of.get(item["partner_id"], 0) + 1
    nodes = [{"id": partner_id(row["id"]), "name": row["properties"].get("name") or row["id"], "type": "partner",
              "kind": row["properties"].get("kind"), "projects": projects_of.get(row["id"], 0)}
             for row in data["partners"]]
    nodes += [{"id": project_id(row["id"]), "name": row["title"], "type": "project", "status": row["status"]}
              for row in data["projects"]]
    edges = [{"from": partner_id(item["partner_id"]), "to": project_id(item["project_id"]),
              "value": 3 if item["role"] == "lead" else 1, "title": item["role"]} for item in data["participations"]]
    if len(nodes) <= LAYOUT_MAX:
        positions = layout(nodes, edges)
        for node in nodes:
            node["x"], node["y"] = positions.get(node["id"], (0, 0))
    return {"nodes": nodes, "edges": edges}


def graphml(data, about):
    """The network as GraphML, with title, licence, date, publisher and source as the graph's attributes."""
    return as_graphml(network(data), about={
        "title": about["title"], "license": about["licence"], "license_name": about["licence_name"],
        "modified": data["modified"], "publisher": about["publisher"], "attribution": about["attribution"],
        "source": about["source"]}).encode("utf-8")

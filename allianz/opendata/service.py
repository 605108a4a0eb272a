"""Open data: what is published (the exchange export's rows of what `queries` publishes, partners with their
public fields only), the files in each format, the DCAT-AP.de catalogue, and the coordinators' choice of what is
left out. The only caller of `opendata.queries`.

Every file is built once per graph revision (and site address) and kept (`revision.memo`): any write moves the
revision on, so the next request builds the files anew, and until then every request is served from memory.
"""
from datetime import date

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from .. import revision, writes
from ..db import get_graph, query_one, rows
from ..exceptions import NotFound
from ..exchange import writer
from ..mail import site_url
from ..partners import schema
from . import catalogue, formats, queries
from .licences import licence

KINDS = formats.KINDS
JSONLD_KINDS = ("allianz", *KINDS)
# The datasets of the page and the catalogue: key, title, description (German first, as everything).
DATASETS = (
    ("allianz", _l("Das Netzwerk der Allianz (alle Dateien)"),
     _l("Partner mit ihren öffentlichen Angaben, Kompetenzen und Handlungsfeldern, Projekte und wer daran "
        "mitwirkt: alles in einem. Die ZIP-Datei enthält die CSV-Dateien im Austauschformat, die sich wieder "
        "einlesen lassen.")),
    ("partners", _l("Partner"),
     _l("Die Partner der Allianz mit ihren öffentlichen Angaben (Name, Art, Kurzname, Beschreibung, Website, Land, "
        "Stadtteil, Gründungsjahr), Handlungsfeldern und Kompetenzen (mit Stufe 1–3).")),
    ("projects", _l("Projekte"),
     _l("Die öffentlichen Projekte und Ideen: Titel, Status, Zusammenfassung, Handlungsfelder, benötigte "
        "Kompetenzen, Beginn und Ende.")),
    ("participations", _l("Mitwirkungen"),
     _l("Welcher Partner in welchem Projekt mitwirkt, als Leitung oder Partner.")),
    ("competencies", _l("Kompetenzen"),
     _l("Das Kompetenz-Vokabular der Allianz (deutsch und englisch), mit der jeweils übergeordneten Kompetenz.")),
    ("fields", _l("Handlungsfelder"), _l("Die Handlungsfelder der Allianz (deutsch und englisch).")),
    ("network", _l("Netzwerk (GraphML)"),
     _l("Das Netz aus Partnern und Projekten, wie es die Netzwerk-Bilder zeigen: Partner und Projekte als Knoten "
        "(mit Lage), Mitwirkungen als Kanten; für Gephi, yEd oder Cytoscape.")),
)
CHOICE_ACTIONS = {True: "opendata.include", False: "opendata.exclude"}


def cached(key, work):
    """`work()` once per graph revision and site address (the files hold absolute addresses)."""
    return revision.memo(get_graph(), ("opendata", current_app.config["BASE_URL"], *key), work)


def read_published(tx):
    """Transaction function: every published row, read in one transaction (one consistent state)."""
    data = {kind: writer.read_rows(tx, f"{kind}.csv") for kind in KINDS}
    published_ids = rows(tx, queries.PUBLISHED_IDS, {})[0]
    partners, projects = set(published_ids["partners"]), set(published_ids["projects"])
    data["partners"] = [row for row in data["partners"] if row["id"] in partners]
    data["projects"] = [row for row in data["projects"] if row["id"] in projects]
    data["participations"] = [row for row in data["participations"]
                              if row["partner_id"] in partners and row["project_id"] in projects]
    state = rows(tx, queries.STATE, {})[0]
    data["revision"] = state["revision"]
    data["modified"] = state["changed"] or current_app.config["OPEN_DATA_ISSUED"]
    for row in data["partners"]:  # only the fields the partner schema declares public, nothing else of the node
        row["properties"] = schema.public(row["properties"])
    return data


def published():
    """The published rows: {fields, competencies, partners, projects, participations, revision, modified}."""
    return cached(("rows",), lambda: get_graph().read(read_published))


def about():
    """The metadata every file and the catalogue carry: title, publisher, licence, dates, addresses."""
    config = current_app.config
    chosen = licence(config["OPEN_DATA_LICENSE"])
    page = site_url("opendata.index")
    publisher = config["OPEN_DATA_PUBLISHER"]
    with force_locale("de"):
        title = str(_l("Offene Daten der %(publisher)s", publisher=publisher))
        description = str(_l("Das Kooperationsnetz der %(publisher)s als offene Daten: Partner, Kompetenzen, "
                             "Handlungsfelder, Projekte und Mitwirkungen, ohne Daten über Personen.",
                             publisher=publisher))
    return {"title": title, "description": description, "publisher": publisher,
            "publisher_url": config.get("OPEN_DATA_PUBLISHER_URL") or page + "#herausgeber",
            "licence": chosen.uri, "licence_name": chosen.name, "licence_text": chosen.text_url,
            "attribution": f"{publisher} ({page})", "source": page, "page": page,
            "catalogue": page + "#katalog", "issued": config["OPEN_DATA_ISSUED"],
            "geocoding": config["OPEN_DATA_GEOCODING_URI"], "geocoding_level": config["OPEN_DATA_GEOCODING_LEVEL"],
            "contributor": config["OPEN_DATA_CONTRIBUTOR_ID"]}


def csv_file(kind):
    """The exchange file of `kind` (bytes)."""
    return cached(("csv", kind), lambda: formats.csv_file(published(), kind))


def archive():
    """Every exchange file and LIESMICH.txt as a zip (bytes)."""
    return cached(("zip",), lambda: formats.csv_zip(published(), about()))


def jsonld(kind):
    """The JSON-LD of `kind` ("allianz": everything) (bytes)."""
    return cached(("jsonld", kind), lambda: formats.jsonld(published(), about(), "all" if kind == "allianz" else kind,
                                                             site_url("opendata.jsonld", kind=kind)))


def graphml():
    """The partners–projects network as GraphML (bytes)."""
    return cached(("graphml",), lambda: formats.graphml(published(), about()))


def distributions(key):
    """The files of dataset `key`: [{format, url (absolute), endpoint, args (of the endpoint)}]."""
    if key == "allianz":
        offered = [("zip", "opendata.archive", {}), ("jsonld", "opendata.jsonld", {"kind": "allianz"})]
    elif key == "network":
        offered = [("graphml", "opendata.graphml", {})]
    else:
        offered = [("csv", "opendata.csv", {"kind": key}), ("jsonld", "opendata.jsonld", {"kind": key})]
    return [{"format": fmt, "url": site_url(endpoint, **values), "endpoint": endpoint, "args": values}
            for fmt, endpoint, values in offered]


def catalogue_graph():
    """The DCAT-AP.de catalogue (an rdflib Graph), its datasets' texts in German."""
    meta = about()
    with force_locale("de"):
        datasets = [{"key": key, "title": str(title), "description": str(description),
                     "distributions": distributions(key)} for key, title, description in DATASETS]
    return catalogue.build(datasets, {**meta, "modified": summary()[1]})


def catalogue_file(form):
    """The catalogue as "ttl" (Turtle) or "jsonld" (JSON-LD), bytes."""
    write = catalogue.turtle if form == "ttl" else catalogue.json_ld
    return cached(("catalogue", form), lambda: write(catalogue_graph()))


def summary():
    """(rows per file, the date of the graph's last change), counted without building the files: what the page and
    the catalogue need stays quick on a large graph."""
    def read():
        counts = query_one(queries.COUNTS)
        state = query_one(queries.STATE)
        return counts, state["changed"] or current_app.config["OPEN_DATA_ISSUED"]
    return cached(("summary",), read)


def overview():
    """What the page shows: each dataset with its files and row count, the licence, the date."""
    counts, modified = summary()
    counts = {**counts, "allianz": counts["partners"] + counts["projects"],
              "network": counts["partners"] + counts["projects"]}
    datasets = [{"key": key, "title": title, "description": description, "count": counts[key],
                 "files": distributions(key)} for key, title, description in DATASETS]
    return {"datasets": datasets, "about": about(), "modified": date.fromisoformat(modified), "counts": counts}


# -- the coordinators' choice -------------------------------------------------------------------------------------
def publication(label, node_id):
    """{id, published, choosable, version} of partner or project `node_id` ("Partner" or "Project"), or None."""
    return query_one(queries.STATE_OF[label], id=node_id)


def choose(label, node_id, published_now, version, actor_id):
    """Put the partner or project in the open data or leave it out, as of `version` (VersionConflict when it moved);
    audited as opendata.include / opendata.exclude. NotFound when there is no such node."""
    if publication(label, node_id) is None:
        raise NotFound(f"{label} {node_id}")

    def change(tx):
        row = tx.run(queries.CHOOSE[label], id=node_id, published=bool(published_now)).single()
        return {"open_data": row["before"]}, {"open_data": row["after"]}
    return writes.unit_of_work(change, actor_id=actor_id, action=CHOICE_ACTIONS[bool(published_now)],
                               target_label=label, target_id=node_id, version=version)

"""Open data: what is published (the exchange export's rows of what `queries` publishes, partners with their
public fields only), the files in each format, the DCAT-AP.de catalogue, and the coordinators' choice of what is
left out. The only caller of `opendata.queries`.

The files of one graph revision are built together, as one set (`build_files`: one read of the graph in one
transaction, then every format, the catalogue among them), and each worker keeps the newest set it has (per graph
and site address: the files hold absolute addresses). Each file's bytes, its Last-Modified and ETag, the
catalogue's `dct:modified` and the page's counts and date all come from the set served, so they agree with each
other and never claim a freshness the set does not have.

Any write moves the graph's revision on (`allianz.revision`). The next request for a file (`current_files`):

- on a small graph (fewer partners than the setting OPEN_DATA_BACKGROUND_FROM, by default the network's
  NETWORK_BACKGROUND_FROM, 2,000) builds the new set in the request, once (parallel requests wait for that one:
  `jobs.run_here`);
- on a large graph never waits for a build: it starts one in the background (`allianz.jobs`, lane "opendata": one
  job at a time per worker and graph, so one per revision however many requests come; the set is stored once for
  every worker and host by `allianz.shared` and its bytes are adopted by the worker when done) and is answered at
  once from the set kept, that of an earlier revision of the same data set (generation). When this worker has
  none (the first request after the start, or after an import that replaced the data) `Building` is raised and
  the routes answer 503 with Retry-After and a page that reloads itself.

Why the job process and not a thread of the worker: the build is seconds of pure Python (CSV, JSON-LD, GraphML, the
zip) at CORDIS scale; in a thread it would hold the worker's GIL that long and slow every request of that worker,
while the job process runs it at low priority and the worker only receives the bytes (some MB). A coordinator's
choice starts the build at once (`prepare`), so that it reaches the files within the build's seconds.
"""
import threading
import time
from datetime import date

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from .. import jobs, revision, shared, writes
from ..db import get_graph, query_each, query_one, rows
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
RETRY_AFTER = 5   # seconds a client is asked to wait before asking again while the first files are built

_kept = {}        # (graph uri, database, site address) -> the newest set of files this worker has
_kept_lock = threading.Lock()


class Building(jobs.InProgress):
    """The files are being built in the background and this worker has none of this data set to serve meanwhile."""

    def __init__(self, started):
        super().__init__("open data files are being built", started)


def read_published(tx):
    """Transaction function: every published row, read in one transaction (one consistent state)."""
    data = {kind: writer.read_rows(tx, f"{kind}.csv") for kind in KINDS}
    published_ids = rows(tx, queries.PUBLISHED_IDS, {})[0]
    partners, projects = set(published_ids["partners"]), set(published_ids["projects"])
    data["partners"] = [row for row in data["partners"] if row["id"] in partners]
    data["projects"] = [row for row in data["projects"] if row["id"] in projects]
    data["participations"] = [row for row in data["participations"]
                              if row["partner_id"] in partners and row["project_id"] in projects]
    state = rows(tx, queries.CURRENT, {})[0]
    data["revision"], data["generation"] = state["revision"], revision.generation_of(state)
    data["modified"] = modified_of(state)
    for row in data["partners"]:  # only the fields the partner schema declares public, nothing else of the node
        row["properties"] = schema.public(row["properties"])
    return data


def modified_of(state):
    """The files' date (their dct:modified) for a row of `queries.CURRENT`: the day (UTC) of the graph's last change,
    or OPEN_DATA_ISSUED for a graph the app never changed."""
    return state["changed_at"][:10] if state["changed_at"] else current_app.config["OPEN_DATA_ISSUED"]


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


def catalogue_graph(meta, modified):
    """The DCAT-AP.de catalogue (an rdflib Graph) of files dated `modified`, its datasets' texts in German."""
    with force_locale("de"):
        datasets = [{"key": key, "title": str(title), "description": str(description),
                     "distributions": distributions(key)} for key, title, description in DATASETS]
    return catalogue.build(datasets, {**meta, "modified": modified})


def build_files():
    """Every file of the graph's current revision, from one read: {bodies: {key: bytes}, revision, generation,
    modified (the files' date), counts (rows per file)}. Keys: ("csv", kind), ("zip",), ("jsonld", kind of
    JSONLD_KINDS), ("graphml",), ("catalogue", "ttl" or "jsonld")."""
    data = get_graph().read(read_published)
    meta = about()
    bodies = {("csv", kind): formats.csv_file(data, kind) for kind in KINDS}
    bodies[("zip",)] = formats.csv_zip(data, meta)
    for kind in JSONLD_KINDS:
        bodies[("jsonld", kind)] = formats.jsonld(data, meta, "all" if kind == "allianz" else kind,
                                                site_url("opendata.jsonld", kind=kind))
    bodies[("graphml",)] = formats.graphml(data, meta)
    described = catalogue_graph(meta, data["modified"])
    bodies[("catalogue", "ttl")] = catalogue.turtle(described)
    bodies[("catalogue", "jsonld")] = catalogue.json_ld(described)
    return {"bodies": bodies, "revision": data["revision"], "generation": data["generation"],
            "modified": data["modified"], "counts": {kind: len(data[kind]) for kind in KINDS}}


def place():
    """Where a set of files belongs: (graph uri, database, site address)."""
    graph = get_graph()
    return graph.uri, graph.database, current_app.config["BASE_URL"]


def adopt(where, built):
    """Keep the set `built` for `where` unless the one kept is of a later revision of the same data set (or `built`
    is None: no longer stored, the next request starts the build again); returns the set kept now."""
    with _kept_lock:
        kept = _kept.get(where)
        if built is None:
            return kept
        newer = kept is not None and kept["generation"] == built["generation"] and kept["revision"] > built["revision"]
        if not newer:
            _kept[where] = kept = built
        return kept


def current_files(build_here=True):
    """(the set of files to serve now, whether it is of an earlier revision than the graph's). On a small graph a
    new revision's set is built here (with `build_here`; else (None, False) is returned); on a large one it is built
    in the background and the set kept served meanwhile, `Building` raised when there is none of this data set."""
    where = place()
    state = query_one(queries.CURRENT)
    generation = revision.generation_of(state)
    kept = _kept.get(where)
    same = kept is not None and kept["generation"] == generation
    if same and kept["revision"] >= state["revision"]:
        return kept, False
    if state["partners"] >= current_app.config["OPEN_DATA_BACKGROUND_FROM"]:
        job = start_build(where)
        if same:
            kept.setdefault("superseded_at", time.time())  # since when it is behind (the page's "Stand: vor … s")
            return kept, True
        raise Building(job.started)
    if not build_here:
        return None, False
    jobs.run_here(("opendata", *where), "open data", lambda: adopt(where, build_files()))
    found = _kept.get(where)
    if found is None or found["generation"] != generation:  # the build waited for failed, or was of another graph
        found = adopt(where, build_files())
    return found, found["revision"] < state["revision"]


def start_build(where):
    """Start building the files of the graph's current revision as a background job (`allianz.jobs`, lane
    "opendata"; one at a time for `where`: a request while it runs joins it); returns the running `jobs.Job`. The
    set built is kept in this worker when it is done."""
    store = shared.store()
    job, _started = jobs.start(("opendata", *where), "open data", jobs.Task(in_job_process),
                               then=lambda stored: adopt(where, store.get(stored)), lane=jobs.OPEN_DATA)
    return job


def in_job_process():
    """(In the job process.) The files of the graph's current revision, built once for every worker and host
    (`allianz.shared`: another one's are loaded instead); returns the key they are stored under."""
    state = query_one(queries.CURRENT)
    key = ("opendata", *place(), *revision.generation_of(state), state["revision"])
    with current_app.test_request_context("/offene-daten/"):
        shared.store().once(key, build_files)
    return key


def wait_built(timeout=60):
    """Wait until no build of the files runs in this worker (tests, benchmarks); True when idle."""
    return jobs.wait_idle(timeout, kind="opendata")


def file(key):
    """{body (bytes), modified (the date of the set it comes from)} of the file `key` (see `build_files`); raises
    `Building` on a large graph while the first files are built."""
    found, _behind = current_files()
    return {"body": found["bodies"][key], "modified": found["modified"]}


def prepare():
    """After a change the files should show soon (a coordinator's choice): on a large graph start building them now;
    nothing on a small one (the next request builds them)."""
    try:
        current_files(build_here=False)
    except Building:
        pass


def summary():
    """(rows per file, the date of the graph's last change), counted without building the files: what the page shows
    before any files are built stays quick on a large graph."""
    def read():
        counts, state = query_each((queries.COUNTS, {}), (queries.CURRENT, {}))
        return counts[0], modified_of(state[0])
    return revision.memo(get_graph(), ("opendata", "summary"), read)


def overview():
    """What the page shows: each dataset with its files and row count, the licence, the date; the counts and date of
    the files served, or, before any are built, of the graph now (counted without building the files). On a large
    graph the files served may be of an earlier revision: `stand` (seconds, else None) says since when, while newer
    ones are built; `building` that the first ones are being built (the files answer 503 meanwhile)."""
    stand, building = None, False
    try:
        found, behind = current_files(build_here=False)
        if behind:
            stand = max(0, int(time.time() - found["superseded_at"]))
    except Building:
        found, building = None, True
    counts, modified = (found["counts"], found["modified"]) if found is not None else summary()
    counts = {**counts, "allianz": counts["partners"] + counts["projects"],
              "network": counts["partners"] + counts["projects"]}
    datasets = [{"key": key, "title": title, "description": description, "count": counts[key],
                 "files": distributions(key)} for key, title, description in DATASETS]
    return {"datasets": datasets, "about": about(), "modified": date.fromisoformat(modified), "counts": counts,
            "stand": stand, "building": building}


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
    done = writes.unit_of_work(change, actor_id=actor_id, action=CHOICE_ACTIONS[bool(published_now)],
                               target_label=label, target_id=node_id, version=version)
    prepare()
    return done

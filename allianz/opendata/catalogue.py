"""The DCAT-AP.de 3.0 catalogue of the open data (rdflib): one dcat:Catalog, one dcat:Dataset per kind, one
dcat:Distribution per format, as Turtle and JSON-LD. A city's open-data portal harvests it (docs/open-data.md).

Formats and media types come from the EU vocabularies (file-type authority table; IANA media types as the EU
and DCAT-AP name them), the licence from the DCAT-AP.de licence list, the political geocoding and the
contributor id from the configuration. Every address is absolute, built from BASE_URL (`mail.site_url`).
"""
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
GEOCODING_LEVEL = Namespace("http://dcat-ap.de/def/politicalGeocoding/Level/")

# format -> (EU file type, IANA media type, words for the title)
FORMATS = {
    "csv": (FILE_TYPE.CSV, MEDIA_TYPE + "text/csv", "CSV"),
    "zip": (FILE_TYPE.ZIP, MEDIA_TYPE + "application/zip", "ZIP (CSV-Dateien im Austauschformat)"),
    "jsonld": (FILE_TYPE.JSON_LD, MEDIA_TYPE + "application/ld+json", "JSON-LD (schema.org)"),
    "graphml": (FILE_TYPE.XML, MEDIA_TYPE + "application/xml", "GraphML"),
}
GRAPHML = URIRef("http://graphml.graphdrawing.org/xmlns")  # what the GraphML files conform to


def build(datasets, about):
    """The catalogue as an rdflib Graph.

    `datasets`: [{key, title, description, distributions: [{format, url}]}]; `about`: the configuration and
    addresses (catalogue, page, publisher, licence, attribution, issued, modified, geocoding and its level,
    contributor).
    """
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("dcatde", DCATDE)):
        graph.bind(prefix, namespace)
    catalog = URIRef(about["catalogue"])
    publisher = URIRef(about["publisher_url"])
    licence = URIRef(about["licence"])
    issued = Literal(about["issued"], datatype=XSD.date)
    modified = Literal(about["modified"], datatype=XSD.date)
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal(about["publisher"], lang="de")))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(about["title"], lang="de")))
    graph.add((catalog, DCTERMS.description, Literal(about["description"], lang="de")))
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, FOAF.homepage, URIRef(about["page"])))
    graph.add((catalog, DCTERMS.language, LANGUAGE.DEU))
    graph.add((catalog, DCTERMS.issued, issued))
    graph.add((catalog, DCTERMS.modified, modified))
    for item in datasets:
        dataset = URIRef(about["page"] + "#" + item["key"])
        graph.add((catalog, DCAT.dataset, dataset))
        add_dataset(graph, dataset, item, about, publisher, licence, issued, modified)
    return graph


def add_dataset(graph, dataset, item, about, publisher, licence, issued, modified):
    """One dcat:Dataset with its distributions."""
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.identifier, Literal(about["page"] + "#" + item["key"])))
    graph.add((dataset, DCTERMS.title, Literal(item["title"], lang="de")))
    graph.add((dataset, DCTERMS.description, Literal(item["description"], lang="de")))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCTERMS.issued, issued))
    graph.add((dataset, DCTERMS.modified, modified))
    graph.add((dataset, DCTERMS.language, LANGUAGE.DEU))
    graph.add((dataset, DCAT.landingPage, URIRef(about["page"])))
    graph.add((dataset, DCAT.theme, THEME.GOVE))
    graph.add((dataset, DCAT.theme, THEME.ECON))
    graph.add((dataset, DCATDE.politicalGeocodingURI, URIRef(about["geocoding"])))
    graph.add((dataset, DCATDE.politicalGeocodingLevelURI, GEOCODING_LEVEL[about["geocoding_level"]]))
    graph.add((dataset, DCATDE.contributorID, URIRef(about["contributor"])))
    for keyword in item.get("keywords", ()):
        graph.add((dataset, DCAT.keyword, Literal(keyword, lang="de")))
    for offered in item["distributions"]:
        file_type, media_type, words = FORMATS[offered["format"]]
        distribution = URIRef(about["page"] + "#" + item["key"] + "-" + offered["format"])
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(f"{item['title']} – {words}", lang="de")))
        graph.add((distribution, DCAT.accessURL, URIRef(offered["url"])))
        graph.add((distribution, DCAT.downloadURL, URIRef(offered["url"])))
        graph.add((distribution, DCTERMS.format, file_type))
        graph.add((distribution, DCAT.mediaType, URIRef(media_type)))
        graph.add((distribution, DCTERMS.license, licence))
        graph.add((distribution, DCATDE.licenseAttributionByText, Literal(about["attribution"], lang="de")))
        graph.add((distribution, DCTERMS.issued, issued))
        graph.add((distribution, DCTERMS.modified, modified))
        if offered["format"] == "graphml":
            graph.add((distribution, DCTERMS.conformsTo, GRAPHML))
    return dataset


def turtle(graph):
    """The catalogue as Turtle (bytes)."""
    return graph.serialize(format="turtle", encoding="utf-8")


def json_ld(graph):
    """The catalogue as JSON-LD (bytes), with the prefixes as its context."""
    context = {"dcat": str(DCAT), "dct": str(DCTERMS), "foaf": str(FOAF), "dcatde": str(DCATDE),
               "xsd": str(XSD)}
    return graph.serialize(format="json-ld", context=context, indent=1, encoding="utf-8")



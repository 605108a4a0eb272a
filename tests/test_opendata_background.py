"""The open-data files on a large graph (at least OPEN_DATA_BACKGROUND_FROM partners; here the demo alliance with the
threshold set to 1): no request waits for a build. After a write the files of the revision before are served at once,
with their own ETag, Last-Modified and catalogue date, while ONE background job builds the new ones; with nothing built
yet the files answer 503 with Retry-After until they are there."""
import threading

import pytest
from rdflib import Graph, Literal, namespace

from allianz import jobs
from allianz.exchange.loader import import_folder
from allianz.opendata import service
from allianz.partners.profile import service as profile

from conftest import DEMO_DIR

EARLIER = "2026-03-01"   # the date of the graph's last change before the test's write (set without a revision bump)
SET_EARLIER = "MATCH (s:GraphState {id: 'main'}) SET s.changed_at = datetime($day + 'T10:00:00Z')"
CHANGED = "MATCH (s:GraphState {id: 'main'}) RETURN toString(date(s.changed_at)) AS day"
FILES = ("/offene-daten/partners.csv", "/offene-daten/allianz.zip", "/offene-daten/partners.jsonld",
         "/offene-daten/allianz.jsonld", "/offene-daten/netzwerk.graphml", "/offene-daten/katalog.ttl",
         "/offene-daten/katalog.jsonld", "/offene-daten/projects.csv")


@pytest.fixture
def large(app, graph, monkeypatch):
    """The demo alliance treated as a large graph (its files built in the background from 1 partner on), its last
    change dated EARLIER."""
    import_folder(graph, DEMO_DIR, replace=True)
    graph.execute(SET_EARLIER, day=EARLIER)
    monkeypatch.setitem(app.config, "OPEN_DATA_BACKGROUND_FROM", 1)
    yield graph
    assert service.wait_built(60)


def built(client):
    """Ask for a file until the first files are built (the first answer is 503); the 200 answer."""
    first = client.get("/offene-daten/partners.csv")
    assert first.status_code == 503
    assert service.wait_built(60)
    answer = client.get("/offene-daten/partners.csv")
    assert answer.status_code == 200
    return answer


def edit_description(app, partner_id, text):
    """A small write as the profile form makes it: the partner's description, through the profile service."""
    with app.app_context():
        found = profile.editable(partner_id)
        found["description"] = text
        profile.save(partner_id, found["version"], found, actor_id=None)


def catalogue_modified(response):
    """The dct:modified values of the catalogue in `response` (Turtle)."""
    catalogue = Graph().parse(data=response.data, format="turtle")
    return {value for value in catalogue.objects(None, namespace.DCTERMS.modified)}


def test_with_nothing_built_a_file_answers_503_with_retry_after_and_then_200(large, client):
    first = client.get("/offene-daten/netzwerk.graphml")
    assert first.status_code == 503
    assert first.headers["Retry-After"] == str(service.RETRY_AFTER) and first.headers["Cache-Control"] == "no-store"
    html = first.get_data(as_text=True)
    assert "Die offenen Daten werden gerade erstellt" in html
    assert f'<meta http-equiv="refresh" content="{service.RETRY_AFTER}">' in html
    assert '<a href="/offene-daten/netzwerk.graphml" id="offene-daten-neu-laden">' in html
    page = client.get("/offene-daten/").get_data(as_text=True)
    assert "Die Dateien werden gerade erstellt" in page
    assert service.wait_built(60)
    answer = client.get("/offene-daten/netzwerk.graphml")
    assert answer.status_code == 200 and answer.mimetype == "application/xml"
    partners = large.query("MATCH (p:Partner) RETURN count(p) AS n")[0]["n"]
    assert answer.get_data(as_text=True).count("<node ") >= partners
    assert "Die Dateien werden gerade erstellt" not in client.get("/offene-daten/").get_data(as_text=True)


def test_after_a_write_the_files_before_it_are_served_at_once_then_the_new_ones(large, app, client, held_job):
    before = built(client)
    catalogue_before = client.get("/offene-daten/katalog.ttl")
    assert before.last_modified.date().isoformat() == EARLIER
    release = held_job(("held",), lane=jobs.OPEN_DATA)   # the open data's job process is busy: the build must wait
    try:
        edit_description(app, "p02", "Neu beschrieben nach dem Schreiben")
        stale = client.get("/offene-daten/partners.csv")
        assert stale.status_code == 200
        assert stale.data == before.data and stale.get_etag() == before.get_etag()
        assert stale.last_modified == before.last_modified   # the date of the files served, not of the graph
        assert "Neu beschrieben" not in stale.get_data(as_text=True)
        assert client.get("/offene-daten/partners.csv", headers={"If-None-Match": before.get_etag()[0]}
                          ).status_code == 304
        catalogue = client.get("/offene-daten/katalog.ttl")
        assert catalogue.data == catalogue_before.data
        assert catalogue_modified(catalogue) == {Literal(EARLIER, datatype=namespace.XSD.date)}
        page = client.get("/offene-daten/").get_data(as_text=True)
        assert f'<time datetime="{EARLIER}">' in page and 'id="stand"' in page   # "Stand: vor … s"
    finally:
        release()
    assert service.wait_built(60)
    fresh = client.get("/offene-daten/partners.csv")
    today = large.query(CHANGED)[0]["day"]
    assert today != EARLIER
    assert "Neu beschrieben nach dem Schreiben" in fresh.get_data(as_text=True)
    assert fresh.get_etag() != before.get_etag() and fresh.last_modified.date().isoformat() == today
    assert catalogue_modified(client.get("/offene-daten/katalog.ttl")) == {Literal(today, datatype=namespace.XSD.date)}
    page = client.get("/offene-daten/").get_data(as_text=True)
    assert f'<time datetime="{today}">' in page and 'id="stand"' not in page


def test_parallel_requests_after_a_write_start_one_build(large, app, client, held_job):
    built(client)
    release = held_job(("held",), lane=jobs.OPEN_DATA)
    answers = []
    try:
        edit_description(app, "p03", "Parallel gelesen")

        def ask(url):
            answers.append(app.test_client().get(url).status_code)
        threads = [threading.Thread(target=ask, args=(url,)) for url in FILES * 2]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert answers == [200] * len(FILES) * 2   # all at once, from the files before the write
        with app.app_context():
            build = jobs.running(("opendata", *service.place()))
        assert build is not None and jobs.count() == 2   # one build (and the held job), not one per request
    finally:
        release()
    assert service.wait_built(60)
    assert "Parallel gelesen" in client.get("/offene-daten/partners.csv").get_data(as_text=True)
    assert jobs.count() == 0   # the build was of the current revision: the request after it started none


def test_with_rate_limits_on_a_file_being_built_still_says_come_back_in_seconds(graph):
    from allianz import create_app

    from conftest import test_settings
    import_folder(graph, DEMO_DIR, replace=True)
    client = create_app({**test_settings(), "RATELIMIT_ENABLED": True, "OPEN_DATA_BACKGROUND_FROM": 1}).test_client()
    first = client.get("/offene-daten/partners.csv")
    assert first.status_code == 503 and "X-RateLimit-Remaining" in first.headers   # counted by the limits
    assert first.headers["Retry-After"] == str(service.RETRY_AFTER)   # not the end of the limits' minute
    assert service.wait_built(60)
    answer = client.get("/offene-daten/partners.csv")
    assert answer.status_code == 200 and "Retry-After" not in answer.headers

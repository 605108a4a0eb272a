"""A cluster by configuration (issue 23, item 4): the `neo4j://` routing scheme against the local server, as the app
uses it on a cluster or Aura (routing table, reads routed apart from writes, bookmarks shared by the sessions)."""
from allianz import create_app, revision
from allianz.db import graph_from_config

from conftest import test_settings


def routed_settings():
    """The test settings with NEO4J_URI naming the local test server through the routing scheme."""
    settings = test_settings()
    settings["NEO4J_URI"] = f"neo4j://127.0.0.1:{settings['LOCAL_NEO4J_BOLT_PORT']}"
    return settings


def test_the_routing_scheme_reads_what_was_written_just_before(graph):
    routed = graph_from_config(routed_settings())
    try:
        before = revision.current(routed)
        routed.write(lambda tx: revision.bump(tx, [("Partner", "p-routed")]))
        assert revision.current(routed) == before + 1   # a read session sees the write (bookmarks)
        assert routed.driver.get_server_info().address.port == graph.driver.get_server_info().address.port
    finally:
        routed.close()


def test_the_app_runs_on_a_routing_uri(graph):
    app = create_app(routed_settings())
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["neo4j"]["reachable"] is True
    graph.execute("CREATE (:Partner {id: 'routed', name: 'Geroutet GmbH', kind: 'company', version: 1})")
    assert "Geroutet GmbH" in client.get("/partner/routed").get_data(as_text=True)

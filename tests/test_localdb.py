"""The local Neo4j manager's messages for what goes wrong, each with its fix."""
import socket

import pytest

from allianz.localdb import LocalNeo4j, LocalNeo4jError


def free_port():
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def jars(neo4j_server):
    """The folder holding the fetched jars (the session's server fetched them)."""
    from conftest import test_settings
    return LocalNeo4j.from_config(test_settings()).root


def test_a_port_taken_by_another_program_is_named_with_the_fix(jars):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen(1)
        port = squatter.getsockname()[1]
        server = LocalNeo4j(jars, "porttest", bolt_port=port, http_port=port + 1)
        with pytest.raises(LocalNeo4jError,
                           match=rf"(?s)Port {port} \(Bolt\).*taken.*Fix: .*ALLIANZ_LOCAL_NEO4J_BOLT_PORT"):
            server.start()


def test_no_java_is_named_with_the_fix(jars, monkeypatch, tmp_path):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jdk-here"))
    server = LocalNeo4j(jars, "nojava", bolt_port=free_port(), http_port=free_port())
    with pytest.raises(LocalNeo4jError, match="(?s)No Java runtime found.*Fix: .*openjdk-17-jdk-headless"):
        server.start()


def test_no_maven_is_named_with_the_fix(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    server = LocalNeo4j(tmp_path / "empty", "nomaven")
    with pytest.raises(LocalNeo4jError, match=r"(?s)Maven \(mvn\) is not installed.*Fix: .*apt-get install -y maven"):
        server.fetch()


def test_a_start_that_fails_shows_the_end_of_the_log(jars, tmp_path):
    server = LocalNeo4j(jars, "broken", bolt_port=free_port(), http_port=free_port(), heap="not-a-size")
    with pytest.raises(LocalNeo4jError, match="(?s)Neo4j stopped during its start.*console.log.*Fix:"):
        server.start(timeout=60)
    assert server.pid() is None


def test_stop_and_status_of_an_instance_that_does_not_run(jars):
    server = LocalNeo4j(jars, "never-started", bolt_port=free_port(), http_port=free_port())
    assert server.stop() is False
    status = server.status()
    assert status["running"] is False and status["pid"] is None and status["jars"] is True


def test_the_default_heap_is_an_eighth_of_the_machine_between_1_and_4_gb(tmp_path):
    from allianz.localdb import default_heap
    assert default_heap(24 * 2**30) == "3072m"  # this project's 24 GB machine: about 2.1 GB for transactions
    assert default_heap(23 * 2**30 + 5 * 2**20) == "2816m"  # in steps of 256 MB, rounded down
    assert default_heap(4 * 2**30) == "1024m" and default_heap(256 * 2**30) == "4096m"
    server = LocalNeo4j(tmp_path, "heaptest", heap=default_heap(16 * 2**30))
    server.write_conf()
    assert "server.memory.heap.max_size=2048m" in (server.conf_dir / "neo4j.conf").read_text()

"""After a 413 the connection ends (gunicorn, as docs/operations.md runs it): the client's next request on
that connection is not left waiting for the unread body, and a new connection is served at once."""
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_mail import free_port

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


@pytest.fixture
def gunicorn_app():
    """The app under gunicorn with keep-alive (the 413 needs no database: Neo4j is not asked)."""
    if not GUNICORN.exists():
        pytest.skip("gunicorn is not installed in this environment")
    port = free_port()
    env = dict(os.environ, NEO4J_URI="bolt://127.0.0.1:9", SESSION_COOKIE_SECURE="0")
    server = subprocess.Popen([str(GUNICORN), "allianz.wsgi:app", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                               "--threads", "2", "--keep-alive", "10"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("gunicorn did not start")
            time.sleep(0.2)
    yield port
    server.terminate()
    server.wait(timeout=10)


def read_answer(connection):
    """One whole HTTP answer (head and Content-Length body), however the network splits it."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += connection.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(line.split(b":", 1)[1] for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:")))
    while len(body) < length:
        body += connection.recv(65536)
    return head


def test_after_a_413_the_connection_ends_instead_of_waiting_for_the_body(gunicorn_app):
    connection = socket.create_connection(("127.0.0.1", gunicorn_app), timeout=8)
    size = 50 * 1024 * 1024
    connection.sendall(f"POST /anmelden HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded"
                       f"\r\nContent-Length: {size}\r\n\r\n".encode() + b"a" * 1000)
    assert read_answer(connection).startswith(b"HTTP/1.1 413")
    connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    started = time.monotonic()
    assert connection.recv(65536) == b""  # the server ended the connection: the client opens a new one
    assert time.monotonic() - started < 3, "the connection was kept, waiting for the unread body"
    connection.close()
    fresh = socket.create_connection(("127.0.0.1", gunicorn_app), timeout=8)
    fresh.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    assert fresh.recv(65536).startswith(b"HTTP/1.1 ")
    fresh.close()

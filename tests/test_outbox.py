"""Mail leaves the request: a write answers at once although the SMTP server never answers; the outbox
retries, then records the mail in the dead-letter log; the notification is not lost (it stays pending
and goes out with the next pass once the server works)."""
import json
import socket
import threading
import time

import pytest

from allianz import outbox

from idea_helpers import IDEA_WORLD, act, propose
from test_mail import smtp_server  # noqa: F401 - the real local SMTP server fixture


@pytest.fixture
def silent_smtp():
    """A TCP server on 127.0.0.1 that accepts connections and never says a word; yields its port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue
    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(timeout=2)
    for connection in held:
        connection.close()
    listener.close()


@pytest.fixture
def followed_idea(login_as, actors, graph):
    """A submitted idea of member A that member B follows and wants comment mails for; (id, anna)."""
    graph.execute(IDEA_WORLD)
    anna, bert = login_as("member_a"), login_as("member_b")
    project_id = propose(anna)
    act(anna, graph, project_id, "submit")
    bert.post_form("/benachrichtigungen/einstellungen", {"mail_kinds": ["comment"]}, page="/benachrichtigungen/")
    for coordinator in ("coordinator", "admin"):  # they chose no mail (else comments under review mail them)
        login_as(coordinator).post_form("/benachrichtigungen/einstellungen", {}, page="/benachrichtigungen/")
    assert bert.post_form(f"/ideen/{project_id}/folgen", {}, page=f"/ideen/{project_id}").status_code == 303
    return project_id, anna


def pending_mail_for(graph, email):
    """How many notifications of the person still wait for their mail."""
    return graph.query("MATCH (n:Notification)-[:FOR]->(:User {email: $email}) WHERE n.mailed_at IS NULL "
                       "RETURN count(n) AS n", email=email)[0]["n"]


def test_a_mail_server_that_never_answers_does_not_slow_a_write(app, followed_idea, graph, silent_smtp,
                                                                tmp_path, smtp_server):  # noqa: F811 - the imported pytest fixture
    project_id, anna = followed_idea
    dead_letters = tmp_path / "dead-letters.jsonl"
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=silent_smtp, MAIL_USE_TLS=False, MAIL_USE_STARTTLS=False,
                      MAIL_TIMEOUT=5, MAIL_ATTEMPTS=2, MAIL_RETRY_SECONDS=0.1, MAIL_DEAD_LETTER_FILE=str(dead_letters))
    token = anna.csrf_token(f"/ideen/{project_id}")
    started = time.monotonic()
    answer = anna.post(f"/ideen/{project_id}/kommentare", data={"csrf_token": token, "text": "Wer hat Sensoren?"})
    elapsed = time.monotonic() - started
    assert answer.status_code == 303
    # mailed in the request, it would wait MAIL_TIMEOUT (5 s) for the silent server
    assert elapsed < 2.5, f"the comment took {elapsed:.1f} s with a silent mail server"

    assert outbox.wait_until_sent(timeout=30)
    given_up = [json.loads(line) for line in dead_letters.read_text().splitlines()]
    assert len(given_up) == 1 and given_up[0]["attempts"] == 2
    assert pending_mail_for(graph, "bert@partner-b.example") == 1  # not lost

    inbox, port = smtp_server  # the server works again: the next pass sends what waited
    app.config.update(MAIL_PORT=port)
    anna.post_form(f"/ideen/{project_id}/kommentare", {"text": "Noch eine Frage"}, page=f"/ideen/{project_id}")
    assert [m.rcpt_tos for m in inbox.messages] == [["bert@partner-b.example"]]
    assert pending_mail_for(graph, "bert@partner-b.example") == 0


def test_a_reset_mail_is_queued_and_sent_outside_the_request(app, actors, smtp_server):  # noqa: F811 - the imported pytest fixture
    inbox, port = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_USE_STARTTLS=False)
    client = app.test_client()
    answer = client.post_form("/passwort-vergessen", {"email": "anna@partner-a.example"})
    assert answer.status_code in (200, 302, 303)
    assert [m.rcpt_tos for m in inbox.messages] == [["anna@partner-a.example"]]
    assert b"/passwort-neu/" in inbox.messages[0].content


def test_forgot_password_answers_at_once_for_a_known_address_with_a_silent_mail_server(app, actors, silent_smtp):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=silent_smtp, MAIL_USE_TLS=False, MAIL_USE_STARTTLS=False,
                      MAIL_TIMEOUT=5, MAIL_ATTEMPTS=1)
    client = app.test_client()
    token = client.csrf_token("/passwort-vergessen")
    started = time.monotonic()
    answer = client.post("/passwort-vergessen", data={"csrf_token": token, "email": "anna@partner-a.example"})
    elapsed = time.monotonic() - started
    assert answer.status_code == 303
    # the look-up, the link and the mail happen in the background: the answer does not wait for them
    assert elapsed < 2.5, f"the answer took {elapsed:.1f} s"


def test_a_burst_of_comments_queues_one_mail_pass_and_every_notification_goes_out_once(
        app, followed_idea, graph, silent_smtp, smtp_server):  # noqa: F811 - the imported pytest fixture
    project_id, anna = followed_idea
    # the first pass hangs on a mail server that never answers, so the burst's passes would pile up behind it
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=silent_smtp, MAIL_USE_TLS=False, MAIL_USE_STARTTLS=False,
                      MAIL_TIMEOUT=3, MAIL_ATTEMPTS=1)
    token = anna.csrf_token(f"/ideen/{project_id}")
    for number in range(12):
        answer = anna.post(f"/ideen/{project_id}/kommentare", data={"csrf_token": token, "text": f"Frage {number}"})
        assert answer.status_code == 303
    with app.app_context():
        assert outbox.queued() <= 2  # the pass that hangs and one that waits for it: not one per comment

    assert outbox.wait_until_sent(timeout=30)
    inbox, port = smtp_server  # the server works again: the next pass sends everything that waited, once
    app.config.update(MAIL_PORT=port)
    anna.post_form(f"/ideen/{project_id}/kommentare", {"text": "Die letzte Frage"}, page=f"/ideen/{project_id}")
    bodies = [m.content.decode("utf-8", "replace") for m in inbox.messages]
    assert [m.rcpt_tos for m in inbox.messages] == [["bert@partner-b.example"]]
    assert pending_mail_for(graph, "bert@partner-b.example") == 0
    assert bodies[0].count(f"/ideen/{project_id}") == 13  # 13 comments, each once


def test_comments_within_the_batching_window_reach_a_follower_as_one_mail(app, followed_idea, graph,
                                                                         smtp_server):  # noqa: F811 - the imported pytest fixture
    project_id, anna = followed_idea
    inbox, port = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_USE_STARTTLS=False,
                      MAIL_BATCH_SECONDS=1.5)
    token = anna.csrf_token(f"/ideen/{project_id}")
    for number in range(5):
        answer = anna.post(f"/ideen/{project_id}/kommentare", data={"csrf_token": token, "text": f"Frage {number}"})
        assert answer.status_code == 303
    assert pending_mail_for(graph, "bert@partner-b.example") == 5  # nothing mailed yet: the window is open

    mails = inbox.messages  # (waits until the outbox is empty)
    assert [m.rcpt_tos for m in mails] == [["bert@partner-b.example"]]
    assert mails[0].content.decode("utf-8", "replace").count(f"/ideen/{project_id}") == 5
    assert pending_mail_for(graph, "bert@partner-b.example") == 0

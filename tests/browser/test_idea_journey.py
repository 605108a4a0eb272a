"""The idea loop as its people live it, in a real browser (Debian's Chromium, the real CSP), with mail through
a real local SMTP server:

a member proposes an idea from a sentence (the needs are proposed from the text and confirmed) and submits it
→ a coordinator's bell shows the submission, its notification opens the idea → the coordinator asks for
changes with a reason → the member's notification, the mail and the top of the idea's page show the decision
and the reason → the member edits and submits again → the coordinator accepts → the member is told.

Each step asserts what that person sees. With ALLIANZ_DOCS_SHOTS=1 the steps are also photographed at
1366×768 and 390×844 into docs/img/journey-*.png (docs/ideas.md shows them)."""
import email
import email.policy
import os
import time
from pathlib import Path

import aiosmtpd.controller as aiosmtpd
import pytest

from allianz import create_app
from allianz.exchange.loader import import_folder

from conftest import DEMO_DIR, clear, served, test_settings
from test_mail import Inbox, free_port

pytestmark = pytest.mark.browser

MEMBER = ("mitglied@demo.example", "demo-mitglied-passwort")
COORDINATOR = ("koordination@demo.example", "demo-koordination-passwort")
SENTENCE = "Sensornetz für die Luftqualität in der Innenstadt, mit Datenplattform"
REASON = "Bitte nennen Sie die Standorte der Sensoren und wer die Daten pflegt."
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
SHOTS = Path("/tmp/shots-journey")


@pytest.fixture(scope="module")
def site(neo4j_server):
    """The demo alliance with its log-ins, mail going to a real SMTP server; (url, inbox)."""
    from allianz.accounts.demo import ensure_demo_accounts

    inbox, port = Inbox(), free_port()
    controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    clear(neo4j_server)
    import_folder(neo4j_server, DEMO_DIR, replace=True)
    app = create_app({**test_settings(), "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False,
                      "MAIL_USE_STARTTLS": False, "MAIL_FROM": "allianz@stadt.example"})
    with app.app_context():
        ensure_demo_accounts("development")
    try:
        with served(app) as url:
            yield url, inbox
    finally:
        controller.stop()


def shot(page, name, part=None):
    """Photograph the step (and, for the docs, at both widths), scrolled to `part` (a selector) if given."""
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    if os.environ.get("ALLIANZ_DOCS_SHOTS") == "1":
        size = page.viewport_size
        for width, height in ((1366, 768), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            if part:
                page.locator(part).scroll_into_view_if_needed()
            page.screenshot(path=str(DOCS_IMG / f"journey-{name}-{width}.png"))
        page.set_viewport_size(size)


def log_in(browser, url, account, width=1366, height=768):
    """A new page logged in through the form."""
    page = browser.new_context(base_url=url, viewport={"width": width, "height": height}).new_page()
    page.set_default_timeout(60000)
    page.goto("/anmelden")
    page.fill("#email", account[0])
    page.fill("#password", account[1])
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return page


def unread(page):
    """The number on the bell."""
    return int(page.get_attribute(".bell-count", "data-unread"))


def mail_to(inbox, address, text, seconds=15):
    """The first mail to `address` that contains `text` (waits for the background sender)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for envelope in inbox.messages:
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            body = f"{message['Subject']}\n{message.get_body(('plain',)).get_content()}"
            if address in envelope.rcpt_tos and text in body:
                return body
        time.sleep(0.2)
    raise AssertionError(f"no mail to {address} with {text!r}: {[m.rcpt_tos for m in inbox.messages]}")


def open_notification(page, text):
    """Open the first unread notification that contains `text`; it opens what it is about and is read then."""
    page.goto("/benachrichtigungen/")
    entry = page.locator(".notification.unread", has_text=text).first
    assert entry.count() == 1, page.inner_text("main")
    before = unread(page)
    entry.locator("button.notification-open").click()
    page.wait_for_load_state()
    assert unread(page) == before - 1
    return page


def test_an_idea_from_a_sentence_to_a_decision_everyone_in_it_is_told(browser, site):
    url, inbox = site
    member = log_in(browser, url, MEMBER, 390, 844)   # the member on a phone
    staff = log_in(browser, url, COORDINATOR)          # the coordinator at a laptop
    staff_bell = unread(staff)

    # The member writes a sentence; the needs and fields are proposed from it and confirmed by saving.
    member.goto("/ideen/neu")
    member.fill("#title", "Luftqualität Innenstadt")
    member.fill("#summary", SENTENCE)
    member.click("button[name=propose_terms]")
    member.wait_for_selector("#terms-proposal")
    proposed = member.locator("#terms-proposal input[type=checkbox]:checked")
    names = member.inner_text("#terms-proposal")
    assert proposed.count() >= 2 and "Umweltsensorik" in names and "Datenplattform" in names, names
    assert member.locator(".error-summary").count() == 0   # a proposal is no save: nothing is wrong yet
    member.locator("#terms-title").scroll_into_view_if_needed()
    shot(member, "1-vorschlag", "#terms-proposal")
    member.check("input[name=scale][value=quartier]")
    member.click("form#idea-form .form-actions button[type=submit]")
    member.wait_for_load_state()
    idea_url = member.url
    coverage = member.inner_text("table.coverage")
    assert "Umweltsensorik" in coverage and "Datenplattform" in coverage
    member.click("button[data-action='submit']")
    member.wait_for_load_state()
    assert "eingereicht" in member.inner_text("main")

    # The coordinator's bell shows it; the notification opens the idea.
    staff.goto("/")
    assert unread(staff) == staff_bell + 1
    open_notification(staff, "Luftqualität Innenstadt")
    assert staff.url == idea_url
    shot(staff, "2-koordination")
    mail_to(inbox, COORDINATOR[0], "Luftqualität Innenstadt")

    # The coordinator asks for changes, with a reason.
    staff.fill("#reason-request_changes", REASON)
    staff.click("button[data-action='request_changes']")
    staff.wait_for_load_state()
    assert "Neuer Status: Idee" in staff.inner_text("main")

    # The member is told: the bell, the notification (decision and reason), the mail, the top of the page.
    member.goto("/")
    assert unread(member) >= 1
    member.goto("/benachrichtigungen/")
    note = member.locator(".notification.unread", has_text="Luftqualität Innenstadt").first.inner_text()
    assert "Änderungen erbeten" in note and REASON in note, note
    shot(member, "3-benachrichtigung")
    mail = mail_to(inbox, MEMBER[0], "Standorte der Sensoren")
    assert "Änderungen erbeten" in mail and idea_url in mail
    open_notification(member, "Luftqualität Innenstadt")
    assert member.url == idea_url
    decision = member.inner_text(".last-decision")
    assert "Änderungen erbeten" in decision and REASON in decision
    assert member.locator(".last-decision").bounding_box()["y"] < 844   # at the top, in the first screen
    shot(member, "4-entscheidung")

    # The member edits and submits again.
    member.click("text=Bearbeiten")
    member.wait_for_load_state()
    member.fill("#summary", SENTENCE + ". Zwölf Sensoren am Marktplatz; die Stadtwerke pflegen die Daten.")
    member.click("form#idea-form .form-actions button[type=submit]")
    member.wait_for_load_state()
    member.click("button[data-action='submit']")
    member.wait_for_load_state()
    assert "eingereicht" in member.inner_text("main")

    # The coordinator sees the resubmission and accepts.
    staff.goto("/")
    open_notification(staff, "Luftqualität Innenstadt")
    staff.click("button[data-action='accept']")
    staff.wait_for_load_state()
    assert "aktiv" in staff.inner_text("main")

    # The member is told that the idea was accepted.
    member.goto("/benachrichtigungen/")
    note = member.locator(".notification.unread", has_text="Luftqualität Innenstadt").first.inner_text()
    assert "angenommen" in note, note
    mail_to(inbox, MEMBER[0], "angenommen")
    open_notification(member, "angenommen")
    assert "angenommen" in member.inner_text(".last-decision")
    shot(member, "5-angenommen")
    member.context.close()
    staff.context.close()

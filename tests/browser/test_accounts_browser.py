"""The accounts walk in a real browser (Debian's Chromium, the real CSP): a coordinator invites a
person, the person sets a password through the link, edits the partner's competencies with the
picker by keyboard, logs out, and the old session cookie no longer works. And axe on the new pages."""
import re

import pytest

pytestmark = pytest.mark.browser

COORDINATOR = ("koordination@demo.example", "demo-koordination-passwort")
NEW_PASSWORD = "mein-eigenes-langes-passwort"
SHOTS = "/tmp/shots-accounts"


@pytest.fixture(scope="module")
def site(demo_site):
    """The demo site's URL."""
    return demo_site[0]


def log_in(page, email, password):
    """Log in through the form."""
    page.goto("/anmelden")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_invite_accept_edit_competencies_by_keyboard_log_out_and_the_old_cookie_is_dead(browser, site):
    errors = []
    coordinator = browser.new_context(base_url=site, viewport={"width": 1366, "height": 768})
    page = coordinator.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    log_in(page, *COORDINATOR)
    page.goto("/koordination/einladungen")
    page.fill("#email", "neu@stadtwerke.example")
    page.select_option("#partner_id", "p02")
    page.click("main form.stacked-form button[type=submit]")
    preview = page.inner_text("pre.mail-preview")
    link = re.search(r"https?://[^\s]+/einladung/[A-Za-z0-9_\-]+", preview).group(0)
    coordinator.close()

    person = browser.new_context(base_url=site, viewport={"width": 390, "height": 844})
    page = person.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(link)
    page.fill("#name", "Nele Neu")
    page.fill("#password", NEW_PASSWORD)
    page.fill("#confirm", NEW_PASSWORD)
    page.click("main button[type=submit]")
    assert "Nele Neu" in page.inner_text("main")

    page.goto("/partner/p02/bearbeiten")
    page.wait_for_selector("[data-picker][data-ready='true']")
    picker = page.locator("#competencies-q")
    picker.focus()
    page.keyboard.type("Bürger")
    page.wait_for_selector("#competencies-listbox [role='option']")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#competencies-q", "aria-activedescendant") == "competencies-option-0"
    chosen = page.inner_text("#competencies-option-0")
    page.keyboard.press("Enter")
    item = page.locator("#competencies-selected .picker-item").last
    assert chosen.split(" (")[0] in item.inner_text()
    new_id = item.get_attribute("data-id")
    item.locator("select").focus()
    page.keyboard.press("ArrowDown")  # level 2 → 3 by keyboard
    page.screenshot(path=f"{SHOTS}/walk-picker-390.png", full_page=True)
    page.locator("main button.save-button").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/partner/p02$"))
    assert chosen.split(" (")[0] in page.inner_text("main")
    old_cookies = person.cookies()

    page.click("header .account-nav button[type=submit]")  # Abmelden (a POST)
    page.wait_for_load_state()
    assert "Anmelden" in page.inner_text("header")
    person.close()

    replay = browser.new_context(base_url=site)
    replay.add_cookies(old_cookies)
    page = replay.new_page()
    response = page.goto("/konto")
    assert page.url.endswith("/anmelden?next=%2Fkonto") or "/anmelden" in page.url, (response.status, page.url)
    replay.close()
    assert errors == []  # no CSP violation or script error on the way
    assert new_id


AXE_PAGES = ["/konto", "/konto/passwort", "/koordination/personen", "/koordination/einladungen",
             "/koordination/partner/neu", "/partner/p02/bearbeiten", "/partner/p02/kontakte", "/kompetenzen/pflege",
             "/kompetenzen/iot-lorawan/pflegen", "/koordination/verlauf/partner/p02"]
ANONYMOUS_PAGES = ["/anmelden", "/passwort-vergessen"]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_new_pages_meet_wcag_2_1_aa(browser, site, lang):
    axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")
    wcag = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    context = browser.new_context(base_url=site, bypass_csp=True)
    page = context.new_page()
    page.goto(f"/sprache/{lang}")
    found = {}
    axe = axe_playwright.Axe()

    def check(path):
        page.goto(path)
        for violation in axe.run(page, options=wcag).response["violations"]:
            found.setdefault(path, []).append(f"{violation['id']}: {[n['target'] for n in violation['nodes']][:3]}")
    for path in ANONYMOUS_PAGES:
        check(path)
    log_in(page, *COORDINATOR)
    for path in AXE_PAGES:
        check(path)
    context.close()
    assert found == {}

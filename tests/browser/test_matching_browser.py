"""The find-collaborators page in a real browser (Debian's Chromium, the real CSP): a coordinator chooses two needs
and a team member by keyboard in the shared pickers, types an unknown partner name and sees the error next to the
team field with what was chosen kept, corrects it and gets suggestions and a proposed consortium."""
from pathlib import Path

import pytest

from page_helpers import pick

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-mspeed")


def test_needs_and_team_by_keyboard_an_unknown_name_is_an_error_at_the_field(browser, demo_site):
    url, _app = demo_site
    SHOTS.mkdir(exist_ok=True)
    errors = []
    context = browser.new_context(base_url=url, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto("/matching/")
    page.wait_for_selector("[data-picker][data-name='needs'][data-ready='true']")
    page.wait_for_selector("[data-picker][data-name='team'][data-ready='true']")
    first = pick(page, "needs", "Datenschutz")
    second = pick(page, "needs", "LoRa")
    assert page.locator("#needs-selected input:checked").count() == 2
    member = pick(page, "team", "Stadtwerke")
    assert "Stadtwerke" in member and page.locator("#team-selected input[value='p02']").is_checked()
    # a typed name nobody has: the form comes back with the error next to the team field, nothing chosen is lost
    page.locator("#team-q").fill("Stadtwerk Musterstat")
    page.click("main form .form-actions button[type=submit]")
    page.wait_for_selector("#team-error")
    assert "Unbekannter Partner: „Stadtwerk Musterstat“" in page.inner_text("#team-error")
    assert page.locator("#team-q").get_attribute("aria-invalid") == "true"
    assert page.input_value("#team-q") == "Stadtwerk Musterstat"
    assert page.locator("#team-selected input[value='p02']").is_checked()
    assert page.locator("#needs-selected input:checked").count() == 2
    page.screenshot(path=str(SHOTS / "matching-team-error-1366.png"), full_page=True)
    # corrected: suggestions with their reasons, the open needs and a consortium for the needs typed here
    page.locator("#team-q").fill("")
    page.click("main form .form-actions button[type=submit]")
    page.wait_for_selector(".match-candidates")
    text = page.inner_text("main")
    assert "Team: Stadtwerke" in text and "Vorgeschlagenes Konsortium" in text
    assert first.split(" (")[0] in text or second.split(" (")[0] in text
    page.screenshot(path=str(SHOTS / "matching-results-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "matching-results-390.png"), full_page=False)
    page.goto("/matching/")
    page.wait_for_selector("[data-picker][data-name='team'][data-ready='true']")
    pick(page, "team", "MVB")
    page.screenshot(path=str(SHOTS / "matching-form-390.png"), full_page=True)
    assert errors == []
    context.close()

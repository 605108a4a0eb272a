"""The search box in a real browser under the real CSP: suggestions while typing, chosen with the keyboard
(ArrowDown, Enter, Escape), and the plain form without JavaScript."""
import pytest

pytestmark = pytest.mark.browser


def test_suggestions_are_chosen_with_the_keyboard(browser, demo_site):
    url, _app = demo_site
    context = browser.new_context(base_url=url)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto("/partner/")
    box = page.locator("#suche-kopf")
    box.click()
    box.type("Stadtwrke", delay=30)
    page.wait_for_selector('#suche-kopf-list [role="option"]')
    assert box.get_attribute("aria-expanded") == "true"
    first = page.locator('#suche-kopf-list [role="option"]').first
    assert first.inner_text().startswith("Stadtwerke Musterstadt GmbH")
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false" and page.locator("#suche-kopf-list").is_hidden()
    page.keyboard.press("ArrowDown")          # opens the list again
    page.wait_for_selector('#suche-kopf-list [role="option"]')
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")              # opens the chosen hit
    page.wait_for_url("**/partner/p02")
    assert page.locator("h1").inner_text().startswith("Stadtwerke Musterstadt")
    assert problems == []
    context.close()


def test_enter_without_a_choice_and_the_form_without_javascript_show_the_search_page(browser, demo_site):
    url, _app = demo_site
    for javascript in (True, False):
        context = browser.new_context(base_url=url, java_script_enabled=javascript)
        page = context.new_page()
        page.goto("/")
        page.fill("#suche-kopf", "Sensor")
        page.press("#suche-kopf", "Enter")
        page.wait_for_url("**/suche?q=Sensor")
        assert page.locator("#treffer-projekt mark").first.inner_text().startswith("Sensor")
        context.close()

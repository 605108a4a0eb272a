"""Every kind of page in a real browser under the app's real CSP: nothing blocked, nothing from elsewhere."""
import re
from urllib.parse import urlparse

import pytest

from allianz import create_app

from conftest import served, test_settings
from page_helpers import pick

pytestmark = pytest.mark.browser

PAGES = ["/", "/partner/", "/partner/?art=science&q=stadt", "/partner/p02", "/projekte/", "/projekte/pr24",
         "/kompetenzen/", "/kompetenzen/iot-lorawan", "/handlungsfelder/", "/handlungsfelder/mobilitaet",
         "/matching/", "/matching/projekt/pr24", "/matching/vorstellungen", "/netzwerk/", "/netzwerk/analyse",
         "/gibt-es-nicht"]


@pytest.fixture(scope="module")
def site(neo4j_server, browser):
    """The app on the demo alliance, served on a free local port."""
    from allianz.exchange.loader import import_folder

    from conftest import DEMO_DIR, clear

    clear(neo4j_server)
    import_folder(neo4j_server, DEMO_DIR, replace=True)
    with served(create_app(test_settings())) as url:
        yield url


def test_every_page_loads_only_from_the_app_and_breaks_no_rule_of_its_csp(browser, site):
    context = browser.new_context(base_url=site)
    page = context.new_page()
    requests, problems = [], []
    page.on("request", lambda request: requests.append(request.url))
    failed = []
    page.on("console", lambda message: problems.append((page.url, message.text)) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append((page.url, str(error))))
    page.on("response", lambda answer: failed.append((answer.status, answer.url)) if answer.status >= 400 else None)
    for path in PAGES:
        answer = page.goto(path)
        assert answer.status == (404 if path == "/gibt-es-nicht" else 200), path
        assert page.locator("h1").count() == 1, path
        page.wait_for_load_state("networkidle")
    context.close()
    hosts = {urlparse(url).hostname for url in requests if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}
    # Only the page that is meant to be missing may answer 404 (and log it); a missing asset fails here.
    assert [(status, url) for status, url in failed if not url.endswith("/gibt-es-nicht")] == []
    assert [(url, text) for url, text in problems if not url.endswith("/gibt-es-nicht")] == []
    assert all("404" in text for url, text in problems)  # the one page's own 404, nothing else


def test_the_language_switch_works_in_the_browser(browser, site):
    context = browser.new_context(base_url=site)
    page = context.new_page()
    page.goto("/partner/")
    assert page.get_attribute("html", "lang") == "de"
    page.click("text=English")
    assert page.get_attribute("html", "lang") == "en"
    assert page.url.endswith("/partner/")
    assert page.locator("nav >> text=Projects").count() >= 1
    context.close()


def test_a_coordinator_types_the_team_by_name_fixes_a_typo_and_reads_why(browser, site):
    context = browser.new_context(base_url=site, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/matching/")
    page.wait_for_selector("[data-picker][data-name='team'][data-ready='true']")
    pick(page, "needs", "Digitaler Zwilling")
    pick(page, "needs", "Datenschutz")
    page.fill("#team-q", "Stadwerke; Stabsstelle Smart City")
    send = "main form .form-actions button[type=submit]"
    page.click(send)
    error = page.locator("#team-error")
    assert "Unbekannter Partner: „Stadwerke“. Meinten Sie: Stadtwerke Musterstadt GmbH?" in error.inner_text()
    assert page.get_attribute("#team-q", "aria-invalid") == "true"
    assert page.locator("h2", has_text="Vorschläge").count() == 0
    # nothing typed is lost: the known name is chosen, the unknown one stays in the field to correct
    assert page.input_value("#team-q") == "Stadwerke"
    assert page.locator("#team-selected input[value='p01']").is_checked()
    page.fill("#team-q", "Stadtwerke Musterstadt GmbH")
    page.click(send)
    assert page.locator("#team-error").count() == 0
    team = re.search(r"Team: ([^\n]+)", page.inner_text("main")).group(1)   # full names, as everywhere
    assert "Stabsstelle Smart City" in team and "Stadtwerke Musterstadt GmbH" in team
    first = page.locator(".match-candidate").first
    assert "100 von 100" in first.inner_text()
    assert not first.locator(".match-breakdown").is_visible()
    first.locator("summary").click()   # "Warum 100?" opens the breakdown, without JavaScript
    assert first.locator(".match-breakdown").is_visible()
    assert page.locator("text=Vorgeschlagenes Konsortium").count() == 1
    context.close()

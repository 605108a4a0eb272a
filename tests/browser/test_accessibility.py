"""Accessibility: axe-core (the engine behind most WCAG audits) finds no WCAG 2.1 A/AA violation on the pages.

axe is injected into the page, so these checks run in a browser context that bypasses the CSP; the CSP
itself is checked with the real policy in test_pages_browser.py.
"""
import pytest

from allianz import create_app

from conftest import served, test_settings

pytestmark = pytest.mark.browser
axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")

PAGES = ["/", "/partner/", "/partner/p02", "/projekte/", "/projekte/pr24", "/kompetenzen/",
         "/kompetenzen/iot-lorawan", "/handlungsfelder/", "/handlungsfelder/mobilitaet", "/matching/",
         "/matching/projekt/pr24", "/matching/?beschreibung=Sensornetz+f%C3%BCr+die+Luftqualit%C3%A4t&vorschlagen=1",
         "/matching/?needs=daten-offene-daten&needs=iot&team=p08&size=4", "/netzwerk/", "/netzwerk/analyse",
         "/datenschutz", "/offene-daten/",
         "/api/v1/docs",
         "/suche?q=Sensor", "/suche?q=Sensor&typ=projekt", "/gibt-es-nicht"]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def site(neo4j_server, browser):
    """The app on the demo alliance, served on a free local port."""
    from allianz.exchange.loader import import_folder

    from conftest import DEMO_DIR, clear

    clear(neo4j_server)
    import_folder(neo4j_server, DEMO_DIR, replace=True)
    with served(create_app(test_settings())) as url:
        yield url


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_page_violates_wcag_2_1_aa(browser, site, lang):
    context = browser.new_context(base_url=site, bypass_csp=True)
    page = context.new_page()
    page.goto(f"/sprache/{lang}")
    axe = axe_playwright.Axe()
    found = {}
    for path in PAGES:
        page.goto(path)
        if path.startswith("/netzwerk/") and path != "/netzwerk/analyse":
            page.wait_for_selector("#netzwerk-bild[data-state='still']")
        result = axe.run(page, options=WCAG_AA)
        for violation in result.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            found.setdefault(path, []).append(f"{violation['id']} ({violation['impact']}): {targets}")
    context.close()
    assert found == {}

"""Network pictures in a real browser (Debian's Chromium via Playwright) on the demo alliance plus one hostile partner.

The app runs on a free 127.0.0.1 port under its real Content-Security-Policy; tests wait on the state the
page writes into the DOM (data-state="still", data-nodes). Only the test that clicks on the canvas opens a
second context with bypass_csp to ask vis-network where a node is drawn.
"""
import shutil

import pytest

from allianz import create_app
from allianz.exchange.loader import import_folder

from conftest import DEMO_DIR, clear, served, test_settings

pytestmark = pytest.mark.browser
EVIL_NAME = "<img src=x onerror=alert('name')>\"'><script>alert(1)</script>"
EVIL_TEXT = "<svg onload=alert('desc')></svg><b onmouseover=alert(2)>fett</b>"
VIEWS = ["/netzwerk/", "/netzwerk/partner-projekte", "/netzwerk/partner-kompetenzen", "/netzwerk/partner/p99",
         "/netzwerk/partner/p01?stufen=2", "/netzwerk/projekt/pr01", "/netzwerk/projekt/pr24"]
STILL = "#netzwerk-bild[data-state='still']"


@pytest.fixture(scope="module")
def base_url(neo4j_server, tmp_path_factory):
    """The app on a free local port, on the demo alliance plus partner p99 whose name and description are XSS."""
    folder = tmp_path_factory.mktemp("demo-xss")
    for path in DEMO_DIR.glob("*.csv"):
        shutil.copy(path, folder / path.name)
    with open(folder / "partners.csv", "a", encoding="utf-8") as handle:
        name = EVIL_NAME.replace('"', '""')
        text = EVIL_TEXT.replace('"', '""')
        handle.write(f'p99,"{name}",company,"{name}","{text}",,DE,,mobilitaet,iot-lorawan:2\n')
    with open(folder / "participations.csv", "a", encoding="utf-8") as handle:
        handle.write("pr01,p99,partner\npr24,p99,partner\n")
    clear(neo4j_server)
    import_folder(neo4j_server, folder, replace=True)
    with served(create_app(test_settings())) as url:
        yield url


@pytest.fixture
def page(browser, base_url):
    """A page under the app's real CSP that records every request and every dialog."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.requests, page.dialogs = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.set_default_timeout(15000)
    yield page
    context.close()


def drawn(page, path):
    """Open `path`, wait until the picture is still, and return the number of drawn nodes."""
    page.goto(path)
    page.wait_for_selector(STILL)
    return int(page.get_attribute("#netzwerk-bild", "data-nodes"))


def view_json(page, path):
    """The JSON behind the picture on the current page."""
    return page.request.get(page.get_attribute("#netzwerk-bild", "data-src")).json()


@pytest.mark.parametrize("path", VIEWS)
def test_each_view_draws_its_data_and_its_table_twin_matches(page, path):
    count = drawn(page, path)
    data = view_json(page, path)
    assert count == len(data["nodes"]) > 0
    assert page.get_attribute("#netzwerk-bild", "data-edges") == str(len(data["edges"]))
    rows = page.locator("#knoten-tabelle tbody tr")
    assert rows.count() == count
    table_ids = {rows.nth(i).get_attribute("data-node") for i in range(rows.count())}
    assert table_ids == {node["id"] for node in data["nodes"]}
    assert page.locator(".network-legend li").count() == len(data["legend"])
    assert page.dialogs == []


def test_a_filter_changes_the_picture(page):
    everyone = drawn(page, "/netzwerk/")
    assert everyone == 39
    page.click(".network-filter-box > summary")   # the filters fold away; open them
    page.select_option("select[name='art']", "chamber")
    page.click(".network-filters button[type='submit']")
    page.wait_for_url("**art=chamber**")
    page.wait_for_selector(STILL)
    assert page.get_attribute("#netzwerk-bild", "data-nodes") == "2"
    assert page.locator("#knoten-tabelle tbody tr").count() == 2
    page.click(".network-filter-box > summary")
    assert "1 aktiv" in page.inner_text(".network-filter-box > summary")
    page.fill("input[name='max']", "5")
    page.select_option("select[name='art']", "")
    page.click(".network-filters button[type='submit']")
    page.wait_for_url("**max=5**")
    page.wait_for_selector(STILL)
    assert page.get_attribute("#netzwerk-bild", "data-nodes") == "5"
    assert "34 weitere Knoten sind ausgeblendet" in page.inner_text("#netzwerk-ausgeblendet")


def test_keyboard_opens_a_nodes_details_from_the_table(page):
    drawn(page, "/netzwerk/?sort=projekte&richtung=ab")
    button = page.locator("button.show-node[data-node='partner:p01']")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#netzwerk-details[data-selected='partner:p01']")
    assert page.inner_text("#details-inhalt h3") == "Stadt Musterstadt – Stabsstelle Smart City"
    assert page.locator("#netzwerk-details:focus").count() == 1
    assert page.locator("#details-inhalt a[href='/netzwerk/partner/p01']").count() == 1


def test_clicking_a_node_shows_its_details(browser, base_url):
    context = browser.new_context(base_url=base_url, bypass_csp=True, viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    try:
        page.goto("/netzwerk/")
        page.wait_for_selector(STILL)
        point = page.evaluate("""() => {
            return document.getElementById('netzwerk-bild').__picture.domPositions()['partner:p07'];
        }""")
        box = page.locator("#netzwerk-bild").bounding_box()
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        page.wait_for_selector("#netzwerk-details[data-selected='partner:p07']", timeout=5000)
        heading = page.inner_text("#details-inhalt h3")
        assert heading.startswith("Universität")
        assert page.locator("#details-inhalt dd").first.inner_text() == "Wissenschaft"
    finally:
        context.close()


def test_a_hostile_partner_is_shown_as_text_everywhere_and_no_dialog_fires(page):
    for path in VIEWS + ["/netzwerk/analyse"]:
        page.goto(path)
        if path != "/netzwerk/analyse":
            page.wait_for_selector(STILL)
    page.goto("/netzwerk/partner/p99")
    page.wait_for_selector(STILL)
    assert EVIL_NAME in page.inner_text("h1")
    page.locator("button.show-node[data-node='partner:p99']").click()
    page.wait_for_selector("#netzwerk-details[data-selected='partner:p99']")
    assert page.inner_text("#details-inhalt h3") == EVIL_NAME
    assert EVIL_TEXT in page.inner_text("#details-inhalt")
    # the page says where the selected node is drawn: hover it for vis-network's tooltip
    for _attempt in range(3):  # a late zoom of the first layout forgets where the node is: select it again
        if page.get_attribute("#netzwerk-bild", "data-selected-at"):
            break
        page.wait_for_timeout(500)
        page.locator("button.show-node[data-node='partner:p99']").click()
    box = page.locator("#netzwerk-bild").bounding_box()
    x, y = (int(v) for v in page.get_attribute("#netzwerk-bild", "data-selected-at").split(","))
    page.mouse.move(box["x"] + x - 20, box["y"] + y - 20)
    page.mouse.move(box["x"] + x, box["y"] + y, steps=5)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    assert EVIL_NAME in page.inner_text("div.vis-tooltip")
    assert page.locator("img[src='x'], svg[onload], script:not([src])").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == []


def test_no_request_leaves_127_0_0_1(page, base_url):
    for path in VIEWS + ["/netzwerk/analyse"]:
        page.goto(path)
        if path != "/netzwerk/analyse":
            page.wait_for_selector(STILL)
            page.hover("#netzwerk-bild")  # the visitor reaches for the picture: vis-network is loaded
            page.wait_for_selector("#netzwerk-bild[data-engine='vis-network']")
    assert page.requests, "the pages made no requests at all?"
    outside = [url for url in page.requests if not url.startswith(base_url + "/") and not url.startswith("blob:")]
    assert outside == []
    assert any("/netzwerk/vendor/vis-network.min.js" in url for url in page.requests)


def test_communities_as_super_nodes_open_their_members(page):
    count = drawn(page, "/netzwerk/?ansicht=gemeinschaften")
    data = view_json(page, "/netzwerk/?ansicht=gemeinschaften")
    assert count == len(data["nodes"]) > 1 and {n["type"] for n in data["nodes"]} == {"community"}
    assert page.locator("#knoten-tabelle tbody tr").count() == count
    button = page.locator("button.show-node[data-node='community:1']")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#netzwerk-details[data-selected='community:1']")
    page.click("#details-inhalt a[href='/netzwerk/?gemeinschaft=1']")
    page.wait_for_url("**gemeinschaft=1**")
    members = int(page.wait_for_selector(STILL).get_attribute("data-nodes"))
    assert members == data["nodes"][0]["members"]
    assert page.dialogs == []


def swipe(page, x, y, dy, steps=12):
    """One finger from (x, y) up by `dy` pixels, as a touch screen sends it (Chromium's own touch events)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, steps + 1):
        cdp.send("Input.dispatchTouchEvent",
                 {"type": "touchMove", "touchPoints": [{"x": x, "y": y - dy * step / steps}]})
        page.wait_for_timeout(30)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(800)   # any fling has settled


@pytest.fixture
def phone(browser, base_url):
    """A phone: 390×844, touch, a coarse pointer (bypass_csp to read where nodes are drawn and the scroll)."""
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True, device_scale_factor=2, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_on_a_phone_one_finger_scrolls_the_page_over_the_picture_and_a_tap_shows_details_in_view(phone):
    phone.goto("/netzwerk/")
    phone.wait_for_selector(STILL)
    assert phone.is_visible("#netzwerk-bewegen")
    assert "Ein Finger scrollt die Seite" in phone.inner_text("#netzwerk-touch")
    top = phone.locator("#netzwerk-bild").bounding_box()["y"]   # in the page
    phone.evaluate(f"window.scrollTo(0, {top - 40})")
    phone.touchscreen.tap(200, 60)   # the first touch brings vis-network in
    phone.wait_for_selector("#netzwerk-bild[data-engine='vis-network']")
    start = phone.evaluate("window.scrollY")
    swipe(phone, 200, 450, 250)   # a finger up over the middle of the picture
    assert phone.evaluate("window.scrollY") > start + 100   # the page moved, not the picture
    for dx, dy in ((0, 0), (2, 2), (-2, -2), (0, 3)):   # a tap is a finger: near the node's centre
        point = phone.evaluate("document.getElementById('netzwerk-bild').__picture.domPositions()['partner:p07']")
        phone.locator("#netzwerk-bild").tap(position={"x": point["x"] + dx, "y": point["y"] + dy})
        phone.wait_for_timeout(500)
        if phone.get_attribute("#netzwerk-details", "data-selected") == "partner:p07":
            break
    phone.wait_for_selector("#netzwerk-details[data-selected='partner:p07']", state="attached", timeout=10000)
    sheet = phone.locator("#netzwerk-details").bounding_box()
    assert sheet["y"] >= 0 and sheet["y"] + sheet["height"] <= 844 + 1   # the details are on the screen
    assert phone.inner_text("#details-inhalt h3").startswith("Universität")
    phone.click("#details-schliessen")
    phone.wait_for_selector("#netzwerk-details[data-open='false']")
    phone.click("#netzwerk-bewegen")   # now one finger moves the picture
    assert phone.get_attribute("#netzwerk-bild", "data-move") == "on"
    phone.evaluate(f"window.scrollTo(0, {top - 40})")
    phone.wait_for_timeout(300)
    start = phone.evaluate("window.scrollY")
    swipe(phone, 200, 450, 250)
    assert abs(phone.evaluate("window.scrollY") - start) < 20


def test_on_a_laptop_the_picture_starts_in_the_first_screen(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto("/netzwerk/")
        page.wait_for_selector(STILL)
        picture = page.locator("#netzwerk-bild").bounding_box()
        visible = min(768, picture["y"] + picture["height"]) - picture["y"]
        assert picture["height"] >= 300 and visible >= 0.95 * picture["height"]   # (nearly) all in the first screen
    finally:
        context.close()

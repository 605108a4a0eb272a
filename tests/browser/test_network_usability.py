"""The pictures as a new user meets them, in Debian's Chromium: labels that never overlap
(test_network_labels_browser.py also measures them against the nodes), the first click selects, search finds
and focuses, fit shows every node, keyboard control, no page scrolls sideways at 390 px, and the "wird
berechnet" page reloads itself.

Tests that must ask the picture where a node is drawn use a context with bypass_csp (the page's CSP has
no unsafe-eval); the others run under the real CSP and read the state the page writes into the DOM. The
picture opens as its first look (no vis-network yet, `data-engine="preview"`); the first click, key or
button hands it to vis-network at the same view, and the tests check what the visitor sees across that.
"""
import itertools
import json

import pytest

from allianz import create_app, revision
from allianz.exchange.loader import import_folder

from conftest import DEMO_DIR, clear, served, test_settings

pytestmark = pytest.mark.browser
STILL = "#netzwerk-bild[data-state='still']"
VIEWS = ["/netzwerk/", "/netzwerk/?ansicht=gemeinschaften", "/netzwerk/partner-projekte",
         "/netzwerk/partner-kompetenzen", "/netzwerk/partner/p01", "/netzwerk/projekt/pr24"]
# One page of every type the app has (lists, details, pictures, analytics, matching, errors).
PAGE_TYPES = ["/", "/partner/", "/partner/p02", "/projekte/", "/projekte/pr24", "/kompetenzen/",
              "/kompetenzen/iot-lorawan", "/handlungsfelder/", "/handlungsfelder/mobilitaet", "/matching/",
              "/matching/projekt/pr24", "/matching/vorstellungen", "/netzwerk/", "/netzwerk/partner-projekte",
              "/netzwerk/partner/p01", "/netzwerk/projekt/pr24", "/netzwerk/analyse", "/gibt-es-nicht"]
WHERE = """() => {
    const container = document.getElementById('netzwerk-bild');
    const out = container.__picture.domPositions();
    return {nodes: out, width: container.clientWidth, height: container.clientHeight, scrollY: window.scrollY};
}"""


@pytest.fixture(scope="module")
def site(neo4j_server):
    """The app on the demo alliance, served on a free local port."""
    clear(neo4j_server)
    import_folder(neo4j_server, DEMO_DIR, replace=True)
    with served(create_app(test_settings())) as url:
        yield url


def new_page(browser, site, width=1366, height=768, evaluate=False):
    """A page of its own; `evaluate` lifts the CSP so the test may ask vis-network (never for safety tests)."""
    context = browser.new_context(base_url=site, viewport={"width": width, "height": height}, bypass_csp=evaluate)
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def overlapping(boxes):
    """Pairs of label boxes that share any area."""
    return [(a["id"], b["id"]) for a, b in itertools.combinations(boxes, 2)
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]]


def labels(page):
    """The label boxes the picture drew (CSS px in its frame)."""
    return json.loads(page.get_attribute("#netzwerk-bild", "data-labels") or "[]")


def most_central_with_room(page, data):
    """The most central node whose label, as the server decided, has room at the picture's zoom (beside it, over
    no node and no more central label)."""
    frame = page.locator("#netzwerk-bild").bounding_box()
    orientation = "tall" if frame["height"] > frame["width"] * 1.1 else "wide"
    scale = float(page.get_attribute("#netzwerk-bild", "data-scale"))
    room = [node for node in data["nodes"] if node["label_box"][orientation][0] is not None
            and node["label_box"][orientation][0] <= scale + 0.001]
    return min(room, key=lambda node: node["rank"])


@pytest.mark.parametrize("path", VIEWS)
def test_no_two_drawn_labels_overlap_and_the_most_central_that_have_room_are_labelled(browser, site, path):
    page = new_page(browser, site)
    page.goto(path)
    page.wait_for_selector(STILL)
    data = page.request.get(page.get_attribute("#netzwerk-bild", "data-src")).json()
    boxes = labels(page)
    assert overlapping(boxes) == []
    assert len(boxes) >= min(10, len(data["nodes"]))
    assert most_central_with_room(page, data)["id"] in {box["id"] for box in boxes}
    frame = page.locator("#netzwerk-bild").bounding_box()
    assert all(0 <= b["x"] and b["x"] + b["w"] <= frame["width"] and 0 <= b["y"] <= frame["height"] for b in boxes)
    page.context.close()


@pytest.mark.parametrize("path", VIEWS)
def test_every_picture_opens_fitted_with_every_node_inside_its_frame(browser, site, path):
    page = new_page(browser, site, evaluate=True)
    page.goto(path)
    page.wait_for_selector(STILL)
    where = page.evaluate(WHERE)
    outside = [key for key, p in where["nodes"].items()
               if not (0 <= p["x"] <= where["width"] and 0 <= p["y"] <= where["height"])]
    assert outside == []
    xs = [p["x"] for p in where["nodes"].values()]
    ys = [p["y"] for p in where["nodes"].values()]
    if len(xs) > 5:  # the layout uses the frame: the nodes span most of its width or of its height
        assert max(xs) - min(xs) > 0.6 * where["width"] or max(ys) - min(ys) > 0.6 * where["height"]
    page.context.close()


def test_the_first_click_on_a_node_at_1366_by_768_selects_it_without_scrolling_or_zooming(browser, site):
    page = new_page(browser, site, evaluate=True)
    page.goto("/netzwerk/")
    page.wait_for_selector(STILL)
    where = page.evaluate(WHERE)
    frame = page.locator("#netzwerk-bild").bounding_box()
    visible = {key: p for key, p in where["nodes"].items() if frame["y"] + p["y"] < 760 and key.startswith("partner:")}
    target, point = max(visible.items(), key=lambda item: item[1]["y"])  # the lowest one still on screen
    scale = page.get_attribute("#netzwerk-bild", "data-scale")
    page.mouse.click(frame["x"] + point["x"], frame["y"] + point["y"])
    page.wait_for_selector(f"#netzwerk-details[data-selected='{target}']", timeout=3000)
    assert page.evaluate("window.scrollY") == where["scrollY"]
    assert page.get_attribute("#netzwerk-bild", "data-scale") == scale  # selecting never zooms or crops
    # the neighbours stay as they are, the rest is dimmed
    opacity = page.evaluate("""(id) => {
        const network = document.getElementById('netzwerk-bild').__network;
        const near = new Set([id, ...network.getConnectedNodes(id)]);
        const all = network.body.data.nodes.get();
        return {near: all.filter(n => near.has(n.id)).map(n => n.opacity),
                far: all.filter(n => !near.has(n.id)).map(n => n.opacity)};
    }""", target)
    assert set(opacity["near"]) == {1} and opacity["far"] and max(opacity["far"]) < 0.5
    page.context.close()


def test_the_first_look_needs_no_vis_network_and_it_takes_over_at_the_same_view(browser, site):
    page = new_page(browser, site)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/netzwerk/")
    page.wait_for_selector(STILL)
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("#netzwerk-bild", "data-engine") == "preview"
    assert not [url for url in requests if "vis-network" in url or "engine.js" in url]
    scale, first = page.get_attribute("#netzwerk-bild", "data-scale"), labels(page)
    page.hover("#netzwerk-bild")
    page.wait_for_selector("#netzwerk-bild[data-engine='vis-network']")
    assert [url for url in requests if "vis-network" in url]
    assert page.get_attribute("#netzwerk-bild", "data-scale") == scale
    page.mouse.move(0, 0)  # no node hovered: the same labels as the first look, at most a pixel apart
    page.wait_for_timeout(200)
    after = {box["id"]: box for box in labels(page)}
    assert set(after) == {box["id"] for box in first} and overlapping(list(after.values())) == []
    assert all(abs(after[box["id"]]["x"] - box["x"]) <= 2 and abs(after[box["id"]]["y"] - box["y"]) <= 2
               for box in first)
    page.context.close()


def test_search_finds_a_node_and_focuses_it(browser, site):
    page = new_page(browser, site)
    page.goto("/netzwerk/")
    page.wait_for_selector(STILL)
    page.fill("#netzwerk-suchfeld", "grünplan")
    page.press("#netzwerk-suchfeld", "Enter")
    page.wait_for_selector("#netzwerk-details[data-selected]")
    selected = page.get_attribute("#netzwerk-details", "data-selected")
    data = page.request.get(page.get_attribute("#netzwerk-bild", "data-src")).json()
    node = next(n for n in data["nodes"] if n["id"] == selected)
    assert "grünplan" in node["name"].casefold()
    assert page.inner_text("#details-inhalt h3") == node["name"]
    assert page.inner_text("#netzwerk-status").startswith("Gefunden:")
    x, y = (int(v) for v in page.get_attribute("#netzwerk-bild", "data-selected-at").split(","))
    frame = page.locator("#netzwerk-bild").bounding_box()
    assert 0 <= x <= frame["width"] and 0 <= y <= frame["height"]
    assert selected in {box["id"] for box in labels(page)}  # focused: its label is drawn
    page.fill("#netzwerk-suchfeld", "gibt es nicht")
    page.press("#netzwerk-suchfeld", "Enter")
    assert "Kein Knoten im Bild passt" in page.inner_text("#netzwerk-status")
    page.context.close()


def scale_becomes(page, test):
    """Wait until the picture's zoom (redrawn on the next frame) passes `test` (a JS expression on `s`)."""
    page.wait_for_function(f"(() => {{ const s = parseFloat(document.getElementById('netzwerk-bild').dataset.scale); "
                           f"return {test}; }})()", timeout=5000)
    return float(page.get_attribute("#netzwerk-bild", "data-scale"))


def test_zoom_and_fit_by_keyboard_and_buttons_and_fit_shows_every_node(browser, site):
    page = new_page(browser, site, evaluate=True)
    page.goto("/netzwerk/")
    page.wait_for_selector(STILL)
    fitted = float(page.get_attribute("#netzwerk-bild", "data-scale"))
    zoom_in = page.get_by_role("button", name="Vergrößern")
    zoom_in.focus()
    page.keyboard.press("Enter")
    scale_becomes(page, f"s > {fitted * 1.2}")
    page.keyboard.press("Enter")
    zoomed = scale_becomes(page, f"s > {fitted * 1.5}")
    page.focus("#netzwerk-bild")  # the picture itself takes keys: − zooms out, arrows pan, 0 fits
    page.keyboard.press("-")
    scale_becomes(page, f"s < {zoomed * 0.9}")
    page.keyboard.press("ArrowRight")
    page.get_by_role("button", name="Alles zeigen").click()
    assert scale_becomes(page, f"Math.abs(s - {fitted}) < {fitted * 0.02}") == pytest.approx(fitted, rel=0.02)
    where = page.evaluate(WHERE)
    assert [key for key, p in where["nodes"].items()
            if not (0 <= p["x"] <= where["width"] and 0 <= p["y"] <= where["height"])] == []
    toolbar = page.get_by_role("toolbar", name="Bild steuern")
    assert toolbar.is_visible() and page.get_by_role("search", name="Knoten im Bild suchen").count() == 1
    page.context.close()


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_page_scrolls_sideways_at_390_px(browser, site, path):
    page = new_page(browser, site, width=390, height=844, evaluate=True)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    heading = page.locator("h1").bounding_box()
    assert heading["x"] >= 0 and heading["x"] + heading["width"] <= 390  # headings wrap, never cut
    page.context.close()


def test_on_a_phone_the_picture_comes_first_and_the_panel_below_it(browser, site):
    page = new_page(browser, site, width=390, height=844)
    page.goto("/netzwerk/")
    page.wait_for_selector(STILL)
    picture = page.locator("#netzwerk-bild").bounding_box()
    panel = page.locator("#netzwerk-details").bounding_box()
    filters = page.locator("form.network-filters").bounding_box()
    assert picture["y"] + picture["height"] <= panel["y"] and picture["y"] < filters["y"]
    assert picture["width"] <= 390
    page.context.close()


def test_the_pending_page_reloads_itself_until_the_picture_is_there(browser, neo4j_server):
    clear(neo4j_server)
    import_folder(neo4j_server, DEMO_DIR, replace=True)
    app = create_app(dict(test_settings(), NETWORK_BACKGROUND_FROM=1))
    with served(app) as url:
        neo4j_server.execute(revision.BUMP)
        page = new_page(browser, url)
        answer = page.goto("/netzwerk/partner-projekte")
        assert answer.status == 202
        assert "Berechnet wird" in page.inner_text("#netzwerk-berechnung")
        page.wait_for_selector(STILL, timeout=30000)  # nobody clicked: the page reloaded itself
        assert page.locator("#netzwerk-berechnung").count() == 0
        page.context.close()

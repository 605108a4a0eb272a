"""Dense pictures stay readable, measured in Debian's Chromium: in the partner–projects and partner–competencies
views, on the demo alliance and on a denser synthetic one, at 1366×768 and on a 390×844 phone, no label box the
picture draws overlaps another or lies over another node's circle, both in the first look and once vis-network
has taken over (the same labels at the same places, at any frame height); a node without a label is named when
pointed at.

Where a node is drawn is asked from the picture (`__picture.domPositions()`), hence contexts with bypass_csp."""
import itertools
import json

import pytest

from allianz import create_app
from allianz.exchange import synthetic
from allianz.exchange.loader import import_folder

from conftest import DEMO_DIR, clear, served, test_settings

pytestmark = pytest.mark.browser
STILL = "#netzwerk-bild[data-state='still']"
DENSE_VIEWS = ["/netzwerk/partner-projekte", "/netzwerk/partner-kompetenzen"]
SCREENS = {"laptop": {"viewport": {"width": 1366, "height": 768}},
           "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True,
                     "device_scale_factor": 2}}
TOLERANCE = 0.5  # px: boxes may touch; anti-aliasing aside, nothing may reach into another
MEASURE = """() => {
    const container = document.getElementById('netzwerk-bild');
    return {labels: JSON.parse(container.dataset.labels || '[]'), nodes: container.__picture.domPositions(),
            scale: parseFloat(container.dataset.scale), width: container.clientWidth,
            height: container.clientHeight, engine: container.dataset.engine};
}"""


@pytest.fixture(scope="module", params=["demo", "dense"])
def site(request, neo4j_server, tmp_path_factory):
    """The app on the demo alliance, then on a denser synthetic one (300 partners: 150 partners and 150
    projects in the partner–projects view), served on a free local port."""
    clear(neo4j_server)
    if request.param == "demo":
        import_folder(neo4j_server, DEMO_DIR, replace=True)
    else:
        folder = tmp_path_factory.mktemp("synthetic-300")
        synthetic.write(folder, 300, seed=5)
        import_folder(neo4j_server, folder, replace=True)
    with served(create_app(test_settings())) as url:
        yield url


def open_picture(browser, site, screen, path):
    """A page of its own on `screen` with the picture at `path` drawn (its first look)."""
    context = browser.new_context(base_url=site, bypass_csp=True, **SCREENS[screen])
    page = context.new_page()
    page.set_default_timeout(30000)
    page.goto(path)
    page.wait_for_selector(STILL)
    return page


def hand_over(page, screen):
    """Let vis-network take over (a pointer over the picture, or a touch on a phone) and point at nothing."""
    if screen == "phone":
        page.dispatch_event("#netzwerk-bild", "touchstart")
    else:
        page.hover("#netzwerk-bild")
    page.wait_for_selector("#netzwerk-bild[data-engine='vis-network']")
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)  # the next frame is drawn with no node hovered


def circles(page, drawn):
    """Every node as vis-network draws it: centre (CSS px in the frame) and radius (its size at this zoom)."""
    data = page.request.get(page.get_attribute("#netzwerk-bild", "data-src")).json()
    return {node["id"]: (drawn["nodes"][node["id"]]["x"], drawn["nodes"][node["id"]]["y"],
                         node["size"] * drawn["scale"]) for node in data["nodes"]}


def box_reaches_circle(box, circle):
    """Whether a label box reaches more than TOLERANCE px into a circle."""
    x, y, radius = circle
    nearest_x = min(max(x, box["x"]), box["x"] + box["w"])
    nearest_y = min(max(y, box["y"]), box["y"] + box["h"])
    return (nearest_x - x) ** 2 + (nearest_y - y) ** 2 < (radius - TOLERANCE) ** 2


def boxes_overlap(a, b):
    """Whether two label boxes share more than a TOLERANCE px strip."""
    return (a["x"] + TOLERANCE < b["x"] + b["w"] and b["x"] + TOLERANCE < a["x"] + a["w"]
            and a["y"] + TOLERANCE < b["y"] + b["h"] and b["y"] + TOLERANCE < a["y"] + a["h"])


def collisions(page):
    """What the picture drew: its label boxes, the pairs of them that overlap, the labels over another node's
    circle, and the boxes that leave the frame."""
    drawn = page.evaluate(MEASURE)
    nodes = circles(page, drawn)
    boxes = drawn["labels"]
    return {"boxes": boxes,
            "over_labels": [(a["id"], b["id"]) for a, b in itertools.combinations(boxes, 2) if boxes_overlap(a, b)],
            "over_nodes": [(box["id"], other) for box in boxes for other, circle in nodes.items()
                           if other != box["id"] and box_reaches_circle(box, circle)],
            "outside": [box["id"] for box in boxes if min(box["x"], box["y"]) < -TOLERANCE
                        or box["x"] + box["w"] > drawn["width"] + TOLERANCE
                        or box["y"] + box["h"] > drawn["height"] + TOLERANCE]}


@pytest.mark.parametrize("screen", ["laptop", "phone"])
@pytest.mark.parametrize("path", DENSE_VIEWS)
def test_no_label_lies_over_another_label_or_over_a_node_before_and_after_vis_network_takes_over(
        browser, site, path, screen):
    page = open_picture(browser, site, screen, path)
    first = collisions(page)
    assert first["over_labels"] == [] and first["over_nodes"] == [] and first["outside"] == []
    assert len(first["boxes"]) >= 8  # the rule names what fits: readable, not empty
    hand_over(page, screen)
    after = collisions(page)
    assert after["over_labels"] == [] and after["over_nodes"] == [] and after["outside"] == []
    before = {box["id"]: box for box in first["boxes"]}
    assert {box["id"] for box in after["boxes"]} == set(before)  # the same labels, at the same places
    assert all(abs(box["x"] - before[box["id"]]["x"]) <= 1 and abs(box["y"] - before[box["id"]]["y"]) <= 1
               for box in after["boxes"])
    page.context.close()


@pytest.mark.parametrize("height", [700, 733, 768, 801, 900])
def test_the_first_look_and_vis_network_show_the_same_labels_at_any_frame_height(browser, site, height):
    context = browser.new_context(base_url=site, bypass_csp=True, viewport={"width": 1366, "height": height})
    page = context.new_page()
    page.set_default_timeout(30000)
    page.goto(DENSE_VIEWS[0])
    page.wait_for_selector(STILL)
    first = json.loads(page.get_attribute("#netzwerk-bild", "data-labels"))
    hand_over(page, "laptop")
    after = json.loads(page.get_attribute("#netzwerk-bild", "data-labels"))
    assert sorted(box["id"] for box in after) == sorted(box["id"] for box in first)
    context.close()


def test_a_node_without_a_label_is_named_when_pointed_at(browser, site):
    page = open_picture(browser, site, "laptop", DENSE_VIEWS[0])
    hand_over(page, "laptop")
    drawn = page.evaluate(MEASURE)
    named = {box["id"] for box in drawn["labels"]}
    frame = page.locator("#netzwerk-bild").bounding_box()
    nodes = circles(page, drawn)
    # an unnamed node well inside the frame, with no other node's centre near its own
    target = next(key for key, (x, y, r) in sorted(nodes.items(), key=lambda item: -item[1][2])
                  if key not in named and 40 < x < drawn["width"] - 40 and 40 < y < drawn["height"] - 40
                  and all((x - ox) ** 2 + (y - oy) ** 2 > (r + orr + 4) ** 2
                          for other, (ox, oy, orr) in nodes.items() if other != key))
    x, y, _radius = nodes[target]
    page.mouse.move(frame["x"] + x, frame["y"] + y, steps=4)
    page.wait_for_function(f"document.getElementById('netzwerk-bild').dataset.labels.includes({json.dumps(target)})",
                           timeout=5000)
    assert collisions(page)["over_labels"] == []  # the labels it would touch make room for it
    page.context.close()

"""The label rule of the pictures (allianz/network/placement.py), without a browser: a label shown at a zoom
covers no node and no other label shown at that zoom, the more important node gets the contested room, a label
that never fits gets none, and the decision rides along with the picture's data."""
import itertools
import random

import pytest

from allianz.network.placement import GAP_PX, LINE_PX, SPOTS, extents, label_width, place, text_width

ZOOMS = [0.05, 0.1, 0.2, 0.3, 0.45, 0.7, 1.0, 1.6, 2.5, 4.0]


def node_box(item, zoom):
    """Where a node's shape is drawn at `zoom` (px, from the picture's centre): (left, top, right, bottom)."""
    ex, ey = extents(item.get("shape"))
    rx, ry = ex * item["size"] * zoom, ey * item["size"] * zoom
    return (item["x"] * zoom - rx, item["y"] * zoom - ry, item["x"] * zoom + rx, item["y"] * zoom + ry)


def label_box(item, spot, zoom):
    """Where a node's label is drawn at `zoom` at `spot`, worked out here from the spot's meaning."""
    left, top, right, bottom = node_box(item, zoom)
    side_x, side_y = SPOTS[spot]
    width = item["w"]
    x = {0: (left + right) / 2 - width / 2, 1: right + GAP_PX, -1: left - GAP_PX - width}[side_x]
    y = {0: (top + bottom) / 2 - LINE_PX / 2, 1: bottom + GAP_PX, -1: top - GAP_PX - LINE_PX}[side_y]
    return (x, y, x + width, y + LINE_PX)


def share_area(a, b, tolerance=0.01):
    """Whether two (left, top, right, bottom) boxes overlap by more than `tolerance` px."""
    return (a[0] + tolerance < b[2] and b[0] + tolerance < a[2]
            and a[1] + tolerance < b[3] and b[1] + tolerance < a[3])


def random_picture(seed, count):
    """`count` nodes of mixed shapes, sizes and label widths, laid out at random in a frame's shape."""
    rng = random.Random(seed)
    return [{"x": rng.uniform(-900, 900), "y": rng.uniform(-550, 550), "size": rng.uniform(8, 34),
             "shape": rng.choice(["dot", "square", "triangle", "star", "hexagon"]), "w": rng.randint(24, 290)}
            for _ in range(count)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_at_every_zoom_the_labels_shown_cover_no_node_and_no_other_label(seed):
    items = random_picture(seed, 80)
    decided = place(items)
    for zoom in ZOOMS:
        shown = [(index, label_box(items[index], spot, zoom)) for index, (at, spot) in enumerate(decided)
                 if at is not None and at <= zoom]
        assert [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(shown, 2) if share_area(box_a, box_b)] == []
        covered = [(index, other) for index, box in shown for other, item in enumerate(items)
                   if other != index and share_area(box, node_box(item, zoom))]
        assert covered == []


def test_more_labels_are_shown_the_closer_the_zoom_and_none_disappears():
    items = random_picture(4, 120)
    decided = place(items)
    counts = [sum(1 for at, _spot in decided if at is not None and at <= zoom) for zoom in ZOOMS]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    assert sum(1 for at, _spot in decided if at is not None) > 0.8 * len(items)


def test_the_more_important_node_gets_the_room_the_labels_contest():
    items = random_picture(5, 60)
    decided = place(items)
    later = []
    for index in range(10, 60, 5):  # the same node, placed first instead: its label is shown as soon or sooner
        alone = place([items[index]] + items[:index] + items[index + 1:])[0][0]
        assert alone is not None and (decided[index][0] is None or alone <= decided[index][0])
        later.append(decided[index][0] is None or alone < decided[index][0])
    assert any(later)  # and for some, the more important labels around it cost it room


def test_a_node_inside_a_larger_one_gets_no_label_and_a_lonely_node_one_at_every_zoom():
    big = {"x": 0, "y": 0, "size": 34, "shape": "dot", "w": 60}
    small = {"x": 2, "y": 1, "size": 4, "shape": "dot", "w": 60}
    far = {"x": 5000, "y": 0, "size": 10, "shape": "square", "w": 60}
    decided = place([big, small, far])
    assert decided[1][0] is None  # every spot beside it lies on the big node: named on hover and in the table
    assert decided[0][0] is not None and decided[0][0] <= 0.1
    assert decided[2][0] is not None and decided[2][0] <= 0.05


def test_a_labels_box_is_at_least_as_wide_as_its_text_in_dejavu_sans():
    assert text_width("iiii") < text_width("MMMM")
    assert 73.7 <= text_width("Stadtwerke") <= 76   # Chromium measures 73.7 px at 13 px in DejaVu Sans
    assert text_width("Ärztekammer") == text_width("Arztekammer")  # an umlaut is as wide as its letter
    assert text_width("会") == 13  # an unknown character: one em
    assert label_width("Stadtwerke") == text_width("Stadtwerke") + 4


def test_every_node_of_a_picture_carries_its_label_decision_for_wide_and_tall_frames(demo_client):
    data = demo_client.get("/netzwerk/daten/partner-projekte").get_json()
    for node in data["nodes"]:
        box = node["label_box"]
        assert box["w"] == label_width(node["label"])
        for orientation in ("wide", "tall"):
            at, spot = box[orientation]
            assert (at is None or at >= 0) and 0 <= spot < len(SPOTS)
    shown = [node for node in data["nodes"] if node["label_box"]["wide"][0] is not None]
    assert len(shown) > 0.8 * len(data["nodes"])

"""Which node labels a picture shows, where, and from which zoom on: decided once on the server, read by both
halves of the picture in the browser (the first look and vis-network), so they show the same labels.

Labels are drawn at LABEL_PX on screen whatever the zoom, while the nodes grow with it: the more the picture
is zoomed in, the more labels have room. For every node, in order of importance (rank: the centre, then
degree or weight), this pass finds the spot beside its node (below, above, right, left, then the four
corners) from whose zoom on its label box overlaps no node and no label of a more important node already
shown there, and that zoom (`at`); a label that never fits gets none (`None`): its node is named on hover,
selection and in the table twin. A label shown at one zoom stays shown at every closer zoom.

Geometry: a node drawn at zoom s has its centre at (x·s, y·s) and its shape inside a box of half-size
(ex·r·s, ey·r·s) (px, from the picture's centre); a label box is w × LINE_PX px, placed beside that box. Every
edge of a box is a linear function of s, so two boxes overlap on an open interval of zooms; the label's zoom is
the end of the last such interval. The picture is laid out wider than high; a portrait frame (a phone) shows
it turned by 90° (x and y swapped), so each node gets a decision for both (`wide`, `tall`)."""
import math
import unicodedata

import numpy as np

from .style import LABEL_PX

LINE_PX = round(LABEL_PX * 1.3)  # a label box's height (px); labels.js draws the text inside it
PAD_PX = 4       # a label box is the text's width plus this (the white halo around the letters)
GAP_PX = 2       # between a node's box and its label
BORDER_PX = 1.5  # a node's border, drawn outside its shape
BLOCK = 64       # labels checked against all nodes at once (memory: 32 · BLOCK · nodes floats)
MAX_ZOOM = 10    # vis-network's maxZoomLevel: a label that fits only closer than this gets none
PREFER = 1.15    # a spot earlier in SPOTS is taken if its label fits at most this much later than at the best

# Advance widths of DejaVu Sans (Debian's sans-serif, what Chromium draws labels with here) in 1/2048 em,
# for the characters from " " to "~"; kerning only narrows the drawn text. Other fonts are narrower, and
# labels.js never draws a text wider than its box. A letter with accents counts as its base letter.
_ASCII = [int(v) for v in """
651 821 942 1716 1303 1946 1597 563 799 799 1024 1716 651 739 651 690 1303 1303 1303 1303 1303 1303 1303 1303
1303 1303 690 690 1716 1716 1716 1087 2048 1401 1405 1430 1577 1294 1178 1587 1540 604 604 1343 1141 1767 1532
1612 1235 1612 1423 1300 1251 1499 1401 2025 1403 1251 1403 799 690 799 1716 1024 1024 1255 1300 1126 1300 1260
721 1300 1298 569 569 1186 569 1995 1298 1253 1300 1300 842 1067 803 1298 1212 1675 1212 1212 1075 1303 690
1303 1716""".split()]
_WIDTHS = {chr(32 + index): width for index, width in enumerate(_ASCII)}
_WIDTHS.update({"ß": 1290, "–": 1024, "—": 2048, "„": 1061, "“": 1061, "”": 1061, "‘": 651, "’": 651,
                "‚": 651, "…": 2048, "·": 651, "•": 1208, "€": 1303, "§": 1024, "°": 1024})
_WIDEST = 2048  # anything else: one em

# The box around each of vis-network's shapes, in units of the node's size (half-width, half-height).
EXTENTS = {"square": (1.0, 1.0), "triangle": (1.15, 1.02), "star": (1.07, 1.07), "hexagon": (1.0, 0.87)}
ROUND = (1.0, 1.0)  # dot and any other shape

# The spots, in order of preference: (side of the node's box in x, in y); the label's box touches it there.
SPOTS = ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))


def text_width(text, px=LABEL_PX):
    """The width (px) of `text` drawn at `px` in DejaVu Sans, rounded up."""
    units = 0
    for char in text:
        width = _WIDTHS.get(char)
        if width is None:
            base = unicodedata.normalize("NFD", char)[:1]
            width = _WIDTHS.get(base, _WIDEST) if base != char else _WIDEST
        units += width
    return math.ceil(units * px / 2048)


def label_width(text):
    """The width (px) of a label's box: its text and the halo."""
    return text_width(text) + PAD_PX


def extents(shape):
    """(half-width, half-height) of a node's shape in units of its size."""
    return EXTENTS.get(shape, ROUND)


def _spot_boxes(x, y, ex, ey, w):
    """Every node's label box at every spot, as linear functions of the zoom s: slopes and offsets (px) of its
    left, right, top and bottom edge, each an array (4 edges, spots, nodes)."""
    sides = np.array(SPOTS, dtype=float)
    sx, sy = sides[:, :1], sides[:, 1:]
    slope_x = x[None, :] + sx * ex[None, :]
    slope_y = y[None, :] + sy * ey[None, :]
    # px offsets: centred on the node (side 0), or beyond its box by GAP_PX on that side
    left = np.where(sx == 0, -w[None, :] / 2, np.where(sx > 0, GAP_PX, -GAP_PX - w[None, :]))
    top = np.broadcast_to(np.where(sy == 0, -LINE_PX / 2, np.where(sy > 0, GAP_PX, -GAP_PX - LINE_PX)), left.shape)
    return np.stack([slope_x, slope_x, slope_y, slope_y]), np.stack([left, left + w[None, :], top, top + LINE_PX])


def _last_overlap(first, second):
    """For boxes `first` and `second` ((slopes, offsets) of their left, right, top and bottom edges along the
    first axis; the rest broadcast together), the zoom up to which they overlap: the upper end of the open
    interval of zooms where they share area (0 where there is none, inf where it never ends)."""
    (slope1, offset1), (slope2, offset2) = first, second
    # they overlap where four things hold at once, each a·s + b < 0: the left edge of each box before the
    # right edge of the other, the top edge of each above the bottom edge of the other
    slope = np.stack([slope1[0] - slope2[1], slope2[0] - slope1[1], slope1[2] - slope2[3], slope2[2] - slope1[3]])
    offset = np.stack([offset1[0] - offset2[1], offset2[0] - offset1[1], offset1[2] - offset2[3],
                       offset2[2] - offset1[3]])
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = -offset / slope
    high = np.where(slope > 0, bound, np.inf).min(axis=0)
    low = np.where(slope < 0, bound, 0.0).max(axis=0)
    never = ((slope == 0) & (offset >= 0)).any(axis=0)
    return np.where(~never & (low < high), high, 0.0)


def place(items):
    """Decide the labels of `items` (dicts with x, y, size, shape, w; in order of importance): for each, in
    the same order, (zoom from which its label is shown or None, index of its spot in SPOTS)."""
    count = len(items)
    if not count:
        return []
    x = np.array([float(item["x"]) for item in items])
    y = np.array([float(item["y"]) for item in items])
    size = np.array([float(item["size"]) for item in items])
    shape = np.array([extents(item.get("shape")) for item in items]).reshape(count, 2)
    ex, ey = shape[:, 0] * size, shape[:, 1] * size
    w = np.array([float(item["w"]) for item in items])
    spot_slopes, spot_offsets = _spot_boxes(x, y, ex, ey, w)
    nodes = (np.stack([x - ex, x + ex, y - ey, y + ey])[:, None, :],
             np.array([-BORDER_PX, BORDER_PX, -BORDER_PX, BORDER_PX])[:, None, None])
    # from which zoom on each label at each spot covers no node, a block of labels at a time: (spots, labels)
    clear = np.empty((len(SPOTS), count))
    for first in range(0, count, BLOCK):
        block = slice(first, min(first + BLOCK, count))
        high = _last_overlap((spot_slopes[:, :, block, None], spot_offsets[:, :, block, None]),
                             (nodes[0][:, :, None, :], nodes[1][:, :, None, :]))
        labels = np.arange(block.start, block.stop)
        high[:, labels - first, labels] = 0.0  # a label never covers its own node: every spot lies beside it
        clear[:, block] = high.max(axis=2)
    # the labels decided so far (shown from some zoom on): their boxes' edges and that zoom
    placed_slopes, placed_offsets, placed_at, placed = np.empty((4, count)), np.empty((4, count)), np.empty(count), 0
    out = []
    for index in range(count):
        mine = (spot_slopes[:, :, index:index + 1], spot_offsets[:, :, index:index + 1])
        need = clear[:, index]
        if placed:
            high = _last_overlap(mine, (placed_slopes[:, None, :placed], placed_offsets[:, None, :placed]))
            # a label decided before is there only from its own zoom on: an overlap that ends before is none
            need = np.maximum(need, np.where(high > placed_at[None, :placed], high, 0.0).max(axis=1))
        # the first spot (in order of preference) that fits about as soon as the soonest: beside rather than at
        # a corner, where a label reads as its node's
        spot = int(np.argmax(need <= need.min() * PREFER + 1e-9))
        at = float(need[spot])
        if at > MAX_ZOOM:
            out.append((None, spot))
            continue
        at = math.ceil(at * 10000) / 10000
        out.append((at, spot))
        placed_slopes[:, placed] = spot_slopes[:, spot, index]
        placed_offsets[:, placed] = spot_offsets[:, spot, index]
        placed_at[placed] = at
        placed += 1
    return out


def label_boxes(nodes, positions, order):
    """Each node's label decision for the picture, by node id: {"w": box width (px), "wide": [zoom, spot],
    "tall": [zoom, spot]} (zoom None: the label is shown only on hover and selection). `order` is the node ids
    in order of importance; `positions` the layout's {id: (x, y)}."""
    by_id = {node["id"]: node for node in nodes}
    widths = {key: label_width(by_id[key].get("label") or "") for key in order}
    wide = [{"x": positions.get(key, (0, 0))[0], "y": positions.get(key, (0, 0))[1], "size": by_id[key]["size"],
             "shape": by_id[key].get("shape"), "w": widths[key]} for key in order]
    tall = [dict(item, x=item["y"], y=item["x"]) for item in wide]
    return {key: {"w": widths[key], "wide": list(a), "tall": list(b)}
            for key, a, b in zip(order, place(wide), place(tall), strict=True)}

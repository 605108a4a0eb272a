"""The badges' colours, derived from the one palette in `allianz.vocabulary` (the pictures' colours): a light
tint of a kind's or a status's colour as the background, the colour itself as the border, and the colour
darkened until the text reads at WCAG AA (4.5 : 1) on its tint. Served as a stylesheet (`/palette.css`,
`allianz/assets.py`), so a new kind or a changed colour changes the badges with the pictures."""
import hashlib
from functools import lru_cache

from .vocabulary import KIND_COLORS, STATUS_COLORS

TINT = 0.16  # the share of the colour in a badge's background (the rest is white)
TEXT_CONTRAST = 4.5  # WCAG 2.1 AA for the badges' small bold text


def rgb(color):
    """`#RRGGBB` as three floats 0..1."""
    return tuple(int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))


def hex_of(channels):
    """Three floats 0..1 as `#rrggbb`."""
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in channels)


def mix(color, other, share):
    """`share` of `color` and the rest of `other`, mixed in sRGB (hex in, hex out)."""
    return hex_of(tuple(share * a + (1 - share) * b for a, b in zip(rgb(color), rgb(other), strict=True)))


def luminance(color):
    """WCAG 2.1 relative luminance of a hex colour."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb(color)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    """WCAG 2.1 contrast ratio of two hex colours (1 .. 21)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def badge(color):
    """A badge's {background, color, border} from a palette colour."""
    background = mix(color, "#ffffff", TINT)
    share = 1.0
    text = color
    while contrast(text, background) < TEXT_CONTRAST and share > 0:
        share = round(share - 0.05, 2)
        text = mix(color, "#000000", share)
    return {"background": background, "color": text, "border": color}


@lru_cache(maxsize=1)
def stylesheet():
    """The badge rules of every kind (`.kind-<key>`) and status (`.status-<key>`), as CSS text."""
    lines = ["/* Generated from allianz/vocabulary.py by allianz/palette.py: do not edit, change the palette. */"]
    for prefix, colors in (("kind", KIND_COLORS), ("status", STATUS_COLORS)):
        for key, color in colors.items():
            tint = badge(color)
            lines.append(f".{prefix}-{key} {{ background: {tint['background']}; color: {tint['color']}; "
                         f"border-color: {tint['border']}; }}")
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def version():
    """A short hash of the stylesheet (its URL changes when the palette does)."""
    return hashlib.sha256(stylesheet().encode()).hexdigest()[:12]

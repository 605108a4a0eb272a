"""The badges of kinds and statuses take their colours from the one palette (`allianz.vocabulary`), as the
pictures do: the app serves them as a stylesheet generated from it, no other stylesheet colours them, and
every badge's text reads on its tint (WCAG AA, checked with ColorAide)."""
import re
from pathlib import Path

import pytest
from coloraide import Color

from allianz.vocabulary import KIND_COLORS, STATUS_COLORS

STATIC_CSS = Path(__file__).resolve().parent.parent / "static" / "css"
RULE = re.compile(r"\.(kind|status)-([a-z_]+)\s*\{([^}]*)\}")
COLOUR_PROPERTIES = re.compile(r"(^|;)\s*(background(-color)?|color|border(-color)?)\s*:", re.M)
BADGES = [("kind", key, color) for key, color in KIND_COLORS.items()] + \
         [("status", key, color) for key, color in STATUS_COLORS.items()]


def served_rules(client):
    """{(prefix, key): {property: value}} of the palette stylesheet the pages link."""
    html = client.get("/partner/").get_data(as_text=True)
    address = re.search(r'<link rel="stylesheet" href="(/palette\.css\?v=[0-9a-f]{12})">', html).group(1)
    answer = client.get(address)
    assert answer.status_code == 200 and answer.mimetype == "text/css"
    assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    rules = {}
    for prefix, key, body in RULE.findall(answer.get_data(as_text=True)):
        rules[(prefix, key)] = dict(part.strip().split(": ", 1) for part in body.split(";") if part.strip())
    return rules


@pytest.fixture(scope="module")
def rules(demo_app):
    """The served badge rules (the demo app's test client)."""
    return served_rules(demo_app.test_client())


@pytest.mark.parametrize("prefix, key, color", BADGES)
def test_every_badge_takes_its_colour_from_the_palette(rules, prefix, key, color):
    rule = rules[(prefix, key)]
    assert rule["border-color"].lower() == color.lower()
    tint, text = Color(rule["background"]), Color(rule["color"])
    # the background is a light tint of the palette colour: the same hue family, far lighter
    assert tint.convert("oklch")["l"] > Color(color).convert("oklch")["l"]
    assert tint.delta_e(Color(color).mix("white", 0.84, space="srgb"), method="2000") < 1
    assert text.contrast(tint, method="wcag21") >= 4.5


def test_there_is_a_badge_rule_for_every_kind_and_status_and_no_other(rules):
    assert set(rules) == {(prefix, key) for prefix, key, _color in BADGES}


def test_no_stylesheet_of_the_repository_colours_a_badge_itself():
    found = [(path.name, f".{prefix}-{key}") for path in STATIC_CSS.glob("*.css")
             for prefix, key, body in RULE.findall(path.read_text(encoding="utf-8")) if COLOUR_PROPERTIES.search(body)]
    assert found == []

"""The pictures' palette: every pair of colours one picture can hold stays apart, for normal vision and
under simulated deuteranopia and protanopia (CIEDE2000 with ColorAide). (That the package has no import
circle is checked for all of `allianz` in test_architecture.py.)"""
import itertools

import pytest
from coloraide import Color

from allianz.vocabulary import COMPETENCY_COLOR, KIND_COLORS, KINDS, STATUS_COLORS, STATUSES

# Everything one picture can hold: partners (kinds), projects (statuses), competencies.
PICTURE = {**{f"kind {k}": v for k, v in KIND_COLORS.items()}, **{f"status {s}": v for s, v in STATUS_COLORS.items()},
           "competency": COMPETENCY_COLOR}
NORMAL_MIN = 15    # ΔE2000 between any two colours for normal vision (≈ clearly different at a glance)
DEFICIENT_MIN = 10  # … and as people with deuteranopia or protanopia see them
WHITE_MIN = 8      # every colour stands out from the white picture background


def distance(a, b, vision=None):
    """CIEDE2000 between two sRGB colours, as seen with `vision` (None, "deutan", "protan")."""
    first, second = Color(a), Color(b)
    if vision:
        first, second = first.filter(vision), second.filter(vision)
    return first.delta_e(second, method="2000")


def test_every_kind_and_status_has_a_colour_of_its_own():
    assert set(KIND_COLORS) == set(KINDS) and set(STATUS_COLORS) == set(STATUSES)
    assert len({value.upper() for value in PICTURE.values()}) == len(PICTURE)


@pytest.mark.parametrize("vision, least", [(None, NORMAL_MIN), ("deutan", DEFICIENT_MIN), ("protan", DEFICIENT_MIN)])
def test_no_two_colours_of_a_picture_look_alike(vision, least):
    close = [(a, b, round(distance(PICTURE[a], PICTURE[b], vision), 1))
             for a, b in itertools.combinations(PICTURE, 2) if distance(PICTURE[a], PICTURE[b], vision) < least]
    assert close == []


def test_the_colours_the_issue_saw_confused_are_apart_now():
    assert distance(KIND_COLORS["science"], STATUS_COLORS["active"], "deutan") >= DEFICIENT_MIN
    assert distance(STATUS_COLORS["rejected"], STATUS_COLORS["withdrawn"]) >= NORMAL_MIN


def test_every_colour_stands_out_from_the_white_background():
    assert [name for name, value in PICTURE.items() if distance(value, "#ffffff") < WHITE_MIN] == []

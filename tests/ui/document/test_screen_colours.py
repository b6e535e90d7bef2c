"""The screen's overlap rule in the highlighter is the one in glocal_annotator.colors."""

from __future__ import annotations

import pytest

from glocal_annotator import colors
from glocal_annotator.ui.document.highlighter import coding_format

CASES = [
    ("#F893BC",),
    ("#F893BC", "#55C4FE"),
    ("#F893BC", "#55C4FE", "#80CD82"),
    ("#F893BC", "#55C4FE", "#80CD82", "#E19AE5", "#1ACFDF", "#DDB049"),
]


@pytest.mark.parametrize("codes", CASES)
@pytest.mark.parametrize("selected", [None, "#55C4FE"])
def test_highlighter_backgrounds_follow_the_colour_module(codes, selected):
    fmt = coding_format(codes, codes[-1], selected)
    expected = colors.screen_fill([colors.channels(c) for c in codes])
    if selected is not None:
        expected = colors.screen_selected(expected, colors.channels(selected))
    background = fmt.background().color()
    assert (background.red(), background.green(), background.blue()) == expected

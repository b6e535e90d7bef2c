"""How the charts turn numbers into colours and words, without Qt: the heat map's colour scale,
the text colour that stays readable on each cell, and numbers written by what they measure.

The heat map's scale is ColorBrewer's 9-class sequential "Blues" (Cynthia Brewer, Mark Harrower,
colorbrewer2.org; Apache-2.0): one hue from near-white to dark blue, lightness falling steadily,
so a darker cell always means more, in colour and in grey print alike, and readers with the common
colour-vision deficiencies read it the same. Values between the nine stops are mixed in OKLab
(:func:`glocal_annotator.colors.oklab`), where equal steps look equal.
"""

from __future__ import annotations

import math
from functools import lru_cache

from glocal_annotator.colors import luminance, oklab, oklch_color

BLUES = ("F7FBFF", "DEEBF7", "C6DBEF", "9ECAE1", "6BAED6", "4292C6", "2171B5", "08519C",
         "08306B")
EMPTY_CELL = "FFFFFF"  # a zero: no colour at all, so "none" reads apart from "a few"
# Black, not a soft near-black: at the middle of the scale only pure black or white reaches
# WCAG AA (4.5:1; the two meet at about 4.6:1), near-black (1A1A1A) falls to 4.47:1.
DARK_TEXT, LIGHT_TEXT = "000000", "FFFFFF"
LEVELS = 256  # distinct colours of the scale (a cache of that many, whatever the table's size)


def _contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``RRGGBB`` colours (1 .. 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@lru_cache(maxsize=1024)
def text_color(fill: str) -> str:
    """The text colour (``RRGGBB``) with the better WCAG contrast on ``fill``: near-black on
    light cells, white on dark ones."""
    return DARK_TEXT if _contrast(fill, DARK_TEXT) >= _contrast(fill, LIGHT_TEXT) else LIGHT_TEXT


def _oklab_mix(first: str, second: str, share: float) -> str:
    """``first`` moved ``share`` (0..1) of the way to ``second`` in OKLab, as ``RRGGBB``."""
    a = oklab(first)
    b = oklab(second)
    lightness, green_red, blue_yellow = (x + (y - x) * share for x, y in zip(a, b, strict=True))
    chroma = math.hypot(green_red, blue_yellow)
    hue = math.degrees(math.atan2(blue_yellow, green_red))
    return oklch_color(lightness, chroma, hue).lstrip("#")


@lru_cache(maxsize=LEVELS + 1)
def _level_color(level: int) -> str:
    position = level / (LEVELS - 1) * (len(BLUES) - 1)
    index = min(int(position), len(BLUES) - 2)
    return _oklab_mix(BLUES[index], BLUES[index + 1], position - index)


def scale_color(value: float, low: float, high: float) -> str:
    """The fill (``RRGGBB``) of ``value`` on a scale from ``low`` to ``high``: white for zero
    (or less), else the Blues ramp from its lightest stop at ``low`` to its darkest at ``high``.
    A scale with ``high <= low`` gives every non-zero value the middle of the ramp."""
    if not value > 0 or math.isnan(value):
        return EMPTY_CELL
    share = 0.5 if high <= low else min(max((value - low) / (high - low), 0.0), 1.0)
    # the lightest stop is kept for the smallest non-zero values, never for zero itself
    return _level_color(max(1, round(share * (LEVELS - 1))))


# -- numbers in words --------------------------------------------------------------------------

MEASURE_NAMES = {
    "count": "Count",
    "row_percent": "Row %",
    "column_percent": "Column %",
    "presence": "Present (1) or not (0)",
    "coefficient": "Coefficient",
    "characters": "Characters",
}


def format_value(value: float, measure: str, *, short: bool = False) -> str:
    """``value`` as the reader expects it for ``measure``: whole numbers with thousands
    separators (counts, characters, presence), percentages with one decimal (``12.5 %``;
    ``short``: ``12.5``, for a small cell), coefficients with two decimals (``0.42``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if measure in ("row_percent", "column_percent"):
        return f"{value:.1f}" if short else f"{value:.1f} %"
    if measure == "coefficient":
        return f"{value:.2f}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def nice_ticks(high: float, count: int = 5) -> list[float]:
    """Round axis ticks from 0 to at least ``high`` (steps of 1, 2 or 5 times a power of ten),
    about ``count`` of them: ``nice_ticks(47)`` is ``[0, 10, 20, 30, 40, 50]``."""
    if not high > 0 or math.isinf(high):
        return [0.0, 1.0]
    raw = high / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    last = math.ceil(high / step - 1e-9)
    return [round(step * i, 10) for i in range(last + 1)]

"""Code colours, without Qt: the one place for how colours are read, mixed, compared and chosen.

- **Reading**: :func:`hex_color` (``#RRGGBB`` or ``RRGGBB`` -> ``RRGGBB``), :func:`channels`,
  :func:`luminance` (WCAG 2 relative luminance), :func:`tint`, :func:`readable_fill`.
- **Overlapping codings** (the one rule, two media): on screen the colours of the codings over a
  passage are *averaged* and laid over white more strongly the more codings there are
  (:func:`screen_fill`), so every code's hue stays visible on a bright screen; in print (Word)
  they are *multiplied* like layers of highlighter ink (:func:`print_fill`), so overlaps come out
  darker, each colour first lightened as far as black text needs.
- **Telling colours apart**: :func:`distance` is the Euclidean distance in the OKLab colour space
  (Björn Ottosson, "A perceptual color space for image processing", 2020; the ``deltaEOK`` of
  CSS Color Module Level 4), times 100; about 2 is the smallest difference people notice.
- **New codes' colours**: :data:`PALETTE` holds 24 hues evenly spaced around two rings of the
  OKLCH space (12 at lightness 0.78, chroma 0.13; 12 lighter ones at 0.88, 0.08, half a step
  round), each brought into the sRGB gamut by lowering its chroma: light enough for black text,
  strong enough to show as a highlight. :func:`pick_color` gives a new code a palette colour at
  least :data:`MIN_SIBLING_DISTANCE` from its parent's and its siblings' colours (the least used
  such colour in the codebook, then palette order; when none is that far, the one farthest from
  them), so siblings can be told apart. The default codebook in ``resources/`` gives each of
  its 24 codes its own palette colour, split so that each family (a top-level code and its
  sub-codes) and the four top-level codes are at least that far apart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)

# -- reading -----------------------------------------------------------------------------------

_HEX = re.compile(r"#?([0-9A-Fa-f]{6})")


def hex_color(color: str | None, default: str = "A6A6A6") -> str:
    """``#RRGGBB`` (or ``RRGGBB``) as ``RRGGBB``; anything else gives ``default``."""
    match = _HEX.fullmatch((color or "").strip())
    return match.group(1).upper() if match else default


def channels(color: str) -> RGB:
    """``RRGGBB`` (or ``#RRGGBB``) as red, green, blue in 0..255."""
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def to_hex(values: Iterable[float]) -> str:
    """Channels (clamped to 0..255, rounded) as ``RRGGBB``."""
    return "".join(f"{max(0, min(255, round(c))):02X}" for c in values)


def _linear_channel(value: int) -> float:
    """A channel (0..255) as linear light, by WCAG 2's formula (its 0.03928 threshold)."""
    share = value / 255
    return share / 12.92 if share <= 0.03928 else ((share + 0.055) / 1.055) ** 2.4


# WCAG's weights times each channel value's linear light: luminance is three look-ups and a sum.
_RED = tuple(0.2126 * _linear_channel(v) for v in range(256))
_GREEN = tuple(0.7152 * _linear_channel(v) for v in range(256))
_BLUE = tuple(0.0722 * _linear_channel(v) for v in range(256))


def luminance(color: str) -> float:
    """WCAG relative luminance of ``RRGGBB`` (0 black ... 1 white)."""
    red, green, blue = channels(color)
    return _RED[red] + _GREEN[green] + _BLUE[blue]


def tint(color: str, amount: float) -> str:
    """``color`` mixed with ``amount`` (0..1) of white, as ``RRGGBB``."""
    return to_hex(c + (255 - c) * amount for c in channels(color))


@lru_cache(maxsize=65536)
def readable_fill(color: str, minimum: float = 0.4) -> str:
    """``color`` lightened just enough that black text on it stays easy to read (its luminance
    at least ``minimum``), as ``RRGGBB``: the least :func:`tint` that reaches ``minimum``, found
    by 12 halvings of the amount of white (to 1/4096).

    Cached by colour (a pure function): a coded-document export asks for the same colours
    tens of thousands of times. Works on channel integers and the luminance tables (a few µs a
    colour; the same results as tinting and measuring each step through strings)."""
    return "{:02X}{:02X}{:02X}".format(*_lightened(*channels(color), minimum))


def _lightened(red: int, green: int, blue: int, minimum: float) -> RGB:
    if _RED[red] + _GREEN[green] + _BLUE[blue] >= minimum:
        return red, green, blue
    to_red, to_green, to_blue = 255 - red, 255 - green, 255 - blue
    low, high = 0.0, 1.0
    for _ in range(12):
        middle = (low + high) / 2
        lit = (
            _RED[round(red + to_red * middle)]
            + _GREEN[round(green + to_green * middle)]
            + _BLUE[round(blue + to_blue * middle)]
        )
        if lit >= minimum:
            high = middle
        else:
            low = middle
    return round(red + to_red * high), round(green + to_green * high), round(blue + to_blue * high)


@lru_cache(maxsize=4096)
def _readable_channels(color: str) -> RGB:
    return _lightened(*channels(color), 0.4)


# -- overlapping codings: screen averages, print multiplies ------------------------------------

SINGLE_STRENGTH = 0.32  # how much of a code's colour one coding lays over white on screen
STEP_STRENGTH = 0.12  # added per further coding over the same text
MAX_STRENGTH = 0.62
SELECTED_STRENGTH = 0.58  # the selected coding's own colour over white


def mix(a: Sequence[float], b: Sequence[float], share_of_b: float) -> RGB:
    """``a`` moved ``share_of_b`` (0..1) of the way to ``b``, channel by channel, rounded."""
    return tuple(round(x + (y - x) * share_of_b) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def screen_fill(rgbs: Sequence[RGB]) -> RGB:
    """The background on screen of text under codings of these colours (one or more): one
    colour at :data:`SINGLE_STRENGTH` over white; several averaged, and stronger by
    :data:`STEP_STRENGTH` per further coding up to :data:`MAX_STRENGTH`."""
    if len(rgbs) == 1:
        return mix(WHITE, rgbs[0], SINGLE_STRENGTH)
    average = tuple(sum(channel) / len(rgbs) for channel in zip(*rgbs, strict=True))
    strength = min(SINGLE_STRENGTH + STEP_STRENGTH * (len(rgbs) - 1), MAX_STRENGTH)
    return mix(WHITE, average, strength)


def screen_selected(background: RGB, selected: RGB) -> RGB:
    """The screen background of the selected coding's text: mostly its own colour, strong."""
    return mix(background, mix(WHITE, selected, SELECTED_STRENGTH), 0.8)


def blend(colors: Sequence[str]) -> str:
    """Colours laid over each other like highlighter ink (multiplied): overlaps come out darker.

    Each channel is the exact product of the colours' channels over 255 to the power of one less
    than their number, rounded once: the same whatever the order of ``colors``."""
    if not colors:
        return "FFFFFF"
    red = green = blue = 1
    for color in colors:
        r, g, b = channels(color)
        red, green, blue = red * r, green * g, blue * b
    scale = 255 ** (len(colors) - 1)
    return f"{round(red / scale):02X}{round(green / scale):02X}{round(blue / scale):02X}"


def print_fill(colors: Sequence[str]) -> str:
    """The shading in print (Word) of text under codings of these colours (``RRGGBB`` or
    ``#RRGGBB`` each, one or more): each lightened for black text, multiplied, and the result
    kept readable (luminance at least 0.3). The order of ``colors`` does not matter."""
    return mix_print_fill(tuple(sorted(hex_color(c) for c in colors)))


@lru_cache(maxsize=65536)
def mix_print_fill(mix: tuple[str, ...]) -> str:
    """:func:`print_fill` of a mix of colours given as ``RRGGBB`` (upper case), sorted: the key
    an export caches fills by, so each mix of colours is worked out once however many passages
    show it (and each colour's own lightening once). The same as
    ``readable_fill(blend([readable_fill(c) for c in mix]), 0.3)``, in integers."""
    red = green = blue = 1
    for color in mix:
        r, g, b = _readable_channels(color)
        red, green, blue = red * r, green * g, blue * b
    scale = 255 ** (len(mix) - 1)
    rgb = _lightened(round(red / scale), round(green / scale), round(blue / scale), 0.3)
    return "{:02X}{:02X}{:02X}".format(*rgb)


# -- telling colours apart ---------------------------------------------------------------------


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


@lru_cache(maxsize=4096)
def oklab(color: str) -> tuple[float, float, float]:
    """``RRGGBB`` in OKLab (L 0..1, a, b), by Ottosson's published matrices."""
    r, g, b = (_linear(c) for c in channels(color))
    long = (0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b) ** (1 / 3)
    medium = (0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b) ** (1 / 3)
    short = (0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b) ** (1 / 3)
    return (
        0.2104542553 * long + 0.7936177850 * medium - 0.0040720468 * short,
        1.9779984951 * long - 2.4285922050 * medium + 0.4505937099 * short,
        0.0259040371 * long + 0.7827717662 * medium - 0.8086757660 * short,
    )


@lru_cache(maxsize=65536)
def distance(first: str, second: str) -> float:
    """How different two colours look: OKLab distance times 100 (``deltaEOK``; ~2 is just
    noticeable)."""
    return 100 * math.dist(oklab(hex_color(first)), oklab(hex_color(second)))


def _srgb_from_oklch(lightness: float, chroma: float, hue: float) -> tuple[float, ...]:
    a, b = chroma * math.cos(math.radians(hue)), chroma * math.sin(math.radians(hue))
    long = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    medium = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    short = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    return (
        4.0767416621 * long - 3.3077115913 * medium + 0.2309699292 * short,
        -1.2684380046 * long + 2.6097574011 * medium - 0.3413193965 * short,
        -0.0041960863 * long - 0.7034186147 * medium + 1.7076147010 * short,
    )


def oklch_color(lightness: float, chroma: float, hue: float) -> str:
    """The OKLCH colour as ``#RRGGBB``, its chroma lowered in steps of 0.002 until it fits sRGB."""
    while True:
        linear = _srgb_from_oklch(lightness, chroma, hue)
        if chroma <= 0 or all(-1e-4 <= c <= 1 + 1e-4 for c in linear):
            break
        chroma -= 0.002

    def encode(c: float) -> float:
        c = min(max(c, 0.0), 1.0)
        return 255 * (12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055)

    return "#" + to_hex(encode(c) for c in linear)


# -- colours for new codes ---------------------------------------------------------------------

# (lightness, chroma, first hue in degrees) of each ring of 12 hues.
_RINGS = ((0.78, 0.13, 25.0), (0.88, 0.08, 40.0))
PALETTE: tuple[str, ...] = tuple(
    oklch_color(lightness, chroma, first + 30.0 * step)
    for lightness, chroma, first in _RINGS
    for step in range(12)
)
MIN_SIBLING_DISTANCE = 10.0  # deltaEOK; about five just-noticeable differences
MAX_NEIGHBOURS = 48  # distinct colours a new one is compared with: the work stays bounded


def neighbour_colors(parent: str | None, siblings: Sequence[str]) -> list[str]:
    """The colours a new code must stand apart from: its parent's, then its siblings' (latest
    first), each once, at most :data:`MAX_NEIGHBOURS` (so adding to a family of 5,000 codes
    costs what adding to one of 50 does)."""
    found: dict[str, None] = {}
    for color in ([parent] if parent else []) + list(reversed(siblings)):
        key = hex_color(color, default="")
        if key:
            found.setdefault(key, None)
        if len(found) >= MAX_NEIGHBOURS:
            break
    return list(found)


def pick_color(neighbours: Sequence[str], uses: Mapping[str, int] | None = None) -> str:
    """A palette colour (``#RRGGBB``) for a new code.

    ``neighbours`` are the colours it must stand apart from (:func:`neighbour_colors`). ``uses``
    counts how often each colour (``#RRGGBB``, upper case) is used in the codebook already. Of the
    palette colours at least :data:`MIN_SIBLING_DISTANCE` from every neighbour, the least used
    wins, then the first in palette order; when none is that far (a crowded family), the one
    farthest from its nearest neighbour, so a sibling's very colour is taken again only when all
    24 are taken.
    """
    uses = uses or {}
    near = [c for c in (hex_color(c, default="") for c in neighbours) if c]

    def gap(color: str) -> float:
        return min((distance(color, other) for other in near), default=math.inf)

    gaps = {color: gap(color) for color in PALETTE}
    apart = [color for color in PALETTE if gaps[color] >= MIN_SIBLING_DISTANCE]
    if apart:
        return min(apart, key=lambda color: (uses.get(color, 0), PALETTE.index(color)))
    return max(PALETTE, key=lambda color: (gaps[color], -uses.get(color, 0)))

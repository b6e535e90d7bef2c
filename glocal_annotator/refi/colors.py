"""Colours as other tools write them, read tolerantly, always returned as ``#RRGGBB``.

REFI-QDA says ``#RRGGBB`` or ``#RGB``, but files in the wild carry ``rgb()``/``rgba()``
values, 8-digit hex with alpha, bare hex and colour names, and importers that choke on them lose
the whole codebook. :func:`parse_color` accepts all of these and never raises; anything it cannot
make sense of gives None (the code simply has no colour).

Choices:

- 8 hex digits: ``#AARRGGBB`` (the .NET/Windows order that desktop QDA tools use) unless the
  digits start with something other than ``FF`` and end with ``FF``, which reads as CSS
  ``#RRGGBBAA``. Alpha is dropped either way.
- 4 hex digits: CSS ``#RGBA``; alpha dropped.
- Bare hex (no ``#``) only with 6 or 8 digits, so words such as ``bad`` or ``face`` stay words.
- ``rgb()``/``rgba()`` with commas or spaces, numbers (0-255, clamped) or percentages;
  alpha ignored.
- The 16 basic HTML colour names plus ``orange``.
"""

from __future__ import annotations

import re

_NAMED = {
    "black": "#000000",
    "silver": "#C0C0C0",
    "gray": "#808080",
    "grey": "#808080",
    "white": "#FFFFFF",
    "maroon": "#800000",
    "red": "#FF0000",
    "purple": "#800080",
    "fuchsia": "#FF00FF",
    "magenta": "#FF00FF",
    "green": "#008000",
    "lime": "#00FF00",
    "olive": "#808000",
    "yellow": "#FFFF00",
    "navy": "#000080",
    "blue": "#0000FF",
    "teal": "#008080",
    "aqua": "#00FFFF",
    "cyan": "#00FFFF",
    "orange": "#FFA500",
}

_HEX_RE = re.compile(r"(?:#|0x)?([0-9a-f]+)", re.IGNORECASE)
_FUNC_RE = re.compile(r"rgba?\s*\((.*)\)", re.IGNORECASE | re.DOTALL)
_SPLIT_RE = re.compile(r"[\s,/]+")


def parse_color(value: object) -> str | None:
    """``value`` as ``#RRGGBB`` (uppercase), or None if it is missing or not a colour."""
    try:
        return _parse(value)
    except Exception:  # promised never to raise, whatever the input
        return None


def _parse(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 100:
        return None
    lowered = text.lower()
    if lowered in _NAMED:
        return _NAMED[lowered]
    func = _FUNC_RE.fullmatch(text)
    if func:
        return _parse_function(func.group(1))
    match = _HEX_RE.fullmatch(text)
    if not match:
        return None
    digits = match.group(1).upper()
    prefixed = text[0] == "#" or lowered.startswith("0x")
    if len(digits) == 6:
        return "#" + digits
    if len(digits) == 8:
        if not digits.startswith("FF") and digits.endswith("FF"):
            return "#" + digits[:6]  # CSS #RRGGBBAA
        return "#" + digits[2:]  # #AARRGGBB
    if prefixed and len(digits) in (3, 4):
        return "#" + "".join(ch * 2 for ch in digits[:3])
    return None


def _parse_function(inner: str) -> str | None:
    parts = [p for p in _SPLIT_RE.split(inner.strip()) if p]
    if len(parts) not in (3, 4):
        return None
    channels = []
    for part in parts[:3]:
        number = float(part[:-1]) * 255 / 100 if part.endswith("%") else float(part)
        if number != number:  # NaN
            return None
        channels.append(max(0, min(255, round(number))))
    return "#{:02X}{:02X}{:02X}".format(*channels)


def is_color(value: object) -> bool:
    """True if ``value`` is already exactly ``#RRGGBB`` (uppercase hex)."""
    return isinstance(value, str) and re.fullmatch(r"#[0-9A-F]{6}", value) is not None

"""Right-to-left text in a printed line: from the order it is drawn in back to reading order.

A PDF places glyphs on the page; a Hebrew or Arabic line is therefore usually stored in visual
order (left to right across the page), the reverse of the order it is read and typed in. This
module turns one line of *visual* clusters (a base character with its combining marks) back into
*logical* order, as the Unicode Bidirectional Algorithm (UAX #9) would have laid it out:

- The line's base direction: the direction of the strong characters at both ends of the line
  when they agree (a right-to-left paragraph starts at the right end and its last letter lies at
  the left end); otherwise right-to-left when it holds at least as many right-to-left letters
  (bidi classes R, AL) as left-to-right ones (class L). A line without right-to-left letters is
  returned unchanged.
- Runs: strong letters give their direction; European and Arabic digits are left-to-right runs
  (numbers read left to right in both scripts, rule W7/L2 of UAX #9); neutrals (spaces,
  punctuation) between two runs of the same direction take that direction, otherwise the base
  direction (rules N1, N2).
- Logical order: with a right-to-left base, the runs are read from right to left; inside a
  right-to-left run the clusters are reversed; left-to-right runs keep their order (rule L2 in
  reverse). Paired brackets inside right-to-left runs are mirrored back (rule L4).

Spaces are whatever the caller put between clusters; this module only reorders.
"""

from __future__ import annotations

import re
import unicodedata

_RTL = frozenset({"R", "AL"})
# The blocks that hold every character of bidi class R or AL (Unicode 15: Hebrew to Arabic
# Extended-A, the Hebrew and Arabic presentation forms, and the right-to-left astral blocks), so
# that text without any of them is passed over at the speed of one regular-expression search.
_RTL_BLOCKS = re.compile("[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufeff"
                         "\U00010800-\U00010fff\U0001e800-\U0001efff]")
_NUMBER = frozenset({"EN", "AN"})
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


def has_rtl(text: str) -> bool:
    """True when ``text`` holds a right-to-left letter (bidi class R or AL)."""
    found = _RTL_BLOCKS.search(text)
    if found is None:
        return False
    return any(unicodedata.bidirectional(ch) in _RTL for ch in text[found.start():])


def mostly_rtl(text: str) -> bool:
    """True when ``text`` holds more right-to-left letters (R, AL) than left-to-right ones (L):
    a line of a right-to-left paragraph, not a left-to-right one quoting a Hebrew word."""
    if not has_rtl(text):
        return False
    kinds = [unicodedata.bidirectional(ch) for ch in text]
    rtl = sum(kind in _RTL for kind in kinds)
    return rtl > kinds.count("L")


def _direction(cluster: str) -> str:
    """'R', 'L' or 'N' (neutral) for one cluster, by its first character."""
    kind = unicodedata.bidirectional(cluster[0]) if cluster else ""
    if kind in _RTL:
        return "R"
    if kind == "L" or kind in _NUMBER:
        return "L"
    return "N"


def visual_to_logical(clusters: list[str]) -> str:
    """The logical (typed) order of one line given as clusters in visual left-to-right order.

    ``clusters`` are strings (a base character plus its combining marks, or a space); the result
    is their concatenation in reading order. Linear in the number of clusters.
    """
    directions = [_direction(cluster) for cluster in clusters]
    rtl = directions.count("R")
    if not rtl:
        return "".join(clusters)
    strong = [direction for direction in directions if direction != "N"]
    # A paragraph begins (and mostly ends) in its own direction; else the majority decides.
    majority = "R" if rtl >= len(strong) - rtl else "L"
    base = strong[0] if strong[0] == strong[-1] else majority
    _resolve_neutrals(directions, base)
    runs: list[tuple[str, list[str]]] = []
    for cluster, direction in zip(clusters, directions, strict=True):
        if runs and runs[-1][0] == direction:
            runs[-1][1].append(cluster)
        else:
            runs.append((direction, [cluster]))
    if base == "R":
        runs.reverse()
    parts: list[str] = []
    for direction, members in runs:
        if direction == "R":
            parts.append("".join(members[::-1]).translate(_MIRROR))
        else:
            parts.append("".join(members))
    return "".join(parts)


def _resolve_neutrals(directions: list[str], base: str) -> None:
    """Give each neutral the direction of its strong neighbours when they agree, else ``base``."""
    index = 0
    count = len(directions)
    while index < count:
        if directions[index] != "N":
            index += 1
            continue
        end = index
        while end < count and directions[end] == "N":
            end += 1
        before = directions[index - 1] if index else base
        after = directions[end] if end < count else base
        resolved = before if before == after else base
        for position in range(index, end):
            directions[position] = resolved
        index = end

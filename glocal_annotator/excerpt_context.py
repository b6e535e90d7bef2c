"""The text around a coded excerpt, as the Word report and the coded-segments panel show it.

One rule for both (:func:`context`): up to ``chars`` characters before and after the excerpt,
cut at word boundaries, with ``…`` where the text goes on. Context stays in the excerpt's own
paragraph (a line of the stored text); when the excerpt starts (ends) its paragraph, the end
(start) of the paragraph before (after) is shown instead, after (before) a line break, so that an
excerpt that is a whole paragraph still has some context. The panel puts the same context on one
line around the bracketed excerpt (:func:`one_line`).

Offsets are code points (``str`` indices), ``[start, end)``. The work is bounded by ``chars`` and
the excerpt, not by the paragraph: a 3M-character single-paragraph transcript costs what a short
one does (except where more than ``chars`` characters of nothing but spaces and tabs must be
looked past). No Qt.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"

_NOT_SPACE = re.compile(r"\S")
_SPACE = re.compile(r"\s")


def _has_text(text: str, low: int, high: int) -> bool:
    """Whether ``text[low:high]`` holds anything but white space (without copying it)."""
    return high > low and _NOT_SPACE.search(text, low, high) is not None


def _line_start(text: str, position: int, window: int) -> int:
    """The start of the line holding ``position``, or ``-1`` when it lies more than ``window``
    characters back."""
    low = max(0, position - window)
    found = text.rfind("\n", low, position)
    if found != -1:
        return found + 1
    if low == 0 or text[low - 1] == "\n":
        return low
    return -1


def _exact_line_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def _line_end(text: str, position: int, window: int) -> int:
    """The end (the ``\\n`` or the text's end) of the line holding ``position``, or ``-1`` when it
    lies more than ``window`` characters on."""
    high = min(len(text), position + window + 1)
    found = text.find("\n", position, high)
    if found != -1:
        return found
    return len(text) if high == len(text) else -1


def _exact_line_end(text: str, position: int) -> int:
    found = text.find("\n", position)
    return len(text) if found == -1 else found


def _paragraph_before(text: str, line_start: int, chars: int) -> tuple[int, int] | None:
    """Bounds ``(low, high)`` of the nearest paragraph with text before the line starting at
    ``line_start``. When that paragraph starts more than ``chars`` before ``high``, ``low`` is
    only a bound below ``high - chars``: all that the caller needs."""
    high = line_start - 1
    while high > 0:
        low = _line_start(text, high, chars)
        if low == -1:
            if _has_text(text, high - chars, high):
                return max(0, high - chars - 1), high
            low = _exact_line_start(text, high)
        if _has_text(text, low, high):
            return low, high
        high = low - 1
    return None


def _paragraph_after(text: str, line_end: int, chars: int) -> tuple[int, int] | None:
    """Bounds ``(low, high)`` of the nearest paragraph with text after the line ending at
    ``line_end``. When that paragraph ends more than ``chars`` after ``low``, ``high`` is only a
    bound beyond ``low + chars``: all that the caller needs."""
    low = line_end + 1
    while low < len(text):
        high = _line_end(text, low, chars)
        if high == -1:
            if _has_text(text, low, low + chars):
                return low, low + chars + 1
            high = _exact_line_end(text, low)
        if _has_text(text, low, high):
            return low, high
        low = high + 1
    return None


def _before(text: str, start: int, chars: int) -> str:
    line_start = _line_start(text, start, chars)
    if line_start == -1:
        line_start = (
            max(0, start - chars - 1)
            if _has_text(text, start - chars, start)
            else _exact_line_start(text, start)
        )
    if _has_text(text, line_start, start):
        low, high, gap = line_start, start, ""
    else:
        found = _paragraph_before(text, line_start, chars)
        if found is None:
            return ""
        (low, high), gap = found, "\n"
    before = text[max(low, high - chars) : high]
    if high - chars > low:
        cut = _SPACE.search(before)
        before = before[cut.end() :] if cut and cut.end() < len(before) else before
        before = ELLIPSIS + before.lstrip()
    return before.lstrip() + (gap or text[high:start])


def _after(text: str, start: int, end: int, chars: int) -> str:
    from_ = max(start, end - 1)
    line_end = _line_end(text, from_, chars + (end - from_))
    if line_end == -1:
        line_end = (
            end + chars + 1 if _has_text(text, end, end + chars) else _exact_line_end(text, from_)
        )
    if _has_text(text, end, line_end):
        low, high, gap = end, line_end, ""
    else:
        found = _paragraph_after(text, line_end, chars)
        if found is None:
            return ""
        (low, high), gap = found, "\n"
    after = text[low : min(high, low + chars)]
    if low + chars < high:
        spaces = [match.start() for match in _SPACE.finditer(after)]
        after = after[: spaces[-1]] if spaces and spaces[-1] > 0 else after
        after = after.rstrip() + ELLIPSIS
    return (gap or text[end:low]) + after.rstrip()


def context(text: str, start: int, end: int, chars: int) -> tuple[str, str]:
    """Up to ``chars`` characters before and after ``text[start:end]``, cut at word boundaries,
    with ``…`` where the paragraph goes on (see the module notes for the rule).

    Returns ``(before, after)``; ``before`` ends with a line break when it comes from the
    paragraph before, ``after`` starts with one when it comes from the paragraph after. Both are
    empty when ``chars <= 0``.
    """
    if chars <= 0:
        return "", ""
    return _before(text, start, chars), _after(text, start, end, chars)


def one_line(text: str, start: int, end: int, chars: int) -> str:
    """The excerpt in brackets inside its :func:`context`, on one line (white space runs,
    line breaks included, become single spaces): ``…as she said, [the global] programme was…``."""
    before, after = context(text, start, end, chars)
    return " ".join(f"{before}[{text[start:end]}]{after}".split())

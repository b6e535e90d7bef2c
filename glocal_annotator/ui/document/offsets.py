"""Code points (what the project stores) <-> UTF-16 code units (what Qt counts).

A Python ``str`` index counts code points; a Qt position (``QTextCursor``, ``QTextBlock.position``,
``QTextLayout`` ranges) counts UTF-16 code units. They differ only by the astral characters (above
U+FFFF, e.g. most emoji) before a position: each takes one code point but two code units (a
surrogate pair). Combining marks, CJK and right-to-left text are one unit per code point.

:class:`OffsetMap` is built once per document: for text without astral characters (the common
case) it costs one C-speed encode and converts by identity; otherwise it keeps the sorted positions
of the astral characters and converts by bisection.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Convert positions in one text between code points and UTF-16 code units."""

    __slots__ = ("_astral", "_astral_qt", "length", "qt_length")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        if text.isascii():  # O(1) in CPython
            astral: list[int] = []
        else:
            units = len(text.encode("utf-16-le", "surrogatepass")) // 2
            astral = (
                [m.start() for m in _ASTRAL.finditer(text)] if units != self.length else []
            )
        #: code-point positions of the astral characters, ascending
        self._astral = astral
        #: their UTF-16 positions: the i-th one has i surrogate pairs before it
        self._astral_qt = [cp + i for i, cp in enumerate(astral)]
        self.qt_length = self.length + len(astral)

    @property
    def identity(self) -> bool:
        """True when both units agree everywhere (no astral characters)."""
        return not self._astral

    def to_qt(self, cp: int) -> int:
        """UTF-16 position of code-point position ``cp`` (clamped to the text)."""
        if cp <= 0:
            return 0
        if cp >= self.length:
            return self.qt_length
        if not self._astral:
            return cp
        return cp + bisect_left(self._astral, cp)

    def to_cp(self, qt: int) -> int:
        """Code-point position of UTF-16 ``qt``; inside a surrogate pair: the char start."""
        if qt <= 0:
            return 0
        if qt >= self.qt_length:
            return self.length
        if not self._astral:
            return qt
        starts = self._astral_qt
        # astral characters that end at or before qt (their pair starts before qt - 1)
        before = bisect_left(starts, qt - 1)
        if before < len(starts) and starts[before] == qt - 1:
            return starts[before] - before  # qt points between the two halves of a pair
        return qt - before

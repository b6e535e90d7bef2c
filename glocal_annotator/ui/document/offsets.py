"""Code points (what the project stores) <-> UTF-16 code units (what Qt counts).

A Python ``str`` index counts code points; a Qt position (``QTextCursor``, ``QTextBlock.position``,
``QTextLayout`` ranges) counts UTF-16 code units. They differ by the astral characters (above
U+FFFF, e.g. most emoji) before a position: each takes one code point but two code units (a
surrogate pair). Combining marks, CJK and right-to-left text are one unit per code point.

They differ also by the *display breaks*: a paragraph too long to lay out at once is shown as
several text blocks (see :mod:`.display`), and each block separator Qt holds between two of
them is a unit that stands for no stored character. A break "at" code point ``k`` sits just
before the character ``k``: the position ``k`` shown by Qt is after the break (the start of the
next block), and the break's own unit maps back to ``k`` too.

:class:`OffsetMap` is built once per document: for text without astral characters or breaks (the
common case) it costs one C-speed regex pass and converts by identity; otherwise it keeps the
sorted positions of both and converts by bisection.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Convert positions in one text between code points and the UTF-16 units Qt shows them at
    (with ``breaks``: code-point positions, ascending, before which a display break stands)."""

    __slots__ = ("_astral", "_breaks", "_extra_astral", "_extra_breaks", "length", "qt_length")

    def __init__(self, text: str, breaks: Sequence[int] = ()) -> None:
        self.length = len(text)
        if text.isascii() or _ASTRAL.search(text) is None:  # isascii is O(1) in CPython;
            astral: list[int] = []  # one regex pass is several times quicker than encoding
        else:
            astral = [m.start() for m in _ASTRAL.finditer(text)]
        #: code-point positions of the astral characters, ascending
        self._astral = astral
        #: code-point positions of the display breaks, ascending
        self._breaks = [b for b in breaks if 0 < b < self.length]
        #: Qt positions of the units that are no code point of their own: the second half of
        #: each surrogate pair, and each break
        self._extra_astral = [self.to_qt(cp) + 1 for cp in astral]
        self._extra_breaks = [self.to_qt(cp) - 1 for cp in self._breaks]
        self.qt_length = self.length + len(astral) + len(self._breaks)

    @property
    def identity(self) -> bool:
        """True when both units agree everywhere (no astral characters, no breaks)."""
        return not self._astral and not self._breaks

    @property
    def breaks(self) -> list[int]:
        """Code-point positions before which a display break stands, ascending."""
        return list(self._breaks)

    def to_qt(self, cp: int) -> int:
        """UTF-16 position of code-point position ``cp`` (clamped to the text); after a display
        break that stands at ``cp``."""
        if cp <= 0:
            return 0
        if cp >= self.length:
            return self.length + len(self._astral) + len(self._breaks)
        return cp + bisect_left(self._astral, cp) + bisect_right(self._breaks, cp)

    def to_qt_end(self, cp: int) -> int:
        """UTF-16 position of ``cp`` as the end of a range: before a display break at ``cp``
        (so a range ending there ends in the block it started in)."""
        if cp <= 0 or cp >= self.length or not self._breaks:
            return self.to_qt(cp)
        return cp + bisect_left(self._astral, cp) + bisect_left(self._breaks, cp)

    def to_cp(self, qt: int) -> int:
        """Code-point position of UTF-16 ``qt``; inside a surrogate pair: the character's start;
        on a display break: the code point after it."""
        if qt <= 0:
            return 0
        if qt >= self.qt_length:
            return self.length
        if not self._astral and not self._breaks:
            return qt
        halves = self._extra_astral
        before = bisect_left(halves, qt)
        inside = before < len(halves) and halves[before] == qt
        return qt - before - bisect_left(self._extra_breaks, qt) - (1 if inside else 0)

"""Widening a hit to its sentence or paragraph, for many hits in one text in linear time.

A paragraph is a line (importers put one paragraph per line). A sentence ends at ``.``, ``!``,
``?`` or ``…`` (with closing quotes or brackets after them) followed by a space or the line's end,
or at the full-width ends of Chinese and Japanese text; it never runs past its paragraph (the
rule of :func:`glocal_annotator.text_units.sentence_bounds`, which widens one passage).

:class:`Boundaries` finds the line breaks and sentence ends of a text once (one pass each) and
then answers each hit by bisection, so widening n hits in a text of m characters costs
O(m + n log m) whatever the shape of the text: a 3M-character transcript that is one paragraph
without punctuation is ordinary input.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from glocal_annotator.errors import GlocalError
from glocal_annotator.text_units import SENTENCE_END

WIDEN_CHOICES = ("none", "sentence", "paragraph")
_NOT_SPACE = re.compile(r"\S")


class Boundaries:
    """Line breaks and sentence ends of one text, computed on first use.

    ``characters_scanned`` counts the characters every pass so far has read (for tests that
    check the work is linear in the text, not in the text times the hits).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.characters_scanned = 0
        self._newlines: list[int] | None = None
        self._end_starts: list[int] | None = None
        self._end_ends: list[int] | None = None
        self._first_non_space: dict[int, int] = {}

    def _lines(self) -> list[int]:
        if self._newlines is None:
            text = self.text
            newlines: list[int] = []
            position = text.find("\n")
            while position != -1:
                newlines.append(position)
                position = text.find("\n", position + 1)
            self._newlines = newlines
            self.characters_scanned += len(text)
        return self._newlines

    def _sentence_ends(self) -> tuple[list[int], list[int]]:
        if self._end_starts is None or self._end_ends is None:
            starts: list[int] = []
            ends: list[int] = []
            for match in SENTENCE_END.finditer(self.text):
                starts.append(match.start())
                ends.append(match.end())
            self._end_starts, self._end_ends = starts, ends
            self.characters_scanned += len(self.text)
        return self._end_starts, self._end_ends

    def paragraph(self, start: int, end: int) -> tuple[int, int]:
        """The lines holding ``[start, end)``, without their final newline."""
        newlines = self._lines()
        k = bisect_left(newlines, start)  # newlines before start: newlines[:k]
        line_start = newlines[k - 1] + 1 if k else 0
        last = max(start, end - 1)
        j = bisect_left(newlines, last)
        line_end = newlines[j] if j < len(newlines) else len(self.text)
        return line_start, line_end

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` widened to whole sentences, never past its line(s)."""
        line_start, line_end = self.paragraph(start, end)
        starts, ends = self._sentence_ends()
        k = bisect_right(ends, start) - 1  # the last sentence end at or before start
        sentence_start = ends[k] if k >= 0 and starts[k] >= line_start else line_start
        sentence_start = min(self._skip_spaces(sentence_start), start)
        j = bisect_left(ends, end)  # the first sentence end that reaches the hit's end
        sentence_end = ends[j] if j < len(ends) and starts[j] < line_end else line_end
        return sentence_start, max(sentence_end, end)

    def _skip_spaces(self, position: int) -> int:
        """The first non-space at or after ``position`` (each distinct position is looked up
        once; the runs of spaces after different sentence ends do not overlap)."""
        found = self._first_non_space.get(position)
        if found is None:
            match = _NOT_SPACE.search(self.text, position)
            found = match.start() if match else len(self.text)
            self.characters_scanned += found - position
            self._first_non_space[position] = found
        return found

    def widen(self, start: int, end: int, unit: str) -> tuple[int, int]:
        """Widen a hit to its ``sentence`` or ``paragraph``; ``none`` keeps it.

        Raises :class:`GlocalError` for another unit."""
        if unit == "sentence":
            return self.sentence(start, end)
        if unit == "paragraph":
            return self.paragraph(start, end)
        if unit == "none":
            return start, end
        raise GlocalError(f"cannot widen to {unit!r}; choose one of {', '.join(WIDEN_CHOICES)}")


def widen(text: str, start: int, end: int, unit: str) -> tuple[int, int]:
    """Widen one hit (builds the boundaries of ``text``: use :class:`Boundaries` for many)."""
    return Boundaries(text).widen(start, end, unit)

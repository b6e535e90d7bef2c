"""A document's search forms (reader-equal, and case-folded) with exact maps back to its text.

Search runs over a form of the stored text (see :mod:`.equivalence`); a hit there is reported,
coded and highlighted on the original characters through an :class:`OffsetMap`. All offsets are
Python ``str`` indices (code points).

Building a form is linear in the text: the characters that change one for one (quotation marks,
dashes) are replaced in bulk with ``str.replace``, case is folded in bulk with ``str.casefold``,
and only the spots that change length or join characters (decomposed accents, ligatures, ``ß``,
soft hyphens, ...) are folded one by one; each such spot becomes one entry of the map.
"""

from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

from glocal_annotator.text_forms.equivalence import (
    IGNORABLE,
    ONE_FOR_ONE,
    class_members,
    fold,
    normalise,
    ranges_class,
    tables,
)


class OffsetMap:
    """Maps offsets in a derived text back to the text it was made from.

    Held as the *changed spans* only, sorted: derived ``[d_start, d_end)`` came from original
    ``[o_start, o_end)``; between spans characters correspond one to one. A hit that starts or
    ends inside a changed span takes the whole span (a hit on the ``s`` of ``ß``'s ``ss`` covers
    the ``ß``). Deleted characters are spans with ``d_start == d_end``; a hit never includes
    them at its edges. Lookups are O(log n) in the number of spans.
    """

    __slots__ = ("_d_starts", "_d_ends", "_o_starts", "_o_ends")

    def __init__(self) -> None:
        self._d_starts = array("i")
        self._d_ends = array("i")
        self._o_starts = array("i")
        self._o_ends = array("i")

    def __len__(self) -> int:
        return len(self._d_starts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OffsetMap) and self.to_bytes() == other.to_bytes()

    def add(self, d_start: int, d_end: int, o_start: int, o_end: int) -> None:
        """Record that derived ``[d_start, d_end)`` came from original ``[o_start, o_end)``
        (spans are added in text order)."""
        self._d_starts.append(d_start)
        self._d_ends.append(d_end)
        self._o_starts.append(o_start)
        self._o_ends.append(o_end)  # four arrays: a quarter of the memory of tuples

    def start(self, index: int) -> int:
        """The original offset where a hit starting at derived ``index`` starts."""
        k = bisect_right(self._d_starts, index) - 1
        if k < 0:
            return index
        if index < self._d_ends[k]:
            return self._o_starts[k]
        return index + self._o_ends[k] - self._d_ends[k]

    def end(self, index: int) -> int:
        """The original offset where a hit ending at derived ``index`` (exclusive) ends."""
        if index <= 0:
            return self.start(index)
        last = index - 1
        k = bisect_right(self._d_starts, last) - 1
        if k < 0:
            return index
        if last < self._d_ends[k]:
            return self._o_ends[k]
        return index + self._o_ends[k] - self._d_ends[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` of a derived ``[start, end)``."""
        return self.start(start), self.end(end)

    def to_bytes(self) -> bytes:
        """Little-endian 32-bit integers: the four columns one after the other."""
        columns = (self._d_starts, self._d_ends, self._o_starts, self._o_ends)
        if sys.byteorder == "little":
            return b"".join(column.tobytes() for column in columns)
        swapped = [array("i", column) for column in columns]
        for column in swapped:
            column.byteswap()
        return b"".join(column.tobytes() for column in swapped)

    @classmethod
    def from_bytes(cls, data: bytes) -> OffsetMap:
        """The inverse of :meth:`to_bytes`; raises ValueError on data of the wrong length."""
        whole = array("i")
        whole.frombytes(data)
        if sys.byteorder != "little":
            whole.byteswap()
        count, rest = divmod(len(whole), 4)
        if rest:
            raise ValueError("an offset map holds four columns of equal length")
        made = cls()
        made._d_starts = whole[0:count]
        made._d_ends = whole[count : 2 * count]
        made._o_starts = whole[2 * count : 3 * count]
        made._o_ends = whole[3 * count :]
        return made


@dataclass(frozen=True)
class SearchForm:
    """A derived text and the map of its offsets back to the stored text."""

    text: str
    offsets: OffsetMap = field(default_factory=OffsetMap)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.span(start, end)


@dataclass(frozen=True)
class DocumentForms:
    """Both forms of one document. ``normalised`` is None when it equals the stored text
    (the common case: nothing to store, nothing to map)."""

    normalised: SearchForm | None
    folded: SearchForm

    def normalised_or(self, text: str) -> SearchForm:
        return self.normalised if self.normalised is not None else SearchForm(text)


@cache
def _spot_pattern() -> re.Pattern[str]:
    """A run of special, combining or astral characters.

    One character class of characters below U+10000 plus the single range of all astral ones:
    ``re`` tests such a class by bitmap, at C speed. The thousands of astral ranges in the
    tables would be tested one by one (70 times slower); astral characters that need no
    folding (most emoji) come out of the per-spot pass unchanged.
    """
    special, combining = tables()
    below = sorted(_below_astral(special) | _below_astral(combining))
    members = f"[{ranges_class(below)}\U00010000-\U0010ffff]"
    # "X X*", not "X+": a pattern that starts with a plain class lets ``re`` skip ahead to
    # the class's characters (three times faster over text with none of them)
    return re.compile(members + members + "*")


def _below_astral(body: str) -> set[int]:
    return {ord(c) for c in class_members(body) if ord(c) < 0x10000}


@cache
def _combining() -> frozenset[str]:
    return class_members(tables()[1])


# Forms of segments seen before (a document repeats the same few thousand).
_SEGMENT_CACHE: dict[str, tuple[str, str]] = {}


@cache
def _joiners() -> frozenset[str]:
    """Characters that can start a spot whose marks belong to the letter before it."""
    return _combining() | frozenset(IGNORABLE)


def _segments(spot: str, offset: int) -> list[tuple[int, int]]:
    """Split a spot into segments that fold independently: a character with the combining
    characters after it. A hidden character before a combining one joins the segment too
    (it is left out, and the mark then joins the letter before it, as in the whole-text fold);
    elsewhere a hidden character is a segment of its own, so that no hit includes it."""
    combining = _combining()
    joins = [False] * len(spot)
    followed_by_mark = False
    for index in range(len(spot) - 1, 0, -1):
        character = spot[index]
        if character in combining:
            joins[index] = followed_by_mark = True
        elif character in IGNORABLE:
            joins[index] = followed_by_mark
        else:
            followed_by_mark = False
    bounds: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(spot)):
        if not joins[index]:
            bounds.append((offset + start, offset + index))
            start = index
    bounds.append((offset + start, offset + len(spot)))
    return bounds


def _starts_with_mark(spot: str, combining: frozenset[str]) -> bool:
    """Whether a spot begins with a combining character (after any hidden ones)."""
    for character in spot:
        if character in combining:
            return True
        if character not in IGNORABLE:
            return False
    return False


def document_forms(text: str) -> DocumentForms:
    """Both search forms of a stored text, built in one linear pass.

    The forms equal :func:`.equivalence.normalise` and :func:`.equivalence.fold` of the whole
    text (a tested property); their maps lead every derived offset back to ``text``.
    """
    if text.isascii():
        return DocumentForms(None, SearchForm(text.lower()))
    source = text
    for character, replacement in ONE_FOR_ONE.items():
        if character in source:
            source = source.replace(character, replacement)
    builder = _FormsBuilder(source)
    combining = _combining()
    joiners = _joiners()
    last = 0
    for spot in _spot_pattern().finditer(source):
        start, end = spot.span()
        group = spot.group()
        if start > last and group[0] in joiners and _starts_with_mark(group, combining):
            start -= 1  # the letter the marks belong to
            group = source[start:end]
        if start > last:
            builder.chunk(source[last:start])
        if len(group) == 1 or all(c in combining for c in group[1:]):
            builder.segment(group, start, end)
        else:
            for segment_start, segment_end in _segments(group, start):
                builder.segment(source[segment_start:segment_end], segment_start, segment_end)
        last = end
    if last < len(source):
        builder.chunk(source[last:])
    return builder.forms(changed=source is not text)


class _FormsBuilder:
    """Accumulates both forms and their maps, piece by piece in text order."""

    __slots__ = (
        "normalised", "folded", "normalised_map", "folded_map", "at_n", "at_f", "changed",
        "add_n", "add_f",
    )

    def __init__(self, source: str) -> None:
        self.normalised: list[str] = []
        self.folded: list[str] = []
        self.normalised_map = OffsetMap()
        self.folded_map = OffsetMap()
        self.add_n = self.normalised_map.add
        self.add_f = self.folded_map.add
        self.at_n = self.at_f = 0  # lengths so far of the two derived texts
        self.changed = False

    def chunk(self, chunk: str) -> None:
        """Characters that stay as they are (their case folded one for one)."""
        self.normalised.append(chunk)
        self.folded.append(chunk.casefold())
        self.at_n += len(chunk)
        self.at_f += len(chunk)

    def segment(self, segment: str, start: int, end: int) -> None:
        """A segment folded as a whole: a character with its combining characters."""
        forms = _SEGMENT_CACHE.get(segment)
        if forms is None:
            if len(_SEGMENT_CACHE) > 100_000:
                _SEGMENT_CACHE.clear()
            forms = _SEGMENT_CACHE[segment] = (normalise(segment), fold(segment))
        normalised, folded = forms
        length_n = len(normalised)
        length_f = len(folded)
        if normalised != segment:
            self.changed = True
            if end - start != 1 or length_n != 1:
                self.add_n(self.at_n, self.at_n + length_n, start, end)
        if (end - start != 1 or length_f != 1) and folded != segment:
            self.add_f(self.at_f, self.at_f + length_f, start, end)
        self.normalised.append(normalised)
        self.folded.append(folded)
        self.at_n += length_n
        self.at_f += length_f

    def forms(self, *, changed: bool) -> DocumentForms:
        normalised = None
        if changed or self.changed:
            normalised = SearchForm("".join(self.normalised), self.normalised_map)
        return DocumentForms(normalised, SearchForm("".join(self.folded), self.folded_map))

"""Which units a REFI-QDA source's selection offsets count, worked out per source. Pure.

The standard counts ``startPosition``/``endPosition`` in Unicode code points from 0, end exclusive
(REFI-QDA 1.5, section 10.2), over the source's plain text. Real writers differ (see
``shared/refi-qda/README.md``): NVivo for Windows counts UTF-16 code units, keeps a UTF-8 BOM and
CRLF line endings and counts a CRLF as two; ATLAS.ti counts a CRLF as one. So each source is read
in every combination that its text makes different, a :class:`Reading`:

- code points or UTF-16 code units (differs only where the text has characters beyond U+FFFF,
  such as emoji);
- a CRLF counted as two or as one (only where the text has CRLF);
- a leading BOM counted as one or not at all (only where the text starts with one).

Each reading maps the file's offsets into the text as it is stored here (:func:`stored_text`: the
importers' normalisation, BOM removed, every line break a ``\\n``, NULs removed, trailing
whitespace removed). The chosen reading is the one that best explains the selections
(:func:`choose_reading`): first the most selections whose ``name`` (where the writer filled it with
the selected text, as ATLAS.ti does, maybe cut short with "…") matches the text they select; then
the most selections that start and end on word boundaries; then the fewest that land inside a
character (between the halves of a surrogate pair, or of a CRLF) or past the end; ties go to the
standard's reading (code points, CRLF as two, BOM not counted), then in the order of
:data:`READINGS`.

Mapping is linear in the text and logarithmic per offset: only the characters whose count differs
between readings (non-BMP characters, CRs, a BOM, NULs) are remembered, with the counts before them.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

# Characters whose count differs between readings or that the stored text leaves out.
_SPECIAL = re.compile("[\r\ufeff\x00\u2028\u2029\f]|[\U00010000-\U0010ffff]")
_OTHER_BREAKS = ("\u2028", "\u2029", "\f")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Reading:
    """One way of counting offsets in a source's plain text."""

    utf16: bool = False  # count UTF-16 code units (else code points)
    crlf_as_one: bool = False  # a CRLF is one position (else two)
    bom_counted: bool = False  # a leading BOM takes position 0 (else it is not counted)

    @property
    def label(self) -> str:
        """In words, for the import report: ``code points, CRLF as 2, BOM not counted``."""
        return ", ".join((
            "UTF-16 code units" if self.utf16 else "code points",
            "CRLF as 1" if self.crlf_as_one else "CRLF as 2",
            "BOM counted" if self.bom_counted else "BOM not counted",
        ))

    @property
    def key(self) -> str:
        """A short stable name for JSON and document metadata: ``cp-crlf2-nobom``."""
        return "-".join((
            "utf16" if self.utf16 else "cp",
            "crlf1" if self.crlf_as_one else "crlf2",
            "bom" if self.bom_counted else "nobom",
        ))


STANDARD = Reading()
# Every reading, the standard's first; ties are broken in this order.
READINGS: tuple[Reading, ...] = tuple(
    Reading(utf16, crlf, bom)
    for utf16 in (False, True)
    for crlf in (False, True)
    for bom in (False, True)
)


def stored_text(raw: str) -> str:
    """``raw`` as the importers store text (see :mod:`glocal_annotator.importers.normalize`):
    BOM removed, CRLF/CR/U+2028/U+2029/form feed as ``\\n``, NUL removed, trailing whitespace
    removed. Offsets into it are what :class:`OffsetMap` gives."""
    text = raw[1:] if raw.startswith("\ufeff") else raw
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for brk in _OTHER_BREAKS:
        if brk in text:
            text = text.replace(brk, "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text


@dataclass(frozen=True)
class Mapped:
    """A file offset mapped into the stored text: ``offset`` (code points), and ``clean`` False
    when the file offset fell inside a character (a surrogate pair, a CRLF) or past the end."""

    offset: int
    clean: bool


class OffsetMap:
    """Maps offsets of one source's raw plain text, in one :class:`Reading`, to stored-text
    offsets (code points into :func:`stored_text` of the same raw text)."""

    def __init__(self, raw: str, reading: Reading) -> None:
        self.reading = reading
        # For each special character: its position in this reading (r), in the stored text (s),
        # and how many positions it takes in each.
        self._r: list[int] = []
        self._s: list[int] = []
        self._r_width: list[int] = []
        self._s_width: list[int] = []
        r_shift = 0  # reading position minus raw index, before the current character
        s_shift = 0  # stored position minus raw index
        for match in _SPECIAL.finditer(raw):
            index = match.start()
            char = match.group()
            r_width, s_width = 1, 1
            if char == "\ufeff" and index == 0:
                r_width = 1 if reading.bom_counted else 0
                s_width = 0
            elif char == "\r" and raw.startswith("\n", index + 1):
                r_width = 0 if reading.crlf_as_one else 1
                s_width = 0
            elif char == "\x00":
                s_width = 0
            elif len(char) == 1 and ord(char) > 0xFFFF:
                r_width = 2 if reading.utf16 else 1
            else:
                continue  # a lone CR or other break: one position everywhere
            self._r.append(index + r_shift)
            self._s.append(index + s_shift)
            self._r_width.append(r_width)
            self._s_width.append(s_width)
            r_shift += r_width - 1
            s_shift += s_width - 1
        self._end_r = len(raw) + r_shift

    @property
    def length(self) -> int:
        """The text's length in this reading."""
        return self._end_r

    def map(self, offset: int, *, end: bool = False) -> Mapped:
        """The stored-text offset of file offset ``offset``. Inside a character it snaps to the
        character's start (``end=False``) or past it (``end=True``); past the end it is clamped.
        """
        clean = 0 <= offset <= self._end_r
        offset = min(max(offset, 0), self._end_r)
        k = bisect.bisect_right(self._r, offset) - 1
        if k < 0:
            stored = offset
        else:
            after = self._r[k] + self._r_width[k]
            if offset < after:  # inside character k (only widths of 2 get here)
                clean = clean and offset == self._r[k]
                stored = self._s[k] + (self._s_width[k] if end and offset > self._r[k] else 0)
            else:
                stored = self._s[k] + self._s_width[k] + (offset - after)
        return Mapped(stored, clean)


@dataclass(frozen=True)
class Selection:
    """A selection as the file gives it: offsets in the file's units and its ``name``."""

    start: int
    end: int
    name: str = ""


@dataclass
class UnitsChoice:
    """The reading chosen for one source, and how well it explains the selections.

    ``ranges`` holds, per selection in the order given, ``(start, end)`` in stored-text code
    points, or None when the selection is empty or reversed in that reading.
    """

    reading: Reading
    ranges: list[tuple[int, int] | None]
    on_words: int  # selections whose both ends are on word boundaries
    names_matched: int  # selections whose name matches the text they select
    names_compared: int  # selections whose name could be compared (looked like text)
    unclean: int  # selections with an end inside a character or past the end
    considered: tuple[Reading, ...] = field(default_factory=tuple)

    @property
    def total(self) -> int:
        return len(self.ranges)


def _readings_for(raw: str) -> tuple[Reading, ...]:
    """The readings that differ for ``raw`` (others repeat one of these)."""
    has_astral = _ASTRAL.search(raw) is not None
    has_crlf = "\r\n" in raw
    has_bom = raw.startswith("\ufeff")
    return tuple(
        reading
        for reading in READINGS
        if (has_astral or not reading.utf16)
        and (has_crlf or not reading.crlf_as_one)
        and (has_bom or not reading.bom_counted)
    )


_NO_SPACE_SCRIPTS = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]"
)


def _is_word_char(char: str) -> bool:
    return (char.isalnum() or char == "_") and not _NO_SPACE_SCRIPTS.match(char)


def on_boundary(text: str, position: int) -> bool:
    """Whether ``position`` (code points) in ``text`` is a word boundary: the start or end, or
    between two characters that are not both letters or digits of one word. A position before a
    combining mark is never a boundary; in scripts written without spaces (Chinese, Japanese,
    Korean, Thai ...) every position between characters is one."""
    if position <= 0 or position >= len(text):
        return True
    after = text[position]
    if unicodedata.category(after).startswith("M"):
        return False
    return not (_is_word_char(text[position - 1]) and _is_word_char(after))


_ELLIPSIS = ("…", "...")


def _squash(text: str) -> str:
    return " ".join(text.split())


def name_comparable(name: str) -> bool:
    """Whether a selection ``name`` may be the selected text (at least three characters with a
    letter), rather than a label such as ``Quotation 6:1`` that also may happen to match."""
    squashed = _squash(name)
    return len(squashed) >= 3 and any(c.isalpha() for c in squashed)


def name_matches(name: str, selected: str) -> bool:
    """Whether a selection's ``name`` is the text it selects, whitespace collapsed, allowing a
    name cut short with "…" or "..." (ATLAS.ti cuts at about 100 characters)."""
    wanted = _squash(name)
    got = _squash(selected)
    for ellipsis in _ELLIPSIS:
        if wanted.endswith(ellipsis):
            prefix = wanted[: -len(ellipsis)].rstrip()
            return bool(prefix) and got.startswith(prefix)
    return wanted == got


def choose_reading(raw: str, selections: Sequence[Selection]) -> UnitsChoice:
    """The reading of ``raw`` (the source's plain text as decoded from its file, BOM and line
    endings as they are) that best explains ``selections``; see the module notes for the rules.
    Linear in the text, and in the selections times the readings (at most 8)."""
    text = stored_text(raw)
    candidates = _readings_for(raw)
    best: tuple[tuple[int, int, int, int], UnitsChoice] | None = None
    for rank, reading in enumerate(candidates):
        choice = _score(text, OffsetMap(raw, reading), selections)
        choice.considered = candidates
        key = (choice.names_matched, choice.on_words, -choice.unclean, -rank)
        if best is None or key > best[0]:
            best = (key, choice)
    assert best is not None
    return best[1]


def _score(text: str, mapping: OffsetMap, selections: Sequence[Selection]) -> UnitsChoice:
    ranges: list[tuple[int, int] | None] = []
    on_words = matched = compared = unclean = 0
    for selection in selections:
        start = mapping.map(selection.start)
        end = mapping.map(selection.end, end=True)
        if not (start.clean and end.clean):
            unclean += 1
        if end.offset <= start.offset:
            ranges.append(None)
            continue
        ranges.append((start.offset, end.offset))
        if on_boundary(text, start.offset) and on_boundary(text, end.offset):
            on_words += 1
        if selection.name and name_comparable(selection.name):
            compared += 1
            if name_matches(selection.name, text[start.offset : end.offset]):
                matched += 1
    return UnitsChoice(mapping.reading, ranges, on_words, matched, compared, unclean)

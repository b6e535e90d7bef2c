"""The printed lines of one PDF page, read from PDFium's text page (through pypdfium2).

PDFium (the PDF engine of Chromium; BSD-3/Apache-2.0) interprets the page's content streams in
C++ and gives its text in drawing order, the chars of each printed line together and a generated
line break (``\\r\\n``) between lines; ligature glyphs come out as their letters and spaces are
generated where glyphs are set apart. Five of its habits are corrected here:

- A hyphen (``-`` or U+00AD) at the end of a line followed by a letter or digit is reported as
  U+FFFE and the line break after it is dropped (PDFium's own hyphen joining). The line is cut
  there again and the hyphen put back as ``-`` (PDFium no longer tells ``-`` from U+00AD), so
  that :mod:`.pdf_layout` decides, with the document's own words, whether it is a real hyphen.
- PDFium keeps on one line whatever is drawn next on the same baseline, such as the two columns'
  lines of a page whose producer draws across the columns, or a table row. A line is cut where
  its text objects lie far apart (a gap wider than :data:`GAP` times the line's height).
- Its reordering of right-to-left text misplaces the neutrals between right-to-left and
  left-to-right runs and turns round the chars of Arabic ligatures, so lines holding letters of
  both directions, or Arabic (and the other joining scripts), are rebuilt from their glyphs'
  positions (:mod:`.pdf_rtl`), one or two calls per char on those lines only. Lines of Hebrew
  letters alone (with digits and punctuation) keep PDFium's order, which is right for them.
- Justified Chinese and Japanese lines get generated spaces between characters; they are
  dropped (real space characters stay).
- The same text drawn again on the same spot (a form drawing itself, which PDFium follows 40
  levels deep; bold faked by printing twice) is kept once.

Each :class:`~.pdf_layout.Line` gets a box in PDF points (y grows upwards): x from the tight
boxes of its glyphs, y as pdfminer.six sets a char's box (from the font's descent below the
baseline, one font size high) for its first character (and its last, when the line has several
text objects), so that lines of one font size have one height whatever letters they hold, and
the layout rules keep the proportions they were made with. Apart from right-to-left lines the
work is a few calls per line (never per character), plus a binary search where a line is cut.
"""

from __future__ import annotations

import ctypes
import math
import re
from typing import TYPE_CHECKING

from glocal_annotator.importers.bidi import has_rtl
from glocal_annotator.importers.pdf_layout import CJK, Line
from glocal_annotator.importers.pdf_rtl import right_to_left

if TYPE_CHECKING:
    from collections.abc import Iterator

GAP = 1.5  # a gap wider than this many line heights between text objects cuts a line
ROW = 0.75  # ... and so does a rise or fall of their centres by more than this many
# A space between two Chinese or Japanese characters.
_CJK_SPACE = re.compile(f"(?<={CJK.pattern}) (?={CJK.pattern})")
_BREAK = re.compile("\r\n|[\r\n\ufffe]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # no text (tab, breaks kept)
# A letter outside the right-to-left blocks (a word character, not a digit or underscore), or a
# right-to-left char outside Hebrew (Arabic and the scripts after it join letters into ligatures).
_NEEDS_GLYPHS = re.compile("[^\\W\\d_\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]"
                           "|[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufeff\U00010800-\U00010fff"
                           "\U0001e800-\U0001efff]")
_HYPHEN_MARK = "\ufffe"
# Justified lines get runs of spaces (space glyphs plus generated spaces): one is meant.
_SPACES = re.compile(r"[ \t\n\r\u00a0]*[ \t\n\r][ \t\n\r\u00a0]*")
_LOOSE_SPACE = re.compile(r"[\t\n\r]|[ \u00a0]{2}")  # what _SPACES would change
# Whatever any of the corrections in _LineReader._line looks at: right-to-left blocks, Chinese
# and Japanese, control codes, surrogates, runs of white space.
_UNUSUAL = re.compile("[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufeff\u3000-\u30ff"
                      "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
                      "\x00-\x1f\x7f-\x9f\ud800-\udfff\U00010800-\U00010fff"
                      "\U0001e800-\U0001efff\U00020000-\U0003134f]|[ \u00a0]{2}")


class _Box:
    """One text object's part of a line, as PDFium reports it (``FPDFText_GetRect``)."""

    __slots__ = ("bottom", "left", "right", "top")

    def __init__(self, left: float, bottom: float, right: float, top: float) -> None:
        self.left, self.bottom, self.right, self.top = left, bottom, right, top


def page_lines(textpage: object) -> list[Line]:
    """The printed lines of a page in PDFium's order (drawing order, line by line).

    ``textpage`` is a pypdfium2 ``PdfTextPage`` (or its raw ``FPDF_TEXTPAGE`` handle). Text is
    code points, surrogates re-paired (an unpaired one becomes U+FFFD), runs of white space one
    space, no leading or trailing space; lines without text are left out.
    """
    import pypdfium2.raw as pdfium_c

    handle = getattr(textpage, "raw", textpage)
    count = pdfium_c.FPDFText_CountChars(handle)
    if count <= 0:
        return []
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(handle, 0, count, buffer)  # UTF-16 units, NUL included
    units = memoryview(buffer).cast("B")[: max(written - 1, 0) * 2]
    text = units.tobytes().decode("utf-16-le", "surrogatepass")
    if len(text) * 2 != len(units):
        # Surrogate pairs were joined: keep one str item per UTF-16 unit so that indices stay
        # PDFium's text indices (each line is re-paired below).
        text = "".join(map(chr, units.cast("H").tolist()))
    # Without excluded chars PDFium's text index is its char index (no calls to map them).
    reader = _LineReader(handle, pdfium_c, identity=written - 1 == count)
    lines: list[Line] = []
    first: dict[str, Line] = {}  # text -> the first line with it
    spots: dict[str, set[tuple[int, int, int, int]]] = {}  # texts seen more than once
    for start, end in _segments(text):
        for line in reader.lines(text, start, end):
            # The same text drawn again on the same spot (a form that draws itself, bold faked
            # by printing twice) shows once: keep it once.
            earlier = first.setdefault(line.text, line)
            if earlier is not line:
                seen = spots.setdefault(line.text, {_spot(earlier)})
                spot = _spot(line)
                if spot in seen:
                    continue
                seen.add(spot)
            lines.append(line)
    return lines


def _spot(line: Line) -> tuple[int, int, int, int]:
    return round(line.x0), round(line.y0), round(line.x1), round(line.y1)


def _segments(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` text indices of each line PDFium reports (a cut hyphen kept at the end)."""
    start = 0
    for match in _BREAK.finditer(text):
        if match.group() == _HYPHEN_MARK:
            yield start, match.end()
        else:
            yield start, match.start()
        start = match.end()
    yield start, len(text)


class _LineReader:
    """The calls into PDFium for one text page's lines."""

    def __init__(self, handle: object, pdfium_c: object, identity: bool) -> None:
        self.handle = handle
        self.c = pdfium_c
        self.identity = identity
        self.rows = 0  # numbers the lines that were cut into pieces
        self.left, self.right = ctypes.c_double(), ctypes.c_double()
        self.bottom, self.top = ctypes.c_double(), ctypes.c_double()
        self.loose = pdfium_c.FS_RECTF()
        self.matrix = pdfium_c.FS_MATRIX()

    def lines(self, text: str, start: int, end: int) -> list[Line]:
        """The line (or lines, when cut at wide gaps) in text indices ``[start, end)``."""
        if start >= end or text[start:end].isspace():
            return []
        c = self.c
        if self.identity:
            first, last = start, end - 1
        else:
            first = c.FPDFText_GetCharIndexFromTextIndex(self.handle, start)
            last = c.FPDFText_GetCharIndexFromTextIndex(self.handle, end - 1)
            if first < 0 or last < first:
                first, last = start, end - 1
        chars = last - first + 1
        if c.FPDFText_CountRects(self.handle, first, chars) == 1:
            line = self._one_box(text, start, end, first, last)
            if line is not False:
                return [line] if line is not None else []
        boxes = self._boxes(first, chars)
        if not boxes:
            return []
        # A cut hyphen is set in the line's font: its span is the first char's.
        spans = self._spans(first, last - (text[end - 1] == _HYPHEN_MARK), boxes)
        height = max(top - bottom for bottom, top in spans)
        cuts = _cuts(boxes, height)
        if not cuts:  # the usual case: one line, whose spans are known
            line = self._line(text[start:end], start, boxes, first, last, spans)
            return [line] if line is not None else []
        # Each piece: text indices [from, to), its boxes, its first and last char index.
        pieces: list[tuple[int, int, list[_Box], int, int]] = []
        piece_start, char_start, box_start = start, first, 0
        for cut in cuts:
            # Counted from the last cut, so that a row of many cells stays n log n.
            char_cut = self._char_starting_box(char_start, last - char_start + 1,
                                               cut - box_start)
            text_cut = (char_cut if self.identity
                        else c.FPDFText_GetTextIndexFromCharIndex(self.handle, char_cut))
            if not piece_start < text_cut < end:
                continue
            pieces.append((piece_start, text_cut, boxes[box_start:cut], char_start, char_cut - 1))
            piece_start, char_start, box_start = text_cut, char_cut, cut
        pieces.append((piece_start, end, boxes[box_start:], char_start, last))
        lines = []
        self.rows += 1
        for piece_from, piece_to, piece_boxes, char_from, char_to in pieces:
            line = self._line(text[piece_from:piece_to], piece_from, piece_boxes, char_from,
                              char_to)
            if line is not None:
                line.row = self.rows
                lines.append(line)
        return lines

    def _one_box(self, text: str, start: int, end: int, first: int, last: int
                 ) -> Line | None | bool:
        """The usual line, drawn as one text object (PDFium has just counted one rectangle
        for it): the general path without its lists. ``False`` when it needs that path."""
        c, handle = self.c, self.handle
        if not c.FPDFText_GetRect(handle, 0, self.left, self.top, self.right, self.bottom):
            return False
        span = self._span(first)
        if span is None:
            return False
        bottom, top = span
        line = text[start:end]
        if line[-1] == _HYPHEN_MARK:
            line = line[:-1] + "-"
        if _UNUSUAL.search(line):
            return self._line(line, start, [_Box(self.left.value, self.bottom.value,
                                                 self.right.value, self.top.value)],
                              first, last, [span])
        line = line.strip()
        if not line:
            return None
        return Line(text=line, x0=self.left.value, y0=bottom, x1=self.right.value, y1=top)

    def _boxes(self, first: int, chars: int) -> list[_Box]:
        c, handle = self.c, self.handle
        count = c.FPDFText_CountRects(handle, first, chars)
        boxes = []
        for index in range(max(count, 0)):
            if c.FPDFText_GetRect(handle, index, self.left, self.top, self.right, self.bottom):
                boxes.append(_Box(self.left.value, self.bottom.value, self.right.value,
                                  self.top.value))
        return boxes

    def _span(self, index: int) -> tuple[float, float] | None:
        """Bottom and top of char ``index`` as pdfminer.six draws a char's box: from the font's
        descent below the baseline (PDFium's loose box) up by the font size in page units (the
        size set with ``Tf`` times the scale of the char's matrix)."""
        c, handle, rect, matrix = self.c, self.handle, self.loose, self.matrix
        if not c.FPDFText_GetLooseCharBox(handle, index, rect):
            return None
        bottom = min(rect.bottom, rect.top)
        size = c.FPDFText_GetFontSize(handle, index)
        if c.FPDFText_GetMatrix(handle, index, matrix):
            size *= math.hypot(matrix.c, matrix.d)
        if size <= 0.01:
            size = abs(rect.top - rect.bottom)
        return (bottom, bottom + size) if size > 0.01 else None

    def _spans(self, first: int, last: int, boxes: list[_Box]) -> list[tuple[float, float]]:
        """Vertical spans of the first char, and of the last one when the line has several
        text objects (a superscript, another font); the boxes' when PDFium has none."""
        spans = [span for span in (self._span(first),) if span]
        if len(boxes) > 1 and last != first:
            spans.extend(span for span in (self._span(last),) if span)
        return spans or [(box.bottom, box.top) for box in boxes]

    def _char_starting_box(self, first: int, chars: int, box: int) -> int:
        """The first char index of the ``box``-th rectangle (0-based) of ``[first, +chars)``:
        the smallest prefix that PDFium counts ``box + 1`` rectangles in. Galloping, then
        binary search: a number of calls logarithmic in the distance to that char, each
        linear in the prefix (PDFium counts from ``first``)."""
        count_rects, handle = self.c.FPDFText_CountRects, self.handle
        size = 1
        while size < chars and count_rects(handle, first, size) < box + 1:
            size *= 2
        low, high = size // 2 + 1, min(size, chars)
        while low < high:
            middle = (low + high) // 2
            if count_rects(handle, first, middle) >= box + 1:
                high = middle
            else:
                low = middle + 1
        return first + low - 1

    def _line(self, text: str, start: int, boxes: list[_Box], first: int, last: int,
              spans: list[tuple[float, float]] | None = None) -> Line | None:
        """The line of text indices ``[start, +len(text))``, chars ``first..last``."""
        if text.endswith(_HYPHEN_MARK):
            text = text[:-1] + "-"
        if spans is None:
            spans = self._spans(first, last, boxes)
        if _UNUSUAL.search(text):  # one search passes over the plain lines
            if has_rtl(text) and _NEEDS_GLYPHS.search(text):
                size = max(top - bottom for bottom, top in spans)
                text = right_to_left(self.handle, self.c, first, last, size, text)
            elif " " in text and _CJK_SPACE.search(text):
                text = self._without_generated_spaces(text, start)
            if _CONTROL.search(text):
                text = _CONTROL.sub("", text)
            if _SURROGATE.search(text):
                text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            if _LOOSE_SPACE.search(text):
                text = _SPACES.sub(" ", text)
        text = text.strip()
        if not text:
            return None
        if len(boxes) == 1 and len(spans) == 1:  # the usual case, without the generators
            box, (bottom, top) = boxes[0], spans[0]
            return Line(text=text, x0=box.left, y0=bottom, x1=box.right, y1=top)
        return Line(text=text, x0=min(box.left for box in boxes), y0=min(s[0] for s in spans),
                    x1=max(box.right for box in boxes), y1=max(s[1] for s in spans))

    def _without_generated_spaces(self, text: str, start: int) -> str:
        """``text`` without the spaces PDFium generated between two Chinese or Japanese
        characters (justified lines spread them; these scripts put no spaces between words)."""
        c, handle = self.c, self.handle
        drop = set()
        for match in _CJK_SPACE.finditer(text):
            char = c.FPDFText_GetCharIndexFromTextIndex(handle, start + match.start())
            if char >= 0 and c.FPDFText_IsGenerated(handle, char) == 1:
                drop.add(match.start())
        return "".join(ch for index, ch in enumerate(text) if index not in drop)


def _cuts(boxes: list[_Box], height: float) -> list[int]:
    """Indices of the boxes that start a new line: set far apart from the box before them (in
    either direction: right-to-left text is in logical order), on another row (centres more
    than :data:`ROW` line heights apart; a superscript stays), or right on top of it (the same
    text printed again, which :func:`page_lines` then keeps once)."""
    cuts = []
    for index in range(1, len(boxes)):
        before, box = boxes[index - 1], boxes[index]
        gap = max(box.left - before.right, before.left - box.right)
        rise = abs(box.top + box.bottom - before.top - before.bottom) / 2
        again = (abs(box.left - before.left) < 0.5 and abs(box.right - before.right) < 0.5
                 and abs(box.bottom - before.bottom) < 0.5 and abs(box.top - before.top) < 0.5)
        if gap > GAP * height or rise > ROW * height or again:
            cuts.append(index)
    return cuts

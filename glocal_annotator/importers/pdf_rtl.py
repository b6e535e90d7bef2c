"""A PDF line holding right-to-left letters, rebuilt from its glyphs' positions with PDFium.

PDFium reorders right-to-left text itself, but it gives the neutrals between a right-to-left
and a left-to-right run (spaces, punctuation, quotes) the right-to-left direction when they
follow a right-to-left run, against the Unicode Bidirectional Algorithm (UAX #9, rules N1 and
N2): ``العولمة? Town`` comes out as ``العولمة ?Town`` and an opening quote after Arabic turns
into a closing one. So a line with right-to-left letters is read again here, as pdfminer.six's
layout was: its glyphs in visual order (left to right by their boxes), a space wherever the gap
between two glyphs is wider than :data:`WORD_MARGIN` of the glyph's size (pdfminer.six's word
margin; space glyphs and PDFium's generated spaces are left to this rule; never between two
Chinese or Japanese characters), and
:func:`.bidi.visual_to_logical` for the reading order.

PDFium's chars are what it made of the glyphs: in the runs it read as right-to-left it mirrored
brackets and quotes (its mirror table is wider than Unicode's Bidi_Mirrored property) and
turned round the chars of a glyph that stands for several (Arabic lam-alef ``لا`` came out as
``ال``), so both are undone first. It lists such a run from right to left, which shows where:
a glyph whose neighbour in PDFium's order lies on the wrong side of it. Chars that share one box
(a ligature, a surrogate pair) stay one cluster, a combining mark stays with the glyph before
it, and glyphs without text (control codes, such as LibreOffice's kashida stretches) only fill
their space. One PDFium call per char (two when PDFium's text of the line is not one item per
char), on these lines only.

Known limit: a bracket or guillemet in right-to-left text is drawn with the mirrored glyph, and
producers disagree about the character they record for it: most record the shape drawn (so
:func:`.bidi.visual_to_logical` mirrors it back, as UAX #9 rule L4 does), LibreOffice records
the character typed, which then comes out turned round (``)تقريبا(``); see the xfail test on
``layout.pdf``). Nothing in the PDF tells the two apart short of reading the font's glyphs.
"""

from __future__ import annotations

import unicodedata

from glocal_annotator.importers.bidi import visual_to_logical
from glocal_annotator.importers.pdf_layout import CJK

WORD_MARGIN = 0.1
_MARKS = frozenset({"Mn", "Me"})  # combining marks (nonspacing, enclosing)
_HYPHEN = ("\x02", "\ufffe")  # PDFium's line-end hyphen (its code, its text)
# What PDFium mirrors in right-to-left runs (measured on its output), each pair both ways.
_PDFIUM_PAIRS = "()[]{}<>«»‹›“”‘’"
_UNMIRROR = str.maketrans(_PDFIUM_PAIRS, "".join(
    _PDFIUM_PAIRS[i + 1 - 2 * (i % 2)] for i in range(len(_PDFIUM_PAIRS))))


class _Glyph:
    """One char (or chars sharing one box) with its horizontal extent on the page."""

    __slots__ = ("left", "right", "text")

    def __init__(self, left: float, right: float, text: str) -> None:
        self.left, self.right, self.text = left, right, text


def right_to_left(handle: object, pdfium_c: object, first: int, last: int, size: float,
                  text: str = "") -> str:
    """The text of chars ``first..last`` of a PDFium text page (``handle``) in reading order.

    ``pdfium_c`` is ``pypdfium2.raw``; ``size`` is the line's font size in points (the least
    glyph size the space rule uses); ``text``, when it holds one item per char of the range
    (PDFium's text of it), saves asking PDFium for each char's code. Linear in the number of
    chars (plus a sort).
    """
    rect = pdfium_c.FS_RECTF()
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    known = len(text) == last - first + 1
    glyphs: list[_Glyph] = []  # in PDFium's order, spaces included; one per box
    previous: _Glyph | None = None
    for index in range(first, last + 1):
        if known:
            char = text[index - first]
        else:
            code = pdfium_c.FPDFText_GetUnicode(handle, index)
            char = chr(code) if 0 < code < 0x110000 else ""
        if char < " " or "\x7f" <= char <= "\x9f" or char == "\ufffe":
            # PDFium's line-end hyphen (code 2, text U+FFFE), or a glyph without text (a
            # control code, such as a kashida stretch): it still fills its space.
            char = "-" if char in _HYPHEN else ""
        if not loose_box(handle, index, rect):
            continue
        left, right = rect.left, rect.right
        if left > right:
            left, right = right, left
        if previous is not None and previous.left == left and previous.right == right:
            previous.text += char  # more chars of one glyph (a ligature, a surrogate pair)
        else:
            previous = _Glyph(left, right, char)
            glyphs.append(previous)
    _undo_turns(glyphs)
    glyphs = [glyph for glyph in glyphs if not glyph.text.isspace()]
    glyphs.sort(key=lambda glyph: glyph.left)
    clusters: list[str] = []
    previous: _Glyph | None = None
    for glyph in glyphs:
        margin = WORD_MARGIN * max(glyph.right - glyph.left, size)
        if (previous is not None and clusters and clusters[-1] != " "
                and glyph.left - previous.right > margin
                and not (CJK.match(previous.text) and CJK.match(glyph.text))):
            clusters.append(" ")
        previous = glyph
        if not glyph.text:
            continue
        if _is_mark(glyph.text) and clusters and clusters[-1] != " ":
            clusters[-1] += glyph.text
        else:
            clusters.append(glyph.text)
    return visual_to_logical(clusters)


def _undo_turns(glyphs: list[_Glyph]) -> None:
    """Undo what PDFium did to the glyphs of the runs it read as right-to-left (it lists them
    from right to left: a neighbour in its order lies on the wrong side): put the chars of one
    glyph back in their order (PDFium turned ``لأ`` into ``أل``) and turn back the brackets
    and quotes it mirrored."""
    for index, glyph in enumerate(glyphs):
        if len(glyph.text) == 1 and glyph.text not in _PDFIUM_PAIRS:
            continue
        before = glyphs[index - 1].left if index else None
        after = glyphs[index + 1].left if index + 1 < len(glyphs) else None
        if (before is not None and before > glyph.left) or (after is not None
                                                            and after < glyph.left):
            glyph.text = glyph.text[::-1].translate(_UNMIRROR)


def _is_mark(text: str) -> bool:
    if len(text) == 1:
        return unicodedata.category(text) in _MARKS
    return all(unicodedata.category(ch) in _MARKS for ch in text)

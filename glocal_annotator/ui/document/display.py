"""How a stored text is shown: its text blocks, and long paragraphs cut for display.

Qt lays out a whole text block (a paragraph) before it can paint any of it, and highlights block
by block: a transcript that is one 3.5M-character paragraph took seconds to open and scroll. So a
line (a paragraph of the stored text) longer than :data:`SPLIT_OVER` code points is *shown* as
several blocks of at most :data:`MAX_BLOCK`, cut at display breaks (paragraphs of ordinary
length are shown whole): after a sentence end when one is near, else after a
space, else between two characters that do not belong together (never before a combining mark,
a joiner or a variation selector, never inside a surrogate pair). A cut adds a block separator
to what Qt holds, never changes or removes a stored character; the breaks' positions go into
the :class:`~.offsets.OffsetMap`, so every position shown, selected, coded or searched stays the
exact code point of the stored text. Copying takes the stored text (the view slices it), so a
break never ends up in the clipboard, an excerpt or a coding.

Besides the cuts, characters that Qt would take for paragraph breaks (``\\r``, U+2028, U+2029 ...)
are shown as line breaks, one character for one. Qt-free: plain code-point arithmetic.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from glocal_annotator.ui.document.offsets import OffsetMap

SPLIT_OVER = 10_000  # code points: a line (paragraph) longer than this is cut for display
MAX_BLOCK = 2_000  # into blocks of half to all of this: as long as a long printed paragraph,
# laid out and highlighted in a millisecond or two, so a coding there repaints within budget

# Characters that QTextDocument would treat as paragraph breaks (and so shift positions) besides
# "\n". Stored text has none (importers normalise them), but a stray one must not shift every
# offset after it: shown as a line break, one character for one.
_BREAKS = {ord("\r"): "\n", 0x2028: "\n", 0x2029: "\n", 0xFDD0: "\n", 0xFDD1: "\n"}
_SENTENCE_ENDS = (". ", "? ", "! ", "… ", ".\" ", ".” ", "?” ", "!” ")
_WIDE_SENTENCE_ENDS = ("。", "！", "？", "؟", "।")  # sentence ends written without a space after
_SPACES = (" ", "\t", "\u3000")


@dataclass(frozen=True)
class DisplayText:
    """A stored text as the document view shows it.

    - ``shown``: the string Qt holds (the stored text with ``\\n`` at each display break, and
      stray paragraph separators as ``\\n``).
    - ``starts``: code-point start of each text block, ascending (``starts[0] == 0``).
    - ``ends``: code-point end (exclusive) of each block's own text: before its ``\\n`` when
      the stored text has one there, at the next block's start after a display break.
    - ``offsets``: code points <-> Qt's UTF-16 positions in ``shown``.
    """

    shown: str
    starts: list[int]
    ends: list[int]
    offsets: OffsetMap


def display_text(text: str, max_block: int = MAX_BLOCK,
                 split_over: int = SPLIT_OVER) -> DisplayText:
    """How ``text`` (a document's stored text, code points) is shown: lines longer than
    ``split_over`` cut into blocks of at most ``max_block``. Linear in the text's length."""
    text_shown = text
    if (not text.isascii() or "\r" in text) and any(chr(code) in text for code in _BREAKS):
        text_shown = text.translate(_BREAKS)
    starts = [0]
    ends: list[int] = []
    cuts: list[int] = []
    find = text_shown.find
    line_start = 0
    length = len(text_shown)
    while True:
        newline = find("\n", line_start)
        line_end = length if newline == -1 else newline
        position = line_start
        while line_end - line_start > split_over and line_end - position > max_block:
            cut = _cut(text_shown, position, max_block, line_end)
            if cut >= line_end:
                break
            cuts.append(cut)
            ends.append(cut)
            starts.append(cut)
            position = cut
        ends.append(line_end)
        if newline == -1:
            break
        line_start = newline + 1
        starts.append(line_start)
    if cuts:
        pieces = []
        previous = 0
        for cut in cuts:
            pieces.append(text_shown[previous:cut])
            previous = cut
        pieces.append(text_shown[previous:])
        text_shown = "\n".join(pieces)
    return DisplayText(text_shown, starts, ends, OffsetMap(text, cuts))


def _cut(text: str, start: int, max_block: int, line_end: int) -> int:
    """Where to cut the line going on at ``start`` (more than ``max_block`` code points left):
    a position in ``(start + max_block // 2, start + max_block]``, after a sentence end or a
    space when there is one; else the last position there between two characters (farther
    back, or past the end, only inside a sequence of joined characters that long; ``line_end``
    when there is no such place before the line ends)."""
    low, high = start + max_block // 2, start + max_block
    # the last sentence end, looked for near the end first (sentences are short: one pass over
    # a few hundred characters usually finds one)
    for near in (max(low, high - 300), low):
        best = max(text.rfind(end, near, high) for end in _SENTENCE_ENDS)
        if best != -1:
            return text.index(" ", best) + 1
        best = max(text.rfind(end, near, high - 1) for end in _WIDE_SENTENCE_ENDS)
        if best != -1:
            return best + 1
    best = max(text.rfind(space, low, high) for space in _SPACES)
    if best != -1:
        return best + 1
    cut = high  # no space either: between two characters, the nearest before the end ...
    while cut > start + 1 and not _between_characters(text, cut):
        cut -= 1
    if _between_characters(text, cut):
        return cut
    cut = high + 1  # ... or after it, if what comes first is one long joined character
    while cut < line_end and not _between_characters(text, cut):
        cut += 1
    return cut


def _between_characters(text: str, position: int) -> bool:
    """Whether a break before ``text[position]`` would not split a character a reader sees as
    one (a letter and its combining marks, an emoji sequence joined by U+200D or varied by a
    selector)."""
    after, before = text[position], text[position - 1]
    if unicodedata.combining(after) or unicodedata.category(after) in ("Mn", "Me", "Mc"):
        return False
    if after in "\u200d\u200c\ufe0e\ufe0f" or before in "\u200d":
        return False
    if "\U0001f3fb" <= after <= "\U0001f3ff":  # a skin tone belongs to the emoji before it
        return False
    return not ("\U000e0020" <= after <= "\U000e007f")  # emoji tag characters

"""Units of a document's text: lines (paragraphs), sentences and pages, by code-point offset.

Importers put one paragraph per line, so a paragraph here is the text between two ``\\n``.
"""

from __future__ import annotations

import bisect
import re

from glocal_annotator.errors import GlocalError
from glocal_annotator.wording import plural

# What a search hit can be widened to before it is coded (search.widen, autocode).
WIDEN_CHOICES = ("none", "sentence", "paragraph")

# Western sentence ends need a following space (so "e.g." and "3.5" stay inside); the full-width
# ends of Chinese and Japanese text are followed by the next sentence directly.
SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)|[。！？]+[」』”’）)\]]*")


def nth_occurrence(text: str, quote: str, occurrence: int) -> int:
    """Where the ``occurrence``-th (counting from 1) ``quote`` starts in ``text``.

    Raises :class:`GlocalError` with one line when it is not there that often.
    """
    if occurrence < 1:
        raise GlocalError(f"an occurrence counts from 1, not {occurrence}")
    position = -1
    for number in range(occurrence):
        position = text.find(quote, position + 1)
        if position == -1:
            found = "not found" if number == 0 else f"found only {plural(number, 'time')}"
            raise GlocalError(f"the quote {quote[:50]!r} was {found} in that document")
    return position


def line_bounds(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The lines holding ``[start, end)``, without their final newline."""
    end = start if end is None else end
    line_start = text.rfind("\n", 0, start) + 1
    last = max(start, end - 1)
    line_end = text.find("\n", last)
    return line_start, (len(text) if line_end == -1 else line_end)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole sentences, never past its line(s).

    A sentence ends where :data:`SENTENCE_END` matches in the line (punctuation followed by a
    space or the line's end); leading spaces are not part of a sentence. Reads the hit's
    line(s) once; to widen many hits in one text use ``search.widening.Boundaries`` (the same
    rule, linear for any number of hits).
    """
    line_start, line_end = line_bounds(text, start, end)
    sentence_start = line_start
    sentence_end = line_end
    for match in SENTENCE_END.finditer(text, line_start, line_end):
        if match.end() <= start:
            sentence_start = match.end()
        elif match.end() >= end:
            sentence_end = match.end()
            break
    while sentence_start < start and text[sentence_start].isspace():
        sentence_start += 1
    return sentence_start, max(sentence_end, end)


def paragraph_number(text: str, offset: int) -> int:
    """1-based number of the paragraph (non-empty line) holding ``offset``."""
    count = 0
    position = 0
    while True:
        line_end = text.find("\n", position)
        if line_end == -1:
            line_end = len(text)
        if text[position:line_end].strip():
            count += 1
        if offset <= line_end or line_end == len(text):
            return max(count, 1)
        position = line_end + 1


def fitting_page_starts(page_starts: object, characters: int) -> tuple[int, ...] | None:
    """``page_starts`` as a tuple when it is a page list that fits a text of ``characters`` code
    points (whole numbers from 0 to ``characters``, never decreasing, as the PDF importer makes
    them); None when it is not (from a damaged or foreign file)."""
    if not isinstance(page_starts, (list, tuple)):
        return None
    previous = 0
    for start in page_starts:
        if type(start) is not int or not previous <= start <= characters:
            return None
        previous = start
    return tuple(page_starts)


def page_number(page_starts: tuple[int, ...] | list[int], offset: int) -> int | None:
    """1-based page holding ``offset``, or None when the document has no pages."""
    if not page_starts:
        return None
    return bisect.bisect_right(page_starts, offset)

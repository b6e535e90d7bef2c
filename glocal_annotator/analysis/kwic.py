"""Keyword in context (KWIC): each occurrence of a word or phrase with the text around it.

Occurrences are found as the search finds plain words (:func:`glocal_annotator.search.
compile_query`): case ignored (Unicode case folding) and reader-equal forms made one (accents
typed composed or decomposed, ligatures, curly and straight quotes, dashes); accents still count
(``cafe`` does not find ``café``). The search matches at the start of words; here a hit must
also end at the end of a word, unless the phrase ends with ``*`` (``glocal*`` finds
*glocalization*, and the line shows the whole word). In scripts written without spaces every
hit counts.

Lines can be sorted as concordancers sort them: by the left context, the word nearest the
keyword first, then the next one out (``left``); by the right context, the word just after the
keyword first (``right``); or in document order (``document``). Words compare case-folded.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from glocal_annotator.analysis.spans import merged, without_gc_pauses
from glocal_annotator.analysis.tokens import UNSPACED, WORD
from glocal_annotator.errors import InvalidOperation
from glocal_annotator.model import CodingFilter
from glocal_annotator.project import Project
from glocal_annotator.search.engine import is_word_character

SORTS = ("document", "left", "right")
DEFAULT_WIDTH = 40
_LAYOUT = re.compile("[\n\t\r\u2028\u2029]")


def _flat(text: str) -> str:
    """``text`` with line breaks and tabs as spaces (same length)."""
    return text if text.isprintable() else _LAYOUT.sub(" ", text)


@dataclass(frozen=True)
class KwicLine:
    """One occurrence: the keyword as written at ``[start, end)`` (code points) of the
    document, with up to ``width`` characters on each side (line breaks and tabs shown as
    spaces, so each line prints on one line; offsets still count the stored text)."""

    document_id: int
    document: str
    start: int
    end: int
    left: str
    keyword: str
    right: str


@without_gc_pauses
def kwic(project: Project, phrase: str, scope: CodingFilter | None = None, *,
         width: int = DEFAULT_WIDTH, sort: str = "document") -> list[KwicLine]:
    """The KWIC lines of ``phrase`` (module notes) in the scope's documents; when the scope
    names codes or coders, only occurrences inside text those codings cover. Raises
    InvalidOperation for a bad sort or width, GlocalError for an empty phrase."""
    if sort not in SORTS:
        raise InvalidOperation(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    if width < 0:
        raise InvalidOperation("the context width cannot be negative")
    lines = [KwicLine(document_id, name, start, end, _flat(text[max(0, start - width):start]),
                      _flat(text[start:end]), _flat(text[end:end + width]))
             for document_id, name, text, start, end in occurrences(project, phrase, scope)]
    if sort == "left":
        lines.sort(key=lambda line: (_left_key(line.left), line.document_id, line.start))
    elif sort == "right":
        lines.sort(key=lambda line: (_right_key(line.right), line.document_id, line.start))
    return lines


def occurrences(project: Project, phrase: str, scope: CodingFilter | None = None, *,
                inside: dict[int, list[tuple[int, int]]] | None = None
                ) -> list[tuple[int, str, str, int, int]]:
    """``(document_id, document name, document text, start, end)`` of each occurrence of
    ``phrase`` (module notes) in the scope's documents, in document order; only those inside
    the text the scope's codings cover when it names codes or coders, and inside the stretches
    ``inside`` gives (document id -> disjoint ``(start, end)`` in order) when given."""
    scope = scope or CodingFilter()
    text = phrase.strip()
    prefix = text.endswith("*")
    if prefix:
        text = text[:-1].rstrip()
    documents = None if scope.document_ids is None else list(scope.document_ids)
    hits = project.search(text, document_ids=documents)
    coded = _coded_text(project, scope) if _names_codings(scope) else None
    texts: dict[int, str] = {}
    found = []
    for hit in sorted(hits, key=lambda hit: (hit.document_id, hit.start)):
        document_text = texts.get(hit.document_id)
        if document_text is None:
            document_text = texts[hit.document_id] = project.document_text(hit.document_id)
        end = hit.end
        if prefix:  # the whole word the phrase starts
            while end < len(document_text) and not _ends_a_word(document_text, end):
                end += 1
        elif not _ends_a_word(document_text, end):
            continue
        if any(limits is not None and not _within(limits.get(hit.document_id, ()), hit.start,
                                                  end) for limits in (coded, inside)):
            continue
        found.append((hit.document_id, hit.document, document_text, hit.start, end))
    return found


def _ends_a_word(text: str, end: int) -> bool:
    if end >= len(text):
        return True
    before, after = text[end - 1], text[end]
    return not is_word_character(after) or bool(UNSPACED.match(before) or UNSPACED.match(after))


def _names_codings(scope: CodingFilter) -> bool:
    return scope.code_ids is not None or scope.coder_ids is not None


def _coded_text(project: Project, scope: CodingFilter) -> dict[int, list[tuple[int, int]]]:
    stretches: dict[int, list[tuple[int, int]]] = {}
    for passage in merged(project.coding_spans(scope)):
        stretches.setdefault(passage.document_id, []).append((passage.start, passage.end))
    return stretches


def _within(stretches: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect.bisect_right(stretches, (start, float("inf"))) - 1
    return index >= 0 and stretches[index][0] <= start and end <= stretches[index][1]


def _left_key(left: str) -> tuple[str, ...]:
    return tuple(reversed(WORD.findall(left.casefold())))


def _right_key(right: str) -> tuple[str, ...]:
    return tuple(WORD.findall(right.casefold()))

"""Full-text search over a project, and the hits autocoding uses.

Plain queries are case-insensitive and match at word starts ("glocal" finds "glocalization";
in Chinese, Japanese, Thai and other text written without spaces they match anywhere):
SQLite FTS5 picks and ranks the documents that hold every word, then an exact pass finds the
offsets. Regular expressions scan every document (Python ``re`` syntax, case-sensitive unless the
pattern says ``(?i)``).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

from glocal_annotator.errors import GlocalError
from glocal_annotator.model import SearchHit
from glocal_annotator.store import queries
from glocal_annotator.text_units import WIDEN_CHOICES, line_bounds, sentence_bounds

# Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, Japanese kana, CJK):
# FTS5's tokens and "starts a word" mean nothing there, so such queries match anywhere and every
# document is scanned.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3100-\u312f"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]"
)


class DocumentTexts:
    """Document texts (and their lower-cased forms) kept in memory between searches.

    Stored text never changes after import and ids are never reused, so entries stay valid;
    the cache is bounded by the number of characters it holds (with their lower-cased copies,
    at most about 256 MB even for texts Python stores at four bytes a character).
    """

    def __init__(self, conn: sqlite3.Connection, max_characters: int = 32_000_000) -> None:
        self.conn = conn
        self.max_characters = max_characters
        self._texts: dict[int, str] = {}
        self._lowered: dict[int, str | None] = {}

    def text(self, document_id: int) -> str:
        text = self._texts.get(document_id)
        if text is None:
            text = queries.document_text(self.conn, document_id) or ""
            self._remember(document_id, text)
        return text

    def lowered(self, document_id: int) -> str | None:
        """``text.lower()`` when it keeps every offset (it does unless the text has a character
        such as U+0130 that lower-cases to two), else None."""
        if document_id not in self._lowered:
            text = self.text(document_id)
            lowered = text.lower()
            self._lowered[document_id] = lowered if len(lowered) == len(text) else None
        return self._lowered[document_id]

    def warm(self, document_ids: list[int]) -> Iterator[int]:
        """Load documents (text and lower-cased copy) one per step while the cache has room,
        so that a first search does not pay for reading them; yields each id loaded."""
        for document_id in document_ids:
            if document_id not in self._texts:
                held = sum(len(t) for t in self._texts.values())
                size = queries.document_name_and_length(self.conn, document_id)
                if size is None or held + size[1] > self.max_characters:
                    return
            self.lowered(document_id)
            yield document_id

    def _remember(self, document_id: int, text: str) -> None:
        held = sum(len(t) for t in self._texts.values())
        while self._texts and held + len(text) > self.max_characters:
            oldest = next(iter(self._texts))
            held -= len(self._texts.pop(oldest))
            self._lowered.pop(oldest, None)
        self._texts[document_id] = text


def compile_query(query: str, *, regex: bool) -> re.Pattern[str]:
    if not query.strip():
        raise GlocalError("the search is empty; type a word or a pattern")
    if regex:
        try:
            return re.compile(query, re.MULTILINE)
        except re.error as error:
            raise GlocalError(f"{query!r} is not a valid regular expression: {error}") from error
    return re.compile(re.escape(query.strip()), re.IGNORECASE)


def _fts_match(query: str) -> str | None:
    words = re.findall(r"\w+", query)
    return " ".join(f'"{word}"*' for word in words) if words else None


def candidate_documents(conn: sqlite3.Connection, query: str, *, regex: bool) -> list[int]:
    """Documents worth scanning, best first: FTS5-ranked for plain queries, all for regexes."""
    match = None if regex or _UNSPACED.search(query) else _fts_match(query)
    if match is None:
        return queries.document_ids(conn)
    return queries.fts_document_ids(conn, match)


def _is_word_char(character: str) -> bool:
    return character.isalnum() or character == "_"


def _plain_spans(text: str, lowered: str | None, query: str) -> Iterator[tuple[int, int]]:
    """Case-insensitive hits of ``query`` that start a word (when the query starts with one).

    ``str.find`` over the lower-cased text is several times faster than a case-insensitive
    regex with a look-behind; the regex is the fallback where lower-casing moves offsets.
    """
    needle = query.strip()
    at_word_start = _is_word_char(needle[0]) and not _UNSPACED.match(needle[0])
    folded = needle.lower()
    if lowered is not None and len(folded) == len(needle):
        spans: list[tuple[int, int]] = []
        position = lowered.find(folded)
        while position != -1:
            spans.append((position, position + len(needle)))
            position = lowered.find(folded, position + 1)
    else:
        spans = [m.span() for m in re.finditer(re.escape(needle), text, re.IGNORECASE)]
    for start, end in spans:
        if not (at_word_start and start > 0 and _is_word_char(text[start - 1])):
            yield start, end


def iter_hits(
    conn: sqlite3.Connection,
    query: str,
    *,
    regex: bool = False,
    document_ids: list[int] | None = None,
    texts: DocumentTexts | None = None,
) -> Iterator[SearchHit]:
    pattern = compile_query(query, regex=regex)
    texts = texts or DocumentTexts(conn)
    names = queries.document_names(conn)
    wanted = set(document_ids) if document_ids is not None else None
    for document_id in candidate_documents(conn, query, regex=regex):
        if wanted is not None and document_id not in wanted:
            continue
        text = texts.text(document_id)
        if regex:
            spans: Iterator[tuple[int, int]] = (m.span() for m in pattern.finditer(text))
        else:
            spans = _plain_spans(text, texts.lowered(document_id), query)
        name = names[document_id]
        for start, end in spans:
            if end > start:
                yield SearchHit(document_id, name, start, end, text[start:end])


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    regex: bool = False,
    document_ids: list[int] | None = None,
    limit: int | None = None,
    texts: DocumentTexts | None = None,
) -> list[SearchHit]:
    hits: list[SearchHit] = []
    for hit in iter_hits(conn, query, regex=regex, document_ids=document_ids, texts=texts):
        hits.append(hit)
        if limit is not None and len(hits) >= limit:
            break
    return hits


def widen(text: str, start: int, end: int, unit: str) -> tuple[int, int]:
    """Widen a hit to its sentence or paragraph (line); ``none`` keeps it."""
    if unit == "sentence":
        return sentence_bounds(text, start, end)
    if unit == "paragraph":
        return line_bounds(text, start, end)
    if unit == "none":
        return start, end
    raise GlocalError(f"cannot widen to {unit!r}; choose one of {', '.join(WIDEN_CHOICES)}")


def autocode_ranges(
    conn: sqlite3.Connection,
    pattern: str,
    *,
    regex: bool = True,
    unit: str = "none",
    texts: DocumentTexts | None = None,
) -> list[tuple[int, int, int]]:
    """(document_id, start, end) for every hit, widened; overlaps within a document merged."""
    ranges: list[tuple[int, int, int]] = []
    texts = texts or DocumentTexts(conn)
    for hit in iter_hits(conn, pattern, regex=regex, texts=texts):
        start, end = widen(texts.text(hit.document_id), hit.start, hit.end, unit)
        ranges.append((hit.document_id, start, end))
    ranges.sort()
    merged: list[tuple[int, int, int]] = []
    for document_id, start, end in ranges:
        if merged and merged[-1][0] == document_id and start <= merged[-1][2] and unit != "none":
            merged[-1] = (document_id, merged[-1][1], max(end, merged[-1][2]))
        elif not merged or merged[-1] != (document_id, start, end):
            merged.append((document_id, start, end))
    return merged

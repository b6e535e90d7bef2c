"""Full-text search over a project: what matches, where, in which order.

Every search runs over a *form* of each document's text (see :mod:`.equivalence`) and reports its
hits on the stored characters through the form's offset map:

- Plain queries match what a reader treats as equal, ignoring case, at word starts (``glocal``
  finds *glocalization*; in Chinese, Japanese, Thai and other text written without spaces they
  match anywhere). SQLite FTS5 over the folded forms picks and ranks the documents that hold every
  word (bm25), then an exact pass over the folded form finds the offsets.
- Regular expressions (Python ``re`` syntax) match the normalised form, case-sensitively, or the
  folded form with ``ignore_case``; their literal characters are made reader-equal the same way
  (:mod:`.pattern`). With ``exact`` they match the stored characters as they are. Every document
  is scanned, in import order; a pattern that starts with literal text (after ``\\b`` or ``^``)
  is tried only where that text occurs.

A regular expression may backtrack without end on some text (``(a|aa)+$``, nested repeats):
matching runs with the ``regex`` engine, which can be stopped, within a time budget of
:data:`REGEX_TIME_BUDGET` seconds for the whole search (a search over 30 MB takes 0.2 s); over it
the search stops with :class:`~glocal_annotator.errors.PatternTooSlow` and nothing is coded. The
syntax accepted is Python's ``re`` (patterns are checked with ``re`` first).
"""

from __future__ import annotations

import re
import sqlite3
import time
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass

import regex as regex_engine

from glocal_annotator.errors import GlocalError, PatternTooSlow
from glocal_annotator.model import SearchHit
from glocal_annotator.search.exclusion import Excluded
from glocal_annotator.search.pattern import normalise_pattern, required_prefix
from glocal_annotator.search.texts import FOLDED, NORMALISED, ORIGINAL, DocumentTexts
from glocal_annotator.store import queries
from glocal_annotator.text_forms.equivalence import fold, normalise

# Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, Japanese kana, CJK):
# FTS5's tokens and "starts a word" mean nothing there, so such queries match anywhere and every
# document is scanned.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3100-\u312f"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]"
)


# Seconds one regular-expression search (all documents) may take before it is stopped: 10 times
# the search budget of DESIGN.md (0.2 s over 30 MB), so no honest pattern comes near it.
REGEX_TIME_BUDGET = 2.0


class Deadline:
    """The end of a search's time budget (``time.monotonic`` seconds), shared by its documents."""

    def __init__(self, query: str, seconds: float) -> None:
        self.query = query
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left; raises :class:`PatternTooSlow` when none are."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise self.exceeded()
        return left

    def exceeded(self) -> PatternTooSlow:
        return PatternTooSlow(
            f"the pattern {self.query!r} was stopped after {self.seconds:g} s without finishing: "
            "it backtracks without end on this text (nested repeats such as (a+)+ or (a|aa)+ "
            "do); simplify it. Nothing was found or coded"
        )


def is_word_character(character: str) -> bool:
    """A letter, digit, mark, private-use character or ``_``: the characters FTS5's unicode61
    tokenizer keeps in a word, and ``_``. "At a word start" means after none of these."""
    if character.isalnum() or character == "_":
        return True
    if character.isascii():
        return False
    category = unicodedata.category(character)
    return category[0] == "M" or category == "Co"


def fts_words(text: str) -> list[str]:
    """The words FTS5 makes of ``text`` (runs of word characters, ``_`` apart)."""
    words: list[str] = []
    current: list[str] = []
    for character in text:
        if character != "_" and is_word_character(character):
            current.append(character)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _fts_prefix_query(words: list[str]) -> str | None:
    return " ".join(f'"{word}"*' for word in words) if words else None


@dataclass(frozen=True)
class CompiledQuery:
    """A query ready to run: the form it searches and how it finds spans there."""

    query: str
    form: str  # FOLDED, NORMALISED or ORIGINAL
    needle: str | None = None  # plain queries
    at_word_start: bool = False  # plain queries
    pattern: regex_engine.Pattern[str] | None = None  # regular expressions (the ``regex`` engine)
    prefix: str = ""  # regular expressions: literal text every match starts with
    fts_match: str | None = None  # plain queries: the FTS5 query picking documents, if any

    def spans(self, text: str, deadline: Deadline | None = None) -> list[tuple[int, int]]:
        """``[start, end)`` of every non-empty hit in one document's form, in order. A regular
        expression stops at ``deadline`` (default: :data:`REGEX_TIME_BUDGET` from now) with
        :class:`PatternTooSlow`."""
        if self.pattern is None:
            return self._plain_spans(text)
        if deadline is None:
            deadline = Deadline(self.query, REGEX_TIME_BUDGET)
        try:
            if self.prefix:
                return list(_prefix_spans(self.pattern, self.prefix, text, deadline))
            matches = self.pattern.finditer(text, timeout=deadline.remaining())
            return [m.span() for m in matches if m.end() > m.start()]
        except TimeoutError:
            raise deadline.exceeded() from None

    def _plain_spans(self, text: str) -> list[tuple[int, int]]:
        needle = self.needle or ""
        size = len(needle)
        find = text.find
        word_start = self.at_word_start
        spans: list[tuple[int, int]] = []
        position = find(needle)
        while position != -1:
            if word_start and position and is_word_character(text[position - 1]):
                position = find(needle, position + 1)
                continue
            spans.append((position, position + size))
            position = find(needle, position + 1)
        return spans


def _prefix_spans(
    pattern: regex_engine.Pattern[str] | re.Pattern[str],
    prefix: str,
    text: str,
    deadline: Deadline | None = None,
) -> Iterator[tuple[int, int]]:
    """The spans ``pattern.finditer`` gives, found by jumping to each occurrence of the literal
    ``prefix`` every match starts with and trying the pattern only there (a ``regex`` pattern
    stops at ``deadline``, if given)."""
    position = text.find(prefix)
    while position != -1:
        if deadline is None:
            match = pattern.match(text, position)
        else:
            match = pattern.match(text, position, timeout=deadline.remaining())  # type: ignore[call-arg]
        if match is not None and match.end() > position:
            yield position, match.end()
            position = text.find(prefix, match.end())
        else:
            position = text.find(prefix, position + 1)


def compile_query(
    query: str, *, regex: bool = False, ignore_case: bool = False, exact: bool = False
) -> CompiledQuery:
    """Prepare a search. Plain queries always ignore case and are always reader-equal;
    ``ignore_case`` and ``exact`` (match the stored characters as they are) are for regular
    expressions. Raises :class:`GlocalError` for an empty query or an invalid pattern."""
    if not query.strip():
        raise GlocalError("the search is empty; type a word or a pattern")
    if not regex:
        needle = fold(query.strip())
        if not needle.strip():
            raise GlocalError("the search holds only characters a reader does not see")
        unspaced = _UNSPACED.search(needle) is not None
        return CompiledQuery(
            query,
            FOLDED,
            needle=needle,
            at_word_start=is_word_character(needle[0]) and not _UNSPACED.match(needle[0]),
            fts_match=None if unspaced else _fts_prefix_query(fts_words(needle)),
        )
    flags = re.MULTILINE | (re.IGNORECASE if ignore_case else 0)
    if exact:
        form, source = ORIGINAL, query
    elif ignore_case:
        form, source = FOLDED, normalise_pattern(query, fold)
    else:
        form, source = NORMALISED, normalise_pattern(query, normalise)
    try:
        checked = re.compile(source, flags)  # the syntax users write is Python's
    except re.error as error:
        raise GlocalError(f"{query!r} is not a valid regular expression: {error}") from error
    try:  # the same pattern in an engine that can be stopped (VERSION0: re's behaviour)
        pattern = regex_engine.compile(source, flags | regex_engine.VERSION0)
    except regex_engine.error as error:
        raise GlocalError(f"{query!r} is not a valid regular expression: {error}") from error
    prefix = required_prefix(checked)
    if checked.flags & re.IGNORECASE and (form != FOLDED or prefix != fold(prefix)):
        prefix = ""  # a case-blind prefix can be found with str.find only in folded text
    # Every document is scanned: FTS5 cannot pick them, even for ``\bword``: a pattern's word
    # characters (Unicode's, marks included) and FTS5's tokens (unicode61, diacritics removed)
    # differ, and a prefix query would miss hits where they do.
    return CompiledQuery(query, form, pattern=pattern, prefix=prefix)


def candidate_documents(conn: sqlite3.Connection, compiled: CompiledQuery) -> list[int]:
    """Documents worth scanning: for plain words those FTS5 finds, best first, and any without a
    stored search form; else every document in import order."""
    if compiled.fts_match is None:
        return queries.document_ids(conn)
    found = queries.fts_document_ids(conn, compiled.fts_match)
    unindexed = queries.documents_without_search_text(conn)
    return found + unindexed if unindexed else found


def iter_spans(
    conn: sqlite3.Connection,
    query: str,
    *,
    regex: bool = False,
    ignore_case: bool = False,
    exact: bool = False,
    document_ids: list[int] | None = None,
    texts: DocumentTexts | None = None,
    exclude_code_ids: Collection[int] = (),
) -> Iterator[tuple[int, list[tuple[int, int]]]]:
    """``(document id, hits)`` for each document with hits, in search order; each hit a
    ``(start, end)`` of code points in the stored text, in text order (see
    :func:`compile_query`). Hits that lie inside a coding of one of ``exclude_code_ids`` (an
    interviewer's turns) are left out. The stored text itself is not read."""
    compiled = compile_query(query, regex=regex, ignore_case=ignore_case, exact=exact)
    excluded = Excluded(conn, exclude_code_ids)
    deadline = Deadline(query, REGEX_TIME_BUDGET)  # one budget for the whole search
    texts = texts or DocumentTexts(conn)
    wanted = set(document_ids) if document_ids is not None else None
    for document_id in candidate_documents(conn, compiled):
        if wanted is not None and document_id not in wanted:
            continue
        form = texts.form(document_id, compiled.form)
        spans = compiled.spans(form.text, deadline)
        if not spans:
            continue
        offsets = form.offsets
        if len(offsets):
            mapped = [offsets.span(start, end) for start, end in spans]
            # two hits inside one folded character (a ligature's letters) are one hit
            spans = [span for i, span in enumerate(mapped) if not i or span != mapped[i - 1]]
        if excluded:
            spans = excluded.keep(document_id, spans)
            if not spans:
                continue
        yield document_id, spans


def iter_hits(
    conn: sqlite3.Connection,
    query: str,
    *,
    regex: bool = False,
    ignore_case: bool = False,
    exact: bool = False,
    document_ids: list[int] | None = None,
    texts: DocumentTexts | None = None,
    exclude_code_ids: Collection[int] = (),
) -> Iterator[SearchHit]:
    """Hits of a query (see :func:`compile_query`), document by document, each in text order;
    ``start``/``end`` are code-point offsets into the stored text."""
    texts = texts or DocumentTexts(conn)
    names = queries.document_names(conn)
    for document_id, spans in iter_spans(
        conn,
        query,
        regex=regex,
        ignore_case=ignore_case,
        exact=exact,
        document_ids=document_ids,
        texts=texts,
        exclude_code_ids=exclude_code_ids,
    ):
        name = names[document_id]
        original = texts.text(document_id)
        for start, end in spans:
            yield SearchHit(document_id, name, start, end, original[start:end])


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    regex: bool = False,
    ignore_case: bool = False,
    exact: bool = False,
    document_ids: list[int] | None = None,
    limit: int | None = None,
    texts: DocumentTexts | None = None,
    exclude_code_ids: Collection[int] = (),
) -> list[SearchHit]:
    """:func:`iter_hits` as a list, the first ``limit`` only when given."""
    hits: list[SearchHit] = []
    for hit in iter_hits(
        conn,
        query,
        regex=regex,
        ignore_case=ignore_case,
        exact=exact,
        document_ids=document_ids,
        texts=texts,
        exclude_code_ids=exclude_code_ids,
    ):
        hits.append(hit)
        if limit is not None and len(hits) >= limit:
            break
    return hits

"""Full-text search over a project, and the hits autocoding uses.

Plain queries are case-insensitive and match at word starts ("glocal" finds "glocalization"):
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
from glocal_annotator.text_units import line_bounds, sentence_bounds

WIDEN_CHOICES = ("none", "sentence", "paragraph")


def compile_query(query: str, *, regex: bool) -> re.Pattern[str]:
    if not query.strip():
        raise GlocalError("the search is empty; type a word or a pattern")
    if regex:
        try:
            return re.compile(query, re.MULTILINE)
        except re.error as error:
            raise GlocalError(f"{query!r} is not a valid regular expression: {error}") from error
    escaped = re.escape(query.strip())
    prefix = r"(?<!\w)" if re.match(r"\w", query.strip()) else ""
    return re.compile(prefix + escaped, re.IGNORECASE)


def _fts_match(query: str) -> str | None:
    words = re.findall(r"\w+", query)
    return " ".join(f'"{word}"*' for word in words) if words else None


def candidate_documents(conn: sqlite3.Connection, query: str, *, regex: bool) -> list[int]:
    """Documents worth scanning, best first: FTS5-ranked for plain queries, all for regexes."""
    match = None if regex else _fts_match(query)
    if match is None:
        return [document.id for document in queries.documents(conn)]
    return queries.fts_document_ids(conn, match)


def iter_hits(
    conn: sqlite3.Connection,
    query: str,
    *,
    regex: bool = False,
    document_ids: list[int] | None = None,
) -> Iterator[SearchHit]:
    pattern = compile_query(query, regex=regex)
    names = queries.document_names(conn)
    wanted = set(document_ids) if document_ids is not None else None
    for document_id in candidate_documents(conn, query, regex=regex):
        if wanted is not None and document_id not in wanted:
            continue
        text = queries.document_text(conn, document_id) or ""
        for match in pattern.finditer(text):
            if match.end() > match.start():
                yield SearchHit(
                    document_id, names[document_id], match.start(), match.end(), match.group()
                )


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    regex: bool = False,
    document_ids: list[int] | None = None,
    limit: int | None = None,
) -> list[SearchHit]:
    hits: list[SearchHit] = []
    for hit in iter_hits(conn, query, regex=regex, document_ids=document_ids):
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
    conn: sqlite3.Connection, pattern: str, *, regex: bool = True, unit: str = "none"
) -> list[tuple[int, int, int]]:
    """(document_id, start, end) for every hit, widened; overlaps within a document merged."""
    ranges: list[tuple[int, int, int]] = []
    texts: dict[int, str] = {}
    for hit in iter_hits(conn, pattern, regex=regex):
        if hit.document_id not in texts:
            texts[hit.document_id] = queries.document_text(conn, hit.document_id) or ""
        text = texts[hit.document_id]
        start, end = widen(text, hit.start, hit.end, unit)
        ranges.append((hit.document_id, start, end))
    ranges.sort()
    merged: list[tuple[int, int, int]] = []
    for document_id, start, end in ranges:
        if merged and merged[-1][0] == document_id and start <= merged[-1][2] and unit != "none":
            merged[-1] = (document_id, merged[-1][1], max(end, merged[-1][2]))
        elif not merged or merged[-1] != (document_id, start, end):
            merged.append((document_id, start, end))
    return merged

"""Light reads for analyses over tens of thousands of codings: plain tuples, only the columns
they use, filtered in SQL.

:func:`~.queries.codings` builds a :class:`~glocal_annotator.model.Coding` (GUID, memo, time
and all) per row: at 50,000 codings that alone took 0.2-0.5 s of agreement's 1 s budget.
:func:`coder_spans` reads five integers per coding straight from the ``codings_identity``
index (document, code, coder, start, end), which answers the query without touching the table
and in that order, so no sort is needed either.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from glocal_annotator.model import CoderSpan, CodingFilter
from glocal_annotator.store.queries import _where

# (coding id, document id, code id, coder id, start, end): offsets in code points, end exclusive
CodingSpan = tuple[int, int, int, int, int, int]


def coder_spans(conn: sqlite3.Connection, coder_ids: Sequence[int] | None = None,
                 code_ids: Sequence[int] | None = None) -> list[CoderSpan]:
    """``(document_id, code_id, coder_id, start, end)`` (offsets in code points, half-open) of
    every coding by the coders ``coder_ids`` of the codes ``code_ids`` (each without its
    sub-codes; None: all), ordered by document, code, coder, start and end."""
    clauses: list[str] = []
    params: list[str] = []
    for column, ids in (("coder_id", coder_ids), ("code_id", code_ids)):
        if ids is not None:
            clauses.append(f"{column} IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(list(ids)))
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return conn.execute(
        f'SELECT document_id, code_id, coder_id, start, "end" FROM codings{where} '
        'ORDER BY document_id, code_id, coder_id, start, "end"',
        params,
    ).fetchall()


def document_lengths(conn: sqlite3.Connection) -> dict[int, int]:
    """Each document's id -> its length in code points, in import order."""
    return dict(conn.execute("SELECT id, characters FROM documents ORDER BY id").fetchall())


def coding_spans(conn: sqlite3.Connection, where: CodingFilter) -> list[CodingSpan]:
    """The codings ``where`` lets through as :data:`CodingSpan` tuples, in document order
    (document id, start, end, coding id): what the analysis views read (issue 12)."""
    clause, params = _where(where)
    return conn.execute(
        'SELECT c.id, c.document_id, c.code_id, c.coder_id, c.start, c."end" FROM codings c'
        f'{clause} ORDER BY c.document_id, c.start, c."end", c.id',
        params,
    ).fetchall()

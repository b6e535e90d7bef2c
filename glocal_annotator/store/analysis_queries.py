"""Light read queries for the analysis views: codings as plain tuples, not model objects.

Building 50,000 :class:`~glocal_annotator.model.Coding` objects costs 0.2-0.5 s, the whole budget
of an analysis view (DESIGN.md, Performance); the views need only the numbers below.
"""

from __future__ import annotations

import sqlite3

from glocal_annotator.model import CodingFilter
from glocal_annotator.store.queries import _where

# (coding id, document id, code id, coder id, start, end): offsets in code points, end exclusive
CodingSpan = tuple[int, int, int, int, int, int]


def coding_spans(conn: sqlite3.Connection, where: CodingFilter) -> list[CodingSpan]:
    """The codings ``where`` lets through as :data:`CodingSpan` tuples, in document order
    (document id, start, end, coding id)."""
    clause, params = _where(where)
    return conn.execute(
        'SELECT c.id, c.document_id, c.code_id, c.coder_id, c.start, c."end" FROM codings c'
        f'{clause} ORDER BY c.document_id, c.start, c."end", c.id',
        params,
    ).fetchall()

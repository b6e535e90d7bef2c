"""Leaving out hits inside codings of some codes: the turns of an interviewer, coded by speaker
(``speakers --code-turns``), left out of a search or an autocode (``--exclude-speaker``)."""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from collections.abc import Collection

from glocal_annotator.store import queries


class Excluded:
    """The codings of ``code_ids`` (any coder): :meth:`keep` drops the hits that lie inside one
    of them (``coding.start <= start`` and ``end <= coding.end``), per document in O(log n) a
    hit, reading each document's codings once."""

    def __init__(self, conn: sqlite3.Connection, code_ids: Collection[int]) -> None:
        self._conn = conn
        self._code_ids = sorted(set(code_ids))

    def __bool__(self) -> bool:
        return bool(self._code_ids)

    def keep(self, document_id: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """``spans`` (code points, in text order) without those inside an excluded coding."""
        if not self._code_ids or not spans:
            return spans
        ranges = queries.codes_spans(self._conn, document_id, self._code_ids)
        if not ranges:
            return spans
        starts = [start for start, _end in ranges]
        reach: list[int] = []
        farthest = -1
        for _start, end in ranges:
            farthest = max(farthest, end)
            reach.append(farthest)
        kept = []
        for start, end in spans:
            k = bisect_right(starts, start) - 1
            if k < 0 or reach[k] < end:
                kept.append((start, end))
        return kept

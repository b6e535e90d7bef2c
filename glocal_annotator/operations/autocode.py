"""Autocode: code every hit of a search with one code, as one change.

Planning (:func:`plan_autocode`) finds the hits, widens each to its sentence or paragraph, and sets
aside the hits that are already *covered*: a hit is covered when its widened range lies within
an existing coding of the same code, by any coder (``coding.start <= start`` and ``end <=
coding.end``). A covered hit gets no second, nested coding. The remaining widened hits are merged
where they overlap (widened) or repeat (not widened) into the *new passages*. A plan says how many
hits, how many covered, how many new passages, before anything is written.

Applying (:func:`apply_autocode`) checks coverage again inside the transaction and inserts the
new codings in one batch through the journal (one undoable step). Both are linear in the number
of hits plus the documents' length (hits are widened by bisection over boundaries found once).
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from itertools import groupby

from glocal_annotator.errors import InvalidOperation, NotFound, OperationCancelled
from glocal_annotator.operations import new_guids, now
from glocal_annotator.operations.coding import ensure_coder
from glocal_annotator.search import DocumentTexts, iter_spans
from glocal_annotator.search.widening import WIDEN_CHOICES, Boundaries
from glocal_annotator.store import queries
from glocal_annotator.store.journal import Journal
from glocal_annotator.wording import plural

Passage = tuple[int, int, int]  # document id, start, end (code points)


@dataclass(frozen=True)
class AutocodePlan:
    """What autocoding a search with one code would do (nothing is written by planning)."""

    code_id: int
    query: str
    widen: str
    hits: int  # search hits
    documents: int  # documents with hits
    covered: int  # hits whose widened range an existing coding of the code already covers
    new: list[Passage] = field(default_factory=list)  # passages to code, merged, in order

    @property
    def new_documents(self) -> int:
        return len({document_id for document_id, _start, _end in self.new})


@dataclass(frozen=True)
class AutocodeResult:
    """What applying a plan did: the plan, the new codings' ids, and how many of the plan's new
    passages were found covered when it ran (the project may have changed since the plan)."""

    plan: AutocodePlan
    coding_ids: list[int]
    covered_since: int = 0


class Coverage:
    """The codings of one code in one document, to ask whether a range lies within one of them
    in O(log n): sorted starts with the running maximum of their ends."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _end in ordered]
        self._reach: list[int] = []
        reach = -1
        for _start, end in ordered:
            reach = max(reach, end)
            self._reach.append(reach)

    def covers(self, start: int, end: int) -> bool:
        """Whether some coding has ``coding.start <= start`` and ``end <= coding.end``."""
        k = bisect_right(self._starts, start) - 1
        return k >= 0 and self._reach[k] >= end


def plan_autocode(
    conn: sqlite3.Connection,
    texts: DocumentTexts,
    code_id: int,
    query: str,
    *,
    regex: bool = True,
    ignore_case: bool = False,
    exact: bool = False,
    widen: str = "none",
    exclude_code_ids: Collection[int] = (),
) -> AutocodePlan:
    """Plan autocoding ``query`` (a regular expression, or plain words with ``regex=False``;
    see :func:`glocal_annotator.search.compile_query`) with a code; hits inside a coding of
    one of ``exclude_code_ids`` (an interviewer's turns) are left out before widening. Raises
    :class:`GlocalError` for a bad query or unit, :class:`NotFound` for an unknown code."""
    if widen not in WIDEN_CHOICES:
        raise InvalidOperation(
            f"cannot widen to {widen!r}; choose one of {', '.join(WIDEN_CHOICES)}"
        )
    if not queries.code_exists(conn, code_id):
        raise NotFound(f"there is no code with id {code_id}")
    found = iter_spans(conn, query, regex=regex, ignore_case=ignore_case, exact=exact, texts=texts,
                       exclude_code_ids=exclude_code_ids)
    total = covered = documents = 0
    new: list[Passage] = []
    for document_id, spans in found:
        documents += 1
        total += len(spans)
        boundaries = Boundaries(texts.text(document_id)) if widen != "none" else None
        coverage = Coverage(queries.code_spans(conn, document_id, code_id))
        widened: list[tuple[int, int]] = []
        for start, end in spans:
            if boundaries is not None:
                start, end = boundaries.widen(start, end, widen)
            if coverage.covers(start, end):
                covered += 1
            else:
                widened.append((start, end))
        new.extend((document_id, start, end) for start, end in _merged(widened, widen))
    return AutocodePlan(code_id, query, widen, total, documents, covered, new)


def _merged(ranges: list[tuple[int, int]], widen: str) -> list[tuple[int, int]]:
    """Ranges in order, without repeats; widened ones that overlap are joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and widen != "none" and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif not merged or merged[-1] != (start, end):
            merged.append((start, end))
    return merged


def apply_autocode(journal: Journal, plan: AutocodePlan, coder_name: str,
                   progress: Callable[[int, int], bool] | None = None) -> AutocodeResult:
    """Code a plan's new passages with its code in one batch, leaving out those an existing
    coding of the code covers by now. Raises :class:`NotFound` or :class:`InvalidOperation`
    (nothing written) for an unknown or grouping-only code or a range outside its document.

    ``progress(done, total)`` (passages) is called every few thousand passages; when it returns
    False the autocode stops with :class:`OperationCancelled` (the transaction rolls back:
    nothing was coded)."""
    conn = journal.conn
    code_id = plan.code_id
    code = journal.fetch("codes", code_id)
    if code is None:
        raise NotFound(f"there is no code with id {code_id}")
    if not code["codable"]:
        raise InvalidOperation(f"{code['name']!r} only groups other codes; choose one of them")
    coder_id = ensure_coder(journal, coder_name)
    created_at = now()
    rows: list[dict] = []
    covered = 0
    ordered = sorted(set(plan.new))
    total = 2 * len(ordered)  # progress units: a passage checked, then a coding written

    def report(done: int, _total: int = 0) -> None:
        if progress is not None and progress(done, total) is False:
            raise OperationCancelled("autocode cancelled; nothing was coded")

    checked = 0
    for document_id, document_passages in groupby(ordered, key=lambda passage: passage[0]):
        document = queries.document_name_and_length(conn, document_id)
        if document is None:
            raise NotFound(f"there is no document with id {document_id}")
        name, characters = document
        coverage = Coverage(queries.code_spans(conn, document_id, code_id))
        for _document_id, start, end in document_passages:
            checked += 1
            if checked % 2000 == 0:
                report(checked)
            if not (0 <= start < end <= characters):
                raise InvalidOperation(
                    f"[{start}, {end}) is not a range of {name!r} "
                    f"(it has {plural(characters, 'character')})"
                )
            if coverage.covers(start, end):
                covered += 1
                continue
            rows.append(
                {
                    "guid": "",  # below, all at once
                    "document_id": document_id,
                    "code_id": code_id,
                    "coder_id": coder_id,
                    "start": start,
                    "end": end,
                    "memo": "",
                    "created_at": created_at,
                }
            )
    for row, guid in zip(rows, new_guids(len(rows)), strict=True):
        row["guid"] = guid

    if progress is None:
        return AutocodeResult(plan, journal.insert_many("codings", rows), covered)
    written = journal.insert_many("codings", rows,
                                  progress=lambda done, _rows: report(len(ordered) + done))
    return AutocodeResult(plan, written, covered)

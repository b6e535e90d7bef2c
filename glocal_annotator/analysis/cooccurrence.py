"""Code co-occurrence: which codes occur together, code by code, counted on coded segments.

A *segment* is a coded passage: one distinct range of one document, with every code applied to
exactly that range (ATLAS.ti's quotation; codings of one range by several coders make one
segment). For codes A and B, a segment of A *co-occurs with* B when B is applied to the same
segment, or to another segment that, by ``mode``:

* ``overlap``: shares at least one character with it. Ranges that only touch (``[0, 5)`` and
  ``[5, 9)``) share none and do not overlap;
* ``paragraph``: touches a paragraph it touches (paragraphs are the non-empty lines, as the
  importers write them and the agreement views count them); a segment that touches none (only
  a line break) co-occurs with nothing this way;
* ``near``: lies within ``within`` characters of it: the gap between the two ranges,
  ``max(starts) - min(ends)``, is at most ``within`` (overlapping and touching ranges included).

Cell ``(A, B)``: the **count** is the number of segments of A or of B that co-occur with the
other code (a segment coded with both counts once); the **coefficient** is Jaccard's index over
those segments, ``count / (n_A + n_B - n_AB)``, ``n_A`` and ``n_B`` the numbers of segments of
each code and ``n_AB`` of segments coded with both: the share of the two codes' segments where
they co-occur, 0 (never) to 1 (wherever either is applied). Where codes co-occur only on shared
segments this is ATLAS.ti's c-coefficient ``n12 / (n1 + n2 - n12)`` (ATLAS.ti manual, "Code
Co-occurrence Table"); counting segments rather than pairs of codings keeps it within 0..1
where ATLAS.ti's can pass 1 with overlapping quotations. The diagonal is left at 0. Each code
counts its own codings only (sub-codes are codes of their own here).

Computed by one sweep per document (:mod:`.meetings`): linear-ish in the codings, never over
all pairs of them.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import chain, groupby, product, repeat
from operator import itemgetter

from glocal_annotator.analysis.agreement_units import paragraph_bounds
from glocal_annotator.analysis.meetings import Item, codes_met
from glocal_annotator.analysis.results import Passage, ResultTable
from glocal_annotator.analysis.spans import (
    CODE,
    DOCUMENT,
    END,
    ID,
    START,
    CodeTree,
    Span,
    without_gc_pauses,
)
from glocal_annotator.errors import InvalidOperation
from glocal_annotator.model import CodingFilter
from glocal_annotator.project import Project

MODES = ("overlap", "paragraph", "near")
COOCCURRENCE_MEASURES = ("count", "coefficient")
SOURCE = ("Jaccard's index over coded segments; ATLAS.ti's c-coefficient n12/(n1+n2-n12) "
          "(ATLAS.ti manual, Code Co-occurrence Table) where codes share segments")


class _Segments:
    """The segments of the codings read, in document order, as parallel lists: document, start,
    end, own codes, the spans (codings) on it; and, per document, the range of its indices."""

    def __init__(self, spans: list[Span]) -> None:
        self.document: list[int] = []
        self.start: list[int] = []
        self.end: list[int] = []
        self.codes: list[set[int]] = []
        self.spans: list[list[Span]] = []
        self.ranges: dict[int, tuple[int, int]] = {}
        code_of = itemgetter(CODE)
        for (document, start, end), group in groupby(spans, itemgetter(DOCUMENT, START, END)):
            members = list(group)
            self.document.append(document)
            self.start.append(start)
            self.end.append(end)
            self.spans.append(members)
            self.codes.append(set(map(code_of, members)))
        begin = 0
        for index in range(1, len(self.document) + 1):
            if index == len(self.document) or self.document[index] != self.document[begin]:
                self.ranges[self.document[begin]] = (begin, index)
                begin = index


@without_gc_pauses
def cooccurrence(project: Project, scope: CodingFilter | None = None, mode: str = "overlap",
                 within: int = 0, measure: str = "count") -> ResultTable:
    """The code x code co-occurrence table (module notes) of the codings ``scope`` lets
    through, by ``mode`` (``within``: characters, for ``near``), as ``count`` or
    ``coefficient``. Rows and columns: the codes with at least one coding in the scope, in
    codebook order (keys: code ids). ``passages(r, c)``: the segments counted in the cell, in
    document order, each with its codings of either code. Raises InvalidOperation for an
    unknown mode or measure or a negative ``within``."""
    if mode not in MODES:
        raise InvalidOperation(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
    if measure not in COOCCURRENCE_MEASURES:
        raise InvalidOperation(f"unknown measure {measure!r}: use count or coefficient")
    if within < 0:
        raise InvalidOperation("the distance (--within) cannot be negative")
    scope = scope or CodingFilter()
    segments = _Segments(project.coding_spans(scope))
    met: list[set[int]] = list(segments.codes)  # a segment outside every paragraph meets none
    shared_sets: list[tuple[list[int], set[int]]] = []  # segments meeting the very same codes
    for document_id, (begin, end) in segments.ranges.items():
        groups, items = _items(project, document_id, segments, begin, end, mode, within)
        for members, found in zip(groups, codes_met(items), strict=True):
            for index in members:
                met[index] = found
            if len(members) > 1:
                shared_sets.append((members, found))
    # directed[(a, b)]: segments of a that meet b; shared[(a, b)]: segments of both a and b
    grouped = {index for members, _ in shared_sets for index in members}
    directed = Counter(chain.from_iterable(
        zip(repeat(code), found) for index, (own, found) in enumerate(
            zip(segments.codes, met, strict=True)) if index not in grouped for code in own))
    for members, found in shared_sets:  # one paragraph's segments: per code, not per segment
        for code, times in Counter(chain.from_iterable(
                segments.codes[index] for index in members)).items():
            for other in found:
                directed[(code, other)] += times
    counts = Counter(chain.from_iterable(segments.codes))
    shared = Counter(chain.from_iterable(product(own, own) for own in segments.codes
                                         if len(own) > 1))
    tree = CodeTree.of(project)
    codes = [code.id for code in tree.codes if code.id in counts]

    def value(a: int, b: int) -> float:
        if a == b:
            return 0 if measure == "count" else 0.0
        together = directed[(a, b)] + directed[(b, a)] - shared[(a, b)]
        if measure == "count":
            return together
        union = counts[a] + counts[b] - shared[(a, b)]
        return together / union if union else 0.0

    labels = tuple(tree.label(code_id) for code_id in codes)
    return ResultTable(
        title=f"Code co-occurrence ({_describe(mode, within)})",
        row_labels=labels,
        column_labels=labels,
        values=tuple(tuple(value(a, b) for b in codes) for a in codes),
        measure=measure,
        row_keys=tuple(codes),
        column_keys=tuple(codes),
        note=_note(mode, within, measure),
        passages=_cell_passages(codes, segments, met),
    )


def _items(project: Project, document_id: int, segments: _Segments, begin: int, end: int,
           mode: str, within: int) -> tuple[list[list[int]], list[Item]]:
    """The intervals the sweep compares, each with the indices of its segments: the ranges
    themselves, widened by ``within + 1`` at the end (near), or the paragraphs they touch (one
    interval for all the segments that touch the same paragraphs: they meet the same codes)."""
    starts = segments.start[begin:end]
    ends = segments.end[begin:end]
    codes = segments.codes[begin:end]
    if mode == "overlap":
        return [[i] for i in range(begin, end)], list(zip(starts, ends, codes, strict=True))
    if mode == "near":
        reach = within + 1
        return [[i] for i in range(begin, end)], list(zip(
            starts, [stop + reach for stop in ends], codes, strict=True))
    bounds = paragraph_bounds(project.document_text(document_id))
    paragraph_starts = [start for start, _ in bounds]
    paragraph_ends = [stop for _, stop in bounds]
    touched: dict[tuple[int, int], tuple[list[int], set[int]]] = {}
    for offset, (start, stop, own) in enumerate(zip(starts, ends, codes, strict=True)):
        first = bisect.bisect_right(paragraph_ends, start)  # the first ending after it
        last = bisect.bisect_left(paragraph_starts, stop) - 1  # the last starting before it
        if first <= last:
            members, union = touched.setdefault((first, last + 1), ([], set()))
            members.append(begin + offset)
            union |= own
    return ([members for members, _ in touched.values()],
            [(first, after, union) for (first, after), (_, union) in touched.items()])


def _describe(mode: str, within: int) -> str:
    return {"overlap": "overlapping", "paragraph": "same paragraph",
            "near": f"within {within} characters"}[mode]


def _note(mode: str, within: int, measure: str) -> str:
    how = {
        "overlap": "segments sharing at least one character (touching ranges do not overlap)",
        "paragraph": "segments touching a common paragraph (non-empty line)",
        "near": f"segments at most {within} characters apart (overlapping and touching "
                "included)",
    }[mode]
    what = ("count: segments of either code that co-occur with the other code"
            if measure == "count" else
            f"coefficient: co-occurring segments / segments of either code; {SOURCE}")
    return (f"co-occurrence: {how}; {what}. A segment is one coded range (codings of the "
            "same range are one segment); the diagonal is 0.")


def _cell_passages(codes: list[int], segments: _Segments, met: list[set[int]]
                   ) -> Callable[[int, int], Sequence[Passage]]:
    def passages(row: int, column: int) -> Sequence[Passage]:
        a, b = codes[row], codes[column]
        if a == b:
            return []
        return [Passage(segments.document[i], segments.start[i], segments.end[i],
                        tuple(span[ID] for span in segments.spans[i] if span[CODE] in (a, b)))
                for i, (own, found) in enumerate(zip(segments.codes, met, strict=True))
                if (a in own and b in found) or (b in own and a in found)]

    return passages

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
from collections import defaultdict
from collections.abc import Callable, Sequence

from glocal_annotator.analysis.agreement_units import paragraph_bounds
from glocal_annotator.analysis.meetings import Item, codes_met
from glocal_annotator.analysis.results import Passage, ResultTable
from glocal_annotator.analysis.spans import CODE, DOCUMENT, END, ID, START, CodeTree, Span
from glocal_annotator.errors import InvalidOperation
from glocal_annotator.model import CodingFilter
from glocal_annotator.project import Project

MODES = ("overlap", "paragraph", "near")
COOCCURRENCE_MEASURES = ("count", "coefficient")
SOURCE = ("Jaccard's index over coded segments; ATLAS.ti's c-coefficient n12/(n1+n2-n12) "
          "(ATLAS.ti manual, Code Co-occurrence Table) where codes share segments")


class _Segment:
    __slots__ = ("document_id", "start", "end", "spans", "codes")

    def __init__(self, document_id: int, start: int, end: int) -> None:
        self.document_id, self.start, self.end = document_id, start, end
        self.spans: list[Span] = []
        self.codes: set[int] = set()


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
    segments = _segments(project.coding_spans(scope))
    pairs: dict[tuple[int, int], list[_Segment]] = defaultdict(list)
    counts: dict[int, int] = defaultdict(int)  # n_A
    shared: dict[tuple[int, int], int] = defaultdict(int)  # n_AB
    for document_id, in_document in segments.items():
        items = _items(project, document_id, in_document, mode, within)
        met = codes_met([item for item, _ in items])
        reached = {index: found for (_, index), found in zip(items, met, strict=True)}
        for index, segment in enumerate(in_document):
            own = segment.codes
            found = reached.get(index, own)
            keys = {(a, b) if a < b else (b, a) for a in own for b in found if b != a}
            for key in keys:
                pairs[key].append(segment)
            for code in own:
                counts[code] += 1
            if len(own) > 1:
                for a in own:
                    for b in own:
                        if a < b:
                            shared[(a, b)] += 1
    tree = CodeTree.of(project)
    codes = [code.id for code in tree.codes if code.id in counts]
    values = tuple(tuple(_value(a, b, pairs, counts, shared, measure) for b in codes)
                   for a in codes)
    labels = tuple(tree.label(code_id) for code_id in codes)
    return ResultTable(
        title=f"Code co-occurrence ({_describe(mode, within)})",
        row_labels=labels,
        column_labels=labels,
        values=values,
        measure=measure,
        row_keys=tuple(codes),
        column_keys=tuple(codes),
        note=_note(mode, within, measure),
        passages=_cell_passages(codes, pairs),
    )


def _segments(spans: list[Span]) -> dict[int, list[_Segment]]:
    """Per document, its segments in order of range (the spans come in document order)."""
    found: dict[int, list[_Segment]] = defaultdict(list)
    last: _Segment | None = None
    for span in spans:
        if last is None or (last.document_id, last.start, last.end) != (
                span[DOCUMENT], span[START], span[END]):
            last = _Segment(span[DOCUMENT], span[START], span[END])
            found[span[DOCUMENT]].append(last)
        last.spans.append(span)
        last.codes.add(span[CODE])
    return found


def _items(project: Project, document_id: int, segments: list[_Segment], mode: str,
           within: int) -> list[tuple[Item, int]]:
    """The intervals the sweep compares, each with its segment's index: the ranges themselves,
    widened by ``within + 1`` at the end (near), or as the paragraphs they touch."""
    if mode == "overlap":
        return [((s.start, s.end, s.codes), i) for i, s in enumerate(segments)]
    if mode == "near":
        return [((s.start, s.end + within + 1, s.codes), i) for i, s in enumerate(segments)]
    bounds = paragraph_bounds(project.document_text(document_id))
    starts = [start for start, _ in bounds]
    ends = [end for _, end in bounds]
    items = []
    for index, segment in enumerate(segments):
        first = bisect.bisect_right(ends, segment.start)  # the first paragraph ending after it
        last = bisect.bisect_left(starts, segment.end) - 1  # the last starting before its end
        if first <= last:
            items.append(((first, last + 1, segment.codes), index))
    return items


def _value(a: int, b: int, pairs: dict[tuple[int, int], list[_Segment]], counts: dict[int, int],
           shared: dict[tuple[int, int], int], measure: str) -> float:
    if a == b:
        return 0 if measure == "count" else 0.0
    key = (a, b) if a < b else (b, a)
    count = len(pairs.get(key, ()))
    if measure == "count":
        return count
    union = counts[a] + counts[b] - shared.get(key, 0)
    return count / union if union else 0.0


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


def _cell_passages(codes: list[int], pairs: dict[tuple[int, int], list[_Segment]]
                   ) -> Callable[[int, int], Sequence[Passage]]:
    def passages(row: int, column: int) -> Sequence[Passage]:
        a, b = codes[row], codes[column]
        if a == b:
            return []
        found = pairs.get((a, b) if a < b else (b, a), [])
        return [Passage(s.document_id, s.start, s.end,
                        tuple(span[ID] for span in s.spans if span[CODE] in (a, b)))
                for s in found]

    return passages

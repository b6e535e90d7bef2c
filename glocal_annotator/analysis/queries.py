"""Code queries: run a query (:mod:`.query_parser`) over a project's codings.

What each operator gives, per document (offsets in code points; a code's *text* is the
characters its codings cover, with its sub-codes unless ``ONLY``):

* ``A OR B``: the text coded A or B (the union).
* ``A AND B``: the text coded both A and B: the intersection of their text, as NVivo's coding
  query "all selected codes" gives it. Ranges that only touch (``[0, 5)`` and ``[5, 9)``) share
  no character and give nothing; overlapping by one character gives that character.
* ``A NOT B`` (or ``A AND NOT B``): A's text without B's.
* ``A NEAR/N B``: the passages of A (each coding of A, or each stretch of a combined operand)
  that lie within N characters of a passage of B: the gap between them, ``max(starts) -
  min(ends)``, is at most N (overlapping and touching included; NVivo's "near" and MAXQDA's
  "near" with a distance). ``A NEAR/PARAGRAPH B``: A's passages that share a paragraph
  (non-empty line) with one of B's.
* ``A THEN B``: the passages of A followed by a passage of B in the same document: B starts at
  or after A's end (MAXQDA's "followed by"); ``A THEN/N B``: within N characters of A's end.

The result is the passages' text merged (overlapping and touching passages joined) and in
document order, each with the codings it came from. The scope's documents and coders limit the
codings every code in the query reads; the query itself names the codes (the scope's codes are
not used). Linear in the codings read, plus a bisection per passage for NEAR and THEN.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable

from glocal_annotator.analysis.agreement_units import paragraph_bounds
from glocal_annotator.analysis.query_parser import CodeRef, Operation, Query, parse_query
from glocal_annotator.analysis.results import Passage
from glocal_annotator.analysis.spans import CODE, DOCUMENT, END, ID, START, Span, without_gc_pauses
from glocal_annotator.errors import NotFound
from glocal_annotator.model import CodingFilter, with_subcodes
from glocal_annotator.project import Project

__all__ = ["CodeRef", "Operation", "Query", "parse_query", "run_query"]

Piece = tuple[int, int, frozenset[int]]  # start, end, coding ids
Pieces = dict[int, list[Piece]]  # document id -> pieces in order of start


@without_gc_pauses
def run_query(project: Project, query: Query | str, scope: CodingFilter | None = None
              ) -> list[Passage]:
    """The passages ``query`` (a :data:`Query` or its text) finds (module notes), merged, in
    document order; each passage's ``coding_ids`` are the codings of the query's codes that
    overlap it. Raises InvalidOperation for a malformed query, NotFound for a code it names
    that the project lacks."""
    if isinstance(query, str):
        query = parse_query(query)
    scope = scope or CodingFilter()
    codes = project.codes()
    leaves = {leaf: _leaf_ids(project, codes, leaf) for leaf in _leaves(query)}
    wanted = sorted({code_id for ids in leaves.values() for code_id in ids})
    spans = project.coding_spans(CodingFilter(code_ids=wanted, document_ids=scope.document_ids,
                                              coder_ids=scope.coder_ids))
    ranges = {span[ID]: (span[START], span[END]) for span in spans}
    paragraphs = _Paragraphs(project)
    result = _evaluate(query, spans, leaves, paragraphs)
    passages = []
    for document_id in sorted(result):
        for start, end, ids in _union(result[document_id]):
            inside = tuple(sorted(i for i in ids if ranges[i][0] < end and start < ranges[i][1]))
            passages.append(Passage(document_id, start, end, inside))
    return passages


def _leaves(query: Query) -> list[CodeRef]:
    found: list[CodeRef] = []
    stack: list[Query] = [query]
    while stack:
        node = stack.pop()
        if isinstance(node, CodeRef):
            found.append(node)
        else:
            stack.extend((node.right, node.left))
    return found


def _leaf_ids(project: Project, codes: list, leaf: CodeRef) -> frozenset[int]:
    try:
        code = project.find_code(leaf.name)
    except NotFound as error:
        words = {word.casefold() for word in leaf.name.split()}
        if words & {"and", "or", "not", "then", "only"} or "near/" in leaf.name.casefold():
            raise NotFound(f"{error}; operators are written in capitals (AND, OR, NOT, "
                           "NEAR/200, NEAR/PARAGRAPH, THEN)") from None
        raise
    return frozenset(with_subcodes(codes, [code.id]) if leaf.subcodes else [code.id])


class _Paragraphs:
    """Each document's paragraphs (``(starts, ends)``), read when first asked for."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.found: dict[int, tuple[list[int], list[int]]] = {}

    def of(self, document_id: int) -> tuple[list[int], list[int]]:
        if document_id not in self.found:
            bounds = paragraph_bounds(self.project.document_text(document_id))
            self.found[document_id] = ([s for s, _ in bounds], [e for _, e in bounds])
        return self.found[document_id]

    def span(self, document_id: int, start: int, end: int) -> tuple[int, int] | None:
        """The paragraphs ``[first, last]`` that ``[start, end)`` touches, or None."""
        starts, ends = self.of(document_id)
        first = bisect.bisect_right(ends, start)
        last = bisect.bisect_left(starts, end) - 1
        return (first, last) if first <= last else None


def _evaluate(query: Query, spans: list[Span], leaves: dict[CodeRef, frozenset[int]],
              paragraphs: _Paragraphs) -> Pieces:
    if isinstance(query, CodeRef):
        codes = leaves[query]
        pieces: Pieces = defaultdict(list)
        for span in spans:  # in document order
            if span[CODE] in codes:
                pieces[span[DOCUMENT]].append((span[START], span[END], frozenset((span[ID],))))
        return pieces
    left = _evaluate(query.left, spans, leaves, paragraphs)
    right = _evaluate(query.right, spans, leaves, paragraphs)
    operator = query.operator
    if operator == "OR":
        documents = left.keys() | right.keys()
        return {d: _union([*left.get(d, ()), *right.get(d, ())]) for d in documents}
    if operator == "AND":
        found = {d: _intersection(_union(left[d]), _union(right[d]))
                 for d in left.keys() & right.keys()}
        return {d: pieces for d, pieces in found.items() if pieces}
    if operator == "NOT":
        return {d: _difference(_union(pieces), _union(right.get(d, [])))
                for d, pieces in left.items()}
    chosen: Pieces = {}
    for document_id, pieces in left.items():
        others = right.get(document_id)
        if not others:
            continue
        if operator == "NEAR" and query.paragraph:
            keep = _same_paragraph(document_id, pieces, others, paragraphs)
        elif operator == "NEAR":
            keep = _near(pieces, others, query.distance or 0)
        else:
            keep = _followed(pieces, others, query.distance)
        if keep:
            chosen[document_id] = keep
    return chosen


def _union(pieces: Iterable[Piece]) -> list[Piece]:
    """Maximal stretches of the characters ``pieces`` cover (overlapping or touching joined)."""
    out: list[Piece] = []
    for start, end, ids in sorted(pieces, key=lambda piece: (piece[0], piece[1])):
        if out and start <= out[-1][1]:
            last = out[-1]
            out[-1] = (last[0], max(last[1], end), last[2] | ids)
        else:
            out.append((start, end, ids))
    return out


def _intersection(left: list[Piece], right: list[Piece]) -> list[Piece]:
    """The characters in both (each list disjoint and in order), by one walk over both."""
    out: list[Piece] = []
    i = j = 0
    while i < len(left) and j < len(right):
        start = max(left[i][0], right[j][0])
        end = min(left[i][1], right[j][1])
        if start < end:
            out.append((start, end, left[i][2] | right[j][2]))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return out


def _difference(left: list[Piece], right: list[Piece]) -> list[Piece]:
    """The characters of ``left`` not in ``right`` (each disjoint and in order)."""
    out: list[Piece] = []
    j = 0
    for start, end, ids in left:
        position = start
        while j < len(right) and right[j][1] <= position:
            j += 1
        k = j
        while k < len(right) and right[k][0] < end:
            if right[k][0] > position:
                out.append((position, right[k][0], ids))
            position = max(position, right[k][1])
            if right[k][1] > end:
                break
            k += 1
        if position < end:
            out.append((position, end, ids))
    return out


def _near(pieces: list[Piece], others: list[Piece], distance: int) -> list[Piece]:
    """The pieces with a piece of ``others`` at most ``distance`` characters away."""
    merged = _union(others)
    starts = [piece[0] for piece in merged]
    ends = [piece[1] for piece in merged]
    keep = []
    for piece in pieces:
        index = bisect.bisect_left(ends, piece[0] - distance)  # first ending near or after
        if index < len(starts) and starts[index] <= piece[1] + distance:
            keep.append(piece)
    return keep


def _same_paragraph(document_id: int, pieces: list[Piece], others: list[Piece],
                    paragraphs: _Paragraphs) -> list[Piece]:
    touched = [found for start, end, _ in others
               if (found := paragraphs.span(document_id, start, end)) is not None]
    merged = _union((first, last + 1, frozenset()) for first, last in touched)
    starts = [piece[0] for piece in merged]
    ends = [piece[1] for piece in merged]
    keep = []
    for piece in pieces:
        found = paragraphs.span(document_id, piece[0], piece[1])
        if found is None:
            continue
        index = bisect.bisect_right(ends, found[0])
        if index < len(starts) and starts[index] <= found[1]:
            keep.append(piece)
    return keep


def _followed(pieces: list[Piece], others: list[Piece], distance: int | None) -> list[Piece]:
    """The pieces after whose end a piece of ``others`` starts (within ``distance``)."""
    starts = sorted(piece[0] for piece in others)
    keep = []
    for piece in pieces:
        index = bisect.bisect_left(starts, piece[1])
        if index < len(starts) and (distance is None or starts[index] - piece[1] <= distance):
            keep.append(piece)
    return keep

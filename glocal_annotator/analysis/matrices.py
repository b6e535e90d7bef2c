"""Code matrices: codes (rows) by documents, coders, speakers or groups of documents (columns).

A cell counts the codings of the row's code that belong to the column:

* ``documents``: the codings in that document;
* ``coders``: the codings that coder made;
* ``speakers``: the codings that overlap (share at least one character with) a turn of that
  speaker. Speakers are the sub-codes of the top-level code named ``Speakers`` (case ignored),
  whose codings mark each speaker's turns, by any coder; a coding that runs over two speakers'
  turns counts for both. The ``Speakers`` codes themselves are not rows;
* groups, given as a mapping ``label -> document ids`` (document sets, or the values of a
  document variable: "local" / "global"): the codings in the group's documents. A document in
  several groups counts in each.

Measures (as MAXQDA's Code Matrix Browser and NVivo's matrix coding query offer them):
``count``; ``row_percent`` and ``column_percent``, the cell as a percentage (0..100) of its row's
or its column's total of the cells shown (0 where that total is 0); ``presence``, 1 where the
count is above 0, else 0.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence

from glocal_annotator.analysis.results import Passage, ResultTable
from glocal_annotator.analysis.spans import (
    CODE,
    CODER,
    DOCUMENT,
    END,
    START,
    CodeTree,
    Span,
    in_document_order,
    merged,
    passages_of,
    without_gc_pauses,
)
from glocal_annotator.errors import InvalidOperation
from glocal_annotator.model import Code, CodingFilter
from glocal_annotator.project import Project

COLUMN_KINDS = ("documents", "coders", "speakers")
MATRIX_MEASURES = ("count", "row_percent", "column_percent", "presence")
SPEAKERS_CODE = "Speakers"
NO_VALUE = "(no value)"


@without_gc_pauses
def code_matrix(project: Project, scope: CodingFilter | None = None,
                columns: str | Mapping[str, Collection[int]] = "documents",
                measure: str = "count", *, rolled_up: bool = False) -> ResultTable:
    """The matrix of the codes ``scope`` lets through (rows, codebook order; ``row_keys`` code
    ids) by ``columns``: ``"documents"`` (keys: document ids, the scope's documents in import
    order), ``"coders"`` (coder ids), ``"speakers"`` (the speaker codes' ids) or a mapping
    ``label -> document ids`` (keys: the labels; ``""`` is shown as "(no value)"). With
    ``rolled_up`` a code's row counts its sub-codes' codings too. ``passages(r, c)``: the
    codings behind the cell, one passage each, in document order.

    Raises InvalidOperation for an unknown column kind or measure, or for ``"speakers"`` when
    the project has no top-level ``Speakers`` code with sub-codes."""
    if measure not in MATRIX_MEASURES:
        raise InvalidOperation(f"unknown measure {measure!r}: use one of "
                               f"{', '.join(MATRIX_MEASURES)}")
    if isinstance(columns, str) and columns not in COLUMN_KINDS:
        raise InvalidOperation(f"unknown columns {columns!r}: use one of "
                               f"{', '.join(COLUMN_KINDS)} or groups of documents")
    scope = scope or CodingFilter()
    tree = CodeTree.of(project)
    rows = tree.in_scope(scope)
    spans = project.coding_spans(scope)
    if columns == "speakers":
        speakers = speaker_codes(tree)
        subtree = _speaker_subtree(tree)
        rows = [code for code in rows if code.id not in subtree]
        keys, labels, column_of = _speaker_columns(project, tree, speakers, scope)
    elif columns == "documents":
        keys, labels, column_of = _document_columns(project, scope)
    elif columns == "coders":
        keys, labels, column_of = _coder_columns(project, scope)
    else:
        assert not isinstance(columns, str)
        keys, labels, column_of = _group_columns(columns)
    row_of = {code.id: index for index, code in enumerate(rows)}
    cells: dict[tuple[int, int], list[Span]] = defaultdict(list)
    for span in spans:
        targets = [row_of[code_id] for code_id in
                   (tree.lineage(span[CODE]) if rolled_up else (span[CODE],))
                   if code_id in row_of]
        if not targets:
            continue
        for column in column_of(span):
            for row in targets:
                cells[(row, column)].append(span)
    counts = [[len(cells.get((row, column), ())) for column in range(len(keys))]
              for row in range(len(rows))]
    kind = columns if isinstance(columns, str) else "groups"
    return ResultTable(
        title=f"Codes by {kind}",
        row_labels=tuple(tree.label(code.id) for code in rows),
        column_labels=tuple(labels),
        values=_measured(counts, measure),
        measure=measure,
        row_keys=tuple(code.id for code in rows),
        column_keys=tuple(keys),
        note=_note(kind, measure, rolled_up),
        passages=_cell_passages(cells),
    )


def speaker_codes(tree: CodeTree) -> list[Code]:
    """The speakers: the sub-codes of the top-level ``Speakers`` code, in codebook order.
    Raises InvalidOperation when there are none."""
    parent = next((code for code in tree.codes if code.parent_id is None
                   and code.name.casefold() == SPEAKERS_CODE.casefold()), None)
    speakers = [code for code in tree.codes
                if parent is not None and code.parent_id == parent.id]
    if not speakers:
        raise InvalidOperation(f"there are no speakers: code each speaker's turns with a sub-code "
                               f"of a top-level code named {SPEAKERS_CODE!r} first")
    return speakers


def _speaker_subtree(tree: CodeTree) -> set[int]:
    top = {code.id for code in tree.codes if code.parent_id is None
           and code.name.casefold() == SPEAKERS_CODE.casefold()}
    return {code.id for code in tree.codes if top & set(tree.lineage(code.id))}


ColumnsOf = Callable[[Span], Sequence[int]]


def _document_columns(project: Project, scope: CodingFilter
                      ) -> tuple[list[int], list[str], ColumnsOf]:
    wanted = None if scope.document_ids is None else set(scope.document_ids)
    documents = [d for d in project.documents() if wanted is None or d.id in wanted]
    index = {document.id: (column,) for column, document in enumerate(documents)}
    return ([d.id for d in documents], [d.name for d in documents],
            lambda span: index.get(span[DOCUMENT], ()))


def _coder_columns(project: Project, scope: CodingFilter) -> tuple[list[int], list[str],
                                                                   ColumnsOf]:
    wanted = None if scope.coder_ids is None else set(scope.coder_ids)
    coders = [c for c in project.coders() if wanted is None or c.id in wanted]
    index = {coder.id: (column,) for column, coder in enumerate(coders)}
    return ([c.id for c in coders], [c.name for c in coders],
            lambda span: index.get(span[CODER], ()))


def _group_columns(groups: Mapping[str, Collection[int]]
                   ) -> tuple[list[str], list[str], ColumnsOf]:
    keys = list(groups)
    of_document: dict[int, list[int]] = defaultdict(list)
    for column, label in enumerate(keys):
        for document_id in set(groups[label]):
            of_document[document_id].append(column)
    return (keys, [label or NO_VALUE for label in keys],
            lambda span: of_document.get(span[DOCUMENT], ()))


def _speaker_columns(project: Project, tree: CodeTree, speakers: list[Code],
                     scope: CodingFilter) -> tuple[list[int], list[str], ColumnsOf]:
    """Columns per speaker; a span belongs to each speaker one of whose turns it overlaps.
    Each speaker's turns (its code's and sub-codes' codings, by any coder) are merged into
    disjoint stretches per document, so a look-up is one bisection per speaker present."""
    column_of_code: dict[int, int] = {}
    for column, speaker in enumerate(speakers):
        for code in tree.codes:
            if speaker.id in tree.lineage(code.id):
                column_of_code[code.id] = column
    turns = project.coding_spans(CodingFilter(code_ids=list(column_of_code),
                                              document_ids=scope.document_ids))
    by_speaker: dict[tuple[int, int], list[Span]] = defaultdict(list)
    for turn in in_document_order(turns):
        by_speaker[(turn[DOCUMENT], column_of_code[turn[CODE]])].append(turn)
    stretches: dict[int, list[tuple[int, list[int], list[int]]]] = defaultdict(list)
    for (document_id, column), spans in by_speaker.items():
        joined = merged(spans)
        stretches[document_id].append((column, [p.start for p in joined],
                                       [p.end for p in joined]))

    def columns_of(span: Span) -> list[int]:
        found = []
        start, end = span[START], span[END]
        for column, starts, ends in stretches.get(span[DOCUMENT], ()):
            index = bisect.bisect_right(ends, start)  # the first stretch ending after start
            if index < len(starts) and starts[index] < end:
                found.append(column)
        return sorted(found)

    return [s.id for s in speakers], [s.name for s in speakers], columns_of


def _measured(counts: list[list[int]], measure: str) -> tuple[tuple[float, ...], ...]:
    if measure == "count":
        return tuple(tuple(row) for row in counts)
    if measure == "presence":
        return tuple(tuple(1 if value else 0 for value in row) for row in counts)
    if measure == "row_percent":
        return tuple(tuple(_percent(value, sum(row)) for value in row) for row in counts)
    totals = [sum(column) for column in zip(*counts, strict=True)] if counts else []
    return tuple(tuple(_percent(value, totals[c]) for c, value in enumerate(row))
                 for row in counts)


def _percent(value: int, total: int) -> float:
    return 100.0 * value / total if total else 0.0


def _note(kind: str, measure: str, rolled_up: bool) -> str:
    what = {
        "documents": "codings of the code in the document",
        "coders": "codings of the code by the coder",
        "speakers": "codings of the code that overlap a turn of the speaker (a coding over two "
                    "speakers' turns counts for both)",
        "groups": "codings of the code in the group's documents (a document in several groups "
                  "counts in each)",
    }[kind]
    how = {
        "count": "",
        "row_percent": "; as a percentage of the row's total",
        "column_percent": "; as a percentage of the column's total",
        "presence": "; 1 where there is at least one, else 0",
    }[measure]
    return f"cell: {what}{how}" + ("; a code counts its sub-codes' codings" if rolled_up else "")


def _cell_passages(cells: dict[tuple[int, int], list[Span]]
                   ) -> Callable[[int, int], Sequence[Passage]]:
    def passages(row: int, column: int) -> Sequence[Passage]:
        return passages_of(cells.get((row, column), []))

    return passages

"""Code frequencies: codings, documents and characters per code (and per coder), own and rolled
up the code tree.

For each code in the scope (codebook order), three figures:

* **codings**: how many codings apply the code;
* **documents**: how many documents hold at least one of them;
* **characters**: how many characters (code points) they cover, each character counted once per
  document however many of the codings overlap it: the union of the coded ranges, not the sum of
  the codings' lengths (two codings of ``[0, 10)`` and ``[5, 15)`` cover 15 characters, not 20).

Each figure is given for the code's own codings and, *rolled up*, for the code with all its
sub-codes (as NVivo's "aggregate" and MAXQDA's totals for a parent code): the codings are summed,
the documents and characters united. A sub-code the scope leaves out adds nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from glocal_annotator.analysis.results import Passage, ResultTable
from glocal_annotator.analysis.spans import (
    CODE,
    CODER,
    DOCUMENT,
    CodeTree,
    Span,
    covered,
    merged,
    passages_of,
    without_gc_pauses,
)
from glocal_annotator.model import CodingFilter
from glocal_annotator.project import Project

MEASURES = ("codings", "documents", "characters")
NOTE = (
    "codings: how many codings apply the code; documents: how many documents hold one; "
    "characters: the code points they cover, counted once where codings overlap (the union of "
    "the coded ranges per document, not the sum of their lengths). 'with sub-codes': the code "
    "and all its sub-codes together (codings summed, documents and characters united)."
)


@without_gc_pauses
def code_frequencies(project: Project, scope: CodingFilter | None = None, *,
                     by_coder: bool = False, rolled_up: bool = True) -> ResultTable:
    """The frequency table (module notes) of the codes ``scope`` lets through, one row per
    code in codebook order (``row_keys``: code ids; labels: code paths).

    Columns: ``codings``, ``documents``, ``characters``, then with ``rolled_up`` the same three
    "with sub-codes". With ``by_coder`` that set of columns is repeated for each coder the scope
    lets through (in the order they joined the project), labelled ``CODER: measure``. Column
    keys are ``(measure, rolled_up, coder_id)`` tuples (``coder_id`` None for all coders together).
    ``passages(r, c)`` lists the cell's codings (one passage each), or for a characters column
    the coded stretches (overlapping codings merged), in document order. Reads the codings once:
    linear in them times the depth of the code tree."""
    scope = scope or CodingFilter()
    tree = CodeTree.of(project)
    rows = tree.in_scope(scope)
    row_ids = {code.id for code in rows}
    coders = [coder for coder in project.coders()
              if scope.coder_ids is None or coder.id in set(scope.coder_ids)] if by_coder else []
    groups = [coder.id for coder in coders] if by_coder else [None]
    own: dict[tuple[int, int | None], list[Span]] = defaultdict(list)
    rolled: dict[tuple[int, int | None], list[Span]] = defaultdict(list)
    for span in project.coding_spans(scope):  # in document order, so every list below is too
        group = span[CODER] if by_coder else None
        own[(span[CODE], group)].append(span)
        if rolled_up:
            for code_id in tree.lineage(span[CODE]):
                if code_id in row_ids:
                    rolled[(code_id, group)].append(span)
    columns: list[tuple[str, bool, int | None]] = [
        (measure, up, group) for group in groups for up in ((False, True) if rolled_up
                                                            else (False,))
        for measure in MEASURES
    ]
    coder_names = {coder.id: coder.name for coder in coders}
    values = tuple(
        tuple(_figure((rolled if up else own).get((code.id, group), []), measure)
              for measure, up, group in columns)
        for code in rows
    )
    labels = tuple(_label(measure, up, coder_names.get(group)) for measure, up, group in columns)
    return ResultTable(
        title="Code frequencies" + (" by coder" if by_coder else ""),
        row_labels=tuple(tree.label(code.id) for code in rows),
        column_labels=labels,
        values=values,
        measure="count",
        row_keys=tuple(code.id for code in rows),
        column_keys=tuple(columns),
        note=NOTE,
        passages=_cell_passages([code.id for code in rows], columns, own, rolled),
    )


def _figure(spans: Sequence[Span], measure: str) -> int:
    if measure == "codings":
        return len(spans)
    if measure == "documents":
        return len({span[DOCUMENT] for span in spans})
    return covered(spans) if spans else 0


def _label(measure: str, rolled_up: bool, coder: str | None) -> str:
    text = f"{measure}, with sub-codes" if rolled_up else measure
    return f"{coder}: {text}" if coder is not None else text


def _cell_passages(
    code_ids: list[int], columns: list[tuple[str, bool, int | None]],
    own: dict[tuple[int, int | None], list[Span]],
    rolled: dict[tuple[int, int | None], list[Span]],
) -> Callable[[int, int], Sequence[Passage]]:
    def passages(row: int, column: int) -> Sequence[Passage]:
        measure, up, group = columns[column]
        spans = (rolled if up else own).get((code_ids[row], group), [])
        return merged(spans) if measure == "characters" else passages_of(spans)

    return passages


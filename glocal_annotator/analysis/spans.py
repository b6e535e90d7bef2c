"""What the analysis views share: codings as plain tuples, the code tree, merged stretches.

A *span* is a coding as :meth:`Project.coding_spans <glocal_annotator.project.Project.
coding_spans>` gives it: ``(coding_id, document_id, code_id, coder_id, start, end)``, offsets in
code points, end exclusive, listed in document order (document id, start, end, id).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

from glocal_annotator.analysis.results import Passage
from glocal_annotator.model import Code, CodingFilter
from glocal_annotator.project import Project

Span = tuple[int, int, int, int, int, int]
ID, DOCUMENT, CODE, CODER, START, END = range(6)
P = ParamSpec("P")
R = TypeVar("R")


def without_gc_pauses(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` with Python's cyclic garbage collector paused (as it was before,
    after): a view builds some 100,000 tuples and sets, which would otherwise set off several
    full collections, a fifth of its time (reference counting still frees what it drops;
    cycles are collected once the collector runs again)."""

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused


@dataclass(frozen=True)
class CodeTree:
    """The project's codes in codebook order (parents before their children), with the way up
    and down the tree."""

    codes: tuple[Code, ...]
    by_id: dict[int, Code] = field(init=False, compare=False)
    _lineage: dict[int, tuple[int, ...]] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {code.id: code for code in self.codes}
        lineage: dict[int, tuple[int, ...]] = {}
        for code in self.codes:  # codebook order: a parent's lineage is known before its child's
            parent = lineage.get(code.parent_id, ()) if code.parent_id is not None else ()
            lineage[code.id] = (code.id, *parent)
        object.__setattr__(self, "by_id", by_id)
        object.__setattr__(self, "_lineage", lineage)

    @classmethod
    def of(cls, project: Project) -> CodeTree:
        return cls(tuple(project.codes()))

    def lineage(self, code_id: int) -> tuple[int, ...]:
        """The code and its ancestors, nearest first (``(code_id,)`` for an unknown id)."""
        return self._lineage.get(code_id, (code_id,))

    def in_scope(self, scope: CodingFilter) -> list[Code]:
        """The codes ``scope`` lets through, in codebook order (every code when it names none;
        its code ids are taken as they are, without adding sub-codes)."""
        if scope.code_ids is None:
            return list(self.codes)
        wanted = set(scope.code_ids)
        return [code for code in self.codes if code.id in wanted]

    def label(self, code_id: int) -> str:
        """The code's written path (``parent/child``), as the CLI takes it back."""
        code = self.by_id.get(code_id)
        return code.path or code.name if code is not None else f"code {code_id}"


def merged(spans: Iterable[Span]) -> list[Passage]:
    """The characters ``spans`` cover, as maximal stretches (overlapping or touching codings
    joined) per document, each with the ids of the codings in it; ``spans`` must be in document
    order. Linear."""
    out: list[Passage] = []
    document = start = end = -1
    ids: list[int] = []
    for span in spans:
        if span[DOCUMENT] == document and span[START] <= end:
            if span[END] > end:
                end = span[END]
            ids.append(span[ID])
            continue
        if ids:
            out.append(Passage(document, start, end, tuple(ids)))
        document, start, end, ids = span[DOCUMENT], span[START], span[END], [span[ID]]
    if ids:
        out.append(Passage(document, start, end, tuple(ids)))
    return out


def covered(spans: Iterable[Span]) -> int:
    """How many characters ``spans`` (in document order) cover, each counted once: the union of
    the codings' ranges, not the sum of their lengths."""
    total = 0
    document = start = end = -1
    for span in spans:
        if span[DOCUMENT] == document and span[START] <= end:
            if span[END] > end:
                end = span[END]
            continue
        total += end - start
        document, start, end = span[DOCUMENT], span[START], span[END]
    return total + end - start


def passages_of(spans: Sequence[Span]) -> list[Passage]:
    """One passage per coding, in document order."""
    return [Passage(span[DOCUMENT], span[START], span[END], (span[ID],)) for span in spans]


def in_document_order(spans: Iterable[Span]) -> list[Span]:
    """``spans`` sorted as :meth:`Project.coding_spans` lists them."""
    return sorted(spans, key=lambda span: (span[DOCUMENT], span[START], span[END], span[ID]))

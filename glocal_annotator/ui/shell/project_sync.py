"""Keeps the window in step with the project file: every committed change (done, undone or
redone, from any source) arrives here from ``project.subscribe``.

The change's :class:`~glocal_annotator.model.ChangeSummary` says what it did; one short handler
per kind of change follows it. Codings are applied incrementally: spans are removed and added in
the open document, and coding counts in the codebook and documents list are adjusted in place.
Only codebook structure changes (codes added, deleted, moved) rebuild the code tree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from glocal_annotator.code_paths import display_path
from glocal_annotator.model import ChangeSummary, Coding
from glocal_annotator.ui.codebook.tree import CodebookPanel
from glocal_annotator.ui.common.quick_codes import QuickCodes
from glocal_annotator.ui.common.session import Session
from glocal_annotator.ui.document.document_list import DocumentList
from glocal_annotator.ui.document.lanes import CodingSpan
from glocal_annotator.ui.document.view import DocumentView
from glocal_annotator.ui.segments.panel import SegmentsPanel

if TYPE_CHECKING:
    from glocal_annotator.project import Change


class ProjectSync:
    """Follows the project of ``session`` in the window's views: the document ``view``, the
    ``codebook`` panel, the ``documents`` list, the coded ``segments`` and the ``quick`` keys."""

    def __init__(self, session: Session, view: DocumentView, codebook: CodebookPanel,
                 documents: DocumentList, segments: SegmentsPanel, quick: QuickCodes) -> None:
        self._session = session
        self._view = view
        self._codebook = codebook
        self._documents = documents
        self._segments = segments
        self._quick = quick
        self.coders: dict[int, str] = {}

    # -- full loads --------------------------------------------------------------------------

    def reload_all(self) -> None:
        project = self._session.require_project()
        self.coders = {c.id: c.name for c in project.coders()}
        self._codebook.load(project.codes())
        self._documents.load(project.documents())
        self._show_sets()
        self._segments.set_project(project)
        self._quick.refresh()

    # -- spans -------------------------------------------------------------------------------

    def span(self, coding: Coding) -> CodingSpan:
        """How the document view shows ``coding``: its code's colour and name, a tooltip."""
        code = self._codebook.model.code(coding.code_id)
        name = code.name if code else "?"
        coder = self.coders.get(coding.coder_id, "?")
        tooltip = f"{display_path(code.path) if code else name}\nCoded by {coder}"
        if coding.memo:
            tooltip += f"\nMemo: {coding.memo}"
        return CodingSpan(coding.id, coding.code_id, coding.start, coding.end,
                          code.color if code else "#CCCCCC", name, tooltip)

    # -- the listener ------------------------------------------------------------------------

    def on_change(self, change: Change) -> None:
        """Follow one committed change; the order matters: spans that went away first, then the
        codebook (so that spans of new codes find their colours), then spans that came."""
        if self._session.project is None:
            return
        summary = change.summary
        if summary.coders_changed:
            self._reload_coders()
        self._remove_spans(summary.codings_removed)
        self._follow_codebook(summary)
        self._add_spans(summary.codings_added)
        self._restyle_spans(summary.codes_restyled)
        self._follow_counts(summary)
        self._follow_documents(summary)
        if summary.document_sets or summary.documents:
            self._show_sets()
        self._follow_segments(summary)

    # -- one handler per kind of change ------------------------------------------------------

    def _reload_coders(self) -> None:
        self.coders = {c.id: c.name for c in self._session.require_project().coders()}

    def _in_open_document(self, codings: Iterable[Coding]) -> list[Coding]:
        current = self._view.document_id
        return [coding for coding in codings if coding.document_id == current]

    def _remove_spans(self, codings: Iterable[Coding]) -> None:
        for coding in self._in_open_document(codings):
            self._view.remove_span(coding.id)

    def _add_spans(self, codings: Iterable[Coding]) -> None:
        for coding in self._in_open_document(codings):
            self._view.add_span(self.span(coding))

    def _follow_codebook(self, summary: ChangeSummary) -> None:
        """Rebuild the tree when its structure changed, else update the changed codes in place."""
        project = self._session.require_project()
        if summary.codes_restructured:
            self._codebook.load(project.codes())
            self._quick.refresh()
        elif summary.codes_changed:
            codes = project.codes()
            for code in codes:
                if code.id in summary.codes_changed:
                    self._codebook.model.update_code(code)
            self._quick.refresh()
            self._segments.update_codes(codes)

    def _restyle_spans(self, code_ids: frozenset[int]) -> None:
        """Codes were renamed or recoloured: restyle their spans in the open document."""
        view = self._view
        if view.document_id is None or not code_ids:
            return
        spans = view.spans()
        if not any(span.code_id in code_ids for span in spans):
            return
        codings = {c.id: c for c in self._session.require_project().codings(
            document_ids=[view.document_id], code_ids=sorted(code_ids))}
        view.set_spans([
            self.span(codings[s.coding_id]) if s.coding_id in codings else s for s in spans
        ])

    def _follow_counts(self, summary: ChangeSummary) -> None:
        """Coding counts, in place (a rebuilt tree or list has counted afresh)."""
        per_code, per_document = summary.coding_counts()
        if not summary.codes_restructured:
            self._codebook.model.adjust_counts(per_code)
        if not summary.documents:
            self._documents.adjust_counts(per_document)

    def _follow_documents(self, summary: ChangeSummary) -> None:
        """Documents were added, renamed or deleted: reload the list; close a deleted one."""
        if not summary.documents:
            return
        self._documents.load(self._session.require_project().documents())
        current = self._view.document_id
        if current is not None and current not in self._documents.names():
            self._view.clear()

    def _show_sets(self) -> None:
        """The documents list's tooltips name each document's sets."""
        sets: dict[int, list[str]] = {}
        for item in self._session.require_project().document_set_list():
            for document_id in item.document_ids:
                sets.setdefault(document_id, []).append(item.name)
        self._documents.set_sets(sets)

    def _follow_segments(self, summary: ChangeSummary) -> None:
        """Retrieval follows: its filters again for new codes, documents or coders; the list in
        place for codings."""
        segments = self._segments
        if summary.codes_restructured or summary.documents or summary.coders_changed:
            segments.reload_filters()
        if summary.codings_added or summary.codings_removed:
            segments.apply_codings(summary.codings_removed, summary.codings_added)

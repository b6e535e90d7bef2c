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
from glocal_annotator.ui.document.view import CodingSpan

if TYPE_CHECKING:
    from glocal_annotator.project import Change
    from glocal_annotator.ui.shell.main_window import MainWindow


class ProjectSync:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.coders: dict[int, str] = {}

    # -- full loads --------------------------------------------------------------------------

    def reload_all(self) -> None:
        window = self.window
        project = window.project
        self.coders = {c.id: c.name for c in project.coders()}
        window.codebook.load(project.codes())
        window.documents.load(project.documents())
        window.segments.set_project(project)
        window.refresh_quick_codes()

    # -- spans -------------------------------------------------------------------------------

    def span(self, coding: Coding) -> CodingSpan:
        """How the document view shows ``coding``: its code's colour and name, a tooltip."""
        code = self.window.codebook.model.code(coding.code_id)
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
        if self.window.project is None:
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
        self._follow_segments(summary)

    # -- one handler per kind of change ------------------------------------------------------

    def _reload_coders(self) -> None:
        self.coders = {c.id: c.name for c in self.window.project.coders()}

    def _in_open_document(self, codings: Iterable[Coding]) -> list[Coding]:
        current = self.window.current_document_id
        return [coding for coding in codings if coding.document_id == current]

    def _remove_spans(self, codings: Iterable[Coding]) -> None:
        for coding in self._in_open_document(codings):
            self.window.view.remove_span(coding.id)

    def _add_spans(self, codings: Iterable[Coding]) -> None:
        for coding in self._in_open_document(codings):
            self.window.view.add_span(self.span(coding))

    def _follow_codebook(self, summary: ChangeSummary) -> None:
        """Rebuild the tree when its structure changed, else update the changed codes in place."""
        window = self.window
        if summary.codes_restructured:
            window.codebook.load(window.project.codes())
            window.refresh_quick_codes()
        elif summary.codes_changed:
            codes = window.project.codes()
            for code in codes:
                if code.id in summary.codes_changed:
                    window.codebook.model.update_code(code)
            window.refresh_quick_codes()
            window.segments.update_codes(codes)

    def _restyle_spans(self, code_ids: frozenset[int]) -> None:
        """Codes were renamed or recoloured: restyle their spans in the open document."""
        window = self.window
        if window.current_document_id is None or not code_ids:
            return
        spans = window.view.spans()
        if not any(span.code_id in code_ids for span in spans):
            return
        codings = {c.id: c for c in window.project.codings(
            document_ids=[window.current_document_id], code_ids=sorted(code_ids))}
        window.view.set_spans([
            self.span(codings[s.coding_id]) if s.coding_id in codings else s for s in spans
        ])

    def _follow_counts(self, summary: ChangeSummary) -> None:
        """Coding counts, in place (a rebuilt tree or list has counted afresh)."""
        per_code, per_document = summary.coding_counts()
        if not summary.codes_restructured:
            self.window.codebook.model.adjust_counts(per_code)
        if not summary.documents:
            self.window.documents.adjust_counts(per_document)

    def _follow_documents(self, summary: ChangeSummary) -> None:
        """Documents were added, renamed or deleted: reload the list; close a deleted one."""
        if not summary.documents:
            return
        window = self.window
        window.documents.load(window.project.documents())
        current = window.current_document_id
        if current is not None and current not in window.documents.names():
            window.current_document_id = None
            window.document_text = ""
            window.view.clear()

    def _follow_segments(self, summary: ChangeSummary) -> None:
        """Retrieval follows: its filters again for new codes, documents or coders; the list in
        place for codings."""
        segments = self.window.segments
        if summary.codes_restructured or summary.documents or summary.coders_changed:
            segments.reload_filters()
        if summary.codings_added or summary.codings_removed:
            segments.apply_codings(summary.codings_removed, summary.codings_added)

"""Keeps the window in step with the project file: every committed change (done, undone or
redone, from any source) arrives here from ``project.subscribe``.

The change's :class:`~glocal_annotator.model.ChangeSummary` says what it did; one short handler
per kind of change follows it. Codings are applied incrementally: spans are removed and added in
the open document, and coding counts in the codebook and documents list are adjusted in place.
Only codebook structure changes (codes added, deleted, moved) rebuild the code tree.

Blind coding (:meth:`ProjectSync.set_only_coder`): while one coder is named, only that coder's
codings reach the views: the highlights and the margin of the open document, the coded segments,
and the coding counts of the codebook and the documents list. The coder is kept by name (the
one the window codes as), so a first coding by that name shows at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
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
        self.only_coder: str | None = None  # blind coding: this coder's codings alone
        self._only_ids: frozenset[int] | None = None

    # -- full loads --------------------------------------------------------------------------

    def reload_all(self) -> None:
        project = self._session.require_project()
        self.coders = {c.id: c.name for c in project.coders()}
        self._resolve_only()
        self._codebook.load(project.codes())
        self._documents.load(project.documents())
        self._segments.set_coder_restriction(self._only_ids)
        self._show_sets()
        self._segments.set_project(project)
        self._quick.refresh()
        self._restricted_counts(codes=True, documents=True)

    # -- blind coding ------------------------------------------------------------------------

    def set_only_coder(self, name: str | None) -> None:
        """Show only the codings of the coder named ``name`` (case ignored) everywhere; None
        shows every coder's again. The open document is shown afresh."""
        self.only_coder = name
        if self._session.project is None:
            self._only_ids = None
            return
        self._resolve_only()
        self._segments.set_coder_restriction(self._only_ids)
        project = self._session.require_project()
        if self._only_ids is None:  # every coder's counts again: the project's own
            self._codebook.model.set_counts({c.id: c.codings for c in project.codes()})
            self._documents.set_counts({d.id: d.codings for d in project.documents()})
        self._restricted_counts(codes=True, documents=True)
        self._reshow_document()

    def shows(self, coding: Coding) -> bool:
        """Whether ``coding`` is shown (always, unless blind coding names another coder)."""
        return self._only_ids is None or coding.coder_id in self._only_ids

    def document_spans(self, document_id: int) -> list[CodingSpan]:
        """The spans of the document's codings that are shown."""
        project = self._session.require_project()
        codings = project.codings(document_ids=[document_id],
                                  coder_ids=None if self._only_ids is None else self._only_ids)
        return [self.span(coding) for coding in codings]

    def _resolve_only(self) -> None:
        if self.only_coder is None:
            self._only_ids = None
            return
        wanted = self.only_coder.casefold()
        self._only_ids = frozenset(key for key, name in self.coders.items()
                                   if name.casefold() == wanted)

    def _restricted_counts(self, *, codes: bool, documents: bool) -> None:
        """Blind coding: the counts of the shown coder's codings, counted afresh."""
        if self._only_ids is None or not (codes or documents):
            return
        per_code: dict[int, int] = {}
        per_document: dict[int, int] = {}
        for coding in self._session.require_project().codings(coder_ids=self._only_ids):
            per_code[coding.code_id] = per_code.get(coding.code_id, 0) + 1
            per_document[coding.document_id] = per_document.get(coding.document_id, 0) + 1
        if codes:
            self._codebook.model.set_counts(per_code)
        if documents:
            self._documents.set_counts(per_document)

    def _reshow_document(self) -> None:
        document_id = self._view.document_id
        if document_id is not None:
            self._view.set_spans(self.document_spans(document_id))

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
        before = self._only_ids
        self._resolve_only()
        if self._only_ids != before:  # the coder shown came (a first coding) or went
            self._segments.set_coder_restriction(self._only_ids)

    def _in_open_document(self, codings: Iterable[Coding]) -> list[Coding]:
        current = self._view.document_id
        return [coding for coding in codings if coding.document_id == current
                and self.shows(coding)]

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
            self._restricted_counts(codes=True, documents=False)
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
        """Coding counts, in place (a rebuilt tree or list has counted afresh); while blind,
        of the shown coder's codings only."""
        if self._only_ids is not None:
            summary = replace(
                summary,
                codings_added=tuple(c for c in summary.codings_added if self.shows(c)),
                codings_removed=tuple(c for c in summary.codings_removed if self.shows(c)))
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
        self._restricted_counts(codes=False, documents=True)
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

"""Keeps the window in step with the project file: every committed change (done, undone or
redone, from any source) arrives here from ``project.subscribe``.

The change's :class:`~glocal_annotator.model.ChangeSummary` says what it did; one short handler
per kind of change follows it. Codings are applied incrementally: spans are removed and added in
the open document (many at once in steps, see :meth:`DocumentView.change_spans`), and coding
counts in the codebook, documents list and the coded-segments filters are adjusted in place.
Only codebook structure changes (codes added, deleted, moved) rebuild the code tree; a coder
who appears or goes is added to or dropped from the coder filter, nothing counted again.

A document's codings are shown from light rows (:meth:`Project.coding_row_pages`), read a few
thousand per step while the view fills its index; a coding's hover text (code path, coder,
memo) is read only when the pointer rests on it (:meth:`ProjectSync.tooltip`).

Blind coding (:meth:`ProjectSync.set_only_coder`): while one coder is named, only that coder's
codings reach the views: the highlights and the margin of the open document, the coded segments,
and the coding counts of the codebook and the documents list. The coder is kept by name (the
one the window codes as), so a first coding by that name shows at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from glocal_annotator.code_paths import display_path
from glocal_annotator.errors import GlocalError
from glocal_annotator.model import ChangeSummary, Coding
from glocal_annotator.ui.codebook.tree import CodebookPanel
from glocal_annotator.ui.common.quick_codes import QuickCodes
from glocal_annotator.ui.common.session import Session
from glocal_annotator.ui.document.document_list import DocumentList
from glocal_annotator.ui.document.lanes import CodingSpan
from glocal_annotator.ui.document.view import AT_ONCE, DocumentView
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
        view.state.tooltip_for = self.tooltip

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
        """The spans of the document's codings that are shown, read now."""
        return list(self.spans_of(document_id))

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
        """How the document view shows ``coding``: its code's colour and name (the hover text
        is worked out when asked: :meth:`tooltip`)."""
        color, name = self._style(coding.code_id)
        return CodingSpan(coding.id, coding.code_id, coding.start, coding.end, color, name)

    def _style(self, code_id: int) -> tuple[str, str]:
        """``(colour, name)`` a coding of this code is shown with."""
        code = self._codebook.model.code(code_id)
        return (code.color, code.name) if code else ("#CCCCCC", "?")

    def spans_of(self, document_id: int) -> list[CodingSpan] | Iterator[CodingSpan]:
        """The codings of a document as the view shows them: a list when there are few (shown
        at once), else a lazy reader of light rows, a page per step of the view's job."""
        project = self._session.require_project()
        reader = self._read_spans(project, document_id)
        if project.count_codings(document_ids=[document_id],
                                 coder_ids=self._only_ids) <= AT_ONCE:
            return list(reader)
        return reader

    def _read_spans(self, project, document_id: int) -> Iterator[CodingSpan]:
        for rows in project.coding_row_pages(document_id):
            styles: dict[int, tuple[str, str]] = {}
            for coding_id, code_id, coder_id, start, end in rows:
                if self._only_ids is not None and coder_id not in self._only_ids:
                    continue  # blind coding: another coder's
                style = styles.get(code_id)
                if style is None:
                    style = styles[code_id] = self._style(code_id)
                yield CodingSpan(coding_id, code_id, start, end, style[0], style[1])

    def tooltip(self, span: CodingSpan) -> str:
        """A coding's hover text: its code's path, who coded it and its memo (read now)."""
        project = self._session.project
        code = self._codebook.model.code(span.code_id)
        text = display_path(code.path) if code else span.label
        if project is None:
            return text
        try:
            coding = project.coding(span.coding_id)
        except GlocalError:  # gone meanwhile: its removal is on its way to the view
            return text
        text += f"\nCoded by {self.coders.get(coding.coder_id, '?')}"
        if coding.memo:
            text += f"\nMemo: {coding.memo}"
        return text

    # -- the listener ------------------------------------------------------------------------

    def on_change(self, change: Change) -> None:
        """Follow one committed change; the order matters: spans that went away first, then the
        codebook (so that spans of new codes find their colours), then spans that came."""
        if self._session.project is None:
            return
        summary = change.summary
        if summary.coders_changed:
            self._reload_coders()
        self._follow_codebook(summary)
        self._follow_spans(summary.codings_removed, summary.codings_added)
        self._restyle_spans(summary.codes_restyled)
        counts = self._shown(summary).coding_counts()
        self._follow_counts(summary, counts)
        self._follow_documents(summary)
        if summary.document_sets or summary.documents:
            self._show_sets()
        self._follow_segments(summary, counts[0])

    # -- one handler per kind of change ------------------------------------------------------

    def _shown(self, summary: ChangeSummary) -> ChangeSummary:
        """``summary`` with only the codings shown (all of them unless blind coding is on)."""
        if self._only_ids is None:
            return summary
        return replace(
            summary,
            codings_added=tuple(c for c in summary.codings_added if self.shows(c)),
            codings_removed=tuple(c for c in summary.codings_removed if self.shows(c)))

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

    def _follow_spans(self, removed: Iterable[Coding], added: Iterable[Coding]) -> None:
        """Codings that went away, then those that came (an altered coding is in both); many
        are made into spans only as the view's job reaches them."""
        came = self._in_open_document(added)
        self._view.change_spans([coding.id for coding in self._in_open_document(removed)],
                                (self.span(coding) for coding in came),
                                [coding.id for coding in came])

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
        if self._view.document_id is None or not code_ids:
            return
        self._view.restyle({code_id: self._style(code_id) for code_id in code_ids})

    def _follow_counts(self, summary: ChangeSummary,
                       counts: tuple[dict[int, int], dict[int, int]]) -> None:
        """Coding counts, in place (a rebuilt tree or list has counted afresh); ``counts``:
        :meth:`ChangeSummary.coding_counts`."""
        per_code, per_document = counts
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

    def _follow_segments(self, summary: ChangeSummary, per_code: dict[int, int]) -> None:
        """Retrieval follows: its filters again for new codes or documents, the coder filter
        for coders who came or went, the codes' counts (``per_code``) in place; the list in
        place for codings."""
        segments = self._segments
        if summary.codes_restructured or summary.documents:
            segments.reload_filters()
        else:
            if summary.coders_changed:
                segments.follow_coders(self.coders)
            segments.adjust_code_counts(per_code)
        if summary.codings_added or summary.codings_removed:
            segments.apply_codings(summary.codings_removed, summary.codings_added)

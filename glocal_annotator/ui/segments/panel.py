"""Retrieval: the coded segments for chosen codes, documents and coders, each with some context.
Activating a segment opens its document, scrolls to it and selects it.

Each filter is multi-choice (MAXQDA's "activate" model): within a filter the checked items are
united, across filters they are intersected, and a filter with nothing checked lets everything
through. Checking a code also takes in its sub-codes while "With sub-codes" is on. The filters
are :class:`~glocal_annotator.ui.common.multi_select.MultiSelectButton` s.

A full retrieval runs when a filter changes, or when a change to the codebook, documents or
coders changes what the filters let through; codings added or removed are applied to the list
in place (thousands at once, an autocode or its undo, retrieve afresh instead). While the panel
is hidden, work is deferred until it is shown.

A retrieval reads the codings a page at a time (:meth:`Project.coding_pages`), a few pages per
turn of the event loop, and shows them when the last page is in: 50,000 segments never hold the
window for long. A change that comes while pages are being read starts the retrieval again
(pages read before it would not show it).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.model import Code, Coding, CodingFilter, with_subcodes
from glocal_annotator.ui.common import memory
from glocal_annotator.ui.common.code_items import code_tooltip, swatch
from glocal_annotator.ui.common.multi_select import MultiSelectButton
from glocal_annotator.ui.segments.model import CODING_ROLE, SegmentsModel

EXCERPT_LINES = 2  # lines of excerpt per row
PAGE = 2000  # codings read per step of a retrieval
AT_ONCE = 2000  # codings added or removed by one change that are applied in place; more: retrieve
_SLICE = 0.012  # seconds of page reading per event-loop turn

def _code_entry(code: Code) -> tuple:
    return code.id, code.name, swatch(code.color), code.parent_id, code_tooltip(code)


class SegmentsPanel(QWidget):
    segmentActivated = Signal(int, int, int, int)  # coding id, document id, start, end

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("segmentsPanel")
        self.setAccessibleName("Coded segments")
        self.project = None
        self.code_filter = self._filter_button("code", "codes", "segmentsCode", True)
        self.document_filter = self._filter_button("document", "documents", "segmentsDocument",
                                                   True)
        self.coder_filter = self._filter_button("coder", "coders", "segmentsCoder", False)
        self.subcodes_box = QCheckBox("With &sub-codes", self)
        self.subcodes_box.setChecked(True)
        self.subcodes_box.setToolTip("Checking a code also retrieves the segments of its "
                                     "sub-codes")
        self.subcodes_box.toggled.connect(self.code_filter.set_include_children)
        self.subcodes_box.toggled.connect(self.schedule_refresh)
        self.code_filter.set_include_children(True)
        self.summary = QLabel(self)
        self.model = SegmentsModel(self)
        # a table, not a tree view: a tree lays out every row again on each insert
        self.results = QTableView(self)
        self.results.setObjectName("segmentsList")
        self.results.setAccessibleName("Coded segments")
        self.results.setModel(self.model)
        self.results.setShowGrid(False)
        # two lines per excerpt: the coded words with enough context to recognise them
        self.results.setWordWrap(True)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setAlternatingRowColors(True)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setTabKeyNavigation(False)
        rows = self.results.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(EXCERPT_LINES * self.fontMetrics().lineSpacing() + 6)
        header = self.results.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column, width in ((1, 170), (2, 190), (3, 90)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.results.activated.connect(self._activated)
        top = QHBoxLayout()
        for label, button in (("&Codes:", self.code_filter), ("&Documents:", self.document_filter),
                              ("C&oders:", self.coder_filter)):
            caption = QLabel(label, self)
            caption.setBuddy(button)
            top.addWidget(caption)
            top.addWidget(button, 1)
        top.addWidget(self.subcodes_box)
        top.addWidget(self.summary)  # one row for filters and count: more room for excerpts
        self.summary.setMinimumWidth(60)  # may be cut on a small screen; the window must fit
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.results, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        self._codes: dict[int, Code] = {}
        self._documents: dict[int, str] = {}
        self._coders: dict[int, str] = {}
        self._only_coders: frozenset[int] | None = None
        self._dirty = False
        self._pages: Iterator[list[Coding]] | None = None  # a retrieval under way
        self._found: list[Coding] = []
        self._page_timer = QTimer(self)
        self._page_timer.setInterval(0)
        self._page_timer.timeout.connect(self._read_pages)

    def _filter_button(self, singular: str, plural: str, object_name: str,
                       searchable: bool) -> MultiSelectButton:
        button = MultiSelectButton(singular, plural, self, object_name=object_name,
                                   searchable=searchable)
        button.setAccessibleName(f"{plural.capitalize()} to retrieve")
        button.changed.connect(self.schedule_refresh)
        return button

    def filters(self) -> tuple[MultiSelectButton, MultiSelectButton, MultiSelectButton]:
        return self.code_filter, self.document_filter, self.coder_filter

    # -- filters -----------------------------------------------------------------------------

    def set_project(self, project) -> None:
        self.project = project
        self._stop_reading()
        if project is None:
            self._timer.stop()
            self.model.reset(None, [], {}, {}, {})
            self.summary.clear()
            for button in self.filters():
                button.set_entries([])
            return
        self.reload_filters()

    def reload_filters(self) -> None:
        """Refill the choices after the codebook, documents or coders changed. Checked items
        that went away are dropped from their filter. The results are retrieved again only when
        what the filters let through changed for codings that exist (a checked filter emptied,
        a coded code moved under or out of a checked one); the coding rows of a change keep them
        up to date otherwise (:meth:`apply_codings`)."""
        if self.project is None:
            return
        old_code_ids = self._code_ids()
        old_documents, old_coders = self.document_filter.selection(), self.coder_filter.selection()
        self._codes = {code.id: code for code in self.project.codes()}
        self._documents = {d.id: d.name for d in self.project.documents()}
        self._coders = {c.id: c.name for c in self.project.coders()}
        self.code_filter.set_entries(_code_entry(c) for c in self._codes.values())
        self.document_filter.set_entries((key, name, None, None, name)
                                         for key, name in self._documents.items())
        self.coder_filter.set_entries((key, name, None, None, name)
                                      for key, name in self._coders.items())
        coded = {key for key, code in self._codes.items() if code.codings}

        def alive(ids, present) -> frozenset | None:
            return None if ids is None else frozenset(ids) & frozenset(present)

        before = (alive(old_code_ids, coded), alive(old_documents, self._documents),
                  alive(old_coders, self._coders))
        after = (alive(self._code_ids(), coded), alive(self.document_filter.selection(),
                                                       self._documents),
                 alive(self.coder_filter.selection(), self._coders))
        if before != after or self.model.project is not self.project:
            self.schedule_refresh()
        else:
            self.model.codes, self.model.documents, self.model.coders = (
                self._codes, self._documents, self._coders)
            self._repaint_rows()

    def follow_coders(self, coders: dict[int, str]) -> None:
        """Coders appeared or went (a first coding by a new coder, its undo): ``coders`` (id to
        name) are the project's coders now. The coder filter follows without reading anything
        again; the results are retrieved again only when what it lets through changed (a
        checked coder went), as in :meth:`reload_filters`."""
        if self.project is None:
            return
        old = self.coder_filter.selection()
        self._coders = dict(coders)
        self.coder_filter.set_entries((key, name, None, None, name)
                                      for key, name in self._coders.items())

        def alive(ids) -> frozenset | None:
            return None if ids is None else frozenset(ids) & frozenset(self._coders)

        if alive(old) != alive(self.coder_filter.selection()):
            self.schedule_refresh()
        self.model.coders = self._coders

    def adjust_code_counts(self, per_code: dict[int, int]) -> None:
        """Codings of these codes were added (positive) or removed (negative), as
        :meth:`ChangeSummary.coding_counts` tells: the codes' counts follow, nothing is read
        again (they decide which codes count as coded when the filters are refilled)."""
        for code_id, step in per_code.items():
            code = self._codes.get(code_id)
            if step and code is not None:
                self._codes[code_id] = replace(code, codings=max(0, code.codings + step))

    def update_codes(self, codes) -> None:
        """Names or colours changed (nothing structural): repaint, no new retrieval."""
        self._codes = {code.id: code for code in codes}
        for code in self._codes.values():
            self.code_filter.update_entry(code.id, code.name, swatch(code.color),
                                          code_tooltip(code))
        self.model.codes = self._codes
        self._repaint_rows()

    def _repaint_rows(self) -> None:
        if self.model.rowCount():  # names shown in the rows may have changed
            self.model.dataChanged.emit(self.model.index(0, 0),
                                        self.model.index(self.model.rowCount() - 1, 3))

    def show_code(self, code_id: int) -> None:
        """Retrieve exactly this code (with its sub-codes when that box is checked); the
        document and coder filters stay as they are."""
        self.code_filter.set_checked([code_id])
        self.refresh()

    def set_coder_restriction(self, coder_ids: frozenset[int] | None) -> None:
        """Retrieve only codings of these coders, whatever the coder filter says (blind coding:
        one's own codings alone); None lifts it. The coder filter is disabled meanwhile."""
        if coder_ids == self._only_coders:
            return
        self._only_coders = None if coder_ids is None else frozenset(coder_ids)
        self.coder_filter.setEnabled(coder_ids is None)
        self.coder_filter.setToolTip("" if coder_ids is None else
                                     "Only your codings are shown (Team ▸ Show only my codings)")
        self.schedule_refresh()

    def _filter(self) -> CodingFilter:
        """What the three filters let through (codes with their sub-codes while that box is
        checked), within the coder restriction, if any."""
        coders = self.coder_filter.selection()
        if self._only_coders is not None:
            coders = sorted(self._only_coders if coders is None
                            else self._only_coders.intersection(coders))
        return CodingFilter(self._code_ids(), self.document_filter.selection(), coders)

    def _code_ids(self) -> list[int] | None:
        chosen = self.code_filter.selection()
        if chosen is None:
            return None
        if not self.subcodes_box.isChecked():
            return sorted(chosen)
        return sorted({*chosen, *with_subcodes(self._codes.values(), chosen)})

    # -- results -----------------------------------------------------------------------------

    def schedule_refresh(self) -> None:
        self._timer.start()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Run the retrieval now (when hidden, later: on show). The first page is read at once;
        when there are more, the rest follow in later turns of the event loop (see
        :meth:`retrieving`) and the list shows them all when the last is in."""
        self._timer.stop()
        self._stop_reading()
        if self.project is None:
            return
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        self._pages = self.project.coding_pages(self._filter(), size=PAGE)
        self._found = []
        if self._read_pages(first=True):
            self.summary.setText("Retrieving…")

    def retrieving(self) -> bool:
        """Whether a retrieval is reading its pages now."""
        return self._pages is not None

    def _read_pages(self, first: bool = False) -> bool:
        """Read pages for one slice of time; True while there are more to read."""
        pages = self._pages
        if pages is None:
            return False
        deadline = time.perf_counter() + _SLICE
        for page in pages:
            self._found.extend(page)
            if (first or time.perf_counter() > deadline) and len(page) == PAGE:
                if not self._page_timer.isActive():
                    self._page_timer.start()
                    memory.hold()  # no collector pass over the rows being read
                return True
        found, self._found = self._found, []
        self._pages = None
        self.model.reset(self.project, found, self._codes, self._documents, self._coders)
        self._update_summary()
        self._stop_reading()
        return False

    def _stop_reading(self) -> None:
        if self._page_timer.isActive():
            self._page_timer.stop()
            memory.release()
        self._pages = None
        self._found = []

    def apply_codings(self, removed: Sequence[Coding], added: Sequence[Coding]) -> None:
        """Codings removed and added by a change (an altered coding is in both, as it was and
        as it is): update the list in place, keeping only what the filters let through. Many
        at once (more than :data:`AT_ONCE`) are retrieved afresh instead, in steps."""
        if self.project is None:
            return
        if self._dirty or self._timer.isActive() or not self.isVisible():
            self._dirty = self._dirty or not self.isVisible()
            return
        if self._pages is not None or len(removed) + len(added) > AT_ONCE:
            self.refresh()  # pages read before this change would not show it: start again
            return
        for coding in removed:
            self.model.remove(coding.id, (coding.document_id, coding.start, coding.end, coding.id))
        wanted = self._filter()
        for coding in added:
            if wanted.admits(coding):
                self.model.insert(coding)
        self._update_summary()

    def _update_summary(self) -> None:
        count, documents = self.model.rowCount(), self.model.document_count()
        self.summary.setText(f"{count} segment{'s' if count != 1 else ''} "
                             f"in {documents} document{'s' if documents != 1 else ''}")

    def _activated(self, index: QModelIndex) -> None:
        coding = self.model.data(index, CODING_ROLE)
        if coding is not None:
            self.segmentActivated.emit(coding.id, coding.document_id, coding.start, coding.end)

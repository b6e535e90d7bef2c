"""Retrieval: the coded segments for chosen codes, documents and coders, each with some context.
Activating a segment opens its document, scrolls to it and selects it.

A full retrieval runs when a filter changes (or the codebook, documents or coders change);
codings added or removed are applied to the list in place. While the panel is hidden, work is
deferred until it is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.model import Coding
from glocal_annotator.ui.codebook_model import swatch
from glocal_annotator.ui.segments_model import CODING_ROLE, SegmentsModel, with_context

__all__ = ["SegmentsPanel", "with_context"]


class SegmentsPanel(QWidget):
    segmentActivated = Signal(int, int, int, int)  # coding id, document id, start, end

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("segmentsPanel")
        self.setAccessibleName("Coded segments")
        self.project = None
        self.code_combo = self._combo("Code", "segmentsCode")
        self.document_combo = self._combo("Document", "segmentsDocument")
        self.coder_combo = self._combo("Coder", "segmentsCoder")
        self.subcodes_box = QCheckBox("With &sub-codes", self)
        self.subcodes_box.setChecked(True)
        self.subcodes_box.toggled.connect(self.schedule_refresh)
        self.summary = QLabel(self)
        self.model = SegmentsModel(self)
        # a table, not a tree view: a tree lays out every row again on each insert
        self.results = QTableView(self)
        self.results.setObjectName("segmentsList")
        self.results.setAccessibleName("Coded segments")
        self.results.setModel(self.model)
        self.results.setShowGrid(False)
        self.results.setWordWrap(False)
        self.results.setAlternatingRowColors(True)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setTabKeyNavigation(False)
        rows = self.results.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
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
        for label, combo in (("&Code:", self.code_combo), ("&Document:", self.document_combo),
                             ("C&oder:", self.coder_combo)):
            caption = QLabel(label, self)
            caption.setBuddy(combo)
            top.addWidget(caption)
            top.addWidget(combo, 1)
        top.addWidget(self.subcodes_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        self._codes: dict = {}
        self._dirty = False

    def _combo(self, name: str, object_name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(object_name)
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        combo.currentIndexChanged.connect(self.schedule_refresh)
        return combo

    # -- filters -----------------------------------------------------------------------------

    def set_project(self, project) -> None:
        self.project = project
        if project is None:
            self._timer.stop()
            self.model.reset(None, [], {}, {}, {})
            self.summary.clear()
            for combo in (self.code_combo, self.document_combo, self.coder_combo):
                combo.clear()
            return
        self.reload_filters()

    def reload_filters(self) -> None:
        """Refill the choices after the codebook, documents or coders changed. The results are
        retrieved again only when a chosen filter went away; the coding rows of a change keep
        them up to date otherwise (:meth:`apply_coding_rows`)."""
        if self.project is None:
            return
        chosen = self._chosen()
        self._codes = {code.id: code for code in self.project.codes()}
        self._documents = {d.id: d.name for d in self.project.documents()}
        self._coders = {c.id: c.name for c in self.project.coders()}
        self._fill(self.code_combo, "All codes",
                   [(c.id, "    " * c.path.count("/") + c.name, c.color)
                    for c in self._codes.values()])
        self._fill(self.document_combo, "All documents",
                   [(key, name, None) for key, name in self._documents.items()])
        self._fill(self.coder_combo, "All coders",
                   [(key, name, None) for key, name in self._coders.items()])
        if self._chosen() != chosen or self.model.project is not self.project:
            self.schedule_refresh()
        else:
            self.model.codes, self.model.documents, self.model.coders = (
                self._codes, self._documents, self._coders)
            if self.model.rowCount():  # names shown in the rows may have changed
                self.model.dataChanged.emit(self.model.index(0, 0),
                                            self.model.index(self.model.rowCount() - 1, 3))

    def _chosen(self) -> tuple:
        return (self.code_combo.currentData(), self.document_combo.currentData(),
                self.coder_combo.currentData())

    @staticmethod
    def _fill(combo: QComboBox, everything: str, entries: list) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for key, text, color in entries:
            if color:
                combo.addItem(swatch(color), text, key)
            else:
                combo.addItem(text, key)
        found = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    def update_codes(self, codes) -> None:
        """Names or colours changed (nothing structural): repaint, no new retrieval."""
        self._codes = {code.id: code for code in codes}
        for row in range(1, self.code_combo.count()):
            code = self._codes.get(self.code_combo.itemData(row))
            if code is not None:
                self.code_combo.setItemText(row, "    " * code.path.count("/") + code.name)
                self.code_combo.setItemIcon(row, swatch(code.color))
        self.model.codes = self._codes
        if self.model.rowCount():
            self.model.dataChanged.emit(self.model.index(0, 0),
                                        self.model.index(self.model.rowCount() - 1, 3))

    def show_code(self, code_id: int) -> None:
        index = self.code_combo.findData(code_id)
        if index >= 0:
            self.code_combo.setCurrentIndex(index)
        self.refresh()

    def _code_ids(self) -> list[int] | None:
        code_id = self.code_combo.currentData()
        if code_id is None:
            return None
        if not self.subcodes_box.isChecked():
            return [code_id]
        wanted = {code_id}
        for code in self._codes.values():  # codebook order: parents come first
            if code.parent_id in wanted:
                wanted.add(code.id)
        return sorted(wanted)

    # -- results -----------------------------------------------------------------------------

    def schedule_refresh(self) -> None:
        self._timer.start()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Run the retrieval now (when hidden, later: on show)."""
        self._timer.stop()
        if self.project is None:
            return
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        document_id = self.document_combo.currentData()
        coder_id = self.coder_combo.currentData()
        codings = self.project.codings(
            document_ids=None if document_id is None else [document_id],
            code_ids=self._code_ids(),
            coder_ids=None if coder_id is None else [coder_id],
        )
        self.model.reset(self.project, codings, self._codes, self._documents, self._coders)
        self._update_summary()

    def apply_coding_rows(self, rows) -> None:
        """Codings added, removed or changed (journal rows): update the list in place."""
        if self.project is None:
            return
        if self._dirty or self._timer.isActive() or not self.isVisible():
            self._dirty = self._dirty or not self.isVisible()
            return
        code_ids = self._code_ids()
        wanted_codes = None if code_ids is None else set(code_ids)
        document_id = self.document_combo.currentData()
        coder_id = self.coder_combo.currentData()
        for row in rows:
            if row.before is not None:
                before = row.before
                self.model.remove(row.key, (before["document_id"], before["start"],
                                            before["end"], row.key))
            after = row.after
            if after is None:
                continue
            if (wanted_codes is not None and after["code_id"] not in wanted_codes) or (
                document_id is not None and after["document_id"] != document_id) or (
                coder_id is not None and after["coder_id"] != coder_id):
                continue
            self.model.insert(Coding(
                row.key, after.get("guid", ""), after["document_id"], after["code_id"],
                after["coder_id"], after["start"], after["end"], after.get("memo") or "",
                after.get("created_at", ""),
            ))
        self._update_summary()

    def _update_summary(self) -> None:
        count, documents = self.model.rowCount(), self.model.document_count()
        self.summary.setText(f"{count} segment{'s' if count != 1 else ''} "
                             f"in {documents} document{'s' if documents != 1 else ''}")

    def _activated(self, index: QModelIndex) -> None:
        coding = self.model.data(index, CODING_ROLE)
        if coding is not None:
            self.segmentActivated.emit(coding.id, coding.document_id, coding.start, coding.end)

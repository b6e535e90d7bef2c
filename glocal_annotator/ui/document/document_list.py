"""The documents list: name and coding count per document; choosing one opens it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from glocal_annotator.model import Document
from glocal_annotator.ui.common.plain import tip

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class DocumentList(QTreeWidget):
    documentChosen = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("documentList")
        self.setAccessibleName("Documents")
        self.setColumnCount(2)
        self.setHeaderLabels(["Document", "Codings"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._items: dict[int, QTreeWidgetItem] = {}
        self._counts: dict[int, int] = {}
        self.currentItemChanged.connect(self._current_changed)
        self._quiet = False

    def load(self, documents: list[Document]) -> None:
        current = self.current_document_id()
        self._quiet = True
        self.clear()
        self._items.clear()
        self._counts = {d.id: d.codings for d in documents}
        for document in documents:
            item = QTreeWidgetItem([document.name, str(document.codings)])
            item.setData(0, ID_ROLE, document.id)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(
                0, tip(f"{document.name}\n{document.format}, {document.characters:,} characters")
            )
            self.addTopLevelItem(item)
            self._items[document.id] = item
        if current in self._items:
            self.setCurrentItem(self._items[current])
        self._quiet = False

    def names(self) -> dict[int, str]:
        return {doc_id: item.text(0) for doc_id, item in self._items.items()}

    def set_counts(self, counts: dict[int, int]) -> None:
        """Show ``counts`` (document id -> codings; a document not named: 0), say of one
        coder's codings alone (blind coding)."""
        for document_id, item in self._items.items():
            self._counts[document_id] = counts.get(document_id, 0)
            item.setText(1, str(self._counts[document_id]))

    def adjust_counts(self, delta: dict[int, int]) -> None:
        for document_id, change in delta.items():
            item = self._items.get(document_id)
            if item is None or not change:
                continue
            self._counts[document_id] = max(0, self._counts.get(document_id, 0) + change)
            item.setText(1, str(self._counts[document_id]))

    def count(self, document_id: int) -> int:
        return self._counts.get(document_id, 0)

    def current_document_id(self) -> int | None:
        item = self.currentItem()
        return int(item.data(0, ID_ROLE)) if item is not None else None

    def select_document(self, document_id: int, *, quiet: bool = True) -> None:
        item = self._items.get(document_id)
        if item is None:
            return
        self._quiet = quiet
        self.setCurrentItem(item)
        self._quiet = False

    def _current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        if current is not None and not self._quiet:
            self.documentChosen.emit(int(current.data(0, ID_ROLE)))

"""The documents list: name and coding count per document; choosing one opens it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from glocal_annotator.model import Document
from glocal_annotator.ui.common.plain import tip

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class DocumentList(QTreeWidget):
    """Documents with their coding counts; a tooltip gives each one's format, size and the
    document sets it is in. ``menuRequested(document id or None, global point)`` asks for the
    context menu (the shell gives the set menu)."""

    documentChosen = Signal(int)
    menuRequested = Signal(object, QPoint)

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
        self._sets: dict[int, list[str]] = {}
        self._documents: dict[int, Document] = {}
        self.currentItemChanged.connect(self._current_changed)
        self._quiet = False
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu_requested)

    def load(self, documents: list[Document]) -> None:
        current = self.current_document_id()
        self._quiet = True
        self.clear()
        self._items.clear()
        self._documents.clear()
        self._counts = {d.id: d.codings for d in documents}
        for document in documents:
            item = QTreeWidgetItem([document.name, str(document.codings)])
            item.setData(0, ID_ROLE, document.id)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.addTopLevelItem(item)
            self._items[document.id] = item
            self._documents[document.id] = document
            self._tooltip(document.id)
        if current in self._items:
            self.setCurrentItem(self._items[current])
        self._quiet = False

    def _tooltip(self, document_id: int) -> None:
        document = self._documents[document_id]
        text = f"{document.name}\n{document.format}, {document.characters:,} characters"
        if self._sets.get(document_id):
            text += "\nSets: " + ", ".join(self._sets[document_id])
        self._items[document_id].setToolTip(0, tip(text))

    def set_sets(self, sets: dict[int, list[str]]) -> None:
        """Show the document sets each document is in (document id -> set names)."""
        self._sets = {document_id: list(names) for document_id, names in sets.items()}
        for document_id in self._items:
            self._tooltip(document_id)

    def sets_of(self, document_id: int) -> list[str]:
        return list(self._sets.get(document_id, []))

    def _menu_requested(self, position: QPoint) -> None:
        item = self.itemAt(position)
        document_id = int(item.data(0, ID_ROLE)) if item is not None else None
        self.menuRequested.emit(document_id, self.viewport().mapToGlobal(position))

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

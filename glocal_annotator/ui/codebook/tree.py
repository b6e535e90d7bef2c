"""The codebook panel: a filter box over the code tree (colour swatch, name, coding count).

Interaction (MAXQDA-like): a single click selects a code and shows its coded segments, never
coding anything; a double-click (or Enter) codes the text the user selected with it (with no
selection, it shows the code's segments); F2 renames inline; drag a
code to re-parent or reorder it; drop a text selection on a code to code it. The actions that
change the codebook live in :mod:`.actions`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.model import Code
from glocal_annotator.ui.codebook.model import NAME_COLUMN, CodebookModel


class CodebookPanel(QWidget):
    codeActivated = Signal(int)  # double-click or Enter on a code
    codeClicked = Signal(int)  # a single click on a code (show its segments)
    currentCodeChanged = Signal(int)  # -1 for none

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CodebookModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(NAME_COLUMN)

        self.filter_box = QLineEdit(self)
        self.filter_box.setObjectName("codeFilter")
        self.filter_box.setPlaceholderText("Filter codes")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName("Filter codes")
        self.filter_box.textChanged.connect(self._filter)

        self.tree = QTreeView(self)
        self.tree.setObjectName("codebookTree")
        self.tree.setAccessibleName("Codebook")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.doubleClicked.connect(self._double_clicked)
        self.tree.clicked.connect(self._clicked)
        self.tree.installEventFilter(self)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.context_menu = QMenu(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.tree)
        self.setFocusProxy(self.tree)
        self._loaded = False

    # -- content -----------------------------------------------------------------------------

    def load(self, codes: list[Code]) -> None:
        """Rebuild the tree, keeping what was expanded and selected."""
        expanded = self._expanded_ids() if self._loaded else None
        current = self.current_code_id()
        self.model.load(codes)
        if expanded is None:
            self.tree.expandAll()
        else:
            for code_id in expanded:
                self.tree.setExpanded(self._view_index(code_id), True)
        if current is not None:
            self.select_code(current)
        self._loaded = True

    def _expanded_ids(self) -> set[int]:
        found: set[int] = set()
        for code in self.model.codes():
            index = self._view_index(code.id)
            if index.isValid() and self.tree.isExpanded(index):
                found.add(code.id)
        return found

    def _view_index(self, code_id: int) -> QModelIndex:
        return self.proxy.mapFromSource(self.model.index_for(code_id))

    def current_code_id(self) -> int | None:
        return CodebookModel.code_id(self.tree.currentIndex())

    def select_code(self, code_id: int) -> None:
        index = self._view_index(code_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def rename_inline(self, code_id: int) -> None:
        index = self._view_index(code_id)
        if not index.isValid() and self.filter_box.text():
            self.filter_box.clear()  # the code is filtered out: show everything
            index = self._view_index(code_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)  # expands collapsed parents
            self.tree.setFocus()
            self.tree.edit(index)

    # -- slots -------------------------------------------------------------------------------

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if text.strip():
            self.tree.expandAll()

    def _clicked(self, index: QModelIndex) -> None:
        code_id = CodebookModel.code_id(index)
        if code_id is not None:
            self.codeClicked.emit(code_id)

    def _double_clicked(self, index: QModelIndex) -> None:
        code_id = CodebookModel.code_id(index)
        if code_id is not None:
            self.codeActivated.emit(code_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Return/Enter on a code codes the selection, like a double-click
        if (
            watched is self.tree
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.tree.state() != QAbstractItemView.State.EditingState
        ):
            code_id = self.current_code_id()
            if code_id is not None:
                self.codeActivated.emit(code_id)
                return True
        return super().eventFilter(watched, event)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        code_id = CodebookModel.code_id(current)
        self.currentCodeChanged.emit(-1 if code_id is None else code_id)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        if not self.context_menu.isEmpty():
            self.context_menu.popup(self.tree.viewport().mapToGlobal(pos))

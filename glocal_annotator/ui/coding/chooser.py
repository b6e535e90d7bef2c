"""A filterable list of codes (a filter box over a list), used in the document's context menu and
wherever a code is chosen. Type to filter, arrows to move, Enter or a click to choose."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from glocal_annotator.code_paths import display_path, split_path
from glocal_annotator.model import Code
from glocal_annotator.ui.common.code_items import swatch
from glocal_annotator.ui.common.plain import tip

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class CodeChooser(QWidget):
    chosen = Signal(int)

    def __init__(self, codes: list[Code], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeChooser")
        self.filter_box = QLineEdit(self)
        self.filter_box.setObjectName("codeChooserFilter")
        self.filter_box.setPlaceholderText("Type to find a code")
        self.filter_box.setAccessibleName("Find a code")
        self.filter_box.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName("codeChooserList")
        self.list.setAccessibleName("Codes")
        for code in codes:
            if not code.codable:
                continue
            depth = len(split_path(code.path)) - 1
            item = QListWidgetItem(swatch(code.color), "    " * depth + code.name)
            item.setData(ID_ROLE, code.id)
            item.setToolTip(tip(display_path(code.path)))
            item.setData(Qt.ItemDataRole.UserRole + 2, code.path.casefold())
            item.setData(Qt.ItemDataRole.UserRole + 3, (item.text(), code.path))
            self.list.addItem(item)
        self.list.setMinimumWidth(260)
        self.list.setMaximumHeight(280)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.list)
        self.filter_box.textChanged.connect(self.set_filter)
        self.filter_box.installEventFilter(self)
        self.list.itemActivated.connect(self._choose_item)
        self.list.itemClicked.connect(self._choose_item)
        self.setFocusProxy(self.filter_box)
        if self.list.count():
            self.list.setCurrentRow(0)

    def set_filter(self, text: str) -> None:
        wanted = text.strip().casefold()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = bool(wanted) and wanted not in item.data(Qt.ItemDataRole.UserRole + 2)
            item.setHidden(hidden)
            indented, path = item.data(Qt.ItemDataRole.UserRole + 3)
            item.setText(path if wanted else indented)  # filtered: show where each code sits
            if not hidden and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)

    def visible_code_ids(self) -> list[int]:
        return [
            int(self.list.item(r).data(ID_ROLE))
            for r in range(self.list.count())
            if not self.list.item(r).isHidden()
        ]

    def choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            self._choose_item(item)

    def _choose_item(self, item: QListWidgetItem) -> None:
        self.chosen.emit(int(item.data(ID_ROLE)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.filter_box and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.choose_current()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if key == Qt.Key.Key_Down else -1
                row = self.list.currentRow() + step
                while 0 <= row < self.list.count() and self.list.item(row).isHidden():
                    row += step
                if 0 <= row < self.list.count():
                    self.list.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

"""The codebook as a Qt item model: name (with a colour swatch), coding count and quick key
(1-9, when the code has one) per code. Names and tooltips are plain text, whatever they hold.

The model never changes the project. Edits that users make in the tree (inline rename, drag to
move, dropping a text selection on a code) are emitted as requests; the window runs them as undo
commands, and the model follows the project's listener (``load`` after structural changes,
``update_code`` and ``adjust_counts`` in place otherwise).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from glocal_annotator.model import Code, with_subcodes
from glocal_annotator.ui.common.code_items import code_tooltip, swatch
from glocal_annotator.ui.common.mime import MIME_SELECTION
from glocal_annotator.ui.common.plain import tip

CODE_MIME = "application/x-glocal-code"
CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_COLUMN, COUNT_COLUMN, KEY_COLUMN = 0, 1, 2
ROOT = -1  # "no parent" in signals, which carry ints


class CodebookModel(QStandardItemModel):
    renameRequested = Signal(int, str)  # code id, new name
    moveRequested = Signal(int, int, int)  # code id, new parent id or ROOT, position or -1
    selectionDropped = Signal(int, int, int)  # code id, start, end (code points)

    def __init__(self, parent=None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels(["Code", "Codings", "Key"])
        self.setHeaderData(KEY_COLUMN, Qt.Orientation.Horizontal,
                           "Quick key: press it to code the selection", Qt.ItemDataRole.ToolTipRole)
        self._items: dict[int, QStandardItem] = {}
        self._keys: dict[int, int] = {}  # code id -> quick key 1-9
        self._counts: dict[int, int] = {}
        self._codes: dict[int, Code] = {}

    # -- loading and in-place updates --------------------------------------------------------

    def load(self, codes: list[Code]) -> None:
        """Rebuild from the codebook (``codes`` in codebook order, parents first)."""
        self.beginResetModel()
        self.blockSignals(True)
        self.removeRows(0, self.rowCount())
        self._items.clear()
        self._codes = {code.id: code for code in codes}
        self._counts = {code.id: code.codings for code in codes}
        for code in codes:
            name = QStandardItem()
            count = QStandardItem()
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            count.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            key = QStandardItem()
            key.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            key.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            for item in (name, count, key):
                item.setData(code.id, CODE_ID_ROLE)
            self._fill(name, count, code)
            self._fill_key(key, code.id)
            parent = self._items.get(code.parent_id) if code.parent_id else None
            (parent or self.invisibleRootItem()).appendRow([name, count, key])
            self._items[code.id] = name
        self.blockSignals(False)
        self.endResetModel()

    def _fill(self, name: QStandardItem, count: QStandardItem, code: Code) -> None:
        name.setText(code.name)
        name.setIcon(swatch(code.color))
        name.setToolTip(tip(code_tooltip(code)))
        name.setData(f"Code {code.name}", Qt.ItemDataRole.AccessibleTextRole)
        font = QFont()
        font.setItalic(not code.codable)
        name.setFont(font)
        count.setText(str(self._counts.get(code.id, 0)))
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )
        name.setFlags(flags)

    def _fill_key(self, item: QStandardItem, code_id: int) -> None:
        slot = self._keys.get(code_id)
        item.setText(str(slot) if slot else "")
        item.setToolTip(f"Press {slot} to code the selection with this code" if slot else "")

    def set_quick_keys(self, keys: dict[int, int]) -> None:
        """Show the quick keys: ``{code id: key 1-9}``."""
        if keys == self._keys:
            return
        changed = set(keys) | set(self._keys)
        self._keys = dict(keys)
        for code_id in changed:
            item = self._items.get(code_id)
            if item is not None:
                parent = item.parent() or self.invisibleRootItem()
                self._fill_key(parent.child(item.row(), KEY_COLUMN), code_id)

    def update_code(self, code: Code) -> None:
        """Show a changed name, colour or entry without rebuilding."""
        item = self._items.get(code.id)
        if item is None:
            return
        self._codes[code.id] = code
        self._fill(item, self._count_item(item), code)

    def set_counts(self, counts: dict[int, int]) -> None:
        """Show ``counts`` (code id -> codings; a code not named: 0) instead of the codebook's
        own, say of one coder's codings alone (blind coding)."""
        for code_id, item in self._items.items():
            self._counts[code_id] = counts.get(code_id, 0)
            self._count_item(item).setText(str(self._counts[code_id]))

    def adjust_counts(self, delta: dict[int, int]) -> None:
        for code_id, change in delta.items():
            if code_id not in self._items or not change:
                continue
            self._counts[code_id] = max(0, self._counts.get(code_id, 0) + change)
            self._count_item(self._items[code_id]).setText(str(self._counts[code_id]))

    def _count_item(self, name_item: QStandardItem) -> QStandardItem:
        parent = name_item.parent() or self.invisibleRootItem()
        return parent.child(name_item.row(), COUNT_COLUMN)

    # -- look-ups ----------------------------------------------------------------------------

    def code(self, code_id: int) -> Code | None:
        return self._codes.get(code_id)

    def codes(self) -> list[Code]:
        return list(self._codes.values())

    def count(self, code_id: int) -> int:
        return self._counts.get(code_id, 0)

    def index_for(self, code_id: int) -> QModelIndex:
        item = self._items.get(code_id)
        return item.index() if item is not None else QModelIndex()

    @staticmethod
    def code_id(index: QModelIndex | QPersistentModelIndex) -> int | None:
        if not index.isValid():
            return None
        value = index.data(CODE_ID_ROLE)
        return int(value) if value is not None else None

    def descendants(self, code_id: int) -> set[int]:
        """The code and all its sub-codes."""
        return {code_id, *with_subcodes(self._codes.values(), [code_id])}

    # -- editing and drag and drop: requests only --------------------------------------------

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role == Qt.ItemDataRole.EditRole and index.column() == NAME_COLUMN:
            code_id = self.code_id(index)
            name = str(value).strip()
            if code_id is not None and name and name != index.data():
                self.renameRequested.emit(code_id, name)
            return False
        return super().setData(index, value, role)

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        # Copy, never Move: a "moved" row would be removed by the view; moves go through
        # the project instead (moveRequested).
        return Qt.DropAction.CopyAction

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [CODE_MIME, MIME_SELECTION]

    def mimeData(self, indexes) -> QMimeData:  # noqa: N802
        ids = []
        for index in indexes:
            code_id = self.code_id(index)
            if code_id is not None and code_id not in ids:
                ids.append(code_id)
        data = QMimeData()
        data.setData(CODE_MIME, QByteArray(",".join(map(str, ids)).encode()))
        return data

    def canDropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        if data.hasFormat(MIME_SELECTION):
            return self._drop_target(row, parent) is not None
        return data.hasFormat(CODE_MIME)

    def _drop_target(self, row: int, parent: QModelIndex) -> int | None:
        if row >= 0:
            return self.code_id(self.index(row, 0, parent)) or self.code_id(parent)
        return self.code_id(parent)

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        if data.hasFormat(MIME_SELECTION):
            return self._drop_selection(data, row, parent)
        if not data.hasFormat(CODE_MIME):
            return False
        return self._drop_codes(data, row, parent)

    def _drop_selection(self, data: QMimeData, row: int, parent: QModelIndex) -> bool:
        """A text selection dropped on a code: ask to code it (``selectionDropped``)."""
        target = self._drop_target(row, parent)
        try:
            start, end = (int(x) for x in bytes(data.data(MIME_SELECTION)).decode().split(","))
        except ValueError:
            return False
        if target is None:
            return False
        self.selectionDropped.emit(target, start, end)
        return True

    def _drop_codes(self, data: QMimeData, row: int, parent: QModelIndex) -> bool:
        """A code dragged in the tree: ask to move it (``moveRequested``)."""
        raw = bytes(data.data(CODE_MIME)).decode()
        ids = [int(x) for x in raw.split(",") if x.strip().isdigit()]
        if not ids:
            return False
        parent_id = self.code_id(parent) if parent.isValid() else None
        position = row
        moving = self._codes.get(ids[0])
        if moving is None:
            return False
        if position >= 0 and moving.parent_id == parent_id:
            current = self._items[moving.id].row()
            if current < position:
                position -= 1
        self.moveRequested.emit(ids[0], ROOT if parent_id is None else parent_id, position)
        return True

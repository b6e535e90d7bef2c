"""Item models of the Variables and sets dialog: documents by variables (typed values, edited in
place), and documents by sets (a check per membership). They read through the project and hand
every edit to a callback that runs it as one undo step; a refused edit changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from glocal_annotator.model import Document, DocumentSet, Variable

Index = QModelIndex | QPersistentModelIndex
#: (document id, variable id, text) -> None; raises GlocalError when refused
SetValue = Callable[[int, int, str], None]
#: (set id, document id, member?) -> None; raises GlocalError when refused
SetMember = Callable[[int, int, bool], None]
BOOLEAN_SHOWN = {"true": "Yes", "false": "No"}
TYPE_LABELS = {"text": "text", "number": "number", "date": "date (YYYY-MM-DD)",
               "boolean": "yes/no", "choice": "choice"}


class VariablesModel(QAbstractTableModel):
    """Rows: documents; columns: variables. A cell shows the document's value (a boolean as
    Yes/No); editing it calls ``set_value`` (which may refuse)."""

    def __init__(self, set_value: SetValue, parent=None) -> None:
        super().__init__(parent)
        self._set_value = set_value
        self.documents: list[Document] = []
        self.variables: list[Variable] = []
        self.values: dict[tuple[int, int], str] = {}
        self.refused: Exception | None = None  # the last edit refused, for the dialog to show

    def load(self, documents: list[Document], variables: list[Variable],
             values: dict[tuple[int, int], str]) -> None:
        self.beginResetModel()
        self.documents, self.variables, self.values = documents, variables, dict(values)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        return 0 if parent.isValid() else len(self.documents)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.variables)

    def variable_at(self, column: int) -> Variable:
        return self.variables[column]

    def raw(self, index: Index) -> str:
        """The stored (canonical) value of a cell."""
        return self.values.get((self.variables[index.column()].id,
                                self.documents[index.row()].id), "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.raw(index)
        variable = self.variables[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return BOOLEAN_SHOWN.get(value, value) if variable.type == "boolean" else value
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and variable.type == "number":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and section < len(self.variables):
            variable = self.variables[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return variable.name
            if role == Qt.ItemDataRole.ToolTipRole:
                kind = TYPE_LABELS.get(variable.type, variable.type)
                if variable.choices:
                    kind += ": " + ", ".join(variable.choices)
                return f"{variable.name} ({kind})"
        if orientation == Qt.Orientation.Vertical and section < len(self.documents) \
                and role == Qt.ItemDataRole.DisplayRole:
            return self.documents[section].name
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable)

    def setData(self, index: Index, value: Any,  # noqa: N802 - Qt's API
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        text = "" if value is None else str(value)
        if text.strip() == self.raw(index):
            return False
        document, variable = self.documents[index.row()], self.variables[index.column()]
        try:
            self._set_value(document.id, variable.id, text)
        except Exception as error:  # noqa: BLE001 - shown by the dialog (GlocalError or a bug)
            self.refused = error
            return False
        return True

    def set_value(self, variable_id: int, document_id: int, value: str) -> None:
        """Show a value the project now holds (after an edit, undo or redo)."""
        key = (variable_id, document_id)
        if value:
            self.values[key] = value
        else:
            self.values.pop(key, None)
        column = next((c for c, v in enumerate(self.variables) if v.id == variable_id), None)
        row = next((r for r, d in enumerate(self.documents) if d.id == document_id), None)
        if column is not None and row is not None:
            index = self.index(row, column)
            self.dataChanged.emit(index, index)


class SetsModel(QAbstractTableModel):
    """Rows: documents; columns: document sets; a checked cell is a membership. Checking or
    unchecking calls ``set_member`` (one undo step each)."""

    def __init__(self, set_member: SetMember, parent=None) -> None:
        super().__init__(parent)
        self._set_member = set_member
        self.documents: list[Document] = []
        self.sets: list[DocumentSet] = []
        self.refused: Exception | None = None

    def load(self, documents: list[Document], sets: list[DocumentSet]) -> None:
        self.beginResetModel()
        self.documents, self.sets = documents, sets
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.documents)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.sets)

    def is_member(self, index: Index) -> bool:
        return self.documents[index.row()].id in self.sets[index.column()].document_ids

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if self.is_member(index)
                    else Qt.CheckState.Unchecked)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and section < len(self.sets):
            return self.sets[section].name
        if orientation == Qt.Orientation.Vertical and section < len(self.documents):
            return self.documents[section].name
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable)

    def setData(self, index: Index, value: Any,  # noqa: N802 - Qt's API
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        member = Qt.CheckState(value) == Qt.CheckState.Checked
        if member == self.is_member(index):
            return False
        try:
            self._set_member(self.sets[index.column()].id, self.documents[index.row()].id, member)
        except Exception as error:  # noqa: BLE001 - shown by the dialog
            self.refused = error
            return False
        return True

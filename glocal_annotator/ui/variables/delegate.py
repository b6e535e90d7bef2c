"""Typed editors for variable values: a list for a choice or yes/no variable, a line with a hint
for text, numbers ("12.5") and dates ("YYYY-MM-DD"). The value is checked by the project when it
is set, and refused with one line if it does not fit."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate, QWidget

from glocal_annotator.ui.variables.models import BOOLEAN_SHOWN, VariablesModel

HINTS = {"number": "a number, decimal point \".\" (12.5)", "date": "YYYY-MM-DD",
         "text": ""}


class ValueDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option, index: QModelIndex | QPersistentModelIndex  # noqa: N802
                     ) -> QWidget:
        model = index.model()
        assert isinstance(model, VariablesModel)
        variable = model.variable_at(index.column())
        if variable.type in ("choice", "boolean"):
            combo = QComboBox(parent)
            combo.setAccessibleName(variable.name)
            combo.addItem("(no value)", "")
            if variable.type == "choice":
                for choice in variable.choices:
                    combo.addItem(choice, choice)
            else:
                for value, shown in BOOLEAN_SHOWN.items():
                    combo.addItem(shown, value)
            return combo
        line = QLineEdit(parent)
        line.setAccessibleName(variable.name)
        line.setPlaceholderText(HINTS.get(variable.type, ""))
        return line

    def setEditorData(self, editor: QWidget,  # noqa: N802 - Qt's API
                      index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            found = editor.findData(value)
            editor.setCurrentIndex(max(found, 0))
        elif isinstance(editor, QLineEdit):
            editor.setText(value)

    def setModelData(self, editor: QWidget, model, index) -> None:  # noqa: N802 - Qt's API
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

"""Small modal questions. Each is one function so that callers stay short and tests can replace
it (``monkeypatch.setattr(dialogs, "ask_item", ...)``)."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.ui.common.plain import plain_label, plain_message_box


def confirm(parent: QWidget | None, title: str, text: str, action: str = "OK") -> bool:
    box = QMessageBox(parent)
    box.setObjectName("confirmDialog")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    plain_message_box(box)
    ok = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(ok)
    box.exec()
    return box.clickedButton() is ok


def _input_dialog(parent: QWidget | None, title: str, label: str) -> QInputDialog:
    """A QInputDialog whose label shows ``label`` as plain text (it may hold a name)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    for child in dialog.findChildren(QLabel):
        plain_label(child)
    return dialog


def ask_item(parent: QWidget | None, title: str, label: str, items: list[str]) -> int | None:
    """The index of the chosen item, or None."""
    if not items:
        return None
    dialog = _input_dialog(parent, title, label)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    dialog.setTextValue(items[0])
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    value = dialog.textValue()
    return items.index(value) if value in items else None


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """A line of text the user typed (spacing collapsed), or None when cancelled or empty."""
    dialog = _input_dialog(parent, title, label)
    dialog.setTextValue(text)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    value = " ".join(dialog.textValue().split())
    return value or None


def ask_color(parent: QWidget | None, current: str) -> str | None:
    color = QColorDialog.getColor(QColor(current), parent, "Code colour")
    return color.name().upper() if color.isValid() else None


class MemoDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, about: str, memo: str) -> None:
        super().__init__(parent)
        self.setObjectName("memoDialog")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = plain_label(QLabel(about, self))
        label.setWordWrap(True)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("memoEditor")
        self.editor.setAccessibleName("Memo")
        self.editor.setPlainText(memo)
        label.setBuddy(self.editor)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(label)
        layout.addWidget(self.editor)
        layout.addWidget(buttons)
        self.resize(480, 300)

    def memo(self) -> str:
        return self.editor.toPlainText().strip()


def ask_memo(parent: QWidget | None, title: str, about: str, memo: str) -> str | None:
    dialog = MemoDialog(parent, title, about, memo)
    return dialog.memo() if dialog.exec() == QDialog.DialogCode.Accepted else None

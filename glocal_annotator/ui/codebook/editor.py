"""The codebook entry editor: name, colour, codable, the entry fields and the code's memo."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from glocal_annotator.code_paths import display_path
from glocal_annotator.model import CODE_TEXT_FIELD_LABELS, Code
from glocal_annotator.ui.common import dialogs
from glocal_annotator.ui.common.code_items import swatch


class CodeEditorDialog(QDialog):
    def __init__(self, code: Code, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeEditor")
        self.setWindowTitle(f"Code: {display_path(code.path)}")
        self._code = code
        self.color = code.color
        form = QFormLayout(self)
        self.name_edit = QLineEdit(code.name, self)
        self.name_edit.setAccessibleName("Code name")
        self.color_button = QPushButton(code.color, self)
        self.color_button.setAccessibleName("Code colour")
        self.color_button.setIcon(swatch(code.color))
        self.color_button.clicked.connect(self._pick_color)
        self.codable_box = QCheckBox("Can be &coded (untick for a code that only groups others)")
        self.codable_box.setChecked(code.codable)
        self.color_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        form.addRow("&Name:", self.name_edit)
        form.addRow("C&olour:", self.color_button)
        form.addRow("", self.codable_box)
        self.fields: dict[str, QPlainTextEdit] = {}
        for key, label in CODE_TEXT_FIELD_LABELS:
            editor = QPlainTextEdit(getattr(code, key) or "", self)
            editor.setAccessibleName(label)
            editor.setTabChangesFocus(True)
            editor.setFixedHeight(40 if key == "short_definition" else 70)
            self.fields[key] = editor
            form.addRow(f"{label}:", editor)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, 640)

    def _pick_color(self) -> None:
        color = dialogs.ask_color(self, self.color)
        if color:
            self.color = color
            self.color_button.setText(color)
            self.color_button.setIcon(swatch(color))

    def result_values(self) -> tuple[str, str, dict]:
        """(name, colour, changed fields) as edited."""
        fields: dict = {}
        for key, editor in self.fields.items():
            value = editor.toPlainText().strip()
            if value != (getattr(self._code, key) or ""):
                fields[key] = value
        if self.codable_box.isChecked() != self._code.codable:
            fields["codable"] = self.codable_box.isChecked()
        return self.name_edit.text().strip() or self._code.name, self.color, fields


def ask_code_entry(parent: QWidget | None, code: Code) -> tuple[str, str, dict] | None:
    dialog = CodeEditorDialog(code, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_values()

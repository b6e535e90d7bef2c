"""Autocode search results: choose a code and how far to widen each hit."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from glocal_annotator.code_paths import display_path
from glocal_annotator.model import Code
from glocal_annotator.ui.codebook_model import swatch

WIDEN = (("none", "The hit only"), ("sentence", "Its sentence"), ("paragraph", "Its paragraph"))


class AutocodeDialog(QDialog):
    def __init__(self, codes: list[Code], query: str, parent: QWidget | None = None,
                 current_code: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("autocodeDialog")
        self.setWindowTitle("Autocode search results")
        form = QFormLayout(self)
        note = QLabel(f"Code every hit of “{query}” in all documents. One undo step reverts it.")
        note.setWordWrap(True)
        form.addRow(note)
        self.code_combo = QComboBox(self)
        self.code_combo.setAccessibleName("Code")
        for code in codes:
            if code.codable:
                self.code_combo.addItem(swatch(code.color), display_path(code.path), code.id)
        if current_code is not None and self.code_combo.findData(current_code) >= 0:
            self.code_combo.setCurrentIndex(self.code_combo.findData(current_code))
        self.widen_combo = QComboBox(self)
        self.widen_combo.setAccessibleName("Widen each hit to")
        for key, label in WIDEN:
            self.widen_combo.addItem(label, key)
        form.addRow("&Code:", self.code_combo)
        form.addRow("&Widen to:", self.widen_combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Autocode")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> tuple[int, str]:
        return int(self.code_combo.currentData()), str(self.widen_combo.currentData())


def ask_autocode(parent: QWidget | None, codes: list[Code], query: str,
                 current_code: int | None = None) -> tuple[int, str] | None:
    dialog = AutocodeDialog(codes, query, parent, current_code)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.code_combo.count() == 0:
        return None
    return dialog.choice()

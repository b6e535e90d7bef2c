"""The settings dialog: coder name, text font and size, quick-code keys 1-9."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.code_paths import display_path
from glocal_annotator.model import Code
from glocal_annotator.ui.common.code_items import swatch
from glocal_annotator.ui.common.settings import QUICK_KEYS, Settings


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, codes: list[Code], quick: list[Code | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.settings = settings
        layout = QVBoxLayout(self)
        general = QFormLayout()
        self.coder_edit = QLineEdit(settings.coder_name, self)
        self.coder_edit.setAccessibleName("Coder name")
        self.coder_edit.setToolTip("New codings are recorded with this name")
        font = settings.font
        self.font_combo = QFontComboBox(self)
        self.font_combo.setAccessibleName("Text font")
        self.font_combo.setCurrentFont(font)
        self.size_spin = QSpinBox(self)
        self.size_spin.setAccessibleName("Text size")
        self.size_spin.setRange(6, 48)
        self.size_spin.setValue(font.pointSize())
        self.size_spin.setSuffix(" pt")
        general.addRow("&Coder name:", self.coder_edit)
        general.addRow("Text &font:", self.font_combo)
        general.addRow("Text &size:", self.size_spin)
        layout.addLayout(general)
        group = QGroupBox("&Quick codes: keys 1 to 9 code the selection", self)
        quick_form = QFormLayout(group)
        self.quick_combos: list[QComboBox] = []
        codable = [c for c in codes if c.codable]
        for slot in range(QUICK_KEYS):
            combo = QComboBox(group)
            combo.setAccessibleName(f"Quick code {slot + 1}")
            combo.addItem("(none)", "")
            for code in codable:
                combo.addItem(swatch(code.color), display_path(code.path), code.guid)
            assigned = quick[slot] if slot < len(quick) else None
            if assigned is not None:
                combo.setCurrentIndex(max(combo.findData(assigned.guid), 0))
            quick_form.addRow(f"Key &{slot + 1}:", combo)
            self.quick_combos.append(combo)
        layout.addWidget(group)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        self.settings.coder_name = self.coder_edit.text()
        font = self.font_combo.currentFont()
        font.setPointSize(self.size_spin.value())
        self.settings.font = font
        self.settings.set_quick_code_guids([c.currentData() or "" for c in self.quick_combos])
        self.settings.sync()

"""The welcome page: recent projects, New, Open and "Open the demo project"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.ui.common.plain import tip

ROLE = Qt.ItemDataRole.UserRole + 1


class WelcomePage(QWidget):
    openPathRequested = Signal(str)
    newRequested = Signal()
    openRequested = Signal()
    demoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        title = QLabel("<h1>Glocal Annotator</h1>"
                       "<p>Code interviews, field notes and reports against a codebook.</p>", self)
        title.setTextFormat(Qt.TextFormat.RichText)
        self.new_button = QPushButton("&New project…", self)
        self.open_button = QPushButton("&Open project…", self)
        self.demo_button = QPushButton("Open the &demo project", self)
        self.demo_button.setObjectName("openDemoButton")
        self.new_button.clicked.connect(self.newRequested)
        self.open_button.clicked.connect(self.openRequested)
        self.demo_button.clicked.connect(self.demoRequested)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.demo_button):
            button.setMinimumHeight(34)
            buttons.addWidget(button)
        buttons.addStretch(1)
        recent_label = QLabel("&Recent projects (Enter or double-click to open):", self)
        self.recent = QListWidget(self)
        self.recent.setObjectName("recentProjects")
        self.recent.setAccessibleName("Recent projects")
        recent_label.setBuddy(self.recent)
        self.recent.itemActivated.connect(
            lambda item: self.openPathRequested.emit(item.data(ROLE))
        )
        hint = QLabel("Tip: drop documents (.txt, .md, .docx, .odt, .pdf, .html) on the window "
                      "to import them into the open project.", self)
        hint.setWordWrap(True)
        column = QVBoxLayout()
        column.addWidget(title)
        column.addLayout(buttons)
        column.addSpacing(16)
        column.addWidget(recent_label)
        self.recent.setMaximumHeight(320)
        column.addWidget(self.recent)
        column.addWidget(hint)
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 48, 24, 24)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)
        self.setTabOrder(self.new_button, self.open_button)
        self.setTabOrder(self.open_button, self.demo_button)
        self.setTabOrder(self.demo_button, self.recent)

    def set_recent(self, paths: list[Path]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{path.stem}    —    {path.parent}")
            item.setData(ROLE, str(path))
            item.setToolTip(tip(str(path)))
            if not path.exists():
                item.setText(f"{path.stem}    —    {path.parent} (missing)")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent.addItem(item)
        if self.recent.count():
            self.recent.setCurrentRow(0)

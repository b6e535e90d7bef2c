"""Which coders and which codes to compare: two checkable lists shared by Team ▸ Agreement and
Team ▸ Disagreements."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.analysis.settle import CONSENSUS_CODER
from glocal_annotator.code_paths import display_path
from glocal_annotator.model import Code, Coder
from glocal_annotator.ui.common.code_items import swatch

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def _checkable(text: str, checked: bool) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                  | Qt.ItemFlag.ItemIsSelectable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


class CodersCodesChooser(QWidget):
    """Coders (at least two to be ticked) and codes (none ticked: every code the coders
    applied). ``changed`` when a tick changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.coders = QListWidget(self)
        self.coders.setObjectName("chooseCoders")
        self.coders.setAccessibleName("Coders to compare")
        self.codes = QListWidget(self)
        self.codes.setObjectName("chooseCodes")
        self.codes.setAccessibleName("Codes to compare")
        for widget in (self.coders, self.codes):
            widget.itemChanged.connect(lambda _item: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for title, widget, stretch in (("C&oders (tick two or more):", self.coders, 1),
                                       ("Co&des (none ticked: every code they applied):",
                                        self.codes, 2)):
            column = QVBoxLayout()
            label = QLabel(title, self)
            label.setBuddy(widget)
            column.addWidget(label)
            column.addWidget(widget)
            layout.addLayout(column, stretch)

    def load(self, coders: Sequence[Coder], codes: Sequence[Code],
             checked_coders: Sequence[str] | None = None) -> None:
        """Fill the lists; ``checked_coders`` (names) ticked, by default every coder but the
        consensus coder."""
        self.coders.blockSignals(True)
        self.codes.blockSignals(True)
        self.coders.clear()
        self.codes.clear()
        wanted = ({name.casefold() for name in checked_coders} if checked_coders is not None
                  else {c.name.casefold() for c in coders
                        if c.name.casefold() != CONSENSUS_CODER})
        for coder in coders:
            self.coders.addItem(_checkable(coder.name, coder.name.casefold() in wanted))
        for code in codes:
            item = _checkable(display_path(code.path or code.name), False)
            item.setData(PATH_ROLE, code.path or code.name)
            item.setIcon(swatch(code.color))
            self.codes.addItem(item)
        self.coders.blockSignals(False)
        self.codes.blockSignals(False)

    def chosen_coders(self) -> list[str]:
        return [self.coders.item(row).text() for row in range(self.coders.count())
                if self.coders.item(row).checkState() == Qt.CheckState.Checked]

    def chosen_codes(self) -> list[str] | None:
        """Paths of the codes ticked; None when none is (every code)."""
        paths = [self.codes.item(row).data(PATH_ROLE) for row in range(self.codes.count())
                 if self.codes.item(row).checkState() == Qt.CheckState.Checked]
        return paths or None

    def set_checked_coders(self, names: Sequence[str]) -> None:
        wanted = {name.casefold() for name in names}
        for row in range(self.coders.count()):
            item = self.coders.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.text().casefold() in wanted
                               else Qt.CheckState.Unchecked)

    def set_checked_codes(self, paths: Sequence[str]) -> None:
        wanted = set(paths)
        for row in range(self.codes.count()):
            item = self.codes.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.data(PATH_ROLE) in wanted
                               else Qt.CheckState.Unchecked)

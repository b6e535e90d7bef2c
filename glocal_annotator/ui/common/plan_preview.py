"""The preview of an import or a merge before it is applied, and its report after.

One dialog for both a .qdpx import (a sync into this project, or a new project) and a merge of
another project file: what would be added, changed, left unchanged, and what is only here, per
kind (documents, codes, codings, memos, users); for a .qdpx, per source the offset units chosen and
how many selections landed on word boundaries; then every detail line, note, everything skipped and
everything transformed, with why. The user sees what would be lost before anything is changed.
Text from files is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.ui.common.plain import plain_label

KINDS = (("documents", "Documents"), ("codes", "Codes"), ("codings", "Codings"),
         ("memos", "Memos"), ("coders", "Users (coders)"))
COLUMNS = (("added", "Added"), ("changed", "Changed"), ("unchanged", "Unchanged"),
           ("only_here", "Only here"))


class SourceLine(Protocol):
    """What the dialog shows of one source's offsets (``refi.project_resolve.SourceUnits``)."""

    name: str
    reading: str
    selections: int
    on_words: int
    text_from: str


@dataclass
class PlanView:
    """What a preview shows: ``counts`` per kind (``added``, ``changed``, ``unchanged``,
    ``only_here``), detail lines, notes, what is skipped and transformed (with why), and for a
    .qdpx the units of each source."""

    counts: Mapping[str, Mapping[str, int]]
    details: Sequence[str] = ()
    notes: Sequence[str] = ()
    skipped: Sequence[str] = ()
    transformed: Sequence[str] = ()
    units: Sequence[SourceLine] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return any(self.counts[kind].get("added") or self.counts[kind].get("changed")
                   for kind, _ in KINDS if kind in self.counts)


def _table(rows: int, headers: Sequence[str], parent: QWidget, name: str) -> QTableWidget:
    table = QTableWidget(rows, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    return table


def _cell(text: str, number: bool = False, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if bold:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
    return item


class PlanPreviewDialog(QDialog):
    """Shows ``view`` under ``headline``; ``apply_text`` names the button that applies it (none:
    a report after the fact, with Close only). ``exec()`` is Accepted when the user applies."""

    def __init__(self, parent: QWidget | None, title: str, headline: str, view: PlanView, *,
                 apply_text: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planPreview")
        self.setWindowTitle(title)
        self.view = view
        layout = QVBoxLayout(self)
        head = plain_label(QLabel(headline, self))
        head.setWordWrap(True)
        head.setObjectName("planHeadline")
        layout.addWidget(head)
        if view.units:
            layout.addWidget(QLabel("Sources, and how their positions were read:", self))
            layout.addWidget(self._units_table(view.units))
        self.counts = self._counts_table(view.counts)
        layout.addWidget(self.counts)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("planDetails")
        self.details.setReadOnly(True)
        self.details.setPlainText("\n".join(self._detail_lines(view)))
        self.details.setMinimumHeight(140)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(self)
        if apply_text is not None and view.has_changes:
            self.apply_button = buttons.addButton(apply_text,
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        else:
            self.apply_button = None
            buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 560)

    def _units_table(self, units: Sequence[SourceLine]) -> QTableWidget:
        table = _table(len(units), ("Source", "Positions read as", "Selections on word "
                                    "boundaries", "Text from"), self, "planUnits")
        for row, source in enumerate(units):
            on_words = (f"{source.on_words} of {source.selections}" if source.selections
                        else "no selections")
            for column, text in enumerate((source.name, source.reading, on_words,
                                           source.text_from)):
                table.setItem(row, column, _cell(text, number=column == 2))
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(row) for row in range(min(len(units), 5)))
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows + 6
                             + (table.horizontalScrollBar().sizeHint().height()
                                if len(units) else 0))
        return table

    def _counts_table(self, counts: Mapping[str, Mapping[str, int]]) -> QTableWidget:
        shown = [(kind, label) for kind, label in KINDS if kind in counts]
        table = _table(len(shown), ("", *(label for _, label in COLUMNS)), self, "planCounts")
        for row, (kind, label) in enumerate(shown):
            table.setItem(row, 0, _cell(label))
            for column, (key, _) in enumerate(COLUMNS, start=1):
                value = counts[kind].get(key, 0)
                table.setItem(row, column, _cell(f"{value:,}", number=True,
                                                 bold=bool(value) and key in ("added",
                                                                              "changed")))
        table.resizeRowsToContents()
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + 6
                             + sum(table.rowHeight(row) for row in range(len(shown))))
        return table

    @staticmethod
    def _detail_lines(view: PlanView) -> list[str]:
        lines = [line for line in view.details if line.startswith("  ")]  # per item
        lines = [line.strip() for line in lines if not line.strip().startswith("note:")]
        sections = (("Details", lines), ("Notes", view.notes),
                    ("Not imported (skipped), and why", view.skipped),
                    ("Changed on the way in, and why", view.transformed))
        out: list[str] = []
        for title, items in sections:
            if items:
                out.append(f"{title}:")
                out.extend(f"  • {item}" for item in items)
                out.append("")
        if not out:
            out.append("Nothing was skipped or changed on the way in.")
        return out

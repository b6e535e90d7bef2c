"""Preview of a codebook import: what will be added, updated and left alone, then Import/Cancel.

The dialog only shows an :class:`~glocal_annotator.operations.codebook_merge_plan.ImportPlan`; it
never changes the project. The caller applies the plan when the dialog is accepted::

    plan = plan_codebook_import(project.codes(), read_codebook_file(path), source=path.name)
    if CodebookImportDialog(plan, window).exec() == QDialog.DialogCode.Accepted:
        project.apply_codebook_plan(plan)  # one undoable change

The tree follows the file's hierarchy. Unchanged codes are hidden (unless they carry a note,
hold a change further down, or the box "Show unchanged codes" is ticked); when nothing would
change they are all shown and Import is disabled.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.operations.codebook_merge_plan import (
    ADD,
    FIELD_LABELS,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    PlanItem,
)
from glocal_annotator.ui.common.code_items import swatch
from glocal_annotator.ui.common.plain import plain_label, tip
from glocal_annotator.wording import agreeing, plural

ACTION_TEXT = {ADD: "Add", UPDATE: "Update", UNCHANGED: "Unchanged"}
ACTION_COLOR = {ADD: "#1B7F3B", UPDATE: "#B35900", UNCHANGED: "#6B6B6B"}
NO_COLOR = "#D0D0D0"
CODE_COLUMN, ACTION_COLUMN, DETAILS_COLUMN = 0, 1, 2
PLAN_INDEX_ROLE = Qt.ItemDataRole.UserRole + 1


def _details(item: PlanItem) -> str:
    parts = []
    if item.action == ADD:
        parts.append("new code" if item.node.codable else "new folder (not codable)")
    elif item.action == UPDATE:
        parts.append("changes " + ", ".join(FIELD_LABELS.get(f, f) for f in item.changes))
    parts.extend(item.notes)
    return "; ".join(parts)


class CodebookImportDialog(QDialog):
    """Shows ``plan`` and asks to import it. Accepted means: apply the plan."""

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setObjectName("codebookImportDialog")
        source = f" from {plan.source}" if plan.source else ""
        self.setWindowTitle(f"Import codebook{source}")
        self.resize(720, 520)
        layout = QVBoxLayout(self)

        heading = QLabel(
            f"<b>Import codes{html.escape(source)}</b><br>Existing codes are never deleted or "
            "moved, and an empty field in the file never clears one of yours. One undo step "
            "reverts the import."
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)

        counts = plan.counts()
        row = QHBoxLayout()
        self.count_labels: dict[str, QLabel] = {}
        for action, text in ((ADD, "to add"), (UPDATE, "to update"), (UNCHANGED, "unchanged")):
            label = QLabel(f"{counts[action]} {text}", self)
            label.setObjectName(f"{action}Count")
            label.setStyleSheet(
                f"color: {ACTION_COLOR[action]}; font-weight: bold; padding: 2px 8px; "
                f"border: 1px solid {ACTION_COLOR[action]}; border-radius: 8px;"
            )
            row.addWidget(label)
            self.count_labels[action] = label
        row.addStretch(1)
        self.show_unchanged = QCheckBox("Show &unchanged codes", self)
        self.show_unchanged.setObjectName("showUnchanged")
        row.addWidget(self.show_unchanged)
        layout.addLayout(row)

        self.summary_label = QLabel(self._summary_text(), self)
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)

        self.notes_label = plain_label(
            QLabel("\n".join(f"• {note}" for note in plan.notes), self))
        self.notes_label.setObjectName("planNotes")
        self.notes_label.setWordWrap(True)
        self.notes_label.setVisible(bool(plan.notes))
        layout.addWidget(self.notes_label)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("planTree")
        self.tree.setHeaderLabels(["Code", "Action", "Details"])
        self.tree.setAccessibleName("Codes in the file and what happens to each")
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(CODE_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ACTION_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.tree_items: list[QTreeWidgetItem] = []
        self._fill()
        layout.addWidget(self.tree, 1)

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("importButton")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancelButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        if plan.has_changes:
            self.import_button.setDefault(True)
        else:
            self.import_button.setEnabled(False)
            self.cancel_button.setText("Close")
            self.show_unchanged.setChecked(True)
        self.show_unchanged.toggled.connect(self._apply_filter)
        self._apply_filter(self.show_unchanged.isChecked())

    def _summary_text(self) -> str:
        if not self.plan.items:
            return "The file holds no codes: there is nothing to import."
        if not self.plan.has_changes:
            return "Nothing to import: every code in the file is already in your codebook."
        counts = self.plan.counts()
        return (
            f"Import adds {plural(counts[ADD], 'code')} and updates {counts[UPDATE]:,}; "
            f"{counts[UNCHANGED]:,} already {agreeing(counts[UNCHANGED], 'matches', 'match')} "
            "yours."
        )

    def _fill(self) -> None:
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for index, item in enumerate(self.plan.items):
            parent = (
                self.tree_items[item.parent_item]
                if item.parent_item is not None
                else self.tree.invisibleRootItem()
            )
            row = QTreeWidgetItem(parent)
            row.setData(CODE_COLUMN, PLAN_INDEX_ROLE, index)
            row.setText(CODE_COLUMN, item.name)
            row.setIcon(CODE_COLUMN, swatch(item.color or NO_COLOR))
            row.setText(ACTION_COLUMN, ACTION_TEXT[item.action])
            brush = QBrush(QColor(ACTION_COLOR[item.action]))
            row.setForeground(ACTION_COLUMN, brush)
            if item.action == UNCHANGED:
                row.setForeground(CODE_COLUMN, brush)
            else:
                row.setFont(ACTION_COLUMN, bold)
            details = _details(item)
            row.setText(DETAILS_COLUMN, details)
            hint = tip(item.path + (f"\n{details}" if details else ""))
            for column in range(3):
                row.setToolTip(column, hint)
            self.tree_items.append(row)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(CODE_COLUMN)
        self.tree.setColumnWidth(CODE_COLUMN, min(self.tree.columnWidth(CODE_COLUMN) + 16, 340))

    def _apply_filter(self, show_unchanged: bool) -> None:
        """Hide unchanged codes without notes and with nothing changing below them, unless asked
        to show them."""
        keep = [
            show_unchanged or item.action != UNCHANGED or bool(item.notes)
            for item in self.plan.items
        ]
        for index in range(len(self.plan.items) - 1, -1, -1):  # children come after parents
            parent = self.plan.items[index].parent_item
            if keep[index] and parent is not None:
                keep[parent] = True
        for row, visible in zip(self.tree_items, keep, strict=True):
            row.setHidden(not visible)

    def visible_paths(self) -> list[str]:
        """Paths of the codes the tree shows now, in order (for tests and accessibility)."""
        return [
            self.plan.items[index].path
            for index, row in enumerate(self.tree_items)
            if not row.isHidden()
        ]


def ask_codebook_import(parent: QWidget | None, plan: ImportPlan) -> bool:
    """Show the preview modally; True if the user chose Import."""
    dialog = CodebookImportDialog(plan, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()

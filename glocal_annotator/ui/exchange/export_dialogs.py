"""Options dialogs for exporting coded excerpts: which codes, documents and coders, and how.

:class:`ExcerptExportDialog` serves both exports: the Word report (grouping, context, memos,
title) and the table (CSV or Excel). Codes are a checkable tree: ticking a code ticks its
sub-codes, and the exporters include the sub-codes of every code asked for (as NVivo and MAXQDA
retrieve). A filter that keeps everything is passed on as ``None`` (no filter), so excerpts of
codes, documents or coders added later are not left out by accident. A live count says how many
coded excerpts the selection holds (counted in SQL, :meth:`Project.count_codings`). With blind
coding on (Team ▸ Show only my codings, ``only_coders``) the export writes the user's codings
alone (:meth:`CodingFilter.within_coders`, set by the ExportController), and so the count and
each code's and document's number of codings count those alone too: the number shown is the
number written.

Nothing ticked here means nothing, not "no restriction" as in the Coded segments filters
(:class:`~glocal_annotator.ui.common.multi_select.MultiSelectButton`). That button shows its
summary ("All codes") when nothing is checked, so it says what it does; these lists are always
in view, start fully ticked and mean "export what is ticked", so an empty list is shown for what
it is: Export is disabled and the count line says why. They stay their own widgets because the
code tree here lets a sub-code be unticked under a ticked parent (auto-tristate), which the
button's "with sub-codes" model cannot express, and the count follows each tick instead of a
popup closing.

The dialogs only read the project. Callers go through :func:`ask_report_options` and
:func:`ask_table_options`, which tests may replace (``monkeypatch.setattr``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.exporters._common import ExcerptReportOptions
from glocal_annotator.model import Code, CodingFilter, Document
from glocal_annotator.ui.common.code_items import code_tooltip, swatch
from glocal_annotator.ui.common.plain import tip
from glocal_annotator.wording import plural

if TYPE_CHECKING:
    from glocal_annotator.project import Project

ID_ROLE = Qt.ItemDataRole.UserRole + 1
CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked
TABLE_FORMATS = ((".xlsx", "Excel workbook (.xlsx)"), (".csv", "CSV, UTF-8 (.csv)"))


@dataclass
class TableOptions:
    """What the excerpts table holds (a code includes its sub-codes) and its format."""

    where: CodingFilter = CodingFilter()
    suffix: str = ".xlsx"


# -- the lists -----------------------------------------------------------------------------------


def _all_none_buttons(parent: QWidget, name: str, check_all: Callable[[bool], None]) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for text, value in (("All", True), ("None", False)):
        button = QPushButton(text, parent)
        button.setObjectName(f"{name}{text}")
        button.setAccessibleName(f"Tick {text.lower()} {name}")
        button.setAutoDefault(False)
        button.clicked.connect(lambda _c=False, v=value: check_all(v))
        row.addWidget(button)
    row.addStretch(1)
    return row


class CodeFilterTree(QTreeWidget):
    """The codebook with a check box per code; a parent's box ticks and shows its sub-codes."""

    def __init__(self, codes: Sequence[Code], parent: QWidget | None = None,
                 codings: Mapping[int, int] | None = None) -> None:
        """``codings``: each code id's number of codings to show (None: ``Code.codings``,
        everyone's)."""
        super().__init__(parent)
        self.setObjectName("codeFilter")
        self.setAccessibleName("Codes to export (a code includes its sub-codes)")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self._codes = list(codes)
        items: dict[int, QTreeWidgetItem] = {}
        for code in self._codes:  # codebook order: parents first
            parent_item = items.get(code.parent_id) if code.parent_id is not None else None
            item = QTreeWidgetItem(parent_item if parent_item is not None else self)
            count = code.codings if codings is None else codings.get(code.id, 0)
            label = code.name if not count else f"{code.name}  ({count})"
            item.setText(0, label)
            item.setIcon(0, swatch(code.color))
            item.setToolTip(0, tip(code_tooltip(code)))
            item.setData(0, ID_ROLE, code.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable
                          | Qt.ItemFlag.ItemIsAutoTristate)
            item.setCheckState(0, CHECKED)
            items[code.id] = item
        self._items = items
        self.expandToDepth(0)

    def items(self) -> list[QTreeWidgetItem]:
        return list(self._items.values())

    def check_all(self, checked: bool) -> None:
        for index in range(self.topLevelItemCount()):  # auto-tristate carries it down
            self.topLevelItem(index).setCheckState(0, CHECKED if checked else UNCHECKED)

    def set_checked_codes(self, code_ids: Sequence[int]) -> None:
        """Tick exactly ``code_ids`` (and so their sub-codes)."""
        self.check_all(False)
        for code_id in code_ids:
            item = self._items.get(code_id)
            if item is not None:
                item.setCheckState(0, CHECKED)

    def checked_code_ids(self) -> list[int] | None:
        """The ticked codes, smallest list first: a fully ticked code stands for its sub-codes.
        ``None`` when every code is ticked."""
        chosen: list[int] = []
        every = True
        iterator = QTreeWidgetItemIterator(self)
        while iterator.value():
            item = iterator.value()
            state = item.checkState(0)
            every = every and state == CHECKED
            parent = item.parent()
            parent_full = parent is not None and parent.checkState(0) == CHECKED
            if state == CHECKED and not parent_full:
                chosen.append(item.data(0, ID_ROLE))
            iterator += 1
        return None if every else chosen

    def with_subcodes(self, where: CodingFilter) -> CodingFilter:
        """``where`` with the sub-codes of its codes (from the codebook shown, no query)."""
        return where.with_subcodes(self._codes)


class CheckList(QListWidget):
    """Named things (documents, coders) with a check box each; all ticked at first."""

    def __init__(self, name: str, rows: Sequence[tuple[int, str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the tooltip has the full name
        for row_id, text, hint in rows:
            item = QListWidgetItem(text, self)
            item.setData(ID_ROLE, row_id)
            item.setToolTip(tip(hint))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(CHECKED)

    def all_items(self) -> list[QListWidgetItem]:
        return [self.item(row) for row in range(self.count())]

    def check_all(self, checked: bool) -> None:
        for item in self.all_items():
            item.setCheckState(CHECKED if checked else UNCHECKED)

    def set_checked_ids(self, ids: Sequence[int]) -> None:
        wanted = set(ids)
        for item in self.all_items():
            item.setCheckState(CHECKED if item.data(ID_ROLE) in wanted else UNCHECKED)

    def checked_ids(self) -> list[int] | None:
        """The ticked rows' ids; ``None`` when all are ticked."""
        items = self.all_items()
        chosen = [item.data(ID_ROLE) for item in items if item.checkState() == CHECKED]
        return None if len(chosen) == len(items) else chosen


# -- the dialog ----------------------------------------------------------------------------------


class ExcerptExportDialog(QDialog):
    """Filters for coded excerpts plus the options of one export kind (``report`` or
    ``table``)."""

    def __init__(self, project: Project, kind: str = "report",
                 parent: QWidget | None = None,
                 only_coders: Sequence[int] | None = None) -> None:
        super().__init__(parent)
        if kind not in ("report", "table"):
            raise ValueError(f"unknown export kind {kind!r}")
        self.project = project
        self.kind = kind
        self.only_coders = None if only_coders is None else tuple(only_coders)
        self.setObjectName("reportOptionsDialog" if kind == "report" else "tableOptionsDialog")
        self.setWindowTitle("Export coded excerpts to Word" if kind == "report"
                            else "Export coded excerpts as a table")
        layout = QVBoxLayout(self)

        intro = QLabel(
            "Choose the coded excerpts to export. A code includes its sub-codes; untick "
            "documents or coders to leave their excerpts out.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        filters = QGridLayout()
        filters.setHorizontalSpacing(12)
        per_code, per_document = self._shown_codings()
        self.codes = CodeFilterTree(project.codes(), self, per_code)

        def codings(document: Document) -> int:
            return document.codings if per_document is None else per_document[document.id]

        self.documents = CheckList(
            "documentFilter",
            [(d.id, f"{d.name}  ({codings(d)})" if codings(d) else d.name,
              f"{d.name}\n{d.format.upper()}, {plural(d.characters, 'character')}, "
              f"{plural(codings(d), 'coding')}")
             for d in project.documents()],
            self)
        self.documents.setAccessibleName("Documents to export")
        self.coders = CheckList("coderFilter", [(c.id, c.name, c.name) for c in project.coders()],
                                self)
        self.coders.setAccessibleName("Coders whose codings to export")
        for column, (title, widget, name) in enumerate(
            (("&Codes", self.codes, "codes"), ("&Documents", self.documents, "documents"),
             ("C&oders", self.coders, "coders"))
        ):
            label = QLabel(title, self)
            label.setBuddy(widget)
            filters.addWidget(label, 0, column)
            filters.addWidget(widget, 1, column)
            filters.addLayout(_all_none_buttons(self, name, widget.check_all), 2, column)
        filters.setColumnStretch(0, 4)
        filters.setColumnStretch(1, 4)
        filters.setColumnStretch(2, 2)
        filters.setRowStretch(1, 1)
        layout.addLayout(filters, 1)

        if kind == "report":
            layout.addWidget(self._report_box(project))
        else:
            layout.addWidget(self._table_box())

        self.count_label = QLabel(self)
        self.count_label.setObjectName("matchCount")
        self.count_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            "&Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        # Count after the ticks settle (auto-tristate changes several items per click).
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(120)
        self._count_timer.timeout.connect(self.update_count)
        self.codes.itemChanged.connect(lambda *_: self._count_timer.start())
        self.documents.itemChanged.connect(lambda *_: self._count_timer.start())
        self.coders.itemChanged.connect(lambda *_: self._count_timer.start())
        self.update_count()
        self.resize(880, 600)

    # -- option groups ---------------------------------------------------------------------------

    def _report_box(self, project: Project) -> QGroupBox:
        box = QGroupBox("Report", self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("titleEdit")
        self.title_edit.setPlaceholderText(f"Coded excerpts: {project.name}")
        self.title_edit.setClearButtonEnabled(True)
        form.addRow("&Title:", self.title_edit)

        group_row = QHBoxLayout()
        self.by_code = QRadioButton("by c&ode", self)
        self.by_code.setObjectName("groupByCode")
        self.by_document = QRadioButton("by docu&ment", self)
        self.by_document.setObjectName("groupByDocument")
        self.by_code.setChecked(True)
        self._grouping = QButtonGroup(self)
        self._grouping.addButton(self.by_code)
        self._grouping.addButton(self.by_document)
        group_row.addWidget(self.by_code)
        group_row.addWidget(self.by_document)
        group_row.addStretch(1)
        form.addRow("Group excerpts:", group_row)

        context_row = QHBoxLayout()
        self.context_box = QCheckBox("Show conte&xt:", self)
        self.context_box.setObjectName("includeContext")
        self.context_chars = QSpinBox(self)
        self.context_chars.setObjectName("contextChars")
        self.context_chars.setRange(10, 5000)
        self.context_chars.setSingleStep(50)
        self.context_chars.setValue(200)
        self.context_chars.setSuffix(" characters before and after")
        self.context_chars.setAccessibleName("Characters of context")
        self.context_chars.setEnabled(False)
        self.context_box.toggled.connect(self.context_chars.setEnabled)
        context_row.addWidget(self.context_box)
        context_row.addWidget(self.context_chars)
        context_row.addStretch(1)
        form.addRow("Around excerpts:", context_row)

        self.memos_box = QCheckBox("Include coding &memos", self)
        self.memos_box.setObjectName("includeMemos")
        self.memos_box.setChecked(True)
        form.addRow("", self.memos_box)

        self.charts_box = QCheckBox("Include c&harts: code frequencies, and the code matrix "
                                    "and co-occurrence views open under Analysis", self)
        self.charts_box.setObjectName("includeCharts")
        self.charts_box.setToolTip("Figures after the summary, drawn as the Analysis views "
                                   "show them")
        form.addRow("", self.charts_box)
        return box

    def _table_box(self) -> QGroupBox:
        box = QGroupBox("Table", self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("formatCombo")
        for suffix, text in TABLE_FORMATS:
            self.format_combo.addItem(text, suffix)
        form.addRow("&Format:", self.format_combo)
        note = QLabel("One row per coded excerpt: document, code, start, end, text, coder, memo, "
                      "date. Excel keeps text as text; CSV (UTF-8) suits R, pandas and SPSS.", self)
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        note.setStyleSheet("color: palette(placeholder-text);")
        form.addRow(note)
        return box

    def _shown_codings(self) -> tuple[Counter[int] | None, Counter[int] | None]:
        """The number of codings per code id and per document id as the export sees them:
        (None, None) for everyone's (the codes and documents carry those), or with blind
        coding on the shown coders' alone (one read of their codings)."""
        if self.only_coders is None:
            return None, None
        mine = self.project.codings(coder_ids=self.only_coders)
        return (Counter(coding.code_id for coding in mine),
                Counter(coding.document_id for coding in mine))

    # -- state -----------------------------------------------------------------------------------

    def empty_filters(self) -> list[str]:
        """Names of the lists with nothing ticked."""
        return [name for name, ids in (("code", self.codes.checked_code_ids()),
                                       ("document", self.documents.checked_ids()),
                                       ("coder", self.coders.checked_ids()))
                if ids is not None and not ids]

    def update_count(self) -> None:
        self._count_timer.stop()
        empty = self.empty_filters()
        if empty:
            self.count_label.setText(
                f"Tick at least one {' and one '.join(empty)}: only ticked items are exported "
                "(unlike the Coded segments filters, nothing ticked here does not mean all).")
            self.export_button.setEnabled(False)
            return
        count = self.project.count_codings(
            self.codes.with_subcodes(self.where()).within_coders(self.only_coders))
        noun = "excerpt matches" if count == 1 else "excerpts match"
        mine = ("" if self.only_coders is None
                else " Only your codings: blind coding is on (Team ▸ Show only my codings).")
        self.count_label.setText(f"<b>{count:,}</b> coded {noun} this selection.{mine}")
        self.export_button.setEnabled(True)

    def where(self) -> CodingFilter:
        """What is ticked (codes as ticked: the exporters add their sub-codes)."""
        return CodingFilter(self.codes.checked_code_ids(), self.documents.checked_ids(),
                            self.coders.checked_ids())

    def report_options(self) -> ExcerptReportOptions:
        return ExcerptReportOptions(
            where=self.where(),
            group_by="document" if self.by_document.isChecked() else "code",
            include_context=self.context_box.isChecked(),
            context_chars=self.context_chars.value(),
            include_memos=self.memos_box.isChecked(),
            title=self.title_edit.text().strip() or None,
            include_charts=self.charts_box.isChecked(),
        )

    def table_options(self) -> TableOptions:
        return TableOptions(where=self.where(), suffix=self.format_combo.currentData())


def _ask(dialog: ExcerptExportDialog) -> ExcerptReportOptions | TableOptions | None:
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.report_options() if dialog.kind == "report" else dialog.table_options()
    finally:
        dialog.deleteLater()


def ask_report_options(parent: QWidget | None, project: Project, *,
                       only_coders: Sequence[int] | None = None) -> ExcerptReportOptions | None:
    """Show the report options modally; the chosen options, or None if cancelled.
    ``only_coders``: the coder ids blind coding leaves shown (None: it is off), which the
    dialog's counts keep to as the export does."""
    return _ask(ExcerptExportDialog(project, "report", parent, only_coders))


def ask_table_options(parent: QWidget | None, project: Project, *,
                      only_coders: Sequence[int] | None = None) -> TableOptions | None:
    """Show the table options modally; the chosen options, or None if cancelled
    (``only_coders`` as for :func:`ask_report_options`)."""
    return _ask(ExcerptExportDialog(project, "table", parent, only_coders))

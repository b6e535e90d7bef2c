"""Keywords in context: every occurrence of a word or phrase on one line, its left context
right-aligned against the keyword and its right context after it, as concordancers show them
(:mod:`glocal_annotator.analysis.kwic` finds and sorts them: document order, the left context
from the keyword outwards, or the right context). A line opens the document at its place
(double-click or Enter). The lines export to XLSX or CSV.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.analysis.kwic import KwicLine
from glocal_annotator.errors import GlocalError
from glocal_annotator.ui.analysis.filters import AnalysisFilters
from glocal_annotator.ui.analysis.runner import AnalysisRunner
from glocal_annotator.ui.analysis.spec import ViewSpec
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.ui.common.saving import ask_save_path, busy_cursor, show_exported

if TYPE_CHECKING:
    from glocal_annotator.project import Project

SETTLE_MS = 300
LINE_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Document", "Left context", "Keyword", "Right context")
SORTS = (("document order", "document"), ("left context (the word before first)", "left"),
         ("right context (the word after first)", "right"))
Index = QModelIndex | QPersistentModelIndex


class KwicModel(QAbstractTableModel):
    """KWIC lines as rows: document, left context, keyword, right context."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.lines: list[KwicLine] = []

    def set_lines(self, lines: list[KwicLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (line.document, " ".join(line.left.split()),
                    " ".join(line.keyword.split()), " ".join(line.right.split()))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (Qt.AlignmentFlag.AlignRight if column == 1 else
                          Qt.AlignmentFlag.AlignHCenter if column == 2 else
                          Qt.AlignmentFlag.AlignLeft)
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == LINE_ROLE:
            return line
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


class _ElideByColumn(QStyledItemDelegate):
    """The left context is cut at its left (the words next to the keyword stay), the right
    context and document names at their right and middle."""

    MODES = {0: Qt.TextElideMode.ElideMiddle, 1: Qt.TextElideMode.ElideLeft,
             2: Qt.TextElideMode.ElideRight, 3: Qt.TextElideMode.ElideRight}

    def initStyleOption(self, option, index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.textElideMode = self.MODES.get(index.column(), Qt.TextElideMode.ElideRight)


class KwicSpec(ViewSpec):
    """The KWIC view's options: the word or phrase, and the order of the lines."""

    key, title, chart = "kwic", "Keywords in context", ""
    code_rows = False

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.phrase = QLineEdit(self)
        self.phrase.setObjectName("kwicPhrase")
        self.phrase.setAccessibleName("Word or phrase")
        self.phrase.setPlaceholderText("A word or phrase, Enter to find it in context")
        self.phrase.setClearButtonEnabled(True)
        self.phrase.returnPressed.connect(self.changed)
        caption = QLabel("&Sort by:", self)
        self.sort = QComboBox(self)
        self.sort.setObjectName("kwicSort")
        for text, key in SORTS:
            self.sort.addItem(text, key)
        caption.setBuddy(self.sort)
        self.row.addWidget(self.phrase, 1)
        self.row.addWidget(caption)
        self.row.addWidget(self.sort)

    def job(self, scope):
        from glocal_annotator.analysis.words import kwic

        phrase = self.phrase.text().strip()
        if not phrase:
            return None
        sort = self.sort.currentData()
        return lambda project: kwic(project, phrase, scope, sort=sort)


class KwicPanel(QWidget):
    """The KWIC view in a tab of the Analysis dock (the same role as
    :class:`~.panel.AnalysisPanel`: filters, computed on the analysis thread, coalesced)."""

    passageActivated = Signal(int, int, int)
    computed = Signal()

    def __init__(self, spec: KwicSpec, runner: AnalysisRunner,
                 parent: QWidget | None = None, session=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("analysis_kwic")
        self.spec, self.runner = spec, runner
        self.project: Project | None = None
        self.table = self.chart = None  # nothing for a report's figures
        self.lines: list[KwicLine] = []
        self.seconds = 0.0  # the last computation's
        self._ticket = 0
        self._dirty = False
        self.filters = AnalysisFilters(self)
        self.filters.changed.connect(self.schedule)
        spec.setParent(self)
        spec.changed.connect(self.schedule)
        spec.sort.currentIndexChanged.connect(lambda: self.schedule(now=True))
        self.status = QLabel("Type a word or phrase and press Enter.", self)
        self.status.setObjectName("analysisStatus")
        self.model = KwicModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("kwicLines")
        self.view.setAccessibleName("Keywords in context")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 150)
        for column in (1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setItemDelegate(_ElideByColumn(self.view))
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.view.activated.connect(self._activated)
        self.export_button = QPushButton("Export &table…", self)
        self.export_button.setObjectName("exportTableButton")
        self.export_button.clicked.connect(self.export_lines)
        self.export_button.setEnabled(False)
        options = QHBoxLayout()
        options.addWidget(spec, 1)
        options.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filters)
        layout.addLayout(options)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.compute)

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.filters.set_project(project)
        self.model.set_lines([])
        self.lines = []
        if project is not None:
            self.schedule(now=True)

    def reload_choices(self) -> None:
        self.filters.reload()

    def on_coding_changed(self) -> None:
        if self.filters.codes.selection() is not None:  # only coded text is searched
            self.schedule()

    def schedule(self, now: bool = False) -> None:
        if self.project is None:
            return
        self._dirty = True
        self._timer.start(0 if now else SETTLE_MS)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty and not self._timer.isActive():
            self._timer.start(0)

    def compute(self) -> None:
        self._timer.stop()
        if self.project is None:
            return
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        try:
            job = self.spec.job(self.filters.scope())
        except GlocalError as error:
            self.status.setText(str(error))
            self.computed.emit()
            return
        if job is None:
            self._show([])
            self.status.setText("Type a word or phrase and press Enter.")
            self.computed.emit()
            return
        self._ticket += 1
        ticket = self._ticket
        self.status.setText("Working…")
        self.runner.submit(job, lambda result, seconds: self._done(ticket, result, seconds))

    def _done(self, ticket: int, result: Any, seconds: float) -> None:
        if ticket != self._ticket or self.project is None:
            return
        if isinstance(result, GlocalError):
            self.status.setText(str(result))
        else:
            self.seconds = seconds
            self._show(list(result))
            documents = len({line.document_id for line in self.lines})
            self.status.setText(f"{len(self.lines):,} line{'s' if len(self.lines) != 1 else ''}"
                                f" in {documents:,} document{'s' if documents != 1 else ''}, "
                                f"in {seconds:.2f} s. Double-click a line to open it.")
        self.computed.emit()

    def _show(self, lines: list[KwicLine]) -> None:
        self.lines = lines  # in the order asked for (the service sorts)
        self.model.set_lines(lines)
        self.export_button.setEnabled(bool(lines))

    def _activated(self, index: QModelIndex) -> None:
        line = self.model.data(index, LINE_ROLE)
        if line is not None:
            self.passageActivated.emit(line.document_id, line.start, line.end)

    @guarded
    def export_lines(self) -> None:
        from glocal_annotator.exporters.analysis_tables import export_rows

        project = self.project
        if project is None or not self.model.lines:
            raise GlocalError("there are no lines to export yet")
        phrase = self.spec.phrase.text().strip()
        path = ask_save_path(self, "Export keywords in context",
                             f"{project.name} KWIC {phrase}",
                             [("Excel workbook", ".xlsx"), ("CSV table", ".csv")])
        if path is None:
            return
        rows = [[line.document, line.start, line.end,
                 line.left, line.keyword, line.right] for line in self.model.lines]
        with busy_cursor():
            export_rows(path, ["document", "start", "end", "left", "keyword", "right"], rows,
                        title=f"KWIC {phrase}", protect=(project.path,))
        show_exported(self, "Export keywords in context",
                      f"Exported {len(rows):,} lines.", path)


KwicSpec.panel_class = KwicPanel  # the dock makes this panel for it

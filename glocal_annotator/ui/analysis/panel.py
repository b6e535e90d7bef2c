"""One analysis view in a tab of the Analysis dock: the shared filters and the view's options
(one wrapping row: a line on a wide dock, more on a narrow one, never wider than the dock), its
result as a table and as a chart (:mod:`.results_area`: the tabs share their line with the
status and the Export menu), and the passages behind a clicked cell, folded until there are
some to list.

Computing: a filter or option change, or a change to the project's coding, asks for the view
again after :data:`SETTLE_MS` of quiet (a burst of changes, such as an autocode or an undo of
many codings, computes once), on the analysis thread (:mod:`.runner`). While the panel is
hidden nothing is computed; it catches up when shown. A result that arrives after a newer one
was asked for is dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.analysis.results import ResultTable
from glocal_annotator.errors import GlocalError
from glocal_annotator.ui.analysis.chart_view import ChartView
from glocal_annotator.ui.analysis.charts import BarChart, Chart, HeatMap
from glocal_annotator.ui.analysis.export_actions import export_chart, export_table
from glocal_annotator.ui.analysis.filters import AnalysisFilters
from glocal_annotator.ui.analysis.flow import flow_widget
from glocal_annotator.ui.analysis.passages import PassageList
from glocal_annotator.ui.analysis.results_area import ResultSplit, ResultTabs
from glocal_annotator.ui.analysis.runner import AnalysisRunner
from glocal_annotator.ui.analysis.spec import BAR, HEAT, ViewSpec
from glocal_annotator.ui.analysis.table_model import ROW_ROLE, VALUE_ROLE, ResultTableModel
from glocal_annotator.ui.common.feedback import show_box
from glocal_annotator.ui.common.plain import tip
from glocal_annotator.wording import plural

if TYPE_CHECKING:
    from glocal_annotator.project import Project
    from glocal_annotator.ui.common.session import Session

SETTLE_MS = 300


class AnalysisPanel(QWidget):
    """A view (``spec``) over the project, computed by ``runner``."""

    passageActivated = Signal(int, int, int)  # document id, start, end
    computed = Signal()  # a new result is shown (or an error said)

    def __init__(self, spec: ViewSpec, runner: AnalysisRunner,
                 parent: QWidget | None = None, session: Session | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.runner = runner
        self.session = session  # for what a result can become (a query's hits coded ...)
        self.setObjectName(f"analysis_{spec.key}")
        self.project: Project | None = None
        self.table: ResultTable | None = None  # as shown (labels for reading)
        self.chart: Chart | None = None
        self.seconds = 0.0
        self._ticket = 0
        self._dirty = False
        self._texts: dict[int, str] = {}

        self.filters = AnalysisFilters(self)
        self.filters.changed.connect(self.schedule)
        spec.setParent(self)
        spec.changed.connect(self.schedule)
        self.result_buttons: list[QPushButton] = []
        actions = spec.result_actions()
        if actions:  # after the options, together, wrapping under them when narrow
            piece = QWidget(spec)
            line = QHBoxLayout(piece)
            line.setContentsMargins(0, 0, 0, 0)
            for text, name, action in actions:
                button = QPushButton(text, piece)
                button.setObjectName(name)
                button.clicked.connect(lambda _c=False, a=action: a(self))
                self.result_buttons.append(button)
                line.addWidget(button)
            spec.row.addWidget(piece)
        self.status = QLabel(self)
        self.status.setObjectName("analysisStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setMinimumWidth(40)  # one line, cut on a narrow dock: the table keeps room
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.about_button = QToolButton(self)
        self.about_button.setObjectName("aboutNumbers")
        self.about_button.setText("How is this counted?")
        self.about_button.setAutoRaise(True)
        self.about_button.clicked.connect(self._explain)
        self.about_button.hide()

        self.model = ResultTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(VALUE_ROLE)
        self.table_view = QTableView(self)
        self.table_view.setObjectName("analysisTable")
        self.table_view.setAccessibleName(f"{spec.title} table")
        self.table_view.setModel(self.proxy)
        self.table_view.setSortingEnabled(True)
        self.table_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the view's own order
        self.table_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table_view.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table_view.verticalHeader().setDefaultSectionSize(
            self.fontMetrics().height() + 8)
        self.table_view.horizontalHeader().setDefaultSectionSize(90)
        # a long document name is cut in its middle (its number and suffix stay); see tooltip
        self.table_view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table_view.clicked.connect(self._table_clicked)
        self.table_view.activated.connect(self._table_clicked)
        self.chart_view = ChartView(self)
        self.chart_view.canvas.cellClicked.connect(self.show_cell)
        self.tabs = ResultTabs(self)
        self.tabs.addTab(self.table_view, "&Table")
        if spec.chart:
            self.tabs.addTab(self.chart_view, "C&hart")
        else:
            self.chart_view.hide()
        self.passages = PassageList(self)
        self.passages.passageActivated.connect(self.passageActivated)
        self.split = ResultSplit(self.tabs, self.passages, self)

        self.export_table_action = QAction("&Table, as Excel or CSV…", self)
        self.export_table_action.setObjectName("exportTableAction")
        self.export_table_action.setToolTip("Save this table as an Excel workbook or CSV")
        self.export_chart_action = QAction("&Chart, as PNG or SVG…", self)
        self.export_chart_action.setObjectName("exportChartAction")
        self.export_chart_action.setToolTip("Save the chart as PNG (for documents) or SVG "
                                            "(scalable, for print)")
        self.export_chart_action.setVisible(bool(spec.chart))
        self.export_table_action.triggered.connect(
            lambda: export_table(self, self.table, self.project, self.filters.describe()))
        self.export_chart_action.triggered.connect(
            lambda: export_chart(self, self.chart, self.project))
        self.export_button = QToolButton(self)
        self.export_button.setObjectName("exportButton")
        self.export_button.setText("E&xport")
        self.export_button.setToolTip("Save the table or the chart to a file")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        menu.addAction(self.export_table_action)
        menu.addAction(self.export_chart_action)
        self.export_button.setMenu(menu)
        self.tabs.add_to_header(self.status, 1)
        self.tabs.add_to_header(self.about_button)
        self.tabs.add_to_header(self.export_button)

        top, flow = flow_widget(self)
        flow.addWidget(self.filters, 3)
        flow.addWidget(spec, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(top)
        layout.addWidget(self.split, 1)
        self._enable_exports()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.compute)

    # -- project -----------------------------------------------------------------------------

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self._texts.clear()
        self.filters.set_project(project)
        self.spec.set_project(project)
        self._show(None)
        self.passages.clear()
        self.split.fold()
        if project is not None:
            self.schedule(now=True)

    def reload_choices(self) -> None:
        """Codes, documents, coders, sets or variables changed: refill filters and options."""
        self.filters.reload()
        self.spec.set_project(self.project)
        self._texts.clear()

    # -- computing ---------------------------------------------------------------------------

    def schedule(self, now: bool = False) -> None:
        """Compute again once changes settle (:data:`SETTLE_MS`; ``now``: at the next turn of
        the event loop)."""
        if self.project is None:
            return
        self._dirty = True
        self._timer.start(0 if now else SETTLE_MS)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty and not self._timer.isActive():
            self._timer.start(0)

    def compute(self) -> None:
        """Ask for the view now (when hidden: when shown)."""
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
            self._say(f"{error}"[:1].upper() + f"{error}"[1:])
            self.computed.emit()
            return
        if job is None:
            self._show(None)
            self._say(self.spec.idle_text())
            self.computed.emit()
            return
        self._ticket += 1
        ticket = self._ticket
        self.status.setText("Working…")
        self.runner.submit(job, lambda result, seconds: self._done(ticket, result, seconds))

    def _done(self, ticket: int, result: Any, seconds: float) -> None:
        if ticket != self._ticket or self.project is None:
            return  # a newer computation was asked for
        if isinstance(result, GlocalError):
            text = str(result)
            self._say(text[:1].upper() + text[1:] + ("" if text.endswith(".") else "."))
        else:
            self.seconds = seconds
            self._show(result)
            if self.spec.list_all and self.table is not None:
                self._list_all(self.table)
        self.computed.emit()

    def _say(self, text: str) -> None:
        self.status.setText(text)

    # -- showing -----------------------------------------------------------------------------

    def _show(self, table: ResultTable | None) -> None:
        if table is not None:
            table = self.spec.present(table, self.filters.code_paths())
        self.table = table
        self.model.set_table(table, shaded=self.spec.chart == HEAT)
        header = self.table_view.horizontalHeader()
        for column, width in enumerate(self.model.column_widths(header.fontMetrics())):
            header.resizeSection(column, width)
        self.chart = self._chart(table) if table is not None else None
        self.chart_view.set_chart(self.chart)
        self._enable_exports()
        if table is None:
            self.status.clear()
            return
        rows, columns = len(table.row_labels), len(table.column_labels)
        notes = [f"{plural(rows, 'row')} x {plural(columns, 'column')}, in "
                 f"{self.seconds:.2f} s."]
        described = self.filters.describe()
        if described:
            notes.append(described)
        self.status.setText(" ".join(notes))
        self.status.setToolTip(tip(" ".join(notes + ([table.note] if table.note else []))))
        self.about_button.setVisible(bool(table.note))
        self.about_button.setToolTip(tip(table.note))

    def _chart(self, table: ResultTable) -> Chart | None:
        colors = self.filters.code_colors()
        if self.spec.chart == BAR and table.column_labels:
            row_colors = [colors.get(k) if isinstance(k, int) else None
                          for k in table.row_keys] if self.spec.code_rows else []
            return BarChart(table, self.spec.chart_column(table), colors=row_colors,
                            code_rows=self.spec.code_rows)
        if self.spec.chart == HEAT:
            row_colors = [colors.get(k) if isinstance(k, int) else None
                          for k in table.row_keys] if self.spec.code_rows else []
            return HeatMap(table, row_colors=row_colors, code_rows=self.spec.code_rows,
                           code_columns=self.spec.code_columns)
        return None

    def _explain(self) -> None:
        """The table's note (how its numbers were made) in a message."""
        if self.table is not None and self.table.note:
            box = QMessageBox(QMessageBox.Icon.Information, self.table.title, self.table.note,
                              QMessageBox.StandardButton.Close, self)
            box.setObjectName("aboutNumbersBox")
            show_box(box)

    def _enable_exports(self) -> None:
        writable = (self.session is not None and self.project is not None
                    and not self.project.read_only)
        for button in self.result_buttons:
            button.setEnabled(writable and bool(self.table and self.table.row_labels))
        self.export_table_action.setEnabled(self.table is not None)
        self.export_chart_action.setEnabled(self.chart is not None)
        self.export_button.setEnabled(self.table is not None)

    # -- cells and passages ------------------------------------------------------------------

    def _table_clicked(self, index: QModelIndex) -> None:
        row = self.proxy.data(index, ROW_ROLE)
        if row is not None:
            self.show_cell(row, index.column())

    def show_cell(self, row: int, column: int) -> None:
        """List the passages behind cell (``row``, ``column``) of the table."""
        table = self.table
        if table is None or self.project is None:
            return
        title = f"{table.row_labels[row]} · {table.column_labels[column]}"
        if table.passages is None:
            self.passages.clear(f"{title}: this view cannot list passages.")
            return
        self._list(title, table.passages(row, column))

    def _list(self, title: str, passages) -> None:  # noqa: ANN001 - a sequence of Passage
        self.passages.show_passages(title, passages, self._text_of, self._name_of)
        if self.passages.passages:
            self.split.unfold()

    def _list_all(self, table: ResultTable) -> None:
        if table.passages is None:
            return
        every = [p for row in range(len(table.row_labels)) for p in table.passages(row, 0)]
        self._list(table.title, every)

    def _text_of(self, document_id: int) -> str:
        text = self._texts.get(document_id)
        if text is None:
            text = self._texts[document_id] = self.project.document_text(document_id)
        return text

    def _name_of(self, document_id: int) -> str:
        return self.project.document(document_id).name

    def on_coding_changed(self) -> None:
        """The coding changed: compute again once the changes settle."""
        self.schedule()

    def forget_texts(self) -> None:
        self._texts.clear()

"""Keywords in context: every occurrence of a word or phrase on one line, its left context
right-aligned against the keyword and its right context after it, as concordancers show them,
with the text's own spacing (:mod:`.kwic_lines`); :mod:`glocal_annotator.analysis.kwic` finds
and sorts them (document order, the left context from the keyword outwards, or the right
context). A line opens the document at its place
(double-click or Enter). The lines export to XLSX or CSV.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
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
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.analysis.kwic import KwicLine
from glocal_annotator.errors import GlocalError
from glocal_annotator.model import CodingFilter
from glocal_annotator.ui.analysis.filters import AnalysisFilters
from glocal_annotator.ui.analysis.flow import flow_widget
from glocal_annotator.ui.analysis.kwic_lines import (
    KEYWORD,
    LEFT,
    LINE_ROLE,
    KwicDelegate,
    KwicModel,
)
from glocal_annotator.ui.analysis.runner import AnalysisRunner
from glocal_annotator.ui.analysis.spec import ViewSpec, labelled
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.ui.common.saving import ask_save_path, busy_cursor, show_exported
from glocal_annotator.wording import plural

if TYPE_CHECKING:
    from glocal_annotator.project import Project

SETTLE_MS = 300
SORTS = (("document order", "document"), ("left context (the word before first)", "left"),
         ("right context (the word after first)", "right"))


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
        self.sort = QComboBox(self)
        self.sort.setObjectName("kwicSort")
        for text, key in SORTS:
            self.sort.addItem(text, key)
        self.row.addWidget(self.phrase, 1)
        self.row.addWidget(labelled(self, "&Sort by:", self.sort))

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
        self.status.setMinimumWidth(40)  # one line, cut on a narrow dock
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
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
        header.setMinimumSectionSize(40)
        for column in (LEFT, KEYWORD):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.view.setItemDelegate(KwicDelegate(self.view))
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.view.activated.connect(self._activated)
        self.export_button = QPushButton("Export &table…", self)
        self.export_button.setObjectName("exportTableButton")
        self.export_button.clicked.connect(self.export_lines)
        self.export_button.setEnabled(False)
        top, flow = flow_widget(self)
        flow.addWidget(self.filters, 3)
        flow.addWidget(spec, 2)
        header = QHBoxLayout()
        header.addWidget(self.status, 1)
        header.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(top)
        layout.addLayout(header)
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

    def scope(self) -> CodingFilter:
        """What the filters let through. With blind coding on and no code chosen the whole
        text is searched (no coding is read, so there is none of another coder's to hide);
        with codes chosen, only the text the user's own codings of them cover."""
        scope = self.filters.scope()
        if self.filters.locked is not None and scope.code_ids is None:
            scope = replace(scope, coder_ids=None)
        return scope

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
            job = self.spec.job(self.scope())
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
            self.status.setText(f"{plural(len(self.lines), 'line')} in "
                                f"{plural(documents, 'document')}, in {seconds:.2f} s. "
                                "Double-click a line to open it.")
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
                      f"Exported {plural(len(rows), 'line')}.", path)


KwicSpec.panel_class = KwicPanel  # the dock makes this panel for it

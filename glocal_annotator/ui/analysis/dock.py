"""The Analysis dock: one tab per analysis view opened from the Analysis menu, each an
:class:`~.panel.AnalysisPanel` (or the keywords-in-context panel), sharing one analysis thread
(:class:`~.runner.AnalysisRunner`).

The dock follows the project itself (``project.subscribe``): a change to codings asks the open
views for a new result (each coalesces a burst of changes into one computation, and a hidden
tab waits until shown); a change to codes, documents, coders, sets or variables also refills
their filters and options.

Blind coding (Team ▸ Show only my codings) reaches the dock as :meth:`AnalysisDock.set_only_coder`
(the shell passes on what the Team room says, as it does to the document views): every view,
open or opened later, then reads that coder's codings alone, its coders filter locked to them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.analysis.results import ResultTable
from glocal_annotator.errors import GlocalError
from glocal_annotator.exporters._common import ReportFigure
from glocal_annotator.model import CodingFilter
from glocal_annotator.ui.analysis.panel import AnalysisPanel
from glocal_annotator.ui.analysis.runner import AnalysisRunner
from glocal_annotator.ui.analysis.spec import ViewSpec

if TYPE_CHECKING:
    from glocal_annotator.project import Change, Project
    from glocal_annotator.ui.common.session import Session

# (view key, menu text), in menu order. No Ctrl+Alt keys: on many European layouts Ctrl+Alt is
# AltGr, which types "@", "€", "{" ... in the document and the search box.
MENU = (
    ("frequencies", "Code &frequencies"),
    ("matrix", "Code &matrix"),
    ("cooccurrence", "&Co-occurrence"),
    ("query", "Code &query"),
    ("words", "&Word frequencies"),
    ("kwic", "&Keywords in context"),
)


def _default_views() -> Mapping[str, Callable[[], QWidget]]:
    from glocal_annotator.ui.analysis.kwic_panel import KwicSpec
    from glocal_annotator.ui.analysis.views import VIEWS

    return {**VIEWS, "kwic": KwicSpec}


class AnalysisDock(QWidget):
    """The tabs of the open analysis views. ``views`` maps a view's key to its
    :class:`~.spec.ViewSpec` class (default: every view of :mod:`.views` and KWIC);
    ``session`` (the window's) runs what a result becomes as undoable steps."""

    passageActivated = Signal(int, int, int)  # document id, start, end
    revealRequested = Signal()  # show and raise the dock

    def __init__(self, parent: QWidget | None = None, *,
                 views: Mapping[str, Callable[[], ViewSpec]] | None = None,
                 threaded: bool = True, session: Session | None = None) -> None:
        super().__init__(parent)
        self.session = session  # what results become (a query's hits coded) goes through it
        self.setObjectName("analysisDock")
        self.views = views if views is not None else _default_views()
        self.runner = AnalysisRunner(self, threaded=threaded)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("analysisViews")
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.hint = self._hint()
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.hint)
        self.stack.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.project: Project | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self.only_coder: str | None = None  # blind coding: this coder's codings alone

    def _hint(self) -> QWidget:
        """What the dock shows with no view open: a button per view."""
        hint = QWidget(self)
        hint.setObjectName("analysisHint")
        column = QVBoxLayout(hint)
        label = QLabel("Choose a view (also in the Analysis menu):", hint)
        column.addWidget(label)
        buttons = QHBoxLayout()
        for key, text in MENU:
            if key in self.views:
                button = QPushButton(text, hint)
                button.setObjectName(f"analysis_{key}_button")
                button.clicked.connect(lambda _c=False, k=key: self.open_view(k))
                buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addStretch(1)
        return hint

    # -- the project -------------------------------------------------------------------------

    def set_project(self, project: Project | None) -> None:
        """Follow ``project`` (None: close every view's work, keep the tabs empty)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.runner.set_project(project)
        self.project = project
        if project is not None:
            self._unsubscribe = project.subscribe(self.on_change)
        for panel in self.panels():
            panel.set_project(project)
        self._lock_panels()

    # -- blind coding ------------------------------------------------------------------------

    def set_only_coder(self, name: str | None) -> None:
        """Let every view read only the codings of the coder named ``name`` (case ignored),
        its coders filter locked to that coder; None: every coder's again, the filter as it
        was before."""
        self.only_coder = name
        self._lock_panels()

    def only_coder_ids(self) -> tuple[int, ...] | None:
        """The ids of the coder blind coding names (none yet: an empty tuple), None when off."""
        if self.only_coder is None or self.project is None:
            return None
        wanted = self.only_coder.casefold()
        return tuple(c.id for c in self.project.coders() if c.name.casefold() == wanted)

    def _lock_panels(self, panels: list | None = None) -> None:
        ids = self.only_coder_ids()
        for panel in self.panels() if panels is None else panels:
            panel.filters.lock_coders(ids, self.only_coder or "")

    def on_change(self, change: Change) -> None:
        """A committed change: views compute again once the changes settle."""
        summary = change.summary
        structural = bool(summary.codes_restructured or summary.codes_changed
                          or summary.documents or summary.coders_changed
                          or summary.variables or summary.variable_values
                          or summary.document_sets)
        for panel in self.panels():
            if structural:
                panel.reload_choices()
            panel.on_coding_changed()
        if summary.coders_changed and self.only_coder is not None:
            self._lock_panels()  # the user's first coding made their coder

    # -- tabs --------------------------------------------------------------------------------

    def panels(self) -> list[AnalysisPanel]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    def panel(self, key: str) -> AnalysisPanel | None:
        """The open view ``key``, if any."""
        return next((p for p in self.panels() if p.spec.key == key), None)

    def open_view(self, key: str) -> AnalysisPanel:
        """Show view ``key`` (opening its tab the first time) and bring the dock forward."""
        panel = self.panel(key)
        if panel is None:
            spec = self.views[key]()
            panel_class = getattr(spec, "panel_class", AnalysisPanel)
            panel = panel_class(spec, self.runner, self, self.session)
            panel.passageActivated.connect(self.passageActivated)
            self.tabs.addTab(panel, spec.title)
            panel.set_project(self.project)
            self._lock_panels([panel])
        self.tabs.setCurrentWidget(panel)
        self.stack.setCurrentWidget(self.tabs)
        self.revealRequested.emit()
        return panel

    def close_tab(self, index: int) -> None:
        panel = self.tabs.widget(index)
        self.tabs.removeTab(index)
        panel.set_project(None)
        panel.deleteLater()
        if not self.tabs.count():
            self.stack.setCurrentWidget(self.hint)

    def shown_tables(self, *keys: str) -> list[tuple[ResultTable, bool]]:
        """The results shown now by the open views ``keys`` (in that order), each with whether
        its columns are codes: what a report's figures draw."""
        return [(panel.table, panel.spec.code_columns) for key in keys
                if (panel := self.panel(key)) is not None and panel.table is not None]

    def report_figures(self, where: CodingFilter) -> tuple[ReportFigure, ...]:
        """The charts of a coded excerpts report of the selection ``where``: its code
        frequencies, then the matrix and co-occurrence views as open here. With blind coding
        on, the frequencies count the user's codings alone, as every view here does."""
        from glocal_annotator.ui.analysis.report_figures import report_figures

        if self.project is None:
            raise GlocalError("no project is open; open or create one first")
        return report_figures(self.project, where.within_coders(self.only_coder_ids()),
                              self.shown_tables("matrix", "cooccurrence"))

    def actions(self, owner: QWidget) -> list[QAction]:
        """The Analysis menu's actions, each opening its view (owned by ``owner``)."""
        found = []
        for key, text in MENU:
            if key not in self.views:
                continue
            action = QAction(text, owner)
            action.setObjectName(f"analysis_{key}_action")
            action.triggered.connect(lambda _c=False, k=key: self.open_view(k))
            found.append(action)
        return found

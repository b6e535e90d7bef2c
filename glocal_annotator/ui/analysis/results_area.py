"""Where an analysis view shows its result: the Table / Chart tabs on one line with the status
and the panel's buttons (no line of its own for either), the result under them, and below a
splitter the passages behind a clicked cell, folded to their one-line heading until there are
passages to list, so that the result has the height.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.ui.analysis.passages import PassageList

WIDGET_SIZE_MAX = 16_777_215  # Qt's QWIDGETSIZE_MAX: no maximum
PASSAGES_SHARE = 0.42  # of the height, for the passages when they are listed


class ResultTabs(QWidget):
    """A tab bar (``Table``, ``Chart`` ...) sharing its line with other widgets
    (:meth:`add_to_header`) over the pages it switches between."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analysisTabs")
        self.bar = QTabBar(self)
        self.bar.setDrawBase(False)
        self.bar.setExpanding(False)
        self.stack = QStackedWidget(self)
        self.bar.currentChanged.connect(self.stack.setCurrentIndex)
        self.header = QHBoxLayout()
        self.header.setContentsMargins(0, 0, 0, 0)
        self.header.setSpacing(6)
        self.header.addWidget(self.bar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self.header)
        layout.addWidget(self.stack, 1)

    def add_to_header(self, widget: QWidget, stretch: int = 0) -> None:
        self.header.addWidget(widget, stretch)

    def addTab(self, page: QWidget, text: str) -> int:  # noqa: N802 - QTabWidget's name
        self.stack.addWidget(page)
        return self.bar.addTab(text)

    def count(self) -> int:
        return self.bar.count()

    def currentWidget(self) -> QWidget | None:  # noqa: N802
        return self.stack.currentWidget()

    def setCurrentWidget(self, page: QWidget) -> None:  # noqa: N802
        index = self.stack.indexOf(page)
        if index >= 0:
            self.bar.setCurrentIndex(index)


class ResultSplit(QSplitter):
    """The result (``tabs``) over the ``passages``; the passages folded to their heading until
    :meth:`unfold` (a cell's passages listed), and again on :meth:`fold`."""

    def __init__(self, tabs: ResultTabs, passages: PassageList,
                 parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("analysisSplit")
        self.tabs, self.passages = tabs, passages
        self.addWidget(tabs)
        self.addWidget(passages)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 0)
        self.setCollapsible(0, False)
        self.setCollapsible(1, False)
        self.folded = False
        self.fold()

    def fold(self) -> None:
        """The passages down to their heading line; the result takes the rest."""
        self.folded = True
        self.passages.list.hide()
        heading = self.passages.heading
        heading.setWordWrap(False)  # one line (cut on a very narrow dock)
        heading.setMinimumWidth(40)
        self.passages.setMaximumHeight(heading.fontMetrics().height() + 6)
        self.passages.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def unfold(self) -> None:
        """The passages listed under the result, with :data:`PASSAGES_SHARE` of the height
        (unless the user has given them more)."""
        if not self.folded:
            return
        self.folded = False
        self.passages.list.show()
        self.passages.heading.setWordWrap(True)
        self.passages.setMaximumHeight(WIDGET_SIZE_MAX)
        self.passages.setSizePolicy(QSizePolicy.Policy.Preferred,
                                    QSizePolicy.Policy.Expanding)
        total = sum(self.sizes())
        if total > 0:
            lower = int(total * PASSAGES_SHARE)
            self.setSizes([total - lower, lower])

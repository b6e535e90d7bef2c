"""What one analysis view is, for the panel that shows it: its options (a row of widgets), how to
compute it for a scope, and how to chart and label what comes back.

A view's :meth:`ViewSpec.job` returns a plain function of a project (run off the GUI thread by
:class:`~.runner.AnalysisRunner`), built from the options as they are when it is asked for: the
widgets are never touched by the job.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from glocal_annotator.analysis.results import ResultTable
from glocal_annotator.model import CodingFilter
from glocal_annotator.ui.analysis.flow import FlowLayout
from glocal_annotator.ui.analysis.runner import Job

if TYPE_CHECKING:
    from glocal_annotator.project import Project

BAR, HEAT = "bar", "heat"


def labelled(parent: QWidget, text: str, widget: QWidget, stretch: int = 0) -> QWidget:
    """``widget`` after its label (``text``, its buddy: Alt+letter reaches it), as one piece
    that a wrapping row never splits."""
    piece = QWidget(parent)
    row = QHBoxLayout(piece)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(4)
    caption = QLabel(text, piece)
    caption.setBuddy(widget)
    row.addWidget(caption)
    row.addWidget(widget, stretch)
    return piece


class ViewSpec(QWidget):
    """Base of the views' options. Subclasses set the class attributes and :meth:`job`."""

    changed = Signal()  # an option changed: compute again
    key = ""  # "frequencies", "matrix" ...: the view's name in the menu's object names
    title = ""
    chart = BAR  # BAR, HEAT or "" (no chart)
    code_rows = True  # row keys are code ids: rows labelled by code path, coloured by code
    code_columns = False  # the same for columns (co-occurrence)
    list_all = False  # list every passage of the result at once (a query's hits)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = FlowLayout(self)  # the options, wrapping onto more lines on a narrow dock
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.project: Project | None = None

    def set_project(self, project: Project | None) -> None:
        """The project changed or its variables, sets or coders did: refill choices."""
        self.project = project

    def job(self, scope: CodingFilter) -> Job | None:
        """What to compute for ``scope`` with the options as they are now: a function of a
        project returning a :class:`ResultTable`; None when there is nothing to compute yet
        (an empty query). Raises :class:`~glocal_annotator.errors.GlocalError` for options that
        cannot be computed (a query that does not parse)."""
        raise NotImplementedError

    def result_actions(self) -> list[tuple[str, str, Callable[[Any], object]]]:
        """Buttons for what a result can become: (text, object name, ``action(panel)``)."""
        return []

    def idle_text(self) -> str:
        """What the panel says while :meth:`job` gives None."""
        return ""

    def chart_column(self, table: ResultTable) -> int:
        """The column a bar chart shows."""
        return 0

    def present(self, table: ResultTable, paths: Mapping[int, str]) -> ResultTable:
        """``table`` with code rows (and columns) labelled by their paths for reading."""
        changes = {}
        if self.code_rows and table.row_keys:
            changes["row_labels"] = tuple(paths.get(k, label) if isinstance(k, int) else label
                                          for k, label in zip(table.row_keys, table.row_labels,
                                                              strict=True))
        if self.code_columns and table.column_keys:
            changes["column_labels"] = tuple(
                paths.get(k, label) if isinstance(k, int) else label
                for k, label in zip(table.column_keys, table.column_labels, strict=True))
        return replace(table, **changes) if changes else table

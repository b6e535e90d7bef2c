"""Charts for the coded excerpts report (:class:`~glocal_annotator.exporters._common.
ReportFigure`): drawn here with the app's chart code, handed to the exporter as PNG bytes.

The report always gets the code frequency chart of its selection (codings per code, codes
without codings left out); the GUI adds the matrix and co-occurrence views open in the Analysis
dock as they are shown, the command line (``export --charts``) the code-by-document matrix and
overlap co-occurrence of the selection. Figures are cut to what a page can show legibly
(:data:`REPORT_BARS`, :data:`REPORT_ROWS` x :data:`REPORT_COLUMNS`), each saying so in its note.

Every figure is drawn at least :data:`REPORT_WIDTH` logical pixels wide (a heat map's cells
widen to fill it), wider than a page's text column at its natural size, so the report places
each one at the text width (or as tall as a page allows) and their text comes out one size.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from glocal_annotator.analysis.results import ResultTable
from glocal_annotator.code_paths import display_path
from glocal_annotator.exporters._common import ReportFigure
from glocal_annotator.model import CodingFilter
from glocal_annotator.ui.analysis.chart_export import png_bytes
from glocal_annotator.ui.analysis.charts import BarChart, HeatMap
from glocal_annotator.wording import plural

if TYPE_CHECKING:
    from glocal_annotator.project import Project

REPORT_DPI = 200
REPORT_WIDTH = 760.0  # logical pixels (7.9 in at 96 dpi): the bar chart's width, past a column
REPORT_BARS = 60
REPORT_ROWS, REPORT_COLUMNS = 45, 30
CLI_VIEWS = ("frequencies", "matrix", "cooccurrence")


def _code_labels(project: Project, table: ResultTable, columns: bool = False) -> ResultTable:
    paths = {code.id: display_path(code.path) for code in project.codes()}

    def relabel(keys, labels) -> tuple[str, ...]:
        return tuple(paths.get(k, label) if isinstance(k, int) else label
                     for k, label in zip(keys, labels, strict=True)) if keys else labels

    changes = {"row_labels": relabel(table.row_keys, table.row_labels)}
    if columns:
        changes["column_labels"] = relabel(table.column_keys, table.column_labels)
    return replace(table, **changes)


def frequency_figure(project: Project, where: CodingFilter) -> ReportFigure:
    """Codings per code in the selection ``where`` (a code includes its sub-codes in the
    selection, as the report does), as a bar chart in the codes' colours."""
    from glocal_annotator.analysis.frequencies import code_frequencies

    codes = project.codes()
    table = code_frequencies(project, where.with_subcodes(codes), rolled_up=False)
    keep = [r for r, values in enumerate(table.values) if values[0] > 0]
    table = ResultTable(
        title="Codings per code", row_labels=tuple(table.row_labels[r] for r in keep),
        column_labels=table.column_labels[:1], values=tuple(table.values[r][:1] for r in keep),
        row_keys=tuple(table.row_keys[r] for r in keep),
        note="Codes without codings in this selection are left out." if len(keep) < len(codes)
        else "")
    table = _code_labels(project, table)
    colors = {code.id: code.color for code in codes}
    chart = BarChart(table, colors=[colors.get(k) for k in table.row_keys], limit=REPORT_BARS,
                     width=REPORT_WIDTH, code_rows=True)
    return ReportFigure(table.title, png_bytes(chart, REPORT_DPI),
                        description=f"bar chart of {plural(len(keep), 'code')}")


def table_figure(project: Project, table: ResultTable, *, code_columns: bool = False) -> \
        ReportFigure:
    """A matrix or co-occurrence table as a heat map (rows, and with ``code_columns`` the
    columns too, keyed by code id are labelled by code path and coloured by code)."""
    table = _code_labels(project, table, columns=code_columns)
    colors = {code.id: code.color for code in project.codes()}
    code_rows = bool(table.row_keys) and all(isinstance(k, int) for k in table.row_keys)
    chart = HeatMap(table, row_colors=[colors.get(k) if isinstance(k, int) else None
                                       for k in table.row_keys],
                    max_rows=REPORT_ROWS, max_columns=REPORT_COLUMNS, width=REPORT_WIDTH,
                    code_rows=code_rows, code_columns=code_columns)
    return ReportFigure(table.title, png_bytes(chart, REPORT_DPI),
                        description=f"heat map of {plural(len(table.row_labels), 'row')} by "
                                    f"{plural(len(table.column_labels), 'column')}")


def report_figures(project: Project, where: CodingFilter,
                   shown: Iterable[tuple[ResultTable, bool]] = ()) -> tuple[ReportFigure, ...]:
    """The frequency figure of ``where``, then a heat map of each ``(table, code_columns)`` in
    ``shown`` (the views open in the app)."""
    figures = [frequency_figure(project, where)]
    figures += [table_figure(project, table, code_columns=code_columns)
                for table, code_columns in shown]
    return tuple(figures)


def cli_figures(project: Project, where: CodingFilter,
                views: Sequence[str] = CLI_VIEWS) -> tuple[ReportFigure, ...]:
    """The figures of ``export --charts``: for the selection ``where``, the frequency chart,
    the code-by-document matrix and the overlap co-occurrence (as ``views`` asks)."""
    from glocal_annotator.analysis.cooccurrence import cooccurrence
    from glocal_annotator.analysis.matrices import code_matrix

    scope = where.with_subcodes(project.codes())
    shown: list[tuple[ResultTable, bool]] = []
    if "matrix" in views:
        shown.append((code_matrix(project, scope, "documents"), False))
    if "cooccurrence" in views:
        shown.append((cooccurrence(project, scope, "overlap"), True))
    figures = report_figures(project, where, shown)
    return figures if "frequencies" in views else figures[1:]


def offscreen_cli_figures(project: Project, where: CodingFilter) -> tuple[ReportFigure, ...]:
    """:func:`cli_figures` from the command line: a QGuiApplication is made when there is
    none, on Qt's offscreen platform unless ``QT_QPA_PLATFORM`` names another (charts need
    fonts, not a display)."""
    import os

    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        global _APP
        _APP = QGuiApplication(["glocal-annotator"])
    return cli_figures(project, where)


_APP = None  # the command line's QGuiApplication, kept alive while the process runs

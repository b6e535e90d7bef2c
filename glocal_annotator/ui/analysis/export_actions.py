"""The export buttons of an analysis panel: its table as XLSX or CSV
(:mod:`glocal_annotator.exporters.analysis_tables`), its chart as PNG or SVG (:mod:`.chart_export`).
Each asks for a file name, writes atomically (never over the project), and says what it wrote;
a failure is one message (``feedback.guarded``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from glocal_annotator.analysis.results import ResultTable
from glocal_annotator.errors import GlocalError
from glocal_annotator.ui.analysis.chart_export import DEFAULT_DPI, save_chart
from glocal_annotator.ui.analysis.charts import Chart
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.ui.common.saving import ask_save_path, busy_cursor, show_exported
from glocal_annotator.wording import plural

if TYPE_CHECKING:
    from glocal_annotator.project import Project

TABLE_CHOICES = [("Excel workbook", ".xlsx"), ("CSV table", ".csv")]
CHART_CHOICES = [("PNG image", ".png"), ("SVG drawing", ".svg")]


def write_table(table: ResultTable, path: str | os.PathLike, *, filters: str = "",
                protect: tuple[str | os.PathLike, ...] = ()) -> int:
    """Write ``table`` as .xlsx or .csv (by ``path``'s suffix): its :meth:`ResultTable.rows`,
    and in the workbook an About sheet with its title, measure, note and ``filters``; returns
    the number of rows. Raises :class:`ExportFailure` (nothing written)."""
    from glocal_annotator.exporters.analysis_tables import export_rows

    header, *rows = table.rows()
    decimals = {"row_percent": "0.0", "column_percent": "0.0", "coefficient": "0.00"}
    about = [("Title", table.title), ("Measure", table.measure), ("Note", table.note),
             ("Filters", filters or "none")]
    return export_rows(path, [str(h) for h in header], rows, title=table.title, about=about,
                       number_format=decimals.get(table.measure), protect=protect)


@guarded
def export_table(parent: QWidget, table: ResultTable | None, project: Project | None,
                 filters: str = "") -> Path | None:
    """Ask where, then write ``table`` (``filters``: the selection in words, for the XLSX's
    About sheet); the path written, or None if cancelled."""
    if table is None or project is None:
        raise GlocalError("there is no table to export yet; wait for the view to be computed")
    path = ask_save_path(parent, "Export table", f"{project.name} {table.title}", TABLE_CHOICES)
    if path is None:
        return None
    with busy_cursor():
        rows = write_table(table, path, filters=filters, protect=(project.path,))
    show_exported(parent, "Export table", f"Exported the table ({plural(rows, 'row')}).", path)
    return path


@guarded
def export_chart(parent: QWidget, chart: Chart | None, project: Project | None) -> Path | None:
    """Ask where, then write ``chart`` (PNG at :data:`DEFAULT_DPI` dpi, or SVG)."""
    if chart is None or project is None:
        raise GlocalError("there is no chart to export yet; wait for the view to be computed")
    path = ask_save_path(parent, "Export chart", f"{project.name} {chart.table.title}",
                         CHART_CHOICES)
    if path is None:
        return None
    with busy_cursor():
        save_chart(chart, path, dpi=DEFAULT_DPI, protect=(project.path,))
    what = f"PNG at {DEFAULT_DPI} dpi" if path.suffix.lower() == ".png" else "SVG"
    show_exported(parent, "Export chart", f"Exported the chart as {what}.", path)
    return path

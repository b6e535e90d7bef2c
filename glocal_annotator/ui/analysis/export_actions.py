"""The export buttons of an analysis panel: its table as XLSX or CSV
(:mod:`glocal_annotator.exporters.analysis_tables`), its chart as PNG or SVG (:mod:`.chart_export`).
Each asks for a file name, writes atomically (never over the project), and says what it wrote;
a failure is one message (``feedback.guarded``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from glocal_annotator.analysis.results import ResultTable
from glocal_annotator.errors import GlocalError
from glocal_annotator.ui.analysis.chart_export import DEFAULT_DPI, save_chart
from glocal_annotator.ui.analysis.charts import Chart
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.ui.common.saving import ask_save_path, busy_cursor, show_exported

if TYPE_CHECKING:
    from glocal_annotator.project import Project

TABLE_CHOICES = [("Excel workbook", ".xlsx"), ("CSV table", ".csv")]
CHART_CHOICES = [("PNG image", ".png"), ("SVG drawing", ".svg")]


@guarded
def export_table(parent: QWidget, table: ResultTable | None, project: Project | None,
                 filters: str = "") -> Path | None:
    """Ask where, then write ``table`` (``filters``: the selection in words, for the XLSX's
    About sheet); the path written, or None if cancelled."""
    from glocal_annotator.exporters.analysis_tables import export_result_table

    if table is None or project is None:
        raise GlocalError("there is no table to export yet; wait for the view to be computed")
    path = ask_save_path(parent, "Export table", f"{project.name} {table.title}", TABLE_CHOICES)
    if path is None:
        return None
    with busy_cursor():
        rows = export_result_table(table, path, filters=filters, protect=(project.path,))
    show_exported(parent, "Export table", f"Exported the table ({rows:,} rows).", path)
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

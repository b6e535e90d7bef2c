"""Team ▸ Show only my codings reaches the Word report: with blind coding on, its frequency
figure counts what the Analysis dock's frequency table counts (the user's codings alone), and so
do the report's Summary table and its excerpts; with it off, everyone's again."""

from __future__ import annotations

import docx
import pytest

from glocal_annotator.ui.analysis import report_figures
from glocal_annotator.ui.exchange import export_dialogs
from glocal_annotator.ui.exchange.export_dialogs import ExcerptReportOptions
from tests.ui.analysis.test_analysis_dock import open_view
from tests.ui.team.test_blind_analysis import blind


@pytest.fixture
def drawn(monkeypatch) -> list:
    """The tables the report's bar charts are drawn from (the figure's data)."""
    tables = []
    real = report_figures.BarChart

    def recording(table, *args, **kwargs):
        tables.append(table)
        return real(table, *args, **kwargs)

    monkeypatch.setattr(report_figures, "BarChart", recording)
    return tables


def _export(window, tmp_path, monkeypatch, name: str) -> docx.Document:
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(export_dialogs, "ask_report_options",
                        lambda *a, **k: ExcerptReportOptions(include_charts=True))
    target = tmp_path / name
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    window.export_controller.export_report()
    return docx.Document(target)


def _counts(table) -> dict[int, float]:
    """Codings per code id, codes without codings left out."""
    return {key: values[0] for key, values in zip(table.row_keys, table.values, strict=True)
            if values[0]}


def _summary(document) -> dict[str, int]:
    """The report's Summary table: excerpts per code name."""
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows][1:]
    return {code: int(count) for _, code, count in rows if code != "Total"}


def test_the_report_figure_counts_what_the_filtered_table_counts(team_window, qtbot, tmp_path,
                                                                 monkeypatch, drawn):
    window = team_window
    project = window.project
    names = {code.id: code.name for code in project.codes()}
    freq = open_view(window, qtbot, "frequencies")
    everyone = _counts(freq.table)
    assert sorted(everyone.values()) == [2, 3]  # River: ana + ben; Market: ana + ben twice

    blind(window, qtbot, [freq], True)
    mine = _counts(freq.table)
    assert mine != everyone and sum(mine.values()) == 2  # ana's River and Market
    report = _export(window, tmp_path, monkeypatch, "blind.docx")
    [figure] = drawn
    assert _counts(figure) == mine  # the figure's data is the filtered table's
    assert _summary(report) == {names[k]: v for k, v in mine.items()}

    drawn.clear()
    blind(window, qtbot, [freq], False)
    report = _export(window, tmp_path, monkeypatch, "everyone.docx")
    [figure] = drawn
    assert _counts(figure) == _counts(freq.table) == everyone
    assert _summary(report) == {names[k]: v for k, v in everyone.items()}

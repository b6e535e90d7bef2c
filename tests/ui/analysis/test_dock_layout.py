"""The Analysis dock's layout on a laptop's screen: the result has most of the height (the
passages folded until a cell is clicked), the chart fits the room it has, no view widens the
window, the query box is wide, KWIC lines keep the text's own spacing, chart labels shortened
by one rule per axis, and report figures placed at the text width."""

from __future__ import annotations

import docx
import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QFileDialog

from glocal_annotator.analysis.results import ResultTable
from glocal_annotator.exporters.excerpts_docx import ExcerptReportOptions
from glocal_annotator.ui.analysis.chart_view import MIN_SCALE
from glocal_annotator.ui.analysis.charts import HeatMap, chart_font
from glocal_annotator.ui.analysis.dock import MENU, AnalysisDock
from glocal_annotator.ui.analysis.kwic_lines import KEYWORD, LEFT, place_keyword, place_left
from glocal_annotator.ui.analysis.labels import ELLIPSIS
from glocal_annotator.ui.exchange import export_dialogs
from tests.ui.analysis.test_analysis_dock import computed, open_view

# the Analysis dock's content at 1366x768 (measured: the dock is 1358 x 340 with its title bar)
LAPTOP_DOCK = (1358, 316)
CODE_PATHS = ("Homogenization / Westernization", "Homogenization / Global Consumer Culture",
              "Homogenization / Standardized Templates", "Hybridization",
              "Hybridization / Strategic Localization", "Accountability / Donor Accountability",
              "Ecofeminism / Women's Environmental Action",
              "Ecofeminism / Transnational Women's Networks",
              "Ecofeminism / Local Ecological Knowledge")


@pytest.fixture
def dock(qtbot, window):
    """An Analysis dock of its own, sized as on a 1366x768 laptop, on the window's project
    (the default codebook: 24 codes), computing on the GUI thread."""
    project = window.project
    documents = [d.id for d in project.documents()]
    for number, code in enumerate(project.codes()[:8]):
        window.session.run("code", lambda c=code, n=number: project.add_coding(
            documents[n % 2], c.id, n, n + 5))
    own = AnalysisDock(views=None, threaded=False, session=window.session)
    qtbot.addWidget(own)
    own.resize(*LAPTOP_DOCK)
    own.show()
    own.set_project(project)
    yield own
    own.set_project(None)


def opened(dock, qtbot, key):
    panel = dock.open_view(key)
    qtbot.waitUntil(lambda: panel.table is not None, timeout=10_000)
    return panel


def test_the_result_has_most_of_the_height_and_passages_unfold_when_listed(dock, qtbot):
    panel = opened(dock, qtbot, "frequencies")
    height = panel.height()
    table = panel.table_view.viewport().height()
    assert table >= 0.6 * height, (table, height)
    rows = table // panel.table_view.verticalHeader().defaultSectionSize()
    assert rows >= 7
    assert panel.passages.height() <= panel.passages.heading.fontMetrics().height() + 8
    assert not panel.passages.list.isVisible()
    panel.show_cell(0 if panel.table.values[0][0] else 1, 0)
    assert panel.passages.list.isVisible() and panel.passages.passages
    assert panel.passages.list.height() >= 0.25 * height
    assert panel.table_view.viewport().height() >= 0.3 * height


def test_the_chart_fits_its_view_and_scrolls_only_below_a_readable_size(dock, qtbot):
    panel = opened(dock, qtbot, "frequencies")
    panel.tabs.setCurrentWidget(panel.chart_view)
    qtbot.waitUntil(lambda: panel.chart_view.chart is not None and panel.chart_view.isVisible())
    view = panel.chart_view
    shown, scale = view.chart, view.canvas.scale
    assert shown.count == 24 and scale == pytest.approx(MIN_SCALE)  # 24 bars: too many to fit
    qtbot.waitUntil(view.verticalScrollBar().isVisible)  # it scrolls, down only
    assert view.canvas.width() <= view.viewport().width()  # as wide as the view, no wider
    assert view.canvas.width() >= view.viewport().width() - 4
    visible = [row for row in range(shown.count)
               if shown.bar_rect(row).bottom() * scale <= view.viewport().height()]
    assert len(visible) >= 8  # bars show without scrolling
    dock.resize(LAPTOP_DOCK[0], 900)  # room for all of it: no scrolling, nothing cut
    qtbot.waitUntil(lambda: view.canvas.height() <= view.viewport().height()
                    and not view.verticalScrollBar().isVisible())
    assert view.canvas.scale >= MIN_SCALE
    assert view.canvas.width() >= view.viewport().width() - 4
    assert view.chart.header.title_rect.isEmpty()  # the tab says what it is
    assert panel.chart.header.title_rect.height() > 0  # the chart as exported keeps its title


def test_no_view_makes_the_window_wider(window, qtbot):
    project = window.project
    documents = [d.id for d in project.documents()]
    window.session.run("set", lambda: project.add_document_set("Interviews", documents[:1]))
    window.session.run("variable", lambda: project.define_variable("Region", "text"))
    before = window.minimumSizeHint().width()
    width = window.width()
    for key, _text in MENU:
        open_view(window, qtbot, key)
        assert window.minimumSizeHint().width() <= before, key
        assert window.width() <= width, key


def test_the_query_box_keeps_the_width(dock, qtbot):
    panel = dock.open_view("query")
    for width in (LAPTOP_DOCK[0], 780):
        dock.resize(width, LAPTOP_DOCK[1])
        qtbot.waitUntil(lambda w=width: panel.width() <= w)
        assert panel.spec.text.width() >= 0.55 * panel.width(), width
        assert panel.spec.text.width() >= panel.spec.text.sizeHint().width() * 0.9


def test_kwic_lines_keep_the_texts_own_spacing(window, qtbot):
    panel = open_view(window, qtbot, "kwic")
    panel.spec.phrase.setText("burgers")
    computed(panel, qtbot, panel.spec.phrase.returnPressed.emit)
    line = panel.lines[0]
    assert line.left.endswith("rice ") and line.right.startswith(". Local")
    model, view = panel.model, panel.view
    assert model.data(model.index(0, LEFT)) == line.left  # nothing collapsed or stripped
    assert model.data(model.index(0, KEYWORD)) == "burgers. Local women run the market. "[
        :len(line.keyword + line.right)]
    font = QFont(view.font())
    bold = QFont(font)
    bold.setBold(True)
    metrics, heavy = QFontMetricsF(font), QFontMetricsF(bold)
    left_rect = view.visualRect(model.index(0, LEFT))
    keyword_rect = view.visualRect(model.index(0, KEYWORD))
    assert left_rect.right() + 1 == keyword_rect.left()  # the columns touch
    left = place_left(line, left_rect, metrics)
    placed = place_keyword(line, keyword_rect, metrics, heavy)
    assert left.text == line.left and left.end == placed.keyword_x  # "rice " then "burgers"
    assert placed.keyword == "burgers"
    assert placed.x == pytest.approx(placed.keyword_x + heavy.horizontalAdvance("burgers"))
    assert placed.text.startswith(". Local")  # no space added before the full stop
    narrow = place_left(line, QRect(0, 0, 60, 20), metrics)
    assert narrow.text.startswith(ELLIPSIS) and narrow.text.endswith("rice ")


def test_one_elision_rule_per_axis_and_the_same_on_both(qapp):
    count = len(CODE_PATHS)
    table = ResultTable("Co-occurrence", CODE_PATHS, CODE_PATHS,
                        tuple(tuple(float(r == c) for c in range(count)) for r in range(count)),
                        row_keys=tuple(range(count)), column_keys=tuple(range(count)))
    chart = HeatMap(table, row_colors=["#FF0000"] * count)  # codes on both axes
    assert chart.row_texts == chart.column_texts  # a code reads the same on both axes
    metrics = QFontMetricsF(chart_font(12))
    for full, short in zip(CODE_PATHS, chart.row_texts, strict=True):
        assert metrics.horizontalAdvance(short) <= chart.row_label_width - 4
        # whole, or its top names dropped with "… / " saying so; never a bare last name
        assert short == full or short.startswith(f"{ELLIPSIS} / "), short
    assert any(short != full for full, short in zip(CODE_PATHS, chart.row_texts, strict=True))
    cut = [short for short in chart.row_texts if short.endswith(ELLIPSIS)]
    assert all(short.startswith(f"{ELLIPSIS} / ") for short in cut)


def test_report_figures_take_the_text_width(window, qtbot, tmp_path, monkeypatch):
    project = window.project
    documents = [d.id for d in project.documents()]
    for number, code in enumerate(project.codes()[:6]):
        window.session.run("code", lambda c=code, n=number: project.add_coding(
            documents[n % 2], c.id, n, n + 5))
    open_view(window, qtbot, "matrix")  # 2 documents: a narrow heat map by nature
    monkeypatch.setattr(export_dialogs, "ask_report_options",
                        lambda *a, **k: ExcerptReportOptions(include_charts=True))
    target = tmp_path / "report.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    window.export_controller.export_report()
    document = docx.Document(target)
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    text_height = section.page_height - section.top_margin - section.bottom_margin
    shapes = document.inline_shapes
    assert len(shapes) == 2
    for shape in shapes:  # as wide as the text, unless as tall as a page allows
        assert shape.width == text_width or shape.height >= 0.84 * text_height, \
            (shape.width, text_width)

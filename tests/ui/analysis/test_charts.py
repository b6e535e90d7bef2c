"""The charts: bars and cells where the numbers put them, labels that fit and stay apart, the
colour scale and its text colours, big tables cut with a note, PNG and SVG the same drawing."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

from glocal_annotator.analysis.results import ResultTable
from glocal_annotator.colors import luminance
from glocal_annotator.errors import ExportFailure
from glocal_annotator.ui.analysis import scale
from glocal_annotator.ui.analysis.chart_export import png_bytes, render_image, save_chart, svg_bytes
from glocal_annotator.ui.analysis.charts import BarChart, HeatMap, chart_font
from glocal_annotator.ui.analysis.labels import elide_label, elide_labels


def table(rows=3, columns=2, measure="count", values=None, title="T"):
    values = values or tuple(tuple(float(r * columns + c) for c in range(columns))
                             for r in range(rows))
    return ResultTable(title, tuple(f"row {r}" for r in range(rows)),
                       tuple(f"col {c}" for c in range(columns)), tuple(map(tuple, values)),
                       measure=measure)


def pixel(image: QImage, point: QPointF, dpi: float = 96) -> str:
    factor = dpi / 96
    return QColor(image.pixel(round(point.x() * factor), round(point.y() * factor))).name()[1:] \
        .upper()


# -- scale ----------------------------------------------------------------------------------------


def test_zero_is_white_and_more_is_darker():
    assert scale.scale_color(0, 1, 10) == "FFFFFF"
    assert scale.scale_color(float("nan"), 1, 10) == "FFFFFF"
    shades = [luminance(scale.scale_color(v, 1, 10)) for v in (1, 2, 4, 7, 10)]
    assert shades == sorted(shades, reverse=True) and len(set(shades)) == 5
    assert scale.scale_color(10, 1, 10) == scale.BLUES[-1]
    assert scale.scale_color(3, 3, 3) == scale.scale_color(99, 99, 99)  # one value: mid scale


def test_cell_text_is_readable_on_every_shade():
    for level in range(scale.LEVELS):
        fill = scale._level_color(level)
        assert scale._contrast(fill, scale.text_color(fill)) >= 4.5, fill  # WCAG AA


def test_values_are_written_by_their_measure():
    assert scale.format_value(1234, "count") == "1,234"
    assert scale.format_value(12.345, "row_percent") == "12.3 %"
    assert scale.format_value(12.345, "column_percent", short=True) == "12.3"
    assert scale.format_value(0.4219, "coefficient") == "0.42"
    assert scale.format_value(1.0, "presence") == "1"


@pytest.mark.parametrize("high", [0.07, 1, 3, 47, 100, 12345])
def test_ticks_are_round_and_reach_the_highest_value(high):
    ticks = scale.nice_ticks(high)
    assert ticks[0] == 0 and ticks[-1] >= high and 3 <= len(ticks) <= 11
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1


# -- labels ---------------------------------------------------------------------------------------


def test_a_code_path_loses_its_top_names_first(qapp):
    metrics = QFontMetricsF(chart_font(12))
    path = "Hybridization / Glocal products / Food and drink"
    leaf = metrics.horizontalAdvance("… / Food and drink")
    assert elide_label(path, metrics, 1000) == path
    assert elide_label(path, metrics, leaf + 1) == "… / Food and drink"
    short = elide_label(path, metrics, 40)  # too narrow for "… / Fo…": the last name alone
    assert metrics.horizontalAdvance(short) <= 40 and short.startswith("F")


def test_names_alike_in_the_middle_stay_apart(qapp):
    metrics = QFontMetricsF(chart_font(12))
    names = [f"Interview_{i:03d}_with_local_actor.docx" for i in range(12)]
    width = metrics.horizontalAdvance("Interview_000_wi")
    shortened = elide_labels(names, metrics, width)
    assert len(set(shortened)) == 12
    assert all(metrics.horizontalAdvance(s) <= width for s in shortened)


# -- bar chart ------------------------------------------------------------------------------------


def test_bars_are_as_long_as_their_values(qapp):
    chart = BarChart(table(values=((10, 0), (40, 0), (0, 0), (25, 0)), rows=4))
    widths = [chart.bar_rect(r).width() for r in range(4)]
    assert widths[2] == 0
    assert widths[1] == pytest.approx(4 * widths[0]) and widths[3] == pytest.approx(2.5 * widths[0])
    assert chart.x_of(chart.ticks[-1]) <= chart.width - chart.value_width + 1
    assert chart.value_texts == ["10", "40", "0", "25"]


def test_bar_chart_draws_its_bars_in_the_rows_colours(qapp):
    chart = BarChart(table(values=((10, 0), (40, 0)), rows=2), colors=["#FF0000", None])
    image = render_image(chart, 96)
    assert pixel(image, chart.bar_rect(0).center()) == "FF0000"
    assert pixel(image, chart.bar_rect(1).center()) == "4292C6"


def test_a_click_on_a_bar_row_is_its_cell(qapp):
    chart = BarChart(table(rows=5), column=1)
    assert chart.cell_at(chart.bar_rect(3).center()) == (3, 1)
    assert chart.cell_at(QPointF(5, 2)) is None
    assert chart.cell_at(QPointF(5, chart.height + 50)) is None


def test_bar_chart_of_many_rows_is_cut_with_a_note(qapp):
    chart = BarChart(table(rows=1200, columns=1), limit=500)
    assert chart.count == 500 and "first 500 of 1,200 rows" in chart.header.note_text


def test_bar_chart_of_nothing_says_so(qapp):
    chart = BarChart(table(rows=0, columns=1, values=()))
    assert chart.count == 0 and "Nothing to show" in chart.header.note_text
    render_image(chart, 96)
    with pytest.raises(IndexError):
        BarChart(table(), column=5)


# -- heat map -------------------------------------------------------------------------------------


def test_each_cell_is_shaded_by_its_value(qapp):
    values = ((0, 1, 2), (3, 4, 50))
    chart = HeatMap(table(rows=2, columns=3, values=values))
    image = render_image(chart, 96)
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            corner = chart.cell_rect(r, c).topLeft() + QPointF(3, 3)  # off the written value
            assert pixel(image, corner) == scale.scale_color(value, 1, 50), (r, c)
    assert chart.texts[0] == ["", "1", "2"]  # a zero is left blank


def test_heat_map_click_finds_the_cell(qapp):
    chart = HeatMap(table(rows=4, columns=5))
    for r in range(4):
        for c in range(5):
            assert chart.cell_at(chart.cell_rect(r, c).center()) == (r, c)
    assert chart.cell_at(QPointF(1, 1)) is None


def test_a_hundred_by_a_hundred_scrolls_and_paints_only_what_is_shown(qapp):
    big = table(rows=100, columns=100,
                values=tuple(tuple(1 + (r * c) % 9 for c in range(100)) for r in range(100)))
    chart = HeatMap(big)
    assert (chart.rows, chart.columns) == (100, 100)
    image = QImage(chart.size(), QImage.Format.Format_ARGB32)
    image.fill(0xFF000000)  # black where nothing was painted
    painter = QPainter(image)
    chart.paint(painter, QRectF(chart.cell_rect(0, 0)))
    painter.end()
    first = chart.cell_rect(0, 0).topLeft() + QPointF(3, 3)
    far = chart.cell_rect(90, 90).topLeft() + QPointF(3, 3)
    assert pixel(image, first) == scale.scale_color(1, 1, 9)
    assert pixel(image, far) == "FFFFFF"  # the background only: that cell was not drawn


def test_heat_map_past_its_limits_is_cut_with_a_note(qapp):
    chart = HeatMap(table(rows=20, columns=400), max_rows=10, max_columns=300)
    assert (chart.rows, chart.columns) == (10, 300)
    assert "first 10 of 20 rows" in chart.header.note_text
    assert "first 300 of 400 columns" in chart.header.note_text


def test_percentages_are_shaded_between_the_smallest_and_largest(qapp):
    chart = HeatMap(table(rows=1, columns=2, measure="row_percent", values=((25.0, 75.0),)))
    assert (chart.low, chart.high) == (25.0, 75.0)
    assert chart.texts == [["25.0", "75.0"]]


# -- PNG and SVG ----------------------------------------------------------------------------------


def test_png_at_a_resolution_is_that_many_dots_per_inch(qapp):
    chart = HeatMap(table())
    data = png_bytes(chart, 192)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage.fromData(data)
    assert image.width() == pytest.approx(chart.size().width() * 2, abs=1)
    assert image.dotsPerMeterX() == round(192 / 0.0254)
    small = render_image(chart, 96)
    # the same drawing: a cell's shade at the same place at both resolutions
    spot = chart.cell_rect(2, 1).topLeft() + QPointF(3, 3)
    assert pixel(image, spot, 192) == pixel(small, spot, 96)


def test_svg_holds_the_labels_as_text(qapp):
    chart = HeatMap(table(title="Codes by document"))
    root = ET.fromstring(svg_bytes(chart))
    texts = " ".join("".join(e.itertext()) for e in root.iter() if e.tag.endswith("text"))
    assert "Codes by document" in texts and "row 2" in texts and "col 1" in texts
    assert root.get("viewBox") == f"0 0 {chart.size().width()} {chart.size().height()}"


def test_save_chart_by_suffix_and_never_over_the_project(qapp, tmp_path):
    chart = BarChart(table())
    assert save_chart(chart, tmp_path / "a.png", dpi=100).read_bytes()[:4] == b"\x89PNG"
    assert b"<svg" in save_chart(chart, tmp_path / "a.svg").read_bytes()
    with pytest.raises(ExportFailure, match="use .png or .svg"):
        save_chart(chart, tmp_path / "a.jpg")
    kept = tmp_path / "kept.png"  # a file the action must not replace (as the project)
    kept.write_bytes(b"precious")
    with pytest.raises(ExportFailure):
        save_chart(chart, kept, protect=(kept,))
    assert kept.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "a.svg", "kept.png"]


def test_an_image_too_big_to_hold_is_refused(qapp):
    chart = HeatMap(table(rows=300, columns=300))
    with pytest.raises(ExportFailure, match="lower resolution"):
        render_image(chart, 2400)
    with pytest.raises(ExportFailure):
        render_image(chart, 0)

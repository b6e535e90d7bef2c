"""Charts of a :class:`~glocal_annotator.analysis.results.ResultTable`, drawn with QPainter: a
horizontal bar chart (code and word frequencies) and a heat map (matrices, co-occurrence).

Why QPainter: the app depends on PySide6-Essentials, which has QtGui (QPainter, QImage) and
QtSvg (QSvgGenerator) but not QtCharts; QtCharts comes only in PySide6-Addons, a 175 MB wheel
(438 MB unpacked, for 6.11.3) for 4.5 MB of charting. Two chart kinds drawn here are a few hundred
lines, and one drawing serves the screen, PNG and SVG (:mod:`.chart_export`) alike.

A chart lays itself out once when made (work linear in its rows plus columns: each label and
value is measured once) and then paints only what a clip rectangle asks for, so scrolling a
300 x 300 heat map paints the cells in view, not 90,000. Sizes are in logical pixels (1/96 inch);
fonts are set in pixels, so a painter scaled for a 300 dpi PNG scales the text with the shapes.
Only QtGui is used, so the command line renders charts under a QGuiApplication.

Tables bigger than a chart's limits are cut to their first rows and columns, and the chart says
so in a note under its title ("Showing the first 300 of 420 columns.").
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QLinearGradient,
    QPainter,
    QPen,
)

from glocal_annotator.analysis.results import ResultTable
from glocal_annotator.colors import hex_color
from glocal_annotator.ui.analysis.labels import elide_labels
from glocal_annotator.ui.analysis.scale import (
    BLUES,
    MEASURE_NAMES,
    format_value,
    nice_ticks,
    scale_color,
    text_color,
)

MARGIN = 14.0
TEXT = QColor("#1A1A1A")
MUTED = QColor("#595959")
GRID = QColor("#D9D9D9")
BAR = "#4292C6"  # a bar without a code colour: the heat map's mid blue
MAX_BARS = 500
MAX_HEAT_ROWS = 300
MAX_HEAT_COLUMNS = 300


def chart_font(pixels: float, *, bold: bool = False) -> QFont:
    """The application's font family at ``pixels`` logical pixels."""
    font = QFont(QGuiApplication.font())
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    return font


def _cut_note(kept: int, total: int, what: str) -> str:
    return f"Showing the first {kept:,} of {total:,} {what}." if kept < total else ""


def _measure_caption(table: ResultTable, column: str | None = None) -> str:
    name = MEASURE_NAMES.get(table.measure, table.measure)
    if column and table.measure in ("count", "characters"):
        return column
    return f"{column}: {name}" if column else name


@dataclass
class _Header:
    """The title and the notes under it, wrapped to the chart's width."""

    title: str
    notes: list[str]
    width: float

    def __post_init__(self) -> None:
        self.title_font = chart_font(16, bold=True)
        self.note_font = chart_font(11.5)
        title_metrics = QFontMetricsF(self.title_font)
        note_metrics = QFontMetricsF(self.note_font)
        flags = int(Qt.TextFlag.TextWordWrap)
        self.title_rect = (title_metrics.boundingRect(QRectF(0, 0, self.width, 1e6), flags,
                                                      self.title)
                           if self.title else QRectF())
        self.note_text = "\n".join(n for n in self.notes if n)
        self.note_rect = (note_metrics.boundingRect(QRectF(0, 0, self.width, 1e6), flags,
                                                    self.note_text)
                          if self.note_text else QRectF())
        self.height = self.title_rect.height() + (self.note_rect.height() + 4
                                                  if self.note_text else 0)
        if self.height:
            self.height += 10

    def paint(self, painter: QPainter, left: float, top: float) -> None:
        flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft)
        painter.setFont(self.title_font)
        painter.setPen(TEXT)
        painter.drawText(QRectF(left, top, self.width, self.title_rect.height() + 2), flags,
                         self.title)
        if self.note_text:
            painter.setFont(self.note_font)
            painter.setPen(MUTED)
            painter.drawText(QRectF(left, top + self.title_rect.height() + 4, self.width,
                                    self.note_rect.height() + 2), flags, self.note_text)


def _visible(clip: QRectF | None, start: float, step: float, count: int,
             vertical: bool = True) -> range:
    """The indices of the rows (or columns) of ``step`` pixels from ``start`` that ``clip``
    touches: a range, worked out in constant time."""
    if clip is None or count == 0:
        return range(count)
    low, high = (clip.top(), clip.bottom()) if vertical else (clip.left(), clip.right())
    first = max(0, math.floor((low - start) / step))
    last = min(count, math.ceil((high - start) / step) + 1)
    return range(first, max(first, last))


class BarChart:
    """Horizontal bars for one column of ``table`` (``column``, default the first), one bar
    per row in the table's order, each labelled with its row label (code paths shortened from
    the top, other labels in the middle: :func:`.labels.elide_labels`; ``code_rows`` says the
    rows are codes, None: rows with a colour are) and its value. ``colors`` gives a bar its
    row's colour (``#RRGGBB`` or None; a code's colour); ``width`` is the chart's width in
    logical pixels; at most ``limit`` rows are drawn, with a note when more were cut.
    ``compact`` leaves the title and the table's note (how the numbers are made) out, as the
    screen shows it (the view's tab and its "How is this counted?" give them).

    Raises ``IndexError`` for a column the table does not have (a table with no columns gets an
    empty chart saying so)."""

    ROW = 22.0
    BAR = 15.0

    def __init__(self, table: ResultTable, column: int = 0, *, colors: Sequence[str | None] = (),
                 width: float = 760, limit: int = MAX_BARS, code_rows: bool | None = None,
                 compact: bool = False) -> None:
        columns = len(table.column_labels)
        if columns and not 0 <= column < columns:
            raise IndexError(f"no column {column} in a table of {columns} columns")
        self.table = table
        self.column = column
        self._options = {"colors": tuple(colors), "limit": limit, "code_rows": code_rows}
        self.count = min(len(table.row_labels), max(limit, 0)) if columns else 0
        self.values = [max(float(table.values[r][column]), 0.0) for r in range(self.count)]
        self.colors = [hex_color(colors[r] if r < len(colors) else None, BAR[1:])
                       for r in range(self.count)]
        self.code_rows = any(colors) if code_rows is None else code_rows
        self.width = float(width)
        caption = table.column_labels[column] if columns else ""
        self.caption = _measure_caption(table, caption)
        notes = ["" if compact else table.note,
                 _cut_note(self.count, len(table.row_labels), "rows")]
        if not self.count:
            notes.append("Nothing to show for this selection.")
        self.header = _Header("" if compact else table.title, notes, self.width - 2 * MARGIN)
        self._layout()

    def at_width(self, width: float, *, compact: bool = False) -> BarChart:
        """The same chart laid out ``width`` logical pixels wide (``compact`` as made)."""
        return BarChart(self.table, self.column, width=width, compact=compact, **self._options)

    def _layout(self) -> None:
        self.label_font = chart_font(12.5)
        self.value_font = chart_font(11.5)
        label_metrics = QFontMetricsF(self.label_font)
        value_metrics = QFontMetricsF(self.value_font)
        labels = self.table.row_labels[:self.count]
        widest = max((label_metrics.horizontalAdvance(t) for t in labels), default=0.0)
        self.label_width = min(widest, self.width * 0.38) + 4
        self.labels = elide_labels(labels, label_metrics, self.label_width - 4,
                                   code_paths=self.code_rows or None)
        self.value_texts = [format_value(v, self.table.measure) for v in self.values]
        self.value_width = max((value_metrics.horizontalAdvance(t) for t in self.value_texts),
                               default=0.0) + 8
        self.ticks = nice_ticks(max(self.values, default=0.0))
        self.plot_left = MARGIN + self.label_width + 8
        self.plot_width = max(self.width - MARGIN - self.value_width - self.plot_left, 40.0)
        self.caption_height = QFontMetricsF(self.value_font).height() + 6
        self.bars_top = MARGIN + self.header.height + self.caption_height
        self.axis_height = value_metrics.height() + 8
        self.height = self.bars_top + self.count * self.ROW + self.axis_height + MARGIN

    def size(self) -> QSize:
        """The chart's size in logical pixels."""
        return QSize(math.ceil(self.width), math.ceil(self.height))

    def x_of(self, value: float) -> float:
        return self.plot_left + self.plot_width * value / (self.ticks[-1] or 1)

    def bar_rect(self, row: int) -> QRectF:
        """Where the bar of ``row`` is drawn (logical pixels)."""
        top = self.bars_top + row * self.ROW + (self.ROW - self.BAR) / 2
        return QRectF(self.plot_left, top, self.x_of(self.values[row]) - self.plot_left,
                      self.BAR)

    def cell_at(self, point: QPointF) -> tuple[int, int] | None:
        """The table cell (row, column) whose bar row holds ``point``, or None."""
        if point.y() < self.bars_top or not 0 <= point.x() <= self.width:
            return None
        row = int((point.y() - self.bars_top) // self.ROW)
        return (row, self.column) if row < self.count else None

    def paint(self, painter: QPainter, clip: QRectF | None = None) -> None:
        """Draw the chart with its top left at (0, 0); only rows meeting ``clip`` are drawn."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.fillRect(QRectF(0, 0, self.width, self.height), Qt.GlobalColor.white)
        self.header.paint(painter, MARGIN, MARGIN)
        painter.setFont(self.value_font)
        painter.setPen(MUTED)
        painter.drawText(QRectF(self.plot_left, self.bars_top - self.caption_height,
                                self.plot_width, self.caption_height),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         self.caption)
        bottom = self.bars_top + self.count * self.ROW
        painter.setPen(QPen(GRID, 1))
        for tick in self.ticks:
            x = self.x_of(tick)
            painter.drawLine(QPointF(x, self.bars_top), QPointF(x, bottom))
        painter.setPen(MUTED)
        for tick in self.ticks:
            x = self.x_of(tick)
            painter.drawText(QRectF(x - 40, bottom + 3, 80, self.axis_height),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                             format_value(tick, self.table.measure))
        right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for row in _visible(clip, self.bars_top, self.ROW, self.count):
            top = self.bars_top + row * self.ROW
            painter.setFont(self.label_font)
            painter.setPen(TEXT)
            painter.drawText(QRectF(MARGIN, top, self.label_width, self.ROW), right,
                             self.labels[row])
            rect = self.bar_rect(row)
            fill = QColor("#" + self.colors[row])
            painter.setPen(QPen(fill.darker(150), 0.8))
            painter.setBrush(QBrush(fill))
            if rect.width() > 0:
                painter.drawRect(rect)
            painter.setFont(self.value_font)
            painter.setPen(TEXT)
            painter.drawText(QRectF(rect.right() + 4, top, self.value_width + 4, self.ROW), left,
                             self.value_texts[row])
        painter.restore()


class HeatMap:
    """Every cell of ``table`` as a square shaded by its value (ColorBrewer Blues, white for
    zero: :mod:`.scale`), with its value written in the cell in a colour readable on it, row
    labels on the left (shortened like the bar chart's), column labels turned upright above,
    and a legend of the scale. ``row_colors`` puts a code's colour swatch before its row label;
    ``code_rows`` / ``code_columns`` say which labels are codes (None: rows with a colour are;
    columns whose labels are the rows' are), shortened by the code rule, and when rows and
    columns are the same codes (co-occurrence) they are shortened to one width, so a code
    reads the same on both. At most ``max_rows`` x ``max_columns`` cells are drawn, with a
    note when more were cut. ``width`` is the least width in logical pixels: the cells widen
    (up to :attr:`MAX_CELL`) to fill it. ``compact`` as :class:`BarChart`'s."""

    LABEL_LIMIT = 170.0  # the longest a turned column label may be, in logical pixels
    ROW_LABEL_LIMIT = 260.0
    SHARED_LABEL_LIMIT = 210.0  # codes on both axes: one width for both
    MAX_CELL = 96.0

    def __init__(self, table: ResultTable, *, row_colors: Sequence[str | None] = (),
                 max_rows: int = MAX_HEAT_ROWS, max_columns: int = MAX_HEAT_COLUMNS,
                 width: float = 0.0, code_rows: bool | None = None,
                 code_columns: bool | None = None, compact: bool = False) -> None:
        self.table = table
        self.rows = min(len(table.row_labels), max(max_rows, 0))
        self.columns = min(len(table.column_labels), max(max_columns, 0))
        self.row_colors = [row_colors[r] if r < len(row_colors) else None
                           for r in range(self.rows)]
        self.values = [[float(v) for v in table.values[r][:self.columns]]
                       for r in range(self.rows)]
        shown = [v for row in self.values for v in row if v > 0]
        self.low = min(shown, default=0.0)
        self.high = max(shown, default=0.0)
        self._notes = [_cut_note(self.rows, len(table.row_labels), "rows"),
                       _cut_note(self.columns, len(table.column_labels), "columns")]
        if not self.rows or not self.columns:
            self._notes.append("Nothing to show for this selection.")
        self.code_rows = any(self.row_colors) if code_rows is None else code_rows
        same = (self.rows == self.columns
                and table.row_labels[:self.rows] == table.column_labels[:self.columns])
        self.code_columns = (self.code_rows and same) if code_columns is None else code_columns
        self._measure(shared=self.code_rows and self.code_columns and same)
        self._fit(width, compact)

    def at_width(self, width: float, *, compact: bool = False) -> HeatMap:
        """The same heat map at least ``width`` logical pixels wide (``compact`` as made);
        the labels and cell texts are not measured again."""
        fitted = copy.copy(self)
        fitted._fit(width, compact)
        return fitted

    def _measure(self, *, shared: bool) -> None:
        """What does not depend on the width: cell texts, label widths and shortened labels."""
        self.label_font = chart_font(12)
        self.value_font = chart_font(11)
        label_metrics = QFontMetricsF(self.label_font)
        value_metrics = QFontMetricsF(self.value_font)
        measure = self.table.measure
        self.texts = [[format_value(v, measure, short=True) if v else "" for v in row]
                      for row in self.values]
        widest_value = max((value_metrics.horizontalAdvance(t) for row in self.texts
                            for t in row), default=0.0)
        self.least_cell = min(max(widest_value + 10, 30.0), 64.0)
        self.cell_width = self.least_cell
        self.cell_height = 22.0
        row_labels = self.table.row_labels[:self.rows]
        column_labels = self.table.column_labels[:self.columns]
        self.swatch = 10.0 if any(self.row_colors) else 0.0
        widest_row = max((label_metrics.horizontalAdvance(t) for t in row_labels), default=0.0)
        tallest = max((label_metrics.horizontalAdvance(t) for t in column_labels), default=0.0)
        row_limit = self.SHARED_LABEL_LIMIT if shared else self.ROW_LABEL_LIMIT
        column_limit = self.SHARED_LABEL_LIMIT if shared else self.LABEL_LIMIT
        self.row_label_width = min(widest_row, row_limit) + 4
        self.column_label_height = min(tallest, column_limit) + 8
        self.row_texts = elide_labels(row_labels, label_metrics, self.row_label_width - 4,
                                      code_paths=self.code_rows or None)
        self.column_texts = elide_labels(column_labels, label_metrics,
                                         self.column_label_height - 8,
                                         code_paths=self.code_columns or None)
        self.grid_left = MARGIN + self.swatch + (6 if self.swatch else 0) \
            + self.row_label_width + 8
        self.legend_width = 180.0
        self.legend_height = 10 + value_metrics.height() + 12
        caption = MEASURE_NAMES.get(measure, measure)
        # the legend less its bar: caption, the "none (0)" box and its words
        self.legend_rest = (value_metrics.horizontalAdvance(caption) + 8 + 14 + 11 + 4
                            + value_metrics.horizontalAdvance("none (0)") + 4)

    def _fit(self, width: float, compact: bool) -> None:
        """The cells widened to fill ``width`` (up to :attr:`MAX_CELL`), the header wrapped to
        the chart's width."""
        room = width - self.grid_left - MARGIN
        self.cell_width = self.least_cell
        if self.columns and room > self.columns * self.least_cell:
            self.cell_width = min(room / self.columns, max(self.MAX_CELL, self.least_cell))
        grid_width = self.columns * self.cell_width
        self.width = max(self.grid_left + grid_width + MARGIN,
                         MARGIN * 2 + self.legend_width + 120, 420.0, float(width))
        notes = ["" if compact else self.table.note, *self._notes]
        self.header = _Header("" if compact else self.table.title, notes,
                              self.width - 2 * MARGIN)
        self.legend_top = MARGIN + self.header.height
        # the legend above the row labels, beside the column labels, where there is room
        room = self.grid_left - MARGIN - 10 - self.legend_rest
        if room >= 80:
            self.legend_width = min(180.0, room)
            self.grid_top = self.legend_top + max(self.legend_height, self.column_label_height)
        else:
            self.legend_width = 180.0
            self.grid_top = self.legend_top + self.legend_height + self.column_label_height
        self.height = self.grid_top + self.rows * self.cell_height + MARGIN

    def size(self) -> QSize:
        """The chart's size in logical pixels."""
        return QSize(math.ceil(self.width), math.ceil(self.height))

    def cell_rect(self, row: int, column: int) -> QRectF:
        """Where cell (row, column) is drawn (logical pixels)."""
        return QRectF(self.grid_left + column * self.cell_width,
                      self.grid_top + row * self.cell_height, self.cell_width, self.cell_height)

    def cell_at(self, point: QPointF) -> tuple[int, int] | None:
        """The table cell (row, column) at ``point``, or None outside the grid."""
        column = math.floor((point.x() - self.grid_left) / self.cell_width)
        row = math.floor((point.y() - self.grid_top) / self.cell_height)
        if 0 <= row < self.rows and 0 <= column < self.columns:
            return row, column
        return None

    def paint(self, painter: QPainter, clip: QRectF | None = None) -> None:
        """Draw the chart with its top left at (0, 0); only cells meeting ``clip`` are drawn."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.fillRect(QRectF(0, 0, self.width, self.height), Qt.GlobalColor.white)
        self.header.paint(painter, MARGIN, MARGIN)
        self._paint_legend(painter)
        rows = _visible(clip, self.grid_top, self.cell_height, self.rows)
        columns = _visible(clip, self.grid_left, self.cell_width, self.columns, vertical=False)
        self._paint_column_labels(painter, columns)
        self._paint_row_labels(painter, rows)
        centred = int(Qt.AlignmentFlag.AlignCenter)
        painter.setFont(self.value_font)
        value_metrics = QFontMetricsF(self.value_font)
        colors: dict[str, QColor] = {}
        for row in rows:
            values = self.values[row]
            texts = self.texts[row]
            for column in columns:
                fill = scale_color(values[column], self.low, self.high)
                color = colors.get(fill)
                if color is None:
                    color = colors[fill] = QColor("#" + fill)
                rect = self.cell_rect(row, column).adjusted(0.5, 0.5, -0.5, -0.5)
                painter.fillRect(rect, color)
                text = texts[column]
                if text and value_metrics.horizontalAdvance(text) <= rect.width() - 4:
                    painter.setPen(QColor("#" + text_color(fill)))
                    painter.drawText(rect, centred, text)
        painter.setPen(QPen(GRID, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.rows and self.columns:
            painter.drawRect(QRectF(self.grid_left, self.grid_top,
                                    self.columns * self.cell_width,
                                    self.rows * self.cell_height))
        painter.restore()

    def _paint_legend(self, painter: QPainter) -> None:
        left, top = MARGIN, self.legend_top
        metrics = QFontMetricsF(self.value_font)
        painter.setFont(self.value_font)
        painter.setPen(MUTED)
        caption = MEASURE_NAMES.get(self.table.measure, self.table.measure)
        caption_width = metrics.horizontalAdvance(caption) + 8
        painter.drawText(QRectF(left, top, caption_width, 12),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), caption)
        bar = QRectF(left + caption_width, top + 1, self.legend_width, 10)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        for index, stop in enumerate(BLUES):
            gradient.setColorAt(index / (len(BLUES) - 1), QColor("#" + stop))
        painter.fillRect(bar, QBrush(gradient))
        painter.setPen(QPen(GRID, 1))
        painter.drawRect(bar)
        painter.setPen(MUTED)
        measure = self.table.measure
        low = format_value(self.low, measure) if self.high else "0"
        high = format_value(self.high, measure) if self.high else "0"
        below = QRectF(bar.left(), bar.bottom() + 2, self.legend_width, metrics.height())
        painter.drawText(below, int(Qt.AlignmentFlag.AlignLeft), low)
        painter.drawText(below, int(Qt.AlignmentFlag.AlignRight), high)
        zero = QRectF(bar.right() + 14, top, 11, 11)
        painter.fillRect(zero, Qt.GlobalColor.white)
        painter.setPen(QPen(GRID, 1))
        painter.drawRect(zero)
        painter.setPen(MUTED)
        painter.drawText(QRectF(zero.right() + 4, top - 2, 80, 16),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         "none (0)")

    def _paint_column_labels(self, painter: QPainter, columns: range) -> None:
        painter.setFont(self.label_font)
        painter.setPen(TEXT)
        bottom = self.grid_top - 6
        height = self.column_label_height - 8
        for column in columns:
            centre = self.grid_left + (column + 0.5) * self.cell_width
            painter.save()
            painter.translate(centre, bottom)
            painter.rotate(-90)
            painter.drawText(QRectF(0, -self.cell_width / 2, height, self.cell_width),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             self.column_texts[column])
            painter.restore()

    def _paint_row_labels(self, painter: QPainter, rows: range) -> None:
        painter.setFont(self.label_font)
        right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label_left = MARGIN + self.swatch + (6 if self.swatch else 0)
        for row in rows:
            top = self.grid_top + row * self.cell_height
            color = self.row_colors[row]
            if color:
                painter.fillRect(QRectF(MARGIN, top + (self.cell_height - self.swatch) / 2,
                                        self.swatch, self.swatch),
                                 QColor("#" + hex_color(color)))
            painter.setPen(TEXT)
            painter.drawText(QRectF(label_left, top, self.row_label_width, self.cell_height),
                             right, self.row_texts[row])


Chart = BarChart | HeatMap

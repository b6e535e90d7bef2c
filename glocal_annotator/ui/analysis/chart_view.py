"""A chart on screen: :mod:`.charts` drawn in a scroll area, painting only what is exposed, with
the cell under the mouse in a tooltip and a click on a bar or cell reported as that cell.

The chart fits the room it has: it is laid out as wide as the view (a heat map no narrower than
its cells need) without its title and the table's long note (the view's tab and its "How is
this counted?" give them),
and, when it is taller than the view, drawn smaller to fit, down to :data:`MIN_SCALE`; below
that its text would be too small to read, so it is drawn at that scale and scrolls. Exports
use the chart as made (:mod:`.chart_export`), not the fitted copy shown here.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QHelpEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QScrollArea, QToolTip, QWidget

from glocal_annotator.ui.analysis.charts import Chart
from glocal_annotator.ui.analysis.scale import format_value

MIN_SCALE = 0.75  # the smallest chart text (11 px) stays above 8 px
MIN_ROOM = 60  # a view smaller than this (being laid out) shows the chart as made


class ChartCanvas(QWidget):
    """The chart at its size times :attr:`scale` (the scroll area scrolls it)."""

    cellClicked = Signal(int, int)  # row, column of the table
    cellActivated = Signal(int, int)  # double-clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartCanvas")
        self.setMouseTracking(True)
        self.chart: Chart | None = None
        self.scale = 1.0
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_chart(self, chart: Chart | None, scale: float = 1.0) -> None:
        """Show ``chart`` drawn at ``scale`` (1: its logical size)."""
        self.chart, self.scale = chart, scale
        if chart is not None:
            size = chart.size()
            self.setFixedSize(QSize(math.ceil(size.width() * scale),
                                    math.ceil(size.height() * scale)))
        else:
            self.setFixedSize(1, 1)
        self.update()

    def canvas_point(self, point: QPointF) -> QPoint:
        """Where the chart's logical ``point`` is on this canvas."""
        return QPointF(point.x() * self.scale, point.y() * self.scale).toPoint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(event.rect(), Qt.GlobalColor.white)
        if self.chart is not None:
            painter.setClipRect(event.rect())
            painter.scale(self.scale, self.scale)
            exposed = QRectF(event.rect())
            self.chart.paint(painter, QRectF(exposed.topLeft() / self.scale,
                                             exposed.size() / self.scale))
        painter.end()

    def _cell(self, point: QPointF) -> tuple[int, int] | None:
        if self.chart is None:
            return None
        return self.chart.cell_at(point / self.scale)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        cell = self._cell(event.position())
        if cell is not None and event.button() == Qt.MouseButton.LeftButton:
            self.cellClicked.emit(*cell)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        cell = self._cell(event.position())
        if cell is not None:
            self.cellActivated.emit(*cell)
        super().mouseDoubleClickEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.chart is not None:
            help_event: QHelpEvent = event  # type: ignore[assignment]
            cell = self._cell(QPointF(help_event.pos()))
            if cell is None:
                QToolTip.hideText()
                event.ignore()
                return True
            table = self.chart.table
            row, column = cell
            value = format_value(table.values[row][column], table.measure)
            QToolTip.showText(help_event.globalPos(),
                              f"{table.row_labels[row]}\n{table.column_labels[column]}: {value}"
                              "\nClick to list its passages", self)
            return True
        return super().event(event)


class ChartView(QScrollArea):
    """A scrollable :class:`ChartCanvas` showing a chart fitted to the view (module notes);
    ``canvas`` gives its signals, :attr:`chart` the chart as shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartView")
        self.canvas = ChartCanvas(self)
        self.setWidget(self.canvas)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setBackgroundRole(self.canvas.backgroundRole())
        self.viewport().setStyleSheet("background: white;")
        self.source: Chart | None = None  # the chart as made (exports use it)
        self._fitted_for: QSize | None = None

    def set_chart(self, chart: Chart | None) -> None:
        self.source = chart
        self._fitted_for = None
        self._fit()

    @property
    def chart(self) -> Chart | None:
        """The chart as shown (laid out for the view; :attr:`ChartCanvas.scale` its scale)."""
        return self.canvas.chart

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Lay the chart out for the room the view has (only while it is shown: a hidden
        Chart tab costs nothing when the result changes)."""
        room = self.maximumViewportSize()  # the viewport without scroll bars
        if self._fitted_for == room and self.canvas.chart is not None:
            return
        source = self.source
        if source is None or room.width() < MIN_ROOM or room.height() < MIN_ROOM \
                or not self.isVisible():
            self.canvas.set_chart(source)
            return
        self._fitted_for = room
        width, height = float(room.width()), float(room.height())
        chart = source.at_width(width - 1, compact=True)
        scale = min(1.0, height / chart.height, width / chart.width)
        if scale < 1.0:
            scale = max(scale, MIN_SCALE)
            if chart.height * scale > height:  # it scrolls: leave room for the scroll bar
                width -= self.verticalScrollBar().sizeHint().width()
            chart = source.at_width(math.floor(width / scale) - 2, compact=True)
        self.canvas.set_chart(chart, scale)

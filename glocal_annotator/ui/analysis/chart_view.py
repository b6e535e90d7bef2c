"""A chart on screen: :mod:`.charts` drawn in a scroll area, painting only what is exposed, with
the cell under the mouse in a tooltip and a click on a bar or cell reported as that cell."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QHelpEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QScrollArea, QToolTip, QWidget

from glocal_annotator.ui.analysis.charts import Chart
from glocal_annotator.ui.analysis.scale import format_value


class ChartCanvas(QWidget):
    """The chart at its own size (the scroll area scrolls it)."""

    cellClicked = Signal(int, int)  # row, column of the table
    cellActivated = Signal(int, int)  # double-clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartCanvas")
        self.setMouseTracking(True)
        self.chart: Chart | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_chart(self, chart: Chart | None) -> None:
        self.chart = chart
        if chart is not None:
            self.setFixedSize(chart.size())
        else:
            self.setFixedSize(1, 1)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(event.rect(), Qt.GlobalColor.white)
        if self.chart is not None:
            painter.setClipRect(event.rect())
            self.chart.paint(painter, QRectF(event.rect()))
        painter.end()

    def _cell(self, point: QPointF) -> tuple[int, int] | None:
        return self.chart.cell_at(point) if self.chart is not None else None

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
    """A scrollable :class:`ChartCanvas`; ``canvas`` gives its signals."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartView")
        self.canvas = ChartCanvas(self)
        self.setWidget(self.canvas)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setBackgroundRole(self.canvas.backgroundRole())
        self.viewport().setStyleSheet("background: white;")

    def set_chart(self, chart: Chart | None) -> None:
        self.canvas.set_chart(chart)

    @property
    def chart(self) -> Chart | None:
        return self.canvas.chart

"""KWIC lines in a table: the document, the left context, and the keyword with its right
context, drawn so that the line reads as the text itself does.

The left context is drawn flush against the right edge of its column and the keyword (in bold)
starts at that edge, with the right context right after it: nothing is added between them and
nothing taken away, so ``water, gather`` shows as written (not ``water , gather``), a trailing
space of the left context stays a space, and a keyword cut out of a longer word (``glocal*``)
shows no gap. Line breaks and tabs are spaces already (:class:`~glocal_annotator.analysis.kwic.
KwicLine`). A context too long for its column is cut at its far end: the left one at its left,
the right one at its right, so the words next to the keyword stay.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from glocal_annotator.analysis.kwic import KwicLine

LINE_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Document", "Left context", "Keyword and right context")
LEFT, KEYWORD = 1, 2  # the context columns
PAD = 4  # logical pixels kept free at a context's far end
Index = QModelIndex | QPersistentModelIndex


class KwicModel(QAbstractTableModel):
    """KWIC lines as rows: document, left context, keyword with its right context (each the
    text's own characters)."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.lines: list[KwicLine] = []

    def set_lines(self, lines: list[KwicLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (line.document, line.left, line.keyword + line.right)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column:
            return line.left + line.keyword + line.right
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column == LEFT else \
                Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == LINE_ROLE:
            return line
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


@dataclass(frozen=True)
class Placed:
    """A context cell's text as drawn: ``text`` from ``x`` (logical pixels), ``end`` where it
    stops; for the keyword column, ``keyword`` (bold) first and ``text`` from ``x``."""

    text: str
    x: float
    end: float
    keyword: str = ""
    keyword_x: float = 0.0


def place_left(line: KwicLine, rect: QRect, metrics: QFontMetricsF) -> Placed:
    """The left context in ``rect``: ending exactly at the cell's right edge (where the keyword
    column begins), cut at its left when too long."""
    edge = float(rect.x() + rect.width())
    text = line.left
    if metrics.horizontalAdvance(text) > rect.width() - PAD:
        text = metrics.elidedText(text, Qt.TextElideMode.ElideLeft, rect.width() - PAD)
    return Placed(text, edge - metrics.horizontalAdvance(text), edge)


def place_keyword(line: KwicLine, rect: QRect, metrics: QFontMetricsF,
                  bold: QFontMetricsF) -> Placed:
    """The keyword (in ``bold``) from the cell's left edge, the right context right after it,
    cut at its right when too long."""
    start = float(rect.x())
    room = rect.width() - PAD
    keyword = line.keyword
    if bold.horizontalAdvance(keyword) > room:
        keyword = bold.elidedText(keyword, Qt.TextElideMode.ElideRight, room)
    after = start + bold.horizontalAdvance(keyword)
    text = metrics.elidedText(line.right, Qt.TextElideMode.ElideRight,
                              max(start + room - after, 0.0))
    return Placed(text, after, after + metrics.horizontalAdvance(text), keyword, start)


class KwicDelegate(QStyledItemDelegate):
    """Draws the context columns as the module notes say; document names are cut in their
    middle (the number and suffix stay)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        line = index.data(LINE_ROLE)
        if index.column() not in (LEFT, KEYWORD) or line is None:
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""
        style = item.widget.style() if item.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        font = QFont(item.font)
        metrics = QFontMetricsF(font)
        rect = item.rect
        baseline = rect.y() + (rect.height() - metrics.height()) / 2 + metrics.ascent()
        painter.save()
        painter.setPen(item.palette.color(role))
        painter.setFont(font)
        if index.column() == LEFT:
            placed = place_left(line, rect, metrics)
            painter.drawText(QPointF(placed.x, baseline), placed.text)
        else:
            heavy = QFont(font)
            heavy.setBold(True)
            placed = place_keyword(line, rect, metrics, QFontMetricsF(heavy))
            painter.setFont(heavy)
            painter.drawText(QPointF(placed.keyword_x, baseline), placed.keyword)
            painter.setFont(font)
            painter.drawText(QPointF(placed.x, baseline), placed.text)
        painter.restore()

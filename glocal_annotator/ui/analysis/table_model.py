"""A :class:`~glocal_annotator.analysis.results.ResultTable` as a Qt table: numbers written by
their measure, sortable by their values (not their text), each cell shaded as the heat map
shades it when the table is a matrix, and the full label in a tooltip."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFontMetrics

from glocal_annotator.analysis.results import ResultTable
from glocal_annotator.ui.analysis.scale import format_value, scale_color, text_color

VALUE_ROLE = Qt.ItemDataRole.UserRole + 1  # the number itself, what sorting compares
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the table's own row index (the proxy sorts rows)

Index = QModelIndex | QPersistentModelIndex


class ResultTableModel(QAbstractTableModel):
    """The cells of one table (:meth:`set_table` replaces it). With ``shaded``, each cell's
    background is its heat-map colour and its text the readable colour on it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.table: ResultTable | None = None
        self.shaded = False
        self._low = self._high = 0.0
        self._texts: list[list[str]] = []
        self._colors: dict[str, QColor] = {}

    def set_table(self, table: ResultTable | None, *, shaded: bool = False) -> None:
        """Show ``table`` (None: nothing). Formats every cell once (linear in the cells)."""
        self.beginResetModel()
        self.table = table
        self.shaded = shaded
        if table is None:
            self._texts = []
        else:
            self._texts = [[format_value(v, table.measure) for v in row] for row in table.values]
            shown = [v for row in table.values for v in row if v > 0]
            self._low, self._high = min(shown, default=0.0), max(shown, default=0.0)
        self.endResetModel()

    def column_widths(self, metrics: QFontMetrics, *, padding: int = 16,
                      header_limit: int = 180) -> list[int]:
        """A width in pixels for each column: its widest value, or its label up to
        ``header_limit`` (a longer label is cut; the tooltip has it whole). One measurement per
        cell and label, without asking the view (``resizeColumnsToContents`` asks every cell
        for every role: 0.15 s for 24 x 100)."""
        table = self.table
        if table is None:
            return []
        widths = [min(metrics.horizontalAdvance(label), header_limit) + padding
                  for label in table.column_labels]
        seen: dict[str, int] = {}
        for row in self._texts:
            for column, text in enumerate(row):
                width = seen.get(text)
                if width is None:
                    width = seen[text] = metrics.horizontalAdvance(text)
                if width + padding > widths[column]:
                    widths[column] = width + padding
        return widths

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.table is None else len(self.table.row_labels)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.table is None else len(self.table.column_labels)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        table = self.table
        if table is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][column]
        if role == VALUE_ROLE:
            return float(table.values[row][column])
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{table.row_labels[row]}\n{table.column_labels[column]}: "
                    f"{self._texts[row][column]}")
        if self.shaded and role in (Qt.ItemDataRole.BackgroundRole,
                                    Qt.ItemDataRole.ForegroundRole):
            fill = scale_color(table.values[row][column], self._low, self._high)
            if role == Qt.ItemDataRole.ForegroundRole:
                fill = text_color(fill)
            color = self._colors.get(fill)
            if color is None:
                color = self._colors[fill] = QColor("#" + fill)
            return color
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        table = self.table
        if table is None or role not in (Qt.ItemDataRole.DisplayRole,
                                         Qt.ItemDataRole.ToolTipRole):
            return None
        labels = (table.column_labels if orientation == Qt.Orientation.Horizontal
                  else table.row_labels)
        return labels[section] if 0 <= section < len(labels) else None

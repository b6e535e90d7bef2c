"""The coded segments as a table model: one row per coding, its text computed when shown.

Rows are plain :class:`~glocal_annotator.model.Coding` values in document order; the excerpt with
its context (:func:`~glocal_annotator.excerpt_context.one_line`, the Word report's rule on one
line), the code, document and coder names are looked up only for the rows on screen, so
50,000 segments cost a query and a list, not 50,000 items. Codings that are added or removed
are inserted or taken out in place (:meth:`SegmentsModel.remove`, :meth:`SegmentsModel.insert`).
A coding with a memo shows a note icon before its excerpt; tooltips hold the whole passage and
the memo, as plain text.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from functools import lru_cache

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

from glocal_annotator.code_paths import display_path
from glocal_annotator.excerpt_context import one_line
from glocal_annotator.model import Code, Coding
from glocal_annotator.ui.common.code_items import swatch
from glocal_annotator.ui.common.plain import tip

CONTEXT = 60  # characters of context either side, at most (excerpt_context.one_line)
CODING_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = ("Excerpt (in context)", "Code", "Document", "Coder")


@lru_cache(maxsize=1)
def memo_icon(size: int = 14) -> QIcon:
    """A small yellow note with a folded corner and two lines: "this coding has a memo" (the
    sticky note NVivo and MAXQDA use for memos)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fold = size * 0.32
    edge = size - 1.0
    note = QPolygonF([QPointF(1, 1), QPointF(edge - fold, 1), QPointF(edge, 1 + fold),
                      QPointF(edge, edge), QPointF(1, edge)])
    painter.setPen(QPen(QColor("#9A7B00"), 1))
    painter.setBrush(QColor("#FFD84D"))
    painter.drawPolygon(note)
    painter.drawLine(QPointF(edge - fold, 1), QPointF(edge - fold, 1 + fold))
    painter.drawLine(QPointF(edge - fold, 1 + fold), QPointF(edge, 1 + fold))
    for y in (size * 0.5, size * 0.72):
        painter.drawLine(QPointF(3.5, y), QPointF(edge - 2.5, y))
    painter.end()
    return QIcon(pixmap)


def _key(coding: Coding) -> tuple[int, int, int, int]:
    return coding.document_id, coding.start, coding.end, coding.id


class SegmentsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.rows: list[Coding] = []
        self._keys: list[tuple[int, int, int, int]] = []
        self._per_document: Counter[int] = Counter()
        self._texts: dict[int, str] = {}
        self.codes: dict[int, Code] = {}
        self.documents: dict[int, str] = {}
        self.coders: dict[int, str] = {}

    # -- content -----------------------------------------------------------------------------

    def reset(self, project, codings: list[Coding], codes: dict[int, Code],
              documents: dict[int, str], coders: dict[int, str]) -> None:
        self.beginResetModel()
        self.project = project
        keyed = sorted((c.document_id, c.start, c.end, c.id, c) for c in codings)  # nearly
        # sorted already (by document, start, id): the sort is close to one pass
        self.rows = [row[4] for row in keyed]
        self._keys = [row[:4] for row in keyed]
        self._per_document = Counter(row[0] for row in keyed)
        self._texts = {}
        self.codes, self.documents, self.coders = codes, documents, coders
        self.endResetModel()

    def remove(self, coding_id: int, key: tuple[int, int, int, int]) -> bool:
        row = bisect_left(self._keys, key)
        if row < len(self._keys) and self._keys[row] == key and self.rows[row].id == coding_id:
            self.beginRemoveRows(QModelIndex(), row, row)
            self._per_document[self.rows[row].document_id] -= 1
            del self.rows[row]
            del self._keys[row]
            self.endRemoveRows()
            return True
        return False

    def insert(self, coding: Coding) -> None:
        key = _key(coding)
        row = bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.insert(row, coding)
        self._keys.insert(row, key)
        self._per_document[coding.document_id] += 1
        self.endInsertRows()

    def document_count(self) -> int:
        return sum(1 for count in self._per_document.values() if count > 0)

    def _text(self, document_id: int) -> str:
        if document_id not in self._texts:
            self._texts[document_id] = self.project.document_text(document_id)
        return self._texts[document_id]

    # -- the model interface -----------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.project is None:
            return None
        coding = self.rows[index.row()]
        column = index.column()
        if role == CODING_ROLE:
            return coding
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(coding, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(coding, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(coding, column)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and column == 0 and coding.memo:
            return "has a memo"
        return None

    def _display(self, coding: Coding, column: int) -> str:
        if column == 0:
            return one_line(self._text(coding.document_id), coding.start, coding.end, CONTEXT)
        if column == 1:
            code = self.codes.get(coding.code_id)
            return code.name if code else "?"
        if column == 2:
            return self.documents.get(coding.document_id, "?")
        return self.coders.get(coding.coder_id, "?")

    def _decoration(self, coding: Coding, column: int) -> QIcon | None:
        code = self.codes.get(coding.code_id)
        if column == 1 and code is not None:
            return swatch(code.color)
        if column == 0 and coding.memo:
            return memo_icon()
        return None

    def _tooltip(self, coding: Coding, column: int) -> str:
        code = self.codes.get(coding.code_id)
        if column == 1 and code is not None:
            return tip(display_path(code.path))
        text = self._text(coding.document_id)[coding.start:coding.end]
        return tip(text + (f"\n\nMemo: {coding.memo}" if coding.memo else ""))


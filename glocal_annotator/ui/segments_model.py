"""The coded segments as a table model: one row per coding, its text computed when shown.

Rows are plain :class:`~glocal_annotator.model.Coding` values in document order; the excerpt with
its context (:func:`~glocal_annotator.excerpt_context.one_line`, the Word report's rule on one
line), the code, document and coder names are looked up only for the rows on screen, so
50,000 segments cost a query and a list, not 50,000 items. Codings that are added or removed
are inserted or taken out in place (:meth:`SegmentsModel.remove`, :meth:`SegmentsModel.insert`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from glocal_annotator.excerpt_context import one_line
from glocal_annotator.model import Code, Coding
from glocal_annotator.ui.codebook_model import swatch

CONTEXT = 60  # characters of context either side, at most (excerpt_context.one_line)
CODING_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = ("Excerpt (in context)", "Code", "Document", "Coder")


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
        self.rows = sorted(codings, key=_key)
        self._keys = [_key(c) for c in self.rows]
        self._per_document = Counter(c.document_id for c in self.rows)
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
        code = self.codes.get(coding.code_id)
        if role == CODING_ROLE:
            return coding
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return one_line(self._text(coding.document_id), coding.start, coding.end, CONTEXT)
            if column == 1:
                return code.name if code else "?"
            if column == 2:
                return self.documents.get(coding.document_id, "?")
            return self.coders.get(coding.coder_id, "?")
        if role == Qt.ItemDataRole.DecorationRole and column == 1 and code is not None:
            return swatch(code.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1 and code is not None:
                return code.path
            text = self._text(coding.document_id)[coding.start:coding.end]
            return text + (f"\n\nMemo: {coding.memo}" if coding.memo else "")
        return None

"""The passages behind a clicked cell: one line each (document, the passage in its context), in
document order, every one listed (lines are made as they scroll into view); double-click or
Enter opens the document at the passage."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from glocal_annotator.analysis.results import Passage
from glocal_annotator.excerpt_context import context
from glocal_annotator.ui.common.plain import tip
from glocal_annotator.wording import plural

Index = QModelIndex | QPersistentModelIndex
PASSAGE_ROLE = Qt.ItemDataRole.UserRole + 1
MIDDLE = 160  # characters of a long passage shown (its start and its end)
AROUND = 40  # characters of context either side


def passage_line(text: str, passage: Passage) -> str:
    """``passage`` on one line inside some context: ``…before [the passage] after…``; a long
    passage shows its first and last characters around an ellipsis, so the line costs the same
    for a 3-million-character passage as for a word."""
    start, end = passage.start, passage.end
    before, after = context(text, start, start, AROUND)[0], context(text, end, end, AROUND)[1]
    if end - start > MIDDLE:
        middle = f"{text[start:start + MIDDLE // 2]} … {text[end - MIDDLE // 2:end]}"
    else:
        middle = text[start:end]
    return " ".join(f"{before}[{middle}]{after}".split())


class PassageModel(QAbstractListModel):
    """Passages as one line each, worked out when a row is shown (a query's 50,000 hits cost
    what the rows on screen cost); a document's text and name are asked for once."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.passages: list[Passage] = []
        self._text_of: Callable[[int], str] = lambda _d: ""
        self._name_of: Callable[[int], str] = lambda _d: ""
        self._documents: dict[int, tuple[str, str]] = {}
        self._lines: dict[int, str] = {}

    def set_passages(self, passages: list[Passage], text_of: Callable[[int], str],
                     name_of: Callable[[int], str]) -> None:
        self.beginResetModel()
        self.passages, self._text_of, self._name_of = passages, text_of, name_of
        self._documents, self._lines = {}, {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.passages)

    def line(self, row: int) -> str:
        """Row ``row`` as shown: ``document: …before [passage] after…``."""
        found = self._lines.get(row)
        if found is None:
            passage = self.passages[row]
            document = self._documents.get(passage.document_id)
            if document is None:
                document = self._documents[passage.document_id] = (
                    self._name_of(passage.document_id), self._text_of(passage.document_id))
            found = self._lines[row] = f"{document[0]}: {passage_line(document[1], passage)}"
        return found

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.line(index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(self.line(index.row()))
        if role == PASSAGE_ROLE:
            passage = self.passages[index.row()]
            return passage.document_id, passage.start, passage.end
        return None


class PassageList(QWidget):
    """A heading (what was clicked, how many passages) over the list of passages."""

    passageActivated = Signal(int, int, int)  # document id, start, end (code points)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analysisPassages")
        self.heading = QLabel("Click a cell or a bar to list the passages behind it.", self)
        self.heading.setObjectName("passagesHeading")
        self.heading.setWordWrap(True)
        self.model = PassageModel(self)
        self.list = QListView(self)
        self.list.setObjectName("passageList")
        self.list.setAccessibleName("Passages behind the chosen cell")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)  # one line each, cut to fit
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.activated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)

    @property
    def passages(self) -> list[Passage]:
        return self.model.passages

    def show_passages(self, title: str, passages: Sequence[Passage],
                      text_of: Callable[[int], str], name_of: Callable[[int], str]) -> None:
        """List ``passages`` under ``title``; ``text_of(document_id)`` gives a document's stored
        text and ``name_of`` its name (each asked once a document, when a row shows it)."""
        passages = list(passages)
        self.model.set_passages(passages, text_of, name_of)
        count = len(passages)
        documents = len({p.document_id for p in passages})
        self.heading.setText(
            f"<b>{_escape(title)}</b>: {plural(count, 'passage')} in "
            f"{plural(documents, 'document')}. "
            "Double-click one to open it.")

    def clear(self, text: str = "Click a cell or a bar to list the passages behind it.") -> None:
        self.model.set_passages([], self.model._text_of, self.model._name_of)
        self.heading.setText(text)

    def _activated(self, index: QModelIndex) -> None:
        found = self.model.data(index, PASSAGE_ROLE)
        if found is not None:
            self.passageActivated.emit(*found)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""The passages behind a clicked cell: one line each (document, paragraph, the passage in its
context), in document order; double-click or Enter opens the document at the passage."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from glocal_annotator.analysis.results import Passage
from glocal_annotator.excerpt_context import context
from glocal_annotator.ui.common.plain import tip

LIMIT = 2000  # lines listed at most; the count says how many there are
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


class PassageList(QWidget):
    """A heading (what was clicked, how many passages) over the list of passages."""

    passageActivated = Signal(int, int, int)  # document id, start, end (code points)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analysisPassages")
        self.heading = QLabel("Click a cell or a bar to list the passages behind it.", self)
        self.heading.setObjectName("passagesHeading")
        self.heading.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("passageList")
        self.list.setAccessibleName("Passages behind the chosen cell")
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)  # one line each, cut to fit
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        self.passages: list[Passage] = []

    def show_passages(self, title: str, passages: Sequence[Passage],
                      text_of: Callable[[int], str], name_of: Callable[[int], str]) -> None:
        """List ``passages`` (the first :data:`LIMIT`) under ``title``; ``text_of(document_id)``
        gives a document's stored text and ``name_of`` its name (each asked once a document)."""
        self.list.clear()
        self.passages = list(passages)
        texts: dict[int, str] = {}
        names: dict[int, str] = {}
        for passage in self.passages[:LIMIT]:
            document = passage.document_id
            if document not in texts:
                texts[document], names[document] = text_of(document), name_of(document)
            line = passage_line(texts[document], passage)
            item = QListWidgetItem(f"{names[document]}: {line}")
            item.setToolTip(tip(line))
            item.setData(PASSAGE_ROLE, (document, passage.start, passage.end))
            self.list.addItem(item)
        count = len(self.passages)
        documents = len({p.document_id for p in self.passages})
        shown = f" (the first {LIMIT:,} listed)" if count > LIMIT else ""
        self.heading.setText(
            f"<b>{_escape(title)}</b>: {count:,} passage{'' if count == 1 else 's'} in "
            f"{documents:,} document{'' if documents == 1 else 's'}{shown}. "
            "Double-click one to open it.")

    def clear(self, text: str = "Click a cell or a bar to list the passages behind it.") -> None:
        self.list.clear()
        self.passages = []
        self.heading.setText(text)

    def _activated(self, item: QListWidgetItem) -> None:
        document, start, end = item.data(PASSAGE_ROLE)
        self.passageActivated.emit(document, start, end)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""Search: in the open document or across the project, with a results list and "Autocode
results…". Matching treats as equal what a reader does (accents however typed, ligatures, curly
and straight quotes, dashes, hidden characters; see ``search/equivalence.py``). Plain words match
at word starts and always ignore case; regular expressions use Python syntax and ignore case when
"Ignore case" is ticked."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.excerpt_context import one_line

ROLE = Qt.ItemDataRole.UserRole + 1
LIMIT = 2000
THIS_DOCUMENT, ALL_DOCUMENTS = 0, 1


class SearchPanel(QWidget):
    hitActivated = Signal(int, int, int)  # document id, start, end
    searchRequested = Signal()
    autocodeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.box = QLineEdit(self)
        self.box.setObjectName("searchBox")
        self.box.setAccessibleName("Search")
        self.box.setPlaceholderText("Search (Ctrl+F), Enter to find")
        self.box.setClearButtonEnabled(True)
        self.box.returnPressed.connect(self.searchRequested)
        self.regex_box = QCheckBox("Re&gular expression", self)
        self.case_box = QCheckBox("Ig&nore case", self)
        self.case_box.setObjectName("searchIgnoreCase")
        self._regex_ignores_case = False  # the choice for patterns, kept while plain is on
        self.regex_box.toggled.connect(self._regex_toggled)
        self.case_box.toggled.connect(self._case_toggled)
        self._regex_toggled(False)
        self.scope = QComboBox(self)
        self.scope.setAccessibleName("Where to search")
        self.scope.addItems(["This document", "All documents"])
        self.scope.setCurrentIndex(ALL_DOCUMENTS)
        self.find_button = QPushButton("&Find", self)
        self.find_button.clicked.connect(self.searchRequested)
        self.autocode_button = QPushButton("&Autocode results…", self)
        self.autocode_button.setObjectName("autocodeButton")
        self.autocode_button.setEnabled(False)
        self.autocode_button.clicked.connect(self.autocodeRequested)
        self.summary = QLabel(self)
        self.results = QListWidget(self)
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName("Search results")
        self.results.setUniformItemSizes(True)
        self.results.itemActivated.connect(self._activated)
        row = QHBoxLayout()
        row.addWidget(self.box, 1)
        row.addWidget(self.find_button)
        options = QHBoxLayout()
        options.addWidget(self.scope)
        options.addWidget(self.regex_box)
        options.addWidget(self.case_box)
        options.addStretch(1)
        options.addWidget(self.autocode_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addLayout(options)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self.setFocusProxy(self.box)
        self.last_query: tuple[str, bool, bool] | None = None

    def query(self) -> tuple[str, bool, bool]:
        """``(text, regex, ignore_case)`` as the user set them."""
        return self.box.text(), self.regex_box.isChecked(), self.case_box.isChecked()

    def _regex_toggled(self, regex: bool) -> None:
        """Plain words always ignore case (the box shows it, ticked and greyed); a pattern
        ignores case as the user last chose for patterns."""
        self.case_box.blockSignals(True)
        self.case_box.setChecked(self._regex_ignores_case if regex else True)
        self.case_box.blockSignals(False)
        self.case_box.setEnabled(regex)
        self.case_box.setToolTip("" if regex else "Plain words always ignore case")

    def _case_toggled(self, checked: bool) -> None:
        if self.regex_box.isChecked():
            self._regex_ignores_case = checked

    def this_document_only(self) -> bool:
        return self.scope.currentIndex() == THIS_DOCUMENT

    def show_hits(self, hits, texts: dict[int, str], query: tuple[str, bool, bool]) -> None:
        self.results.clear()
        self.last_query = query
        for hit in hits:
            text = texts.get(hit.document_id, "")
            item = QListWidgetItem(f"{hit.document}: {one_line(text, hit.start, hit.end, 40)}")
            item.setData(ROLE, (hit.document_id, hit.start, hit.end))
            self.results.addItem(item)
        documents = len({h.document_id for h in hits})
        more = " (first results only)" if len(hits) >= LIMIT else ""
        self.summary.setText(f"{len(hits)} hit{'s' if len(hits) != 1 else ''} in {documents} "
                             f"document{'s' if documents != 1 else ''}{more}")
        self.autocode_button.setEnabled(bool(hits))
        if hits:
            self.results.setCurrentRow(0)

    def clear_results(self) -> None:
        self.results.clear()
        self.summary.clear()
        self.autocode_button.setEnabled(False)
        self.last_query = None

    def _activated(self, item: QListWidgetItem) -> None:
        document_id, start, end = item.data(ROLE)
        self.hitActivated.emit(document_id, start, end)

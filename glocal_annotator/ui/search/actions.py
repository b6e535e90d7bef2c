"""Running searches and autocoding their results (one undo step).

Autocode never holds the window: its counts (hits, new, already coded) are worked out on a
worker thread with a reader of the project (:func:`~glocal_annotator.ui.common.reading.
read_waiting`), and the codings are written on the GUI thread in batches under a progress dialog
with Cancel (:func:`~glocal_annotator.ui.common.reading.run_pumping`): Cancel
rolls the whole autocode back, nothing is coded.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from glocal_annotator.errors import GlocalError
from glocal_annotator.ui.common.collaborators import CodeLookup, OpenDocument, StatusSink
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.ui.common.reading import read_waiting, run_pumping
from glocal_annotator.ui.common.session import Session
from glocal_annotator.ui.search.panel import LIMIT, ROLE, SearchPanel


class SearchController(QObject):
    """Searches from ``panel`` in the project of ``session`` (or in ``document`` only), going
    to each hit with ``show_range(document_id, start, end)``; autocodes the results with a code
    of ``codes`` (``chosen_code()``: the code selected in the codebook, offered first) as one
    undo step. ``reveal()`` brings the panel to the front; ``parent`` owns the actions."""

    def __init__(self, parent: QWidget, session: Session, panel: SearchPanel,
                 document: OpenDocument, codes: CodeLookup,
                 chosen_code: Callable[[], int | None], status: StatusSink,
                 show_range: Callable[[int, int, int], None],
                 reveal: Callable[[], None]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._session = session
        self._panel = panel
        self._document = document
        self._codes = codes
        self._chosen_code = chosen_code
        self._status = status
        self._show_range = show_range
        self._reveal = reveal
        self.find_action = QAction("&Find…", parent)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.focus_search)
        self.next_action = QAction("Find &next result", parent)
        self.next_action.setShortcut(QKeySequence.StandardKey.FindNext)
        self.next_action.triggered.connect(lambda: self.step(1))
        self.previous_action = QAction("Find pre&vious result", parent)
        self.previous_action.setShortcut(QKeySequence.StandardKey.FindPrevious)
        self.previous_action.triggered.connect(lambda: self.step(-1))
        self.autocode_action = QAction("&Autocode search results…", parent)
        self.autocode_action.triggered.connect(self.autocode)
        panel.searchRequested.connect(self.run_search)
        panel.autocodeRequested.connect(self.autocode)

    def focus_search(self) -> None:
        self._reveal()
        self._panel.box.setFocus()
        self._panel.box.selectAll()

    @guarded
    def run_search(self) -> None:
        project = self._session.require_project()
        panel = self._panel
        query, regex, ignore_case = panel.query()
        document_ids = None
        if panel.this_document_only():
            if self._document.document_id is None:
                raise GlocalError("no document is open; search all documents or open one")
            document_ids = [self._document.document_id]
        hits = project.search(query, regex=regex, ignore_case=ignore_case,
                              document_ids=document_ids, limit=LIMIT)
        texts = {d: project.document_text(d) for d in {h.document_id for h in hits}}
        panel.show_hits(hits, texts, (query, regex, ignore_case))
        if hits:
            first = hits[0]
            self._show_range(first.document_id, first.start, first.end)
            panel.box.setFocus()

    def step(self, direction: int) -> None:
        results = self._panel.results
        if not results.count():
            return
        row = (results.currentRow() + direction) % results.count()
        results.setCurrentRow(row)
        document_id, start, end = results.currentItem().data(ROLE)
        self._show_range(document_id, start, end)

    @guarded
    def autocode(self) -> None:
        """Ask for a code (showing how many hits are new and how many already coded), code
        every hit as one undo step, and say in the status bar what was done."""
        from glocal_annotator.ui.search import autocode_dialog

        project = self._session.require_project()
        panel = self._panel
        if panel.last_query is None:
            raise GlocalError("search first; then autocode the results")
        query, regex, ignore_case = panel.last_query

        def preview(code_id: int, widen: str, case_blind: bool,
                    exclude_code_ids: tuple[int, ...] = ()):
            return read_waiting(project, lambda reader: reader.plan_autocode(
                code_id, query, regex=regex, ignore_case=case_blind, widen=widen,
                exclude_code_ids=exclude_code_ids))

        choice = autocode_dialog.ask_autocode(
            self._parent, self._codes.codes(), query, self._chosen_code(), preview, regex=regex,
            ignore_case=ignore_case)
        if choice is None:
            return
        plan = choice.plan or preview(choice.code_id, choice.widen, choice.ignore_case,
                                      choice.exclude_code_ids)
        code = self._codes.code(choice.code_id)
        name = code.path if code else "the code"
        passages = len(plan.new)
        change = run_pumping(
            self._parent, self._status, "Autocode",
            f"Coding {passages:,} passage{'' if passages == 1 else 's'}…",
            lambda progress: self._session.run(
                f"Autocode “{query}” with {code.name if code else 'code'}",
                lambda: project.autocode(choice.code_id, query, regex=regex,
                                         ignore_case=choice.ignore_case, widen=choice.widen,
                                         plan=plan, progress=progress,
                                         exclude_code_ids=choice.exclude_code_ids)))
        if change is None:
            return
        result = change.result
        left_alone = result.plan.covered + result.covered_since
        self._status.showMessage(
            f"Autocoded “{query}”: {len(result.coding_ids):,} new passage"
            f"{'' if len(result.coding_ids) == 1 else 's'} coded with {name}; "
            f"{left_alone:,} hit{'' if left_alone == 1 else 's'} already coded left alone.",
            8000)

"""Running searches and autocoding their results (one undo step)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from glocal_annotator.errors import GlocalError
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.ui.common.undo_commands import push
from glocal_annotator.ui.search.panel import LIMIT, ROLE

if TYPE_CHECKING:
    from glocal_annotator.ui.shell.main_window import MainWindow


class SearchController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.find_action = QAction("&Find…", window)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.focus_search)
        self.next_action = QAction("Find &next result", window)
        self.next_action.setShortcut(QKeySequence.StandardKey.FindNext)
        self.next_action.triggered.connect(lambda: self.step(1))
        self.previous_action = QAction("Find pre&vious result", window)
        self.previous_action.setShortcut(QKeySequence.StandardKey.FindPrevious)
        self.previous_action.triggered.connect(lambda: self.step(-1))
        self.autocode_action = QAction("&Autocode search results…", window)
        self.autocode_action.triggered.connect(self.autocode)
        panel = window.search
        panel.searchRequested.connect(self.run_search)
        panel.autocodeRequested.connect(self.autocode)

    def focus_search(self) -> None:
        dock = self.window.docks["search"]
        dock.show()
        dock.raise_()
        self.window.search.box.setFocus()
        self.window.search.box.selectAll()

    @guarded
    def run_search(self) -> None:
        project = self.window.require_project()
        panel = self.window.search
        query, regex, ignore_case = panel.query()
        document_ids = None
        if panel.this_document_only():
            if self.window.current_document_id is None:
                raise GlocalError("no document is open; search all documents or open one")
            document_ids = [self.window.current_document_id]
        hits = project.search(query, regex=regex, ignore_case=ignore_case,
                              document_ids=document_ids, limit=LIMIT)
        texts = {d: project.document_text(d) for d in {h.document_id for h in hits}}
        panel.show_hits(hits, texts, (query, regex, ignore_case))
        if hits:
            first = hits[0]
            self.window.show_range(first.document_id, first.start, first.end)
            panel.box.setFocus()

    def step(self, direction: int) -> None:
        results = self.window.search.results
        if not results.count():
            return
        row = (results.currentRow() + direction) % results.count()
        results.setCurrentRow(row)
        document_id, start, end = results.currentItem().data(ROLE)
        self.window.show_range(document_id, start, end)

    @guarded
    def autocode(self) -> None:
        """Ask for a code (showing how many hits are new and how many already coded), code
        every hit as one undo step, and say in the status bar what was done."""
        from glocal_annotator.ui.search import autocode_dialog

        project = self.window.require_project()
        panel = self.window.search
        if panel.last_query is None:
            raise GlocalError("search first; then autocode the results")
        query, regex, ignore_case = panel.last_query

        def preview(code_id: int, widen: str, case_blind: bool):
            return project.plan_autocode(code_id, query, regex=regex, ignore_case=case_blind,
                                         widen=widen)

        choice = autocode_dialog.ask_autocode(
            self.window, self.window.codebook.model.codes(), query,
            self.window.codebook.current_code_id(), preview, regex=regex,
            ignore_case=ignore_case)
        if choice is None:
            return
        code = self.window.codebook.model.code(choice.code_id)
        name = code.path if code else "the code"
        change = push(
            self.window.undo_stack, f"Autocode “{query}” with {code.name if code else 'code'}",
            lambda: project.autocode(choice.code_id, query, regex=regex,
                                     ignore_case=choice.ignore_case, widen=choice.widen,
                                     plan=choice.plan))
        result = change.result
        left_alone = result.plan.covered + result.covered_since
        self.window.statusBar().showMessage(
            f"Autocoded “{query}”: {len(result.coding_ids):,} new passage"
            f"{'' if len(result.coding_ids) == 1 else 's'} coded with {name}; "
            f"{left_alone:,} hit{'' if left_alone == 1 else 's'} already coded left alone.",
            8000)

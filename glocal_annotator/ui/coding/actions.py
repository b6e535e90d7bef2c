"""Coding the text: quick-code keys, the last used code, in-vivo coding, drops on a code, the
document's context menu, removing codings and their memos. Every change is one undo command.

Keys: 1-9 code the selection with the nine quick codes; Ctrl+L (or 0) with the last used code;
Ctrl+I codes in vivo; Delete removes the selected coding; Ctrl+M edits the selected coding's memo.

A key pressed when there is nothing to act on (no text selected, no coding selected, a key
without a code) is answered in the status bar, not with a dialog: it is a hint, not a failure.
Each change says in the status bar what it did.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget, QWidgetAction

from glocal_annotator.errors import GlocalError
from glocal_annotator.model import Code
from glocal_annotator.ui.coding.chooser import CodeChooser
from glocal_annotator.ui.common import dialogs
from glocal_annotator.ui.common.collaborators import (
    CodeLookup,
    OpenDocument,
    QuickKeys,
    StatusSink,
)
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.ui.common.plain import menu_text
from glocal_annotator.ui.common.session import Session
from glocal_annotator.ui.common.settings import QUICK_KEYS

IN_VIVO_MAX = 60
STATUS_MS = 6000  # how long a status-bar message stays


def in_vivo_name(text: str, limit: int = IN_VIVO_MAX) -> str:
    """The selected words as a code name: whitespace collapsed, quotes and stray punctuation
    trimmed, capped at ``limit`` characters on a word boundary (with an ellipsis)."""
    name = re.sub(r"\s+", " ", text).strip().strip("\"'“”‘’«»,;:.!?()[]").strip()
    if len(name) > limit:
        cut = name[:limit].rsplit(" ", 1)[0] if " " in name[:limit] else name[:limit]
        name = cut.rstrip(" ,;:.") + "…"
    return name


class CodingController(QObject):
    """The coding commands: they code ``document``'s selection with codes of ``codes`` (the
    quick keys' from ``quick``) as undo steps of ``session``, and say what they did in
    ``status``. ``parent`` owns the actions, the menus and the dialogs."""

    def __init__(self, parent: QWidget, session: Session, document: OpenDocument,
                 codes: CodeLookup, quick: QuickKeys, status: StatusSink) -> None:
        super().__init__(parent)
        self._parent = parent
        self._session = session
        self._document = document
        self._codes = codes
        self._quick = quick
        self._status = status
        self.last_code_id: int | None = None
        self.quick_actions: list[QAction] = []
        for slot in range(QUICK_KEYS):
            action = QAction(f"Quick code &{slot + 1}", parent)
            action.setShortcut(QKeySequence(str(slot + 1)))
            action.triggered.connect(lambda _checked=False, s=slot: self.quick_code(s))
            self.quick_actions.append(action)
        self.last_action = self._action("Code with &last used code", self.code_with_last)
        self.last_action.setShortcuts([QKeySequence("Ctrl+L"), QKeySequence("0")])
        self.in_vivo_action = self._action("&In-vivo code", self.in_vivo, "Ctrl+I")
        self.remove_action = self._action("&Remove selected coding\tDel", self.remove_selected)
        self.memo_action = self._action("Edit coding &memo…", self.memo_selected, "Ctrl+M")
        self.context_menu: QMenu | None = None

    def _action(self, text: str, slot, shortcut: str | None = None) -> QAction:
        action = QAction(text, self._parent)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    # -- quick codes -------------------------------------------------------------------------

    def update_quick_actions(self) -> None:
        codes = self._quick.codes()
        for slot, action in enumerate(self.quick_actions):
            code = codes[slot]
            action.setText(f"&{slot + 1}  {menu_text(code.name)}" if code
                           else f"&{slot + 1}  (not assigned)")
            action.setEnabled(code is not None)
        last = self._code(self.last_code_id)
        self.last_action.setText(
            f"Code with &last used code ({menu_text(last.name)})" if last
            else "Code with &last used code"
        )

    def tell(self, text: str) -> None:
        """A hint or a confirmation in the status bar."""
        self._status.showMessage(text, STATUS_MS)

    def _can_code(self) -> bool:
        """True if there is a document and a selection the user made; else say what to do."""
        if self._document.document_id is None:
            self.tell("No document is open: choose one in the Documents list, then select a "
                      "passage")
            return False
        start, end = self._document.selected_range()
        if end <= start:
            self.tell("Nothing is selected: select a passage first (a found passage is only "
                      "marked, not selected)")
            return False
        return True

    @guarded
    def quick_code(self, slot: int) -> None:
        code = self._quick.codes()[slot]
        if code is None:
            self.tell(f"Key {slot + 1} has no code: assign one in Settings (Ctrl+,) or with "
                      "a code's \"Assign to quick key\"")
            return
        if self._can_code():
            self.code_selection(code.id)

    @guarded
    def code_with_last(self) -> None:
        if self.last_code_id is None or self._code(self.last_code_id) is None:
            self.tell("No code was used yet: code a passage first (double-click a code)")
            return
        if self._can_code():
            self.code_selection(self.last_code_id)

    # -- coding ------------------------------------------------------------------------------

    def _code(self, code_id: int | None) -> Code | None:
        return None if code_id is None else self._codes.code(code_id)

    def _selection(self) -> tuple[int, int, int]:
        document_id = self._document.document_id
        if document_id is None:
            raise GlocalError("no document is open; choose one in the Documents list")
        start, end = self._document.selected_range()
        if end <= start:
            raise GlocalError("no text is selected; select a passage, then choose a code")
        return document_id, start, end

    def code_selection(self, code_id: int) -> None:
        """Code the view's selection with ``code_id`` (raises GlocalError)."""
        document_id, start, end = self._selection()
        self.code_range(code_id, start, end, document_id)

    def code_range(
        self, code_id: int, start: int, end: int, document_id: int | None = None
    ) -> None:
        project = self._session.require_project()
        current = self._document.document_id
        document_id = current if document_id is None else document_id
        if document_id is None:
            raise GlocalError("no document is open; choose one in the Documents list")
        code = self._code(code_id)
        name = code.name if code else "code"
        self._session.run(
            f"Code passage with {name}",
            lambda: project.add_coding(document_id, code_id, start, end),
        )
        self.last_code_id = code_id
        self.update_quick_actions()
        if document_id == self._document.document_id:
            excerpt = in_vivo_name(self._document.text[start:end], 50)
            self.tell(f"Coded “{excerpt}” with {name}")

    @guarded
    def code_selection_slot(self, code_id: int) -> None:
        self.code_selection(code_id)

    @guarded
    def code_dropped(self, code_id: int, start: int, end: int) -> None:
        if end <= start:
            raise GlocalError("the dragged selection is empty; select a passage and drag again")
        self.code_range(code_id, start, end)

    @guarded
    def in_vivo(self) -> None:
        if not self._can_code():
            return
        document_id, start, end = self._selection()
        project = self._session.require_project()
        name = in_vivo_name(self._document.text[start:end])
        if not name:
            raise GlocalError("the selection has no words to name a code; select some words")
        existing = [c for c in self._codes.codes()
                    if c.parent_id is None and c.name.casefold() == name.casefold()]
        if existing:
            self.code_range(existing[0].id, start, end, document_id)
            return
        changes: list = []

        def add_code():
            change = project.add_code(name)
            changes.append(change)
            return change

        self._session.run_many(f"In-vivo code {name}", [
            add_code,
            lambda: project.add_coding(document_id, changes[0].result, start, end),
        ])
        self.last_code_id = changes[0].result
        self.update_quick_actions()
        self.tell(f"Created the code “{name}” and coded the selection with it (Ctrl+Z takes "
                  "both back)")

    # -- removing and memos ------------------------------------------------------------------

    def _coding_label(self, coding_id: int) -> str:
        coding = self._session.require_project().coding(coding_id)
        code = self._code(coding.code_id)
        return code.name if code else "code"

    @guarded
    def remove_coding(self, coding_id: int) -> None:
        project = self._session.require_project()
        label = self._coding_label(coding_id)
        self._session.run(f"Remove coding {label}", lambda: project.remove_coding(coding_id))

    @guarded
    def remove_selected(self) -> None:
        coding_id = self._document.selected_coding()
        if coding_id is None:
            self.tell("No coding is selected: click a coding's bracket in the margin first")
            return
        self.remove_coding(coding_id)

    @guarded
    def edit_memo(self, coding_id: int) -> None:
        project = self._session.require_project()
        coding = project.coding(coding_id)
        label = self._coding_label(coding_id)
        excerpt = self._document.text[coding.start:coding.end]
        about = f"Memo on the coding {label}: “{in_vivo_name(excerpt, 120)}”"
        memo = dialogs.ask_memo(self._parent, "Coding memo", about, coding.memo)
        if memo is None or memo == coding.memo:
            return
        self._session.run(f"Edit memo on {label}",
                          lambda: project.set_coding_memo(coding_id, memo))
        self.tell(f"Saved the memo on the coding {label}" if memo
                  else f"Removed the memo from the coding {label}")

    @guarded
    def memo_selected(self) -> None:
        coding_id = self._document.selected_coding()
        if coding_id is None:
            self.tell("No coding is selected: click a coding's bracket in the margin first")
            return
        self.edit_memo(coding_id)

    # -- the document's context menu ---------------------------------------------------------

    def build_context_menu(self, coding_ids: list[int]) -> QMenu:
        menu = QMenu(self._parent)
        menu.setObjectName("documentContextMenu")
        has_selection = self._has_selection()
        if has_selection:
            chooser = CodeChooser(self._codes.codes(), menu)
            chooser.chosen.connect(
                lambda code_id: (menu.close(), self.code_selection_slot(code_id))
            )
            widget_action = QWidgetAction(menu)
            widget_action.setObjectName("codeChooserAction")
            widget_action.setDefaultWidget(chooser)
            menu.addSection("Code the selection with")
            menu.addAction(widget_action)
            menu.addAction(self.last_action)
            menu.addAction(self.in_vivo_action)
        project = self._session.project
        for coding_id in coding_ids:
            if project is None:
                break
            label = self._coding_label(coding_id)
            menu.addSeparator()
            remove = menu.addAction(f"Remove coding {menu_text(label)}")
            remove.triggered.connect(lambda _c=False, i=coding_id: self.remove_coding(i))
            memo = menu.addAction(f"Edit memo… ({menu_text(label)})")
            memo.triggered.connect(lambda _c=False, i=coding_id: self.edit_memo(i))
        return menu

    def _has_selection(self) -> bool:
        start, end = self._document.selected_range()
        return end > start and self._document.document_id is not None

    def show_context_menu(self, global_pos: QPoint, coding_ids: list) -> None:
        menu = self.build_context_menu([int(i) for i in coding_ids])
        if menu.isEmpty():
            return
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context_menu = menu
        menu.popup(global_pos)
        chooser = menu.findChild(CodeChooser)
        if chooser is not None:
            chooser.filter_box.setFocus()

"""Changing the codebook: add code / sub-code, rename, colour, entry editor, merge, delete,
move (drag in the tree), "show only this code", quick-key assignment. Each change is one undo
command named after what it did."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from glocal_annotator.errors import GlocalError
from glocal_annotator.model import Code
from glocal_annotator.ui.codebook.model import ROOT
from glocal_annotator.ui.codebook.tree import CodebookPanel
from glocal_annotator.ui.common import dialogs
from glocal_annotator.ui.common.collaborators import QuickKeys, StatusSink
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.ui.common.reading import run_pumping
from glocal_annotator.ui.common.session import Session
from glocal_annotator.ui.common.settings import QUICK_KEYS

STATUS_MS = 6000


class CodebookController(QObject):
    """The codebook's commands on the codes of ``panel``, as undo steps of ``session``.

    ``show_codes(ids)`` shows only the codings of those codes in the document (None: all);
    ``show_segments(code_id)`` retrieves a code's coded segments; ``quick`` holds the quick
    keys; ``status`` hears what was done. ``parent`` owns the actions and the dialogs.
    """

    def __init__(self, parent: QWidget, session: Session, panel: CodebookPanel,
                 quick: QuickKeys, status: StatusSink,
                 show_codes: Callable[[set[int] | None], None],
                 show_segments: Callable[[int], None]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._session = session
        self._panel = panel
        self._quick = quick
        self._status = status
        self._show_codes = show_codes
        self._show_segments = show_segments
        tree = panel.tree
        self.add_action = self._action("&Add code", self.add_code, "Ctrl+Shift+N")
        self.add_sub_action = self._action("Add &sub-code", self.add_sub_code, "Ctrl+Alt+N")
        self.rename_action = self._action("&Rename code", self.rename, "F2")
        self.color_action = self._action("&Colour…", self.recolor)
        self.edit_action = self._action("&Edit entry and memo…", self.edit_entry, "Ctrl+E")
        self.merge_action = self._action("&Merge into…", self.merge)
        self.delete_action = self._action("&Delete code…", self.delete)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.rename_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        tree.addAction(self.delete_action)
        tree.addAction(self.rename_action)
        self.only_action = self._action("Show &only this code", self.show_only, "Ctrl+Shift+O")
        self.all_action = self._action("Show &all codes", self.show_all, "Ctrl+Shift+A")
        self.segments_action = self._action("Show coded &segments", self.show_segments)
        self.quick_menu = QMenu("Assign to &quick key", parent)
        for slot in range(QUICK_KEYS):
            action = self.quick_menu.addAction(f"Key &{slot + 1}")
            action.triggered.connect(lambda _c=False, s=slot: self.assign_quick_key(s))
        model = panel.model
        model.renameRequested.connect(self.rename_to, Qt.ConnectionType.QueuedConnection)
        model.moveRequested.connect(self.move, Qt.ConnectionType.QueuedConnection)
        menu = panel.context_menu
        for action in self.actions():
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.addMenu(self.quick_menu)

    def _action(self, text: str, slot, shortcut: str | None = None) -> QAction:
        action = QAction(text, self._parent)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def actions(self) -> list[QAction | None]:
        return [self.add_action, self.add_sub_action, None, self.rename_action,
                self.color_action, self.edit_action, None, self.merge_action,
                self.delete_action, None, self.only_action, self.all_action,
                self.segments_action]

    # -- helpers -----------------------------------------------------------------------------

    def _current(self) -> Code:
        code_id = self._panel.current_code_id()
        code = self._panel.model.code(code_id) if code_id is not None else None
        if code is None:
            raise GlocalError("no code is selected; click a code in the Codebook first")
        return code

    def _unique_name(self, parent_id: int | None, base: str = "New code") -> str:
        taken = {c.name.casefold() for c in self._panel.model.codes()
                 if c.parent_id == parent_id}
        name, n = base, 2
        while name.casefold() in taken:
            name, n = f"{base} {n}", n + 1
        return name

    # -- slots -------------------------------------------------------------------------------

    @guarded
    def add_code(self) -> None:
        self._add(None)

    @guarded
    def add_sub_code(self) -> None:
        self._add(self._current().id)

    def _add(self, parent_id: int | None) -> int:
        project = self._session.require_project()
        name = self._unique_name(parent_id)
        change = self._session.run(f"Add code {name}", lambda: project.add_code(name, parent_id))
        self._panel.rename_inline(change.result)
        return change.result

    @guarded
    def rename(self) -> None:
        self._panel.rename_inline(self._current().id)

    @guarded
    def rename_to(self, code_id: int, name: str) -> None:
        project = self._session.require_project()
        old = self._panel.model.code(code_id)
        self._session.run(f"Rename code {old.name if old else ''} to {name}",
                          lambda: project.rename_code(code_id, name))

    @guarded
    def recolor(self) -> None:
        code = self._current()
        color = dialogs.ask_color(self._parent, code.color)
        if color and color.upper() != code.color.upper():
            project = self._session.require_project()
            self._session.run(f"Change colour of {code.name}",
                              lambda: project.recolor_code(code.id, color))

    @guarded
    def edit_entry(self) -> None:
        from glocal_annotator.ui.codebook.editor import ask_code_entry

        code = self._current()
        edited = ask_code_entry(self._parent, code)
        if edited is None:
            return
        name, color, fields = edited
        project = self._session.require_project()
        operations = []
        if name != code.name:
            operations.append(lambda: project.rename_code(code.id, name))
        if color.upper() != code.color.upper():
            operations.append(lambda: project.recolor_code(code.id, color))
        if fields:
            operations.append(lambda: project.update_code(code.id, **fields))
        if operations:
            self._session.run_many(f"Edit code {code.name}", operations)

    @guarded
    def move(self, code_id: int, parent_id: int, position: int) -> None:
        project = self._session.require_project()
        model = self._panel.model
        code = model.code(code_id)
        parent = None if parent_id == ROOT else parent_id
        where = model.code(parent).name if parent is not None and model.code(parent) else "top"
        self._session.run(
            f"Move code {code.name if code else ''} to {where}",
            lambda: project.move_code(code_id, parent, None if position < 0 else position))
        self._panel.select_code(code_id)

    @guarded
    def merge(self) -> None:
        source = self._current()
        model = self._panel.model
        excluded = model.descendants(source.id)
        targets = [c for c in model.codes() if c.id not in excluded]
        index = dialogs.ask_item(self._parent, "Merge codes",
                                 f"Merge “{source.name}” and its codings into:",
                                 [c.path for c in targets])
        if index is None:
            return
        target = targets[index]
        project = self._session.require_project()
        change = run_pumping(
            self._parent, self._status, "Merge codes",
            f"Merging “{source.name}” into “{target.name}”…",
            lambda progress: self._session.run(
                f"Merge {source.name} into {target.name}",
                lambda: project.merge_codes(source.id, target.id, progress)))
        if change is None:
            return
        moved = change.result if isinstance(change.result, int) else 0
        self._status.showMessage(
            f"Merged “{source.name}” into “{target.name}”: {moved} coding"
            f"{'' if moved == 1 else 's'} moved (Ctrl+Z takes it back)", STATUS_MS)

    @guarded
    def delete(self) -> None:
        code = self._current()
        model = self._panel.model
        members = model.descendants(code.id)
        codings = sum(model.count(i) for i in members)
        subs = len(members) - 1
        parts = [f"{codings} coding{'s' if codings != 1 else ''}"]
        if subs:
            parts.insert(0, f"{subs} sub-code{'s' if subs != 1 else ''}")
        text = (f"Delete the code “{code.name}”? {' and '.join(parts)} will go with it. "
                "You can undo this with Ctrl+Z.")
        if not dialogs.confirm(self._parent, "Delete code", text, "Delete"):
            return
        project = self._session.require_project()
        self._session.run(f"Delete code {code.name}", lambda: project.delete_code(code.id))

    @guarded
    def show_only(self) -> None:
        code = self._current()
        self._show_only(self._panel.model.descendants(code.id))

    @guarded
    def show_all(self) -> None:
        self._show_only(None)

    def _show_only(self, code_ids: set[int] | None) -> None:
        self._show_codes(code_ids)
        self.all_action.setEnabled(code_ids is not None)

    @guarded
    def assign_quick_key(self, slot: int) -> None:
        code = self._current()
        if not code.codable:
            raise GlocalError(f"“{code.name}” only groups other codes; choose one of them")
        self._quick.assign(slot, code)

    @guarded
    def show_segments(self) -> None:
        self._show_segments(self._current().id)

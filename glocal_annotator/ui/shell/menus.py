"""The menu bar. Every command is reachable from a menu with a mnemonic and shows its key.

:func:`build_menus` fills the bar from the window's own commands and its rooms' actions (coding,
codebook and codebook exchange, search, export) and returns the menus and actions the window
changes later, as a :class:`Menus`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMenu, QMenuBar, QMessageBox, QWidget

from glocal_annotator.ui.analysis.dock import AnalysisDock
from glocal_annotator.ui.codebook.actions import CodebookController
from glocal_annotator.ui.codebook.io_actions import CodebookExchange
from glocal_annotator.ui.codebook.tree import CodebookPanel
from glocal_annotator.ui.coding.actions import CodingController
from glocal_annotator.ui.common.feedback import show_box
from glocal_annotator.ui.common.plain import menu_text, tip
from glocal_annotator.ui.common.settings import Settings
from glocal_annotator.ui.document.document_list import DocumentList
from glocal_annotator.ui.document.view import DocumentView
from glocal_annotator.ui.exchange.export_actions import ExportController
from glocal_annotator.ui.exchange.qdpx_actions import QdpxExchange
from glocal_annotator.ui.search.actions import SearchController
from glocal_annotator.ui.search.panel import SearchPanel
from glocal_annotator.ui.segments.panel import SegmentsPanel
from glocal_annotator.ui.team.actions import TeamController
from glocal_annotator.ui.variables.actions import DocumentDataController


class MenuHost(Protocol):
    """What the menu bar needs of the main window: its commands, its rooms' controllers, its
    docks and the widgets that View ▸ Go to focuses."""

    settings: Settings
    undo_stack: QUndoStack
    docks: dict[str, QDockWidget]
    documents: DocumentList
    view: DocumentView
    codebook: CodebookPanel
    segments: SegmentsPanel
    search: SearchPanel
    coding: CodingController
    codebook_actions: CodebookController
    codebook_exchange: CodebookExchange
    searching: SearchController
    export_controller: ExportController
    qdpx: QdpxExchange
    team: TeamController
    analysis: AnalysisDock
    document_data: DocumentDataController

    def menuBar(self) -> QMenuBar: ...  # noqa: N802 - Qt's name
    def addAction(self, action: QAction) -> None: ...  # noqa: N802 - Qt's name
    def close(self) -> bool: ...
    def new_project_dialog(self) -> None: ...
    def open_project_dialog(self) -> None: ...
    def open_demo(self) -> None: ...
    def open_project(self, path: Path, read_only: bool = False) -> bool: ...
    def import_dialog(self) -> None: ...
    def save_copy_dialog(self) -> Path | None: ...
    def edit_settings(self) -> None: ...
    def close_project(self) -> None: ...


@dataclass
class Menus:
    """The menus and actions of the bar that the window and its tests reach later."""

    recent_menu: QMenu
    import_action: QAction
    save_copy_action: QAction
    undo_action: QAction
    redo_action: QAction
    codebook_menu: QMenu
    export_menu: QMenu
    team_menu: QMenu


def _add(menu: QMenu, owner: QWidget, text: str, slot: Callable[..., object],
         shortcut=None) -> QAction:
    action = QAction(text, owner)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build_menus(window: MenuHost) -> Menus:
    """Fill ``window``'s menu bar: Project, Edit, Document, Coding, Codebook, Export, Analysis,
    Team, View, Help."""
    owner: QWidget = window  # type: ignore[assignment] - a QMainWindow
    bar = window.menuBar()
    recent_menu, import_action, save_copy_action = _project_menu(bar.addMenu("&Project"),
                                                                 window, owner)
    undo_action, redo_action = _edit_menu(bar.addMenu("&Edit"), window, owner)
    document_menu = bar.addMenu("&Document")
    for action in window.document_data.actions():
        document_menu.addAction(action)
    document_menu.aboutToShow.connect(window.document_data.update_actions)
    _coding_menu(bar.addMenu("C&oding"), window)
    codebook_menu = _codebook_menu(bar.addMenu("&Codebook"), window)
    export_menu = _export_menu(bar.addMenu("E&xport"), window)
    _analysis_menu(bar.addMenu("&Analysis"), window)
    team_menu = _team_menu(bar.addMenu("&Team"), window)
    _view_menu(bar.addMenu("&View"), window, owner)
    help_menu = bar.addMenu("&Help")
    _add(help_menu, owner, "&Keyboard shortcuts", lambda: _show_keys(owner), "F1")
    return Menus(recent_menu, import_action, save_copy_action, undo_action, redo_action,
                 codebook_menu, export_menu, team_menu)


def _project_menu(project: QMenu, window: MenuHost,
                  owner: QWidget) -> tuple[QMenu, QAction, QAction]:
    _add(project, owner, "&New project…", window.new_project_dialog,
         QKeySequence.StandardKey.New)
    _add(project, owner, "&Open project…", window.open_project_dialog,
         QKeySequence.StandardKey.Open)
    _add(project, owner, "Open the &demo project", window.open_demo)
    recent_menu = project.addMenu("Open &recent")
    recent_menu.aboutToShow.connect(lambda: _fill_recent(window, recent_menu))
    project.addSeparator()
    import_action = _add(project, owner, "&Import documents…", window.import_dialog,
                         "Ctrl+Shift+I")
    save_copy_action = _add(project, owner, "Save a &copy as…", window.save_copy_dialog,
                            QKeySequence.StandardKey.SaveAs)
    project.addSeparator()
    for action in window.qdpx.actions():  # whole projects to and from other tools
        project.addAction(action)
    project.aboutToShow.connect(window.qdpx.update_actions)
    project.addSeparator()
    settings = _add(project, owner, "&Settings…", window.edit_settings)
    settings.setShortcuts([QKeySequence("Ctrl+,"), QKeySequence.StandardKey.Preferences])
    _add(project, owner, "&Close project", window.close_project, QKeySequence.StandardKey.Close)
    _add(project, owner, "&Quit", window.close, QKeySequence.StandardKey.Quit)
    return recent_menu, import_action, save_copy_action


def _edit_menu(edit: QMenu, window: MenuHost, owner: QWidget) -> tuple[QAction, QAction]:
    undo_action = window.undo_stack.createUndoAction(owner, "&Undo")
    undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    redo_action = window.undo_stack.createRedoAction(owner, "&Redo")
    redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit.addAction(undo_action)
    edit.addAction(redo_action)
    edit.addSeparator()
    search = window.searching
    for action in (search.find_action, search.next_action, search.previous_action,
                   search.autocode_action):
        edit.addAction(action)
    return undo_action, redo_action


def _coding_menu(coding: QMenu, window: MenuHost) -> None:
    quick = coding.addMenu("&Quick codes")
    for action in window.coding.quick_actions:
        quick.addAction(action)
        window.addAction(action)  # keys work while the menu is closed
    for action in (window.coding.last_action, window.coding.in_vivo_action):
        coding.addAction(action)
    coding.addSeparator()
    coding.addAction(window.coding.remove_action)
    coding.addAction(window.coding.memo_action)


def _codebook_menu(menu: QMenu, window: MenuHost) -> QMenu:
    for action in window.codebook_actions.actions():
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)
    menu.addMenu(window.codebook_actions.quick_menu)
    menu.addSeparator()
    exchange = window.codebook_exchange
    for action in exchange.actions():
        menu.addAction(action)
    menu.aboutToShow.connect(exchange.update_actions)
    return menu


def _export_menu(menu: QMenu, window: MenuHost) -> QMenu:
    exporting = window.export_controller
    for action in exporting.actions():
        if action is exporting.codebook_action:
            menu.addSeparator()
        menu.addAction(action)
    menu.aboutToShow.connect(exporting.update_actions)
    return menu


def _team_menu(menu: QMenu, window: MenuHost) -> QMenu:
    team = window.team
    for action in team.actions():
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)
    window.addAction(team.blind.action)  # its key works while the menu is closed
    menu.aboutToShow.connect(team.update_actions)
    return menu


def _analysis_menu(menu: QMenu, window: MenuHost) -> None:
    """One action per analysis view (:mod:`glocal_annotator.ui.analysis`), each opening its
    tab in the Analysis dock; enabled while a project is open."""
    actions = window.analysis.actions(window)  # type: ignore[arg-type] - a QMainWindow
    for action in actions:
        menu.addAction(action)
    menu.aboutToShow.connect(lambda: [a.setEnabled(window.analysis.project is not None)
                                      for a in actions])
    dock = window.analysis.parentWidget()
    if isinstance(dock, QDockWidget):  # the dock's own show/hide, as View has for the others
        menu.addSeparator()
        menu.addAction(dock.toggleViewAction())


def _view_menu(view: QMenu, window: MenuHost, owner: QWidget) -> None:
    for dock in window.docks.values():
        view.addAction(dock.toggleViewAction())
    view.addSeparator()
    targets = (("Go to &documents", window.documents, "documents"),
               ("Go to the &text", window.view.text_edit(), None),
               ("Go to the &codebook", window.codebook.tree, "codebook"),
               ("Go to coded &segments", window.segments.results, "segments"),
               ("Go to searc&h", window.search.box, "search"))
    for number, (text, widget, dock) in enumerate(targets, start=1):
        _add(view, owner, text, lambda _c=False, w=widget, d=dock: _focus(window, w, d),
             f"Alt+{number}")


def _focus(window: MenuHost, widget: QWidget, dock: str | None) -> None:
    if dock is not None:
        window.docks[dock].show()
        window.docks[dock].raise_()
    widget.setFocus()


def _fill_recent(window: MenuHost, menu: QMenu) -> None:
    menu.clear()
    for number, path in enumerate(window.settings.recent_projects()[:9], start=1):
        action = menu.addAction(f"&{number} {menu_text(path.name)}")
        action.setToolTip(tip(str(path)))
        action.triggered.connect(lambda _c=False, p=path: window.open_project(p))
    if menu.isEmpty():
        menu.addAction("(none yet)").setEnabled(False)


KEYS = """<table>
<tr><td><b>1</b> … <b>9</b></td><td>code the selection with quick code 1 … 9</td></tr>
<tr><td><b>Ctrl+L</b> or <b>0</b></td><td>code with the last used code</td></tr>
<tr><td><b>Ctrl+I</b></td><td>in-vivo code (a new code named after the selection)</td></tr>
<tr><td>click a code</td><td>show its coded segments (never codes)</td></tr>
<tr><td>double-click / Enter on a code</td><td>code the text you selected with it</td></tr>
<tr><td>drag the selection onto a code</td><td>code it with that code</td></tr>
<tr><td><b>Delete</b> on a selected bracket</td><td>remove that coding</td></tr>
<tr><td><b>Ctrl+M</b></td><td>memo on the selected coding</td></tr>
<tr><td><b>Ctrl+Z</b> / <b>Ctrl+Shift+Z</b></td><td>undo / redo</td></tr>
<tr><td><b>Ctrl+Shift+S</b></td><td>save a copy of the project</td></tr>
<tr><td><b>Ctrl+F</b>, <b>F3</b></td><td>search, next result</td></tr>
<tr><td><b>Ctrl+Shift+B</b></td><td>show only my codings (blind coding), or everyone's</td></tr>
<tr><td><b>F2</b>, <b>Ctrl+E</b></td><td>rename code, edit its entry and memo</td></tr>
<tr><td><b>Ctrl+Shift+N</b>, <b>Ctrl+Alt+N</b></td><td>add code, add sub-code</td></tr>
<tr><td><b>Alt+1</b> … <b>Alt+5</b></td><td>go to documents, text, codebook, segments, search
</td></tr>
</table>"""


def _show_keys(parent: QWidget) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, "Keyboard shortcuts", KEYS,
                      QMessageBox.StandardButton.Ok, parent)
    show_box(box)

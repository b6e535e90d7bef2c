"""The menu bar. Every command is reachable from a menu with a mnemonic and shows its key.

Export actions are added by ``ui/export_actions.py`` (``install_export_actions(window)``) and
codebook exchange by ``ui/codebook_io_actions.py`` (``install_codebook_io_actions(window)``)
when those modules exist; the menus ``window.export_menu`` and ``window.codebook_menu`` are
their hooks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from glocal_annotator.ui.common.plain import menu_text, tip

if TYPE_CHECKING:
    from glocal_annotator.ui.shell.main_window import MainWindow


def _add(menu: QMenu, window: MainWindow, text: str, slot, shortcut=None) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build_menus(window: MainWindow) -> None:
    bar = window.menuBar()
    project = bar.addMenu("&Project")
    _add(project, window, "&New project…", window.new_project_dialog, QKeySequence.StandardKey.New)
    _add(project, window, "&Open project…", window.open_project_dialog,
         QKeySequence.StandardKey.Open)
    _add(project, window, "Open the &demo project", window.open_demo)
    window.recent_menu = project.addMenu("Open &recent")
    window.recent_menu.aboutToShow.connect(lambda: _fill_recent(window))
    project.addSeparator()
    window.import_action = _add(project, window, "&Import documents…", window.import_dialog,
                                "Ctrl+Shift+I")
    window.save_copy_action = _add(project, window, "Save a &copy as…", window.save_copy_dialog,
                                   QKeySequence.StandardKey.SaveAs)
    project.addSeparator()
    settings = _add(project, window, "&Settings…", window.edit_settings)
    settings.setShortcuts([QKeySequence("Ctrl+,"), QKeySequence.StandardKey.Preferences])
    _add(project, window, "&Close project", window.close_project, QKeySequence.StandardKey.Close)
    _add(project, window, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    edit = bar.addMenu("&Edit")
    window.undo_action = window.undo_stack.createUndoAction(window, "&Undo")
    window.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    window.redo_action = window.undo_stack.createRedoAction(window, "&Redo")
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit.addAction(window.undo_action)
    edit.addAction(window.redo_action)
    edit.addSeparator()
    search = window.searching
    for action in (search.find_action, search.next_action, search.previous_action,
                   search.autocode_action):
        edit.addAction(action)

    coding = bar.addMenu("C&oding")
    quick = coding.addMenu("&Quick codes")
    for action in window.coding.quick_actions:
        quick.addAction(action)
        window.addAction(action)  # keys work while the menu is closed
    for action in (window.coding.last_action, window.coding.in_vivo_action):
        coding.addAction(action)
    coding.addSeparator()
    coding.addAction(window.coding.remove_action)
    coding.addAction(window.coding.memo_action)

    window.codebook_menu = bar.addMenu("&Codebook")
    for action in window.codebook_actions.actions():
        if action is None:
            window.codebook_menu.addSeparator()
        else:
            window.codebook_menu.addAction(action)
    window.codebook_menu.addMenu(window.codebook_actions.quick_menu)
    window.codebook_menu.addSeparator()
    try:
        from glocal_annotator.ui.codebook.io_actions import install_codebook_io_actions
    except ImportError:
        pass
    else:
        install_codebook_io_actions(window)

    window.export_menu = bar.addMenu("E&xport")
    try:
        from glocal_annotator.ui.exchange.export_actions import install_export_actions
    except ImportError:
        pass
    else:
        install_export_actions(window)
    window.export_menu.menuAction().setVisible(not window.export_menu.isEmpty())

    view = bar.addMenu("&View")
    for dock in window.docks.values():
        view.addAction(dock.toggleViewAction())
    view.addSeparator()
    targets = (("Go to &documents", window.documents, "documents"),
               ("Go to the &text", window.view.text_edit(), None),
               ("Go to the &codebook", window.codebook.tree, "codebook"),
               ("Go to coded &segments", window.segments.results, "segments"),
               ("Go to searc&h", window.search.box, "search"))
    for number, (text, widget, dock) in enumerate(targets, start=1):
        _add(view, window, text, lambda _c=False, w=widget, d=dock: _focus(window, w, d),
             f"Alt+{number}")

    help_menu = bar.addMenu("&Help")
    _add(help_menu, window, "&Keyboard shortcuts", lambda: _show_keys(window), "F1")


def _focus(window: MainWindow, widget, dock: str | None) -> None:
    if dock is not None:
        window.docks[dock].show()
        window.docks[dock].raise_()
    widget.setFocus()


def _fill_recent(window: MainWindow) -> None:
    menu = window.recent_menu
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
<tr><td><b>F2</b>, <b>Ctrl+E</b></td><td>rename code, edit its entry and memo</td></tr>
<tr><td><b>Ctrl+Shift+N</b>, <b>Ctrl+Alt+N</b></td><td>add code, add sub-code</td></tr>
<tr><td><b>Alt+1</b> … <b>Alt+5</b></td><td>go to documents, text, codebook, segments, search
</td></tr>
</table>"""


def _show_keys(window: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    from glocal_annotator.ui.common.feedback import show_box

    box = QMessageBox(QMessageBox.Icon.Information, "Keyboard shortcuts", KEYS,
                      QMessageBox.StandardButton.Ok, window)
    show_box(box)

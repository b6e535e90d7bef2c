"""The Export menu: coded excerpts as a Word report or a table, one coded document, the codebook.

Each command asks for its options (:mod:`.export_dialogs`), then for a file name (a default
name and folder, the right suffix added when it is missing), then runs a Qt-free exporter from
:mod:`glocal_annotator.exporters` and offers to open the file or its folder. Exporters write
atomically, so a failure or a cancelled export leaves nothing behind; a
:class:`~glocal_annotator.errors.GlocalError` is shown as one message (``feedback.guarded``).

The helpers :func:`ask_save_path`, :func:`run_with_progress` and :func:`show_exported` are shared
with the codebook exchange commands (:mod:`.codebook_io_actions`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from glocal_annotator.errors import GlocalError
from glocal_annotator.exporters import ExportCancelled
from glocal_annotator.ui.common import dialogs
from glocal_annotator.ui.common.feedback import guarded, show_box
from glocal_annotator.ui.common.plain import plain_message_box
from glocal_annotator.ui.exchange import export_dialogs

if TYPE_CHECKING:
    from glocal_annotator.ui.shell.main_window import MainWindow

T = TypeVar("T")
WORD = ("Word document", ".docx")
TABLE_CHOICES = {".xlsx": ("Excel workbook", ".xlsx"), ".csv": ("CSV table", ".csv")}
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


# -- shared helpers ------------------------------------------------------------------------------


def safe_file_name(name: str) -> str:
    """``name`` without the characters file systems refuse, for a default file name."""
    cleaned = _UNSAFE_NAME.sub(" ", name).strip(" .")
    return re.sub(r"\s{2,}", " ", cleaned) or "export"


def _start_folder(window: MainWindow) -> Path:
    """The last folder used, else Documents, else home; never the app's data folder."""
    from glocal_annotator.ui.common import folders

    return folders.start_folder()


def ask_save_path(window: MainWindow, title: str, name: str,
                  choices: Sequence[tuple[str, str]]) -> Path | None:
    """Ask where to save; ``choices`` are ``(label, suffix)`` pairs, the first the default.

    A name without one of the suffixes gets the suffix of the chosen filter (and, since the file
    dialog did not ask about that name, a question if such a file exists). Returns None when
    cancelled. The folder is remembered for the next export.
    """
    filters = ";;".join(f"{label} (*{suffix})" for label, suffix in choices)
    start = _start_folder(window) / f"{safe_file_name(name)}{choices[0][1]}"
    chosen, selected = QFileDialog.getSaveFileName(window, title, str(start), filters)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() not in {suffix for _, suffix in choices}:
        suffix = next((s for label, s in choices if selected.startswith(label)), choices[0][1])
        path = path.with_name(path.name + suffix)
        if path.exists() and not dialogs.confirm(
            window, title, f"{path.name} exists already in {path.parent}.\n\nReplace it?",
            "Replace",
        ):
            return None
    from glocal_annotator.ui.common import folders

    folders.remember(path)
    return path


@contextmanager
def busy_cursor():
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def run_with_progress(window: QWidget, title: str, label: str,
                      job: Callable[[Callable[[int, int], bool]], T]) -> T | None:
    """Run ``job(progress)`` under a cancellable progress dialog; None if the user cancelled.

    The job runs on the main (GUI) thread, not in a worker. The exporters read through the
    project's one sqlite connection, which the GUI thread uses too (the views, the project's
    listeners); sqlite3 connections and cursors are not safe to use from two threads at once
    even with ``check_same_thread=False``, and the exporters' work is pure Python under the GIL,
    so a thread would add risk without making the export faster. Instead ``progress`` (called
    every few hundred excerpts) lets Qt process events: the window repaints and the dialog's
    Cancel button works. The dialog is window-modal, so the project cannot be changed while it
    is read; before the dialog shows (after 400 ms) user input is held back for the same reason.
    """
    dialog = QProgressDialog(label, "Cancel", 0, 0, window)
    dialog.setObjectName("exportProgress")
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progress(done: int, total: int) -> bool:
        if total and dialog.maximum() != total:
            dialog.setMaximum(total)
        dialog.setValue(min(done, total) if total else 0)
        if dialog.isVisible():
            QApplication.processEvents()
        else:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        return not dialog.wasCanceled()

    try:
        with busy_cursor():
            return job(progress)
    except ExportCancelled:
        status(window, "Export cancelled; nothing was written.")
        return None
    finally:
        dialog.reset()  # stops the timer that would show the dialog after 400 ms
        dialog.close()
        dialog.deleteLater()


def status(window: QWidget, text: str) -> None:
    main = window.window()
    if hasattr(main, "statusBar"):
        main.statusBar().showMessage(text, 6000)


def open_path(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_exported(window: QWidget, title: str, text: str, path: Path,
                  can_open: bool = True) -> QMessageBox:
    """Say what was written where, with Open, Show in folder and Close (non-blocking)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text,
                      QMessageBox.StandardButton.NoButton, window)
    box.setObjectName("exportDone")
    box.setInformativeText(f"Saved as {path.name} in {path.parent}")
    plain_message_box(box)  # names of documents and files, shown as written
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    open_button = box.addButton("&Open", QMessageBox.ButtonRole.AcceptRole) if can_open else None
    folder_button = box.addButton("Show in &folder", QMessageBox.ButtonRole.ActionRole)
    close_button = box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(open_button or close_button)
    box.setEscapeButton(close_button)

    def clicked(button: QAbstractButton) -> None:
        if open_button is not None and button is open_button:
            open_path(path)
        elif button is folder_button:
            open_path(path.parent)

    box.buttonClicked.connect(clicked)
    status(window, f"{text} ({path})")
    return show_box(box)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


# -- the Export menu -----------------------------------------------------------------------------


class ExportController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.report_action = self._action("Coded &excerpts report (Word)…", self.export_report)
        self.table_action = self._action("Coded excerpts &table (CSV/Excel)…", self.export_table)
        self.document_action = self._action("Coded &document (Word)…", self.export_document)
        self.codebook_action = self._action("&Codebook (Word)…", self.export_codebook)

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        return action

    def actions(self) -> list[QAction]:
        return [self.report_action, self.table_action, self.document_action,
                self.codebook_action]

    def update_actions(self) -> None:
        project = self.window.project
        for action in self.actions():
            action.setEnabled(project is not None)

    # -- commands ---------------------------------------------------------------------------

    @guarded
    def export_report(self) -> Path | None:
        from glocal_annotator.exporters.excerpts_docx import export_excerpts_docx

        window = self.window
        project = window.require_project()
        options = export_dialogs.ask_report_options(window, project)
        if options is None:
            return None
        path = ask_save_path(window, "Export coded excerpts", f"{project.name} coded excerpts",
                             [WORD])
        if path is None:
            return None
        count = run_with_progress(
            window, "Export coded excerpts", f"Writing {path.name}…",
            lambda progress: export_excerpts_docx(project, path, options, progress),
        )
        if count is None:
            return None
        show_exported(window, "Export coded excerpts",
                      f"Exported {_plural(count, 'coded excerpt')} to Word.", path)
        return path

    @guarded
    def export_table(self) -> Path | None:
        from glocal_annotator.exporters.tables import export_excerpts_table

        window = self.window
        project = window.require_project()
        options = export_dialogs.ask_table_options(window, project)
        if options is None:
            return None
        first = TABLE_CHOICES.get(options.suffix, TABLE_CHOICES[".xlsx"])
        choices = [first, *(c for c in TABLE_CHOICES.values() if c != first)]
        path = ask_save_path(window, "Export coded excerpts table",
                             f"{project.name} coded excerpts", choices)
        if path is None:
            return None
        count = run_with_progress(
            window, "Export coded excerpts table", f"Writing {path.name}…",
            lambda progress: export_excerpts_table(project, path, options.where,
                                                   progress=progress),
        )
        if count is None:
            return None
        show_exported(window, "Export coded excerpts table",
                      f"Exported {_plural(count, 'coded excerpt')} as a table.", path)
        return path

    @guarded
    def export_document(self) -> Path | None:
        from glocal_annotator.exporters.document_docx import export_document_docx

        window = self.window
        project = window.require_project()
        documents = project.documents()
        if not documents:
            raise GlocalError("the project has no documents yet; import some first")
        document_id = window.current_document_id
        if document_id is None or all(d.id != document_id for d in documents):
            index = dialogs.ask_item(window, "Export coded document", "Document to export:",
                                     [d.name for d in documents])
            if index is None:
                return None
            document_id = documents[index].id
        document = project.document(document_id)
        path = ask_save_path(window, "Export coded document",
                             f"{Path(document.name).stem} coded", [WORD])
        if path is None:
            return None
        with busy_cursor():
            count = export_document_docx(project, document_id, path)
        show_exported(window, "Export coded document",
                      f"Exported {document.name} with {_plural(count, 'coding')} to Word.", path)
        return path

    @guarded
    def export_codebook(self) -> Path | None:
        return export_codebook_word(self.window)


def export_codebook_word(window: MainWindow) -> Path | None:
    """The codebook as a Word document (Export menu and Codebook menu). Raises GlocalError."""
    from glocal_annotator.exporters.codebook_docx import export_codebook_docx

    project = window.require_project()
    path = ask_save_path(window, "Export codebook", f"{project.name} codebook", [WORD])
    if path is None:
        return None
    with busy_cursor():
        count = export_codebook_docx(project, path)
    show_exported(window, "Export codebook", f"Exported the codebook ({_plural(count, 'code')}) "
                  "to Word.", path)
    return path


def install_export_actions(window: MainWindow) -> ExportController:
    """Fill ``window.export_menu`` (called by :func:`.menus.build_menus`)."""
    controller = ExportController(window)
    window.export_controller = controller
    menu = window.export_menu
    for action in controller.actions():
        if action is controller.codebook_action:
            menu.addSeparator()
        menu.addAction(action)
    menu.aboutToShow.connect(controller.update_actions)
    return controller

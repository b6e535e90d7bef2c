"""Noticing that the open project's file was taken away, and saving the work elsewhere.

A project file can be deleted, moved or replaced while the window has it open (in a file
manager, by a sync tool, by a second copy of a backup). SQLite goes on writing into the file it
opened, which is no longer in the folder: that work would be lost on close. So the window asks
the project (:meth:`~glocal_annotator.project.Project.file_state`) whether its path still names
the opened file: every 1.5 seconds, when the file or its folder changes
(``QFileSystemWatcher``), and when the app comes back to the front; the project itself checks
before every change and refuses it once the file is gone.

When it is gone the user is told at once (a message, the title, the status bar) and offered to
save the project elsewhere: the copy is written from the still-open connection (SQLite's backup
API), so every committed change is in it, and the window goes on in the copy.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from glocal_annotator.ui.common import folders
from glocal_annotator.ui.common.collaborators import StatusSink
from glocal_annotator.ui.common.feedback import show_box
from glocal_annotator.ui.common.plain import plain_message_box
from glocal_annotator.ui.common.session import Session

if TYPE_CHECKING:
    from glocal_annotator.project import Project

CHECK_MS = 1500

WHAT_HAPPENED = {
    "missing": "was moved, renamed or deleted",
    "replaced": "was replaced by another file",
}


class ProjectFileWatch(QObject):
    """Watches the file of the project open in ``session``; calls ``on_lost(state)`` once when
    it is gone (``state``: ``missing`` or ``replaced``)."""

    def __init__(self, session: Session, on_lost: Callable[[str], object],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._on_lost = on_lost
        self.lost: str | None = None  # the state that was reported, until the next project
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._soon)
        self.watcher.directoryChanged.connect(self._soon)
        app = QApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._state_changed)

    def watch(self) -> None:
        """Start watching the (newly opened) project."""
        self.stop()
        project = self._session.project
        if project is None:
            return
        paths = [str(project.path), str(project.path.parent)]
        self.watcher.addPaths([p for p in paths if p])
        self.timer.start()

    def stop(self) -> None:
        self.lost = None
        self.timer.stop()
        watched = self.watcher.files() + self.watcher.directories()
        if watched:
            self.watcher.removePaths(watched)

    def _soon(self, _path: str = "") -> None:
        QTimer.singleShot(0, self.check)

    def _state_changed(self, state) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def check(self) -> str:
        """Look now; report a loss once. Returns the file's state."""
        project = self._session.project
        if project is None:
            return "present"
        state = project.file_state()
        if state != "present" and self.lost is None:
            self.lost = state
            self._on_lost(state)
        return state


def ask_to_save_elsewhere(parent: QWidget, project: Project, state: str,
                          save_copy: Callable[[], object]) -> QMessageBox:
    """Tell the user the file of ``project`` is gone and offer to save the project elsewhere
    with ``save_copy()`` (non-blocking: the box stays open beside ``parent``)."""
    box = QMessageBox(parent)
    box.setObjectName("projectFileGone")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Project file gone")
    box.setText(f"The project file {project.path.name} {WHAT_HAPPENED.get(state, state)} "
                "while it was open.")
    box.setInformativeText(
        f"It was in {project.path.parent}. Everything you did up to now is still here in the "
        "window, but new changes cannot be saved into a file that is no longer there. Save the "
        "project elsewhere to keep your work and go on in the copy.")
    plain_message_box(box)
    save = box.addButton("&Save a copy…", QMessageBox.ButtonRole.AcceptRole)
    later = box.addButton("&Not now", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(later)
    box.buttonClicked.connect(
        lambda button: QTimer.singleShot(0, save_copy) if button is save else None
    )
    return show_box(box)


def tell_file_lost(parent: QWidget, project: Project, state: str, status: StatusSink,
                   save_copy: Callable[[], object]) -> QMessageBox:
    """Say it in the status bar and in a message that offers ``save_copy()`` (the window says
    it in its title)."""
    status.showMessage(
        f"{project.path.name} {WHAT_HAPPENED.get(state, state)}: changes are not saved until "
        "you save a copy (Project ▸ Save a copy as…)")
    return ask_to_save_elsewhere(parent, project, state, save_copy)


def save_copy_dialog(parent: QWidget, project: Project, status: StatusSink,
                     reopen: Callable[[Path], object]) -> Path | None:
    """Project ▸ Save a copy as…: a complete copy of ``project`` in a new file (never over an
    existing one). When the project's own file is gone, the window goes on in the copy
    (``reopen(copy)``). Returns the copy's path, None if cancelled; raises GlocalError."""
    lost = project.file_state() != "present"
    original = project.path
    folder = original.parent if folders.usable(original.parent) else folders.start_folder()
    name = original.name if lost and not original.exists() else f"{original.stem} copy.glocal"
    chosen, _ = QFileDialog.getSaveFileName(parent, "Save a copy of the project",
                                            str(folder / name), folders.PROJECT_FILTER)
    if not chosen:
        return None
    path = Path(chosen) if Path(chosen).suffix else Path(chosen).with_suffix(".glocal")
    folders.remember(path)
    copy = project.save_copy(path)
    if lost:
        reopen(copy)
        status.showMessage(
            f"Saved the project as {copy} and opened it: go on working there (the undo history "
            "starts afresh)", 15000)
    else:
        status.showMessage(f"Saved a copy of the project as {copy}", 8000)
    return copy

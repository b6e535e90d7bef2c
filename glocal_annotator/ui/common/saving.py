"""Saving a file the user names: where (:func:`ask_save_path`), a busy cursor while it is written,
and what was written where (:func:`show_exported`, with Open and Show in folder). Shared by the
Export menu and the codebook's exports."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QMessageBox, QWidget

from glocal_annotator.ui.common import dialogs, folders
from glocal_annotator.ui.common.collaborators import StatusSink
from glocal_annotator.ui.common.feedback import show_box
from glocal_annotator.ui.common.plain import plain_message_box

STATUS_MS = 6000  # how long the status bar says what was written
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_file_name(name: str) -> str:
    """``name`` without the characters file systems refuse, for a default file name."""
    cleaned = _UNSAFE_NAME.sub(" ", name).strip(" .")
    return re.sub(r"\s{2,}", " ", cleaned) or "export"


def ask_save_path(parent: QWidget, title: str, name: str,
                  choices: Sequence[tuple[str, str]]) -> Path | None:
    """Ask where to save; ``choices`` are ``(label, suffix)`` pairs, the first the default.

    The dialog starts in the last folder used (:func:`.folders.start_folder`). A name without
    one of the suffixes gets the suffix of the chosen filter (and, since the file dialog did not
    ask about that name, a question if such a file exists). Returns None when cancelled. The
    folder is remembered for the next dialog.
    """
    filters = ";;".join(f"{label} (*{suffix})" for label, suffix in choices)
    start = folders.start_folder() / f"{safe_file_name(name)}{choices[0][1]}"
    chosen, selected = QFileDialog.getSaveFileName(parent, title, str(start), filters)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() not in {suffix for _, suffix in choices}:
        suffix = next((s for label, s in choices if selected.startswith(label)), choices[0][1])
        path = path.with_name(path.name + suffix)
        if path.exists() and not dialogs.confirm(
            parent, title, f"{path.name} exists already in {path.parent}.\n\nReplace it?",
            "Replace",
        ):
            return None
    folders.remember(path)
    return path


@contextmanager
def busy_cursor() -> Iterator[None]:
    """The wait cursor over the whole application while the block runs."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def open_path(path: Path) -> None:
    """Open a file or folder with the desktop's default program."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_exported(parent: QWidget, title: str, text: str, path: Path, *, can_open: bool = True,
                  status: StatusSink | None = None) -> QMessageBox:
    """Say what was written where, with Open, Show in folder and Close (non-blocking); the same
    words go to ``status``, with the path."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text,
                      QMessageBox.StandardButton.NoButton, parent)
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
    if status is not None:
        status.showMessage(f"{text} ({path})", STATUS_MS)
    return show_box(box)

"""Where file dialogs start: the folder the user last chose a file in, else the Documents
folder, else home; never inside the app's own hidden data folder (where the demo project
lives), which a user would not find again in a file manager.

Every open and save dialog of the app (projects, documents, exports, codebooks, copies) shares
one remembered folder, as most desktop apps do.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

from glocal_annotator.ui.common.settings import qsettings

KEY = "files/lastFolder"
#: The file-dialog filter for project files (open, new, save a copy).
PROJECT_FILTER = "Glocal projects (*.glocal);;All files (*)"


def _hidden(folder: Path) -> bool:
    """True for the app's data folder and anything inside it."""
    from glocal_annotator.paths import data_dir

    try:
        folder.resolve().relative_to(data_dir().resolve())
    except ValueError:
        return False
    return True


def usable(folder: Path | None) -> bool:
    """An existing folder a dialog may start in."""
    return folder is not None and folder.is_dir() and not _hidden(folder)


def documents_folder() -> Path:
    """The user's Documents folder if there is one, else the home folder."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    documents = Path(location) if location else None
    if usable(documents):
        return documents  # type: ignore[return-value]
    return Path.home()


def start_folder() -> Path:
    """Where the next file dialog starts (see the module notes)."""
    stored = str(qsettings().value(KEY, "") or "")
    folder = Path(stored) if stored else None
    return folder if usable(folder) else documents_folder()  # type: ignore[return-value]


def start_path(name: str) -> str:
    """``name`` in :func:`start_folder`, for a save dialog's suggested file."""
    return str(start_folder() / name) if name else str(start_folder())


def remember(chosen: str | Path) -> None:
    """Remember the folder of a file (or the folder) the user chose in a dialog."""
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    if usable(folder):
        qsettings().setValue(KEY, str(folder))

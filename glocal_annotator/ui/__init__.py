"""PySide6 widgets: the only package that imports Qt (DESIGN.md, Layers).

The window is built from rooms, one folder each, by what the user sees:

- ``shell/``: the application, the main window, its menus, welcome page and settings dialog,
  the start checks, and the listener that keeps every view in step with the project;
- ``document/``: the open document (text view, highlights, margin of brackets) and the
  documents list; ``coding/``: coding the text; ``codebook/``: the code tree and its commands,
  codebook exchange; ``segments/``: retrieval; ``search/``: search and autocode;
  ``exchange/``: importing documents, the Export menu;
- ``common/``: what the rooms share (the session of project and undo stack, the small roles
  the rooms' commands are given, plain-text display, messages, settings).

The shell builds the rooms and wires them; a room never imports the shell or another room
(import-linter contracts in pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glocal_annotator.ui.shell.main_window import MainWindow


def open_window(project_path: str | Path) -> MainWindow:
    """Open the project at ``project_path`` and show the main window on it (a QApplication must
    exist). A failure to open is shown as a message; the window then shows the welcome page."""
    from glocal_annotator.ui.shell.main_window import open_window as open_main_window

    return open_main_window(Path(project_path))

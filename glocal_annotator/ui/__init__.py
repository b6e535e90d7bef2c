"""PySide6 widgets: the only package that imports Qt (DESIGN.md, Layers)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glocal_annotator.ui.shell.main_window import MainWindow


def open_window(project_path: str | Path) -> MainWindow:
    """Open the project at ``project_path`` and show the main window on it (a QApplication must
    exist). A failure to open is shown as a message; the window then shows the welcome page."""
    from glocal_annotator.ui.shell.main_window import MainWindow

    window = MainWindow()
    window.show()
    window.open_project(Path(project_path))
    return window

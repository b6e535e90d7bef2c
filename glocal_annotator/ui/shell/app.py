"""The application: QApplication set-up, the error hook, and ``run(path)``."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from glocal_annotator.ui.common.settings import APPLICATION, ORGANIZATION


def application() -> QApplication:
    """The QApplication, created (and named, for QSettings) on first use."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    return app


def _excepthook(exc_type, exc, tb) -> None:
    """Unexpected exceptions (bugs) outside guarded slots: log, show, go on."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    from glocal_annotator.errors import GlocalError
    from glocal_annotator.ui.common.feedback import show_error, show_failure

    if exc is None:
        exc = exc_type()
    exc.__traceback__ = tb
    if isinstance(exc, GlocalError):
        show_error(None, exc)
    else:
        show_failure(None, exc)


def install_excepthook() -> None:
    sys.excepthook = _excepthook


def run(path: Path | None = None) -> int:
    """Run the app; with ``path``, open that project, else show the welcome screen."""
    app = application()
    install_excepthook()
    from glocal_annotator.ui.shell.main_window import MainWindow, open_window

    if path is not None:
        window = open_window(Path(path))
    else:
        window = MainWindow()
        window.show()
    window.raise_()
    from glocal_annotator.ui.shell.start_check import watch_if_asked

    check = watch_if_asked(app, window)
    status = app.exec()
    if window.project is not None:  # the event loop ended without the window's Quit
        window.close_project()
    if check is not None and check.exit_code:
        return check.exit_code
    return status

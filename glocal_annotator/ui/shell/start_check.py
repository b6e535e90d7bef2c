"""A start check for CI: quit as soon as the first window is really on screen.

With ``GLOCAL_ANNOTATOR_QUIT_WHEN_SHOWN`` set (to ``1``, or to a ``.png`` path for a grab of the
screen), the app starts as usual and then, once its main window is exposed and painted, grabs
the screen from the windowing system (on X11 the X server's own pixels, not a render of the
widgets), checks that the window's area holds a drawn window (many colours, not an empty root
window), prints one line::

    shown: platform=xcb screen=1366x768 window=0,0 1229x691 document=interview.txt

and closes the window the way Quit does (the project is closed, its lock file removed). If no
window shows within the time limit it prints why on stderr and the app exits with status 3.
The variable is for CI (``.ci/run``) and tests; users never need it.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QObject, QRect, QTimer
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QMainWindow

ENV = "GLOCAL_ANNOTATOR_QUIT_WHEN_SHOWN"
TIME_LIMIT = 60.0  # seconds
MIN_COLOURS = 12  # distinct colours in a 64x64 sample of the window's area


def distinct_colours(image: QImage, rect: QRect) -> int:
    """How many distinct colours a 64x64 sample of ``rect`` in ``image`` has."""
    sample = image.copy(rect).scaled(64, 64).convertToFormat(QImage.Format.Format_RGB32)
    return len({sample.pixel(x, y) for x in range(sample.width())
                for y in range(sample.height())})


class StartCheck(QObject):
    """Watches ``window`` and ends the app once it is shown (see the module notes)."""

    def __init__(self, app: QApplication, window: QMainWindow, target: str) -> None:
        super().__init__(window)
        self.app = app
        self.window = window
        self.target = target
        self.started = time.monotonic()
        self.exit_code: int | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        handle = self.window.windowHandle()
        exposed = handle is not None and self.window.isVisible() and handle.isExposed()
        if exposed and self._shown():
            return
        if time.monotonic() - self.started > TIME_LIMIT:
            self.timer.stop()
            print(f"error: no window was shown within {TIME_LIMIT:.0f} s "
                  f"(platform {QGuiApplication.platformName()})", file=sys.stderr)
            self.exit_code = 3
            self.app.exit(3)

    def _shown(self) -> bool:
        screen = self.window.screen()
        frame = self.window.frameGeometry()
        grab = screen.grabWindow(0).toImage()
        area = frame.intersected(QRect(0, 0, grab.width(), grab.height()))
        if area.isEmpty() or distinct_colours(grab, area) < MIN_COLOURS:
            return False  # mapped but not painted yet: look again shortly
        self.timer.stop()
        if self.target.lower().endswith(".png"):
            grab.save(self.target)
        size = screen.geometry()
        document = ""
        project = getattr(self.window, "project", None)
        current = getattr(self.window, "current_document_id", None)
        if project is not None and current is not None:
            document = project.document(current).name
        print(f"shown: platform={QGuiApplication.platformName()} "
              f"screen={size.width()}x{size.height()} window={frame.x()},{frame.y()} "
              f"{frame.width()}x{frame.height()} document={document}", flush=True)
        self.exit_code = 0
        self.window.close()  # as Quit does: the layout is saved, the project closed
        QTimer.singleShot(0, self.app.quit)
        return True


def watch_if_asked(app: QApplication, window: QMainWindow) -> StartCheck | None:
    """Start the check when the environment asks for it (see :data:`ENV`)."""
    target = os.environ.get(ENV, "").strip()
    if not target:
        return None
    return StartCheck(app, window, target)

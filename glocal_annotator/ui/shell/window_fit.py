"""The main window fits the screen it opens on.

The first window is 1400x900 where there is room and otherwise nearly the whole available area
(``QScreen.availableGeometry``: the screen less task bars and docks), centred. A size and place
restored from the settings (perhaps saved on a larger monitor) is shrunk and moved onto the
screen in the same way. Until the window is shown the window system's frame is unknown, so room
is left for a typical title bar; once shown, the real frame is checked again.

Dock sizes follow the window: the panels on the left take about a quarter of its width and the
coded segments about a third of its height, within bounds, so that the text keeps most of a
laptop's screen.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1400, 900)
FRAME_ALLOWANCE = QMargins(4, 32, 4, 4)  # a title bar and borders, before the real frame shows


def available_geometry(window: QWidget) -> QRect:
    """Where windows may go on the screen ``window`` is on (or will open on)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def default_geometry(available: QRect, frame: QMargins = FRAME_ALLOWANCE) -> QRect:
    """The first window's geometry (without frame) for a screen's available area: the
    preferred size where it fits, else the whole area less the frame; centred."""
    inner = available.marginsRemoved(frame)
    size = PREFERRED.boundedTo(inner.size())
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(inner.center())
    return rect


def fitted(geometry: QRect, available: QRect, frame: QMargins = FRAME_ALLOWANCE,
           minimum: QSize | None = None) -> QRect:
    """``geometry`` (without frame) shrunk to the available area and moved onto it, frame
    included. A window cannot be smaller than its ``minimum`` size; on a screen smaller than
    that its top left corner is kept on screen."""
    inner = available.marginsRemoved(frame)
    size = geometry.size().boundedTo(inner.size())
    if minimum is not None:
        size = size.expandedTo(minimum)
    rect = QRect(geometry.topLeft(), size)
    if rect.right() > inner.right():
        rect.moveRight(inner.right())
    if rect.bottom() > inner.bottom():
        rect.moveBottom(inner.bottom())
    if rect.left() < inner.left():
        rect.moveLeft(inner.left())
    if rect.top() < inner.top():
        rect.moveTop(inner.top())
    return rect


def fit_window(window: QWidget, restored: bool) -> None:
    """Give ``window`` its first geometry, or fit a restored one to its screen."""
    if window.isMaximized() or window.isFullScreen():
        return
    available = available_geometry(window)
    if not restored:
        window.setGeometry(default_geometry(available))
        return
    frame = frame_margins(window)
    rect = fitted(window.geometry(), available, frame, window.minimumSizeHint())
    if rect != window.geometry():
        window.setGeometry(rect)


def frame_margins(window: QWidget) -> QMargins:
    """The window system's frame around ``window`` once shown; an allowance before."""
    if not window.isVisible():
        return FRAME_ALLOWANCE
    outer, inner = window.frameGeometry(), window.geometry()
    return QMargins(inner.left() - outer.left(), inner.top() - outer.top(),
                    outer.right() - inner.right(), outer.bottom() - inner.bottom())


def dock_sizes(window_size: QSize) -> tuple[int, int]:
    """(width of the left panels, height of the bottom panel) in pixels for a window size."""
    left = max(220, min(330, round(window_size.width() * 0.24)))
    bottom = max(180, min(320, round(window_size.height() * 0.34)))
    return left, bottom

"""A layout that lays its widgets out in a row and wraps them onto further rows when the row is
too narrow (Qt's "Flow Layout" example, with stretch): the analysis views' filters and options
take one line on a wide dock and never make the window wider than the screen on a narrow one.

Each widget gets its size hint's width (never less than its minimum, never more than the line);
the room left on a line goes to the widgets added with a stretch, in proportion. A widget whose
height depends on its width (another flow inside) is asked its height for the width it gets.
Hidden widgets take no room. Work per layout pass is linear in the number of widgets.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget

H_SPACING = 6  # logical pixels between widgets on a line
V_SPACING = 4  # between lines


class FlowLayout(QLayout):
    """Widgets in wrapping rows (module notes). ``addWidget(widget, stretch)`` as a box
    layout's; :meth:`addStretch` is accepted and does nothing (a line's room goes to the
    stretching widgets)."""

    def __init__(self, parent: QWidget | None = None, *, h_spacing: int = H_SPACING,
                 v_spacing: int = V_SPACING) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: dict[int, int] = {}  # id(item) -> stretch
        self._h, self._v = h_spacing, v_spacing
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout's item list -----------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def addWidget(self, widget: QWidget, stretch: int = 0) -> None:  # noqa: N802
        super().addWidget(widget)
        if stretch and self._items:
            self._stretch[id(self._items[-1])] = stretch

    def addStretch(self, _stretch: int = 0) -> None:  # noqa: N802 - a box layout's call
        """Nothing: the room left on a line goes to the stretching widgets."""

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        if 0 <= index < len(self._items):
            item = self._items.pop(index)
            self._stretch.pop(id(item), None)
            return item
        return None

    # -- sizes -------------------------------------------------------------------------------

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """Everything on one line."""
        shown = self._shown()
        width = sum(item.sizeHint().width() for item in shown) + self._h * max(len(shown) - 1, 0)
        height = max((item.sizeHint().height() for item in shown), default=0)
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(),
                     height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        """The widest widget's minimum (one widget a line)."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    # -- the layout --------------------------------------------------------------------------

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        """Lay the widgets out in ``rect`` (when ``place``); the height they take."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        room = max(area.width(), 1)
        lines: list[list[tuple[QLayoutItem, int]]] = [[]]
        used = 0
        for item in self._shown():
            width = min(max(item.sizeHint().width(), item.minimumSize().width()), room)
            width = min(width, item.maximumSize().width())
            if lines[-1] and used + self._h + width > room:
                lines.append([])
                used = 0
            used += (self._h if lines[-1] else 0) + width
            lines[-1].append((item, width))
        top = area.top()
        for line in lines:
            if not line:
                continue
            widths = self._stretched(line, room)
            heights = [self._height(item, width) for (item, _), width in
                       zip(line, widths, strict=True)]
            height = max(heights)
            if place:
                x = area.left()
                for (item, _), width, item_height in zip(line, widths, heights, strict=True):
                    y = top + (height - item_height) // 2
                    item.setGeometry(QRect(QPoint(x, y), QSize(width, item_height)))
                    x += width + self._h
            top += height + self._v
        return top - self._v - rect.top() + margins.bottom() if top > area.top() else 0

    def _stretched(self, line: list[tuple[QLayoutItem, int]], room: int) -> list[int]:
        """The widths on one line: the room left shared by the stretching widgets."""
        widths = [width for _, width in line]
        left = room - sum(widths) - self._h * (len(line) - 1)
        stretches = [self._stretch.get(id(item), 0) for item, _ in line]
        total = sum(stretches)
        if left > 0 and total:
            for index, stretch in enumerate(stretches):
                if stretch:
                    grown = widths[index] + left * stretch // total
                    widths[index] = min(grown, line[index][0].maximumSize().width())
        return widths

    @staticmethod
    def _height(item: QLayoutItem, width: int) -> int:
        if item.hasHeightForWidth():
            return item.heightForWidth(width)
        return item.sizeHint().height()


def flow_widget(parent: QWidget | None = None) -> tuple[QWidget, FlowLayout]:
    """A plain widget holding a :class:`FlowLayout`, its height following its width."""
    widget = QWidget(parent)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    widget.setSizePolicy(policy)
    return widget, FlowLayout(widget)

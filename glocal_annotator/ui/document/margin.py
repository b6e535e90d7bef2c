"""The coding margin: one bracket per coding beside the lines it covers, packed into lanes.

Lane 0 is nearest the text. Overlapping codings get different lanes (see ``SpanIndex``); past
``MAX_LANES`` the outermost lane is shared and marked with a "+". Painting only looks at the
codings of the blocks on screen. Each bracket's code name stands level with its first line in a
label column on the outer side, as MAXQDA shows code names beside its coding stripes; names that
would collide are stacked, and a short coding with no room below shares the row of the name on
its line (see ``_place_labels``). Tooltips show user text as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from glocal_annotator.ui.common.plain import tip
from glocal_annotator.ui.document.blocks import on_screen
from glocal_annotator.ui.document.lanes import CodingSpan
from glocal_annotator.ui.document.state import DocumentViewState

MAX_LANES = 10
LABEL_COLUMN = 150  # width of the code-name column, in pixels
LABEL_GAP = 6  # pixels between names that share a row
MAX_LABELS_PER_ROW = 3
BACKGROUND = QColor("#f4f4f2")


@dataclass
class Bracket:
    span: CodingSpan
    lane: int
    rect: QRect  # the lane column from the bracket's top to its bottom, margin coordinates
    open_top: bool  # starts above the viewport: no top cap
    open_bottom: bool
    label_rect: QRect | None = None  # where its code name is drawn, if it has room


class CodingMargin(QWidget):
    """The brackets beside ``edit`` (its parent) of what ``state`` shows. It changes nothing
    itself: a click, double-click, right-click or Delete on a bracket is a signal with the
    coding's id, for the document view to act on."""

    codingClicked = Signal(int)
    codingActivated = Signal(int)  # a double-click
    menuRequested = Signal(QPoint, int)  # global position, coding id
    deleteRequested = Signal(int)  # Delete or Backspace with a coding selected

    def __init__(self, state: DocumentViewState, edit: QPlainTextEdit) -> None:
        super().__init__(edit)
        self._state = state
        self._edit = edit
        self.setObjectName("codingMargin")
        self.setAccessibleName("Coding brackets")
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._label_font = QFont()
        self._lane_width = 16
        self._lanes_shown = 1
        self._crowded = False  # more lanes than MAX_LANES: the outermost is shared, "+" shown
        self._update_metrics()

    # -- geometry --------------------------------------------------------------------------------

    def set_label_font(self, font: QFont) -> None:
        label = QFont(font)
        size = font.pointSizeF()
        if size > 0:
            label.setPointSizeF(max(6.5, size * 0.8))
        self._label_font = label
        self._update_metrics()

    def _update_metrics(self) -> None:
        metrics = QFontMetrics(self._label_font)
        self._lane_width = max(9, metrics.height() // 2 + 3)

    def set_lane_count(self, lanes: int) -> bool:
        """Show ``lanes`` lanes (capped); True if the width changed."""
        shown = max(1, min(lanes, MAX_LANES))
        crowded = lanes > MAX_LANES
        if (shown, crowded) == (self._lanes_shown, self._crowded):
            return False
        self._lanes_shown, self._crowded = shown, crowded
        self.setToolTip(
            f"{lanes} overlapping codings at most; the outermost lane is shared" if crowded else ""
        )
        return True

    def preferred_width(self) -> int:
        lanes = self._lanes_shown * self._lane_width + (10 if self._crowded else 0)
        return 4 + LABEL_COLUMN + lanes

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.preferred_width(), 0)

    def lane_left(self, lane: int) -> int:
        """Left edge of ``lane`` (lane 0 is nearest the text)."""
        shown = min(lane, self._lanes_shown - 1)
        return self.width() - 2 - (shown + 1) * self._lane_width

    def brackets(self) -> list[Bracket]:
        """The brackets of the codings on screen, top to bottom, in margin coordinates."""
        index = self._state.index
        blocks = on_screen(self._edit)
        if index is None or not blocks:
            return []
        first, last = blocks[0][0].blockNumber(), blocks[-1][0].blockNumber()
        tops = {block.blockNumber(): (block, top) for block, top, _ in blocks}
        height = self.height()
        offsets = self._state.offsets
        # the text on screen (a long block reaches far above and below it: only the codings
        # that show get a bracket)
        viewport = self._edit.viewport()
        seen_from = offsets.to_cp(self._edit.cursorForPosition(QPoint(0, 0)).position())
        seen_to = offsets.to_cp(self._edit.cursorForPosition(
            QPoint(viewport.width(), viewport.height())).position()) + 1
        found: list[Bracket] = []
        for span in index.in_blocks(first, last):
            if span.end < seen_from or span.start > seen_to:
                continue
            lane = index.lanes.get(span.coding_id)
            if lane is None:
                continue
            start_block = index.block_of(max(span.start, 0))
            end_block = index.block_of(max(min(span.end, index.length) - 1, 0))
            if start_block < first:
                top, open_top = -4, True
            else:
                top, open_top = self._line_y(tops[start_block], offsets.to_qt(span.start), False)
            if end_block > last:
                bottom, open_bottom = height + 4, True
            else:
                last_qt = offsets.to_qt(span.end - 1)
                bottom, open_bottom = self._line_y(tops[end_block], last_qt, True)
            shown = min(lane, MAX_LANES - 1)
            rect = QRect(self.lane_left(shown), top, self._lane_width, max(bottom - top, 4))
            found.append(Bracket(span, shown, rect, open_top, open_bottom))
        self._separate(found)
        found.sort(key=lambda b: (b.rect.top(), b.lane))
        self._place_labels(found)
        return found

    def _place_labels(self, brackets: list[Bracket]) -> None:
        """Give each bracket a place in the label column level with its first line.

        Codings that start on the same line are placed shortest first. A name goes on its own
        row when there is room beside its bracket (pushed down past the row above it, never
        below its own bracket), so a long coding's name may stand a line or two lower, beside
        its own bracket. A coding with no such room (typically a
        short one on a line where another name stands) shares the row above it, if that row
        is level with it: the row's width is split between the names, so every coding on
        screen keeps its name (up to :data:`MAX_LABELS_PER_ROW` names on one line)."""
        metrics = QFontMetrics(self._label_font)
        height = metrics.height()
        rows: list[tuple[int, list[Bracket]]] = []
        next_free = -height
        # on one line, the shortest codings first: a longer one can stand lower beside itself
        for bracket in sorted(brackets, key=lambda b: (b.rect.top(), b.rect.height(), b.lane)):
            if not bracket.span.label:
                continue
            rect = bracket.rect
            top = max(rect.top() + 1, 0, next_free)
            beside = top + height <= rect.bottom() + height // 2 or top <= rect.top() + 1
            if beside and top < self.height():
                rows.append((top, [bracket]))
                next_free = top + height
                continue
            middle = rect.center().y()
            level = [(abs(row_top + height // 2 - middle), index)
                     for index, (row_top, members) in enumerate(rows)
                     if row_top < rect.bottom() and row_top + height > rect.top()
                     and len(members) < MAX_LABELS_PER_ROW]
            if level:
                rows[min(level)[1]][1].append(bracket)
        for top, members in rows:
            self._share_row(members, top, height, metrics)

    @staticmethod
    def _share_row(members: list[Bracket], top: int, height: int,
                   metrics: QFontMetrics) -> None:
        """Lay out the names of one row right to left (the first nearest the brackets): each
        gets its full width if all fit, else the room is shared so that short names stay whole
        and long ones are shortened alike."""
        width = LABEL_COLUMN - 6
        gap = LABEL_GAP * (len(members) - 1)
        wanted = [metrics.horizontalAdvance(b.span.label) + 2 for b in members]
        share = list(wanted)
        room = width - gap
        if sum(wanted) > room:
            open_ = list(range(len(members)))
            left = room
            while open_:  # give each the fair share of what is left, short names first
                fair = left // len(open_)
                small = [i for i in open_ if wanted[i] <= fair]
                if not small:
                    for i in open_:
                        share[i] = max(fair, 1)
                    break
                for i in small:
                    share[i] = wanted[i]
                    left -= wanted[i]
                    open_.remove(i)
        right = 3 + width
        for bracket, size in zip(members, share, strict=True):
            if len(members) == 1:
                size = width
            bracket.label_rect = QRect(right - size, top, size, height)
            right -= size + LABEL_GAP

    @staticmethod
    def _line_y(block_top: tuple, qt_position: int, bottom: bool) -> tuple[int, bool]:
        block, top = block_top
        layout = block.layout()
        line = layout.lineForTextPosition(qt_position - block.position()) if layout else None
        if line is None or not line.isValid():
            return round(top), False
        y = top + line.y() + (line.height() if bottom else 0)
        return round(y), False

    @staticmethod
    def _separate(brackets: list[Bracket]) -> None:
        """Codings in one lane that share a line (one ends, the next starts) split that line."""
        by_lane: dict[int, list[Bracket]] = {}
        for bracket in brackets:
            by_lane.setdefault(bracket.lane, []).append(bracket)
        for items in by_lane.values():
            items.sort(key=lambda b: (b.span.start, b.span.end))
            for before, after in zip(items, items[1:], strict=False):
                low, high = before.rect.bottom(), after.rect.top()
                if high <= low and before.span.end <= after.span.start:
                    middle = (high + low) // 2
                    before.rect.setBottom(max(before.rect.top() + 3, middle - 1))
                    after.rect.setTop(min(after.rect.bottom() - 3, middle + 1))

    def bracket_at(self, pos: QPoint) -> Bracket | None:
        hits = [
            b for b in self.brackets()
            if b.rect.contains(pos) or (b.label_rect is not None and b.label_rect.contains(pos))
        ]
        if not hits:
            return None
        return min(hits, key=lambda b: (b.span.end - b.span.start, b.span.coding_id))

    def bracket_rect(self, coding_id: int) -> QRect | None:
        for bracket in self.brackets():
            if bracket.span.coding_id == coding_id:
                return bracket.rect.intersected(self.rect())
        return None

    # -- painting --------------------------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(event.rect(), BACKGROUND)
        painter.setPen(QPen(QColor("#d6d6d2"), 1))
        edge = self.width() - 1
        painter.drawLine(edge, event.rect().top(), edge, event.rect().bottom())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setFont(self._label_font)
        metrics = QFontMetrics(self._label_font)
        selected = self._state.selected
        for bracket in self.brackets():
            label = bracket.label_rect
            if bracket.rect.intersects(event.rect()) or (
                label is not None and label.intersects(event.rect())
            ):
                self._paint_bracket(painter, metrics, bracket, bracket.span.coding_id == selected)
        if self._crowded:
            painter.setPen(QColor("#666666"))
            painter.drawText(QRect(LABEL_COLUMN, 0, 10, self.height()),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, "+")
        painter.end()

    def _paint_bracket(
        self, painter: QPainter, metrics: QFontMetrics, bracket: Bracket, selected: bool
    ) -> None:
        color = QColor(bracket.span.color)
        if not color.isValid():
            color = QColor("#999999")
        rect = bracket.rect
        spine = rect.left() + 3
        right = rect.right() - 1
        top, bottom = rect.top() + 1, rect.bottom() - 1
        if selected:
            halo = QColor(color)
            halo.setAlpha(60)
            painter.fillRect(rect.adjusted(0, 0, 0, 0), halo)
        pen = QPen(color, 5 if selected else 3)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawLine(spine, top, spine, bottom)
        cap = QPen(color, 3 if selected else 2)
        cap.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(cap)
        if not bracket.open_top:
            painter.drawLine(spine - 1, top, right, top)
        if not bracket.open_bottom:
            painter.drawLine(spine - 1, bottom, right, bottom)
        if bracket.label_rect is not None:
            text = metrics.elidedText(
                bracket.span.label, Qt.TextElideMode.ElideRight, bracket.label_rect.width()
            )
            painter.setPen(color.darker(220) if color.lightness() > 90 else color.darker(130))
            painter.drawText(
                bracket.label_rect,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )

    # -- interaction -----------------------------------------------------------------------------

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        bracket = self.bracket_at(event.position().toPoint())
        if bracket is None:
            super().mousePressEvent(event)
            return
        coding_id = bracket.span.coding_id
        if event.button() == Qt.MouseButton.RightButton:
            self.menuRequested.emit(event.globalPosition().toPoint(), coding_id)
        elif event.button() == Qt.MouseButton.LeftButton:
            self.codingClicked.emit(coding_id)
        event.accept()

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt's name
        bracket = self.bracket_at(event.position().toPoint())
        if bracket is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        self.codingActivated.emit(bracket.span.coding_id)
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        selected = self._state.selected
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and selected is not None:
            self.deleteRequested.emit(selected)
            event.accept()
            return
        super().keyPressEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            bracket = self.bracket_at(event.pos())
            if bracket is None:
                return super().event(event)  # the margin's own tooltip, if crowded
            span = bracket.span
            QToolTip.showText(event.globalPos(), tip(self._state.tooltip(span)), self,
                              bracket.rect)
            return True
        return super().event(event)

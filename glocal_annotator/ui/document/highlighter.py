"""Coding highlights as layout formats, one block at a time.

``highlightBlock`` asks the :class:`SpanIndex` for the codings of its block (no search over the
whole document), sweeps their boundaries and sets one format per run of equal coverage:

- one coding: its colour, light, behind black text;
- two or more: a deeper mix of their colours, underlined in the colour of the innermost (shortest)
  coding, so nested and crossing codings stay distinguishable;
- the selected coding: its own colour, strong, with a dashed underline in its dark shade.

The sweep keeps what a run's format depends on up to date as codings begin and end: how many
cover it, the sums of their colours' channels (the mix is their average), the innermost coding
(a heap, stale entries dropped when they surface) and whether the selected coding is among them.
So each run costs O(log k) however many codings overlap there, and a block with k codings
O(k log k): highlighting stays linear in the codings whatever the overlap depth (before, each
run sorted and scanned every coding over it, quadratic when thousands overlap).

The view decides *when* blocks are highlighted (see ``DocumentView``); this class only knows how.
"""

from __future__ import annotations

import heapq
from functools import lru_cache

from PySide6.QtGui import (
    QColor,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
    QTextLayout,
)

from glocal_annotator.ui.document.state import DocumentViewState

_WHITE = (255, 255, 255)
SINGLE_STRENGTH = 0.32  # how much of a code's colour one coding lays over white
STEP_STRENGTH = 0.12  # added per further coding over the same text
MAX_STRENGTH = 0.62
SELECTED_STRENGTH = 0.58
TEXT_COLOR = QColor("#000000")


@lru_cache(maxsize=1024)
def _rgb(color: str) -> tuple[int, int, int]:
    value = QColor(color)
    if not value.isValid():
        value = QColor("#999999")
    return value.red(), value.green(), value.blue()


def _mix(a: tuple[int, ...], b: tuple[int, ...], share_of_b: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * share_of_b) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def _shade(rgb: tuple[int, int, int], factor: float = 0.55) -> QColor:
    """A dark shade of ``rgb`` that reads as that colour on a light background."""
    return QColor(*(round(c * factor) for c in rgb))


def coding_format(colors: tuple[str, ...], inner: str, selected: str | None) -> QTextCharFormat:
    """The format of text covered by codings of ``colors`` (innermost ``inner``; ``selected``:
    the colour of the selected coding when it is one of them)."""
    rgbs = [_rgb(c) for c in colors]
    sums = tuple(sum(channel) for channel in zip(*rgbs, strict=True))
    return _coverage_format(len(rgbs), sums, inner, selected)  # type: ignore[arg-type]


def _coverage_format(count: int, sums: tuple[int, int, int], inner: str,
                     selected: str | None) -> QTextCharFormat:
    """:func:`coding_format` from how many codings there are and the sums of their channels."""
    fmt = QTextCharFormat()
    fmt.setForeground(TEXT_COLOR)
    if count == 1:
        background = _mix(_WHITE, sums, SINGLE_STRENGTH)
    else:
        average = tuple(channel / count for channel in sums)
        strength = min(SINGLE_STRENGTH + STEP_STRENGTH * (count - 1), MAX_STRENGTH)
        background = _mix(_WHITE, average, strength)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(_shade(_rgb(inner)))
    if selected is not None:
        sel = _rgb(selected)
        background = _mix(background, _mix(_WHITE, sel, SELECTED_STRENGTH), 0.8)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        fmt.setUnderlineColor(_shade(sel, 0.45))
    fmt.setBackground(QColor(*background))
    return fmt


class CodingHighlighter(QSyntaxHighlighter):
    """Formats one block of ``document`` from the codings that touch it in ``state`` (its span
    index, offsets and selected coding, which the document view keeps)."""

    def __init__(self, document: QTextDocument, state: DocumentViewState) -> None:
        super().__init__(document)
        self.suspended = False  # True while a new text is set: no work per block then
        self._state = state
        self.formatted = bytearray()  # 1 where the last highlight of a block set any format
        self._formats: dict[tuple, QTextCharFormat] = {}

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        if self.suspended or self._state.index is None:
            return
        number = self.currentBlock().blockNumber()
        for start, length, fmt in self.segments(number):
            self.setFormat(start, length, fmt)

    def apply_to_layout(self, block: QTextBlock) -> None:
        """Set ``block``'s formats on its layout directly, without laying it out now.

        QSyntaxHighlighter would mark the block dirty, which makes QPlainTextEdit lay it out at
        once (twice, for a block never shown). Here the caller marks a run of blocks dirty in one
        go (``QTextDocument.markContentsDirty``) and layout waits until a block is painted.
        """
        ranges = []
        for start, length, fmt in self.segments(block.blockNumber()):
            rng = QTextLayout.FormatRange()
            rng.start, rng.length, rng.format = start, length, fmt
            ranges.append(rng)
        block.layout().setFormats(ranges)

    def segments(self, number: int) -> list[tuple[int, int, QTextCharFormat]]:
        """(UTF-16 start in the block, UTF-16 length, format) of block ``number``'s coded runs,
        in order, neighbours of one format joined. O(k log k) for k codings in the block."""
        state = self._state
        index = state.index
        if index is None or number >= len(self.formatted):
            return []
        spans = index.in_block(number)
        if not spans:
            self.formatted[number] = 0
            return []
        block_start = index.block_starts[number]
        block_end = index.block_ends[number]
        # one int per boundary: position * 2 + (1 at a start), so that at one position the
        # codings that end come before those that begin; the span's place in the list after
        events: list[tuple[int, int]] = []
        for place, span in enumerate(spans):
            start = span.start if span.start > block_start else block_start
            end = span.end if span.end < block_end else block_end
            if start < end:
                events.append((start * 2 + 1, place))
                events.append((end * 2, place))
        self.formatted[number] = 1 if events else 0
        if not events:
            return []
        events.sort()
        offsets = state.offsets
        identity = offsets.identity
        qt_base = offsets.to_qt(block_start)
        selected = state.selected
        formats = self._formats
        found: list[tuple[int, int, QTextCharFormat]] = []
        count = red = green = blue = 0
        innermost: list[tuple[int, int, int, str]] = []  # (length, -start, id, colour) heap
        active: set[int] = set()
        chosen: str | None = None  # the selected coding's colour while it is active
        previous = block_start
        for key, place in events:
            position = key >> 1
            if position > previous and count:
                while innermost[0][2] not in active:
                    heapq.heappop(innermost)
                inner = innermost[0][3]
                style = (count, red, green, blue, inner, chosen)
                fmt = formats.get(style)
                if fmt is None:
                    if len(formats) > 20_000:  # each mix ever seen: bounded
                        formats.clear()
                    fmt = formats[style] = _coverage_format(count, (red, green, blue), inner,
                                                            chosen)
                if identity:
                    qt_start, qt_end = previous - block_start, position - block_start
                else:
                    qt_start = offsets.to_qt(previous) - qt_base
                    qt_end = offsets.to_qt_end(position) - qt_base
                if found and found[-1][2] is fmt and found[-1][0] + found[-1][1] == qt_start:
                    found[-1] = (found[-1][0], qt_end - found[-1][0], fmt)
                else:
                    found.append((qt_start, qt_end - qt_start, fmt))
            span = spans[place]
            r, g, b = _rgb(span.color)
            if key & 1:
                count += 1
                red, green, blue = red + r, green + g, blue + b
                active.add(span.coding_id)
                heapq.heappush(innermost, (span.end - span.start, -span.start, span.coding_id,
                                           span.color))
                if span.coding_id == selected:
                    chosen = span.color
            else:
                count -= 1
                red, green, blue = red - r, green - g, blue - b
                active.discard(span.coding_id)
                if span.coding_id == selected:
                    chosen = None
            previous = position
        return found

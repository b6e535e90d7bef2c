"""Coding highlights as layout formats, one block at a time.

``highlightBlock`` asks the :class:`SpanIndex` for the codings of its block (no search over the
whole document), sweeps their boundaries and sets one format per run of equal coverage:

- one coding: its colour, light, behind black text;
- two or more: a deeper mix of their colours, underlined in the colour of the innermost (shortest)
  coding, so nested and crossing codings stay distinguishable;
- the selected coding: its own colour, strong, with a dashed underline in its dark shade.

The view decides *when* blocks are highlighted (see ``DocumentView``); this class only knows how.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import (
    QColor,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
    QTextLayout,
)

from glocal_annotator.ui.document.lanes import CodingSpan, SpanIndex
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
    """The format of text covered by codings of ``colors`` (innermost ``inner``)."""
    rgbs = [_rgb(c) for c in colors]
    fmt = QTextCharFormat()
    fmt.setForeground(TEXT_COLOR)
    if len(rgbs) == 1:
        background = _mix(_WHITE, rgbs[0], SINGLE_STRENGTH)
    else:
        average = tuple(sum(channel) / len(rgbs) for channel in zip(*rgbs, strict=True))
        strength = min(SINGLE_STRENGTH + STEP_STRENGTH * (len(rgbs) - 1), MAX_STRENGTH)
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
        for start, length, fmt in self.segments(number, len(text)):
            self.setFormat(start, length, fmt)

    def apply_to_layout(self, block: QTextBlock) -> None:
        """Set ``block``'s formats on its layout directly, without laying it out now.

        QSyntaxHighlighter would mark the block dirty, which makes QPlainTextEdit lay it out at
        once (twice, for a block never shown). Here the caller marks a run of blocks dirty in one
        go (``QTextDocument.markContentsDirty``) and layout waits until a block is painted.
        """
        ranges = []
        cp_length = _cp_length(block, self._state.index)
        for start, length, fmt in self.segments(block.blockNumber(), cp_length):
            rng = QTextLayout.FormatRange()
            rng.start, rng.length, rng.format = start, length, fmt
            ranges.append(rng)
        block.layout().setFormats(ranges)

    def segments(self, number: int, length: int) -> list[tuple[int, int, QTextCharFormat]]:
        """(UTF-16 start in the block, UTF-16 length, format) of the block's coded runs."""
        index = self._state.index
        if index is None or number >= len(self.formatted):
            return []
        spans = index.in_block(number)
        if not spans:
            self.formatted[number] = 0
            return []
        block_start = index.block_starts[number]
        block_end = block_start + length
        events: list[tuple[int, int, CodingSpan]] = []
        for span in spans:
            start = span.start if span.start > block_start else block_start
            end = span.end if span.end < block_end else block_end
            if start < end:
                events.append((start, 1, span))
                events.append((end, 0, span))
        self.formatted[number] = 1 if events else 0
        if not events:
            return []
        events.sort(key=lambda event: (event[0], event[1]))  # ends before starts at one point
        offsets = self._state.offsets
        identity = offsets.identity
        qt_base = offsets.to_qt(block_start)
        found = []
        active: dict[int, CodingSpan] = {}
        previous = block_start
        for position, is_start, span in events:
            if position > previous and active:
                if identity:
                    fmt = self._format(active)
                    found.append((previous - block_start, position - previous, fmt))
                else:
                    qt_start = offsets.to_qt(previous)
                    qt_end = offsets.to_qt(position)
                    found.append((qt_start - qt_base, qt_end - qt_start, self._format(active)))
            if is_start:
                active[span.coding_id] = span
            else:
                del active[span.coding_id]
            previous = position
        return found

    def _format(self, active: dict[int, CodingSpan]) -> QTextCharFormat:
        selected = self._state.selected
        if len(active) == 1:
            span = next(iter(active.values()))
            chosen = span.color if span.coding_id == selected else None
            key: tuple = (span.color, span.color, chosen)
        else:
            inner = min(active.values(), key=lambda s: (s.end - s.start, -s.start, s.coding_id))
            sel = active.get(selected) if selected is not None else None
            key = (
                tuple(sorted(s.color for s in active.values())),
                inner.color,
                sel.color if sel is not None else None,
            )
        fmt = self._formats.get(key)
        if fmt is None:
            colors = key[0] if isinstance(key[0], tuple) else (key[0],)
            fmt = self._formats[key] = coding_format(colors, key[1], key[2])
        return fmt


def _cp_length(block: QTextBlock, index: SpanIndex) -> int:
    """Length in code points of ``block``'s text (without its line break)."""
    number = block.blockNumber()
    starts = index.block_starts
    end = starts[number + 1] - 1 if number + 1 < len(starts) else index.length
    return end - starts[number]

"""Coding highlights as layout formats, one block at a time.

:meth:`CodingHighlighter.apply_to_layout` asks the :class:`SpanIndex` for the codings of a
block (no search over the whole document), sweeps their boundaries and sets one format per run
of equal coverage on the block's layout:

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
It is not a ``QSyntaxHighlighter``: that one is called back by Qt for every block whenever a
text is set (5,800 Python calls, 30 ms, for 3M characters, to do nothing), while every format
here goes straight to the layouts of the blocks that need it.
"""

from __future__ import annotations

import heapq
from functools import lru_cache

from PySide6.QtGui import QColor, QTextBlock, QTextCharFormat, QTextLayout

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


@lru_cache(maxsize=2)
def _template(overlap: bool) -> QTextCharFormat:
    """The format every coded run starts from (black text; underlined where codings overlap)."""
    fmt = QTextCharFormat()
    fmt.setForeground(TEXT_COLOR)
    if overlap:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    return fmt


@lru_cache(maxsize=1024)
def _underline(color: str, factor: float) -> QColor:
    return _shade(_rgb(color), factor)


def _coverage_format(count: int, sums: tuple[int, int, int], inner: str,
                     selected: str | None) -> QTextCharFormat:
    """:func:`coding_format` from how many codings there are and the sums of their channels."""
    return _format_of(coverage_look(count, sums, inner, selected))


Look = tuple[int, int, int, str | None, str | None]  # background, underline colour, selected


def coverage_look(count: int, sums: tuple[int, int, int], inner: str,
                  selected: str | None) -> Look:
    """What text under ``count`` codings whose colours' channels add up to ``sums`` looks like:
    its background's channels, the colour whose shade underlines it (None: no underline) and
    the selected coding's colour (None: none of them). Many mixes of many codings look alike
    (the mix is capped, the channels rounded), so formats are kept per look (the arithmetic of
    :func:`_mix` written out: this runs once per run of text)."""
    red, green, blue = sums
    if count == 1:
        share = SINGLE_STRENGTH
        underline = None
    else:
        share = min(SINGLE_STRENGTH + STEP_STRENGTH * (count - 1), MAX_STRENGTH)
        red, green, blue = red / count, green / count, blue / count
        underline = inner
    background = (round(255 + (red - 255) * share), round(255 + (green - 255) * share),
                  round(255 + (blue - 255) * share))
    if selected is not None:
        background = _mix(background, _mix(_WHITE, _rgb(selected), SELECTED_STRENGTH), 0.8)
    return (*background, underline, selected)


@lru_cache(maxsize=65536)
def _format_of(look: Look) -> QTextCharFormat:
    """The character format of a look (see :func:`coverage_look`)."""
    red, green, blue, underline, selected = look
    fmt = QTextCharFormat()
    fmt.setForeground(TEXT_COLOR)
    if underline is not None:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(_shade(_rgb(underline)))
    if selected is not None:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        fmt.setUnderlineColor(_shade(_rgb(selected), 0.45))
    fmt.setBackground(QColor(red, green, blue))
    return fmt


class CodingHighlighter:
    """Formats blocks from the codings that touch them in ``state`` (its span index, offsets
    and selected coding, which the document view keeps)."""

    def __init__(self, state: DocumentViewState) -> None:
        self._state = state
        self.formatted = bytearray()  # 1 where the last highlight of a block set any format
        self._formats: dict[tuple, QTextCharFormat] = {}
        self._rgbs: dict[str, tuple[int, int, int]] = {}

    def apply_to_layout(self, block: QTextBlock) -> None:
        """Set ``block``'s formats on its layout directly, without laying it out now.

        The caller marks the block (or a run of blocks, in one go) dirty
        (``QTextDocument.markContentsDirty``): Qt lays a block out again when it is painted,
        at once for a single block on screen.
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
        qt_base = offsets.to_qt(block_start)
        # no surrogate pair and no display break inside the block: UTF-16 = code points there
        identity = offsets.to_qt_end(block_end) - qt_base == block_end - block_start
        selected = state.selected
        formats = self._formats
        found: list[tuple[int, int, QTextCharFormat]] = []
        count = red = green = blue = 0
        innermost: list[tuple[int, int, int, str]] = []  # (length, -start, id, colour) heap
        active: set[int] = set()
        chosen: str | None = None  # the selected coding's colour while it is active
        rgbs = self._rgbs
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
                    if len(formats) > 50_000:  # each mix ever seen: bounded
                        formats.clear()
                    fmt = formats[style] = _format_of(
                        coverage_look(count, (red, green, blue), inner, chosen))
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
            r, g, b = rgbs.get(span.color) or rgbs.setdefault(span.color, _rgb(span.color))
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

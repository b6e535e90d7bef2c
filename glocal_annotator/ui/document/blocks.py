"""The text blocks (paragraphs) of a plain-text edit: a numbered run, and those on screen."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit


def numbered(document: QTextDocument, first: int, last: int) -> Iterator[QTextBlock]:
    """The blocks numbered ``first`` to ``last`` (inclusive) of ``document``."""
    block = document.findBlockByNumber(first)
    while block.isValid() and block.blockNumber() <= last:
        yield block
        block = block.next()


def on_screen(edit: QPlainTextEdit) -> list[tuple[QTextBlock, float, float]]:
    """(block, top, bottom) of the visible blocks of ``edit``, in viewport coordinates (pixels)."""
    block = edit.firstVisibleBlock()
    offset = edit.contentOffset()
    height = edit.viewport().height()
    found = []
    while block.isValid():
        geometry = edit.blockBoundingGeometry(block).translated(offset)
        if geometry.top() > height:
            break
        if block.isVisible():
            found.append((block, geometry.top(), geometry.bottom()))
        block = block.next()
    return found

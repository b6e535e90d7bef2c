"""How a code is shown in any list of the window: its colour swatch and its tooltip."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QIcon, QPixmap

from glocal_annotator.code_paths import display_path
from glocal_annotator.model import Code


@lru_cache(maxsize=256)
def swatch(color: str, size: int = 12) -> QIcon:
    """A ``size`` x ``size`` pixel square of ``color`` (``#RRGGBB``), cached."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def code_tooltip(code: Code) -> str:
    """The code's path, short definition and codability (plain text: show it with
    :func:`~glocal_annotator.ui.common.plain.tip`)."""
    lines = [display_path(code.path)]
    if code.short_definition:
        lines.append(code.short_definition)
    if not code.codable:
        lines.append("(groups other codes; not codable itself)")
    return "\n".join(lines)

"""Labels that fit: code paths shortened from the top of the codebook down, other names in the
middle, so what tells one row from another stays in view."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF

from glocal_annotator.code_paths import DISPLAY_SEPARATOR

ELLIPSIS = "…"


def elide_label(text: str, metrics: QFontMetricsF, width: float) -> str:
    """``text`` shortened to at most ``width`` pixels in ``metrics``' font.

    A code path (``Hybridization / Glocal products / Food``) loses its top names first
    (``… / Glocal products / Food``, then ``… / Food``), since the last name is what the row is;
    if even that is too wide, the last name is cut at its end. Any other label (a document or
    file name, a word) is cut in the middle, which keeps its start and its ending (``.docx``,
    a number). The work is a few measurements per name in the path."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    parts = text.split(DISPLAY_SEPARATOR)
    if len(parts) > 1:
        for first in range(1, len(parts)):
            candidate = ELLIPSIS + DISPLAY_SEPARATOR + DISPLAY_SEPARATOR.join(parts[first:])
            if metrics.horizontalAdvance(candidate) <= width:
                return candidate
        return metrics.elidedText(parts[-1], Qt.TextElideMode.ElideRight, width)
    return metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, width)


_MODES = (Qt.TextElideMode.ElideMiddle, Qt.TextElideMode.ElideRight, Qt.TextElideMode.ElideLeft)


def elide_labels(texts: Sequence[str], metrics: QFontMetricsF, width: float) -> list[str]:
    """Every label of an axis shortened to ``width`` (:func:`elide_label`), keeping them apart.

    Names that differ only where the middle is cut (``Interview_001_with_local_actor.docx``,
    ``Interview_002_…``) would all read alike; when they do, the labels that are not code
    paths are cut at the end, then at the start, instead, and the way that leaves the most
    labels distinct wins. Linear in the number of labels (three passes at most)."""
    best: list[str] = [elide_label(text, metrics, width) for text in texts]
    wanted = len(set(texts))
    distinct = len(set(best))
    if distinct >= wanted:
        return best
    for mode in _MODES[1:]:
        trial = [short if DISPLAY_SEPARATOR in text or short == text
                 else metrics.elidedText(text, mode, width)
                 for text, short in zip(texts, best, strict=True)]
        count = len(set(trial))
        if count > distinct:
            best, distinct = trial, count
        if distinct >= wanted:
            break
    return best

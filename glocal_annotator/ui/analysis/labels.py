"""Labels that fit: code paths shortened from the top of the codebook down, other names in the
middle, so what tells one row from another stays in view."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF

from glocal_annotator.code_paths import DISPLAY_SEPARATOR

ELLIPSIS = "…"


def elide_label(text: str, metrics: QFontMetricsF, width: float, *,
                code_path: bool | None = None) -> str:
    """``text`` shortened to at most ``width`` pixels in ``metrics``' font, by one rule for
    each kind of label (so that one chart never mixes styles):

    * a code path (``Hybridization / Glocal products / Food``; ``code_path`` True, or None and
      the text holds the separator) loses its top names first, each loss shown by a leading
      ``… / `` (``… / Glocal products / Food``, then ``… / Food``), since the last name is what
      the row is; when even ``… / Food`` is too wide, the last name is cut at its end
      (``… / Fo…``; only where not even two of its letters would show, ``Fo…`` alone). A
      top-level code's name is cut at its end too;
    * any other label (a document or file name, a word) is cut in the middle, which keeps its
      start and its ending (``.docx``, a number).

    The work is a few measurements per name in the path."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    parts = text.split(DISPLAY_SEPARATOR)
    if code_path is None:
        code_path = len(parts) > 1
    if not code_path:
        return metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, width)
    if len(parts) == 1:
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    lead = ELLIPSIS + DISPLAY_SEPARATOR
    for first in range(1, len(parts)):
        candidate = lead + DISPLAY_SEPARATOR.join(parts[first:])
        if metrics.horizontalAdvance(candidate) <= width:
            return candidate
    cut = metrics.elidedText(lead + parts[-1], Qt.TextElideMode.ElideRight, width)
    if len(cut) >= len(lead) + 3:  # at least two letters of the last name, then "…"
        return cut
    return metrics.elidedText(parts[-1], Qt.TextElideMode.ElideRight, width)  # very narrow


_MODES = (Qt.TextElideMode.ElideMiddle, Qt.TextElideMode.ElideRight, Qt.TextElideMode.ElideLeft)


def elide_labels(texts: Sequence[str], metrics: QFontMetricsF, width: float, *,
                 code_paths: bool | None = None) -> list[str]:
    """Every label of an axis shortened to ``width`` (:func:`elide_label`), keeping them apart.
    ``code_paths``: True when the labels are codes (top-level names then cut at their end, as
    the paths' last names are), False when none is, None to tell by the separator.

    Names that differ only where the middle is cut (``Interview_001_with_local_actor.docx``,
    ``Interview_002_…``) would all read alike; when they do, the labels that are not code
    paths are cut at the end, then at the start, instead, and the way that leaves the most
    labels distinct wins (one way for the whole axis). Linear in the number of labels (three
    passes at most)."""
    best: list[str] = [elide_label(text, metrics, width, code_path=code_paths)
                       for text in texts]
    wanted = len(set(texts))
    distinct = len(set(best))
    if distinct >= wanted or code_paths:
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

"""What a document view shows, in one object that the view, its margin and its highlighter share.

The view (:class:`~glocal_annotator.ui.document.view.DocumentView`) is the only writer; the
margin and the highlighter read it when they paint. Qt-free: positions are code points (Python
``str`` indices into the stored text), converted for Qt by :attr:`DocumentViewState.offsets`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from glocal_annotator.ui.document.lanes import CodingSpan, SpanIndex
from glocal_annotator.ui.document.offsets import OffsetMap


@dataclass(eq=False)
class DocumentViewState:
    """The open document as the view shows it.

    - ``document_id``: the project's id of the document shown; None when none is open.
    - ``text``: its stored text; ``offsets`` converts positions in it to Qt's UTF-16 units.
    - ``index``: the codings shown, by block, with their margin lanes; None while a new text is
      being set (nothing is painted from it then).
    - ``selected``: the id of the selected (emphasised) coding, if any.
    - ``found``: the passage marked as found, ``(start, end)`` in code points, if any.
    - ``tooltip_for``: works out the hover text of a coding whose span carries none (the
      window reads memo and coder only when asked); None: the code's name.
    """

    document_id: int | None = None
    text: str = ""
    offsets: OffsetMap = field(default_factory=lambda: OffsetMap(""))
    index: SpanIndex | None = None
    selected: int | None = None
    found: tuple[int, int] | None = None
    tooltip_for: Callable[[CodingSpan], str] | None = None

    def tooltip(self, span: CodingSpan) -> str:
        """The plain text shown when the pointer rests on ``span``'s bracket."""
        if span.tooltip:
            return span.tooltip
        if self.tooltip_for is not None:
            return self.tooltip_for(span) or span.label
        return span.label

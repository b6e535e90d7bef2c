"""A document shown with each coder's codings in a lane of their own (NVivo's coding stripes by
user), to compare coders passage by passage (Team ▸ Disagreements).

Each coder has a colour (:data:`CODER_COLOURS`, in order) used for the highlight of that coder's
codings and for the brackets of their lane; lane 0, nearest the text, is the first coder's. A
legend above the text names the lanes. Where coders agree, the highlights mix; where one coded
alone, the text takes that coder's colour. The passage asked for is marked as found (not
selected), so that only a selection the user makes is ever coded.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from glocal_annotator.ui.common.collaborators import LaneCoding
from glocal_annotator.ui.common.plain import plain_label
from glocal_annotator.ui.document.lanes import CodingSpan
from glocal_annotator.ui.document.view import DocumentView

# Distinct, print-safe colours (Okabe-Ito, readable by colour-blind readers), one per coder.
CODER_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                 "#000000")


def coder_colour(index: int) -> str:
    return CODER_COLOURS[index % len(CODER_COLOURS)]


class CoderLanesView(QWidget):
    """The legend and a read-only :class:`DocumentView` whose margin has one lane per coder
    (a :class:`~..common.collaborators.PassageViewer`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coderLanesView")
        self.legend = QWidget(self)
        self.legend.setObjectName("coderLanesLegend")
        self._legend_layout = QHBoxLayout(self.legend)
        self._legend_layout.setContentsMargins(4, 2, 4, 2)
        self.view = DocumentView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.legend)
        layout.addWidget(self.view, 1)
        self.coders: list[str] = []

    def show_passage(self, document_id: int, text: str, coders: Sequence[str],
                     codings: Sequence[LaneCoding], start: int, end: int) -> None:
        """Show the document ``text`` with ``codings`` in the lanes of ``coders`` (in order,
        nearest the text first) and mark ``[start, end)`` (code points) as found."""
        legend_changed = list(coders) != self.coders
        self.coders = list(coders)
        spans = [CodingSpan(c.coding_id, c.code_id, c.start, c.end, coder_colour(c.coder),
                            self.coders[c.coder], f"{c.code}\nCoded by {self.coders[c.coder]}")
                 for c in codings]
        if self.view.document_id != document_id or self.view.text != text:
            self.view.set_document(text, spans, document_id)
        else:
            self.view.set_spans(spans)
        self.view.set_lane_groups({c.coding_id: c.coder for c in codings}, len(self.coders))
        self.view.show_found(start, end)
        if legend_changed:
            self._fill_legend()

    def clear(self) -> None:
        self.view.clear()
        self.coders = []
        self._fill_legend()

    def widget(self) -> QWidget:
        return self

    def selected_range(self) -> tuple[int, int]:
        """The user's selection in the text, ``(start, end)`` in code points."""
        return self.view.selected_range()

    def _fill_legend(self) -> None:
        while self._legend_layout.count():
            item = self._legend_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)  # gone at once, not at the next turn of the loop
                widget.deleteLater()
        if not self.coders:
            return
        self._legend_layout.addWidget(QLabel("Lanes, from the text outwards:", self.legend))
        for index, name in enumerate(self.coders):
            label = plain_label(QLabel(f"■ {name}", self.legend))
            label.setObjectName("laneLegend")
            label.setStyleSheet(f"color: {coder_colour(index)}; font-weight: bold;")
            self._legend_layout.addWidget(label)
        self._legend_layout.addStretch(1)

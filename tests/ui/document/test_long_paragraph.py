"""A transcript that is one long paragraph, in the document view: shown as several text blocks
(issue 7), yet every selection, highlight, found passage, bracket and copy is on the exact code
points of the stored text, across the display breaks too."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCharFormat, QTextCursor  # noqa: E402

from glocal_annotator.ui.document.display import MAX_BLOCK, SPLIT_OVER  # noqa: E402
from glocal_annotator.ui.document.view import MIME_SELECTION, CodingSpan, DocumentView  # noqa: E402

SCIENTIST = "👩🏽‍🔬"
SENTENCES = [
    f"The lab {SCIENTIST} adapted the protocol to local practice. ",
    "全球本土化 means glocalization, and e\u0301te\u0301 stays one word. ",
    "العولمة والمحلية appear in the same breath. ",
    "The council met the women of the village at dawn 🌍. ",
]
TEXT = "".join(SENTENCES[i % 4] for i in range(700))  # about 36,000 code points, no line break


@pytest.fixture
def view(qtbot):
    widget = DocumentView()
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def format_at(view: DocumentView, cp: int) -> QTextCharFormat | None:
    qt = view.state.offsets.to_qt(cp)
    block = view.text_edit().document().findBlock(qt)
    relative = qt - block.position()
    for rng in block.layout().formats():
        if rng.start <= relative < rng.start + rng.length:
            return QTextCharFormat(rng.format)
    return None


def test_one_paragraph_is_shown_as_several_blocks(view) -> None:
    assert len(TEXT) > SPLIT_OVER
    view.set_document(TEXT, [])
    document = view.text_edit().document()
    assert document.blockCount() >= len(TEXT) // MAX_BLOCK
    assert view.text == TEXT
    # what Qt holds is the text with a line break at each display break, nothing else changed
    assert document.toPlainText().replace("\n", "") == TEXT.replace("\n", "")
    breaks = view.state.offsets.breaks
    assert breaks and all(TEXT[cut - 2:cut] == ". " for cut in breaks)


def test_selection_across_a_break_is_exact_and_copies_the_stored_text(view) -> None:
    view.set_document(TEXT, [])
    cut = view.state.offsets.breaks[3]
    start, end = cut - 25, cut + 40
    view.select_range(start, end)
    assert view.selected_range() == (start, end)
    mime = view.text_edit().createMimeDataFromSelection()
    assert mime.text() == TEXT[start:end]  # no line break from the display in it
    assert bytes(mime.data(MIME_SELECTION)).decode() == f"{start},{end}"
    # a selection ending exactly at a break, and one starting there
    view.select_range(cut - 10, cut)
    assert view.selected_range() == (cut - 10, cut)
    view.select_range(cut, cut + 10)
    assert view.selected_range() == (cut, cut + 10)


def test_keyboard_selection_across_a_break_reports_code_points(view, qtbot) -> None:
    view.set_document(TEXT, [])
    cut = view.state.offsets.breaks[0]
    edit = view.text_edit()
    cursor = QTextCursor(edit.document())
    cursor.setPosition(view.state.offsets.to_qt(cut - 3))
    edit.setTextCursor(cursor)
    edit.setFocus()
    for _ in range(8):
        qtbot.keyClick(edit, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    start, end = view.selected_range()
    assert start == cut - 3 and cut < end <= cut + 5
    assert TEXT[start:end] == edit.textCursor().selectedText().replace("\u2029", "")


def test_highlights_cross_breaks_on_the_right_characters(view) -> None:
    view.set_document(TEXT, [])
    cut = view.state.offsets.breaks[2]
    emoji = TEXT.index("🌍", cut)  # an astral character after the break
    spans = [CodingSpan(1, 1, cut - 30, emoji + 1, "#e6194b", "Hybridization"),
             CodingSpan(2, 2, cut - 5, cut + 5, "#3cb44b", "Accountability")]
    view.set_document(TEXT, spans)
    view.highlight_all()
    for cp in (cut - 30, cut - 6, cut - 1, cut, cut + 4, emoji):
        assert format_at(view, cp) is not None, cp
    assert format_at(view, cut - 31) is None
    assert format_at(view, emoji + 1) is None
    # the overlap (two codings) looks different from one coding, on both sides of the break
    single = format_at(view, cut - 10).background().color().name()
    assert format_at(view, cut - 2).background().color().name() != single
    assert format_at(view, cut + 2).background().color().name() != single
    assert format_at(view, cut + 6).background().color().name() == single


def test_found_passage_and_bracket_across_a_break(view) -> None:
    view.set_document(TEXT, [])
    cut = view.state.offsets.breaks[1]
    view.set_document(TEXT, [CodingSpan(7, 1, cut - 12, cut + 12, "#4363d8", "Ecofeminism")])
    view.show_found(cut - 12, cut + 12)
    assert view.found_range() == (cut - 12, cut + 12)
    selection = view.text_edit().extraSelections()[0]
    found = QTextCursor(selection.cursor)  # a copy: the selection is a temporary
    offsets = view.state.offsets
    assert (offsets.to_cp(found.selectionStart()), offsets.to_cp(found.selectionEnd())) == (
        cut - 12, cut + 12)
    assert view.selected_range() == (cut - 12, cut - 12)  # marked, not selected
    view.text_edit().viewport().grab()
    assert view.bracket_rect(7) is not None
    view.select_coding(7)
    assert view.selected_coding() == 7

"""Coding happens only when the user means it: passages reached by navigation (a search hit,
a coded segment, a bracket) are marked, not selected, so a later double-click or Enter on a
code, or a quick key, codes nothing; a single click on a code shows its segments and never
codes; only text the user selected is coded."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from glocal_annotator.ui.document.view import FOUND_BACKGROUND
from tests.ui.helpers import find_code, message_boxes


def _plain(window) -> int:
    document = next(d for d in window.project.documents() if d.name == "plain.txt")
    window.open_document(document.id)
    return document.id


def _tree_point(window, code_id: int):
    index = window.codebook._view_index(code_id)
    window.codebook.tree.scrollTo(index)
    return window.codebook.tree.visualRect(index).center()


def _double_click_code(window, qtbot, code_id: int) -> None:
    viewport = window.codebook.tree.viewport()
    point = _tree_point(window, code_id)
    # a real double-click starts with a press (QTest's mouseDClick sends only the second one)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=point)


def _click_code(window, qtbot, code_id: int) -> None:
    viewport = window.codebook.tree.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=_tree_point(window, code_id))


def _enter_on_code(window, qtbot, code_id: int) -> None:
    window.codebook.select_code(code_id)
    window.codebook.tree.setFocus()
    qtbot.keyClick(window.codebook.tree, Qt.Key.Key_Return)


def _found_color_at(window, position: int) -> QColor | None:
    """The background of the extra selection drawn over ``position`` (code point), if any."""
    for selection in window.view.text_edit().extraSelections():
        cursor = selection.cursor
        if cursor.selectionStart() <= position < cursor.selectionEnd():
            return QColor(selection.format.background().color())
    return None


def _search(window, words: str) -> None:
    window.search.box.setText(words)
    window.searching.run_search()


def test_a_search_hit_is_marked_not_selected_and_is_not_coded_by_a_code(window, qtbot):
    doc = _plain(window)
    text = window.project.document_text(doc)
    window.search.scope.setCurrentIndex(0)  # this document
    _search(window, "market")
    start = text.index("market")
    assert window.view.found_range() == (start, start + len("market"))
    assert window.view.selected_range() == (start, start)
    assert _found_color_at(window, start + 2) == QColor(FOUND_BACKGROUND)
    assert _found_color_at(window, start + len("market") + 1) is None
    code = find_code(window, "Creolization")
    _double_click_code(window, qtbot, code.id)
    _enter_on_code(window, qtbot, code.id)
    assert window.project.codings() == []
    # the double-click showed the code's segments instead
    assert window.segments.code_filter.selection() == [code.id]
    # F3 to the next hit: still nothing selected
    window.searching.step(1)
    assert window.view.selected_range()[0] == window.view.selected_range()[1]


def test_a_quick_key_after_a_search_codes_nothing_and_says_so_in_the_status_bar(window, qtbot):
    _plain(window)
    _search(window, "women")
    window.view.text_edit().setFocus()
    qtbot.keyClick(window.view.text_edit(), Qt.Key.Key_1)
    qtbot.keyClick(window.view.text_edit(), Qt.Key.Key_0)
    qtbot.keyClick(window.view.text_edit(), Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.project.codings() == []
    assert message_boxes() == []  # no modal "That did not work."
    assert "Nothing is selected" in window.statusBar().currentMessage()


def test_a_jump_to_a_coded_segment_is_not_coded_again(window, qtbot):
    doc = _plain(window)
    text = window.project.document_text(doc)
    ownership = find_code(window, "Local Ownership")
    start = text.index("Local women")
    coding = window.project.add_coding(doc, ownership.id, start, start + 11).result
    window.show_segments_for_code(ownership.id)
    panel = window.segments
    panel.results.activated.emit(panel.model.index(0, 0))
    assert window.view.selected_coding() == coding
    assert window.view.selected_range() == (start, start)
    other = find_code(window, "Creolization")
    _double_click_code(window, qtbot, other.id)
    _enter_on_code(window, qtbot, other.id)
    window.view.text_edit().setFocus()
    qtbot.keyClick(window.view.text_edit(), Qt.Key.Key_2)
    assert [c.id for c in window.project.codings()] == [coding]


def test_a_bracket_click_selects_the_coding_not_its_text(window, qtbot):
    doc = _plain(window)
    code = find_code(window, "Local Ownership")
    coding = window.project.add_coding(doc, code.id, 0, 10).result
    window.view.text_edit().viewport().grab()  # lay out and paint, so brackets are placed
    rect = window.view.bracket_rect(coding)
    assert rect is not None
    qtbot.mouseClick(window.view.margin(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view.selected_coding() == coding
    _double_click_code(window, qtbot, find_code(window, "Creolization").id)
    assert [c.id for c in window.project.codings()] == [coding]
    # Delete still removes the selected coding
    window.view.text_edit().setFocus()
    qtbot.keyClick(window.view.text_edit(), Qt.Key.Key_Delete)
    assert window.project.codings() == []


def test_text_the_user_selects_after_a_search_is_coded_exactly(window, qtbot):
    doc = _plain(window)
    text = window.project.document_text(doc)
    _search(window, "market")
    start = text.index("Local women")
    window.view.select_range(start, start + 11)  # the user's own selection
    code = find_code(window, "Creolization")
    _double_click_code(window, qtbot, code.id)
    [coding] = window.project.codings()
    assert (coding.document_id, coding.code_id, coding.start, coding.end) == (
        doc, code.id, start, start + 11)


def test_a_single_click_on_a_code_shows_its_segments_and_codes_nothing(window, qtbot):
    doc = _plain(window)
    code = find_code(window, "Local Ownership")
    window.project.add_coding(doc, code.id, 0, 10)
    window.docks["search"].raise_()  # the segments tab is behind the search results
    window.view.select_range(20, 30)  # even with text selected by the user
    _click_code(window, qtbot, code.id)
    assert window.codebook.current_code_id() == code.id
    assert len(window.project.codings()) == 1
    assert window.segments.code_filter.selection() == [code.id]
    assert window.segments.model.rowCount() == 1
    assert window.segments.isVisible()


def test_opening_another_document_forgets_the_found_mark(window, qtbot):
    _plain(window)
    _search(window, "market")
    assert window.view.found_range() is not None
    mixed = next(d for d in window.project.documents() if d.name == "mixed.txt")
    window.open_document(mixed.id)
    assert window.view.found_range() is None
    assert window.view.text_edit().extraSelections() == []

"""The document view, driven as a user would: selections, highlights, brackets, drag data."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QContextMenuEvent,
    QFontMetrics,
    QHelpEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QToolTip  # noqa: E402

from glocal_annotator.ui.document.view import (  # noqa: E402
    MIME_SELECTION,
    CodingSpan,
    DocumentView,
)
from tests.ui.helpers import shown_as  # noqa: E402

SCIENTIST = "👩🏽‍🔬"  # 4 code points, 7 UTF-16 units
TEXT = (
    f"The lab {SCIENTIST} adapted the global protocol to local practice.\n"
    "全球本土化 means glocalization; e\u0301 and العولمة appear too.\n"
    "A third paragraph about the market, the council and the drone maps.\n"
    "A fourth paragraph, far from the others."
)
CODED = TEXT.index("adapted")  # a code-point index after the emoji


def span(coding_id: int, start: int, end: int, color: str = "#e6194b", code_id: int = 1,
         label: str = "Hybridization") -> CodingSpan:
    return CodingSpan(coding_id, code_id, start, end, color, label, f"{label} tooltip")


def utf16(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


@pytest.fixture
def view(qtbot):
    widget = DocumentView()
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def format_at(view: DocumentView, cp: int):
    """The layout format covering code point ``cp``, or None."""
    document = view.text_edit().document()
    qt = utf16(view.text, cp)
    block = document.findBlock(qt)
    relative = qt - block.position()
    for rng in block.layout().formats():
        if rng.start <= relative < rng.start + rng.length:
            return QTextCharFormat(rng.format)  # a copy: the range is a temporary
    return None


def background_at(view: DocumentView, cp: int) -> str | None:
    fmt = format_at(view, cp)
    return None if fmt is None else fmt.background().color().name()


def test_object_names_and_read_only_text(view: DocumentView) -> None:
    view.set_document(TEXT, [])
    assert view.objectName() == "documentView"
    assert view.margin().objectName() == "codingMargin"
    edit = view.text_edit()
    assert edit.isReadOnly()
    assert edit.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard
    assert edit.document().blockCount() == TEXT.count("\n") + 1
    assert view.accessibleName() and edit.accessibleName() and view.margin().accessibleName()


def test_select_range_converts_code_points_to_utf16(view: DocumentView) -> None:
    view.set_document(TEXT, [])
    end = CODED + len("adapted the global")
    view.select_range(CODED, end)
    cursor = view.text_edit().textCursor()
    selection = (cursor.selectionStart(), cursor.selectionEnd())
    assert selection == (utf16(TEXT, CODED), utf16(TEXT, end))
    assert cursor.selectionStart() == CODED + 3  # the emoji holds three surrogate pairs
    assert view.selected_range() == (CODED, end)
    assert cursor.selectedText() == TEXT[CODED:end]


def test_selection_across_paragraphs_slices_the_stored_text(view: DocumentView) -> None:
    view.set_document(TEXT, [])
    start, end = TEXT.index("local practice"), TEXT.index("means")
    view.select_range(start, end)
    selected = view.text_edit().textCursor().selectedText()
    assert selected.replace("\u2029", "\n") == TEXT[start:end]
    assert view.selected_range() == (start, end)


def test_keyboard_selection_across_an_emoji_reports_code_points(view: DocumentView, qtbot) -> None:
    view.set_document(TEXT, [])
    edit = view.text_edit()
    lab = TEXT.index("lab")
    cursor = edit.textCursor()
    cursor.setPosition(utf16(TEXT, lab))
    rect = edit.cursorRect(cursor)
    qtbot.mouseClick(edit.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    # the click lands at a character boundary near "lab"; put the cursor exactly there
    edit.setTextCursor(cursor)
    edit.setFocus()
    received: list[tuple[int, int]] = []
    view.selectionChanged.connect(lambda a, b: received.append((a, b)))
    for _ in range(5):  # "lab", the space, then the whole emoji (one grapheme)
        qtbot.keyClick(edit, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    end = lab + len("lab ") + len(SCIENTIST)
    assert received[-1] == (lab, end)
    assert view.selected_range() == (lab, end)
    assert TEXT[lab:end] == f"lab {SCIENTIST}"


def test_mouse_selection_reports_code_points(view: DocumentView, qtbot) -> None:
    view.set_document(TEXT, [])
    edit = view.text_edit()

    def point(cp: int) -> QPoint:
        cursor = QTextCursor(edit.document())
        cursor.setPosition(utf16(TEXT, cp))
        return edit.cursorRect(cursor).center()

    start, end = TEXT.index("adapted"), TEXT.index(" the global")
    with qtbot.waitSignal(view.selectionChanged) as blocker:
        qtbot.mousePress(edit.viewport(), Qt.MouseButton.LeftButton, pos=point(start))
        qtbot.mouseMove(edit.viewport(), point(end))
        qtbot.mouseRelease(edit.viewport(), Qt.MouseButton.LeftButton, pos=point(end))
    got = view.selected_range()
    assert blocker.args is not None
    assert got[0] == start and abs(got[1] - end) <= 1
    assert TEXT[got[0]:got[1]].startswith("adapted")


def test_add_and_remove_span_set_layout_formats(view: DocumentView) -> None:
    view.set_document(TEXT, [])
    assert format_at(view, CODED + 2) is None
    view.add_span(span(1, CODED, CODED + 20, "#3cb44b"))
    color = background_at(view, CODED + 2)
    assert color is not None and color != "#ffffff"
    assert format_at(view, CODED - 1) is None  # the emoji before it is not coded
    assert format_at(view, CODED + 20) is None  # half-open
    view.remove_span(1)
    assert format_at(view, CODED + 2) is None


def test_add_span_rehighlights_only_its_blocks(view: DocumentView, monkeypatch) -> None:
    view.set_document(TEXT, [span(1, 0, 10), span(2, TEXT.index("A fourth"), len(TEXT))])
    view.highlight_all()
    highlighter = view._highlighter
    seen: list[int] = []
    original = highlighter.apply_to_layout

    def counting(block) -> None:
        seen.append(block.blockNumber())
        original(block)

    monkeypatch.setattr(highlighter, "apply_to_layout", counting)
    third = TEXT.index("A third")
    view.add_span(span(3, third + 2, third + 12))
    assert format_at(view, third + 5) is not None  # at once
    view.remove_span(3)
    assert format_at(view, third + 5) is None
    assert seen == [2, 2]


def test_overlaps_look_different_from_single_codings(view: DocumentView) -> None:
    paragraph = TEXT.index("A third")
    view.set_document(TEXT, [
        span(1, paragraph, paragraph + 30, "#e6194b", 1),
        span(2, paragraph + 10, paragraph + 20, "#4363d8", 2),
    ])
    view.highlight_all()
    single = format_at(view, paragraph + 2)
    double = format_at(view, paragraph + 12)
    after = format_at(view, paragraph + 25)
    assert single is not None and double is not None and after is not None
    assert single.background().color() != double.background().color()
    assert double.underlineStyle() != single.underlineStyle()
    assert double.underlineColor().blue() > double.underlineColor().red()  # the inner (blue) one
    assert single.background().color() == after.background().color()
    assert single.foreground().color().name() == "#000000"  # text stays black


def test_selected_coding_is_emphasised(view: DocumentView) -> None:
    paragraph = TEXT.index("A third")
    view.set_document(TEXT, [span(1, paragraph, paragraph + 30), span(2, 0, 5)])
    view.highlight_all()
    plain = format_at(view, paragraph + 2)
    view.select_coding(1)
    assert view.selected_coding() == 1
    # emphasised, not selected: the cursor is at its start with no text selected
    assert view.selected_range() == (paragraph, paragraph)
    chosen = format_at(view, paragraph + 2)
    assert chosen.underlineStyle() != plain.underlineStyle()
    assert chosen.background().color() != plain.background().color()
    view.select_coding(None)
    assert format_at(view, paragraph + 2).background().color() == plain.background().color()


def test_visible_codes_filter_hides_other_codes(view: DocumentView) -> None:
    paragraph = TEXT.index("A third")
    view.set_document(TEXT, [
        span(1, paragraph, paragraph + 10, "#e6194b", code_id=1),
        span(2, paragraph + 20, paragraph + 30, "#4363d8", code_id=2),
    ])
    view.highlight_all()
    assert format_at(view, paragraph + 2) is not None
    view.set_visible_codes({2})
    view.highlight_all()
    assert format_at(view, paragraph + 2) is None
    assert format_at(view, paragraph + 22) is not None
    assert view.lane_of(1) is None and view.lane_of(2) == 0
    view.set_visible_codes(None)
    view.highlight_all()
    assert format_at(view, paragraph + 2) is not None


def test_lanes_separate_overlapping_codings(view: DocumentView) -> None:
    third = TEXT.index("A third")
    fourth = TEXT.index("A fourth")
    view.set_document(TEXT, [
        span(1, 0, 40),
        span(2, 10, 50, "#4363d8"),
        span(3, 20, 60, "#3cb44b"),
        span(4, third, third + 10),
        span(5, fourth, fourth + 10),
    ])
    assert sorted(view.lane_of(i) for i in (1, 2, 3)) == [0, 1, 2]
    assert view.lane_of(4) == 0 and view.lane_of(5) == 0
    assert view.lane_count() == 3
    view.add_span(span(6, 30, 35, "#f58231"))  # overlaps all three
    assert view.lane_of(6) == 3
    view.remove_span(6)
    assert view.lane_count() == 3


def test_bracket_click_selects_and_delete_asks_to_delete(view: DocumentView, qtbot) -> None:
    third = TEXT.index("A third")
    view.set_document(TEXT, [span(1, 0, 40), span(2, third, third + 30, "#4363d8")])
    margin = view.margin()
    rect = view.bracket_rect(2)
    assert rect is not None and margin.rect().contains(rect.center())
    with qtbot.waitSignal(view.codingClicked) as clicked:
        qtbot.mouseClick(margin, Qt.MouseButton.LeftButton, pos=rect.center())
    assert clicked.args == [2]
    assert view.selected_coding() == 2
    assert view.selected_range() == (third, third)  # no text selected: nothing to code
    with qtbot.waitSignal(view.deleteCodingRequested) as deleted:
        qtbot.keyClick(margin, Qt.Key.Key_Delete)
    assert deleted.args == [2]
    with qtbot.waitSignal(view.codingActivated) as activated:
        qtbot.mouseDClick(margin, Qt.MouseButton.LeftButton, pos=view.bracket_rect(1).center())
    assert activated.args == [1]
    with qtbot.waitSignal(view.contextMenuRequested) as menu:
        qtbot.mouseClick(margin, Qt.MouseButton.RightButton, pos=view.bracket_rect(2).center())
    assert menu.args[1] == [2]


def test_context_menu_on_text_lists_codings_under_the_click(view: DocumentView, qtbot) -> None:
    view.set_document(TEXT, [span(1, CODED, CODED + 30), span(2, CODED + 5, CODED + 10),
                             span(3, 0, 3)])
    edit = view.text_edit()
    cursor = QTextCursor(edit.document())
    cursor.setPosition(utf16(TEXT, CODED + 7))
    pos = edit.cursorRect(cursor).center() + QPoint(2, 0)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, edit.viewport().mapToGlobal(pos))
    with qtbot.waitSignal(view.contextMenuRequested) as menu:
        edit.contextMenuEvent(event)
    assert menu.args[1] == [2, 1]  # innermost first


def test_mime_data_carries_the_code_point_range(view: DocumentView) -> None:
    view.set_document(TEXT, [])
    end = CODED + len("adapted")
    view.select_range(CODED, end)
    mime = view.text_edit().createMimeDataFromSelection()
    assert bytes(mime.data(MIME_SELECTION)).decode() == f"{CODED},{end}"
    assert mime.text() == "adapted"


def test_lazy_highlighting_paints_the_viewport_first(view: DocumentView, qtbot) -> None:
    paragraphs = [f"Paragraph {i} with 🌍 some words about glocal practice." for i in range(3000)]
    text = "\n".join(paragraphs)
    spans = []
    position = 0
    for i, paragraph in enumerate(paragraphs):
        spans.append(span(i + 1, position + 5, position + 30, "#911eb4", code_id=i % 3))
        position += len(paragraph) + 1
    view.set_document(text, spans)
    view.text_edit().viewport().grab()  # paint: what is on screen is highlighted at once
    assert format_at(view, 7) is not None
    assert view.pending_blocks() > 0
    qtbot.waitUntil(lambda: view.pending_blocks() == 0, timeout=10_000)
    last = len(text) - len(paragraphs[-1]) + 7
    assert format_at(view, last) is not None
    view.select_range(last, last + 3)
    assert view.selected_range() == (last, last + 3)


def test_clear_and_set_spans(view: DocumentView) -> None:
    view.set_document(TEXT, [span(1, 0, 10)])
    view.set_spans([span(2, CODED, CODED + 5)])
    view.highlight_all()
    assert format_at(view, 2) is None and format_at(view, CODED + 1) is not None
    assert [s.coding_id for s in view.spans()] == [2]
    view.clear()
    assert view.text_edit().toPlainText() == "" and view.spans() == []
    assert view.selected_range() == (0, 0)


def test_bracket_tooltip_shows_the_coding_tooltip(view: DocumentView, qtbot) -> None:
    view.set_document(TEXT, [span(1, 0, 40, label="Hybridization")])
    margin = view.margin()
    center = view.bracket_rect(1).center()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, center, margin.mapToGlobal(center))
    QApplication.sendEvent(margin, event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert shown_as(QToolTip.text()) == "Hybridization tooltip"
    QToolTip.hideText()


def test_code_names_that_look_like_html_are_shown_as_written(view: DocumentView, qtbot) -> None:
    name = "<b>Bold</b> & <script>alert(1)</script>"
    view.set_document(TEXT, [CodingSpan(1, 1, 0, 40, "#e6194b", name, f"{name}\nMemo: <i>x</i>")])
    margin = view.margin()
    center = view.bracket_rect(1).center()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, center, margin.mapToGlobal(center))
    QApplication.sendEvent(margin, event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert shown_as(QToolTip.text()) == f"{name}\nMemo: <i>x</i>"
    QToolTip.hideText()


def test_many_overlaps_cap_the_margin_width(view: DocumentView) -> None:
    view.set_document(TEXT, [span(i, i, 60 + i) for i in range(1, 30)])
    assert view.lane_count() == 29
    capped = view.margin().width()
    view.set_document(TEXT, [span(i, i, 60 + i) for i in range(1, 5)])
    assert view.margin().width() < capped
    view.set_document(TEXT, [span(i, i, 60 + i) for i in range(1, 60)])
    assert view.margin().width() == capped
    assert all(view.bracket_rect(i) is not None for i in range(1, 60))


def test_a_coding_over_many_paragraphs_is_highlighted_lazily(view: DocumentView, qtbot) -> None:
    text = "\n".join(f"Line {i} of a long transcript." for i in range(2000))
    view.set_document(text, [])
    view.text_edit().viewport().grab()
    qtbot.waitUntil(lambda: view.pending_blocks() == 0, timeout=5000)
    view.add_span(span(1, 0, len(text), "#4363d8"))
    view.text_edit().viewport().grab()
    assert format_at(view, 2) is not None  # on screen: right at once
    qtbot.waitUntil(lambda: view.pending_blocks() == 0, timeout=10_000)
    assert format_at(view, len(text) - 3) is not None
    view.remove_span(1)
    view.text_edit().viewport().grab()
    assert format_at(view, 2) is None
    qtbot.waitUntil(lambda: view.pending_blocks() == 0, timeout=10_000)
    assert format_at(view, len(text) - 3) is None


def test_stray_carriage_return_does_not_shift_offsets(view: DocumentView) -> None:
    text = "first line\r\nsecond \u2029line with a coded word"
    start = text.index("coded")
    view.set_document(text, [span(1, start, start + 5)])
    view.highlight_all()
    view.select_range(start, start + 5)
    assert view.text_edit().textCursor().selectedText() == "coded"
    assert format_at(view, start) is not None and format_at(view, start - 1) is None


def test_code_names_stand_beside_their_brackets_and_select_on_click(
    view: DocumentView, qtbot
) -> None:
    third = TEXT.index("A third")
    spans = [span(1, 0, 40, label="Code 1"), span(2, 2, 30, "#4363d8", label="Code 2"),
             span(3, third, third + 30, "#3cb44b", label="Code 3")]
    view.set_document(TEXT, spans)
    margin = view.margin()
    brackets = {b.span.coding_id: b for b in margin.brackets()}
    labels = {key: b.label_rect for key, b in brackets.items()}
    assert labels[1] is not None and labels[3] is not None
    # level with the first line of its bracket, left of every lane, never overlapping
    assert abs(labels[3].top() - brackets[3].rect.top()) <= 2
    assert labels[1].right() < min(b.rect.left() for b in brackets.values())
    # the short coding on the first line shares that row rather than losing its name
    assert labels[2] is not None and not labels[2].intersects(labels[1])
    with qtbot.waitSignal(view.codingClicked) as clicked:
        qtbot.mouseClick(margin, Qt.MouseButton.LeftButton, pos=labels[3].center())
    assert clicked.args == [3]


def test_a_short_coding_keeps_its_name_beside_a_labelled_one_on_its_line(
    view: DocumentView, qtbot
) -> None:
    """A short coding on a line where another coding's name stands: both names are shown,
    side by side, neither overlapping the other nor the brackets."""
    third = TEXT.index("A third")
    spans = [span(1, third, len(TEXT), label="Hybridization"),  # several lines
             span(2, third + 2, third + 7, "#4363d8", code_id=2, label="NGO Advocacy"),
             span(3, third + 9, third + 18, "#3cb44b", code_id=3, label="Creolization")]
    view.set_document(TEXT, spans)
    margin = view.margin()
    brackets = {b.span.coding_id: b for b in margin.brackets()}
    labels = {key: b.label_rect for key, b in brackets.items()}
    assert all(labels[key] is not None for key in (1, 2, 3)), labels
    lanes_left = min(b.rect.left() for b in brackets.values())
    metrics = QFontMetrics(margin._label_font)
    for key, rect in labels.items():
        assert rect.left() >= 0 and rect.right() < lanes_left
        shown = metrics.elidedText(brackets[key].span.label, Qt.TextElideMode.ElideRight,
                                   rect.width())
        assert len(shown.rstrip("…")) >= 3, shown  # readable, not just an ellipsis
        for other_key, other in labels.items():
            assert other_key == key or not rect.intersects(other)
    # each name sits on its coding's first line
    for key in (2, 3):
        assert abs(labels[key].center().y() - brackets[key].rect.center().y()) <= \
            brackets[key].rect.height()
    with qtbot.waitSignal(view.codingClicked) as clicked:
        qtbot.mouseClick(margin, Qt.MouseButton.LeftButton, pos=labels[2].center())
    assert clicked.args == [2]

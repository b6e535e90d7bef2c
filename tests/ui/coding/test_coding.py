"""Coding through the real window: quick keys, undo/redo, drops, in-vivo, context menu, memos."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication

from glocal_annotator.ui.coding.chooser import CodeChooser
from glocal_annotator.ui.common import dialogs
from glocal_annotator.ui.common.mime import MIME_SELECTION
from tests.projects import MIXED_TEXT
from tests.ui.helpers import find_code


def _open(window, name: str) -> int:
    document = next(d for d in window.project.documents() if d.name == name)
    window.open_document(document.id)
    return document.id


def _select(window, qtbot, start: int, end: int) -> None:
    window.view.select_range(start, end)
    assert window.view.selected_range() == (start, end)


def _press(qtbot, window, key) -> None:
    window.view.text_edit().setFocus()
    qtbot.keyClick(window.view.text_edit(), key, Qt.KeyboardModifier.NoModifier)


def _highlighted(window, position: int) -> bool:
    """Whether the text at ``position`` (code point) carries a coding background on screen."""
    window.view.highlight_all()
    qt_position = len(window.document_text[:position].encode("utf-16-le")) // 2
    block = window.view.text_edit().document().findBlock(qt_position)
    inside = qt_position - block.position()
    return any(
        r.start <= inside < r.start + r.length
        and r.format.background().style() != Qt.BrushStyle.NoBrush
        for r in block.layout().formats()
    )


def test_quick_key_codes_selection_and_undo_redo(window, qtbot):
    doc = _open(window, "mixed.txt")
    start = MIXED_TEXT.index("the global programme")
    end = start + len("the global programme")
    _select(window, qtbot, start, end)
    first = window.quick_codes()[0]
    _press(qtbot, window, Qt.Key.Key_1)
    codings = window.project.codings(document_ids=[doc])
    assert [(c.code_id, c.start, c.end) for c in codings] == [(first.id, start, end)]
    assert MIXED_TEXT[codings[0].start:codings[0].end] == "the global programme"
    assert [s.coding_id for s in window.view.spans()] == [codings[0].id]
    assert _highlighted(window, start)
    assert window.codebook.model.count(first.id) == 1
    assert window.documents.count(doc) == 1
    assert window.menus.undo_action.text() == f"&Undo Code passage with {first.name}"

    qtbot.keyClick(window.view.text_edit(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.project.codings(document_ids=[doc]) == []
    assert window.view.spans() == []
    assert not _highlighted(window, start)
    assert window.codebook.model.count(first.id) == 0

    qtbot.keyClick(window.view.text_edit(), Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    again = window.project.codings(document_ids=[doc])
    assert [(c.code_id, c.start, c.end) for c in again] == [(first.id, start, end)]
    assert [s.coding_id for s in window.view.spans()] == [again[0].id]


def test_emoji_selection_stores_code_points(window, qtbot):
    doc = _open(window, "mixed.txt")
    start = MIXED_TEXT.index("👩")
    end = MIXED_TEXT.index("全球本土化") + len("全球本土化")
    _select(window, qtbot, start, end)
    window.coding.code_selection_slot(find_code(window, "Creolization").id)
    [coding] = window.project.codings(document_ids=[doc])
    assert (coding.start, coding.end) == (start, end)
    assert MIXED_TEXT[coding.start:coding.end].startswith("👩🏽‍🔬 with Amélie")
    # an RTL passage after the emoji line
    rtl = MIXED_TEXT.index("العولمة")
    _select(window, qtbot, rtl, rtl + len("العولمة"))
    _press(qtbot, window, Qt.Key.Key_0)  # last used code
    texts = sorted(MIXED_TEXT[c.start:c.end] for c in window.project.codings(document_ids=[doc]))
    assert "العولمة" in texts


def test_double_click_and_enter_on_code(window, qtbot):
    doc = _open(window, "plain.txt")
    _select(window, qtbot, 4, 16)
    code = find_code(window, "Westernization")
    index = window.codebook._view_index(code.id)
    rect = window.codebook.tree.visualRect(index)
    viewport = window.codebook.tree.viewport()
    # a real double-click starts with a press (QTest's mouseDClick sends only the second one)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.project.codings(document_ids=[doc]) == []  # a single click only selects
    assert window.codebook.current_code_id() == code.id
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert [(c.code_id, c.start, c.end) for c in window.project.codings(document_ids=[doc])] == [
        (code.id, 4, 16)
    ]
    _select(window, qtbot, 20, 30)
    window.codebook.tree.setFocus()
    qtbot.keyClick(window.codebook.tree, Qt.Key.Key_Return)
    assert len(window.project.codings(document_ids=[doc])) == 2


def test_drop_selection_on_code(window, qtbot):
    doc = _open(window, "plain.txt")
    code = find_code(window, "Indigenization")
    mime = QMimeData()
    mime.setData(MIME_SELECTION, QByteArray(b"4,10"))
    proxy_index = window.codebook._view_index(code.id)
    assert window.codebook.proxy.canDropMimeData(
        mime, Qt.DropAction.CopyAction, -1, -1, proxy_index)
    assert window.codebook.proxy.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, proxy_index)
    qtbot.waitUntil(lambda: len(window.project.codings(document_ids=[doc])) == 1)
    [coding] = window.project.codings(document_ids=[doc])
    assert (coding.code_id, coding.start, coding.end) == (code.id, 4, 10)
    window.undo_stack.undo()
    assert window.project.codings(document_ids=[doc]) == []


def test_real_drop_event_on_tree_viewport(window, qtbot):
    doc = _open(window, "plain.txt")
    code = find_code(window, "Creolization")
    tree = window.codebook.tree
    rect = tree.visualRect(window.codebook._view_index(code.id))
    mime = QMimeData()
    mime.setData(MIME_SELECTION, QByteArray(b"0,3"))
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    copy = Qt.DropAction.CopyAction
    # the drag enters, moves over the code (the view accepts it there), then drops
    for event in (QDragEnterEvent(rect.center(), copy, mime, buttons, modifiers),
                  QDragMoveEvent(rect.center(), copy, mime, buttons, modifiers)):
        QApplication.sendEvent(tree.viewport(), event)
        assert event.isAccepted()
    assert tree.dropIndicatorPosition() == tree.DropIndicatorPosition.OnItem
    drop = QDropEvent(QPointF(rect.center()), copy, mime, buttons, modifiers)
    QApplication.sendEvent(tree.viewport(), drop)
    qtbot.waitUntil(lambda: len(window.project.codings(document_ids=[doc])) == 1)
    [coding] = window.project.codings(document_ids=[doc])
    assert (coding.code_id, coding.start, coding.end) == (code.id, 0, 3)


def test_in_vivo_code(window, qtbot):
    doc = _open(window, "plain.txt")
    text = window.document_text
    start = text.index("rice burgers")
    _select(window, qtbot, start, start + len("rice burgers."))
    qtbot.keyClick(window.view.text_edit(), Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    code = window.project.find_code("rice burgers")
    assert code.parent_id is None
    [coding] = window.project.codings(document_ids=[doc])
    assert coding.code_id == code.id
    assert window.codebook.model.code(code.id) is not None
    window.undo_stack.undo()  # one step removes the coding and the code
    assert window.project.codings(document_ids=[doc]) == []
    assert all(c.name != "rice burgers" for c in window.project.codes())
    window.undo_stack.redo()
    assert window.project.find_code("rice burgers").codings == 1


def test_context_menu_codes_removes_and_memos(window, qtbot, monkeypatch):
    doc = _open(window, "plain.txt")
    _select(window, qtbot, 0, 10)
    menu = window.coding.build_context_menu([])
    chooser = menu.findChild(CodeChooser)
    chooser.filter_box.setText("micro-glob")
    assert [window.codebook.model.code(i).name for i in chooser.visible_code_ids()] == [
        "Micro-globalization"
    ]
    qtbot.keyClick(chooser.filter_box, Qt.Key.Key_Return)
    [coding] = window.project.codings(document_ids=[doc])
    assert window.project.code(coding.code_id).name == "Micro-globalization"

    menu = window.coding.build_context_menu([coding.id])
    texts = [a.text() for a in menu.actions()]
    assert "Remove coding Micro-globalization" in texts
    monkeypatch.setattr(dialogs, "ask_memo", lambda *args: "A first memo")
    next(a for a in menu.actions() if a.text().startswith("Edit memo")).trigger()
    assert window.project.coding(coding.id).memo == "A first memo"
    assert window.menus.undo_action.text().startswith("&Undo Edit memo")
    next(a for a in menu.actions() if a.text().startswith("Remove coding")).trigger()
    assert window.project.codings(document_ids=[doc]) == []
    window.undo_stack.undo()
    assert window.project.coding(coding.id).memo == "A first memo"


def test_delete_key_on_selected_coding(window, qtbot):
    doc = _open(window, "plain.txt")
    change = window.project.add_coding(doc, find_code(window, "Creolization").id, 0, 10)
    window.view.select_coding(change.result)
    window.view.text_edit().setFocus()
    qtbot.keyClick(window.view.text_edit(), Qt.Key.Key_Delete)
    assert window.project.codings(document_ids=[doc]) == []
    assert window.view.spans() == []


def test_shortcuts_are_shown_in_menus(window):
    assert window.coding.last_action.shortcut() == QKeySequence("Ctrl+L")
    assert window.coding.in_vivo_action.shortcut() == QKeySequence("Ctrl+I")
    assert window.coding.quick_actions[0].shortcut() == QKeySequence("1")


def test_in_vivo_name_is_trimmed_and_capped():
    from glocal_annotator.ui.coding.actions import in_vivo_name

    assert in_vivo_name('  "we decide\n nothing."  ') == "we decide nothing"
    long = in_vivo_name("word " * 40)
    assert len(long) <= 61 and long.endswith("…") and "  " not in long


def test_codebook_import_that_adds_and_recolours_restyles_the_open_document(window):
    """One change that adds a code and recolours another must restyle the open document."""
    from glocal_annotator.model import Codebook, CodebookNode
    from glocal_annotator.operations.codebook_merge_plan import plan_codebook_import

    plain = next(d for d in window.project.documents() if d.name == "plain.txt")
    window.open_document(plain.id)
    code = find_code(window, "Local Ownership")
    window.coding.code_range(code.id, 0, 10)
    incoming = Codebook(codes=[
        CodebookNode(name="Brand New", guid="0b3c9d1e-0000-4000-8000-000000000001",
                     color="#112233"),
        CodebookNode(name=code.name, guid=code.guid, color="#00AA00"),
    ])
    plan = plan_codebook_import(window.project.codes(), incoming)
    window.project.apply_codebook_plan(plan)
    [span] = [s for s in window.view.spans() if s.code_id == code.id]
    assert span.color.upper() == "#00AA00"
    assert any(c.name == "Brand New" for c in window.codebook.model.codes())

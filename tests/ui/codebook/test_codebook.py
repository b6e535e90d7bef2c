"""Editing the codebook in the tree: rename inline, add sub-code, move by drag, delete, undo."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, Qt
from PySide6.QtWidgets import QLineEdit

from glocal_annotator.ui.codebook.model import CODE_MIME
from glocal_annotator.ui.common import dialogs
from tests.ui.helpers import answer_next_dialog, find_code


def test_rename_inline_and_undo(window, qtbot):
    code = find_code(window, "Creolization")
    window.codebook.select_code(code.id)
    window.codebook.tree.setFocus()
    qtbot.keyClick(window.codebook.tree, Qt.Key.Key_F2)
    editor = window.codebook.tree.findChild(QLineEdit)
    assert editor is not None and editor.text() == "Creolization"
    editor.setText("Creolisation")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.project.code(code.id).name == "Creolisation")
    assert window.codebook.model.code(code.id).name == "Creolisation"
    assert window.codebook.model.index_for(code.id).data() == "Creolisation"
    window.undo_stack.undo()
    assert window.project.code(code.id).name == "Creolization"
    assert window.codebook.model.index_for(code.id).data() == "Creolization"


def test_add_sub_code_and_undo(window, qtbot):
    parent = find_code(window, "Hybridization")
    window.codebook.select_code(parent.id)
    window.codebook_actions.add_sub_action.trigger()
    added = [c for c in window.project.codes() if c.parent_id == parent.id and c.name == "New code"]
    assert len(added) == 1
    assert window.codebook.model.code(added[0].id) is not None
    assert window.codebook.tree.state() == window.codebook.tree.State.EditingState
    editor = window.codebook.tree.findChild(QLineEdit)
    editor.setText("Fusion cuisine")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.project.code(added[0].id).name == "Fusion cuisine")
    assert window.menus.undo_action.text().startswith("&Undo Rename code New code")
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert all(c.id != added[0].id for c in window.project.codes())
    assert window.codebook.model.code(added[0].id) is None


def test_move_code_by_drop_and_undo(window, qtbot):
    code = find_code(window, "Creolization")
    target = find_code(window, "Ecofeminism")
    mime = QMimeData()
    mime.setData(CODE_MIME, QByteArray(str(code.id).encode()))
    proxy = window.codebook.proxy
    parent = window.codebook._view_index(target.id)
    assert proxy.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, parent)
    qtbot.waitUntil(lambda: window.project.code(code.id).parent_id == target.id)
    assert window.codebook.model.code(code.id).parent_id == target.id
    assert window.codebook.model.index_for(code.id).parent().data() == "Ecofeminism"
    window.undo_stack.undo()
    assert window.project.code(code.id).parent_id == find_code(window, "Hybridization").id


def test_reorder_by_drop_between_siblings(window, qtbot):
    codes = [c for c in window.project.codes() if c.parent_id == find_code(window,
                                                                            "Homogenization").id]
    first, third = codes[0], codes[2]
    mime = QMimeData()
    mime.setData(CODE_MIME, QByteArray(str(first.id).encode()))
    parent = window.codebook._view_index(find_code(window, "Homogenization").id)
    assert window.codebook.proxy.dropMimeData(mime, Qt.DropAction.CopyAction, 3, 0, parent)
    qtbot.waitUntil(lambda: window.project.code(first.id).position != first.position)
    order = [c.id for c in window.project.codes() if c.parent_id == first.parent_id]
    assert order.index(first.id) == order.index(third.id) + 1


def test_delete_code_with_confirmation_and_undo(window, qtbot):
    doc = window.project.documents()[1].id
    window.open_document(doc)
    code = find_code(window, "Indigenization")
    window.project.add_coding(doc, code.id, 0, 5)
    assert len(window.view.spans()) == 1
    window.codebook.select_code(code.id)
    answer_next_dialog(accept=True)
    window.codebook_actions.delete_action.trigger()
    assert all(c.id != code.id for c in window.project.codes())
    assert window.project.codings(document_ids=[doc]) == []
    assert window.view.spans() == []
    window.undo_stack.undo()
    assert window.project.code(code.id).name == "Indigenization"
    assert len(window.project.codings(document_ids=[doc])) == 1
    assert window.codebook.model.count(code.id) == 1


def test_delete_cancelled_changes_nothing(window, qtbot):
    code = find_code(window, "Indigenization")
    window.codebook.select_code(code.id)
    answer_next_dialog(accept=False)
    window.codebook_actions.delete_action.trigger()
    assert window.project.code(code.id).name == "Indigenization"
    assert window.undo_stack.count() == 0


def test_merge_recolor_and_show_only(window, qtbot, monkeypatch):
    doc = window.project.documents()[1].id
    window.open_document(doc)
    source = find_code(window, "Creolization")
    target = find_code(window, "Indigenization")
    window.project.add_coding(doc, source.id, 0, 5)
    window.codebook.select_code(source.id)
    monkeypatch.setattr(dialogs, "ask_item", lambda parent, title, label, items:
                        items.index(target.path))
    window.codebook_actions.merge_action.trigger()
    assert all(c.id != source.id for c in window.project.codes())
    assert window.project.codings(document_ids=[doc])[0].code_id == target.id
    assert window.codebook.model.count(target.id) == 1
    window.codebook.select_code(target.id)
    monkeypatch.setattr(dialogs, "ask_color", lambda parent, current: "#123456")
    window.codebook_actions.color_action.trigger()
    assert window.project.code(target.id).color == "#123456"
    assert window.view.spans()[0].color.upper() == "#123456"
    window.codebook_actions.only_action.trigger()
    window.codebook_actions.all_action.trigger()
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert window.project.code(source.id).name == "Creolization"


def test_filter_box_filters_tree(window, qtbot):
    window.codebook.filter_box.setText("indigen")
    proxy = window.codebook.proxy
    names = []

    def walk(parent):
        for row in range(proxy.rowCount(parent)):
            index = proxy.index(row, 0, parent)
            names.append(index.data())
            walk(index)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    assert "Indigenization" in names and "Creolization" not in names

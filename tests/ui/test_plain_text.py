"""Names, memos, paths and messages are shown exactly as written wherever the window shows
them: a code named ``<b>x</b>`` is not bold, one named ``<script>`` does not vanish, and an
``&`` is not taken for a keyboard shortcut."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QMessageBox

from glocal_annotator.errors import GlocalError
from glocal_annotator.ui.codebook.model import KEY_COLUMN
from glocal_annotator.ui.coding.chooser import CodeChooser
from glocal_annotator.ui.common import dialogs, feedback
from glocal_annotator.ui.exchange.export_actions import show_exported
from tests.ui.helpers import shown_as

NAMES = ["<b>Bold</b>", "<script>alert(1)</script>", "R&D <i>team</i>", "&lt;escaped&gt;"]
MEMO = "<h1>Big</h1>\nline two & <a href='x'>link</a>"


def _is_plain(box: QMessageBox) -> bool:
    informative = next((label for label in box.findChildren(QLabel)
                        if label.objectName() == "qt_msgbox_informativelabel"), None)
    return box.textFormat() == Qt.TextFormat.PlainText and (
        informative is None or informative.textFormat() == Qt.TextFormat.PlainText)


@pytest.fixture
def named(window):
    """Codes with hostile names, a coding with a hostile memo in the open document."""
    project = window.project
    ids = [project.add_code(name).result for name in NAMES]
    plain = next(d for d in project.documents() if d.name == "plain.txt")
    window.open_document(plain.id)
    coding = project.add_coding(plain.id, ids[0], 0, 10, MEMO).result
    return window, ids, coding


def test_codebook_tree_and_chooser_show_names_as_written(named):
    window, ids, _coding = named
    model = window.codebook.model
    for name, code_id in zip(NAMES, ids, strict=True):
        index = model.index_for(code_id)
        assert index.data() == name
        assert shown_as(index.data(Qt.ItemDataRole.ToolTipRole)) == name
    chooser = CodeChooser(model.codes())
    items = [chooser.list.item(r) for r in range(chooser.list.count())]
    shown = {item.text().strip(): shown_as(item.toolTip()) for item in items}
    for name in NAMES:
        assert shown[name] == name
    chooser.deleteLater()


def test_segments_tooltips_show_memo_and_names_as_written(named):
    window, ids, coding = named
    window.show_segments_for_code(ids[0])
    model = window.segments.model
    assert model.rowCount() == 1
    excerpt = model.index(0, 0)
    assert shown_as(excerpt.data(Qt.ItemDataRole.ToolTipRole)).endswith(f"Memo: {MEMO}")
    assert excerpt.data(Qt.ItemDataRole.DecorationRole) is not None  # the memo mark
    assert model.index(0, 1).data() == NAMES[0]
    assert shown_as(model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)) == NAMES[0]
    button = window.segments.code_filter
    assert button.summary() == NAMES[0]
    assert shown_as(button.toolTip()) == NAMES[0]


def test_a_name_with_an_ampersand_is_no_keyboard_shortcut(named):
    window, ids, _coding = named
    window.settings.set_quick_code_guids([window.codebook.model.code(ids[2]).guid])
    window.refresh_quick_codes()
    assert window.coding.quick_actions[0].text() == "&1  R&&D <i>team</i>"
    window.segments.code_filter.set_checked([ids[2]])
    assert window.segments.code_filter.text() == "R&&D <i>team</i>"
    assert window.segments.code_filter.summary() == NAMES[2]
    window.codebook_actions.rename_to(ids[2], "Q&A")
    assert "Q&&A" in window.menus.undo_action.text()


def test_messages_show_user_text_as_written(named, qtbot, tmp_path):
    window, _ids, _coding = named
    box = feedback.show_error(window, GlocalError(f"there is no code named {NAMES[1]!r}"))
    assert _is_plain(box) and NAMES[1] in box.informativeText()
    box.close()
    done = show_exported(window, "Export", f"Exported {NAMES[0]} to Word.", tmp_path / "a.docx")
    assert _is_plain(done)
    done.close()
    seen: list[bool] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QMessageBox):
            seen.append(_is_plain(dialog) and NAMES[1] in dialog.text())
            dialog.reject()
        elif isinstance(dialog, QInputDialog):
            labels = [label for label in dialog.findChildren(QLabel) if label.text()]
            seen.append(all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
                        and any(NAMES[1] in label.text() for label in labels))
            dialog.reject()
        elif dialog is not None:
            label = next(label for label in dialog.findChildren(QLabel) if label.text())
            seen.append(label.textFormat() == Qt.TextFormat.PlainText)
            dialog.reject()

    for ask in (lambda: dialogs.confirm(window, "Delete code", f"Delete “{NAMES[1]}”?"),
                lambda: dialogs.ask_item(window, "Merge", f"Merge “{NAMES[1]}” into:", NAMES),
                lambda: dialogs.ask_memo(window, "Memo", f"Memo on {NAMES[1]}", MEMO)):
        QTimer.singleShot(50, answer)
        ask()
    assert seen == [True, True, True]


def test_document_names_and_paths_are_shown_as_written(window, qtbot, tmp_path):
    from glocal_annotator.importers import ExtractedText

    name = "<i>field</i> notes & more.txt"
    document = window.project.add_document(name, ExtractedText("Some words.\n", "txt")).result
    item = window.documents._items[document]
    assert item.text(0) == name and shown_as(item.toolTip(0)).startswith(name)
    odd = tmp_path / "<b>odd"
    odd.mkdir()
    window.welcome.set_recent([odd / "study.glocal"])
    recent = window.welcome.recent.item(0)
    assert shown_as(recent.toolTip()) == str(odd / "study.glocal")


def test_quick_keys_are_shown_beside_their_codes(window):
    model = window.codebook.model
    quick = window.quick_codes()
    first, second = quick[0], quick[1]
    assert model.index_for(first.id).siblingAtColumn(KEY_COLUMN).data() == "1"
    assert model.index_for(second.id).siblingAtColumn(KEY_COLUMN).data() == "2"
    window.settings.set_quick_code_guids(["", first.guid])  # key 2 now, key 1 free
    window.refresh_quick_codes()
    assert model.index_for(first.id).siblingAtColumn(KEY_COLUMN).data() == "2"
    assert model.index_for(second.id).siblingAtColumn(KEY_COLUMN).data() == ""
    assert model.headerData(KEY_COLUMN, Qt.Orientation.Horizontal) == "Key"
    assert window.codebook.tree.header().sectionSize(KEY_COLUMN) > 0
    assert not window.codebook.tree.isColumnHidden(KEY_COLUMN)

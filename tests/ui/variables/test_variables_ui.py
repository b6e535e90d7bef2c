"""Document ▸ Variables and sets…, the documents list's set menu and Document ▸ Speakers…, driven
as a user would: typed editors, one undo step per change, refusals shown, the import previewed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyleOptionViewItem

from glocal_annotator.ui.variables.dialog import VariablesDialog
from glocal_annotator.ui.variables.speakers_dialog import SpeakersDialog
from tests.ui.helpers import message_boxes


def _ids(window):
    project = window.session.project
    return {d.name: d.id for d in project.documents()}, project


def _dialog(window, qtbot) -> VariablesDialog:
    window.document_data.variables_action.trigger()
    dialog = window.document_data.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    return dialog


def test_the_document_menu_holds_variables_and_speakers(window):
    titles = [action.text() for action in window.menuBar().actions()]
    assert "&Document" in titles
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Document")
    assert [a.text() for a in menu.actions() if a.text()] == ["&Variables and sets…",
                                                                "&Speakers…"]


def test_values_are_edited_in_place_typed_and_undone(window, qtbot):
    ids, project = _ids(window)
    window.session.run("Define", lambda: project.define_variable("Age", "number"))
    window.session.run("Define", lambda: project.define_variable("Actor", "choice",
                                                                 ["Local", "Global"]))
    dialog = _dialog(window, qtbot)
    model = dialog.values_model
    assert [v.name for v in model.variables] == ["Age", "Actor"]
    assert model.rowCount() == 2 and model.headerData(0, Qt.Orientation.Vertical) == "mixed.txt"
    delegate = dialog.values_table.itemDelegate()
    combo = delegate.createEditor(dialog.values_table, QStyleOptionViewItem(), model.index(0, 1))
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == ["(no value)", "Local", "Global"]
    line = delegate.createEditor(dialog.values_table, QStyleOptionViewItem(), model.index(0, 0))
    assert isinstance(line, QLineEdit) and "12.5" in line.placeholderText()
    combo.setCurrentIndex(2)
    delegate.setModelData(combo, model, model.index(0, 1))
    assert project.document_variables(ids["mixed.txt"]) == {"Actor": "Global"}
    assert model.data(model.index(0, 1)) == "Global"
    assert model.setData(model.index(1, 0), " 41.50 ")
    assert model.data(model.index(1, 0)) == "41.5"  # as the project keeps it
    window.undo_stack.undo()
    assert model.data(model.index(1, 0)) == "" and project.variable_values(
        project.find_variable("Age").id) == {}
    window.undo_stack.redo()
    assert model.data(model.index(1, 0)) == "41.5"


def test_a_value_that_does_not_fit_is_refused_with_a_message(window, qtbot):
    ids, project = _ids(window)
    window.session.run("Define", lambda: project.define_variable("Age", "number"))
    dialog = _dialog(window, qtbot)
    depth = window.undo_stack.count()
    assert not dialog.values_model.setData(dialog.values_model.index(0, 0), "12,5")
    shown = [box.informativeText() for box in message_boxes()]
    assert any("'12,5' is not a number" in text for text in shown), shown
    assert project.variable_values() == {} and window.undo_stack.count() == depth


def test_sets_are_checked_in_the_table_and_shown_in_the_documents_list(window, qtbot):
    ids, project = _ids(window)
    window.session.run("Add set", lambda: project.add_document_set("Women"))
    dialog = _dialog(window, qtbot)
    model = dialog.sets_model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Women"
    index = model.index(1, 0)
    assert model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert project.document_sets() == {"Women": frozenset({ids["plain.txt"]})}
    assert model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    item = window.documents._items[ids["plain.txt"]]
    assert "Sets: Women" in item.toolTip(0)
    window.undo_stack.undo()
    assert project.document_sets() == {"Women": frozenset()}
    assert "Sets:" not in item.toolTip(0)


def test_the_documents_list_menu_adds_to_and_removes_from_sets(window, monkeypatch):
    ids, project = _ids(window)
    controller = window.document_data
    from glocal_annotator.ui.common import dialogs

    monkeypatch.setattr(dialogs, "ask_text", lambda *args, **kwargs: "Local actors")
    menu = controller.document_menu(ids["mixed.txt"])
    adding = next(a.menu() for a in menu.actions() if a.text() == "&Add to set")
    next(a for a in adding.actions() if a.text() == "&New set…").trigger()
    assert project.document_sets() == {"Local actors": frozenset({ids["mixed.txt"]})}
    menu = controller.document_menu(ids["plain.txt"])
    adding = next(a.menu() for a in menu.actions() if a.text() == "&Add to set")
    next(a for a in adding.actions() if a.text() == "Local actors").trigger()
    menu = controller.document_menu(ids["mixed.txt"])
    removing = next(a.menu() for a in menu.actions() if a.text() == "&Remove from set")
    next(a for a in removing.actions() if a.text() == "Local actors").trigger()
    assert project.document_sets() == {"Local actors": frozenset({ids["plain.txt"]})}


def test_an_import_is_previewed_then_one_undo_step(window, qtbot, tmp_path):
    ids, project = _ids(window)
    table = tmp_path / "people.csv"
    table.write_text("Document,Age,Country\nmixed,34,Kenya\nplain.txt,12,Peru\nother,1,x\n",
                     encoding="utf-8")
    dialog = _dialog(window, qtbot)
    preview = dialog.import_file(table, ask=False)
    assert preview is not None and preview.import_button.isEnabled()
    text = preview.text.toPlainText()
    assert "new variable 'Age': number" in text and "row 4 'other'" in text
    preview.accept()
    assert project.document_variables(ids["plain.txt"]) == {"Age": "12", "Country": "Peru"}
    assert [v.name for v in dialog.values_model.variables] == ["Age", "Country"]
    window.undo_stack.undo()
    assert project.variables() == [] and dialog.values_model.variables == []
    bad = tmp_path / "bad.csv"
    bad.write_text("Document;Age\nmixed;12,5\n", encoding="utf-8")
    window.undo_stack.redo()
    preview = dialog.import_file(bad, ask=False)
    assert not preview.import_button.isEnabled()
    assert "'12,5' is not a number" in preview.text.toPlainText()


TRANSCRIPT = ("Interviewer: Is the market local?\nAmélie:\tThe market is local.\n"
              "Interviewer: And the money?\nDr. Ahmed Khan: Global money.\n")


def test_speakers_are_listed_and_their_turns_coded_in_one_undo_step(window, qtbot):
    from glocal_annotator.importers import ExtractedText

    project = window.session.project
    window.session.run("Import", lambda: project.add_document(
        "focus.txt", ExtractedText(TRANSCRIPT, "txt")))
    window.document_data.speakers_action.trigger()
    dialog = window.document_data.speakers
    assert isinstance(dialog, SpeakersDialog)
    qtbot.addWidget(dialog)
    rows = [[dialog.list.topLevelItem(i).text(c) for c in range(4)]
            for i in range(dialog.list.topLevelItemCount())]
    assert rows == [["Interviewer", "2", str(len("Is the market local?") + len(
        "And the money?")), "1"], ["Amélie", "1", str(len("The market is local.")), "1"],
        ["Dr. Ahmed Khan", "1", str(len("Global money.")), "1"]]
    dialog.list.topLevelItem(2).setCheckState(0, Qt.CheckState.Unchecked)
    codes_before = len(project.codes())
    qtbot.mouseClick(dialog.code_button, Qt.MouseButton.LeftButton)
    paths = {c.path for c in project.codes()}
    assert {"Speakers", "Speakers/Interviewer", "Speakers/Amélie"} <= paths
    assert "Speakers/Dr. Ahmed Khan" not in paths
    assert "Coded 3 turns" in dialog.summary.text()
    window.undo_stack.undo()
    assert len(project.codes()) == codes_before
    dialog.pattern.setText("(unclosed")
    dialog.find()
    assert "not a valid regular expression" in dialog.summary.text()
    assert not dialog.code_button.isEnabled()


def test_autocode_can_leave_out_a_speaker_s_turns(window, qtbot):
    from glocal_annotator.importers import ExtractedText
    from glocal_annotator.ui.search import autocode_dialog

    project = window.session.project
    window.session.run("Import", lambda: project.add_document(
        "focus.txt", ExtractedText(TRANSCRIPT, "txt")))
    window.session.run("Code", lambda: project.code_speaker_turns(project.find_speakers()))
    theme = window.session.run("Add", lambda: project.add_code("Market")).result

    def preview(code_id, widen, ignore_case, exclude_code_ids=()):
        return project.plan_autocode(code_id, "market", regex=False, widen=widen,
                                     exclude_code_ids=exclude_code_ids)

    dialog = autocode_dialog.AutocodeDialog(project.codes(), "market", window, theme, preview,
                                            regex=False)
    qtbot.addWidget(dialog)
    assert [dialog.exclude_combo.itemText(i) for i in range(dialog.exclude_combo.count())] == [
        "(no one)", "Interviewer", "Amélie", "Dr. Ahmed Khan"]
    hits = dialog.plan.hits
    dialog.exclude_combo.setCurrentIndex(1)
    assert dialog.plan.hits == hits - 1  # "Is the market local?" is the interviewer's
    choice = dialog.choice()
    assert choice.exclude_code_ids == tuple(project.speaker_code_ids(["Interviewer"]))
    plain = autocode_dialog.AutocodeDialog([c for c in project.codes()
                                            if not c.path.startswith("Speakers")],
                                           "market", window, theme, preview, regex=False)
    qtbot.addWidget(plain)
    assert plain.exclude_combo.isHidden() and plain.choice().exclude_code_ids == ()


def test_a_variable_is_edited_and_a_retype_that_does_not_fit_is_refused(window, qtbot):
    ids, project = _ids(window)
    window.session.run("Define", lambda: project.define_variable("Kind", "text"))
    window.session.run("Set", lambda: project.set_variable_value(
        ids["mixed.txt"], project.find_variable("Kind").id, "local"))
    dialog = _dialog(window, qtbot)
    dialog.values_table.setCurrentIndex(dialog.values_model.index(0, 0))
    dialog.edit_variable(answer=("Actor", "choice", ["Local", "Global"]))
    assert [(v.name, v.type, v.choices) for v in dialog.values_model.variables] == [
        ("Actor", "choice", ("Local", "Global"))]
    assert dialog.values_model.data(dialog.values_model.index(0, 0)) == "Local"
    dialog.edit_variable(answer=("Actor", "number", []))
    assert any("cannot be a number variable" in box.informativeText()
               for box in message_boxes())
    assert project.find_variable("Actor").type == "choice"
    window.undo_stack.undo()
    assert project.find_variable("Kind").type == "text"

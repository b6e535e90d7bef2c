"""Search, autocode and the coded-segments panel."""

from __future__ import annotations

from PySide6.QtCore import Qt

from glocal_annotator.ui.search import autocode_dialog
from glocal_annotator.ui.segments.model import CODING_ROLE
from tests.ui.helpers import find_code


def test_search_box_finds_and_opens_hit(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    box = window.findChild(type(window.search.box), "searchBox")
    assert box is window.search.box and box.hasFocus()
    qtbot.keyClicks(box, "women")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    results = window.search.results
    assert results.count() == 2
    plain = next(d for d in window.project.documents() if d.name == "plain.txt")
    item = next(results.item(i) for i in range(results.count())
                if results.item(i).text().startswith("plain.txt"))
    results.itemActivated.emit(item)
    assert window.current_document_id == plain.id
    start, end = window.view.found_range()
    assert window.document_text[start:end] == "women"
    assert window.view.selected_range() == (start, start)  # marked, not selected


def test_search_this_document_only(window, qtbot):
    window.search.scope.setCurrentIndex(0)
    window.search.box.setText("global")
    window.searching.run_search()
    assert window.search.results.count() == 1


def test_autocode_results_and_undo(window, qtbot, monkeypatch):
    code = find_code(window, "Women's Environmental Action")
    window.search.box.setText("women")
    window.searching.run_search()
    monkeypatch.setattr(autocode_dialog, "ask_autocode",
                        lambda *args, **kwargs: autocode_dialog.AutocodeChoice(
                            code.id, "sentence", True))
    window.search.autocode_button.click()
    codings = window.project.codings(code_ids=[code.id])
    assert len(codings) == 2
    plain = next(d for d in window.project.documents() if d.name == "plain.txt")
    text = window.project.document_text(plain.id)
    texts = {text[c.start:c.end] for c in codings if c.document_id == plain.id}
    assert texts == {"Local women run the market."}
    assert window.menus.undo_action.text().startswith("&Undo Autocode")
    assert window.statusBar().currentMessage() == (
        "Autocoded “women”: 2 new passages coded with Ecofeminism/Women's Environmental Action; "
        "0 hits already coded left alone.")
    assert window.codebook.model.count(code.id) == 2
    window.undo_stack.undo()
    assert window.project.codings(code_ids=[code.id]) == []
    assert window.codebook.model.count(code.id) == 0
    window.undo_stack.redo()
    assert len(window.project.codings(code_ids=[code.id])) == 2


def test_segments_panel_activation_selects_excerpt(window, qtbot):
    plain = next(d for d in window.project.documents() if d.name == "plain.txt")
    code = find_code(window, "Local Ownership")
    text = window.project.document_text(plain.id)
    start = text.index("Local women")
    coding_id = window.project.add_coding(plain.id, code.id, start, start + 11).result
    window.show_segments_for_code(code.id)
    panel = window.findChild(type(window.segments), "segmentsPanel")
    assert panel.model.rowCount() == 1
    index = panel.model.index(0, 0)
    assert "[Local women]" in index.data() and "run the market" in index.data()
    panel.results.activated.emit(index)
    assert window.current_document_id == plain.id
    assert window.view.selected_range() == (start, start)  # shown, not selected
    assert window.view.selected_coding() == coding_id
    # filtering by coder and document
    panel.coder_filter.set_checked(c.id for c in window.project.coders() if c.name == "tester")
    panel.refresh()
    assert panel.model.rowCount() == 1
    # codings added and removed show up in place, in document order
    second = window.project.add_coding(plain.id, code.id, 0, 10).result
    assert [panel.model.index(r, 0).data(CODING_ROLE).id
            for r in range(panel.model.rowCount())] == [second, coding_id]
    window.project.remove_coding(second)
    assert panel.model.rowCount() == 1
    assert panel.summary.text() == "1 segment in 1 document"


def test_new_coder_updates_segments_in_place(window, qtbot, monkeypatch):
    """The first coding by a new coder adds the coder to the filter and the row to the list
    without retrieving everything again (that cost 0.3 s with 50,000 codings)."""
    panel = window.segments
    panel.code_filter.set_checked([])  # all codes
    panel.refresh()
    before = panel.model.rowCount()
    refreshes = []
    monkeypatch.setattr(panel, "refresh", lambda: refreshes.append(1))
    plain = next(d for d in window.project.documents() if d.name == "plain.txt")
    window.open_document(plain.id)
    window.project.coder_name = "newcomer"
    code = find_code(window, "Local Ownership")
    window.coding.code_range(code.id, 0, 5)
    assert panel.model.rowCount() == before + 1
    assert "newcomer" in panel.coder_filter.names()
    window.undo_stack.undo()
    assert panel.model.rowCount() == before
    assert "newcomer" not in panel.coder_filter.names()
    qtbot.wait(50)
    assert refreshes == []


def test_window_warms_the_search_cache_when_idle(window, qtbot):
    ids = {d.id for d in window.project.documents()}
    qtbot.waitUntil(lambda: not window._warm_timer.isActive())
    assert {key[0] for key in window.project._texts._forms if key[1] == "folded"} == ids


def test_ignore_case_box_is_for_patterns(window, qtbot):
    panel = window.search
    assert panel.case_box.isChecked() and not panel.case_box.isEnabled()  # plain words
    panel.regex_box.setChecked(True)
    assert panel.case_box.isEnabled() and not panel.case_box.isChecked()
    panel.box.setText(r"\bWOMEN\b")
    window.searching.run_search()
    assert panel.results.count() == 0
    qtbot.mouseClick(panel.case_box, Qt.MouseButton.LeftButton)
    window.searching.run_search()
    assert panel.results.count() == 2 and panel.last_query == (r"\bWOMEN\b", True, True)
    panel.regex_box.setChecked(False)
    assert panel.case_box.isChecked() and not panel.case_box.isEnabled()
    panel.regex_box.setChecked(True)
    assert panel.case_box.isChecked()  # the pattern's choice comes back


def test_autocode_dialog_shows_counts_before_applying(window, qtbot, tmp_path):
    project = window.project
    code = find_code(window, "Women's Environmental Action")
    plain = next(d for d in project.documents() if d.name == "plain.txt")
    text = project.document_text(plain.id)
    start = text.index("Local women")
    project.add_coding(plain.id, code.id, start, start + len("Local women run the market."))

    def preview(code_id, widen, ignore_case):
        return project.plan_autocode(code_id, r"\bwomen\b", widen=widen, ignore_case=ignore_case)

    dialog = autocode_dialog.AutocodeDialog(window.codebook.model.codes(), r"\bwomen\b", window,
                                            code.id, preview, regex=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.counts.text() == (
        "1 hit in 1 document: 0 new passages to code, 1 hit already coded with "
        "Ecofeminism / Women's Environmental Action (left alone).")
    assert not dialog.apply_button.isEnabled()
    dialog.case_box.setChecked(True)
    assert dialog.counts.text().startswith("2 hits in 2 documents: 1 new passage to code, 1 hit ")
    dialog.widen_combo.setCurrentIndex(dialog.widen_combo.findData("sentence"))
    assert dialog.apply_button.isEnabled()
    dialog.grab().save(str(tmp_path / "autocode_dialog.png"))
    choice = dialog.choice()
    assert (choice.code_id, choice.widen, choice.ignore_case) == (code.id, "sentence", True)
    assert choice.plan is not None and len(choice.plan.new) == 1
    project.autocode(code.id, r"\bwomen\b", ignore_case=True, widen="sentence")
    dialog.refresh()
    assert dialog.counts.text().startswith("2 hits in 2 documents: 0 new passages to code, 2 ")
    assert not dialog.apply_button.isEnabled()

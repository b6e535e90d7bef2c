"""The coded-segments panel's multi-choice filters: union within a filter, intersection across
filters, nothing checked = everything; kept up to date in place as codings come and go."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from glocal_annotator.ui.common.multi_select import NAME_ROLE, MultiSelectButton
from glocal_annotator.ui.segments.model import CODING_ROLE
from tests.ui.helpers import find_code


def document(window, name: str) -> int:
    return next(d.id for d in window.project.documents() if d.name == name)


def shown(panel) -> list[int]:
    return [panel.model.index(row, 0).data(CODING_ROLE).id
            for row in range(panel.model.rowCount())]


def expected(window, **filters) -> list[int]:
    return [e.coding_id for e in window.project.excerpts(**filters)]


def with_subcodes(window, *names: str) -> list[int]:
    wanted = {find_code(window, name).id for name in names}
    for code in window.project.codes():
        if code.parent_id in wanted:
            wanted.add(code.id)
    return sorted(wanted)


def check_in_popup(qtbot, button: MultiSelectButton, *names: str) -> None:
    """Open the popup from the keyboard, click the named items, close it with Enter."""
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    popup = button.popup
    assert popup.isVisible()
    for name in names:
        found = button.proxy.match(button.proxy.index(0, 0), NAME_ROLE, name, 1,
                                   Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        assert found, name
        popup.tree.scrollTo(found[0])
        qtbot.mouseClick(popup.tree.viewport(), Qt.MouseButton.LeftButton,
                         pos=popup.tree.visualRect(found[0]).center())
    qtbot.keyClick(popup.tree, Qt.Key.Key_Return)
    assert not popup.isVisible()


@pytest.fixture
def coded(window):
    """Codings in both documents by two coders, under parents and sub-codes."""
    project = window.project
    plain, mixed = document(window, "plain.txt"), document(window, "mixed.txt")
    ids = {}
    for key, doc, code, start, end, coder in (
        ("creolization", plain, "Creolization", 4, 10, None),
        ("ownership", plain, "Local Ownership", 37, 48, None),
        ("western", plain, "Westernization", 0, 3, None),
        ("hybrid", mixed, "Hybridization", 0, 9, None),
        ("ownership_mixed", mixed, "Local Ownership", 20, 30, None),
        ("women", mixed, "Women's Environmental Action", 40, 50, None),
        ("other", plain, "Local Ownership", 43, 48, "other"),
    ):
        ids[key] = project.add_coding(doc, find_code(window, code).id, start, end,
                                      coder=coder).result
    panel = window.segments
    panel.refresh()
    assert shown(panel) == expected(window)
    return ids


def test_two_codes_show_their_union_in_document_order(window, qtbot, coded):
    panel = window.segments
    with qtbot.waitSignal(panel.code_filter.changed):
        check_in_popup(qtbot, panel.code_filter, "Hybridization", "Local Ownership")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 5)
    codes = with_subcodes(window, "Hybridization", "Local Ownership")
    assert shown(panel) == expected(window, code_ids=codes)
    assert coded["creolization"] in shown(panel)  # a sub-code of Hybridization
    assert panel.code_filter.text() == "2 codes"
    assert panel.summary.text() == "5 segments in 2 documents"
    # without sub-codes: only the two codes themselves
    panel.subcodes_box.setChecked(False)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4)
    codes = [find_code(window, "Hybridization").id, find_code(window, "Local Ownership").id]
    assert shown(panel) == expected(window, code_ids=codes)


def test_document_and_coder_filters_intersect(window, qtbot, coded):
    panel = window.segments
    plain = document(window, "plain.txt")
    codes = with_subcodes(window, "Hybridization", "Local Ownership")
    panel.code_filter.set_checked([find_code(window, "Hybridization").id,
                                   find_code(window, "Local Ownership").id])
    check_in_popup(qtbot, panel.document_filter, "plain.txt")
    qtbot.waitUntil(lambda: shown(panel) == expected(window, code_ids=codes,
                                                     document_ids=[plain]))
    assert shown(panel) == [coded["creolization"], coded["ownership"], coded["other"]]
    other = next(c.id for c in window.project.coders() if c.name == "other")
    check_in_popup(qtbot, panel.coder_filter, "other")
    qtbot.waitUntil(lambda: shown(panel) == [coded["other"]])
    assert shown(panel) == expected(window, code_ids=codes, document_ids=[plain],
                                    coder_ids=[other])
    # both coders checked is every coder: no restriction
    check_in_popup(qtbot, panel.coder_filter, window.project.coder_name)
    assert panel.coder_filter.selection() is None
    assert panel.coder_filter.text() == "All coders"
    qtbot.waitUntil(lambda: len(shown(panel)) == 3)


def test_filter_box_all_and_none(window, qtbot):
    button = window.segments.code_filter
    qtbot.keyClick(button, Qt.Key.Key_F4)
    popup = button.popup
    assert popup.filter_box.isVisible() and popup.filter_box.hasFocus()
    qtbot.keyClicks(popup.filter_box, "local")
    popup.all_button.click()
    names = [c.name for c in window.project.codes() if "local" in c.name.casefold()]
    assert len(names) > 2
    assert [window.project.code(key).name for key in button.checked()] == names
    assert button.text() == f"{len(names)} codes"
    # the keyboard reaches the list: Down from the filter box, Space toggles
    qtbot.keyClick(popup.filter_box, Qt.Key.Key_Down)
    assert popup.tree.hasFocus()
    first = popup.tree.currentIndex()
    before = first.data(Qt.ItemDataRole.CheckStateRole)
    qtbot.keyClick(popup.tree, Qt.Key.Key_Space)
    assert first.data(Qt.ItemDataRole.CheckStateRole) != before
    popup.filter_box.clear()
    popup.none_button.click()
    assert button.checked() == [] and button.text() == "All codes"
    with qtbot.assertNotEmitted(button.changed):
        popup.done_button.click()  # nothing was checked when it opened, nothing is now
    assert not popup.isVisible()
    # Escape closes without change
    hybrid = find_code(window, "Hybridization").id
    button.set_checked([hybrid])
    qtbot.keyClick(button, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert popup.isVisible()
    popup.all_button.click()
    assert len(button.checked()) == len(button.keys())
    with qtbot.assertNotEmitted(button.changed):
        qtbot.keyClick(popup.tree, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert button.checked() == [hybrid]


def test_codings_added_and_removed_in_place(window, qtbot, coded, monkeypatch):
    panel = window.segments
    plain, mixed = document(window, "plain.txt"), document(window, "mixed.txt")
    panel.code_filter.set_checked([find_code(window, "Hybridization").id,
                                   find_code(window, "Local Ownership").id])
    panel.document_filter.set_checked([plain])
    panel.refresh()
    codes = with_subcodes(window, "Hybridization", "Local Ownership")
    before = shown(panel)
    resets = []
    original = panel.model.reset
    monkeypatch.setattr(panel.model, "reset", lambda *a: (resets.append(1), original(*a)))
    window.open_document(plain)
    # matches (a sub-code of a checked code, in a checked document): a row comes in place
    window.coding.code_range(find_code(window, "Indigenization").id, 11, 16)
    assert len(shown(panel)) == len(before) + 1
    assert shown(panel) == expected(window, code_ids=codes, document_ids=[plain])
    # another code, or another document: no row
    window.coding.code_range(find_code(window, "Westernization").id, 20, 25)
    window.open_document(mixed)
    window.coding.code_range(find_code(window, "Local Ownership").id, 0, 4)
    assert len(shown(panel)) == len(before) + 1
    for _ in range(3):
        window.undo_stack.undo()
    assert shown(panel) == before
    qtbot.wait(50)
    assert resets == []


def test_renamed_code_stays_checked_and_deleted_code_leaves_filter(window, qtbot, coded,
                                                                   monkeypatch):
    panel = window.segments
    hybrid, ownership = find_code(window, "Hybridization"), find_code(window, "Local Ownership")
    panel.code_filter.set_checked([hybrid.id, ownership.id])
    panel.refresh()
    rows = shown(panel)
    resets = []
    original = panel.model.reset
    monkeypatch.setattr(panel.model, "reset", lambda *a: (resets.append(1), original(*a)))
    window.project.rename_code(ownership.id, "Ownership by locals")
    assert panel.code_filter.checked() == [hybrid.id, ownership.id]
    assert "Ownership by locals" in panel.code_filter.names()
    assert shown(panel) == rows
    assert panel.model.index(rows.index(coded["ownership"]), 1).data() == "Ownership by locals"
    qtbot.wait(20)
    assert resets == []
    # deleting a checked code drops it; its rows go in place
    window.project.delete_code(hybrid.id)
    assert panel.code_filter.checked() == [ownership.id]
    assert panel.code_filter.text() == "Ownership by locals"
    qtbot.wait(20)
    assert shown(panel) == expected(window, code_ids=[ownership.id])
    # deleting the last checked code leaves nothing checked: every segment again
    window.project.delete_code(ownership.id)
    assert panel.code_filter.checked() == []
    qtbot.waitUntil(lambda: shown(panel) == expected(window))
    assert shown(panel)


def test_show_segments_for_code_selects_exactly_that_code(window, qtbot, coded):
    panel = window.segments
    panel.code_filter.set_checked([find_code(window, "Hybridization").id,
                                   find_code(window, "Westernization").id])
    ownership = find_code(window, "Local Ownership")
    window.show_segments_for_code(ownership.id)
    assert panel.code_filter.checked() == [ownership.id]
    assert panel.code_filter.selection() == [ownership.id]
    assert shown(panel) == expected(window, code_ids=[ownership.id])


def test_filters_are_named_and_reachable(window):
    panel = window.findChild(type(window.segments), "segmentsPanel")
    for name in ("segmentsCode", "segmentsDocument", "segmentsCoder"):
        button = panel.findChild(MultiSelectButton, name)
        assert button is not None and button.accessibleName()
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert button.popup.tree.accessibleName()
    assert panel.code_filter.text() == "All codes"
    assert panel.document_filter.text() == "All documents"

"""Team ▸ Show only my codings reaches the Analysis dock: with it on, every view (frequencies,
the matrix by coders, co-occurrence, a query, words of the coded text, KWIC inside codings, the
passages behind a cell) reads only the user's codings, the coders filter shows that (locked to
the user, with a note), and turning it off gives back the filter chosen before."""

from __future__ import annotations

import pytest

from tests.ui.analysis.test_analysis_dock import computed, open_view, row_of
from tests.ui.team.helpers import TALK


@pytest.fixture
def blind_window(team_window):
    """ana (the user) and ben; ben also coded River over his Market passage, so that his
    codings co-occur and ana's do not."""
    window = team_window
    project = window.project
    talk = project.find_document("talk.txt").id
    second = TALK.index("The market")
    project.add_coding(talk, project.find_code("River").id, second, second + 10, coder="ben")
    return window


def ids(window) -> dict[str, int]:
    project = window.project
    found = {c.name: c.id for c in project.coders()}
    found.update({c.name: c.id for c in project.codes()})
    found["talk"] = project.find_document("talk.txt").id
    return found


def coders_behind(window, passages) -> set[str]:
    """The coders of the codings each passage came from."""
    project = window.project
    names = {c.id: c.name for c in project.coders()}
    return {names[project.coding(i).coder_id] for p in passages for i in p.coding_ids}


def blind(window, qtbot, panels, on: bool) -> None:
    """Turn blind coding on or off, waiting for the open views to compute again."""
    with qtbot.waitSignals([p.computed for p in panels], timeout=10_000):
        window.team.blind.action.setChecked(on)


def test_every_analysis_view_reads_only_my_codings_while_blind(blind_window, qtbot):
    window = blind_window
    key = ids(window)
    freq = open_view(window, qtbot, "frequencies")
    market = row_of(freq, key["Market"])
    assert freq.table.values[market][0] == 3  # ana 1, ben 2
    computed(freq, qtbot, lambda: freq.filters.coders.set_checked([key["ben"]]))
    assert freq.table.values[market][0] == 2

    blind(window, qtbot, [freq], True)
    coders = freq.filters.coders
    assert not coders.isEnabled() and coders.checked() == [key["ana"]]
    assert freq.filters.lock_note.isVisible() and "ana" in freq.filters.lock_note.text()
    assert "blind coding" in freq.status.text()
    assert freq.table.values[market][0] == 1
    assert freq.table.values[row_of(freq, key["River"])][0] == 1
    freq.show_cell(market, 0)
    assert [(p.start, p.end) for p in freq.passages.passages] == [
        (TALK.index("market"), TALK.index("market") + 6)]

    matrix = open_view(window, qtbot, "matrix")  # opened while blind: locked too
    assert not matrix.filters.coders.isEnabled()
    columns = matrix.spec.columns
    computed(matrix, qtbot, lambda: columns.setCurrentIndex(columns.findData("coders")))
    assert matrix.table.column_labels == ("ana",)

    cooccurrence = open_view(window, qtbot, "cooccurrence")
    table = cooccurrence.table
    assert table.values[table.row_keys.index(key["River"])][
        table.column_keys.index(key["Market"])] == 0  # only ben's codings co-occur

    query = open_view(window, qtbot, "query")
    query.spec.text.setText("River OR Market")
    computed(query, qtbot, query.spec.text.returnPressed.emit)
    assert query.passages.passages and coders_behind(window, query.passages.passages) == {"ana"}

    words = open_view(window, qtbot, "words")
    over = words.spec.over
    computed(words, qtbot, lambda: over.setCurrentIndex(over.findData("coded")))
    assert set(words.table.row_labels) == {"river", "market"}  # not ben's "sells", "field" ...

    kwic = open_view(window, qtbot, "kwic")
    kwic.spec.phrase.setText("market")
    computed(kwic, qtbot, kwic.spec.phrase.returnPressed.emit)
    assert len(kwic.lines) == 2  # no code chosen: the whole text, no coding read
    computed(kwic, qtbot, lambda: kwic.filters.codes.set_checked([key["Market"]]))
    assert [line.start for line in kwic.lines] == [TALK.index("market")]  # inside ana's only

    blind(window, qtbot, [kwic], False)  # the hidden tabs compute when shown
    assert len(kwic.lines) == 2  # inside ana's and ben's Market codings
    computed(freq, qtbot, lambda: window.analysis.open_view("frequencies"))
    assert coders.isEnabled() and coders.checked() == [key["ben"]]  # as chosen before
    assert not freq.filters.lock_note.isVisible()
    assert freq.table.values[market][0] == 2


def test_blind_coding_before_the_dock_opens_and_across_a_first_coding(team_path, qtbot,
                                                                      data_dir):
    """Blind coding remembered for the project is on when the window opens; a coder who has
    not coded yet reads nothing until their first coding."""
    from glocal_annotator.ui import open_window
    from glocal_annotator.ui.common.settings import Settings

    settings = Settings()
    settings.coder_name = "cleo"
    settings.set_blind_coding(team_path, True)
    window = open_window(team_path)
    qtbot.addWidget(window)
    try:
        assert window.team.blind.on
        freq = open_view(window, qtbot, "frequencies")
        assert freq.filters.locked == () and not freq.filters.coders.isEnabled()
        assert all(values[0] == 0 for values in freq.table.values)
        key = ids(window)
        with qtbot.waitSignal(freq.computed, timeout=10_000):
            window.session.run("code", lambda: window.project.add_coding(
                key["talk"], key["River"], 0, 3))
        assert freq.filters.locked == (window.project.coders()[-1].id,)
        assert freq.table.values[row_of(freq, key["River"])][0] == 1
    finally:
        window.close_project()

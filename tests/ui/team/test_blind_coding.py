"""Team ▸ Show only my codings: every place that shows codings shows only the user's own while
it is on (the margin and highlights, the coded segments, the counts), the status bar says so,
the project file is not changed, and the setting is remembered per project."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from glocal_annotator.project import Project
from tests.ui.team.helpers import TALK


def coders_of(window, ids) -> set[str]:
    names = {c.id: c.name for c in window.project.coders()}
    return {names[window.project.coding(i).coder_id] for i in ids}


def shown_segments(window) -> set[str]:
    model = window.segments.model
    window.segments.refresh()
    return {model.data(model.index(row, 3)) for row in range(model.rowCount())}


def counts(window) -> tuple[dict[str, int], dict[str, int]]:
    codes = {c.name: window.codebook.model.count(c.id) for c in window.project.codes()}
    documents = {d.name: window.documents.count(d.id) for d in window.project.documents()}
    return codes, documents


def test_blind_coding_hides_others_everywhere_and_back(team_window, qtbot):
    window = team_window
    window.open_document(window.project.find_document("talk.txt").id)
    window.segments.show_code(window.project.find_code("Market").id)
    window._reveal("segments")
    all_spans = {s.coding_id for s in window.view.spans()}
    assert coders_of(window, all_spans) == {"ana", "ben"}
    assert shown_segments(window) == {"ana", "ben"}
    assert counts(window) == ({"River": 2, "Market": 3}, {"talk.txt": 4, "notes.txt": 1})
    before = [(c.id, c.start, c.end) for c in window.project.codings()]

    window.team.blind.action.trigger()
    assert window.team.blind.on
    mine = {s.coding_id for s in window.view.spans()}
    assert mine and coders_of(window, mine) == {"ana"}  # margin and highlights: one index
    assert set(window.view.state.index.lanes) <= mine
    assert shown_segments(window) == {"ana"}
    assert counts(window) == ({"River": 1, "Market": 1}, {"talk.txt": 2, "notes.txt": 0})
    badge = window.statusBar().findChild(QLabel, "blindCodingBadge")  # in the status bar
    assert badge is not None and badge.isVisible() and "only ana's codings" in badge.text()
    assert not window.segments.coder_filter.isEnabled()
    # ben's coding made elsewhere meanwhile does not show; ana's own does
    talk = window.project.find_document("talk.txt").id
    market = window.project.find_code("Market").id
    window.project.add_coding(talk, market, 0, 3, coder="ben")
    assert {s.coding_id for s in window.view.spans()} == mine
    assert counts(window)[0]["Market"] == 1
    added = window.project.add_coding(talk, market, 4, 9).result  # as ana, the window's coder
    assert added in {s.coding_id for s in window.view.spans()}
    assert counts(window) == ({"River": 1, "Market": 2}, {"talk.txt": 3, "notes.txt": 0})

    window.team.blind.action.trigger()
    assert not window.team.blind.on and window.team.blind.badge_text() == ""
    assert coders_of(window, {s.coding_id for s in window.view.spans()}) == {"ana", "ben"}
    assert shown_segments(window) == {"ana", "ben"}
    assert counts(window) == ({"River": 2, "Market": 5}, {"talk.txt": 6, "notes.txt": 1})
    assert window.segments.coder_filter.isEnabled()
    after = {(c.id, c.start, c.end) for c in window.project.codings()}
    assert set(before) <= after  # a view setting: nothing of the project was changed


def test_remembered_per_project_and_follows_the_coder_name(team_window, tmp_path):
    window = team_window
    path = window.project.path
    window.team.blind.action.trigger()
    other = tmp_path / "other.glocal"
    Project.create(other, coder="ana").close()
    window.open_project(other)
    assert not window.team.blind.on and window.team.blind.badge_text() == ""
    window.open_project(path)
    assert window.team.blind.on and "ana" in window.team.blind.badge_text()
    window.open_document(window.project.find_document("talk.txt").id)
    window.settings.coder_name = "ben"
    window.apply_settings()
    shown = {s.coding_id for s in window.view.spans()}
    assert coders_of(window, shown) == {"ben"}
    assert "ben" in window.team.blind.badge_text()
    # a coder who has coded nothing yet sees nothing, and then their first coding
    window.settings.coder_name = "cleo"
    window.apply_settings()
    assert window.view.spans() == []
    assert counts(window)[1]["talk.txt"] == 0
    river = window.project.find_code("River").id
    talk = window.project.find_document("talk.txt").id
    first = window.session.run("Code", lambda: window.project.add_coding(
        talk, river, 0, len(TALK.split()[0]))).result
    assert [s.coding_id for s in window.view.spans()] == [first]
    assert counts(window)[1]["talk.txt"] == 1

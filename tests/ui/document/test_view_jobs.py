"""Big work on the view's codings in steps: a document's many codings load over several turns of
the event loop (the window answers meanwhile), changes asked for meanwhile wait their turn and
end up as the project has them, and the garbage collector is held and settled around it."""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402

from glocal_annotator.ui.document import lanes  # noqa: E402
from glocal_annotator.ui.document import view as view_module  # noqa: E402
from glocal_annotator.ui.document.view import CodingSpan, DocumentView  # noqa: E402

TEXT = "\n".join(f"Line {i} of the interview, about the council and the market." for i in
                 range(400))


def spans(count: int, first: int = 1) -> list[CodingSpan]:
    found = []
    for number in range(count):
        start = (number * 37) % (len(TEXT) - 60)
        found.append(CodingSpan(first + number, number % 3, start, start + 10 + number % 40,
                                ("#e6194b", "#3cb44b", "#4363d8")[number % 3], f"c{number % 3}"))
    return found


@pytest.fixture
def view(qtbot, monkeypatch):
    monkeypatch.setattr(view_module, "AT_ONCE", 50)  # more than 50 codings: in steps
    monkeypatch.setattr(view_module, "ONE_BY_ONE", 50)
    monkeypatch.setattr(lanes, "STEP", 40)  # a few codings per step
    monkeypatch.setattr(view_module, "_JOB_SLICE", 0.0)  # one step per turn of the loop
    widget = DocumentView()
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_many_codings_load_over_several_turns(view, qtbot) -> None:
    turns = []
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: turns.append(1))
    loaded = spans(500)
    with qtbot.waitSignal(view.spansLoaded, timeout=10_000):
        view.set_document(TEXT, iter(loaded))  # a lazy reader, as the window gives
        ticker.start()
        assert view.busy() and view.spans() == []  # the text is there, the codings follow
        assert view.text_edit().toPlainText() == TEXT
    ticker.stop()
    assert len(turns) >= 500 // 40  # the event loop ran between the steps
    assert not view.busy()
    assert {s.coding_id for s in view.spans()} == {s.coding_id for s in loaded}
    assert view.lane_count() > 1
    qtbot.waitUntil(lambda: view.pending_blocks() == 0, timeout=10_000)


def test_changes_asked_for_while_loading_end_up_as_asked(view, qtbot) -> None:
    loaded = spans(300)
    view.set_document(TEXT, iter(loaded))
    assert view.busy()
    extra = CodingSpan(9001, 1, 100, 180, "#911eb4", "new")
    view.add_span(extra)  # a coding made meanwhile
    view.remove_span(5)  # one undone meanwhile
    view.add_span(CodingSpan(7, 2, 10, 20, "#4363d8", "recoded"))  # one recoded meanwhile
    view.restyle({0: ("#000080", "renamed")})  # code 0 recoloured and renamed
    view.select_coding(9001)
    view.set_visible_codes({0, 1})
    assert view.selected_coding() is None  # not yet: after the load
    view.finish_jobs()
    shown = {s.coding_id: s for s in view.spans()}
    assert 9001 in shown and 5 not in shown
    assert (shown[7].start, shown[7].end, shown[7].label) == (10, 20, "recoded")
    assert all(s.color == "#000080" and s.label == "renamed" for s in shown.values()
               if s.code_id == 0)
    assert view.selected_coding() == 9001
    assert view.lane_of(shown[7].coding_id) is None  # code 2 is hidden
    assert view.lane_of(9001) is not None


def test_a_new_document_drops_what_the_last_one_had_pending(view, qtbot) -> None:
    view.set_document(TEXT, iter(spans(300)))
    view.add_span(CodingSpan(9001, 1, 100, 180, "#911eb4", "new"))
    view.set_document("Another text.", [CodingSpan(1, 1, 0, 7, "#3cb44b", "c")])
    assert not view.busy()
    assert [s.coding_id for s in view.spans()] == [1]
    qtbot.wait(50)
    assert [s.coding_id for s in view.spans()] == [1]


def test_thousands_of_codings_added_and_removed_at_once_go_in_steps(view, qtbot) -> None:
    view.set_document(TEXT, spans(40))
    assert not view.busy()
    many = spans(400, first=1000)
    view.change_spans([], (s for s in many), [s.coding_id for s in many])
    assert view.busy()
    view.add_span(CodingSpan(5000, 1, 0, 30, "#911eb4", "later"))  # waits its turn
    qtbot.waitUntil(lambda: not view.busy(), timeout=10_000)
    assert len(view.spans()) == 40 + 400 + 1
    assert all(view.lane_of(s.coding_id) is not None for s in view.spans())
    view.change_spans([s.coding_id for s in many], [])
    qtbot.waitUntil(lambda: not view.busy(), timeout=10_000)
    assert len(view.spans()) == 41
    view.text_edit().viewport().grab()
    qtbot.waitUntil(lambda: view.pending_blocks() == 0, timeout=10_000)


def test_show_coding_waits_for_the_load_then_selects_or_marks(view, qtbot) -> None:
    loaded = spans(300)
    view.set_document(TEXT, iter(loaded))
    target = loaded[200]
    view.show_coding(target.coding_id, target.start, target.end)
    view.finish_jobs()
    assert view.selected_coding() == target.coding_id
    view.set_document(TEXT, iter(loaded))
    view.show_coding(424242, 30, 60)  # a coding the view does not show: its passage is marked
    view.finish_jobs()
    assert view.selected_coding() is None
    assert view.found_range() == (30, 60)
    assert view.selected_range() == (30, 30)  # marked, not selected


def test_the_collector_is_held_while_loading_and_settled_after(view, qtbot) -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    view.set_document(TEXT, iter(spans(300)))
    assert not gc.isenabled()
    qtbot.waitUntil(lambda: not view.busy(), timeout=10_000)
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen  # what lives on is out of the collector's way
    view.set_document(TEXT, iter(spans(300)))
    view.clear()  # a load dropped half-way gives the collector back too
    assert gc.isenabled()
    gc.unfreeze()


def test_a_job_that_fails_is_logged_and_dropped_and_the_next_ones_run(view, qtbot,
                                                                      monkeypatch):
    from glocal_annotator.ui.common import feedback

    logged: list[BaseException] = []
    monkeypatch.setattr(feedback, "log_unexpected", logged.append)

    def broken():
        yield from spans(120)
        raise RuntimeError("the reader broke")

    view.set_document(TEXT, broken())
    view.select_coding(3)  # queued behind the load
    qtbot.waitUntil(lambda: not view.busy(), timeout=10_000)
    assert len(logged) == 1 and "broke" in str(logged[0])
    assert gc.isenabled()
    view.set_document(TEXT, spans(10))  # the view goes on working
    assert len(view.spans()) == 10

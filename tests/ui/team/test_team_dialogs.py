"""Team ▸ Merge project…, Agreement… and Disagreements… through the real window: preview then
one undoable step, cancel changes nothing, same-named coders asked about; the agreement table as
the analysis computes it, with its methods, exported to Word and CSV; disagreements opened with a
margin lane per coder and settled as the consensus coder, undoably."""

from __future__ import annotations

import csv
import threading
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog

from glocal_annotator.analysis.project_agreement import agreement_report, disagreement_list
from glocal_annotator.importers import ExtractedText
from glocal_annotator.project import Project
from glocal_annotator.ui.common import feedback, reading
from glocal_annotator.ui.common.plan_preview import PlanPreviewDialog
from glocal_annotator.ui.team.disagreements import HEADERS
from glocal_annotator.ui.team.merge_actions import SameNameDialog, merge_file
from tests.refi.qdpx_helpers import content
from tests.ui.team.helpers import TALK


def on_next_dialog(kind: type, handle: Callable, attempts: int = 400) -> None:
    def poll(remaining: int = attempts) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            handle(dialog)
        elif remaining:
            QTimer.singleShot(20, lambda: poll(remaining - 1))

    QTimer.singleShot(0, poll)


def save_as(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))


def error_texts() -> list[str]:
    return [b.informativeText() or b.text() for b in feedback.open_message_boxes()
            if b.objectName() == "errorMessage"]


# -- merge ---------------------------------------------------------------------------------------


@pytest.fixture
def their_copy(team_window, tmp_path) -> Path:
    """A copy of the window's project where cleo coded two passages."""
    path = tmp_path / "theirs.glocal"
    team_window.project.save_copy(path)
    with Project.open(path, coder="cleo") as theirs:
        talk = theirs.find_document("talk.txt").id
        river = theirs.find_code("River").id
        theirs.add_coding(talk, river, 0, 3)
        theirs.add_coding(talk, river, 4, 9, memo="cleo's note")
    return path


def test_merge_previews_then_adds_the_union_as_one_undoable_step(team_window, their_copy):
    window = team_window
    before = content(window.project)
    seen = []

    def accept(dialog: PlanPreviewDialog) -> None:
        seen.append(dialog.view.counts)
        dialog.accept()

    on_next_dialog(PlanPreviewDialog, accept)
    assert merge_file(window, window.session, window.status, their_copy)
    assert seen[0]["codings"]["added"] == 2 and seen[0]["coders"]["added"] == 1
    assert seen[0]["codings"]["unchanged"] == len(before["codings"])
    codings = window.project.codings()
    assert len(codings) == len(before["codings"]) + 2
    assert "cleo" in {c.name for c in window.project.coders()}
    assert window.undo_stack.count() == 1
    # the report says what was really added, in words that agree with their numbers
    said = window.statusBar().currentMessage()
    assert said.startswith("Merged theirs.glocal: 2 codings and 1 coder added"), said
    notices = [b.informativeText() or b.text() for b in feedback.open_message_boxes()]
    assert any("2 codings and 1 coder added" in text for text in notices), notices
    window.undo_stack.undo()
    assert content(window.project) == before
    window.undo_stack.redo()
    # merging the same file again changes nothing: the preview says so, with nothing to apply
    on_next_dialog(PlanPreviewDialog, lambda d: (seen.append(d.apply_button), d.reject()))
    assert not merge_file(window, window.session, window.status, their_copy)
    assert seen[-1] is None


def test_the_merge_report_names_what_it_added_and_changed():
    from glocal_annotator.operations.project_import import ImportCounts
    from glocal_annotator.ui.team.merge_actions import merged_text

    none = dict.fromkeys(("documents", "codes", "codings", "memos", "coders"), 0)
    assert merged_text(ImportCounts({**none, "codings": 21, "coders": 1}, none)) == \
        "21 codings and 1 coder added"
    assert merged_text(ImportCounts({**none, "documents": 1, "codes": 2, "codings": 1},
                                    {**none, "memos": 1})) == \
        "1 document, 2 codes and 1 coding added; 1 memo changed"
    assert merged_text(ImportCounts({**none, "values": 1200}, none)) == \
        "1,200 variable values added"
    assert merged_text(ImportCounts(none, none)) == "nothing added"


def test_cancelling_the_merge_preview_changes_nothing(team_window, their_copy):
    window = team_window
    before = content(window.project)
    on_next_dialog(PlanPreviewDialog, lambda dialog: dialog.reject())
    assert not merge_file(window, window.session, window.status, their_copy)
    assert content(window.project) == before and window.undo_stack.count() == 0


def test_the_merge_is_applied_with_progress_and_cancel_rolls_it_back(team_window, their_copy,
                                                                      monkeypatch):
    window = team_window
    before = content(window.project)
    real = reading.show_progress
    shown: list[tuple[int, int]] = []
    cancel = [True]

    def show(dialog: QProgressDialog, done: int, total: int) -> None:
        real(dialog, done, total)
        if dialog.objectName() == "mergeProgress":
            shown.append((done, total))
            if done > 0 and cancel[0]:
                dialog.cancel()

    monkeypatch.setattr(reading, "show_progress", show)
    on_next_dialog(PlanPreviewDialog, lambda dialog: dialog.accept())
    assert not merge_file(window, window.session, window.status, their_copy)
    assert content(window.project) == before and window.undo_stack.count() == 0
    assert "nothing was changed" in window.statusBar().currentMessage()
    cancel[0] = False
    shown.clear()
    on_next_dialog(PlanPreviewDialog, lambda dialog: dialog.accept())
    assert merge_file(window, window.session, window.status, their_copy)
    dones = [done for done, _ in shown]
    assert dones == sorted(dones) and shown[-1][0] == shown[-1][1] > 0
    assert len(window.project.codings()) == len(before["codings"]) + 2


@pytest.fixture
def shown(monkeypatch) -> list[tuple[str, int, int]]:
    """Every progress shown on a progress dialog: (its object name, done, total)."""
    seen: list[tuple[str, int, int]] = []
    real = reading.show_progress

    def record(dialog: QProgressDialog, done: int, total: int) -> None:
        seen.append((dialog.objectName(), done, total))
        real(dialog, done, total)

    monkeypatch.setattr(reading, "show_progress", record)
    return seen


def test_the_merge_is_planned_off_the_gui_thread_with_real_progress(team_window, their_copy,
                                                                    shown, monkeypatch):
    from glocal_annotator import project_merge

    window = team_window
    real = project_merge.read_project_for_merge
    threads: list[bool] = []
    turns: list[int] = []
    ticking = QTimer(window)
    ticking.timeout.connect(lambda: turns.append(1))
    ticking.start(0)

    def read(*args, **kwargs):  # noqa: ANN202
        threads.append(threading.current_thread() is threading.main_thread())
        before = len(turns)
        deadline = time.monotonic() + 5
        while len(turns) < before + 3 and time.monotonic() < deadline:
            time.sleep(0.01)  # the GUI thread's event loop turns meanwhile
        return real(*args, **kwargs)

    monkeypatch.setattr(project_merge, "read_project_for_merge", read)
    on_next_dialog(PlanPreviewDialog, lambda dialog: dialog.accept())
    assert merge_file(window, window.session, window.status, their_copy)
    ticking.stop()
    assert threads == [False]  # not the GUI thread
    assert len(turns) >= 3  # and the window's event loop turned while it ran
    planning = [(done, total) for name, done, total in shown if name == "mergeReadProgress"]
    dones = [done for done, _ in planning]
    # a real value rising to its total, not a busy bar (0 of 0)
    assert planning and dones == sorted(dones)
    assert planning[-1][0] == planning[-1][1] == project_merge.MERGE_UNITS


def test_cancel_while_planning_stops_the_worker_and_changes_nothing(team_window, their_copy,
                                                                   monkeypatch):
    from glocal_annotator import project_merge

    window = team_window
    release = threading.Event()
    planned: list[str] = []
    real_read, real_plan = project_merge.read_project_for_merge, project_merge.plan_project_import

    def slow_read(*args, **kwargs):  # noqa: ANN202
        release.wait(5)
        return real_read(*args, **kwargs)

    def plan(*args, **kwargs):  # noqa: ANN202
        planned.append("planned")
        return real_plan(*args, **kwargs)

    def cancel(remaining: int = 400) -> None:
        dialog = window.findChild(QProgressDialog, "mergeReadProgress")
        if dialog is not None:
            dialog.cancel()
            QTimer.singleShot(100, release.set)  # the dialog's watch sees it within 20 ms
        elif remaining:
            QTimer.singleShot(10, lambda: cancel(remaining - 1))

    monkeypatch.setattr(project_merge, "read_project_for_merge", slow_read)
    monkeypatch.setattr(project_merge, "plan_project_import", plan)
    previews: list[bool] = []
    cancelling = [True]

    def preview(dialog: PlanPreviewDialog) -> None:
        previews.append(cancelling[0])
        dialog.accept()

    on_next_dialog(PlanPreviewDialog, preview)
    before = content(window.project)
    QTimer.singleShot(0, cancel)
    assert not merge_file(window, window.session, window.status, their_copy)
    assert planned == []  # the worker stopped at its next step: it did not go on to plan
    assert True not in previews  # no preview of a cancelled plan
    assert content(window.project) == before and window.undo_stack.count() == 0
    assert window.statusBar().currentMessage() == "Merge cancelled; nothing was changed."
    # and the next merge goes through
    monkeypatch.setattr(project_merge, "read_project_for_merge", real_read)
    cancelling[0] = False
    on_next_dialog(PlanPreviewDialog, preview)
    assert merge_file(window, window.session, window.status, their_copy)
    assert planned == ["planned"]
    assert len(window.project.codings()) == len(before["codings"]) + 2


def independent(path: Path, coder: str) -> Path:
    project = Project.create(path, default_codebook=False, coder=coder)
    document = project.add_document("talk.txt", ExtractedText(TALK, "txt")).result
    code = project.add_code("River").result
    project.add_coding(document, code, 0, 3)
    project.close()
    return path


@pytest.mark.parametrize("same_person", [True, False])
def test_a_coder_named_like_ours_with_another_guid_is_asked_about(
        qtbot, tmp_path, data_dir, same_person):
    from glocal_annotator.ui import open_window

    ours = independent(tmp_path / "ours.glocal", "ana")
    theirs = independent(tmp_path / "theirs.glocal", "ANA")
    window = open_window(ours)
    qtbot.addWidget(window)
    asked: list[list[str]] = []

    def answer(dialog: SameNameDialog) -> None:
        asked.append(list(dialog.boxes))
        dialog.boxes["ANA"].setChecked(same_person)
        dialog.accept()

    on_next_dialog(SameNameDialog, answer)
    on_next_dialog(PlanPreviewDialog, lambda dialog: dialog.accept())
    merge_file(window, window.session, window.status, theirs)
    assert asked == [["ANA"]]
    names = sorted(c.name for c in window.project.coders())
    assert names == (["ana"] if same_person else ["ANA (2)", "ana"])
    for box in feedback.open_message_boxes():  # before the window (their parent) goes
        box.close()
    window.close_project()


def test_merging_the_project_into_itself_is_one_message(team_window, monkeypatch):
    window = team_window
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(window.project.path), "")))
    before = content(window.project)
    window.team.merge()
    assert any("into itself" in text for text in error_texts())
    assert content(window.project) == before


# -- agreement -----------------------------------------------------------------------------------


def test_agreement_table_matches_the_analysis_and_exports(team_window, monkeypatch, tmp_path):
    window = team_window
    dialog = window.team.show_agreement()
    assert dialog.chooser.chosen_coders() == ["ana", "ben"]
    dialog.compute()
    expected = agreement_report(window.project, ["ana", "ben"])
    shown = dialog.figures_shown()
    assert [row[0] for row in shown] == ["River", "Market", "(all codes)"]
    for row, figures in zip(shown, expected.rows, strict=True):
        result = figures.figures
        assert row[1:4] == [f"{result.units:,}", f"{result.agreeing:,}",
                            f"{result.percent:.1f} %"]
        assert row[4] == f"{result.kappa:.3f}" and row[5] == f"{result.alpha:.3f}"
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(6)]
    assert "Cohen 1960" in headers[4] and "nominal" in headers[5]
    assert "Cohen's kappa (Cohen 1960)" in dialog.table.item(0, 4).toolTip()
    assert "each character" in dialog.unit.text()
    # segment level with a threshold, one code, uncoded text left out
    dialog.level.setCurrentIndex(dialog.level.findData("segment"))
    dialog.threshold.setValue(50)
    dialog.chooser.set_checked_codes(["Market"])
    dialog.compute()
    segment = agreement_report(window.project, ["ana", "ben"], codes=["Market"],
                               level="segment", threshold=0.5)
    assert [r[1] for r in dialog.figures_shown()] == [f"{r.figures.units:,}"
                                                      for r in segment.rows]
    assert "50%" in dialog.unit.text()
    save_as(monkeypatch, tmp_path / "agreement.docx")
    assert dialog.export_word() == tmp_path / "agreement.docx"
    rows = [[c.text for c in r.cells] for r in docx.Document(tmp_path / "agreement.docx")
            .tables[0].rows]
    assert rows[1][0] == "Market" and rows[1][1] == f"{segment.rows[0].figures.units:,}"
    save_as(monkeypatch, tmp_path / "agreement.csv")
    dialog.export_csv()
    with open(tmp_path / "agreement.csv", encoding="utf-8-sig", newline="") as handle:
        listed = list(csv.DictReader(handle))
    assert [r["code"] for r in listed] == ["Market", "(all codes)"]
    assert listed[0]["level"] == "segment" and "Krippendorff" in listed[0]["alpha_method"]


def test_agreement_needs_two_coders(team_window):
    dialog = team_window.team.show_agreement()
    shown = dialog.figures_shown()  # computed on opening, for ana and ben
    dialog.chooser.set_checked_coders(["ana"])
    dialog.compute()
    assert any("two or more coders" in text for text in error_texts())
    assert dialog.figures_shown() == shown and "ana and ben compared" in dialog.unit.text()


def test_team_windows_open_computed_with_the_defaults(team_window, qtbot):
    """As a user expects: the agreement table and the disagreement list are there when the
    windows open (every coder but the consensus coder, every code), the first passage shown."""
    window = team_window
    agreement = window.team.show_agreement()
    expected = agreement_report(window.project, ["ana", "ben"])
    assert [row[0] for row in agreement.figures_shown()] == [r.code for r in expected.rows]
    assert agreement.word_button.isEnabled() and "ana and ben compared" in agreement.unit.text()
    dialog = window.team.show_disagreements()
    assert dialog.coders == ["ana", "ben"] and dialog.table.rowCount() == 3
    assert dialog.summary.text() == "3 passages where ana and ben differ; 0 with a consensus coding"
    assert dialog.current_row() is dialog.rows[0]
    assert dialog.viewer.view.found_range() == (dialog.rows[0].start, dialog.rows[0].end)
    assert dialog.word_button.isEnabled()
    # the passage, not the document name, gets the width
    dialog.resize(1000, 780)
    qtbot.waitUntil(lambda: dialog.table.viewport().width() > 900)
    header = dialog.table.horizontalHeader()
    passage = header.sectionSize(len(HEADERS) - 1)
    assert passage >= 0.35 * dialog.table.viewport().width()
    assert passage > header.sectionSize(0) and passage > header.sectionSize(1)


def test_team_windows_with_one_coder_say_so_without_an_error(qtbot, tmp_path, data_dir):
    from glocal_annotator.ui import open_window

    window = open_window(independent(tmp_path / "alone.glocal", "ana"))
    qtbot.addWidget(window)
    try:
        dialog = window.team.show_disagreements()
        agreement = window.team.show_agreement()
        assert not error_texts()  # nothing was asked yet: no error, a note
        assert dialog.summary.text().startswith("This project has 1 coder: disagreements need")
        assert agreement.unit.text().startswith("This project has 1 coder: agreement needs")
        assert dialog.table.rowCount() == 0 and agreement.table.rowCount() == 0
        assert not dialog.word_button.isEnabled() and not agreement.word_button.isEnabled()
    finally:
        window.close_project()


# -- disagreements -------------------------------------------------------------------------------


def test_disagreements_open_with_a_lane_per_coder(team_window):
    window = team_window
    dialog = window.team.show_disagreements()
    dialog.find()
    expected = disagreement_list(window.project, ["ana", "ben"])
    assert [(r.document, r.start, r.end) for r in dialog.rows] == [
        (r.document, r.start, r.end) for r in expected]
    assert dialog.table.rowCount() == len(expected) == 3
    dialog.table.selectRow(1)
    row = dialog.current_row()
    view = dialog.viewer.view
    assert view.document_id == row.document_id
    assert view.found_range() == (row.start, row.end)  # marked, not selected
    assert view.selected_range()[0] == view.selected_range()[1]
    names = {c.id: c.name for c in window.project.coders()}
    index = view.state.index
    assert index.group_lanes[:2] == [0, 1] and len(index.group_lanes) == 3  # + consensus
    for span in view.spans():
        coder = names[window.project.coding(span.coding_id).coder_id]
        assert span.code_id == row.code_id and span.label == coder
        group = ["ana", "ben"].index(coder)
        assert index.group_lanes[group] <= index.lanes[span.coding_id]
        if group == 0:
            assert index.lanes[span.coding_id] < index.group_lanes[1]
    assert [w.text() for w in dialog.viewer.legend.findChildren(type(dialog.summary))
            if w.objectName() == "laneLegend"] == ["■ ana", "■ ben", "■ consensus"]
    # ben coded it, ana did not: only "Keep ben's" can record anything
    assert row.coded_by == ("ben",)
    assert dialog.keep_buttons["ben"].isEnabled() and not dialog.keep_buttons["ana"].isEnabled()


def test_settling_records_a_consensus_coding_undoably(team_window):
    window = team_window
    dialog = window.team.show_disagreements()
    dialog.find()
    dialog.table.selectRow(1)
    row = dialog.current_row()
    before = content(window.project)
    dialog.keep_buttons["ben"].click()
    consensus = [c for c in window.project.codings()
                 if c.coder_id in {x.id for x in window.project.coders() if x.name ==
                                   "consensus"}]
    assert [(c.document_id, c.code_id, c.start, c.end) for c in consensus] == [
        (row.document_id, row.code_id, row.start, row.end)]
    assert dialog.states[1] == "coded" and dialog.table.item(1, 5).text() == "coded"
    assert len(dialog.viewer.view.spans()) == 3  # the consensus lane shows it at once
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert content(window.project) == before
    assert dialog.states[1] == "" and len(dialog.viewer.view.spans()) == 2
    # a new coding from the text the user selects in the viewer
    dialog.viewer.view.select_range(row.start, row.start + 4)
    dialog.code_selection()
    (added,) = [c for c in window.project.codings() if c.start == row.start
                and c.end == row.start + 4]
    assert window.project.coding(added.id).code_id == row.code_id
    assert dialog.states[1] == "partly coded"
    window.undo_stack.undo()
    assert content(window.project) == before


def test_settling_as_a_compared_coder_is_refused(team_window):
    dialog = team_window.team.show_disagreements()
    dialog.find()
    dialog.table.selectRow(0)
    dialog.consensus.setText("ana")
    before = content(team_window.project)
    dialog.keep_both()
    assert any("one of the coders compared" in text for text in error_texts())
    assert content(team_window.project) == before


def test_disagreement_list_exports(team_window, monkeypatch, tmp_path):
    dialog = team_window.team.show_disagreements()
    dialog.find()
    save_as(monkeypatch, tmp_path / "list.docx")
    dialog.export_word()
    passages = [p.text for p in docx.Document(tmp_path / "list.docx").paragraphs
                if p.style.name == "Disputed Passage"]
    assert passages == [row.text for row in dialog.rows]
    save_as(monkeypatch, tmp_path / "list.csv")
    dialog.export_csv()
    with open(tmp_path / "list.csv", encoding="utf-8-sig", newline="") as handle:
        listed = list(csv.DictReader(handle))
    assert [(int(r["start"]), int(r["end"])) for r in listed] == [
        (row.start, row.end) for row in dialog.rows]


def test_team_windows_close_with_the_project(team_window):
    window = team_window
    window.team.show_agreement()
    window.team.show_disagreements().find()
    window.close_project()
    assert window.team.windows == {}
    assert not window.team.blind.action.isEnabled()

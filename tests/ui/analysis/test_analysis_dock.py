"""The Analysis menu and dock, driven through the real window: each view computed for a small
hand-counted project, cells listing their passages and passages opening their documents, views
following the coding (a burst computed once), filters, exports reopened with their readers."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import docx
import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMenu

from glocal_annotator.errors import GlocalError
from glocal_annotator.exporters.excerpts_docx import ExcerptReportOptions
from glocal_annotator.ui.analysis import panel as panel_module
from glocal_annotator.ui.analysis.dock import MENU
from glocal_annotator.ui.common import saving
from glocal_annotator.ui.exchange import export_dialogs
from tests.ui.helpers import find_code, message_boxes

PLAIN = "The global chain sells rice burgers.\nLocal women run the market.\n"


@pytest.fixture
def coded(window):
    """The window's project with hand-made codings: "Hybridization" twice in plain.txt and once
    in mixed.txt; "Creolization" (its sub-code) once in plain.txt, overlapping the first."""
    project = window.project
    documents = {d.name: d.id for d in project.documents()}
    hybrid = find_code(window, "Hybridization").id
    creole = next(c for c in project.codes() if c.parent_id == hybrid).id
    plain, mixed = documents["plain.txt"], documents["mixed.txt"]
    window.session.run("code", lambda: project.add_coding(plain, hybrid, 4, 16))  # global chain
    window.session.run("code", lambda: project.add_coding(plain, hybrid, 37, 42))  # Local
    window.session.run("code", lambda: project.add_coding(plain, creole, 10, 22))
    window.session.run("code", lambda: project.add_coding(mixed, hybrid, 0, 5))
    return {"hybrid": hybrid, "creole": creole, "plain": plain, "mixed": mixed}


@pytest.fixture
def opened(monkeypatch) -> list:
    """Paths that Open / Show in folder would hand to the desktop."""
    seen: list = []
    monkeypatch.setattr(saving, "open_path", seen.append)
    return seen


def open_view(window, qtbot, key: str):
    dock = window.analysis
    with qtbot.waitSignal(dock.runner._relay.finished, timeout=10_000, raising=False):
        panel = dock.open_view(key)
    qtbot.waitUntil(lambda: panel.table is not None or panel.status.text() not in ("",
                                                                                     "Working…"),
                    timeout=10_000)
    return panel


def computed(panel, qtbot, action) -> None:
    with qtbot.waitSignal(panel.computed, timeout=10_000):
        action()


def row_of(panel, code_id: int) -> int:
    return panel.table.row_keys.index(code_id)


def test_the_analysis_menu_opens_each_view_in_its_tab(window, qtbot, coded):
    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Analysis")
    actions = [a for a in menu.actions() if a.objectName().startswith("analysis_")]
    assert [a.text() for a in actions] == [text for _, text in MENU]
    assert not window.analysis_dock.isVisible()
    for action, (key, _text) in zip(actions, MENU, strict=True):
        action.trigger()
        panel = window.analysis.panel(key)
        assert panel is not None and window.analysis.tabs.currentWidget() is panel
        assert window.analysis_dock.isVisible()
    assert window.analysis.tabs.count() == len(MENU)
    actions[0].trigger()  # again: the same tab, raised, not a second one
    assert window.analysis.tabs.count() == len(MENU)
    assert window.analysis.tabs.currentWidget() is window.analysis.panel("frequencies")


def test_frequencies_are_the_hand_counted_ones_and_cells_list_their_passages(window, qtbot,
                                                                             coded):
    panel = open_view(window, qtbot, "frequencies")
    table = panel.table
    row = row_of(panel, coded["hybrid"])
    assert table.values[row][:2] == (3, 2)  # own codings, documents
    assert table.row_labels[row] == "Hybridization"
    creole = row_of(panel, coded["creole"])
    assert table.row_labels[creole].startswith("Hybridization / ")  # a path to read
    with_subcodes = table.column_labels.index("codings, with sub-codes")
    assert table.values[row][with_subcodes] == 4
    # the table, sorted by the model's numbers, clicked: the cell's passages
    index = panel.proxy.mapFromSource(panel.model.index(row, 0))
    panel.table_view.clicked.emit(index)
    assert [(p.document_id, p.start, p.end) for p in panel.passages.passages] == [
        (coded["mixed"], 0, 5), (coded["plain"], 4, 16), (coded["plain"], 37, 42)]
    model = panel.passages.model
    assert model.rowCount() == 3
    assert "[global chain]" in "".join(model.line(i) for i in range(3))


def test_a_passage_opens_its_document_there(window, qtbot, coded):
    panel = open_view(window, qtbot, "frequencies")
    panel.show_cell(row_of(panel, coded["hybrid"]), 0)
    model = panel.passages.model
    local = next(row for row in range(model.rowCount()) if "[Local]" in model.line(row))
    panel.passages.list.activated.emit(model.index(local))
    assert window.current_document_id == coded["plain"]
    extra = window.view.text_edit().extraSelections()
    assert any(s.cursor.selectedText() == "Local" for s in extra)


def test_a_bar_clicked_in_the_chart_lists_its_passages(window, qtbot, coded):
    panel = open_view(window, qtbot, "frequencies")
    panel.tabs.setCurrentWidget(panel.chart_view)
    shown = panel.chart_view.chart  # the chart as fitted to the view
    row = row_of(panel, coded["hybrid"])
    point = panel.chart_view.canvas.canvas_point(shown.bar_rect(row).center())
    panel.chart_view.ensureVisible(point.x(), point.y())
    qtbot.mouseClick(panel.chart_view.canvas, Qt.MouseButton.LeftButton, pos=point)
    assert len(panel.passages.passages) == 3


def test_a_burst_of_codings_is_computed_once_and_shown(window, qtbot, coded, monkeypatch):
    panel = open_view(window, qtbot, "frequencies")
    jobs = []
    submit = panel.runner.submit
    monkeypatch.setattr(panel.runner, "submit", lambda job, done: (jobs.append(job),
                                                                   submit(job, done)))
    project = window.project
    with qtbot.waitSignal(panel.computed, timeout=10_000):
        for start in range(0, 30, 3):  # ten codings, one after another
            window.session.run("code", lambda s=start: project.add_coding(
                coded["plain"], coded["hybrid"], s, s + 2))
    assert len(jobs) == 1
    assert panel.table.values[row_of(panel, coded["hybrid"])][0] == 13
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.table.values[row_of(panel, coded["hybrid"])][0] == 12,
                    timeout=10_000)


def test_a_hidden_view_waits_until_it_is_shown(window, qtbot, coded, monkeypatch):
    frequencies = open_view(window, qtbot, "frequencies")
    open_view(window, qtbot, "matrix")  # now the frequencies tab is hidden
    assert not frequencies.isVisible()
    jobs = []
    submit = frequencies.runner.submit
    monkeypatch.setattr(frequencies.runner, "submit",
                        lambda job, done: (jobs.append(job), submit(job, done)))
    project = window.project
    window.session.run("code", lambda: project.add_coding(coded["plain"], coded["hybrid"], 0, 3))
    qtbot.waitUntil(lambda: len(jobs) >= 1, timeout=5_000)  # the matrix, shown, computes
    qtbot.wait(panel_module.SETTLE_MS + 100)
    shown_jobs = len(jobs)
    assert frequencies.table.values[row_of(frequencies, coded["hybrid"])][0] == 3  # stale
    with qtbot.waitSignal(frequencies.computed, timeout=10_000):
        window.analysis.open_view("frequencies")
    assert len(jobs) == shown_jobs + 1
    assert frequencies.table.values[row_of(frequencies, coded["hybrid"])][0] == 4


def test_matrix_by_documents_with_measures_and_document_filter(window, qtbot, coded):
    panel = open_view(window, qtbot, "matrix")
    table = panel.table
    assert table.column_keys == (coded["mixed"], coded["plain"])
    assert table.values[row_of(panel, coded["hybrid"])] == (1, 2)
    spec = panel.spec
    computed(panel, qtbot, lambda: spec.measure.setCurrentIndex(spec.measure.findData(
        "row_percent")))
    assert panel.table.values[row_of(panel, coded["hybrid"])] == pytest.approx((100 / 3,
                                                                                 200 / 3))
    assert panel.model.data(panel.model.index(row_of(panel, coded["hybrid"]), 1)) == "66.7 %"
    computed(panel, qtbot, lambda: panel.filters.documents.set_checked([coded["plain"]]))
    assert panel.table.column_keys == (coded["plain"],)
    assert "Filtered: plain.txt" in panel.status.text()
    # a heat-map cell clicked on the chart: that code in that document
    panel.tabs.setCurrentWidget(panel.chart_view)
    rect = panel.chart_view.chart.cell_rect(row_of(panel, coded["hybrid"]), 0)
    point = panel.chart_view.canvas.canvas_point(rect.center())
    panel.chart_view.ensureVisible(point.x(), point.y())
    qtbot.mouseClick(panel.chart_view.canvas, Qt.MouseButton.LeftButton, pos=point)
    assert [(p.start, p.end) for p in panel.passages.passages] == [(4, 16), (37, 42)]


def test_cooccurrence_counts_the_overlap_and_near_takes_a_distance(window, qtbot, coded):
    panel = open_view(window, qtbot, "cooccurrence")
    keys = panel.table.row_keys
    assert set(keys) == {coded["hybrid"], coded["creole"]}
    cell = panel.table.values[keys.index(coded["hybrid"])][keys.index(coded["creole"])]
    assert cell > 0
    assert panel.table.column_labels[keys.index(coded["creole"])].startswith("Hybridization / ")
    spec = panel.spec
    assert not spec.within.isEnabled()
    computed(panel, qtbot, lambda: spec.mode.setCurrentIndex(spec.mode.findData("near")))
    assert spec.within.isEnabled()
    assert "200" in panel.table.title + panel.table.note


def test_a_query_that_does_not_parse_says_so_in_one_line(window, qtbot, coded):
    panel = open_view(window, qtbot, "query")
    assert "Type a query" in panel.status.text()
    panel.spec.text.setText("Hybridization AND (")
    computed(panel, qtbot, panel.spec.text.returnPressed.emit)
    assert panel.table is None and "\n" not in panel.status.text() and panel.status.text()
    panel.spec.text.setText("Hybridization NOT Creolization")
    computed(panel, qtbot, panel.spec.run.click)
    # Hybridization with its sub-code minus Creolization's text, listed at once
    # mixed: [0, 5); plain: ([4, 22) | [37, 42)) minus [10, 22) is [4, 10) and [37, 42)
    assert [(p.document_id, p.start, p.end) for p in panel.passages.passages] == [
        (coded["mixed"], 0, 5), (coded["plain"], 4, 10), (coded["plain"], 37, 42)]
    assert panel.table.row_keys == (coded["mixed"], coded["plain"])
    assert panel.table.values == ((1, 5), (2, 11))


def test_table_and_chart_exports_reopen_with_their_readers(window, qtbot, coded, tmp_path,
                                                           monkeypatch, opened):
    panel = open_view(window, qtbot, "matrix")
    target = tmp_path / "matrix.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    panel.export_table_action.trigger()
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == [panel.table.title[:31], "About"]
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][1:] == panel.table.column_labels
    hybrid = row_of(panel, coded["hybrid"])
    assert rows[hybrid + 1] == ("Hybridization", 1, 2)
    target = tmp_path / "matrix.csv"
    panel.export_table_action.trigger()
    with open(target, encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle))[hybrid + 1] == ["Hybridization", "1", "2"]
    for suffix in (".png", ".svg"):
        target = tmp_path / f"chart{suffix}"
        panel.export_chart_action.trigger()
        data = target.read_bytes()
        assert data.startswith(b"\x89PNG") if suffix == ".png" else ET.fromstring(data) is not None


def test_an_export_over_the_project_is_refused_and_changes_nothing(window, qtbot, coded,
                                                                   monkeypatch):
    panel = open_view(window, qtbot, "matrix")
    project_file = window.project.path
    before = project_file.read_bytes()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(project_file), "")))
    panel.export_chart_action.trigger()  # refused by suffix (.glocal), one message
    boxes = message_boxes()
    assert boxes and "\n" not in boxes[-1].text().strip()
    assert project_file.read_bytes() == before


def test_the_word_report_gets_the_charts_when_asked(window, qtbot, coded, tmp_path,
                                                    monkeypatch, opened):
    open_view(window, qtbot, "matrix")  # open: its heat map goes into the report too
    monkeypatch.setattr(export_dialogs, "ask_report_options",
                        lambda *a, **k: ExcerptReportOptions(include_charts=True))
    target = tmp_path / "report.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    window.export_controller.export_report()
    document = docx.Document(target)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == ["Figure 1. Codings per code", "Figure 2. Codes by documents"]
    assert len(document.inline_shapes) == 2
    monkeypatch.setattr(export_dialogs, "ask_report_options",
                        lambda *a, **k: ExcerptReportOptions())
    window.export_controller.export_report()
    assert len(docx.Document(target).inline_shapes) == 0


def test_views_compute_on_the_window_project_when_no_reader_opens(window, qtbot, coded,
                                                                  monkeypatch):
    def refuse():
        raise GlocalError("the file moved")

    monkeypatch.setattr(window.project, "open_reader", refuse)
    window.analysis.runner.set_project(window.project)  # drop the reader made so far
    panel = open_view(window, qtbot, "frequencies")
    assert panel.table.values[row_of(panel, coded["hybrid"])][0] == 3


def test_closing_the_project_empties_the_dock_and_stops_its_work(window, qtbot, coded):
    panel = open_view(window, qtbot, "frequencies")
    window.close_project()
    assert panel.table is None and window.analysis.project is None
    assert not window.analysis_dock.isVisible()


def test_word_frequencies_leave_out_stop_words_and_count_coded_text(window, qtbot, coded):
    panel = open_view(window, qtbot, "words")
    words = dict(zip(panel.table.row_keys, (v[0] for v in panel.table.values), strict=True))
    assert "the" not in words and words["global"] == 2 and words["local"] == 2  # both files
    spec = panel.spec
    spec.own.setText("global, rice")
    computed(panel, qtbot, spec.own.editingFinished.emit)
    assert "global" not in panel.table.row_keys and "rice" not in panel.table.row_keys
    computed(panel, qtbot, lambda: spec.over.setCurrentIndex(spec.over.findData("coded")))
    # coded: plain [4, 22) and [37, 42) ("global chain sells", "Local"), mixed [0, 5)
    assert set(panel.table.row_keys) == {"chain", "sells", "local", "inter"}
    panel.show_cell(panel.table.row_keys.index("chain"), 0)
    assert [(p.document_id, p.start, p.end) for p in panel.passages.passages] == [
        (coded["plain"], 11, 16)]


def test_kwic_lines_sort_and_open_their_place(window, qtbot, coded, tmp_path, monkeypatch,
                                              opened):
    panel = open_view(window, qtbot, "kwic")
    assert panel.model.rowCount() == 0 and "Type a word" in panel.status.text()
    panel.spec.phrase.setText("the")
    computed(panel, qtbot, panel.spec.phrase.returnPressed.emit)
    lines = panel.model.lines
    assert len(lines) == 4 and all(line.keyword.casefold() == "the" for line in lines)
    assert [(line.document_id, line.start) for line in lines] == sorted(
        (line.document_id, line.start) for line in lines)
    sort = panel.spec.sort
    computed(panel, qtbot, lambda: sort.setCurrentIndex(sort.findData("right")))
    rights = [line.right.split()[0].casefold() for line in panel.model.lines]
    assert rights == sorted(rights)
    index = panel.model.index(next(i for i, line in enumerate(panel.model.lines)
                                   if line.right.startswith(" market")), 2)
    panel.view.activated.emit(index)
    assert window.current_document_id == coded["plain"]
    assert any(s.cursor.selectedText() == "the" for s in window.view.text_edit().extraSelections())
    target = tmp_path / "kwic.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    panel.export_button.click()
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["document", "start", "end", "left", "keyword", "right"]
    assert len(rows) == 5 and rows[1][4].casefold() == "the"


def test_table_columns_fit_their_numbers_and_cut_long_labels(window, qtbot, coded):
    panel = open_view(window, qtbot, "matrix")
    header = panel.table_view.horizontalHeader()
    metrics = header.fontMetrics()
    model = panel.model
    for column in range(model.columnCount()):
        texts = [model.data(model.index(row, column)) for row in range(model.rowCount())]
        widest = max(metrics.horizontalAdvance(text) for text in texts)
        assert header.sectionSize(column) >= widest + 16
        assert header.sectionSize(column) <= max(widest, 180) + 16


def test_sets_and_variable_values_filter_and_make_matrix_columns(window, qtbot, coded):
    project = window.project
    panel = open_view(window, qtbot, "matrix")
    filters = panel.filters
    assert not filters.sets.isVisibleTo(panel) and not filters.variable.isVisibleTo(panel)
    actor = window.session.run("define", lambda: project.define_variable(
        "actor", "choice", ["local", "global"])).result
    window.session.run("set", lambda: project.set_variable_value(coded["mixed"], actor,
                                                                  "global"))
    window.session.run("set", lambda: project.set_variable_value(coded["plain"], actor,
                                                                  "local"))
    window.session.run("set", lambda: project.add_document_set("Interviews", [coded["plain"]]))
    qtbot.waitUntil(lambda: filters.sets.isVisibleTo(panel) and filters.variable.count() == 2,
                    timeout=5_000)  # the change refilled the filters and the column choices
    columns = panel.spec.columns
    assert columns.findData("sets") >= 0
    computed(panel, qtbot, lambda: columns.setCurrentIndex(columns.findData("variable:actor")))
    assert panel.table.column_labels == ("local", "global")
    assert panel.table.values[row_of(panel, coded["hybrid"])] == (2, 1)
    computed(panel, qtbot, lambda: columns.setCurrentIndex(0))  # documents again
    computed(panel, qtbot, lambda: filters.sets.set_checked(["Interviews"]))
    # the only set, ticked: the documents in it (mixed.txt is in none), said so
    assert panel.table.column_keys == (coded["plain"],)
    assert filters.sets.summary() == "Documents in any set"
    computed(panel, qtbot, lambda: filters.sets.set_checked([]))
    computed(panel, qtbot, lambda: filters.variable.setCurrentIndex(1))
    computed(panel, qtbot, lambda: filters.values.set_checked(["global"]))
    assert panel.table.column_keys == (coded["mixed"],)
    assert filters.scope().document_ids == (coded["mixed"],)


def test_query_hits_become_a_code_or_a_set_in_one_undoable_step(window, qtbot, coded,
                                                                monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    project = window.project
    panel = open_view(window, qtbot, "query")
    buttons = {b.objectName(): b for b in panel.result_buttons}
    assert not buttons["codeHits"].isEnabled()
    panel.spec.text.setText("Hybridization NOT Creolization")
    computed(panel, qtbot, panel.spec.run.click)
    assert buttons["codeHits"].isEnabled() and buttons["saveHitsSet"].isEnabled()
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *a, **k: ("Hybrid only", True)))
    codes_before = len(project.codes())
    buttons["codeHits"].click()
    new = next(c for c in project.codes() if c.name == "Hybrid only")
    spans = sorted((c.document_id, c.start, c.end) for c in project.codings(code_ids=[new.id]))
    assert spans == sorted([(coded["mixed"], 0, 5), (coded["plain"], 4, 10),
                            (coded["plain"], 37, 42)])
    window.undo_stack.undo()  # one step: the codings and the new code
    assert len(project.codes()) == codes_before
    buttons["saveHitsSet"].click()
    assert project.document_sets()["Hybrid only"] == frozenset({coded["mixed"], coded["plain"]})
    window.undo_stack.undo()
    assert "Hybrid only" not in project.document_sets()

"""The Export menu and the codebook exchange commands, driven through the real window: options
dialogs, file dialogs (patched to tmp paths), progress and cancel, the files reopened with their
own readers and compared with the project."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog

from glocal_annotator.demo import build_demo
from glocal_annotator.exporters.excerpts_docx import ExcerptReportOptions
from glocal_annotator.exporters.tables import COLUMNS
from glocal_annotator.model import Codebook, CodebookNode, CodingFilter, with_subcodes
from glocal_annotator.refi.codebook import read_qdc, write_qdc
from glocal_annotator.refi.guids import new_guid
from glocal_annotator.ui.codebook.import_dialog import CodebookImportDialog
from glocal_annotator.ui.common import feedback, saving
from glocal_annotator.ui.exchange import export_dialogs
from glocal_annotator.ui.exchange.export_dialogs import ExcerptExportDialog, TableOptions
from tests.ui.helpers import answer_next_dialog


@pytest.fixture
def demo_window(qtbot, tmp_path, data_dir):
    from glocal_annotator.ui import open_window

    path = tmp_path / "demo.glocal"
    build_demo(path).close()
    win = open_window(path)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    yield win
    win.close_project()


@pytest.fixture
def opened(monkeypatch) -> list[Path]:
    """Paths that Open / Show in folder would hand to the desktop."""
    seen: list[Path] = []
    monkeypatch.setattr(saving, "open_path", seen.append)
    return seen


def save_as(monkeypatch, path: Path, selected: str = "") -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(path), selected)))


def open_file(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args, **kwargs: (str(path), "")))


def action(window, menu_name: str, text_start: str):
    menu = getattr(window.menus, menu_name)
    found = [a for a in menu.actions() if a.text().replace("&", "").startswith(text_start)]
    assert len(found) == 1, [a.text() for a in menu.actions()]
    return found[0]


def on_next_dialog(kind: type, handle: Callable, attempts: int = 100) -> None:
    """Call ``handle(dialog)`` on the next modal dialog of type ``kind`` once it shows."""

    def poll(remaining: int = attempts) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            handle(dialog)
        elif remaining:
            QTimer.singleShot(20, lambda: poll(remaining - 1))

    QTimer.singleShot(0, poll)


def done_box() -> QMessageBox:
    boxes = [b for b in feedback.open_message_boxes() if b.objectName() == "exportDone"]
    assert len(boxes) == 1, [b.objectName() for b in feedback.open_message_boxes()]
    return boxes[0]


def error_boxes() -> list[QMessageBox]:
    return [b for b in feedback.open_message_boxes() if b.objectName() == "errorMessage"]


def report_entries(path: Path) -> list[str]:
    return [p.text for p in docx.Document(path).paragraphs if p.style.name == "Coded Excerpt"]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".part", ".docx", ".csv",
                                                                    ".xlsx", ".qdc"))


# -- menus ---------------------------------------------------------------------------------------


def test_menus_hold_the_commands(demo_window, qtbot):
    qtbot.wait(1)  # the codebook menu settles its order once the event loop turns
    export_texts = [a.text().replace("&", "") for a in demo_window.menus.export_menu.actions()
                    if not a.isSeparator()]
    assert export_texts == ["Coded excerpts report (Word)…", "Coded excerpts table (CSV/Excel)…",
                            "Coded document (Word)…", "Codebook (Word)…"]
    assert demo_window.menus.export_menu.menuAction().isVisible()
    texts = [a.text().replace("&", "") for a in demo_window.menus.codebook_menu.actions()]
    assert texts[-3:] == ["Import codebook… (.qdc, .qdpx, .csv)",
                          "Export codebook (REFI-QDA .qdc)…", "Export codebook (Word)…"]
    quick = demo_window.codebook_actions.quick_menu.menuAction()
    actions = demo_window.menus.codebook_menu.actions()
    assert actions.index(quick) < len(actions) - 3  # with the code commands, not among these


# -- the excerpts report ---------------------------------------------------------------------


def test_report_with_default_options_holds_every_excerpt(demo_window, monkeypatch, tmp_path,
                                                         opened):
    save_as(monkeypatch, tmp_path / "report")  # no suffix typed: .docx is added
    answer_next_dialog(accept=True)
    action(demo_window, "export_menu", "Coded excerpts report").trigger()

    out = tmp_path / "report.docx"
    assert out.exists()
    excerpts = demo_window.project.excerpts()
    assert len(excerpts) == 39
    assert Counter(report_entries(out)) == Counter(e.text for e in excerpts)
    box = done_box()
    assert "39 coded excerpts" in box.text()
    buttons = {b.text().replace("&", ""): b for b in box.buttons()}
    assert set(buttons) == {"Open", "Show in folder", "Close"}
    buttons["Open"].click()
    assert opened == [out]
    assert leftovers(tmp_path) == ["report.docx"]


def test_report_options_chosen_in_the_dialog(demo_window, monkeypatch, tmp_path, qtbot):
    project = demo_window.project
    parent = next(c for c in project.codes() if c.name == "Homogenization")
    document = project.documents()[1]

    def choose(dialog: ExcerptExportDialog) -> None:
        dialog.codes.set_checked_codes([parent.id])
        dialog.documents.set_checked_ids([document.id])
        dialog.by_document.setChecked(True)
        dialog.context_box.setChecked(True)
        dialog.context_chars.setValue(60)
        dialog.memos_box.setChecked(False)
        dialog.title_edit.setText("Homogenization in one document")
        dialog.update_count()
        assert dialog.export_button.isEnabled()
        dialog.export_button.click()

    on_next_dialog(ExcerptExportDialog, choose)
    save_as(monkeypatch, tmp_path / "homogenization.docx")
    action(demo_window, "export_menu", "Coded excerpts report").trigger()

    out = tmp_path / "homogenization.docx"
    wanted = project.excerpts(code_ids=with_subcodes(project.codes(), [parent.id]),
                              document_ids=[document.id])
    assert wanted
    paragraphs = docx.Document(out).paragraphs
    assert paragraphs[0].text == "Homogenization in one document"
    entries = [p for p in paragraphs if p.style.name == "Coded Excerpt"]
    assert len(entries) == len(wanted)
    for paragraph, excerpt in zip(entries, wanted, strict=True):
        assert excerpt.text in paragraph.text  # context around it, greyed
    assert not [p for p in paragraphs if p.style.name == "Excerpt Memo"]
    assert [p.text for p in paragraphs if p.style.name == "Heading 1"] == ["Summary",
                                                                        document.name]


def test_cancelled_progress_writes_nothing(demo_window, monkeypatch, tmp_path):
    monkeypatch.setattr(export_dialogs, "ask_report_options",
                        lambda *a, **k: ExcerptReportOptions())
    save_as(monkeypatch, tmp_path / "cancelled.docx")
    cancelled: list[bool] = []

    def cancel(remaining: int = 50) -> None:
        dialog = demo_window.findChild(QProgressDialog, "exportProgress")
        if dialog is not None:
            dialog.cancel()
            cancelled.append(True)
        elif remaining:
            QTimer.singleShot(0, lambda: cancel(remaining - 1))

    QTimer.singleShot(0, cancel)
    action(demo_window, "export_menu", "Coded excerpts report").trigger()

    assert cancelled
    assert leftovers(tmp_path) == []
    assert not [b for b in feedback.open_message_boxes() if b.objectName() == "exportDone"]
    assert not error_boxes()
    assert "cancelled" in demo_window.statusBar().currentMessage()


def test_unwritable_folder_is_one_message_and_nothing_written(demo_window, monkeypatch,
                                                               tmp_path):
    monkeypatch.setattr(export_dialogs, "ask_report_options",
                        lambda *a, **k: ExcerptReportOptions())
    save_as(monkeypatch, tmp_path / "missing" / "report.docx")
    action(demo_window, "export_menu", "Coded excerpts report").trigger()

    boxes = error_boxes()
    assert len(boxes) == 1
    assert "does not exist" in boxes[0].informativeText()
    assert not (tmp_path / "missing").exists()


# -- the table -------------------------------------------------------------------------------


def _expected_rows(project, **filters) -> list[list[str]]:
    return [[e.document, e.code_path, str(e.start), str(e.end), e.text, e.coder, e.memo,
             e.created_at] for e in project.excerpts(**filters)]


def test_csv_table_with_a_document_filter(demo_window, monkeypatch, tmp_path):
    project = demo_window.project
    document = project.document(project.excerpts()[-1].document_id)
    monkeypatch.setattr(export_dialogs, "ask_table_options", lambda *a, **k: TableOptions(
        CodingFilter(document_ids=[document.id]), suffix=".csv"))
    save_as(monkeypatch, tmp_path / "table", "CSV table (*.csv)")
    action(demo_window, "export_menu", "Coded excerpts table").trigger()

    with open(tmp_path / "table.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(COLUMNS)
    assert rows[1:] == _expected_rows(project, document_ids=[document.id])
    assert len(rows) > 1
    assert "table.csv" in done_box().informativeText()


def test_xlsx_table_from_the_dialog(demo_window, monkeypatch, tmp_path):
    def choose(dialog: ExcerptExportDialog) -> None:
        assert dialog.format_combo.currentData() == ".xlsx"
        dialog.accept()

    on_next_dialog(ExcerptExportDialog, choose)
    save_as(monkeypatch, tmp_path / "excerpts.xlsx")
    action(demo_window, "export_menu", "Coded excerpts table").trigger()

    sheet = openpyxl.load_workbook(tmp_path / "excerpts.xlsx").active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    excerpts = demo_window.project.excerpts()
    assert len(rows) == len(excerpts) + 1
    assert [row[4] for row in rows[1:]] == [e.text for e in excerpts]
    assert [row[1] for row in rows[1:]] == [e.code_path for e in excerpts]


# -- one document and the codebook -------------------------------------------------------------


def test_current_document_to_word(demo_window, monkeypatch, tmp_path):
    project = demo_window.project
    document_id = demo_window.current_document_id
    assert document_id is not None
    save_as(monkeypatch, tmp_path / "document.docx")
    action(demo_window, "export_menu", "Coded document").trigger()

    # the text as written, without the superscript note numbers that mark each coding's end
    body = "\n".join("".join(r.text for r in p.runs if not r.font.superscript)
                     for p in docx.Document(tmp_path / "document.docx").paragraphs)
    text = project.document_text(document_id)
    for line in (line for line in text.splitlines() if line.strip()):
        assert line in body
    codings = project.codings(document_ids=[document_id])
    assert f"{len(codings)} coding" in done_box().text()


def test_codebook_to_word_from_both_menus(demo_window, monkeypatch, tmp_path):
    names = [c.name for c in demo_window.project.codes()]
    for menu, out in (("export_menu", "a.docx"), ("codebook_menu", "b.docx")):
        save_as(monkeypatch, tmp_path / out)
        action(demo_window, menu, "Codebook (Word)" if menu == "export_menu"
               else "Export codebook (Word)").trigger()
        document = docx.Document(tmp_path / out)
        headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")
                    and p.text != "Overview"]
        assert headings == names
        for box in feedback.open_message_boxes():
            box.close()


def test_codebook_to_qdc(demo_window, monkeypatch, tmp_path, opened):
    save_as(monkeypatch, tmp_path / "shared")
    action(demo_window, "codebook_menu", "Export codebook (REFI-QDA").trigger()

    codebook = read_qdc(tmp_path / "shared.qdc")
    codes = demo_window.project.codes()
    assert [node.name for _, node in codebook.walk()] == [c.name for c in codes]
    assert [node.guid for _, node in codebook.walk()] == [c.guid for c in codes]
    buttons = {b.text().replace("&", ""): b for b in done_box().buttons()}
    assert "Open" not in buttons  # a .qdc is for other tools
    buttons["Show in folder"].click()
    assert opened == [tmp_path]


# -- codebook import -------------------------------------------------------------------------


def colleague_codebook(tmp_path: Path) -> Path:
    codebook = Codebook([
        CodebookNode("Tourism", new_guid(), "#3366CC", short_definition="Visitors and hosts.",
                     children=[CodebookNode("Homestays", new_guid(), "#6699CC")]),
        CodebookNode("Diaspora", new_guid(), None, codable=False),
    ])
    path = tmp_path / "colleague.qdc"
    write_qdc(codebook, path)
    return path


def test_import_codebook_then_undo_and_redo(demo_window, monkeypatch, tmp_path):
    project = demo_window.project
    before = [(c.guid, c.name) for c in project.codes()]
    open_file(monkeypatch, colleague_codebook(tmp_path))
    shown: list[str] = []

    def accept(dialog: CodebookImportDialog) -> None:
        shown.extend(dialog.visible_paths())
        dialog.import_button.click()

    on_next_dialog(CodebookImportDialog, accept)
    action(demo_window, "codebook_menu", "Import codebook").trigger()

    assert shown == ["Tourism", "Tourism/Homestays", "Diaspora"]
    names = {c.path for c in project.codes()}
    assert {"Tourism", "Tourism/Homestays", "Diaspora"} <= names
    assert {"Tourism", "Diaspora"} <= {c.path for c in demo_window.codebook.model.codes()}
    assert demo_window.undo_stack.undoText() == "Import codebook"
    assert demo_window.menus.undo_action.shortcut().toString() == "Ctrl+Z"

    demo_window.menus.undo_action.trigger()  # Ctrl+Z
    assert [(c.guid, c.name) for c in project.codes()] == before
    assert "Tourism" not in {c.path for c in demo_window.codebook.model.codes()}
    demo_window.menus.redo_action.trigger()
    assert {"Tourism", "Tourism/Homestays", "Diaspora"} <= {c.path for c in project.codes()}


def test_import_cancelled_in_the_preview_changes_nothing(demo_window, monkeypatch, tmp_path):
    before = demo_window.project.codes()
    open_file(monkeypatch, colleague_codebook(tmp_path))
    answer_next_dialog(accept=False)
    action(demo_window, "codebook_menu", "Import codebook").trigger()
    assert demo_window.project.codes() == before
    assert demo_window.undo_stack.count() == 0


def test_bad_qdc_shows_a_message_and_changes_nothing(demo_window, monkeypatch, tmp_path, qtbot):
    before = demo_window.project.codes()
    bad = tmp_path / "broken.qdc"
    bad.write_text("<CodeBook><Codes><Code name='x'", encoding="utf-8")
    open_file(monkeypatch, bad)
    action(demo_window, "codebook_menu", "Import codebook").trigger()

    boxes = error_boxes()
    assert len(boxes) == 1
    assert boxes[0].text() == "That did not work."
    assert "broken.qdc" in boxes[0].informativeText()
    boxes[0].close()  # auto-closed
    qtbot.waitUntil(lambda: not error_boxes())
    assert demo_window.project.codes() == before
    assert demo_window.undo_stack.count() == 0


# -- the options dialog itself ------------------------------------------------------------------


def test_dialog_filters_and_count(demo_window, qtbot):
    project = demo_window.project
    dialog = ExcerptExportDialog(project, "report", demo_window)
    qtbot.addWidget(dialog)
    assert dialog.report_options() == ExcerptReportOptions(title=None)  # all: no filters
    assert "39" in dialog.count_label.text()

    dialog.codes.check_all(False)
    dialog.update_count()
    assert not dialog.export_button.isEnabled()
    assert "at least one code" in dialog.count_label.text()
    assert "does not mean all" in dialog.count_label.text()  # why it differs from the panel

    parent = next(c for c in project.codes() if c.name == "Hybridization")
    dialog.codes.set_checked_codes([parent.id])
    dialog.update_count()
    assert dialog.codes.checked_code_ids() == [parent.id]  # it stands for its sub-codes
    expected = len(project.excerpts(code_ids=with_subcodes(project.codes(), [parent.id])))
    assert f"<b>{expected}</b>" in dialog.count_label.text()
    assert dialog.export_button.isEnabled()

    child = next(c for c in project.codes() if c.parent_id == parent.id)
    dialog.codes._items[child.id].setCheckState(0, Qt.CheckState.Unchecked)
    ids = dialog.codes.checked_code_ids()
    assert parent.id not in ids and child.id not in ids and ids

    dialog.coders.check_all(False)
    dialog.update_count()
    assert not dialog.export_button.isEnabled()


def test_dialog_count_follows_every_list(demo_window, qtbot):
    project = demo_window.project
    coding = project.codings()[-1]
    project.add_coding(coding.document_id, coding.code_id, 0, 5, coder="Second coder")
    dialog = ExcerptExportDialog(project, "table", demo_window)
    qtbot.addWidget(dialog)
    assert "<b>40</b>" in dialog.count_label.text()
    dialog.documents.set_checked_ids([coding.document_id])
    dialog.update_count()
    expected = len(project.codings(document_ids=[coding.document_id]))
    assert 1 < expected < 40
    assert f"<b>{expected}</b>" in dialog.count_label.text()
    second = next(c.id for c in project.coders() if c.name == "Second coder")
    dialog.coders.set_checked_ids([second])
    dialog.update_count()
    assert "<b>1</b> coded excerpt matches" in dialog.count_label.text()
    assert dialog.table_options().where == CodingFilter(None, [coding.document_id], [second])


def test_window_modules_leave_heavy_libraries_unloaded():
    """The modules the window loads for its menus do not import python-docx, lxml, openpyxl or
    pypdfium2 (about 0.3 s at start-up); those load when an import or export needs them."""
    modules = ["shell.main_window", "shell.menus", "exchange.export_actions",
               "exchange.export_dialogs", "codebook.io_actions", "codebook.import_dialog",
               "segments.panel"]
    code = "; ".join(f"import glocal_annotator.ui.{name}" for name in modules) + (
        "; import sys; print(' '.join(m for m in ('docx', 'lxml', 'openpyxl', 'pypdfium2') "
        "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=Path(__file__).resolve().parents[3])
    assert result.stdout.strip() == ""


def test_document_is_chosen_when_none_is_open(demo_window, monkeypatch, tmp_path):
    from glocal_annotator.ui.common import dialogs

    project = demo_window.project
    documents = project.documents()
    asked: list[list[str]] = []
    monkeypatch.setattr(dialogs, "ask_item",
                        lambda parent, title, label, items: asked.append(items) or 2)
    demo_window.view.clear()  # no document open
    save_as(monkeypatch, tmp_path / "chosen.docx")
    action(demo_window, "export_menu", "Coded document").trigger()

    assert asked == [[d.name for d in documents]]
    paragraphs = docx.Document(tmp_path / "chosen.docx").paragraphs
    assert paragraphs[0].text == documents[2].name

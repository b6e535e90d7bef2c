"""Team ▸ Show only my codings reaches the excerpt export dialog: its live count, and each
code's and document's number of codings, count what the export writes (the user's codings
alone), so the number shown is the number of rows written; with blind coding off, everyone's
again."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import docx
from PySide6.QtWidgets import QFileDialog

from glocal_annotator.ui.exchange.export_dialogs import ID_ROLE, ExcerptExportDialog
from tests.ui.team.test_blind_report import _summary
from tests.ui.team.test_team_dialogs import on_next_dialog

CSV_CHOICE = "CSV table (*.csv)"


def shown_count(dialog: ExcerptExportDialog) -> int:
    """The number in the dialog's count line."""
    found = re.search(r"<b>([\d,]+)</b>", dialog.count_label.text())
    assert found, dialog.count_label.text()
    return int(found.group(1).replace(",", ""))


def export_from_dialog(window, monkeypatch, target: Path, kind: str) -> tuple[int, str]:
    """Export through the real options dialog (all ticked); the count it showed, and its
    count line."""
    seen: list[tuple[int, str]] = []

    def read_and_export(dialog: ExcerptExportDialog) -> None:
        dialog.update_count()
        seen.append((shown_count(dialog), dialog.count_label.text()))
        dialog.accept()

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *a, **k: (str(target), CSV_CHOICE if kind == "table" else "")))
    on_next_dialog(ExcerptExportDialog, read_and_export)
    controller = window.export_controller
    assert (controller.export_table if kind == "table" else controller.export_report)() == target
    [(count, line)] = seen
    return count, line


def csv_rows(path: Path) -> int:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return len(list(csv.reader(handle))) - 1  # the header


def test_the_table_dialog_counts_what_the_export_writes(team_window, monkeypatch, tmp_path):
    window = team_window
    project = window.project
    everyone = len(project.codings())
    mine = len(project.codings(coder_ids=[c.id for c in project.coders() if c.name == "ana"]))
    assert 0 < mine < everyone  # two coders: the counts differ

    window.team.blind.action.setChecked(True)
    count, _ = export_from_dialog(window, monkeypatch, tmp_path / "mine.csv", "table")
    assert count == csv_rows(tmp_path / "mine.csv") == mine

    window.team.blind.action.setChecked(False)
    count, _ = export_from_dialog(window, monkeypatch, tmp_path / "all.csv", "table")
    assert count == csv_rows(tmp_path / "all.csv") == everyone


def test_the_report_dialog_counts_what_the_report_holds(team_window, monkeypatch, tmp_path):
    window = team_window
    window.team.blind.action.setChecked(True)
    blind_count, line = export_from_dialog(window, monkeypatch, tmp_path / "mine.docx",
                                           "report")
    assert "blind coding is on" in line
    assert blind_count == sum(_summary(docx.Document(tmp_path / "mine.docx")).values())

    window.team.blind.action.setChecked(False)
    count, line = export_from_dialog(window, monkeypatch, tmp_path / "all.docx", "report")
    assert "blind coding" not in line
    assert count == sum(_summary(docx.Document(tmp_path / "all.docx")).values())
    assert count != blind_count


def test_each_code_and_documents_number_of_codings_is_the_users_alone(team_window, qtbot):
    project = team_window.project
    ana = [c.id for c in project.coders() if c.name == "ana"]
    talk, notes = project.find_document("talk.txt"), project.find_document("notes.txt")
    blind = ExcerptExportDialog(project, "table", team_window, only_coders=ana)
    qtbot.addWidget(blind)
    labels = {item.data(ID_ROLE): item.text() for item in blind.documents.all_items()}
    assert labels[talk.id] == "talk.txt  (2)"  # ana's River and Market, not ben's
    assert labels[notes.id] == "notes.txt"  # ben alone coded the notes
    everyone = ExcerptExportDialog(project, "table", team_window)
    qtbot.addWidget(everyone)
    labels = {item.data(ID_ROLE): item.text() for item in everyone.documents.all_items()}
    assert labels[talk.id] == "talk.txt  (4)" and labels[notes.id] == "notes.txt  (1)"
    codes = {c.name: c.id for c in project.codes()}
    for dialog, river, market in ((blind, "River  (1)", "Market  (1)"),
                                  (everyone, "River  (2)", "Market  (3)")):
        assert dialog.codes._items[codes["River"]].text(0) == river
        assert dialog.codes._items[codes["Market"]].text(0) == market

"""importing: one path for the CLI and the GUI (read, then store, each file in its own
transaction), and a batch of imports undone as one change (Change.combined), all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from glocal_annotator.errors import InvalidOperation
from glocal_annotator.importing import ImportReport, import_files, read_file, store_file
from glocal_annotator.project import Change
from tests.projects import add_text, empty_project

TRIAL = Path(__file__).resolve().parent / "importers" / "samples" / "trial"


def _files(tmp_path: Path) -> list[Path]:
    first = tmp_path / "first.txt"
    first.write_text("The market women sang the new songs.\n", encoding="utf-8")
    second = tmp_path / "second.md"
    second.write_text("# Notes\n\nA borehole dries up in February.\n", encoding="utf-8")
    return [first, second]


def _documents(project) -> list[tuple]:
    return [(d.id, d.name, d.format, d.source_path, project.document_text(d.id))
            for d in project.documents()]


def test_read_then_store_is_what_import_files_does(tmp_path):
    paths = [*_files(tmp_path), tmp_path / "missing.txt", TRIAL / "structures.docx"]
    with empty_project(tmp_path, "cli.glocal") as cli, empty_project(tmp_path, "gui.glocal") as gui:
        expected = import_files(cli, paths)
        stepwise = ImportReport()
        for path in paths:
            try:
                extracted = read_file(path)
            except Exception as error:  # noqa: BLE001 - noted as import_file notes it
                stepwise.failed.append((path, str(error)))
                continue
            store_file(gui, path, extracted, stepwise)
        assert _documents(gui) == _documents(cli)
        assert len(_documents(cli)) == 3
        assert stepwise.imported == expected.imported
        assert stepwise.failed == expected.failed and expected.failed[0][0].name == "missing.txt"
        assert stepwise.notices == expected.notices and expected.notices
        assert [c.result for c in expected.changes] == [i for _p, i in expected.imported]


def test_a_batch_of_imports_is_undone_and_redone_as_one_change(tmp_path):
    with empty_project(tmp_path) as project:
        kept = add_text(project, "kept.txt", "Already here.\n")
        before = _documents(project)
        report = import_files(project, _files(tmp_path))
        after = _documents(project)
        heard = []
        project.subscribe(heard.append)
        combined = Change.combined("Import 2 documents", report.changes)
        assert combined.result == [i for _p, i in report.imported]

        redo = combined.undo()
        assert _documents(project) == before
        assert len(heard) == 1 and heard[0].summary.document_ids == set(combined.result)
        redo.undo()
        assert _documents(project) == after  # the same ids and texts again
        assert kept in [d.id for d in project.documents()]


def test_undoing_a_batch_is_all_or_nothing(tmp_path):
    with empty_project(tmp_path) as project:
        report = import_files(project, _files(tmp_path))
        after = _documents(project)
        project.rename_document(report.imported[0][1], "renamed.txt")  # changed since
        with pytest.raises(InvalidOperation):
            Change.combined("Import 2 documents", report.changes).undo()
        assert [d[0] for d in _documents(project)] == [d[0] for d in after]  # neither went


def test_only_changes_of_one_project_combine(tmp_path):
    with empty_project(tmp_path, "a.glocal") as a, empty_project(tmp_path, "b.glocal") as b:
        changes = [a.add_document("x", read_file(_files(tmp_path)[0])),
                   b.add_document("y", read_file(_files(tmp_path)[0]))]
        with pytest.raises(ValueError):
            Change.combined("Import", changes)
        with pytest.raises(ValueError):
            Change.combined("Import", [])

"""The GUI's import (a drop or Project ▸ Import) goes through the command line's path
(glocal_annotator.importing) and is one undo step per batch: Ctrl+Z takes every document of the
batch out again, Ctrl+Shift+Z brings them back with the same ids, and no other step is touched."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from glocal_annotator import importing
from glocal_annotator.project import Project
from glocal_annotator.ui.exchange.import_dialog import ImportJob
from tests.ui.helpers import find_code


def _files(tmp_path: Path) -> list[Path]:
    first = tmp_path / "first.txt"
    first.write_text("The market women sang the new songs.\n", encoding="utf-8")
    second = tmp_path / "second.md"
    second.write_text("# Notes\n\nA borehole dries up in February.\n", encoding="utf-8")
    return [first, second]


def _documents(window) -> list[tuple]:
    project = window.project
    return [(d.id, d.name, d.source_path, project.document_text(d.id))
            for d in project.documents()]


def _import(window, qtbot, paths: list[Path]) -> ImportJob:
    job = window.import_files(paths)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    return job


def test_an_import_batch_is_one_undo_step(window, qtbot, tmp_path):
    window.coding.code_range(find_code(window, "Hybridization").id, 0, 5,
                             window.project.documents()[0].id)
    before, steps = _documents(window), window.undo_stack.count()
    _import(window, qtbot, [*_files(tmp_path), tmp_path / "missing.txt"])
    after = _documents(window)
    assert [d[1] for d in after[len(before):]] == ["first.txt", "second.md"]
    assert window.undo_stack.count() == steps + 1
    assert window.menus.undo_action.text() == "&Undo Import 2 documents"
    assert window.current_document_id == after[-1][0]

    window.menus.undo_action.trigger()
    assert _documents(window) == before
    assert window.documents.topLevelItemCount() == len(before)
    assert window.current_document_id is None  # the open one went with the batch
    assert len(window.project.codings()) == 1  # the step before is untouched

    window.menus.redo_action.trigger()
    assert _documents(window) == after
    assert window.documents.topLevelItemCount() == len(after)


def test_one_document_is_named_in_its_undo_step(window, qtbot, tmp_path):
    _import(window, qtbot, _files(tmp_path)[:1])
    assert window.undo_stack.undoText() == "Import first.txt"


def test_a_batch_where_nothing_was_imported_leaves_no_step(window, qtbot, tmp_path):
    _import(window, qtbot, [tmp_path / "missing.txt"])
    assert window.undo_stack.count() == 0


def test_the_gui_stores_what_the_command_line_stores(window, qtbot, tmp_path, monkeypatch):
    stored: list[str] = []
    store = importing.store_file
    monkeypatch.setattr(importing, "store_file",
                        lambda project, path, *rest: stored.append(Path(path).name)
                        or store(project, path, *rest))
    paths = _files(tmp_path)
    job = _import(window, qtbot, paths)
    assert stored == ["first.txt", "second.md"]  # through importing, as the CLI
    with Project.create(tmp_path / "cli.glocal", default_codebook=False) as other:
        expected = importing.import_files(other, paths)  # what `glocal-annotator import` runs
        cli = [(p.name, other.document(i).format, other.document_text(i))
               for p, i in expected.imported]
    gui = [(p.name, window.project.document(i).format, window.project.document_text(i))
           for p, i in job.report.imported]
    assert gui == cli and len(gui) == 2


def test_a_drop_is_imported_as_one_undo_step(window, qtbot, tmp_path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in _files(tmp_path)])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    job = window.findChild(ImportJob)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert window.undo_stack.undoText() == "Import 2 documents"
    names = [d.name for d in window.project.documents()]
    window.undo_stack.undo()
    assert [d.name for d in window.project.documents()] == names[:-2]


def test_storing_a_file_handles_events_and_the_next_file_waits_its_turn(window, qtbot,
                                                                       tmp_path, monkeypatch):
    """Each file is stored handling events between its steps (the window repaints); what the
    worker says meanwhile (the next file is read) is dealt with after, in order."""
    paths = []
    for number in range(4):
        path = tmp_path / f"part{number}.txt"
        path.write_text(f"Part {number}: the borehole and the market.\n" * 50, encoding="utf-8")
        paths.append(path)
    real = importing.store_file
    depth, deepest, pumped = [0], [0], []

    def store(project, path, extracted, report, progress=None):
        depth[0] += 1
        deepest[0] = max(deepest[0], depth[0])
        try:
            def slow(done, total):  # give the worker time to say more meanwhile
                qtbot.wait(30)
                pumped.append(done)
                return progress(done, total)

            return real(project, path, extracted, report, slow)
        finally:
            depth[0] -= 1

    monkeypatch.setattr(importing, "store_file", store)
    before = len(window.project.documents())
    _import(window, qtbot, paths)
    names = [d.name for d in window.project.documents()[before:]]
    assert names == [p.name for p in paths]  # all stored, in order
    assert deepest[0] == 1  # never one store inside another
    assert len(pumped) >= 3 * len(paths)

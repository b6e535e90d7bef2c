"""An open window notices when its project file is deleted, moved or replaced, says so at once,
refuses to "save" into the lost file, and saves the project elsewhere with nothing lost; file
dialogs start in the last folder used, never in the app's hidden data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from glocal_annotator.project import Project
from glocal_annotator.ui.common import folders
from glocal_annotator.ui.shell import file_watch
from tests.ui.helpers import find_code, message_boxes


def _gone_box(qtbot) -> QMessageBox:
    qtbot.waitUntil(lambda: any(b.objectName() == "projectFileGone" for b in message_boxes()),
                    timeout=5000)
    return next(b for b in message_boxes() if b.objectName() == "projectFileGone")


@pytest.fixture
def save_to(monkeypatch):
    """Answer the next save dialog with a path; records the folder it started in."""
    asked: list[str] = []

    def answer(path: Path):
        def fake(parent, caption, start, filters, *args, **kwargs):
            asked.append(start)
            return str(path), filters.split(";;")[0]

        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
        return asked

    return answer


def _code_something(window) -> int:
    plain = next(d for d in window.project.documents() if d.name == "plain.txt")
    window.open_document(plain.id)
    window.coding.code_range(find_code(window, "Creolization").id, 0, 10, plain.id)
    return plain.id


def test_a_deleted_project_file_is_noticed_at_once_and_saved_elsewhere(
        window, qtbot, tmp_path, save_to):
    document = _code_something(window)
    path = window.project.path
    os.remove(path)  # as a file manager would, with the window open
    box = _gone_box(qtbot)
    assert "moved, renamed or deleted" in box.text() and path.name in box.text()
    assert "file gone" in window.windowTitle()
    assert "not saved" in window.statusBar().currentMessage()
    # a change now is refused, not "saved" into a file that is no longer there
    window.coding.code_dropped(find_code(window, "Westernization").id, 11, 20)
    errors = [b for b in message_boxes() if b.objectName() == "errorMessage"]
    assert errors and "nothing was changed" in errors[0].informativeText()
    assert len(window.project.codings()) == 1
    # Save a copy…: every committed change is in it, and the window goes on there
    rescued = tmp_path / "rescued" / "test.glocal"
    rescued.parent.mkdir()
    asked = save_to(rescued)
    save = next(b for b in box.buttons() if "Save a copy" in b.text())
    save.click()
    qtbot.waitUntil(lambda: window.project is not None and window.project.path == rescued)
    assert asked and Path(asked[0]).parent == path.parent  # offered where it was
    assert len(window.project.codings()) == 1
    assert "file gone" not in window.windowTitle()
    window.coding.code_range(find_code(window, "Westernization").id, 11, 20, document)
    with Project.open(rescued, read_only=True) as check:
        assert len(check.codings()) == 2


def test_a_replaced_project_file_is_noticed_and_left_alone(window, qtbot, tmp_path):
    _code_something(window)
    path = window.project.path
    other = tmp_path / "other.glocal"
    Project.create(other, default_codebook=False).close()
    os.replace(other, path)  # a sync tool or a restored backup put another file there
    assert window.file_watch.check() == "replaced"
    box = _gone_box(qtbot)
    assert "replaced by another file" in box.text()
    window.close_project()
    with Project.open(path, read_only=True) as there:
        assert there.codes() == [] and there.codings() == []  # not written into


def test_a_moved_project_file_is_noticed(window, qtbot, tmp_path):
    path = window.project.path
    os.rename(path, tmp_path / "elsewhere.glocal")
    box = _gone_box(qtbot)
    assert "moved" in box.text()
    assert len(message_boxes()) == 1  # said once, not every 1.5 s
    qtbot.wait(int(file_watch.CHECK_MS * 1.5))
    assert len(message_boxes()) == 1


def test_save_a_copy_of_a_healthy_project_keeps_working_in_the_original(
        window, qtbot, tmp_path, save_to):
    _code_something(window)
    original = window.project.path
    copy = tmp_path / "backup" / "copy"
    copy.parent.mkdir()
    save_to(copy)
    window.menus.save_copy_action.trigger()
    assert window.project.path == original
    with Project.open(copy.with_suffix(".glocal"), read_only=True) as saved:
        assert len(saved.codings()) == 1
    # never over an existing file
    save_to(original)
    window.menus.save_copy_action.trigger()
    errors = [b for b in message_boxes() if b.objectName() == "errorMessage"]
    assert errors and "exists already" in errors[0].informativeText()


def test_dialogs_never_start_in_the_hidden_data_folder(qtbot, data_dir, monkeypatch, tmp_path):
    from glocal_annotator.ui.shell.main_window import MainWindow

    starts: list[str] = []

    def fake_open(parent, caption, start, filters, *args, **kwargs):
        starts.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake_open))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(fake_open))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_open))
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_demo()  # the demo lives in the app's data folder
    assert window.project.path.parent == data_dir
    window.open_project_dialog()
    window.import_dialog()
    window.save_copy_dialog()
    window.export_controller.export_codebook()
    window.codebook_exchange.import_codebook()
    assert len(starts) == 5
    for start in starts:
        assert not Path(start).resolve().is_relative_to(data_dir.resolve()), start
        assert Path(start).is_dir() or Path(start).parent.is_dir()
    # the last folder the user chose is where the next dialog starts
    chosen = tmp_path / "interviews"
    chosen.mkdir()
    folders.remember(chosen / "one.docx")
    window.import_dialog()
    assert Path(starts[-1]) == chosen
    folders.remember(data_dir / "demo.glocal")  # never remembered
    window.open_project_dialog()
    assert Path(starts[-1]) == chosen
    window.close()

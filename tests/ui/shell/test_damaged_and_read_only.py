"""The app with a damaged project, a read-only disk and a full disk: one message that says what
happened and what to do, never the unexpected-error dialog, and nothing changed."""

from __future__ import annotations

from pathlib import Path

from glocal_annotator.ui.shell.main_window import MainWindow
from tests.mounts import fill, read_only_bind, small_disk
from tests.store.damage import damaged_copy, digest, rows, sample  # noqa: F401 - fixture
from tests.ui.helpers import message_boxes


def _window(qtbot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def _only_box(kind: str = "errorMessage"):
    boxes = message_boxes()
    assert [box.objectName() for box in boxes] == [kind], [b.informativeText() for b in boxes]
    return boxes[0]


def test_a_damaged_project_is_one_message_and_the_app_goes_on(qtbot, sample, tmp_path,  # noqa: F811
                                                               data_dir, monkeypatch):
    from glocal_annotator.ui.shell import salvage_dialog

    path = damaged_copy(sample, tmp_path, "garbage in a codings leaf page")
    before = digest(path)
    asked = []

    def close_it(parent, shown_path, error):
        asked.append((shown_path, error.what))
        return False

    monkeypatch.setattr(salvage_dialog, "ask_to_salvage", close_it)
    window = _window(qtbot)
    assert not window.open_project(path)
    assert asked and asked[0][0] == path and "\n" not in asked[0][1]
    assert message_boxes() == []
    assert window.project is None and window.stack.currentWidget() is window.welcome
    assert digest(path) == before and not (data_dir / "errors.log").exists()
    window.close()


def test_the_app_saves_what_can_be_read_and_opens_it(qtbot, sample, tmp_path,  # noqa: F811
                                                     data_dir, monkeypatch):
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    path = damaged_copy(sample, tmp_path, "garbage in a codings leaf page")
    before = digest(path)
    target = tmp_path / "rescued.glocal"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), ""))
    seen = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen["text"], seen["info"] = box.text(), box.informativeText()
        box.grab().save(str(tmp_path / "damaged-offer.png"))
        next(b for b in box.buttons() if b.text().startswith("Save what can be read")).click()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, answer)
    window = _window(qtbot)
    assert window.open_project(path)
    assert seen["text"] == "The project file damaged.glocal is damaged."
    assert seen["info"].startswith("What is wrong: the codings could not be read: database "
                                   "disk image is malformed.")
    assert window.project is not None and window.project.path == target
    report = _only_box("noticeMessage")
    assert report.text() == "Saved what could be read."
    assert "could not be copied" in report.informativeText()
    assert "Could not be copied: the codings from id" in report.detailedText()
    report.close()
    assert digest(path) == before
    assert len(window.project.codings()) > 700
    window.close_project()
    window.close()


def test_damage_met_while_working_is_a_message_not_a_crash(qtbot, sample, tmp_path,  # noqa: F811
                                                          data_dir):
    """Damage inside a text passes the checks on open; opening that document says the project
    is damaged, in the same words, instead of the unexpected-error dialog."""
    path = damaged_copy(sample, tmp_path, "garbage in a document's text page")
    window = _window(qtbot)
    window.open_project(path)
    for box in message_boxes():
        box.close()
    window.open_document(1)
    box = _only_box()
    assert "damaged.glocal is damaged (a text in it is not valid UTF-8)" in box.informativeText()
    assert not (data_dir / "errors.log").exists()
    box.close()
    window.close()


def test_a_project_on_a_read_only_disk_opens_read_only_with_a_notice(qtbot, sample,  # noqa: F811
                                                                    tmp_path, data_dir):
    source = tmp_path / "source"
    source.mkdir()
    (source / "p.glocal").write_bytes(sample.read_bytes())
    with read_only_bind(source, tmp_path / "usb") as folder:
        window = _window(qtbot)
        assert window.open_project(folder / "p.glocal")
        assert window.project.read_only and "[read-only]" in window.windowTitle()
        box = _only_box("noticeMessage")
        assert box.text() == "Opened read-only."
        assert box.informativeText().startswith(
            "The project file p.glocal cannot be changed: it is on a read-only disk")
        assert "You can read, search and export it" in box.informativeText()
        window.grab().save(str(tmp_path / "read-only.png"))
        box.close()
        assert window.documents.topLevelItemCount() == 3
        assert window.project.search("water committee")
        window.view.select_range(0, 5)
        window.coding.quick_code(0)
        assert any("read-only" in b.informativeText() for b in message_boxes())
        window.close_project()
        window.close()
        assert sorted(p.name for p in folder.iterdir()) == ["p.glocal"]


def test_coding_on_a_full_disk_says_so_and_changes_nothing(qtbot, sample, tmp_path,  # noqa: F811
                                                          data_dir):
    with small_disk(tmp_path / "disk", "2m") as disk:
        path = disk / "p.glocal"
        path.write_bytes(sample.read_bytes())
        window = _window(qtbot)
        assert window.open_project(path)
        for box in message_boxes():
            box.close()
        before = rows(path)
        fill(disk, leave=0)
        window.view.select_range(0, 5)
        window.coding.quick_code(0)
        box = _only_box()
        assert box.informativeText() == ("The disk holding p.glocal is full; nothing was "
                                         "changed. Free some space and try again")
        box.close()
        assert rows(path) == before
        (disk / "filler.bin").unlink()
        window.coding.quick_code(0)
        assert len(rows(path)["codings"]) == len(before["codings"]) + 1
        window.close_project()
        window.close()
    assert not (Path(data_dir) / "errors.log").exists()

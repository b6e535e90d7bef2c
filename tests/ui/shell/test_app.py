"""The application shell: welcome screen, settings, errors, locking, importing, the None trap."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QWidget

from glocal_annotator.ui.common import feedback
from glocal_annotator.ui.common.settings import Settings
from glocal_annotator.ui.shell.main_window import MainWindow
from tests.ui.helpers import answer_next_dialog, find_code, message_boxes


def test_welcome_screen_opens_demo(qtbot, data_dir):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.stack.currentWidget() is window.welcome
    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert (data_dir / "demo.glocal").exists()
    assert window.project is not None and window.stack.currentWidget() is window.view
    assert len(window.project.documents()) == 4
    assert window.documents.topLevelItemCount() == 4
    window.close()
    # the project is remembered on the welcome page
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.welcome.recent.count() == 1
    again.close()


def test_glocal_error_in_action_shows_message_and_app_goes_on(window, qtbot):
    code = window.quick_codes()[0]
    window.coding.code_dropped(code.id, 0, 10**6)  # past the document's end: refused
    boxes = message_boxes()
    assert len(boxes) == 1 and "did not work" in boxes[0].text()
    assert "characters" in boxes[0].informativeText() or "range" in boxes[0].informativeText()
    boxes[0].close()
    assert window.project.codings() == []
    window.view.select_range(0, 0)
    qtbot.keyClick(window.view.text_edit(), Qt.Key.Key_1)  # nothing selected: a hint only
    assert message_boxes() == []
    assert "Nothing is selected" in window.statusBar().currentMessage()
    window.view.select_range(0, 5)
    qtbot.keyClick(window.view.text_edit(), Qt.Key.Key_1)
    assert len(window.project.codings()) == 1


def test_unexpected_exception_in_slot_is_logged(window, qtbot, data_dir, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom from a test")

    monkeypatch.setattr(window.project, "add_coding", broken)
    window.view.select_range(0, 5)
    qtbot.keyClick(window.view.text_edit(), Qt.Key.Key_1)
    log = (data_dir / "errors.log").read_text(encoding="utf-8")
    assert "RuntimeError: boom from a test" in log and "Traceback" in log
    boxes = [b for b in message_boxes() if b.objectName() == "unexpectedError"]
    assert boxes and "boom from a test" in boxes[0].detailedText()
    for box in boxes:
        box.close()
    monkeypatch.undo()
    qtbot.keyClick(window.view.text_edit(), Qt.Key.Key_1)
    assert len(window.project.codings()) == 1


def test_excepthook_logs(data_dir, qtbot):
    from glocal_annotator.ui.shell.app import _excepthook

    try:
        raise ValueError("hooked")
    except ValueError as exc:
        _excepthook(type(exc), exc, exc.__traceback__)
    assert "ValueError: hooked" in (data_dir / "errors.log").read_text(encoding="utf-8")
    for box in feedback.open_message_boxes():
        box.close()


def test_locked_project_offers_read_only(window, qtbot, project_path):
    second = MainWindow()
    qtbot.addWidget(second)
    answer_next_dialog(accept=True)
    assert second.open_project(project_path)
    assert second.project.read_only
    assert "read-only" in second.windowTitle()
    second.view.select_range(0, 5)
    second.coding.quick_code(0)
    assert any("read-only" in b.informativeText() for b in message_boxes())
    second.close()


def test_settings_quick_codes_and_coder(window, qtbot):
    settings = Settings()
    code = find_code(window, "Donor Accountability")
    settings.set_quick_code_guids(["", code.guid])
    settings.coder_name = "Ana"
    window.apply_settings()
    assert window.quick_codes()[0] is None
    assert window.quick_codes()[1].id == code.id
    window.view.select_range(0, 5)
    qtbot.keyClick(window.view.text_edit(), Qt.Key.Key_2)
    [coding] = window.project.codings()
    assert coding.code_id == code.id
    assert window.project.coders()[-1].name == "Ana"
    assert "Donor Accountability" in window.coding.quick_actions[1].text()


def test_settings_dialog_saves(window, qtbot):
    from glocal_annotator.ui.shell.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.settings, window.codebook.model.codes(), window.quick_codes(),
                            window)
    dialog.coder_edit.setText("Bea")
    dialog.size_spin.setValue(15)
    dialog.quick_combos[0].setCurrentIndex(3)
    dialog.save()
    assert Settings().coder_name == "Bea"
    assert Settings().font.pointSize() == 15
    assert Settings().quick_code_guids()[0] == dialog.quick_combos[0].currentData()


def test_dropped_files_are_imported_with_failures_listed(window, qtbot, tmp_path):
    good = tmp_path / "notes.txt"
    good.write_text("Field notes about the market.\n", encoding="utf-8")
    bad = tmp_path / "image.png"
    bad.write_bytes(b"\x89PNG")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(bad))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: any(b.objectName() == "importReport" for b in message_boxes()),
                    timeout=5000)
    assert [d.name for d in window.project.documents()][-1] == "notes.txt"
    report = next(b for b in message_boxes() if b.objectName() == "importReport")
    assert "image.png" in report.informativeText()
    assert window.documents.topLevelItemCount() == 3
    assert window.document_text.startswith("Field notes")


def test_layout_is_saved(window, qtbot):
    window.close()
    assert Settings().window_state() is not None
    assert Settings().recent_projects()


def test_accessible_names_and_object_names(window):
    for name in ("documentList", "codebookTree", "segmentsPanel", "searchBox", "documentView"):
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
    assert window.codebook.tree.accessibleName() == "Codebook"
    assert window.documents.accessibleName() == "Documents"
    titles = [a.text() for a in window.menuBar().actions()]
    assert all("&" in t for t in titles)
    assert window.menus.export_menu is not None and window.menus.codebook_menu is not None


def test_pyside_none_refcount_trap():
    """PySide6 6.12 on CPython 3.11 aborts after ~5,000 Qt calls that return None."""
    script = textwrap.dedent("""
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication, QWidget
        app = QApplication([])
        widget = QWidget()
        for _ in range(10000):
            QApplication.processEvents()
            widget.update()
        print("alive")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120, cwd=Path(__file__).parent)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "alive" in result.stdout


def test_import_can_be_cancelled(window, qtbot, tmp_path):
    paths = []
    for number in range(3):
        path = tmp_path / f"doc{number}.txt"
        path.write_text(f"Document number {number}.\n", encoding="utf-8")
        paths.append(path)
    from glocal_annotator.ui.exchange.import_dialog import ImportJob

    job = ImportJob(window, window.session, paths, window.status, window.open_document)
    job.cancel()  # as the progress dialog's Cancel button does
    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start()
    assert len(window.project.documents()) == 2


def test_quick_key_assignment_from_codebook(window, qtbot):
    code = find_code(window, "NGO Advocacy")
    window.codebook.select_code(code.id)
    window.codebook_actions.quick_menu.actions()[4].trigger()
    assert window.quick_codes()[4].id == code.id
    assert Settings().quick_code_guids()[4] == code.guid
    window.view.select_range(0, 5)
    qtbot.keyClick(window.view.text_edit(), Qt.Key.Key_5)
    assert window.project.codings()[0].code_id == code.id


def test_focus_shortcuts(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.codebook.tree.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert window.search.box.hasFocus()


def test_run_opens_project_and_returns(project_path, tmp_path):
    """app.run(path) in its own process (it runs the event loop): the window shows the project."""
    script = textwrap.dedent(f"""
        import sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from glocal_annotator.ui.shell.app import application, run
        from glocal_annotator.ui.shell.main_window import MainWindow
        from glocal_annotator.ui.common.settings import use_settings_folder
        use_settings_folder({str(tmp_path)!r})
        application()
        tries = []
        def look_and_quit():
            # poll until the window has the project (a loaded machine may take a while)
            tries.append(1)
            for window in QApplication.topLevelWidgets():
                if isinstance(window, MainWindow) and window.project is not None:
                    print("opened", window.project.path.name, len(window.project.documents()))
                    window.close()
                    QApplication.instance().quit()
                    return
            if len(tries) > 600:
                QApplication.instance().quit()
            else:
                QTimer.singleShot(50, look_and_quit)
        QTimer.singleShot(50, look_and_quit)
        sys.exit(run({str(project_path)!r}))
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GLOCAL_ANNOTATOR_DATA=str(tmp_path),
               PYTHONPATH=str(Path(__file__).parents[3]))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"opened {project_path.name} 2" in result.stdout


def test_reopening_returns_to_last_document(window, qtbot, project_path):
    plain = next(d for d in window.project.documents() if d.name == "plain.txt")
    window.open_document(plain.id)
    window.close()
    from glocal_annotator.ui import open_window

    again = open_window(project_path)
    qtbot.addWidget(again)
    assert again.current_document_id == plain.id
    assert again.documents.current_document_id() == plain.id
    again.close()


def test_nothing_attaches_attributes_to_the_window_from_outside(window):
    """Every attribute of a working window is one that MainWindow itself sets (``self.x = ``):
    the rooms get what they need passed in, and give nothing back by setting attributes on it."""
    import ast
    import inspect

    from glocal_annotator.ui.shell import main_window

    tree = ast.parse(inspect.getsource(main_window))
    own = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
           and isinstance(node.value, ast.Name) and node.value.id == "self"
           and isinstance(node.ctx, ast.Store)}
    window.coding.code_range(find_code(window, "Hybridization").id, 0, 5,
                             window.project.documents()[0].id)
    attached = {name for name in vars(window)  # Qt's signals and meta data are the class's
                if not name.startswith("__") and not hasattr(type(window), name)}
    assert own and attached - own == set()


def test_a_missing_export_module_is_an_error_not_a_window_without_its_menu(tmp_path):
    """The Export menu is part of the window: if its module cannot be imported, the window
    module cannot be either (no ImportError is swallowed to drop the menu silently)."""
    code = ("import sys; sys.modules['glocal_annotator.ui.exchange.export_actions'] = None\n"
            "try:\n    import glocal_annotator.ui.shell.main_window\n"
            "except ImportError as error:\n    print('refused:', error.name)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, cwd=Path(__file__).resolve().parents[3],
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.stdout.strip() == "refused: glocal_annotator.ui.exchange.export_actions"


def test_the_export_and_codebook_menus_hold_their_commands(window):
    export = [a.text().replace("&", "") for a in window.menus.export_menu.actions()
              if not a.isSeparator()]
    assert export == ["Coded excerpts report (Word)…", "Coded excerpts table (CSV/Excel)…",
                      "Coded document (Word)…", "Codebook (Word)…"]
    assert window.menus.export_menu.menuAction().isVisible()
    codebook = [a.text().replace("&", "") for a in window.menus.codebook_menu.actions()]
    assert "Import codebook… (.qdc, .qdpx, .csv)" in codebook

"""Small things a first hour trips on: what each change did is confirmed in the status bar, the
coded-segments panel shows several two-line excerpts and marks memos, quitting leaves no lock
file, the README's settings path is where QSettings writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from glocal_annotator.ui.common import dialogs
from tests.ui.helpers import find_code, message_boxes

REPO = Path(__file__).resolve().parents[2]


def _plain(window) -> int:
    document = next(d for d in window.project.documents() if d.name == "plain.txt")
    window.open_document(document.id)
    return document.id


def test_in_vivo_memo_merge_and_import_confirm_what_they_did(window, qtbot, monkeypatch, tmp_path):
    doc = _plain(window)
    status = window.statusBar()
    text = window.project.document_text(doc)
    start = text.index("rice burgers")
    window.view.select_range(start, start + len("rice burgers"))
    window.view.text_edit().setFocus()
    qtbot.keyClick(window.view.text_edit(), Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert "Created the code “rice burgers”" in status.currentMessage()
    coding = window.project.codings(document_ids=[doc])[0]
    monkeypatch.setattr(dialogs, "ask_memo", lambda *args: "Fast food, made local")
    window.coding.edit_memo(coding.id)
    assert "Saved the memo" in status.currentMessage()
    source, target = find_code(window, "rice burgers"), find_code(window, "Creolization")
    window.codebook.select_code(source.id)
    monkeypatch.setattr(dialogs, "ask_item",
                        lambda parent, title, label, items: items.index(target.path))
    window.codebook_actions.merge()
    assert status.currentMessage().startswith("Merged “rice burgers” into “Creolization”: 1 coding")
    assert window.project.coding(coding.id).code_id == target.id
    notes = tmp_path / "notes.txt"
    notes.write_text("Fieldwork notes about the market.\n", encoding="utf-8")
    job = window.import_files([notes])
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert status.currentMessage() == "Imported notes.txt"
    assert message_boxes() == []


def test_segments_panel_shows_several_two_line_excerpts_and_marks_memos(window, qtbot):
    doc = _plain(window)
    code = find_code(window, "Local Ownership")
    for start in range(0, 60, 5):
        window.project.add_coding(doc, code.id, start, start + 4, "a memo" if start == 5 else "")
    window.show_segments_for_code(code.id)
    table = window.segments.results
    qtbot.wait(10)
    line = table.fontMetrics().lineSpacing()
    height = table.rowHeight(0)
    assert height >= 2 * line and table.wordWrap()
    assert table.viewport().height() // height >= 4  # at least four two-line excerpts
    model = window.segments.model
    marked = [r for r in range(model.rowCount())
              if model.index(r, 0).data(Qt.ItemDataRole.DecorationRole) is not None]
    assert [model.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).start for r in marked] == [5]


def test_quitting_leaves_no_lock_file(window, project_path):
    lock = project_path.with_name(project_path.name + ".lock")
    assert lock.exists()
    window.close()
    assert not lock.exists()
    assert sorted(p.name for p in project_path.parent.iterdir() if p.name.startswith("test")) \
        == ["test.glocal"]


def test_the_readme_names_where_settings_are_written(tmp_path):
    """A real window run writes its settings; the README names that file (Linux)."""
    if sys.platform != "linux":
        return
    config = tmp_path / "config"
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(config), "GLOCAL_ANNOTATOR_DATA": str(tmp_path / "data"),
           "GLOCAL_ANNOTATOR_QUIT_WHEN_SHOWN": "1"}
    from glocal_annotator.demo import build_demo

    build_demo(tmp_path / "demo.glocal").close()
    subprocess.run([sys.executable, "-m", "glocal_annotator", str(tmp_path / "demo.glocal")],
                   env=env, check=True, capture_output=True, timeout=120)
    written = [p.relative_to(config) for p in config.rglob("*") if p.is_file()]
    assert len(written) == 1, written
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"`~/.config/{written[0]}`" in readme

"""The import job asks for the encoding of an uncertain text file and reports what it added."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

from glocal_annotator.ui.exchange.encoding_dialog import EncodingDialog
from tests.ui.helpers import message_boxes

TRIAL = Path(__file__).resolve().parents[2] / "importers" / "samples" / "trial"
HEBREW = "הנשים בנו את השוק בעצמן."


def _dialog() -> EncodingDialog | None:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, EncodingDialog) and w.isVisible()), None)


def _import(window, qtbot, tmp_path, *names: str):
    paths = []
    for name in names:
        shutil.copy(TRIAL / name, tmp_path / name)
        paths.append(tmp_path / name)
    return window.import_files(paths)


def test_uncertain_encoding_is_chosen_with_a_preview(window, qtbot, tmp_path):
    before = len(window.project.documents())
    job = _import(window, qtbot, tmp_path, "hebrew_cp1255.txt")
    qtbot.waitUntil(lambda: _dialog() is not None, timeout=5000)
    dialog = _dialog()
    assert len(window.project.documents()) == before  # nothing stored on a guess
    assert "is uncertain" in dialog.findChild(QLabel, "encodingNotice").text()
    likely = [dialog.choice.itemData(i) for i in range(dialog.choice.count())
              if "(likely)" in dialog.choice.itemText(i)]
    assert "cp1255" in likely and len(likely) >= 2
    assert dialog.preview.toPlainText().strip() != HEBREW  # the first guess is not Hebrew
    dialog.choose("cp1255")
    assert dialog.preview.toPlainText().strip() == HEBREW
    dialog.grab().save(str(tmp_path / "encoding_dialog.png"))
    with qtbot.waitSignal(job.finished, timeout=5000):
        dialog.import_button.click()
    documents = window.project.documents()
    assert len(documents) == before + 1
    assert window.project.document_text(documents[-1].id) == HEBREW
    assert documents[-1].metadata["encoding"] == "cp1255"


def test_skipping_the_choice_imports_nothing_and_says_so(window, qtbot, tmp_path):
    before = len(window.project.documents())
    job = _import(window, qtbot, tmp_path, "hebrew_cp1255.txt")
    qtbot.waitUntil(lambda: _dialog() is not None, timeout=5000)
    with qtbot.waitSignal(job.finished, timeout=5000):
        _dialog().reject()
    assert len(window.project.documents()) == before
    report = next(b for b in message_boxes() if b.objectName() == "importReport")
    assert "hebrew_cp1255.txt: skipped: its text encoding is uncertain" in report.informativeText()


def test_report_tells_what_an_import_added(window, qtbot, tmp_path):
    job = _import(window, qtbot, tmp_path, "structures.docx")
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    report = next(b for b in message_boxes() if b.objectName() == "importReport")
    assert report.text() == "1 imported; what the import added or left out:"
    assert report.informativeText() == ("• structures.docx: added after the text, each under its "
                                        "label: 1 footnote, 1 endnote, 1 header")

"""Exports are written whole or not at all, and fail with one clear line."""

from __future__ import annotations

import os
import stat

import pytest
from docx.document import Document

from glocal_annotator.atomic import atomic_write
from glocal_annotator.errors import ExportFailure
from glocal_annotator.exporters.codebook_docx import export_codebook_docx
from glocal_annotator.exporters.document_docx import export_document_docx
from glocal_annotator.exporters.excerpts_docx import export_excerpts_docx
from glocal_annotator.exporters.tables import export_excerpts_table


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_success_replaces_the_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with atomic_write(target) as temp:
        assert temp.parent == tmp_path and temp != target
        temp.write_text("new")
        assert target.read_text() == "old"  # not replaced before the end
    assert target.read_text() == "new"
    assert _leftovers(tmp_path) == []


def test_new_file_gets_ordinary_permissions(tmp_path):
    target = tmp_path / "out.txt"
    with atomic_write(target) as temp:
        temp.write_text("x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_failure_inside_removes_the_temp_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("good")
    with pytest.raises(RuntimeError), atomic_write(target) as temp:
        temp.write_text("half")
        raise RuntimeError("boom")
    assert target.read_text() == "good"
    assert _leftovers(tmp_path) == []


def _half_save(self, path):
    if hasattr(path, "write"):  # the Word exports let python-docx save into memory first
        path.write(b"PK\x03\x04 half a zip")
    else:
        with open(path, "wb") as handle:
            handle.write(b"PK\x03\x04 half a zip")
    raise RuntimeError("disk pulled out")


def _half_excel_save(self):
    self._archive.writestr("xl/half.xml", "half a workbook")
    raise RuntimeError("disk pulled out")


def _half_chunks(out, parts, ticker):
    out.write(b"<w:p>half a body")
    raise RuntimeError("disk pulled out")


@pytest.mark.parametrize("where", ["library save", "body written"])
@pytest.mark.parametrize("exporter", ["excerpts", "document", "codebook", "csv", "xlsx"])
def test_exporter_failing_midway_leaves_nothing(built, tmp_path, monkeypatch, exporter, where):
    import openpyxl.workbook.workbook
    import openpyxl.writer.excel

    if where == "library save":
        monkeypatch.setattr(Document, "save", _half_save)
    else:  # the Word body goes into the file after python-docx saved the rest
        monkeypatch.setattr("glocal_annotator.exporters._wordml._write_chunks", _half_chunks)
    monkeypatch.setattr(openpyxl.workbook.workbook.Workbook, "save", _half_save)
    monkeypatch.setattr(openpyxl.writer.excel.ExcelWriter, "save", _half_excel_save)
    monkeypatch.setattr("csv.writer", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("x")))
    suffix = {"csv": ".csv", "xlsx": ".xlsx"}.get(exporter, ".docx")
    fresh = tmp_path / f"fresh{suffix}"
    existing = tmp_path / f"existing{suffix}"
    existing.write_bytes(b"the good old file")
    for target in (fresh, existing):
        with pytest.raises(RuntimeError):
            if exporter == "excerpts":
                export_excerpts_docx(built.project, target)
            elif exporter == "document":
                export_document_docx(built.project, built.documents["notes.txt"], target)
            elif exporter == "codebook":
                export_codebook_docx(built.project, target)
            else:
                export_excerpts_table(built.project, target)
    assert not fresh.exists()
    assert existing.read_bytes() == b"the good old file"
    assert _leftovers(tmp_path) == []


def test_missing_folder_is_one_clear_line(built, tmp_path):
    target = tmp_path / "no" / "such" / "report.docx"
    with pytest.raises(ExportFailure) as caught:
        export_excerpts_docx(built.project, target)
    message = str(caught.value)
    assert "\n" not in message
    assert "does not exist" in message and str(target) in message


def test_a_folder_in_the_way(built, tmp_path):
    (tmp_path / "report.docx").mkdir()
    with pytest.raises(ExportFailure, match="a folder has that name"):
        export_codebook_docx(built.project, tmp_path / "report.docx")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_permission_denied(built, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(ExportFailure, match="permission denied"):
            export_excerpts_table(built.project, locked / "x.csv")
    finally:
        locked.chmod(0o700)


def test_os_error_while_writing_becomes_export_failure(tmp_path):
    target = tmp_path / "out.bin"
    with pytest.raises(ExportFailure, match="disk is full"), atomic_write(target):
        raise OSError(28, "No space left on device")
    assert not target.exists()
    assert _leftovers(tmp_path) == []

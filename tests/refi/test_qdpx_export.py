"""Whole-project .qdpx export: valid against Project.xsd, shaped as the big tools write it, and
read back identical."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from glocal_annotator import progress as progress_module
from glocal_annotator.errors import ExportFailure
from glocal_annotator.exporters.project_qdpx import export_project_qdpx
from glocal_annotator.project_exchange import import_qdpx
from glocal_annotator.refi.project_reader import read_project
from glocal_annotator.refi.safe_xml import parse_xml
from tests.projects import add_text, empty_project
from tests.refi.qdpx_helpers import content, rich_project, validate_qdpx

NS = "{urn:QDA-XML:project:1.0}"


def test_export_is_valid_and_shaped_like_the_annex_example(tmp_path: Path) -> None:
    project = rich_project(tmp_path)
    out = tmp_path / "out.qdpx"
    result = export_project_qdpx(project, out)
    assert (result.documents, result.codings, result.coders) == (2, 6, 3)
    # the project's 2 memo items (one on a document), a document's own memo, 3 coding memos
    assert (result.memos, result.document_memos, result.coding_memos) == (2, 1, 3)
    qde = validate_qdpx(out)
    root = parse_xml(qde)
    assert root.tag == f"{NS}Project"
    assert [child.tag.removeprefix(NS) for child in root] == [
        "Users", "CodeBook", "Sources", "Notes", "NoteRef"]
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
    documents = {d.guid: d for d in project.documents()}
    for source in root.iter(f"{NS}TextSource"):
        guid = source.get("guid")
        assert source.get("plainTextPath") == f"internal://{guid}.txt"
        assert f"sources/{guid}.txt" in names  # lowercase folder, GUID names
        with zipfile.ZipFile(out) as archive:
            data = archive.read(f"sources/{guid}.txt")
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
        text = data.decode("utf-8")
        assert text == project.document_text(documents[guid].id)
        for selection in source.iter(f"{NS}PlainTextSelection"):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            # code points over the stored text: the name is the selected text
            assert " ".join(text[start:end].split()) == selection.get("name")
            coding = selection.find(f"{NS}Coding")
            assert coding.get("creatingUser") and coding.get("creationDateTime")


def test_export_import_compare_is_identical(tmp_path: Path) -> None:
    project = rich_project(tmp_path)
    out = tmp_path / "out.qdpx"
    export_project_qdpx(project, out)
    report = import_qdpx(tmp_path / "copy.glocal", out)
    assert report.applied and report.new_project
    assert all(units.on_words == units.selections for units in report.units)
    from glocal_annotator.project import Project

    with Project.open(tmp_path / "copy.glocal") as copy:
        assert content(copy) == content(project)
        # exported again, the copy gives the same project file content
        export_project_qdpx(copy, tmp_path / "again.qdpx")
    # the GUIDs of everything written (selections and notes derived from their owners) stay
    guids = [
        sorted(element.get("guid") for element in parse_xml(zipfile.ZipFile(p).read(
            "project.qde")).iter() if element.get("guid"))
        for p in (out, tmp_path / "again.qdpx")
    ]
    assert guids[0] == guids[1]


def test_reimporting_our_own_export_changes_nothing(tmp_path: Path) -> None:
    project = rich_project(tmp_path)
    path = project.path
    out = tmp_path / "out.qdpx"
    export_project_qdpx(project, out)
    before = content(project)
    project.close()
    report = import_qdpx(path, out)
    assert not report.applied
    for kind, counts in report.counts.items():
        assert counts["added"] == counts["changed"] == 0, kind
        assert counts["only_here"] == 0, kind
    from glocal_annotator.project import Project

    with Project.open(path) as reopened:
        assert content(reopened) == before


def test_a_foreign_description_goes_back_unchanged(tmp_path: Path) -> None:
    project = rich_project(tmp_path)
    out = tmp_path / "out.qdpx"
    export_project_qdpx(project, out)
    codes = {node.name: node for _, node in read_project(out).codebook.walk()}
    assert codes["Plain definition"].short_definition == "Definition: written elsewhere"
    qde = zipfile.ZipFile(out).read("project.qde").decode()
    assert "<Description>Definition: written elsewhere</Description>" in qde


def test_export_warns_about_what_qualcoder_drops(tmp_path: Path) -> None:
    project = empty_project(tmp_path)
    add_text(project, "a.txt", "some text")
    top = project.add_code("Place").result
    project.add_code("Place", project.add_code("Other").result)
    project.add_code("Folder", top, codable=False)
    result = export_project_qdpx(project, tmp_path / "out.qdpx")
    assert len(result.warnings) == 2
    assert "unique code names" in result.warnings[0] and "'Place' (2 codes)" in result.warnings[0]
    assert "folder" in result.warnings[1] and "'Folder' in 'Place'" in result.warnings[1]
    clean = empty_project(tmp_path, "clean.glocal")
    clean.add_code("Only")
    assert export_project_qdpx(clean, tmp_path / "clean.qdpx").warnings == []


def test_export_says_which_documents_lose_their_pages_title_and_author(tmp_path: Path) -> None:
    from glocal_annotator.importers import ExtractedText

    project = empty_project(tmp_path)
    add_text(project, "plain.txt", "no pages here")
    project.add_document("report.pdf", ExtractedText("Page one.\nPage two.", "pdf",
                                                     page_starts=(0, 10)))
    project.add_document("titled.pdf", ExtractedText("Only text.", "pdf",
                                                     metadata={"title": "A study"}))
    [warning] = export_project_qdpx(project, tmp_path / "out.qdpx").warnings
    assert "2 documents go without them" in warning and "'report.pdf', 'titled.pdf'" in warning
    assert "plain.txt" not in warning and "merging" in warning


def test_export_never_writes_over_the_project(tmp_path: Path) -> None:
    project = rich_project(tmp_path)
    before = project.path.read_bytes()
    with pytest.raises(ExportFailure):
        export_project_qdpx(project, project.path)
    assert project.path.read_bytes() == before


def test_an_empty_project_exports_valid(tmp_path: Path) -> None:
    project = empty_project(tmp_path)
    validate_qdpx(Path(export_project_qdpx(project, tmp_path / "e.qdpx").path))


def test_text_xml_cannot_hold_is_kept_in_the_source_and_offsets_stay(tmp_path: Path) -> None:
    project = empty_project(tmp_path)
    text = "bad \x01 char \ufffe here and a word"
    document = add_text(project, "odd.txt", text)
    code = project.add_code("Code").result
    start = text.index("word")
    project.add_coding(document, code, start, start + 4, memo="memo \x02 too")
    out = tmp_path / "odd.qdpx"
    export_project_qdpx(project, out)
    validate_qdpx(out)
    report = import_qdpx(tmp_path / "odd-copy.glocal", out)
    assert report.applied
    from glocal_annotator.project import Project

    with Project.open(tmp_path / "odd-copy.glocal") as copy:
        (coding,) = copy.codings()
        assert copy.document_text(coding.document_id)[coding.start : coding.end] == "word"


def test_export_reports_progress_and_a_cancel_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    from glocal_annotator.exporters import ExportCancelled

    monkeypatch.setattr(progress_module, "REPORT_INTERVAL", 0.0)  # a report after every step
    project = rich_project(tmp_path)
    seen: list[tuple[int, int]] = []
    out = tmp_path / "out.qdpx"
    export_project_qdpx(project, out, lambda done, total: seen.append((done, total)))
    # read: a unit per document and coding; laid out: one per coding; written: one per
    # document and one for project.qde (under a MiB here: one step)
    total = 2 * len(project.documents()) + 2 * len(project.codings()) + 1
    assert seen[0] == (0, total) and all(t == total for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and len(seen) == total + 1
    assert seen[-1] == (total, total)
    laid_out = 1 + len(project.documents()) + 2 * len(project.codings())
    # at the start, while reading, laying out project.qde, writing it, at the last source
    for stop_after in (1, 3, laid_out, laid_out + 1, total + 1):
        calls = []

        def progress(done: int, total: int, calls=calls, stop_after=stop_after) -> bool:
            calls.append(done)
            return len(calls) < stop_after

        target = tmp_path / f"cancelled-{stop_after}.qdpx"
        with pytest.raises(ExportCancelled):
            export_project_qdpx(project, target, progress)
        assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if ".qdpx" in p.name) == ["out.qdpx"]


def test_cancel_while_project_qde_is_compressed_leaves_nothing(tmp_path: Path,
                                                               monkeypatch) -> None:
    from glocal_annotator.exporters import ExportCancelled
    from glocal_annotator.refi import project_xml

    monkeypatch.setattr(progress_module, "REPORT_INTERVAL", 0.0)  # a report after every step
    monkeypatch.setattr(project_xml, "QDE_CHUNK", 512)  # project.qde in many steps
    project = rich_project(tmp_path)
    seen: list[tuple[int, int]] = []
    whole = tmp_path / "whole.qdpx"
    export_project_qdpx(project, whole, lambda done, total: seen.append((done, total)))
    validate_qdpx(whole)  # written a chunk at a time, still the same valid file
    total = seen[-1][1]
    laid_out = 1 + len(project.documents()) + 2 * len(project.codings())
    chunks = len(seen) - 1 - laid_out - len(project.documents())
    assert chunks > 3 and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    for stop_after in (laid_out + 1, laid_out + chunks // 2, laid_out + chunks):
        calls: list[int] = []

        def progress(done: int, total: int, calls=calls, stop_after=stop_after) -> bool:
            calls.append(done)
            return len(calls) < stop_after

        with pytest.raises(ExportCancelled):
            export_project_qdpx(project, tmp_path / "cancelled.qdpx", progress)
        assert len(calls) == stop_after
    assert sorted(p.name for p in tmp_path.iterdir() if ".qdpx" in p.name) == ["whole.qdpx"]

"""What real writers do, tolerated; hostile archives refused with one line, nothing left behind."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from docx import Document as WordDocument

from glocal_annotator.errors import ImportFailure
from glocal_annotator.project import Project
from glocal_annotator.project_exchange import import_qdpx, read_for_import
from tests.refi.qdpx_helpers import qde, write_archive

G = [f"11111111-1111-4111-8111-{n:012d}" for n in range(40)]
TEXT = "Alpha beta gamma.\nDelta epsilon zeta 😀 eta theta."


def source(guid: str, name: str, path: str, selections: str = "", extra: str = "") -> str:
    return (f'<TextSource guid="{guid}" name="{name}" plainTextPath="{path}" {extra}>'
            f"{selections}</TextSource>")


def selection(guid: str, start: int, end: int, code: str, coding: str, **attrs: str) -> str:
    more = " ".join(f'{k}="{v}"' for k, v in attrs.items())
    return (f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}" '
            f'{more}><Coding guid="{coding}"><CodeRef targetGUID="{code}"/></Coding>'
            "</PlainTextSelection>")


CODEBOOK = (f'<CodeBook><Codes><Code guid="{G[0]}" name="Nodes" isCodable="false">'
            f'<Code guid="{G[1]}" name="Greek" isCodable="true"/></Code></Codes></CodeBook>')


def span(word: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


@pytest.mark.parametrize("namespace", ["urn:QDA-XML:project:1.0", "urn:QDA-XML:project:1:0",
                                       "urn:QDA-XML:project:0:4"])
@pytest.mark.parametrize("qde_name", ["project.qde", "My Study.qde"])
@pytest.mark.parametrize("folder", ["sources", "Sources", "SOURCES"])
def test_namespaces_names_and_folders(tmp_path: Path, namespace: str, qde_name: str,
                                      folder: str) -> None:
    start, end = span("gamma")
    body = CODEBOOK + "<Sources>" + source(
        G[2], "doc.txt", f"internal://{G[3].upper()}.txt",
        selection(G[4], start, end, G[1], G[5]),
    ) + "</Sources>"
    archive = write_archive(tmp_path / "x.qdpx", {
        qde_name: qde(body, namespace=namespace),
        f"{folder}/{G[3]}.txt": TEXT,
    })
    report = import_qdpx(tmp_path / "x.glocal", archive)
    assert report.imported()["codings"] == 1
    with Project.open(tmp_path / "x.glocal") as project:
        (code,) = project.codes()  # NVivo's root "Nodes" folder is unwrapped
        assert code.name == "Greek"
        (coding,) = project.codings()
        assert project.document_text(coding.document_id)[coding.start : coding.end] == "gamma"


def test_nvivo_windows_utf16_bom_crlf(tmp_path: Path) -> None:
    raw = "\ufeff" + TEXT.replace("\n", "\r\n")
    selections = ""
    for number, word in enumerate(["gamma", "zeta", "theta"]):
        begin = raw.index(word)
        start = len(raw[:begin].encode("utf-16-le")) // 2
        end = start + len(word.encode("utf-16-le")) // 2
        selections += selection(G[10 + number], start, end, G[1], G[20 + number])
    body = CODEBOOK + "<Sources>" + source(G[2], "doc.txt", f"internal://{G[3]}.txt",
                                           selections) + "</Sources>"
    archive = write_archive(tmp_path / "n.qdpx", {"project.qde": qde(body),
                                                  f"sources/{G[3]}.txt": raw.encode("utf-8")})
    incoming = read_for_import(archive)
    (units,) = incoming.units
    assert units.key == "utf16-crlf2-bom" and units.on_words == 3
    texts = [incoming.documents[0].text[c.start : c.end] for c in incoming.documents[0].codings]
    assert texts == ["gamma", "zeta", "theta"]


def test_relative_absolute_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "rel.txt").write_text(TEXT, encoding="utf-8")
    outside = tmp_path / "abs.txt"
    outside.write_text("Absolute text here", encoding="utf-8")
    secret = tmp_path / "secret"
    secret.write_text("no suffix", encoding="utf-8")
    body = "<Sources>" + "".join([
        source(G[2], "relative", "relative:///media/rel.txt"),
        source(G[3], "absolute", f"absolute://{outside.as_posix()}"),
        source(G[4], "no suffix", f"absolute://{secret.as_posix()}"),
        source(G[5], "device", "absolute:///dev/zero.txt"),
        source(G[6], "climbing", "relative:///../../etc/passwd.txt"),
        source(G[7], "missing", f"internal://{G[8]}.txt"),
    ]) + "</Sources>"
    archive = write_archive(tmp_path / "p.qdpx", {"project.qde": qde(body)})
    # unasked, nothing is read from this computer, and the report says how to allow it
    unasked = read_for_import(archive)
    assert unasked.documents == []
    assert "--outside-files" in "\n".join(unasked.skipped)
    incoming = read_for_import(archive, outside_files=True)
    assert {d.name: d.text for d in incoming.documents} == {
        "relative": TEXT, "absolute": "Absolute text here"}
    skipped = "\n".join(incoming.skipped)
    for name in ("no suffix", "device", "climbing", "missing"):
        assert f"the source {name!r}" in skipped
    assert "climbs out" in skipped
    with_base = write_archive(tmp_path / "b.qdpx", {"project.qde": qde(
        "<Sources>" + source(G[2], "based", "relative:///rel.txt") + "</Sources>",
        attrs=f'basePath="{(tmp_path / "media").as_posix()}"')})
    assert [d.text for d in read_for_import(with_base, outside_files=True).documents] == [TEXT]


def test_rich_text_when_there_is_no_plain_text(tmp_path: Path) -> None:
    word = WordDocument()
    word.add_paragraph("Alpha beta gamma.")
    word.add_paragraph("Delta epsilon.")
    buffer = io.BytesIO()
    word.save(buffer)
    start, end = span("gamma")
    body = CODEBOOK + "<Sources>" + (
        f'<TextSource guid="{G[2]}" name="word.docx" richTextPath="internal://{G[3]}.docx">'
        + selection(G[4], start, end, G[1], G[5]) + "</TextSource>"
        + f'<TextSource guid="{G[6]}" name="inline"><PlainTextContent>{TEXT}</PlainTextContent>'
        + "</TextSource>"
    ) + "</Sources>"
    archive = write_archive(tmp_path / "r.qdpx", {"project.qde": qde(body),
                                                  f"sources/{G[3]}.docx": buffer.getvalue()})
    incoming = read_for_import(archive)
    docs = {d.name: d for d in incoming.documents}
    assert docs["word.docx"].text.startswith("Alpha beta gamma.\nDelta epsilon.")
    coding = docs["word.docx"].codings[0]
    assert docs["word.docx"].text[coding.start : coding.end] == "gamma"
    assert docs["inline"].text == TEXT
    assert any("rich text" in line for line in incoming.transformed)


def test_pdf_representation_duplicates_empty_names_notes_cases(tmp_path: Path) -> None:
    start, end = span("beta")
    body = (
        CODEBOOK
        + f'<Variables><Variable guid="{G[30]}" name="age" typeOfVariable="Integer"/></Variables>'
        + f'<Cases><Case guid="{G[31]}"><VariableValue><VariableRef targetGUID="{G[30]}"/>'
        f'<IntegerValue>42</IntegerValue></VariableValue><SourceRef targetGUID="{G[2]}"/></Case>'
        "</Cases><Sources>"
        + f'<PDFSource guid="{G[2]}" name="paper.pdf" path="internal://{G[9]}.pdf">'
        f'<Representation guid="{G[3]}" plainTextPath="internal://{G[3]}.txt">'
        + selection(G[4], start, end, G[1], G[5])
        + f'<NoteRef targetGUID="{G[12]}"/></Representation>'
        f'<NoteRef targetGUID="{G[13]}"/></PDFSource>'
        + source(G[6], "", f"internal://{G[3]}.txt")
        + source(G[7], "paper.pdf", f"internal://{G[7]}.txt",
                 f'<PlainTextSelection guid="{G[14]}" startPosition="0" endPosition="5">'
                 f'<Coding guid="{G[15]}"><CodeRef targetGUID="{G[1]}"/>'
                 f'<NoteRef targetGUID="{G[16]}"/></Coding></PlainTextSelection>')
        + "</Sources><Notes>"
        + "".join(f'<Note guid="{G[n]}" name="note {n}"><PlainTextContent>text {n}'
                  "</PlainTextContent></Note>" for n in (12, 13, 16, 17))
        + f"</Notes><Graphs><Graph guid=\"{G[18]}\"/></Graphs><Unknown/>"
        + f'<NoteRef targetGUID="{G[17]}"/>'
    )
    archive = write_archive(tmp_path / "m.qdpx", {
        "project.qde": qde(body), f"sources/{G[3]}.txt": TEXT,
        f"sources/{G[7]}.txt": "Other text entirely"})
    report = import_qdpx(tmp_path / "m.glocal", archive)
    with Project.open(tmp_path / "m.glocal") as project:
        names = sorted(d.name for d in project.documents())
        assert names == sorted(["paper.pdf", "paper.pdf (2)", f"{G[3]}.txt"])
        pdf = next(d for d in project.documents() if d.name == "paper.pdf")
        assert pdf.format == "pdf" and project.document_variables(pdf.id) == {"age": "42"}
        assert project.find_variable("age").type == "number"  # Integer in the file
        codings = {project.document(c.document_id).name: c for c in project.codings()}
        assert codings["paper.pdf (2)"].memo == "text 16"
        memos = {m.title: m for m in project.memos()}
        assert memos["note 13"].document_id == pdf.id  # a note on the source
        assert memos["note 17"].document_id is None  # a project note
    skipped = "\n".join(report.skipped)
    assert "graph" in skipped and "<Unknown>" in skipped
    assert any("without a name" in line for line in report.transformed)


# -- hostile archives ---------------------------------------------------------------------------


def _zip_with_raw_name(path: Path, name: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde(""))
        info = zipfile.ZipInfo("x" * len(name))
        archive.writestr(info, b"evil")
    data = path.read_bytes().replace(b"x" * len(name), name.encode())
    path.write_bytes(data)
    return path


def _bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", b"<" + b" " * (60 * 1024 * 1024))
    return path


HOSTILE = {
    "climbing": lambda p: _zip_with_raw_name(p, "../../evil.txt"),
    "absolute": lambda p: _zip_with_raw_name(p, "/etc/evil.txt"),
    "bomb": _bomb,
    "nested": lambda p: write_archive(p, {"project.qde": qde(""), "sources/inner.zip": b"PK"}),
    "external entity": lambda p: write_archive(p, {"project.qde": (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>')}),
    "entity expansion": lambda p: write_archive(p, {"project.qde": (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>')}),
    "no qde": lambda p: write_archive(p, {"sources/a.txt": "text"}),
    "not a project": lambda p: write_archive(p, {"project.qde": "<CodeBook/>"}),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_archives_are_refused_with_one_line_and_leave_nothing(
    tmp_path: Path, kind: str
) -> None:
    archive = HOSTILE[kind](tmp_path / "hostile.qdpx")
    target = tmp_path / "new.glocal"
    before = set(os.listdir(tmp_path))
    with pytest.raises(ImportFailure) as error:
        import_qdpx(target, archive)
    message = str(error.value)
    assert "\n" not in message and message.startswith("Cannot import hostile.qdpx")
    assert set(os.listdir(tmp_path)) == before  # no project, no temporary folder


def test_hostile_archive_changes_nothing_in_an_existing_project(tmp_path: Path) -> None:
    target = tmp_path / "p.glocal"
    Project.create(target, default_codebook=False).close()
    before = target.read_bytes()
    with pytest.raises(ImportFailure):
        import_qdpx(target, HOSTILE["climbing"](tmp_path / "h.qdpx"))
    assert target.read_bytes() == before

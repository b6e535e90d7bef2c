"""Word exports read in print, where comments are hidden: a legend and numbered notes in the
coded document; memos that stay with their excerpts and table rows that are never split. The last
test converts to PDF with LibreOffice (skipped where it is not installed) and reads the pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from glocal_annotator.exporters._common import ExcerptReportOptions
from glocal_annotator.exporters.document_docx import export_document_docx
from glocal_annotator.exporters.excerpts_docx import export_excerpts_docx
from glocal_annotator.importers import ExtractedText
from glocal_annotator.project import Project
from tests.exporters.helpers import W, body_xml


def _marks(path: Path) -> list[tuple[str, str]]:
    """(number, shading) of each superscript note mark in the body, in reading order."""
    found = []
    for run in body_xml(path).iter(f"{W}r"):
        if run.find(f"{W}rPr/{W}vertAlign") is None:
            continue
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        shading = run.find(f"{W}rPr/{W}shd")
        if text != ",":
            found.append((text, shading.get(f"{W}fill") if shading is not None else ""))
    return found


def test_coded_document_numbers_each_coding_and_lists_the_notes(built, tmp_path):
    out = tmp_path / "doc.docx"
    document_id = built.documents["interview-01.txt"]
    count = export_document_docx(built.project, document_id, out)
    codings = built.project.codings(document_ids=[document_id])
    codes = {c.id: c for c in built.project.codes()}
    marks = _marks(out)
    assert [number for number, _ in marks] == [str(n) for n in range(1, count + 1)]
    document = docx.Document(out)
    legend, notes = document.tables[0], document.tables[-1]
    assert [c.text for c in legend.rows[0].cells] == ["", "Code", "Codings", "Notes"]
    legend_rows = {row.cells[1].text: row.cells[3].text for row in legend.rows[1:]}
    listed = sorted(int(n) for text in legend_rows.values() for n in text.split(", "))
    assert listed == list(range(1, count + 1))  # every note number is under its code
    assert [row.cells[0].text for row in notes.rows[1:]] == [str(n) for n in range(1, count + 1)]
    # each note names the coding's code, coder and memo; the mark is shaded in that code's colour
    by_text = {c.memo: c for c in codings if c.memo}
    for row in notes.rows[1:]:
        code_cell, memo = row.cells[2].text, row.cells[3].text
        if memo:
            coding = by_text[memo]
            code = codes[coding.code_id]
            assert code.path.replace("/", " / ") in code_cell
            assert "¶" in code_cell
    hybrid_numbers = legend_rows["Change / Hybrid"].split(", ")
    hybrid_fill = {fill for number, fill in marks if number in hybrid_numbers}
    assert len(hybrid_fill) == 1
    body = [p.text for p in document.paragraphs]
    assert "Notes: the codings" in body
    explanation = next(t for t in body if "ends with a small number" in t)
    assert "numbered notes" in explanation


def test_excerpt_report_keeps_memos_with_excerpts_and_rows_whole(built, tmp_path):
    out = tmp_path / "r.docx"
    export_excerpts_docx(built.project, out, ExcerptReportOptions(include_context=True))
    root = body_xml(out)
    paragraphs = list(root.iter(f"{W}p"))
    styles = [p.find(f"{W}pPr/{W}pStyle") for p in paragraphs]
    names = [s.get(f"{W}val") if s is not None else "" for s in styles]
    memo_count = 0
    for index, name in enumerate(names):
        if name == "ExcerptMemo":
            memo_count += 1
            citation = paragraphs[index - 1]
            assert names[index - 1] == "ExcerptCitation"
            assert citation.find(f"{W}pPr/{W}keepNext") is not None
            assert paragraphs[index].find(f"{W}pPr/{W}keepLines") is not None
        if name == "CodedExcerpt":
            assert names[index + 1] == "ExcerptCitation"  # the style keeps it with the next
            assert paragraphs[index].find(f"{W}pPr/{W}keepLines") is not None
    assert memo_count >= 4
    document = docx.Document(out)
    excerpt_style = document.styles["Coded Excerpt"]
    assert excerpt_style.paragraph_format.keep_with_next
    for row in root.iter(f"{W}tr"):
        assert row.find(f"{W}trPr/{W}cantSplit") is not None


def _pdf_pages(docx_path: Path) -> list[str]:
    # A profile of its own: a LibreOffice already running for the user (or another test run)
    # would otherwise take the conversion over and the command fail.
    profile = (docx_path.parent / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(docx_path.parent), str(docx_path)],
        check=True, capture_output=True, timeout=240,
    )
    pdf = docx_path.with_suffix(".pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="LibreOffice and poppler-utils are not installed")
def test_printed_pages_show_the_codes_and_keep_memos_with_excerpts(tmp_path):
    text = "\n".join(
        f"Paragraph {n}: " + " ".join(f"word{n}x{i}" for i in range(40 + (n * 7) % 30))
        for n in range(60)
    )
    with Project.create(tmp_path / "p.glocal", default_codebook=False, coder="ana") as project:
        parent = project.add_code("Family").result
        code_ids = [project.add_code(f"Sibling {n}", parent).result for n in range(4)]
        document = project.add_document("long.txt", ExtractedText(text, "txt")).result
        for n in range(60):
            start = text.index(f"Paragraph {n}:")
            memo = " ".join(["A memo line that runs on."] * (1 + n % 5))
            project.add_coding(document, code_ids[n % 4], start, start + 200 + (n % 9) * 40,
                               f"Memo {n}. {memo}")
        export_excerpts_docx(project, tmp_path / "r.docx")
        export_document_docx(project, document, tmp_path / "doc.docx")
    pages = _pdf_pages(tmp_path / "r.docx")
    assert len(pages) > 5
    for number, page in enumerate(pages[1:], start=2):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines:
            # a page never opens with a memo (nor with a citation: it stays with its excerpt)
            assert not lines[0].startswith("Memo:"), (number, lines[:3])
            assert not re.match(r"long\.txt · ¶", lines[0]), (number, lines[:3])
    printed = "\n".join(_pdf_pages(tmp_path / "doc.docx"))
    assert "Notes: the codings" in printed
    for n in range(4):
        assert f"Family / Sibling {n}" in printed  # the codes are named in print
    assert "Memo 59." in printed

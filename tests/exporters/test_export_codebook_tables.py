"""The codebook document, and the CSV/XLSX tables of coded excerpts."""

from __future__ import annotations

import csv
from datetime import datetime

import docx
import openpyxl
import pytest

from glocal_annotator.errors import ExportFailure
from glocal_annotator.exporters import ExportCancelled
from glocal_annotator.exporters._wordml import hex_color
from glocal_annotator.exporters.codebook_docx import export_codebook_docx
from glocal_annotator.exporters.tables import (
    COLUMNS,
    EXCEL_CELL_LIMIT,
    excel_text,
    export_excerpts_table,
)
from glocal_annotator.importers import ExtractedText
from glocal_annotator.model import CodingFilter
from glocal_annotator.spreadsheet_cells import unprotect
from tests.exporters.helpers import W, body_xml

# -- codebook ----------------------------------------------------------------------------------


def test_codebook_headings_by_depth_in_codebook_order(built, tmp_path):
    out = tmp_path / "codebook.docx"
    assert export_codebook_docx(built.project, out) == 5
    document = docx.Document(out)
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading") and p.text != "Overview"
    ]
    assert headings == [
        ("Heading 1", "Change"),
        ("Heading 2", "Hybrid"),
        ("Heading 2", "Sameness"),
        ("Heading 1", "Resistance"),
        ("Heading 1", "Unused"),
    ]
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == "Codebook: study"


def test_codebook_entries_hold_every_field(built, tmp_path):
    out = tmp_path / "codebook.docx"
    export_codebook_docx(built.project, out)
    document = docx.Document(out)
    overview, *entries = document.tables
    assert [row.cells[1].text for row in overview.rows][1:] == [
        "Change",
        "Hybrid",
        "Sameness",
        "Resistance",
        "Unused",
    ]
    hybrid = {row.cells[0].text: row.cells[1].text for row in entries[1].rows}
    assert hybrid == {
        "Colour": "███  #F4A261",
        "Path": "Change / Hybrid",
        "Short definition": "Global and local mixed.",
        "Full definition": "Long definition of hybrid.",
        "When to use": "When mixed.",
        "When not to use": "When pure.",
        "Example": "A rice burger.",
        "Memo": "Grounded in Pieterse.",
        "Codings": "3",
    }
    unused = {row.cells[0].text: row.cells[1].text for row in entries[4].rows}
    assert unused["Codable"].startswith("No")
    assert unused["Codings"] == "0"
    fills = {shd.get(f"{W}fill") for shd in body_xml(out).iter(f"{W}shd")}
    assert {hex_color(c.color) for c in built.project.codes()} <= fills


# -- tables ------------------------------------------------------------------------------------


def _expected(project, **filters) -> list[list[str]]:
    return [
        [e.document, e.code_path, str(e.start), str(e.end), e.text, e.coder, e.memo, e.created_at]
        for e in project.excerpts(**filters)
    ]


def test_csv_round_trip_with_bom_and_quoted_newlines(built, tmp_path):
    out = tmp_path / "excerpts.csv"
    assert export_excerpts_table(built.project, out) == 9
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(COLUMNS)
    # every cell verbatim, but for the quote that keeps a would-be formula text (see test_tables)
    assert [[unprotect(cell) for cell in row] for row in rows[1:]] == _expected(built.project)
    assert "'=SUM(A1) looks like a formula\tbut" in {row[4] for row in rows[1:]}
    assert any("\n" in row[4] for row in rows[1:])  # a coding over two paragraphs
    assert any(row[6] == "Two lines\nof memo" for row in rows[1:])


def test_csv_filters_include_sub_codes(built, tmp_path):
    out = tmp_path / "excerpts.csv"
    change = built.codes["Change"]
    wanted = [change, built.codes["Hybrid"], built.codes["Sameness"]]
    count = export_excerpts_table(built.project, out, CodingFilter(code_ids=[change]))
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    assert count == len(rows) == 7
    assert [[unprotect(c) for c in row] for row in rows] == _expected(
        built.project, code_ids=wanted
    )


def test_xlsx_round_trip(built, tmp_path):
    out = tmp_path / "excerpts.xlsx"
    document_id = built.documents["report.pdf"]
    assert export_excerpts_table(built.project, out, CodingFilter(document_ids=[document_id])) == 2
    sheet = openpyxl.load_workbook(out).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [*COLUMNS[:-1], "created (UTC)"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    excerpts = built.project.excerpts(document_ids=[document_id])
    for row, excerpt in zip(rows[1:], excerpts, strict=True):
        assert row[:7] == [
            excerpt.document,
            excerpt.code_path,
            excerpt.start,
            excerpt.end,
            excerpt.text,
            excerpt.coder,
            excerpt.memo or None,
        ]
        created = datetime.fromisoformat(excerpt.created_at.replace("Z", "+00:00"))
        assert row[7] == created.replace(tzinfo=None)


def test_xlsx_text_is_never_a_formula(built, tmp_path):
    out = tmp_path / "excerpts.xlsx"
    export_excerpts_table(
        built.project, out, CodingFilter(document_ids=[built.documents["notes.txt"]])
    )
    cell = openpyxl.load_workbook(out).active["E2"]
    assert cell.value == "=SUM(A1) looks like a formula\tbut"
    assert cell.data_type == "s"


def test_xlsx_long_and_illegal_text(tmp_path):
    from glocal_annotator.project import Project

    long_text = "word " * 8000  # 40,000 characters
    with Project.create(tmp_path / "p.glocal", default_codebook=False) as project:
        code = project.add_code("A").result
        document_id = project.add_document("long.txt", ExtractedText(long_text, "txt")).result
        project.add_coding(document_id, code, 0, len(long_text), memo="bell\x07 inside")
        out = tmp_path / "long.xlsx"
        export_excerpts_table(project, out)
    sheet = openpyxl.load_workbook(out).active
    text = sheet["E2"].value
    assert len(text) <= EXCEL_CELL_LIMIT
    assert text.endswith("[…truncated: the full text has 40,000 characters]")
    assert long_text.startswith(text[:30000])
    assert sheet["G2"].value == "bell inside"
    assert excel_text("a\x00b\x1fc") == "abc"


def test_unknown_table_suffix(built, tmp_path):
    with pytest.raises(ExportFailure, match=r"\.ods file; use \.csv or \.xlsx"):
        export_excerpts_table(built.project, tmp_path / "x.ods")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(("x.", ".x."))]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_table_cancel_writes_nothing(built, tmp_path, suffix):
    out = tmp_path / f"t{suffix}"
    with pytest.raises(ExportCancelled):
        export_excerpts_table(built.project, out, progress=lambda done, total: done == 0)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".t", "t."))]

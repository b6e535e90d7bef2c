"""The agreement table and the disagreement list as Word and CSV files, read back with their own
readers (python-docx, csv) and compared with the analysis they came from."""

from __future__ import annotations

import csv
from pathlib import Path

import docx
import pytest

from glocal_annotator.analysis.project_agreement import agreement_report, disagreement_list
from glocal_annotator.errors import ExportFailure
from glocal_annotator.exporters.agreement_docx import (
    export_agreement_docx,
    export_disagreements_docx,
)
from glocal_annotator.exporters.agreement_tables import (
    agreement_csv_rows,
    disagreement_csv_rows,
    write_csv,
)
from tests.projects import add_text, empty_project

TALK = "Ana spoke of the river.\n=The market sells rice burgers.\nمرحبا بالعالم 😀 here.\n"


@pytest.fixture()
def project(tmp_path):
    project = empty_project(tmp_path, "team.glocal")
    talk = add_text(project, "talk.txt", TALK)
    add_text(project, "notes.txt", "Nothing coded.\n")
    parent = project.add_code("Place").result
    river = project.add_code("River", parent).result
    market = project.add_code("=Market").result
    project.add_coding(talk, river, 17, 22, coder="ana")
    project.add_coding(talk, river, 17, 22, coder="ben")
    start = TALK.index("=The")
    project.add_coding(talk, market, start, start + 10, coder="ana")
    project.add_coding(talk, market, start, start + 30, coder="ben")
    arabic = TALK.index("مرحبا")
    project.add_coding(talk, river, arabic, arabic + 13, coder="ben")
    yield project
    project.close()


def table_text(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_number_columns_hold_their_widest_number_unbroken():
    from glocal_annotator.exporters.agreement_docx import CELL_MARGINS, column_width, text_twips

    assert text_twips("999,999,999", 10) > text_twips("15,099", 10) > text_twips("1", 10)
    assert text_twips("mmm", 10) > text_twips("iii", 10)
    assert text_twips("Bold", 9, bold=True) > text_twips("Bold", 9)
    wide = column_width(["999,999,999"], ["Units"])
    assert wide == text_twips("999,999,999", 10) + CELL_MARGINS
    # a header word with a soft hyphen needs only its longer piece (and the hyphen)
    assert column_width(["1"], ["Krippen\u00addorff's"]) < column_width(["1"], ["Krippendorff's"])


def test_agreement_word_table_has_a_row_per_code_and_the_method_beside_each_figure(
        project, tmp_path):
    report = agreement_report(project, ["ana", "ben"])
    path = tmp_path / "agreement.docx"
    assert export_agreement_docx(report.to_json(), path, project_name=project.name,
                                 project_file=project.path) == len(report.rows)
    document = docx.Document(path)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    assert document.paragraphs[0].text == "Inter-coder agreement"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Coders: ana, ben" in text and "Level: character" in text
    assert report.unit_method.removeprefix("unit: ") in text
    table = document.tables[0]
    rows = table_text(table)
    header = rows[0]
    assert header[3].startswith("Percent agreement") and "% of units" in header[3]
    assert header[4].startswith("Cohen's kappa") and "Cohen 1960" in header[4]
    assert header[5].startswith("Krippendorff's alpha") and "Krippendorff 2011" in header[5]
    # the header row repeats on every page
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")
    assert [row[0] for row in rows[1:]] == ["Place / River", "=Market", "(all codes)"]
    for row, figures in zip(rows[1:], report.rows, strict=True):
        result = figures.figures
        assert row[1] == f"{result.units:,}" and row[2] == f"{result.agreeing:,}"
        assert row[3] == f"{result.percent:.1f} %"
        assert row[4] == f"{result.kappa:.3f}" and row[5] == f"{result.alpha:.3f}"
    # the code's name has most of the width (a path on one or two lines); the numbers and the
    # header words each fit their columns (long words hyphenate where Word is allowed to)
    widths = [int(w) for w in table._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
    assert sum(widths) <= 9071 and widths[0] >= 3500 and widths[0] == max(widths)
    assert table.rows[0]._tr.xpath(".//w:softHyphen")
    coded = table_text(document.tables[1])
    assert coded[0] == ["Code", "ana", "ben"]
    market = next(r for r in report.rows if r.code == "=Market").figures
    assert coded[2] == ["=Market", f"{market.coded[0]:,}", f"{market.coded[1]:,}"]
    # every method in words, and each formula with its source
    for method in ("Cohen's kappa (Cohen 1960), two coders",
                   "Krippendorff's alpha, nominal (Krippendorff 2011)"):
        assert method in text
    assert "κ = (pₒ − pₑ) ÷ (1 − pₑ)" in text and "α = 1 − D_o ÷ D_e" in text


def test_three_coders_and_undefined_figures_say_na(project, tmp_path):
    project.add_coding(project.find_document("notes.txt").id, project.find_code("=Market").id,
                       0, 7, coder="cleo")
    report = agreement_report(project, ["ana", "ben", "cleo"], level="segment", threshold=0.5)
    path = tmp_path / "three.docx"
    export_agreement_docx(report.to_json(), path, project_name=project.name)
    document = docx.Document(path)
    rows = table_text(document.tables[0])
    assert all(row[4] == "n/a" for row in rows[1:])  # kappa: two coders only
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Overlap threshold: 50%" in text
    assert table_text(document.tables[1])[0] == ["Code", "ana", "ben", "cleo"]


def test_disagreement_word_list_groups_passages_by_document(project, tmp_path):
    rows = disagreement_list(project, ["ana", "ben"])
    assert len(rows) == 2
    path = tmp_path / "disagreements.docx"
    assert export_disagreements_docx([row.to_json() for row in rows], path,
                                     coders=["ana", "ben"], project_name=project.name) == 2
    document = docx.Document(path)
    paragraphs = document.paragraphs
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Summary", "talk.txt"]
    summary = table_text(document.tables[0])
    assert summary[0] == ["Code", "Passages", "Characters"]
    assert summary[-1] == ["Total", "2", str(sum(r.end - r.start for r in rows))]
    passages = [p.text for p in paragraphs if p.style.name == "Disputed Passage"]
    assert passages == [row.text for row in rows]  # exact text, right-to-left and emoji kept
    citations = [p.text for p in paragraphs if p.style.name == "Passage Citation"]
    first = rows[0]
    assert citations[0] == (f"Place / River · characters {first.start:,}–{first.end:,} · coded "
                            f"by ben; not by ana")


def test_no_disagreements_says_so(project, tmp_path):
    path = tmp_path / "none.docx"
    export_disagreements_docx([], path, coders=["ana", "ben"], project_name="p")
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "No disagreements" in text and "0 passages" in text


def test_csv_files_keep_methods_and_never_start_a_formula(project, tmp_path):
    report = agreement_report(project, ["ana", "ben"], level="paragraph")
    path = tmp_path / "agreement.csv"
    assert write_csv(path, agreement_csv_rows(report.to_json())) == len(report.rows)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["code"] for row in rows] == ["Place/River", "'=Market", "(all codes)"]
    assert {row["kappa_method"] for row in rows} == {"Cohen's kappa (Cohen 1960), two coders"}
    assert float(rows[0]["percent_agreement"]) == pytest.approx(report.rows[0].figures.percent)
    listed = disagreement_csv_rows(row.to_json() for row in disagreement_list(project,
                                                                               ["ana", "ben"]))
    assert listed[0] == ["document", "start", "end", "code", "coded_by", "not_coded_by", "text"]
    assert listed[1][3] == "Place/River" and listed[1][4] == "ben"
    assert all(not str(cell).startswith("=") for row in listed for cell in row)


def test_a_failed_write_leaves_nothing(project, tmp_path):
    report = agreement_report(project, ["ana", "ben"])
    with pytest.raises(ExportFailure):
        export_agreement_docx(report.to_json(), tmp_path / "missing" / "a.docx",
                              project_name="p")
    with pytest.raises(ExportFailure):  # never over the project itself
        export_agreement_docx(report.to_json(), project.path, project_name="p",
                              project_file=project.path)
    assert Path(project.path).stat().st_size > 0
    assert not list(tmp_path.glob("*.docx"))

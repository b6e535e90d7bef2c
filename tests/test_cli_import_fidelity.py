"""Import from the command line as a reader expects: uncertain encodings, notices, PDFs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from glocal_annotator.exporters._common import Locator
from glocal_annotator.project import Project
from tests.importers.samples import make_samples as report  # the LibreOffice sample's source
from tests.test_cli import run

SAMPLES = Path(__file__).resolve().parent / "importers" / "samples"
TRIAL = SAMPLES / "trial"
HEBREW = "הנשים בנו את השוק בעצמן."


@pytest.fixture
def workdir(tmp_path):
    for name in ("hebrew_cp1255.txt", "structures.docx", "ligatures.pdf"):
        shutil.copy(TRIAL / name, tmp_path / name)
    shutil.copy(SAMPLES / "report.pdf", tmp_path / "report.pdf")
    run("new", "p.glocal", "--empty", cwd=tmp_path)
    return tmp_path


def _docs(workdir: Path) -> list[dict]:
    return json.loads(run("docs", "p.glocal", "--json", cwd=workdir).stdout)


def test_uncertain_encoding_is_refused_in_one_line_until_chosen(workdir):
    result = run("import", "p.glocal", "hebrew_cp1255.txt", cwd=workdir, expect=1)
    [line] = result.stderr.strip().splitlines()
    assert "hebrew_cp1255.txt" in line and "encoding is uncertain" in line
    assert "Windows-1255 (Hebrew) reads \u201c" + HEBREW in line  # the right reading is offered
    assert "--encoding" in line
    assert _docs(workdir) == []  # nothing stored on a guess

    out = run("import", "p.glocal", "--encoding", "windows-1255", "hebrew_cp1255.txt",
              cwd=workdir).stdout
    assert "Imported hebrew_cp1255.txt (24 characters)" in out
    with Project.open(workdir / "p.glocal", read_only=True) as project:
        [document] = project.documents()
        assert project.document_text(document.id) == HEBREW
        assert document.metadata["encoding"] == "cp1255"


def test_unknown_encoding_name_is_one_line(workdir):
    result = run("import", "p.glocal", "--encoding", "klingon", "hebrew_cp1255.txt",
                 cwd=workdir, expect=1)
    assert result.stderr.strip() == ("error: 'klingon' is not a text encoding Python knows; use a "
                                     "name such as cp1255, windows-1251 or latin-1")


def test_chosen_encoding_does_not_spoil_utf8_files(workdir):
    (workdir / "utf8.txt").write_text("Caf\u00e9 \u05e9\u05dc\u05d5\u05dd", encoding="utf-8")
    run("import", "p.glocal", "--encoding", "cp1255", "utf8.txt", cwd=workdir)
    with Project.open(workdir / "p.glocal", read_only=True) as project:
        [document] = project.documents()
        assert project.document_text(document.id) == "Caf\u00e9 \u05e9\u05dc\u05d5\u05dd"


def test_import_says_what_it_added(workdir):
    out = run("import", "p.glocal", "structures.docx", cwd=workdir).stdout
    assert out.strip() == ("Imported structures.docx (528 characters); added after the text, "
                           "each under its label: 1 footnote, 1 endnote, 1 header")


def _excerpts(workdir: Path) -> list[dict]:
    return json.loads(run("excerpts", "p.glocal", "--json", cwd=workdir).stdout)


@pytest.mark.parametrize(("widen", "expected"), [
    ("paragraph", "The programme was effective and financially sound. Officials reflected on the "
                  "flow of funds. The international donors left; local women stayed."),
    ("sentence", "The international donors left; local women stayed."),
])
def test_widened_autocode_on_a_pdf_covers_the_readers_unit(workdir, widen, expected):
    run("new", "c.glocal", cwd=workdir)  # a codebook to code with
    run("import", "c.glocal", "ligatures.pdf", cwd=workdir)
    run("autocode", "c.glocal", "--code", "Hybridization", "--pattern", "international",
        "--plain", "--widen", widen, cwd=workdir)
    rows = json.loads(run("excerpts", "c.glocal", "--json", cwd=workdir).stdout)
    assert [row["text"] for row in rows] == [expected]


def test_paragraph_widen_and_numbers_on_a_paragraph_across_pages(workdir):
    """The LibreOffice PDF's third body paragraph runs from page 2 onto page 3."""
    run("new", "c.glocal", cwd=workdir)
    run("import", "c.glocal", "report.pdf", cwd=workdir)
    run("autocode", "c.glocal", "--code", "Hybridization", "--pattern",
        "responsibilities reflected", "--plain", "--widen", "paragraph", cwd=workdir)
    rows = json.loads(run("excerpts", "c.glocal", "--json", cwd=workdir).stdout)
    with Project.open(workdir / "c.glocal", read_only=True) as project:
        [document] = project.documents()
        text = project.document_text(document.id)
    page_three = document.page_starts[2]
    [row] = [row for row in rows if row["start"] < page_three < row["end"]]
    assert row["text"] == report.BODY[2]
    # Title, body 1, body 2 (first part), footnote, body 2 (after the footnote), body 3.
    assert Locator(text, document.page_starts).location(row["start"], row["end"]) == (
        "pp. 2\u20133, \u00b6 6")

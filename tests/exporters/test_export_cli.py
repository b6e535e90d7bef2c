"""The export commands end to end, as a user runs them (a subprocess)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from tests.exporters.helpers import build

REPO = Path(__file__).resolve().parents[2]
# Same as `python -m glocal_annotator ...`, with the export commands registered even before
# cli.py imports glocal_annotator.cli_export itself.
RUN = (
    "import runpy, glocal_annotator.cli_export; "
    "runpy.run_module('glocal_annotator', run_name='__main__', alter_sys=True)"
)


def glocal(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", RUN, *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    built = build(tmp_path / "study.glocal")
    built.project.close()
    return built.path


def test_export_report_and_tables(project_file, tmp_path):
    result = glocal(
        "export",
        str(project_file),
        "r.docx",
        "--code",
        "Change",
        "--by",
        "document",
        "--context",
        "--no-memos",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Exported 7 excerpts to r.docx"
    document = docx.Document(tmp_path / "r.docx")
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Coded Excerpt") == 7 and "Excerpt Memo" not in styles

    result = glocal("export", str(project_file), "t.csv", "--coder", "bo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4 and {row["coder"] for row in rows} == {"bo"}

    result = glocal("export", str(project_file), "t.xlsx", "--doc", "report", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Exported 2 excerpts to t.xlsx"


def test_export_document_and_codebook(project_file, tmp_path):
    result = glocal(
        "export-document", str(project_file), "--doc", "interview-01", "d.docx", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "with 6 codings" in result.stdout
    assert len(docx.Document(tmp_path / "d.docx").comments) == 6

    result = glocal("codebook", "export", str(project_file), "c.docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Exported 5 codes to c.docx"
    headings = [p.text for p in docx.Document(tmp_path / "c.docx").paragraphs]
    assert "Sameness" in headings


@pytest.mark.parametrize(
    "args, message",
    [
        (["export", "{p}", "out.pdf"], "cannot export a .pdf file (out.pdf)"),
        (["export-document", "{p}", "--doc", "notes", "out.txt"], "use .docx"),
        (["codebook", "export", "{p}", "out.xlsx"], "use .docx, .qdc or .csv"),
        (["export", "{p}", "out.docx", "--code", "nope"], "there is no code named 'nope'"),
        (["export", "{p}", "missing/out.docx"], "does not exist"),
    ],
)
def test_errors_are_one_line_and_exit_1(project_file, tmp_path, args, message):
    result = glocal(*(a.format(p=project_file) for a in args), cwd=tmp_path)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and message in last
    assert "Traceback" not in result.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(("out", ".out"))]


def test_codebook_without_an_action_is_bad_usage(tmp_path):
    result = glocal("codebook", cwd=tmp_path)
    assert result.returncode == 2
    actions = "add, rename, move, recolour, edit, delete, merge, export or import"
    assert f"choose an action: {actions}" in result.stderr


def test_exports_leave_the_project_unchanged(project_file, tmp_path):
    before = project_file.read_bytes()
    result = glocal("export", str(project_file), "r.docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert project_file.read_bytes() == before


def test_export_with_charts_draws_them_without_a_display(project_file, tmp_path):
    """``--charts`` renders the app's charts on Qt's offscreen platform: no display, no
    QT_QPA_PLATFORM needed; the figures are the selection's."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY",
                                                             "WAYLAND_DISPLAY")}
    result = subprocess.run(
        [sys.executable, "-c", RUN, "export", str(project_file), "r.docx", "--charts",
         "--code", "Change"],
        cwd=tmp_path, env={**env, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
        timeout=120)
    assert result.returncode == 0, result.stderr
    document = docx.Document(tmp_path / "r.docx")
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == ["Figure 1. Codings per code", "Figure 2. Codes by documents",
                        "Figure 3. Code co-occurrence (overlapping)"]
    assert len(document.inline_shapes) == 3
    for shape in document.inline_shapes:  # within the text column
        section = document.sections[0]
        assert shape.width <= section.page_width - section.left_margin - section.right_margin


def test_charts_only_go_into_a_word_report(project_file, tmp_path):
    result = glocal("export", str(project_file), "t.xlsx", "--charts", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "--charts" in result.stderr
    assert not (tmp_path / "t.xlsx").exists()

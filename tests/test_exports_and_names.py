"""Exports and names: characters XML cannot hold, cells a spreadsheet would run, code names that
hold "/", "did you mean", and help on every option. Through the command line where a user would."""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from lxml import etree

from glocal_annotator.cli import build_parser
from glocal_annotator.code_paths import escape_name, find_code, join_path, split_path
from glocal_annotator.errors import NotFound
from glocal_annotator.project import Project
from glocal_annotator.spreadsheet_cells import FORMULA_STARTS, spreadsheet_text, unprotect
from glocal_annotator.xml_chars import xml_chars

REPO = Path(__file__).resolve().parents[1]
TRIALS = REPO.parent.parent / "shared" / "trial-cases"
if not TRIALS.is_dir():
    TRIALS = Path("/work/shared/trial-cases")


def run(*args: str, cwd: Path, expect: int = 0) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "GLOCAL_ANNOTATOR_DATA": str(cwd / "data")}
    result = subprocess.run(
        [sys.executable, "-m", "glocal_annotator", *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=120,
    )
    assert result.returncode == expect, (args, result.stdout, result.stderr)
    if expect == 1:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return result


# -- characters XML cannot hold ----------------------------------------------------------------


def _xml_allowed(code_point: int) -> bool:
    """The Char production of XML 1.0 (fifth edition), section 2.2, written out again."""
    return (
        code_point in (0x9, 0xA, 0xD)
        or 0x20 <= code_point <= 0xD7FF
        or 0xE000 <= code_point <= 0xFFFD
        or 0x10000 <= code_point <= 0x10FFFF
    )


def test_xml_chars_keeps_exactly_what_xml_allows():
    samples = [*range(0, 0x100), *range(0xD700, 0xE100), *range(0xFFF0, 0x10010), 0x1F600,
               0x10FFFF]
    for code_point in samples:
        char = chr(code_point)
        assert (xml_chars(char) == char) == _xml_allowed(code_point), hex(code_point)
    text = "".join(chr(c) for c in samples)
    etree.fromstring(f"<a>{xml_chars(text).replace('&', '').replace('<', '')}</a>".encode())
    assert xml_chars(None) == "" and xml_chars(12) == "12"


def _trial_project(tmp_path: Path) -> Path:
    """A project with the two trial files coded, U+FFFE/U+FFFF in memos and names too."""
    for name in ("u_ffff.txt", "u_fffe.txt"):
        (tmp_path / name).write_bytes((TRIALS / name).read_bytes())
    path = tmp_path / "p.glocal"
    with Project.create(path, coder="ana\uffff") as project:
        code = project.add_code("caf\ufffe code", memo="memo \uffff here").result
        for name in ("u_ffff.txt", "u_fffe.txt"):
            document = project.import_file(tmp_path / name).result
            text = project.document_text(document)
            start = text.index("caf")
            project.add_coding(document, code, start, start + 9, "memo \ufffe\uffff x")
            project.rename_document(document, f"\uffff{name}")
    return path


def test_exports_of_text_with_u_fffe_u_ffff_succeed_without_them(tmp_path):
    _trial_project(tmp_path)
    for args in (
        ("export", "p.glocal", "out.xlsx"),
        ("export", "p.glocal", "out.docx"),
        ("export", "p.glocal", "out.csv"),
        ("export-document", "p.glocal", "--doc", "1", "doc.docx"),
        ("codebook", "export", "p.glocal", "cb.docx"),
        ("codebook", "export", "p.glocal", "cb.qdc"),
        ("codebook", "export", "p.glocal", "cb.csv"),
    ):
        result = run(*args, cwd=tmp_path)
        assert "Traceback" not in result.stderr
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    values = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row]
    texts = [v for v in values if isinstance(v, str)]
    assert "caf menu" in texts and "caf code" in texts and "ana" in texts
    assert "memo  x" in texts and "u_ffff.txt" in texts
    assert not any("\ufffe" in t or "\uffff" in t for t in texts)
    for name in ("out.docx", "doc.docx", "cb.docx"):
        with zipfile.ZipFile(tmp_path / name) as archive:
            for part in archive.namelist():
                if part.endswith(".xml"):
                    etree.fromstring(archive.read(part))  # well-formed
        assert "caf code" in "\n".join(p.text for p in docx.Document(tmp_path / name).paragraphs
                                       ) + "".join(c.text for t in docx.Document(
                                           tmp_path / name).tables for r in t.rows
                                           for c in r.cells)
    etree.parse(str(tmp_path / "cb.qdc"))


# -- cells a spreadsheet would run as formulas -------------------------------------------------


def test_spreadsheet_text_rules():
    for start in FORMULA_STARTS:
        assert spreadsheet_text(start + "SUM(A1)") == "'" + start + "SUM(A1)"
        assert unprotect(spreadsheet_text(start + "x")) == start + "x"
    for number in ("-5", "+3.5", "1,000", "-0.25"):
        assert spreadsheet_text(number) == number
    for plain in ("", "hello", "'quoted", "not =at the start", "   ", "  -5"):
        assert spreadsheet_text(plain) == plain and unprotect(plain) == plain
    # Trial variants: signs after white space an import may trim, and DDE-style starts
    for risky in ("   =SUM(A1)", " \u3000=1+1", "\n+cmd", "\u00a0@SUM(1)", "-2+3", "@SUM(1)",
                  "\t=1", "\r=1", "\uff1dHYPERLINK(1)", "=cmd|' /C calc'!A0"):
        assert spreadsheet_text(risky) == "'" + risky
        assert unprotect(spreadsheet_text(risky)) == risky
    assert unprotect("'=x") == "=x" and unprotect("'x") == "'x"


def test_csv_export_of_survey_answers_shows_them_as_text(tmp_path):
    (tmp_path / "survey.txt").write_bytes((TRIALS / "survey.txt").read_bytes())
    run("new", "p.glocal", cwd=tmp_path)
    run("import", "p.glocal", "survey.txt", cwd=tmp_path)
    lines = (tmp_path / "survey.txt").read_text("utf-8").splitlines()
    more = ["+1 said yes", "-minus first", "\ttabbed", "\uff1dfull-width equals"]
    for line in lines:
        run("code", "p.glocal", "--doc", "survey", "--code", "Hybridization", "--quote", line,
            "--memo", "=1+1", cwd=tmp_path)
    with Project.open(tmp_path / "p.glocal") as project:
        document = project.documents()[0]
        code = project.find_code("Hybridization")
        coded = project.add_code("@code").result
        for number, text in enumerate(more):
            project.add_coding(document.id, code.id, number, number + 1, text)
        project.add_coding(document.id, coded, 0, 2, "-3")
    run("export", "p.glocal", "out.csv", cwd=tmp_path)
    run("export", "p.glocal", "out.xlsx", cwd=tmp_path)
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts = {row["text"] for row in rows}
    memos = {row["memo"] for row in rows}
    assert {"'" + line for line in lines} <= texts
    assert "'=1+1" in memos and "-3" in memos  # a plain number stays a number
    assert {"'" + text for text in more} <= memos
    assert "'@code" in {row["code"] for row in rows}
    for row in rows:
        for value in row.values():
            assert not value or value[0] not in FORMULA_STARTS or value == "-3", row
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    formulas = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert formulas and all(c.data_type == "s" for c in formulas)  # text, shown as written


# -- code names holding "/" --------------------------------------------------------------------


def test_written_paths_round_trip():
    for names in (["a"], ["a", "b"], ["in/out"], ["x\\y", "a/b/", "\\/"], ["end\\"]):
        assert split_path(join_path(names)) == names
    assert escape_name("a/b") == "a\\/b" and split_path("a\\q") == ["a\\q"]
    assert split_path("/a//b/") == ["a", "b"]


@pytest.fixture
def slashed(tmp_path):
    path = tmp_path / "p.glocal"
    with Project.create(path, default_codebook=False, coder="ana") as project:
        a = project.add_code("Migration").result
        project.add_code("in", a)
        project.add_code("in/out", a)
        project.add_code("Migration/in")
        project.add_code("Other")
        project.add_code("Other", a)
        document = project.add_document(
            "notes.txt", __import__("glocal_annotator.importers").importers.ExtractedText(
                "We moved in and out of town.\n", "txt")
        ).result
        project.add_coding(document, project.find_code("/Migration\\/in").id, 3, 8, "top")
        project.add_coding(document, project.find_code("Migration/in\\/out").id, 9, 19, "named")
    return path


def test_code_resolution_is_unambiguous(slashed):
    with Project.open(slashed, read_only=True) as project:
        codes = project.codes()
        paths = [c.path for c in codes]
        assert "Migration/in\\/out" in paths and "Migration\\/in" in paths
        assert len(set(paths)) == len(paths)
        assert find_code(codes, "Migration/in\\/out").name == "in/out"
        assert find_code(codes, "migration\\/IN").parent_id is None
        assert find_code(codes, "/Other").parent_id is None
        assert find_code(codes, "/Migration/Other").parent_id is not None
        with pytest.raises(NotFound) as error:
            find_code(codes, "Migration/in")
        assert "/Migration/in, /Migration\\/in" in str(error.value)
        with pytest.raises(NotFound, match="'Other' names 2 codes: /Migration/Other, /Other"):
            find_code(codes, "Other")
        with pytest.raises(NotFound, match="'in/out' names|there is no"):
            find_code(codes, "/in/out")
        assert find_code(codes, "in/out").name == "in/out"  # its name, written as typed


def test_cli_names_the_choices_and_takes_the_escape(slashed):
    cwd = slashed.parent
    result = run("excerpts", "p.glocal", "--code", "Migration/in", cwd=cwd, expect=1)
    assert "names 2 codes: /Migration/in, /Migration\\/in" in result.stderr
    top = run("excerpts", "p.glocal", "--code", "Migration\\/in", "--json", cwd=cwd).stdout
    child = run("excerpts", "p.glocal", "--code", "/Migration/in", "--json", cwd=cwd).stdout
    assert '"memo": "top"' in top and '"memo": "named"' not in top
    assert '"memo": "top"' not in child
    help_text = " ".join(run("code", "--help", cwd=cwd).stdout.split())
    assert "a / inside a name as \\/" in help_text
    assert "start with / for a path from the top" in help_text


def test_word_exports_print_names_as_written(slashed):
    cwd = slashed.parent
    run("export", "p.glocal", "r.docx", cwd=cwd)
    run("export", "p.glocal", "d.docx", "--by", "document", cwd=cwd)
    run("export-document", "p.glocal", "--doc", "notes", "doc.docx", cwd=cwd)
    run("codebook", "export", "p.glocal", "cb.docx", cwd=cwd)

    def everything(name: str) -> str:
        document = docx.Document(cwd / name)
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        comments = [c.text for c in document.comments]
        return "\n".join([p.text for p in document.paragraphs] + cells + comments)

    report = docx.Document(cwd / "r.docx")
    headings = [p.text for p in report.paragraphs if p.style.name.startswith("Heading")]
    assert "Migration/in" in headings and "in/out" in headings
    for name in ("r.docx", "d.docx", "doc.docx", "cb.docx"):
        text = everything(name)
        assert "Migration/in" in text, name  # the top-level code, its name as written
        assert "in / out" not in text, name  # never split into a hierarchy
        assert "\\/" not in text, name  # nor shown with the command line's escape
    for name in ("doc.docx", "d.docx", "cb.docx"):
        assert "Migration / in/out" in everything(name), name  # its path: parent / name


# -- did you mean, help ------------------------------------------------------------------------


def test_misspelt_names_get_did_you_mean(tmp_path):
    (tmp_path / "interview.txt").write_text("We made it our own.\n", "utf-8")
    run("new", "p.glocal", cwd=tmp_path)
    run("import", "p.glocal", "interview.txt", cwd=tmp_path)
    run("code", "p.glocal", "--doc", "interview", "--code", "Hybridization", "--quote", "made",
        "--coder", "Amina", cwd=tmp_path)
    for args, wanted in (
        (("code", "p.glocal", "--doc", "interview", "--code", "Hybridisation", "--quote", "We"),
         "did you mean 'Hybridization'"),
        (("code", "p.glocal", "--doc", "intervew", "--code", "Hybridization", "--quote", "We"),
         "did you mean 'interview.txt'"),
        (("excerpts", "p.glocal", "--code", "creolisation"),
         "did you mean 'Creolization'"),
        (("excerpts", "p.glocal", "--coder", "Amna"), "did you mean 'Amina'"),
        (("codebook", "rename", "p.glocal", "Ecofeminsm", "x"), "did you mean 'Ecofeminism'"),
    ):
        result = run(*args, cwd=tmp_path, expect=1)
        assert wanted in result.stderr, (args, result.stderr)
    result = run("excerpts", "p.glocal", "--code", "qqqqqq", cwd=tmp_path, expect=1)
    assert "did you mean" not in result.stderr


def _walk(parser: argparse.ArgumentParser, path: str):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helped = {id(action.choices[a.dest]) for a in action._choices_actions if a.help}
            for name, sub in action.choices.items():
                yield f"{path} {name}", id(sub) in helped
                yield from _walk(sub, f"{path} {name}")
        else:
            yield f"{path} {'/'.join(action.option_strings) or action.dest}", bool(
                action.help and action.help.strip()
            )


def test_every_option_and_command_has_help():
    items = list(_walk(build_parser(), "glocal-annotator"))
    assert len(items) > 80  # the walk reached the sub-commands' options
    missing = [name for name, helped in items if not helped]
    assert missing == []


def _commands(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*words, name)
                yield from _commands(sub, (*words, name))


def test_help_prints_for_every_command(capsys):
    parser = build_parser()
    commands = list(_commands(parser))
    assert ("codebook", "merge") in commands and ("export",) in commands
    for words in commands:
        with pytest.raises(SystemExit):
            parser.parse_args([*words, "--help"])
        out = capsys.readouterr().out
        words = tuple("recolour" if w == "recolor" else w for w in words)  # an alias
        assert out.startswith("usage: glocal-annotator " + " ".join(words)), words

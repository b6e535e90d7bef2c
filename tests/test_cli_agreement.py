"""``agreement`` on the command line, as a subprocess."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.projects import add_text, empty_project
from tests.test_cli import run


@pytest.fixture()
def workdir(tmp_path):
    project = empty_project(tmp_path, "p.glocal")
    document = add_text(project, "talk.txt", "alpha beta gamma\n=delta epsilon\n")
    code = project.add_code("Theme").result
    project.add_coding(document, code, 0, 10, coder="ana")
    project.add_coding(document, code, 0, 16, coder="ben")
    project.add_coding(document, code, 17, 23, coder="ben")
    project.close()
    return tmp_path


def test_table_names_each_method(workdir):
    out = run("agreement", "p.glocal", "--coders", "ana", "ben", cwd=workdir).stdout
    assert "Cohen's kappa (Cohen 1960)" in out and "Krippendorff's alpha, nominal" in out
    assert "each character of each document" in out
    theme = next(line for line in out.splitlines() if line.startswith("Theme"))
    assert theme.split()[1:4] == ["32", "20", "62.5"]  # 32 characters, 12 differ


def test_json_and_levels(workdir):
    data = json.loads(run("agreement", "p.glocal", "--coders", "ana", "ben", "--level",
                          "segment", "--threshold", "50%", "--json", cwd=workdir).stdout)
    theme = data["codes"][0]
    assert data["level"] == "segment" and data["threshold"] == 0.5
    assert theme["units"] == 3 and theme["agreeing_units"] == 2
    assert theme["cohen_kappa"]["method"].startswith("Cohen's kappa")
    excluded = json.loads(run("agreement", "p.glocal", "--coders", "ana", "ben",
                              "--exclude-uncoded", "--json", cwd=workdir).stdout)
    assert excluded["codes"][0]["units"] == 22


def test_csv_agreement_and_disagreements(workdir):
    rows = list(csv.DictReader(io.StringIO(run(
        "agreement", "p.glocal", "--coders", "ana", "ben", "--level", "paragraph", "--csv",
        cwd=workdir).stdout)))
    assert [row["code"] for row in rows] == ["Theme", "(all codes)"]
    assert rows[0]["percent_agreement"] == "50.0" and rows[0]["units"] == "2"
    assert "Krippendorff" in rows[0]["alpha_method"]
    listed = list(csv.DictReader(io.StringIO(run(
        "agreement", "p.glocal", "--coders", "ana", "ben", "--disagreements", "--csv",
        cwd=workdir).stdout)))
    assert [(r["start"], r["end"], r["coded_by"], r["not_coded_by"]) for r in listed] == [
        ("10", "16", "ben", "ana"), ("17", "23", "ben", "ana")]
    assert listed[1]["text"] == "'=delta"  # a formula start is shown as text
    text = run("agreement", "p.glocal", "--coders", "ana", "ben", "--disagreements",
               cwd=workdir).stdout
    assert "talk.txt [10, 16) Theme: coded by ben; not by ana: gamma" in text
    assert "2 passages where the coders differ" in text


def test_user_errors_are_one_line(workdir):
    for args, words in [(("--coders", "ana"), "at least two coders"),
                        (("--coders", "ana", "zed"), "no coder named 'zed'"),
                        (("--coders", "ana", "ben", "--code", "Nope"), "Nope")]:
        result = run("agreement", "p.glocal", *args, cwd=workdir, expect=1)
        assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "--threshold" in run("agreement", "p.glocal", "--coders", "ana", "ben",
                                "--threshold", "2", cwd=workdir, expect=2).stderr


def test_settle_from_the_command_line(workdir):
    out = run("settle", "p.glocal", "--doc", "talk", "--code", "Theme", "--range", "0", "16",
              "--keep", "ben", cwd=workdir).stdout
    assert "1 coding by 'consensus'" in out
    listed = json.loads(run("agreement", "p.glocal", "--coders", "ben", "consensus",
                            "--disagreements", "--json", cwd=workdir).stdout)
    assert [(d["start"], d["end"]) for d in listed] == [(17, 23)]
    error = run("settle", "p.glocal", "--doc", "talk", "--code", "Theme", "--range", "5", "2",
                "--keep", "ana", cwd=workdir, expect=1).stderr
    assert "empty or reversed" in error


def test_word_files_of_the_table_and_the_list(workdir):
    import docx

    out = run("agreement", "p.glocal", "--coders", "ana", "ben", "--level", "paragraph",
              "--docx", "table.docx", cwd=workdir).stdout
    assert "table.docx" in out
    document = docx.Document(workdir / "table.docx")
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert [row[0] for row in rows[1:]] == ["Theme", "(all codes)"]
    assert rows[1][3] == "50.0 %" and "Cohen 1960" in rows[0][4]
    assert any(p.text == "Level: paragraph" for p in document.paragraphs)
    run("agreement", "p.glocal", "--coders", "ana", "ben", "--disagreements", "--docx",
        "list.docx", cwd=workdir)
    passages = [p.text for p in docx.Document(workdir / "list.docx").paragraphs
                if p.style.name == "Disputed Passage"]
    assert passages == [" gamma", "=delta"]
    error = run("agreement", "p.glocal", "--coders", "ana", "ben", "--docx", "table.txt",
                cwd=workdir, expect=1).stderr
    assert ".docx" in error and len(error.strip().splitlines()) == 1
    assert not (workdir / "table.txt").exists()
    assert "not allowed with argument --csv" in run(
        "agreement", "p.glocal", "--coders", "ana", "ben", "--csv", "--docx", "x.docx",
        cwd=workdir, expect=2).stderr

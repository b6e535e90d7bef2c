"""``var``, ``sets``, ``speakers`` and ``--exclude-speaker`` end to end, as a subprocess: the
right output, and for bad input one line on stderr, exit 1 and the project unchanged."""

from __future__ import annotations

import json

import openpyxl
import pytest

from glocal_annotator.project import Project
from tests.test_cli import run


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "anna.txt").write_text(
        "Interviewer: Where does the water money come from?\n"
        "Anna: The water money comes from abroad.\n", encoding="utf-8")
    (tmp_path / "ben.txt").write_text(
        "[00:00:05] Interviewer: And the water committee?\n"
        "[00:00:09] Ben: The committee is local.\n", encoding="utf-8")
    run("new", "p.glocal", "--empty", cwd=tmp_path)
    run("import", "p.glocal", "anna.txt", "ben.txt", cwd=tmp_path)
    return tmp_path


def _unchanged(workdir, action, *args, message):
    before = (workdir / "p.glocal").read_bytes()
    result = run(*action, *args, cwd=workdir, expect=1)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], lines
    assert (workdir / "p.glocal").read_bytes() == before
    return lines[0]


def test_var_define_set_list_and_export(workdir):
    run("var", "define", "p.glocal", "Actor", "--type", "choice", "--choices", "Local, Global",
        cwd=workdir)
    out = run("var", "set", "p.glocal", "--doc", "anna", "Actor", "local", cwd=workdir).stdout
    assert out.strip() == "Set Actor of anna.txt to Local"
    out = run("var", "set", "p.glocal", "--doc", "ben", "Age", "41.50", cwd=workdir).stdout
    assert out.strip() == "Defined the variable Age (number); set Age of ben.txt to 41.5"
    listed = json.loads(run("var", "list", "p.glocal", "--json", cwd=workdir).stdout)
    assert [(v["name"], v["type"], v["choices"], v["documents"]) for v in listed] == [
        ("Actor", "choice", "Local, Global", 1), ("Age", "number", "", 1)]
    values = json.loads(run("var", "list", "p.glocal", "--values", "--json", cwd=workdir).stdout)
    assert values == [{"document": "anna.txt", "Actor": "Local", "Age": ""},
                      {"document": "ben.txt", "Actor": "", "Age": "41.5"}]
    run("var", "export", "p.glocal", "v.xlsx", cwd=workdir)
    sheet = openpyxl.load_workbook(workdir / "v.xlsx").worksheets[0]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Document", "Actor", "Age"], ["anna.txt", "Local", None], ["ben.txt", None, 41.5]]
    out = run("var", "set", "p.glocal", "--doc", "ben", "Age", "", cwd=workdir).stdout
    assert out.strip() == "Cleared Age of ben.txt"
    run("var", "delete", "p.glocal", "Actor", cwd=workdir)
    with Project.open(workdir / "p.glocal", read_only=True) as project:
        assert [v.name for v in project.variables()] == ["Age"]
        assert project.variable_values() == {}


def test_bad_values_and_names_change_nothing(workdir):
    run("var", "define", "p.glocal", "Age", "--type", "number", cwd=workdir)
    line = _unchanged(workdir, ("var", "set", "p.glocal"), "--doc", "anna", "Age", "12,5",
                      message="Age of anna.txt: '12,5' is not a number")
    assert 'decimal point as "."' in line
    _unchanged(workdir, ("var", "set", "p.glocal"), "--doc", "anna", "Agee", "3",
               message="there is no variable named 'Agee'; did you mean 'Age'?")
    _unchanged(workdir, ("var", "set", "p.glocal"), "--doc", "nobody", "Age", "3",
               message="there is no document named 'nobody'")
    _unchanged(workdir, ("var", "define", "p.glocal"), "age", "--type", "text",
               message="already a variable called 'Age'")
    _unchanged(workdir, ("var", "define", "p.glocal"), "Kind", "--type", "choice",
               message="needs its choices")
    _unchanged(workdir, ("sets", "remove", "p.glocal"), "Nope", "--doc", "anna",
               message="there is no document set named 'Nope'")
    _unchanged(workdir, ("var", "export", "p.glocal"), "p.glocal", message="use .csv or .xlsx")


def test_var_import_previews_then_applies_or_refuses(workdir):
    (workdir / "t.csv").write_text("Document,Age,Country\nanna,34,Kenya\nben,12,Peru\n"
                                   "carla,50,Chile\n", encoding="utf-8")
    out = run("var", "import", "p.glocal", "t.csv", "--dry-run", cwd=workdir).stdout
    assert "new variable 'Age': number (every value is a number)" in out
    assert "row 4 'carla'" in out and "Dry run: nothing was changed." in out
    with Project.open(workdir / "p.glocal", read_only=True) as project:
        assert project.variables() == []
    out = run("var", "import", "p.glocal", "t.csv", cwd=workdir).stdout
    assert "Imported: 2 new variables, 4 values added" in out
    (workdir / "bad.csv").write_text("Document,Age\nanna,12,5\nben,x\n", encoding="utf-8")
    (workdir / "bad.csv").write_text("Document;Age\nanna;12,5\nben;x\n", encoding="utf-8")
    before = (workdir / "p.glocal").read_bytes()
    result = run("var", "import", "p.glocal", "bad.csv", cwd=workdir, expect=1)
    assert result.stderr.strip().splitlines() == [
        "error: 2 problems in bad.csv, the first: row 2, Age (anna.txt): '12,5' is not a "
        'number: write the decimal point as "." and no thousands separators (for example 12.5 '
        "or 1200); nothing was imported"]
    assert (workdir / "p.glocal").read_bytes() == before
    preview = json.loads(run("var", "import", "p.glocal", "t.csv", "--json", cwd=workdir).stdout)
    assert preview["values"] == {"added": 0, "changed": 0, "unchanged": 4}
    assert preview["unknown_documents"] == [{"row": 4, "name": "carla"}]


def test_sets(workdir):
    out = run("sets", "add", "p.glocal", "Pilot", "--doc", "anna", "--doc", "ben", cwd=workdir)
    assert out.stdout.strip() == "Made the set Pilot with 2 documents"
    run("sets", "add", "p.glocal", "Water", "--doc", "anna", cwd=workdir)
    out = run("sets", "add", "p.glocal", "water", "--doc", "anna", "--doc", "ben", cwd=workdir)
    assert out.stdout.strip() == "Added 1 document to the set Water (1 already in it)"
    run("sets", "remove", "p.glocal", "Pilot", "--doc", "ben", cwd=workdir)
    run("sets", "rename", "p.glocal", "Pilot", "First round", cwd=workdir)
    listed = json.loads(run("sets", "list", "p.glocal", "--json", cwd=workdir).stdout)
    assert [(s["name"], s["members"]) for s in listed] == [
        ("First round", ["anna.txt"]), ("Water", ["anna.txt", "ben.txt"])]
    run("sets", "delete", "p.glocal", "Water", cwd=workdir)
    assert "Water" not in run("sets", "list", "p.glocal", cwd=workdir).stdout


def test_speakers_code_turns_and_exclude_the_interviewer(workdir):
    listed = json.loads(run("speakers", "p.glocal", "--json", cwd=workdir).stdout)
    assert listed["speakers"] == [
        # "Where does the water money come from?" 37, "And the water committee?" 24
        {"speaker": "Interviewer", "turns": 2, "characters": 37 + 24, "documents": 2},
        {"speaker": "Anna", "turns": 1, "characters": 34, "documents": 1},
        {"speaker": "Ben", "turns": 1, "characters": 23, "documents": 1}]
    only_ben = json.loads(run("speakers", "p.glocal", "--doc", "ben", "--json",
                              cwd=workdir).stdout)
    assert [s["speaker"] for s in only_ben["speakers"]] == ["Interviewer", "Ben"]
    _unchanged(workdir, ("speakers", "p.glocal"), "--speaker", "Anna",
               message="add --code-turns")
    _unchanged(workdir, ("speakers", "p.glocal"), "--pattern", "(unclosed",
               message="not a valid regular expression")
    _unchanged(workdir, ("search", "p.glocal"), "water", "--exclude-speaker", "Interviewer",
               message="no speaker code 'Interviewer'")
    out = run("speakers", "p.glocal", "--code-turns", cwd=workdir).stdout
    assert "Coded 4 turns under Speakers (4 codes added" in out
    hits = json.loads(run("search", "p.glocal", "water", "--json", cwd=workdir).stdout)
    assert len(hits) == 3
    kept = json.loads(run("search", "p.glocal", "water", "--exclude-speaker", "interviewer",
                          "--json", cwd=workdir).stdout)
    anna = (workdir / "anna.txt").read_text(encoding="utf-8")
    assert [(h["document"], h["start"]) for h in kept] == [
        ("anna.txt", anna.index("water", anna.index("Anna:")))]  # 51 + len("Anna: The ")
    out = run("autocode", "p.glocal", "--code", "Speakers/Anna", "--pattern", "money",
              "--exclude-speaker", "Interviewer", "--dry-run", cwd=workdir).stdout
    assert out.startswith("Would code 0 new passages") and "1 hit in 1 document" in out


def test_var_edit_renames_and_retypes_or_changes_nothing(workdir):
    run("var", "set", "p.glocal", "--doc", "anna", "Kind", "local", cwd=workdir)
    out = run("var", "edit", "p.glocal", "kind", "--name", "Actor", "--type", "choice",
              "--choices", "Local,Global", cwd=workdir).stdout
    assert out.strip() == ("Actor is a choice variable: Local, Global; 1 value rewritten in "
                           "its form")
    _unchanged(workdir, ("var", "edit", "p.glocal"), "Actor", "--type", "number",
               message="Actor cannot be a number variable: the value of anna.txt")

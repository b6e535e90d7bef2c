"""``glocal-annotator check`` finds document-variable values that no longer fit their
variable's type (put there by direct SQL, as another program or a hand edit would), names the
document, the variable and the value, and says how to fix them: ``var set`` or ``var edit
--type``. Nothing is written by the check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from glocal_annotator.cli import main
from glocal_annotator.store.check import full_problems, open_problems
from tests.projects import add_text, empty_project
from tests.store.damage import digest, run_sql


@pytest.fixture
def typed(tmp_path: Path) -> Path:
    """anna.txt and ben.txt with a value of each type: Age (number), Born (date), Member
    (boolean), Actor (choice: Local, Global), Note (text)."""
    project = empty_project(tmp_path, "typed.glocal")
    anna = add_text(project, "anna.txt", "Anna speaks.")
    ben = add_text(project, "ben.txt", "Ben speaks.")
    ids = {}
    for name, kind, choices in (("Age", "number", ()), ("Born", "date", ()),
                                ("Member", "boolean", ()), ("Actor", "choice", ("Local", "Global")),
                                ("Note", "text", ())):
        ids[name] = project.define_variable(name, kind, choices).result
    for document, values in ((anna, ("41", "1983-05-02", "yes", "local", "x")),
                             (ben, ("7.5", "2001-01-31", "no", "Global", "y"))):
        for name, value in zip(("Age", "Born", "Member", "Actor", "Note"), values, strict=True):
            project.set_variable_value(document, ids[name], value)
    path = project.path
    project.close()
    return path


def _check(path: Path, capsys) -> tuple[int, list[str]]:
    code = main(["check", str(path)])
    out = capsys.readouterr()
    assert out.err == ""
    return code, out.out.splitlines()


def _set_value(path: Path, document: str, variable: str, value: str) -> None:
    run_sql(path, "UPDATE variable_values SET value = " + _quote(value)
            + " WHERE document_id = (SELECT id FROM documents WHERE name = " + _quote(document)
            + ") AND variable_id = (SELECT id FROM variables WHERE name = " + _quote(variable)
            + ")")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def test_values_that_fit_are_healthy(typed, capsys):
    code, lines = _check(typed, capsys)
    assert code == 0 and lines[0].startswith("typed.glocal is healthy")


@pytest.mark.parametrize(("variable", "value", "says"), [
    ("Age", "forty", "variable 'Age' (number): 'forty' is not a number"),
    ("Age", "12,5", "variable 'Age' (number): '12,5' is not a number: write the decimal point"),
    ("Born", "01/02/2024", "variable 'Born' (date): '01/02/2024' is not a date"),
    ("Born", "2024-02-30", "variable 'Born' (date): '2024-02-30' is not a date"),
    ("Member", "maybe", "variable 'Member' (boolean): 'maybe' is not true or false"),
    ("Actor", "Martian", "variable 'Actor' (choice): 'Martian' is not one of the choices: "
                         "Local, Global"),
])
def test_a_value_that_does_not_fit_is_reported(typed, capsys, variable, value, says):
    _set_value(typed, "ben.txt", variable, value)
    before = digest(typed)
    code, lines = _check(typed, capsys)
    assert code == 1
    assert lines[0] == "typed.glocal is damaged: 1 problem"
    [listed] = [line for line in lines if line.startswith("  ")]
    assert listed.startswith("  document 2 'ben.txt', ") and says in listed, listed
    assert lines[-1].startswith("To fix a variable value: glocal-annotator var set ")
    assert "var edit" in lines[-1] and "--type text" in lines[-1]
    assert not any("salvage" in line for line in lines)  # nothing to copy: the file is sound
    assert digest(typed) == before


def test_a_choice_taken_out_of_the_list_and_an_unknown_type(typed, capsys):
    run_sql(typed, "UPDATE variables SET choices = '[\"Local\"]' WHERE name = 'Actor'",
            "UPDATE variables SET type = 'colour' WHERE name = 'Note'")
    code, lines = _check(typed, capsys)
    assert code == 1
    listed = [line for line in lines if line.startswith("  ")]
    assert listed == [
        "  variable 5 'Note': its type 'colour' is not one of text, number, date, boolean, "
        "choice",
        "  document 2 'ben.txt', variable 'Actor' (choice): 'Global' is not one of the "
        "choices: Local",
    ]


def test_the_quick_check_on_open_leaves_them_to_check(typed):
    """A misfit value does not stop a project from opening (the fix is made in it)."""
    _set_value(typed, "anna.txt", "Age", "old")
    conn = sqlite3.connect(f"file:{typed}?mode=ro", uri=True)
    try:
        assert open_problems(conn, 3) == []
        assert [p.kind for p in full_problems(conn, 3)] == ["variable"]
    finally:
        conn.close()


def test_the_fixes_check_names_make_it_healthy(typed, capsys):
    _set_value(typed, "anna.txt", "Age", "old")
    _set_value(typed, "ben.txt", "Born", "yesterday")
    code, lines = _check(typed, capsys)
    assert code == 1 and len([line for line in lines if line.startswith("  ")]) == 2
    assert main(["var", "set", str(typed), "--doc", "anna", "Age", "42"]) == 0
    assert main(["var", "edit", str(typed), "Born", "--type", "text"]) == 0
    capsys.readouterr()
    code, lines = _check(typed, capsys)
    assert code == 0, lines


def test_unfit_values_beside_real_damage_get_both_advices(typed, capsys):
    _set_value(typed, "anna.txt", "Member", "perhaps")
    run_sql(typed, "UPDATE documents SET characters = characters + 1 WHERE name = 'ben.txt'")
    code, lines = _check(typed, capsys)
    assert code == 1
    assert lines[0] == "typed.glocal is damaged: 2 problems"
    assert lines[-2].startswith("To fix a variable value: ")
    assert lines[-1].startswith("To copy what can still be read into a new project: ")

"""Variables to and from .csv/.xlsx, one row per document: preview then apply as one undoable
step, unknown documents listed, new variables' types inferred and stated, formulas never run."""

from __future__ import annotations

import csv
from datetime import date

import openpyxl
import pytest

from glocal_annotator.errors import ExportFailure, ImportFailure, InvalidValue
from tests.projects import add_text, empty_project


@pytest.fixture
def project(tmp_path):
    with empty_project(tmp_path) as opened:
        yield opened


def _three(project):
    return [add_text(project, name, f"text of {name}\n")
            for name in ("Amina.docx", "Ben.txt", "Chen interview.pdf")]


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_a_csv_is_previewed_then_applied_as_one_undoable_step(project, tmp_path):
    amina, ben, chen = _three(project)
    age = project.define_variable("Age", "number").result
    project.set_variable_value(ben, age, "40")
    table = _write(tmp_path / "people.csv",
                   "Document,age,Country,Started,Consent,Zip\n"
                   "amina,34,Kenya,2024-03-01,yes,0041\n"
                   "Ben.txt,41,Peru,2023-12-31,no,12\n"
                   "chen interview,,China,,yes,\n"
                   "Dora,50,Chile,2024-01-01,no,1\n")
    plan = project.plan_variable_import(table)
    assert [(v.name, v.type) for v in plan.new_variables] == [
        ("Country", "text"), ("Started", "date"), ("Consent", "boolean"), ("Zip", "text")]
    assert [v.name for v in plan.existing] == ["Age"]
    # Age: Amina added, Ben changed (40 -> 41), Chen blank; 3+2+3+2 new values
    assert (plan.added, plan.changed, plan.unchanged) == (1 + 3 + 2 + 3 + 2, 1, 0)
    assert plan.unknown_documents == [(5, "Dora")]
    lines = "\n".join(plan.preview_lines())
    assert "new variable 'Started': date (every value is a date written YYYY-MM-DD)" in lines
    assert "row 5 'Dora'" in lines and "empty cells change nothing" in lines
    assert project.variables()[0].name == "Age" and len(project.variables()) == 1  # nothing yet
    change = project.apply_variable_import(plan)
    assert project.document_variables(amina) == {
        "Age": "34", "Country": "Kenya", "Started": "2024-03-01", "Consent": "true",
        "Zip": "0041"}
    assert project.document_variables(chen) == {"Country": "China", "Consent": "true"}
    assert project.variable_values(age)[(age, ben)] == "41"
    assert change.summary.variables and change.summary.variable_values
    change.undo()
    assert [v.name for v in project.variables()] == ["Age"]
    assert project.variable_values() == {(age, ben): "40"}


def test_values_that_do_not_fit_are_listed_and_nothing_is_imported(project, tmp_path):
    amina, ben, _chen = _three(project)
    project.define_variable("Age", "number")
    project.define_variable("Region", "choice", ["Local", "Global"])
    table = _write(tmp_path / "bad.csv",
                   "Document;Age;Region\nAmina;12,5;local\nBen;7;Glocal\nAmina;8;Global\n")
    plan = project.plan_variable_import(table)
    shown = [problem.line() for problem in plan.problems]
    assert shown[0].startswith("row 2, Age (Amina.docx): '12,5' is not a number")
    assert "row 3, Region (Ben.txt): 'Glocal' is not one of the choices: Local, Global" in shown
    assert "row 4 (Amina): Amina.docx is named in row 2 too; one row per document" in shown
    with pytest.raises(InvalidValue, match="3 problem.*nothing was imported"):
        project.apply_variable_import(plan)
    assert project.variable_values() == {}


def test_a_plan_made_before_the_project_changed_is_refused(project, tmp_path):
    amina, *_ = _three(project)
    table = _write(tmp_path / "t.csv", "Document,Age\nAmina,3\n")
    plan = project.plan_variable_import(table)
    project.define_variable("Other", "text")
    with pytest.raises(ImportFailure, match="changed after this import was previewed"):
        project.apply_variable_import(plan)
    assert [v.name for v in project.variables()] == ["Other"]


@pytest.mark.parametrize(("text", "message"), [
    ("Document,Age,,x\nAmina,3,4,\n", "column C has values but no variable name"),
    ("Document,Age,AGE\nAmina,3,4\n", r"'AGE' names two columns \(B and C\)"),
    ("Document,Age\n,3\n", "row 2 has values but no document name"),
    ("Document\nAmina\n", "names no variable"),
    ("\n\n", "is empty"),
])
def test_a_table_of_the_wrong_shape_is_refused_with_one_line(project, tmp_path, text, message):
    _three(project)
    with pytest.raises(ImportFailure, match=message) as error:
        project.plan_variable_import(_write(tmp_path / "t.csv", text))
    assert "\n" not in str(error.value)


def test_a_legacy_encoded_csv_is_read_and_said(project, tmp_path):
    amina, *_ = _three(project)
    table = _write(tmp_path / "t.csv", "Document;Région\nAmina;Île-de-France à côté\n"
                   * 1, encoding="cp1252")
    plan = project.plan_variable_import(table)
    assert plan.warnings and "not UTF-8" in plan.warnings[0]
    project.apply_variable_import(plan)
    assert project.document_variables(amina) == {"Région": "Île-de-France à côté"}


def test_other_suffixes_are_refused(project, tmp_path):
    with pytest.raises(ImportFailure, match="use .csv or .xlsx"):
        project.plan_variable_import(_write(tmp_path / "t.ods", "x"))
    with pytest.raises(ExportFailure, match="use .csv or .xlsx"):
        project.export_variables(tmp_path / "out.txt")


def _fill(project):
    amina, ben, chen = _three(project)
    age = project.define_variable("Age", "number").result
    note = project.define_variable("Note", "text").result
    when = project.define_variable("When", "date").result
    consent = project.define_variable("Consent", "boolean").result
    region = project.define_variable("Region", "choice", ["Local", "Global"]).result
    project.set_variable_values([
        (age, amina, "34"), (age, ben, "0.1"), (note, amina, '=HYPERLINK("http://x","y")'),
        (note, ben, "+41 22 555"), (note, chen, "@home -- fine"), (when, amina, "2024-03-01"),
        (consent, ben, "no"), (region, chen, "Global"),
    ])
    return amina, ben, chen


def test_csv_export_protects_formulas_and_reimports_unchanged(project, tmp_path):
    _fill(project)
    out = tmp_path / "vars.csv"
    assert project.export_variables(out) == 3
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["Document", "Age", "Note", "When", "Consent", "Region"]
    assert rows[1] == ["Amina.docx", "34", '\'=HYPERLINK("http://x","y")', "2024-03-01", "", ""]
    assert rows[2][2] == "'+41 22 555" and rows[3][2] == "'@home -- fine"
    assert rows[2][1] == "0.1"  # a number stays a number
    before = project.variable_values()
    plan = project.plan_variable_import(out)
    assert (plan.added, plan.changed, plan.problems, plan.new_variables) == (0, 0, [], [])
    assert plan.unchanged == len(before)


def test_xlsx_export_is_typed_never_a_formula_and_reimports_unchanged(project, tmp_path):
    _fill(project)
    out = tmp_path / "vars.xlsx"
    project.export_variables(out)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert [c.value for c in sheet[1]] == ["Document", "Age", "Note", "When", "Consent",
                                           "Region"]
    amina = sheet[2]
    assert amina[1].value == 34 and amina[1].data_type == "n"
    assert amina[2].value == '=HYPERLINK("http://x","y")' and amina[2].data_type == "s"
    assert amina[3].value.date() == date(2024, 3, 1)
    assert sheet[3][4].value is False and sheet[3][1].value == 0.1
    before = project.variable_values()
    plan = project.plan_variable_import(out)
    assert (plan.added, plan.changed, plan.problems, plan.new_variables) == (0, 0, [], [])
    assert plan.unchanged == len(before)


def test_an_xlsx_from_a_spreadsheet_is_imported_with_its_cell_types(project, tmp_path):
    amina, ben, _chen = _three(project)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Doc", "Age", "Met", "Paid", "Formula"])
    sheet.append(["Amina", 34, date(2024, 5, 6), True, "'=1+1"])
    sheet.append(["Ben", 12.5, None, False, "=1+2"])
    sheet["E3"].data_type = "s"  # text that starts with "=", as a spreadsheet keeps it
    path = tmp_path / "sheet.xlsx"
    workbook.save(path)
    plan = project.plan_variable_import(path)
    assert [(v.name, v.type) for v in plan.new_variables] == [
        ("Age", "number"), ("Met", "date"), ("Paid", "boolean"), ("Formula", "text")]
    project.apply_variable_import(plan)
    assert project.document_variables(ben) == {"Age": "12.5", "Paid": "false",
                                               "Formula": "=1+2"}
    assert project.document_variables(amina)["Met"] == "2024-05-06"


def test_a_formula_without_a_saved_result_is_refused(project, tmp_path):
    _three(project)
    workbook = openpyxl.Workbook()
    workbook.active.append(["Doc", "Age", "Twice"])
    workbook.active.append(["Amina", 34, "=B2*2"])
    workbook.save(tmp_path / "sheet.xlsx")
    with pytest.raises(ImportFailure, match="cell C2 holds a formula whose result was never"):
        project.plan_variable_import(tmp_path / "sheet.xlsx")


def test_an_export_never_writes_over_the_project(tmp_path):
    with empty_project(tmp_path, "study.csv") as project:  # any name works for a project
        _fill(project)
        data = project.path.read_bytes()
        with pytest.raises(ExportFailure):
            project.export_variables(project.path)
        assert project.path.read_bytes() == data


@pytest.mark.parametrize(("name", "data", "message"), [
    ("t.xlsx", b"Document,Age\nAmina,3\n", "is not an .xlsx workbook"),
    ("t.xlsx", b"PK\x03\x04 broken", "is not an .xlsx workbook"),
    ("t.csv", b"\x00\x01\x02\x03" * 100, "t.csv"),
])
def test_unreadable_tables_are_refused_with_one_line(project, tmp_path, name, data, message):
    _three(project)
    (tmp_path / name).write_bytes(data)
    with pytest.raises(ImportFailure, match=message) as error:
        project.plan_variable_import(tmp_path / name)
    assert "\n" not in str(error.value)
    assert project.variables() == []


def test_an_xlsx_that_unpacks_too_large_is_refused(project, tmp_path, monkeypatch):
    from glocal_annotator import variable_tables

    _fill(project)
    project.export_variables(tmp_path / "v.xlsx")
    monkeypatch.setattr(variable_tables, "MAX_XLSX_BYTES", 1000)
    with pytest.raises(ImportFailure, match="unpacks to more than"):
        project.plan_variable_import(tmp_path / "v.xlsx")


def test_a_csv_cell_over_the_field_limit_is_refused(project, tmp_path):
    _three(project)
    table = _write(tmp_path / "big.csv", 'Document,Note\nAmina,"' + "x" * 200_000 + '"\n')
    with pytest.raises(ImportFailure, match="malformed") as error:
        project.plan_variable_import(table)
    assert "\n" not in str(error.value)

"""Document variables and sets through the Project: typed values, undo, what listeners hear,
grouping for the analysis views, and documents deleted with their values and memberships."""

from __future__ import annotations

import sqlite3

import pytest

from glocal_annotator.errors import InvalidOperation, InvalidValue, NotFound
from glocal_annotator.model import Variable
from tests.projects import add_text, empty_project


@pytest.fixture
def project(tmp_path):
    with empty_project(tmp_path) as opened:
        yield opened


def _documents(project, count=4):
    return [add_text(project, f"interview-{n}.txt", f"Text of interview {n}.\n")
            for n in range(1, count + 1)]


def test_define_set_and_read_typed_values(project):
    one, two, three, four = _documents(project)
    age = project.define_variable("Age", "number").result
    region = project.define_variable("Region", "choice", ["Local", "Global"]).result
    when = project.define_variable("Interviewed", "date").result
    assert [(v.name, v.type, v.choices) for v in project.variables()] == [
        ("Age", "number", ()), ("Region", "choice", ("Local", "Global")),
        ("Interviewed", "date", ())]
    assert isinstance(project.variables()[0], Variable)
    assert project.set_variable_value(one, age, " 34.0 ").result == "34"
    project.set_variable_value(two, age, "7")
    project.set_variable_value(three, age, "100")
    project.set_variable_value(one, region, "global")
    project.set_variable_value(two, region, "Local")
    project.set_variable_value(three, region, "GLOBAL")
    project.set_variable_value(one, when, "2024-05-01")
    assert project.document_variables(one) == {"Age": "34", "Region": "Global",
                                               "Interviewed": "2024-05-01"}
    assert project.document_variables(four) == {}
    # by size, not as text ("100" < "34" < "7"); the document without a value under "" last
    assert project.variable_groups("age") == {
        "7": frozenset({two}), "34": frozenset({one}), "100": frozenset({three}),
        "": frozenset({four})}
    # choices in their own order
    assert list(project.variable_groups("Region")) == ["Local", "Global", ""]
    assert project.variable_groups("Region")["Global"] == frozenset({one, three})


def test_a_value_that_does_not_fit_is_refused_with_one_line_and_nothing_changes(project):
    one, *_ = _documents(project, 1)
    age = project.define_variable("Age", "number").result
    project.set_variable_value(one, age, "34")
    with pytest.raises(InvalidValue) as error:
        project.set_variable_value(one, age, "12,5")
    assert str(error.value).startswith("Age of interview-1.txt: '12,5' is not a number")
    assert "\n" not in str(error.value)
    assert project.variable_values(age) == {(age, one): "34"}
    with pytest.raises(InvalidOperation, match="already a variable called 'Age'"):
        project.define_variable(" age ", "text")
    with pytest.raises(InvalidOperation, match="needs its choices"):
        project.define_variable("Region", "choice")
    with pytest.raises(InvalidOperation, match="not a variable type"):
        project.define_variable("Region", "colour")
    with pytest.raises(NotFound, match="did you mean 'Age'"):
        project.find_variable("Agee")


def test_clearing_changing_and_undoing_values(project):
    one, two, *_ = _documents(project)
    age = project.define_variable("Age", "number").result
    heard = []
    project.subscribe(lambda change: heard.append(change.summary))
    first = project.set_variable_values([(age, one, "30"), (age, two, "40")])
    assert first.result.added == 2
    assert heard[-1].variable_values == {(age, one), (age, two)}
    assert not heard[-1].variables and not heard[-1].documents
    cleared = project.set_variable_value(one, age, "")
    assert project.variable_values(age) == {(age, two): "40"}
    cleared.undo()
    assert project.variable_values(age) == {(age, one): "30", (age, two): "40"}
    first_undone = project.set_variable_value(two, age, "41")
    first_undone.undo()
    assert project.variable_values(age)[(age, two)] == "40"


def test_retyping_converts_every_value_or_changes_nothing(project):
    one, two, *_ = _documents(project)
    kind = project.define_variable("Kind", "text").result
    project.set_variable_values([(kind, one, "local"), (kind, two, "GLOBAL")])
    change = project.update_variable(kind, kind="choice", choices=["Local", "Global"])
    assert change.result == 2  # both rewritten in the choices' spelling
    assert project.variable_values(kind) == {(kind, one): "Local", (kind, two): "Global"}
    with pytest.raises(InvalidValue, match="interview-1.txt.*not a number"):
        project.update_variable(kind, kind="number")
    assert project.find_variable("Kind").type == "choice"
    change.undo()
    assert project.find_variable("Kind").type == "text"
    assert project.variable_values(kind) == {(kind, one): "local", (kind, two): "GLOBAL"}
    project.update_variable(kind, name="Orientation")
    assert project.find_variable("orientation").id == kind


def test_delete_a_variable_and_undo_brings_back_its_values(project):
    one, *_ = _documents(project, 1)
    age = project.define_variable("Age", "number").result
    project.set_variable_value(one, age, "5")
    heard = []
    project.subscribe(lambda change: heard.append(change.summary))
    change = project.delete_variable(age)
    assert change.result == 1 and project.variables() == []
    assert heard[-1].variables == {age} and heard[-1].variable_values == {(age, one)}
    change.undo()
    assert project.variable_values(age) == {(age, one): "5"}


def test_document_sets_a_document_in_several(project):
    one, two, three, four = _documents(project)
    heard = []
    project.subscribe(lambda change: heard.append(change.summary))
    local = project.add_document_set("Local actors", [one, two]).result
    assert heard[-1].document_sets == {local}
    ngo = project.add_document_set("NGOs", [two, three]).result
    assert project.document_sets() == {"Local actors": frozenset({one, two}),
                                       "NGOs": frozenset({two, three})}
    assert project.add_to_document_set(local, [two, four]).result == 1
    assert heard[-1].document_sets == {local}
    assert project.remove_from_document_set(ngo, [three, four]).result == 1
    project.rename_document_set(ngo, "Civil society")
    assert project.document_sets() == {"Civil society": frozenset({two}),
                                       "Local actors": frozenset({one, two, four})}
    with pytest.raises(InvalidOperation, match="already a document set called 'Local actors'"):
        project.add_document_set("local ACTORS")
    with pytest.raises(InvalidOperation, match="already a document set"):
        project.rename_document_set(ngo, "Local actors")
    deleted = project.delete_document_set(local)
    assert deleted.result == 3 and list(project.document_sets()) == ["Civil society"]
    deleted.undo()
    assert project.document_sets()["Local actors"] == frozenset({one, two, four})
    assert project.find_document_set("local actors").id == local
    with pytest.raises(NotFound):
        project.add_to_document_set(local, [999])


def test_deleting_a_document_takes_its_values_and_memberships_and_undo_restores(project):
    one, two, *_ = _documents(project)
    age = project.define_variable("Age", "number").result
    project.set_variable_values([(age, one, "1"), (age, two, "2")])
    both = project.add_document_set("Both", [one, two]).result
    change = project.delete_document(one)
    assert project.variable_values(age) == {(age, two): "2"}
    assert project.document_sets() == {"Both": frozenset({two})}
    assert change.summary.variable_values == {(age, one)}
    assert change.summary.document_sets == {both}
    change.undo()
    assert project.variable_values(age) == {(age, one): "1", (age, two): "2"}
    assert project.document_sets() == {"Both": frozenset({one, two})}
    conn = sqlite3.connect(project.path)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_a_read_only_project_refuses_variable_changes(tmp_path):
    path = tmp_path / "p.glocal"
    with empty_project(tmp_path, "p.glocal") as project:
        _documents(project, 1)
    from glocal_annotator.errors import ReadOnlyProject
    from glocal_annotator.project import Project

    with Project.open(path, read_only=True) as project, pytest.raises(ReadOnlyProject):
        project.define_variable("Age", "number")

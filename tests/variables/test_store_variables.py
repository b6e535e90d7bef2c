"""Schema version 3 (variables and sets): an old file opens and migrates, a newer one is refused
with one line, salvage and check know the new tables."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from glocal_annotator.errors import NewerProjectVersion
from glocal_annotator.project import Project
from glocal_annotator.store.health import check_project_file
from glocal_annotator.store.salvage import salvage
from glocal_annotator.store.schema import SCHEMA_VERSION
from tests.projects import add_text, empty_project

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_version_2_file_migrates_and_takes_variables_and_sets(tmp_path):
    copy = tmp_path / "old.glocal"
    shutil.copyfile(FIXTURES / "project-v2.glocal", copy)
    assert SCHEMA_VERSION == 3
    with Project.open(copy) as project:
        assert project.variables() == [] and project.document_sets() == {}
        document = project.documents()[0].id
        age = project.define_variable("Age", "number").result
        project.set_variable_value(document, age, "52")
        project.add_document_set("Migrated", [document])
        assert project.variable_groups("Age")["52"] == frozenset({document})
    assert list(tmp_path.glob("old.glocal.v2-*.bak"))
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    conn.close()
    assert check_project_file(copy).problems == []


def test_the_version_3_fixture_holds_its_variables_and_sets(tmp_path):
    copy = tmp_path / "v3.glocal"
    shutil.copyfile(FIXTURES / "project-v3.glocal", copy)
    with Project.open(copy, read_only=True) as project:
        assert [v.name for v in project.variables()] == ["Age", "Region", "Interviewed"]
        assert project.find_variable("Region").choices == ("Local", "Global")
        groups = project.variable_groups("Age")
        assert list(groups)[:2] == ["29", "41.5"]
        assert project.document_sets()["Empty set"] == frozenset()
        assert len(project.document_sets()["Field reports"]) == 2


def test_a_file_from_a_newer_version_is_refused_with_one_line(tmp_path):
    with empty_project(tmp_path, "new.glocal") as project:
        add_text(project, "a.txt", "text")
    conn = sqlite3.connect(tmp_path / "new.glocal")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    data = (tmp_path / "new.glocal").read_bytes()
    with pytest.raises(NewerProjectVersion) as error:
        Project.open(tmp_path / "new.glocal")
    assert "\n" not in str(error.value) and "newer" in str(error.value)
    assert (tmp_path / "new.glocal").read_bytes() == data


def test_salvage_copies_variables_values_and_sets(tmp_path):
    with empty_project(tmp_path, "work.glocal") as project:
        one = add_text(project, "one.txt", "first")
        two = add_text(project, "two.txt", "second")
        age = project.define_variable("Age", "number").result
        kind = project.define_variable("Kind", "choice", ["A", "B"]).result
        project.set_variable_values([(age, one, "3"), (kind, two, "B")])
        project.add_document_set("Pair", [one, two])
    report = salvage(tmp_path / "work.glocal", tmp_path / "saved.glocal")
    assert report.complete, (report.lost, report.mended)
    assert report.copied["variables"] == 2 and report.copied["variable_values"] == 2
    assert report.copied["document_sets"] == 1 and report.copied["document_set_members"] == 2
    with Project.open(tmp_path / "saved.glocal", read_only=True) as saved:
        assert saved.variable_values() == {(age, one): "3", (kind, two): "B"}
        assert saved.document_sets() == {"Pair": frozenset({one, two})}
        assert saved.find_variable("Kind").choices == ("A", "B")


def test_check_finds_a_value_of_a_variable_that_is_gone(tmp_path):
    with empty_project(tmp_path, "work.glocal") as project:
        one = add_text(project, "one.txt", "first")
        age = project.define_variable("Age", "number").result
        project.set_variable_value(one, age, "3")
    conn = sqlite3.connect(tmp_path / "work.glocal")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM variables")
    conn.commit()
    conn.close()
    problems = [p.message for p in check_project_file(tmp_path / "work.glocal").problems]
    assert any("variable value" in p and "variable 1, which does not exist" in p
               for p in problems), problems


def test_variables_and_sets_kept_in_metadata_by_older_versions_become_real(tmp_path):
    """Before version 3 a .qdpx import kept the file's variables and sets in each document's
    metadata; the migration makes them text variables and document sets."""
    copy = tmp_path / "old.glocal"
    shutil.copyfile(FIXTURES / "project-v2.glocal", copy)
    conn = sqlite3.connect(copy)
    first, second = [row[0] for row in conn.execute("SELECT id FROM documents ORDER BY id LIMIT 2")]
    conn.execute("UPDATE documents SET metadata = ? WHERE id = ?",
                 ('{"variables": {"age": "42", "Country ": "Kenya", "empty": ""}, '
                  '"sets": ["Mabel", "Text files"]}', first))
    conn.execute("UPDATE documents SET metadata = ? WHERE id = ?",
                 ('{"variables": {"AGE": "25"}, "sets": ["text files"]}', second))
    conn.commit()
    conn.close()
    with Project.open(copy) as project:
        assert [(v.name, v.type) for v in project.variables()] == [
            ("age", "text"), ("Country", "text")]
        assert project.document_variables(first) == {"age": "42", "Country": "Kenya"}
        assert project.document_variables(second) == {"age": "25"}
        assert project.document_sets() == {"Mabel": frozenset({first}),
                                           "Text files": frozenset({first, second})}


def test_check_and_salvage_summaries_count_variables_and_sets_when_there_are_any():
    from glocal_annotator.repair import summary

    counts = {"documents": 2, "codes": 0, "codings": 0, "coders": 0, "memos": 0,
              "variables": 0, "variable_values": 0, "document_sets": 0}
    assert summary(counts) == "2 documents, 0 codes, 0 codings, 0 coders, 0 memos"
    counts.update(variables=2, variable_values=1, document_sets=1)
    assert summary(counts).endswith(", 2 variables, 1 variable value, 1 document set")

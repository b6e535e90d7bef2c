"""Codebook editing and codebook CSV exchange on the command line, end to end."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from glocal_annotator.colors import MIN_SIBLING_DISTANCE, distance
from glocal_annotator.project import Project

REPO = Path(__file__).resolve().parents[1]


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


def codes(cwd: Path, project: str = "p.glocal") -> dict[str, dict]:
    with Project.open(cwd / project, read_only=True) as opened:
        return {
            c.path: {**{k: getattr(c, k) for k in (
                "name", "color", "codable", "short_definition", "definition", "when_to_use",
                "when_not_to_use", "example", "memo", "guid", "codings", "position")}}
            for c in opened.codes()
        }


@pytest.fixture
def cwd(tmp_path: Path) -> Path:
    run("new", "p.glocal", "--empty", cwd=tmp_path)
    return tmp_path


def test_add_with_fields_parent_colour_and_position(cwd):
    out = run("codebook", "add", "p.glocal", "Migration", "--colour", "teal",
              "--short-definition", "Moving.", "--definition", "People moving.",
              "--when-to-use", "Moves.", "--when-not-to-use", "Visits.", "--example", "We left.",
              "--memo", "From the pilot.", cwd=cwd).stdout
    assert "Added Migration (#008080) at the top level" in out
    run("codebook", "add", "p.glocal", "Return", "--parent", "migration", cwd=cwd)
    run("codebook", "add", "p.glocal", "in/out", "--parent", "Migration", "--position", "0",
        "--not-codable", cwd=cwd)
    found = codes(cwd)
    assert found["Migration"] == {**found["Migration"], "short_definition": "Moving.",
                                  "definition": "People moving.", "when_to_use": "Moves.",
                                  "when_not_to_use": "Visits.", "example": "We left.",
                                  "memo": "From the pilot.", "color": "#008080"}
    assert found["Migration/in\\/out"]["position"] == 0
    assert found["Migration/in\\/out"]["codable"] is False
    assert found["Migration/Return"]["position"] == 1
    family = [found[p]["color"] for p in ("Migration", "Migration/Return", "Migration/in\\/out")]
    assert min(distance(a, b) for a in family for b in family if a != b) >= MIN_SIBLING_DISTANCE
    result = run("codebook", "add", "p.glocal", "return", "--parent", "Migration", cwd=cwd,
                 expect=1)
    assert "exists under the same parent already" in result.stderr
    run("codebook", "add", "p.glocal", "X", "--colour", "not a colour", cwd=cwd, expect=2)


def test_rename_move_recolour_edit(cwd):
    for args in (("A",), ("B",), ("A1", "--parent", "A"), ("A2", "--parent", "A")):
        run("codebook", "add", "p.glocal", *args, cwd=cwd)
    assert "Renamed A/A1 to A/First" in run("codebook", "rename", "p.glocal", "a/a1", "First",
                                            cwd=cwd).stdout
    run("codebook", "move", "p.glocal", "A/First", "--parent", "B", cwd=cwd)
    run("codebook", "move", "p.glocal", "A2", "--top", "--position", "0", cwd=cwd)
    run("codebook", "move", "p.glocal", "B", "--position", "0", cwd=cwd)
    with Project.open(cwd / "p.glocal", read_only=True) as project:
        assert [c.path for c in project.codes()] == ["B", "B/First", "A2", "A"]
    run("codebook", "recolour", "p.glocal", "A", "#abc", cwd=cwd)
    run("codebook", "recolor", "p.glocal", "B", "rgb(10, 20, 30)", cwd=cwd)
    out = run("codebook", "edit", "p.glocal", "A2", "--definition", "Two.", "--not-codable",
              cwd=cwd).stdout
    assert "definition" in out.lower() and "not codable" in out
    found = codes(cwd)
    assert (found["A"]["color"], found["B"]["color"]) == ("#AABBCC", "#0A141E")
    assert (found["A2"]["definition"], found["A2"]["codable"]) == ("Two.", False)
    run("codebook", "edit", "p.glocal", "A2", "--codable", cwd=cwd)
    assert codes(cwd)["A2"]["codable"] is True
    result = run("codebook", "edit", "p.glocal", "A2", cwd=cwd, expect=1)
    assert "nothing to change" in result.stderr
    result = run("codebook", "move", "p.glocal", "B", "--parent", "B/First", cwd=cwd, expect=1)
    assert "inside itself" in result.stderr


def test_delete_keeps_codings_unless_told_and_merge_moves_them(cwd):
    (cwd / "t.txt").write_text("one two three four\n", "utf-8")
    run("import", "p.glocal", "t.txt", cwd=cwd)
    for args in (("Keep",), ("Gone",), ("Child", "--parent", "Gone"), ("Empty",)):
        run("codebook", "add", "p.glocal", *args, cwd=cwd)
    for code, quote in (("Gone", "one"), ("Gone/Child", "two"), ("Keep", "three")):
        run("code", "p.glocal", "--doc", "t", "--code", code, "--quote", quote, cwd=cwd)
    before = (cwd / "p.glocal").read_bytes()
    result = run("codebook", "delete", "p.glocal", "Gone", cwd=cwd, expect=1)
    assert "2 codings" in result.stderr and "--with-codings" in result.stderr
    assert "1 sub-code" in result.stderr
    assert (cwd / "p.glocal").read_bytes() == before
    assert "Deleted Empty" in run("codebook", "delete", "p.glocal", "Empty", cwd=cwd).stdout
    out = run("codebook", "merge", "p.glocal", "Gone", "Keep", cwd=cwd).stdout
    assert "Merged Gone into Keep: 1 coding moved; 1 sub-code moved under it" in out
    found = codes(cwd)
    assert set(found) == {"Keep", "Keep/Child"} and found["Keep"]["codings"] == 2
    out = run("codebook", "delete", "p.glocal", "Keep", "--with-codings", cwd=cwd).stdout
    assert "Deleted Keep, its 1 sub-code and 3 codings" in out
    assert codes(cwd) == {}


def test_editing_a_locked_project_is_one_line_and_changes_nothing(cwd):
    with Project.open(cwd / "p.glocal"):
        result = run("codebook", "add", "p.glocal", "X", cwd=cwd, expect=1)
        assert "open for writing" in result.stderr
    assert codes(cwd) == {}


ODD_NAMES = ["=cmd|' /C calc'!A0", "+plus", "-minus", "@at", "in/out", "Back\\slash", "Plain"]


def test_codebook_csv_export_round_trips_through_import(tmp_path):
    run("new", "p.glocal", cwd=tmp_path)  # the default codebook: nested, with every field
    for name in ODD_NAMES:
        run("codebook", "add", "p.glocal", "--parent", "Hybridization",
            "--definition", "=HYPERLINK(\"x\")", "--memo=-1 line\nsecond line", "--", name,
            cwd=tmp_path)
    run("codebook", "edit", "p.glocal", "Ecofeminism", "--not-codable", cwd=tmp_path)
    out = run("codebook", "export", "p.glocal", "cb.csv", cwd=tmp_path).stdout
    assert "Exported 31 codes to cb.csv" in out
    with open(tmp_path / "cb.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    assert header[:4] == ["path", "color", "codable", "guid"]
    for row in rows[1:]:  # nothing a spreadsheet would run
        assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row), row
    run("new", "q.glocal", "--empty", cwd=tmp_path)
    out = run("codebook", "import", "q.glocal", "cb.csv", cwd=tmp_path).stdout
    assert "31 added" in out
    original, copied = codes(tmp_path), codes(tmp_path, "q.glocal")
    assert copied.keys() == original.keys()
    for path, fields in original.items():
        assert {**copied[path], "codings": 0} == {**fields, "codings": 0}, path
    # exported again, the file is the same
    run("codebook", "export", "q.glocal", "again.csv", cwd=tmp_path)
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "cb.csv").read_bytes()
    listing = json.loads(run("codes", "q.glocal", "--json", cwd=tmp_path).stdout)
    assert "Hybridization/in\\/out" in {c["path"] for c in listing}


def test_memo_on_a_coding_is_written_changed_and_removed(cwd):
    (cwd / "t.txt").write_text("one two\n", "utf-8")
    run("import", "p.glocal", "t.txt", cwd=cwd)
    run("codebook", "add", "p.glocal", "A", cwd=cwd)
    run("code", "p.glocal", "--doc", "t", "--code", "A", "--quote", "two", cwd=cwd)
    assert "Set the memo of coding 1" in run("memo", "p.glocal", "--id", "1", "Look again.\nLater.",
                                             cwd=cwd).stdout
    with Project.open(cwd / "p.glocal", read_only=True) as project:
        assert project.coding(1).memo == "Look again.\nLater."
    run("memo", "p.glocal", "--id", "1", "", cwd=cwd)
    with Project.open(cwd / "p.glocal", read_only=True) as project:
        assert project.coding(1).memo == ""
    result = run("memo", "p.glocal", "--id", "7", "x", cwd=cwd, expect=1)
    assert "no coding with id 7" in result.stderr

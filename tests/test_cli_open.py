"""``glocal-annotator PROJECT``: a bare path, as a file manager passes it, opens the project in
the app. The GUI opener is replaced, so Qt never starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from glocal_annotator import cli
from glocal_annotator.project import Project


@pytest.fixture
def opened(monkeypatch) -> list:
    calls: list = []
    monkeypatch.setattr(cli, "_run_gui", lambda path: calls.append(path) or 0)
    return calls


def test_bare_path_opens_the_project_in_the_app(tmp_path, opened, monkeypatch):
    path = tmp_path / "study.glocal"
    Project.create(path, default_codebook=False).close()
    assert cli.main([str(path)]) == 0
    assert opened == [path]
    monkeypatch.chdir(tmp_path)
    assert cli.main(["study.glocal"]) == 0  # relative, as typed in a terminal
    assert opened[-1] == Path("study.glocal")


def test_bare_path_of_any_name_is_a_project(tmp_path, opened, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fieldwork").write_bytes(b"")  # an existing file without a suffix
    assert cli.main(["fieldwork"]) == 0
    assert cli.main(["./new.glocal"]) == 0
    assert cli.main(["later.GLOCAL"]) == 0
    assert opened == [Path("fieldwork"), Path("new.glocal"), Path("later.GLOCAL")]


def test_commands_and_misspelt_commands_are_not_paths(tmp_path, opened, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        cli.main(["exprot", "study.glocal"])
    assert exited.value.code == 2 and "invalid choice" in capsys.readouterr().err
    assert cli.main(["gui"]) == 0 and opened == [None]
    assert cli.main([]) == 0 and opened == [None, None]
    project = tmp_path / "p.glocal"
    assert cli.main(["new", str(project), "--empty"]) == 0  # a command still runs as one
    assert project.is_file() and opened == [None, None]

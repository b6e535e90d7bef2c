"""The command line starts light: each command loads only the libraries it uses (DESIGN.md,
Performance; issue 10). Run in fresh interpreters, as a user runs the command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from glocal_annotator import __version__
from glocal_annotator.project import Project

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("sqlite_utils", "lxml", "docx", "openpyxl", "pypdfium2", "pypdf", "charset_normalizer",
         "PySide6")
# our own modules that open or read a project: --version and --help need none of them (the
# agreement commands once loaded the whole project for --help: 0.2 s of a 0.08 s start-up)
HEAVY_OWN = ("glocal_annotator.project", "glocal_annotator.store.database",
             "glocal_annotator.search.engine", "glocal_annotator.analysis.project_agreement")

# Runs the command as `python -m glocal_annotator ARGS` does, then prints which of HEAVY it
# loaded (as JSON, on the last line of stdout).
CHILD = """
import json, runpy, sys
sys.argv = ["glocal-annotator", *sys.argv[1:]]
try:
    runpy.run_module("glocal_annotator", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
heavy = {heavy!r}
loaded = {{name.split(".")[0] for name in sys.modules}} | set(sys.modules)
print(json.dumps(sorted(loaded & set(heavy))))
"""


def _loaded(*args: str, cwd: Path = ROOT,
            heavy: tuple[str, ...] = HEAVY) -> tuple[set[str], str]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD.format(heavy=heavy), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=cwd,
        timeout=120,
    )
    lines = result.stdout.strip().splitlines()
    return set(json.loads(lines[-1])), "\n".join(lines[:-1]) + result.stderr


def test_version_loads_no_heavy_library():
    loaded, output = _loaded("--version")
    assert __version__ in output
    assert loaded == set()


def test_version_and_help_open_no_project_code():
    for args in (("--version",), ("--help",), ("agreement", "--help"), ("kwic", "--help")):
        loaded, _output = _loaded(*args, heavy=HEAVY + HEAVY_OWN)
        assert loaded == set(), args


def test_help_and_a_mistyped_command_load_no_heavy_library():
    assert _loaded("--help")[0] == set()
    loaded, output = _loaded("imprt", "x.glocal")
    assert "invalid choice" in output and loaded == set()


@pytest.fixture
def project_with_text(tmp_path):
    path = tmp_path / "p.glocal"
    with Project.create(path, default_codebook=False) as project:
        project.import_file(_text_file(tmp_path))
    return path


def _text_file(folder: Path) -> Path:
    path = folder / "interview.txt"
    path.write_text("Global brands, local tastes: a rice burger.\n", encoding="utf-8")
    return path


def test_reading_commands_load_no_writer_or_format_library(project_with_text, tmp_path):
    for args in (
        ("docs", str(project_with_text)),
        ("search", str(project_with_text), "rice"),
        ("excerpts", str(project_with_text)),
    ):
        loaded, output = _loaded(*args, cwd=tmp_path)
        assert "error" not in output, output
        assert loaded == set(), args  # not even sqlite-utils: nothing is written


def test_importing_utf8_text_loads_no_other_format_library(tmp_path):
    project = tmp_path / "new.glocal"
    Project.create(project, default_codebook=False).close()
    loaded, output = _loaded("import", str(project), str(_text_file(tmp_path)), cwd=tmp_path)
    assert "Imported interview.txt" in output
    assert loaded == {"sqlite_utils"}  # the write's transaction; no lxml, docx, pypdfium2 ...

"""Every file of the hostile corpus (:mod:`.corpus`) gets one clear line (or, where that is right,
is imported), the open project is left exactly as it was (every row of every table compared),
and nothing runs away.

- Default run: through the Python API (``Project.import_file``, the codebook reader, planner and
  apply, ``Project.open``), every case but the big ones.
- Slow run (``pytest -m slow``): through the command line, every case, each in its own process,
  within the stated bounds: :data:`BOUND_SECONDS` of wall time and :data:`BOUND_MB` of peak
  memory (the child's maximum resident set, ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` read by a
  small launcher); a table of the figures per class of file is printed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from glocal_annotator.errors import GlocalError
from glocal_annotator.importers import ExtractedText
from glocal_annotator.operations.codebook_merge_plan import plan_codebook_import
from glocal_annotator.project import Project
from glocal_annotator.refi.codebook_files import read_codebook_file
from tests.hostile import corpus
from tests.snapshot import new_rows, project_rows

BOUND_SECONDS = 10.0
BOUND_MB = 400
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {case.name: path for case, path in corpus.build(folder / "files")}


@pytest.fixture(scope="module")
def base_project(tmp_path_factory) -> Path:
    """The "open project" each file is given to: documents, codes, codings, memos."""
    path = tmp_path_factory.mktemp("hostile-project") / "open.glocal"
    with Project.create(path, coder="ana") as project:
        document = project.add_document(
            "interview.txt", ExtractedText("Local food, global brands. Caf\u00e9 talk.\n", "txt")
        ).result
        code = project.find_code("hybridization").id
        project.add_coding(document, code, 0, 10, memo="first ✓")
        project.add_coding(document, code, 12, 25)
    return path


def _project_copy(base_project: Path, folder: Path) -> Path:
    target = folder / "open.glocal"
    shutil.copyfile(base_project, target)
    return target


def _api(case: corpus.Case, path: Path, project_path: Path) -> None:
    """Give ``path`` to the app through its Python API, as ``case.command`` says."""
    if case.command == "import":
        with Project.open(project_path, coder="ana") as project:
            project.import_file(path)
    elif case.command == "codebook":
        with Project.open(project_path, coder="ana") as project:
            plan = plan_codebook_import(project.codes(), read_codebook_file(path),
                                        source=path.name)
            project.apply_codebook_plan(plan)
    else:
        for read_only in (True, False):
            with Project.open(path, read_only=read_only) as project:
                project.documents()
                project.codings()
                project.excerpts()
                project.search("glocal")


def _check_line(case: corpus.Case, message: str) -> None:
    assert message and "\n" not in message and "\r" not in message, message
    assert "Traceback" not in message, message
    fragments = [f for f in case.expect.lower().split("|") if f != "imported"]
    assert any(f in message.lower() for f in fragments), (case.name, message)
    assert len(message) < 600, message


def _accepts(case: corpus.Case) -> bool:
    return "imported" in case.expect.split("|")


CASES = [pytest.param(case, id=case.name,
                      marks=[pytest.mark.xfail(reason=case.known_gap, strict=False)]
                      if case.known_gap else [])
         for case in corpus.CASES if not case.big]


def test_the_corpus_covers_every_format():
    assert len(corpus.CASES) >= 40
    kinds = {case.kind for case in corpus.CASES}
    assert kinds >= {"txt", "md", "html", "docx", "odt", "pdf", "qdc", "qdpx", "csv", "xlsx",
                     "glocal"}
    for name in corpus.checked_in():
        assert (corpus.FILES / name).is_file(), name


@pytest.mark.parametrize("case", CASES)
def test_python_api(case, built, base_project, tmp_path):
    path = tmp_path / case.name
    shutil.copyfile(built[case.name], path)
    project_path = _project_copy(base_project, tmp_path)
    before = project_rows(project_path)
    file_before = path.read_bytes()
    try:
        _api(case, path, project_path)
    except GlocalError as error:
        _check_line(case, str(error))
        assert project_rows(project_path) == before  # every row of every table, unchanged
    else:
        assert _accepts(case), f"{case.name} was accepted"
        added = new_rows(before, project_rows(project_path))
        if case.command == "codebook":
            assert set(added) == {"codes"}, list(added)
            assert all("passwd" not in repr(row) for row in added["codes"].values())
        else:
            assert set(added) == {"documents", "search_texts"}, list(added)
            [document] = added["documents"].values()
            text = document[4]
            assert text and "\x00" not in text and "\r" not in text
    assert path.read_bytes() == file_before  # the bad file itself is never changed
    if case.command == "open":  # no lock or rollback journal left beside it
        assert not [p.name for p in tmp_path.iterdir()
                    if p.name.startswith(case.name) and p.name.endswith((".lock", "-journal"))]


# -- the command line, with time and memory bounds (slow) ---------------------------------------


def _cli(case: corpus.Case, path: Path, project_path: Path) -> list[str]:
    if case.command == "import":
        return ["import", str(project_path), str(path)]
    if case.command == "codebook":
        return ["codebook", "import", str(project_path), str(path)]
    return ["excerpts", str(path)]


# A small launcher runs the CLI and reports RUSAGE_CHILDREN's peak: a child forked from the
# test process would start with the test process's own memory in its peak; forked from this
# launcher it starts with a few megabytes.
_LAUNCHER = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)\n"
)


def run_measured(args: list[str], cwd: Path) -> tuple[int, str, float, float]:
    """Run the CLI in a child; ``(status, stderr, seconds, peak MB)`` of that child alone."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, sys.executable, "-m", "glocal_annotator", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )
    seconds = time.monotonic() - started
    peak_kb, status = (int(value) for value in done.stdout.split())
    return status, done.stderr, seconds, peak_kb / 1024  # ru_maxrss is in KB on Linux


@pytest.mark.slow
def test_command_line_within_bounds(tmp_path, base_project):
    figures: list[tuple[corpus.Case, float, float]] = []
    problems: list[str] = []
    for case, path in corpus.build(tmp_path / "files", big=True):
        folder = tmp_path / case.name.replace(".", "-")
        folder.mkdir()
        project_path = _project_copy(base_project, folder)
        before = project_rows(project_path)
        status, stderr, seconds, peak = run_measured(_cli(case, path, project_path), folder)
        figures.append((case, seconds, peak))
        lines = stderr.strip().splitlines()
        try:
            assert seconds <= BOUND_SECONDS, f"{seconds:.1f} s"
            assert peak <= BOUND_MB, f"{peak:.0f} MB"
            if status == 0:
                assert _accepts(case), stderr
            else:
                assert status == 1 and len(lines) == 1 and lines[0].startswith("error: "), stderr
                _check_line(case, lines[0])
                assert project_rows(project_path) == before
        except AssertionError as error:
            if not case.known_gap:
                problems.append(f"{case.name}: {error}")
    print(_table(figures))
    assert not problems, problems


def _table(figures: list[tuple[corpus.Case, float, float]]) -> str:
    classes: dict[str, list[tuple[float, float]]] = {}
    for case, seconds, peak in figures:
        classes.setdefault(case.kind, []).append((seconds, peak))
    lines = [f"{'class':8} {'files':>5} {'max s':>7} {'max MB':>7}"]
    for kind, values in sorted(classes.items()):
        lines.append(f"{kind:8} {len(values):>5} {max(v[0] for v in values):>7.2f} "
                     f"{max(v[1] for v in values):>7.0f}")
    worst = max(figures, key=lambda f: f[2])
    lines.append(f"heaviest: {worst[0].name} {worst[1]:.2f} s {worst[2]:.0f} MB; bounds "
                 f"{BOUND_SECONDS:g} s, {BOUND_MB} MB per file")
    return "\n".join(lines)

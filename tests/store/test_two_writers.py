"""Two writers: the second is told and cannot corrupt the project, whichever starts first, and
the writer lock is let go on every way out, a crash included (real processes throughout)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from glocal_annotator.errors import NewerProjectVersion, ProjectDamaged
from glocal_annotator.project import Project
from glocal_annotator.store.health import check_project_file
from tests.store.damage import damaged_copy, rows, run_sql, sample  # noqa: F401 - fixture

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}

HOLDER = """
import sys
from glocal_annotator.project import Project
project = Project.open(sys.argv[1])
stage = sys.argv[2]
if stage == "committed":
    project.add_code("Committed by the holder")
elif stage == "in a transaction":
    project.add_code("Committed by the holder")
    project.conn.execute("BEGIN")
    project.conn.execute("UPDATE codes SET name = 'half done' WHERE name = 'Top'")
    project.conn.execute("DELETE FROM codings WHERE id < 100")
print("holding", flush=True)
sys.stdin.readline()
project.close()
"""


def hold(path: Path, stage: str = "open") -> subprocess.Popen:
    """A process that opens ``path`` for writing, does ``stage``, and waits (until told on
    stdin, or killed)."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), stage], cwd=REPO,
                               env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "holding"
    return process


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "glocal_annotator", *args], cwd=REPO,
                          env=ENV, capture_output=True, text=True, timeout=120)


@pytest.fixture
def project(sample, tmp_path) -> Path:  # noqa: F811
    path = tmp_path / "p.glocal"
    path.write_bytes(sample.read_bytes())
    return path


def _intact(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    assert check_project_file(path).problems == []


def test_a_second_command_is_told_who_writes_and_changes_nothing(project):
    holder = hold(project)
    try:
        before = rows(project)
        refused = cli("code", str(project), "--doc", "note.md", "--code", "Top", "--quote",
                      "Local")
        assert refused.returncode == 1 and refused.stderr.count("\n") == 1
        assert "p.glocal is open for writing by " in refused.stderr
        assert f"(process {holder.pid})" in refused.stderr
        assert "open it read-only" in refused.stderr
        assert cli("docs", str(project)).returncode == 0  # reading goes on
        assert rows(project) == before
    finally:
        holder.communicate("\n", timeout=30)
    assert holder.returncode == 0
    assert not project.with_name("p.glocal.lock").exists()
    assert cli("code", str(project), "--doc", "note.md", "--code", "Top", "--quote",
               "Local").returncode == 0


@pytest.mark.parametrize("stage", ["open", "committed", "in a transaction"])
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_crashed_writer_leaves_a_lock_that_is_taken_over(project, stage, how):
    """The OS lets go of a dead process's lock; its lock file, left behind, names the dead
    process until the next writer takes it over. Its open transaction is gone, its commits
    are kept."""
    before = rows(project)
    holder = hold(project, stage)
    lock = project.with_name("p.glocal.lock")
    assert str(holder.pid) in lock.read_text()
    holder.send_signal(how)
    holder.wait(timeout=30)
    assert holder.returncode == -how
    assert lock.exists()  # a stale lock file from the dead process
    second = hold(project)  # recognised as stale: taken over at once
    try:
        assert str(second.pid) in lock.read_text()
        assert str(holder.pid) not in lock.read_text()
    finally:
        second.communicate("\n", timeout=30)
    after = rows(project)
    committed = stage != "open"
    names = [row[4] for row in after["codes"]]
    assert ("Committed by the holder" in names) == committed
    assert "half done" not in names
    assert after["codings"] == before["codings"]  # the uncommitted delete never happened
    _intact(project)
    assert not lock.exists()


RACER = """
import sys, time
from glocal_annotator.errors import ProjectLocked
from glocal_annotator.project import Project
path, me = sys.argv[1], int(sys.argv[2])
refused = 0
deadline = time.monotonic() + 90
while True:
    try:
        project = Project.open(path, coder=f"racer {me}")
    except ProjectLocked:
        refused += 1
        if time.monotonic() > deadline:
            raise
        time.sleep(0.01)
        continue
    with project:
        document = project.find_document("long.txt").id
        for n in range(25):
            start = 100_000 + me * 1000 + n * 10
            project.add_coding(document, project.find_code("Leaf").id, start % 19000,
                               start % 19000 + 3)
    break
print(refused)
"""


def test_writers_racing_for_one_project_never_corrupt_it(project):
    """Six processes start at once, each wanting to add 25 codings: at any moment one writes,
    the others are refused and try again; in the end every coding is there exactly once."""
    before = rows(project)
    racers = [
        subprocess.Popen([sys.executable, "-c", RACER, str(project), str(n)], cwd=REPO, env=ENV,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(6)
    ]
    refusals = []
    for racer in racers:
        out, err = racer.communicate(timeout=180)
        assert racer.returncode == 0, err
        refusals.append(int(out))
    assert sum(refusals) > 0  # they really did meet the lock
    after = rows(project)
    assert len(after["codings"]) == len(before["codings"]) + 6 * 25
    assert set(before["codings"]) <= set(after["codings"])
    coders = {row[2] for row in after["coders"]}
    assert {f"racer {n}" for n in range(6)} <= coders
    _intact(project)
    assert not project.with_name("p.glocal.lock").exists()


def test_the_lock_is_let_go_when_opening_fails(project, sample, tmp_path):  # noqa: F811
    lock = project.with_name("p.glocal.lock")
    run_sql(project, "PRAGMA user_version = 99")
    for _attempt in range(2):
        with pytest.raises(NewerProjectVersion):
            Project.open(project)
        assert not lock.exists()
    damaged = damaged_copy(sample, tmp_path, "coding to a missing code")
    for _attempt in range(2):
        with pytest.raises(ProjectDamaged):
            Project.open(damaged)
    assert not damaged.with_name("damaged.glocal.lock").exists()


def test_an_interrupted_command_lets_go_and_loses_nothing(project):
    """Ctrl+C (SIGINT) in the middle of a long autocode: exit 130, the autocode is not
    half-saved, the lock is let go."""
    before = rows(project)
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from glocal_annotator import cli
            from glocal_annotator.operations import autocode
            # autocode writes its codings in one batch; slow the loop that builds it, inside
            # the write transaction (400 passages, 2 s)
            real = autocode.Coverage.covers
            def slow(*args, **kwargs):
                time.sleep(0.005)
                return real(*args, **kwargs)
            autocode.Coverage.covers = slow
            print("started", flush=True)
            sys.exit(cli.main(["autocode", {str(project)!r}, "--code", "Top", "--pattern",
                               "women", "--plain"]))
        """)],
        cwd=REPO, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert process.stdout.readline().strip() == "started"
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 130 and err.strip() == "interrupted"
    assert rows(project) == before
    assert not project.with_name("p.glocal.lock").exists()
    _intact(project)


GUI = """
import sys, pathlib
from PySide6.QtCore import QTimer
from glocal_annotator.ui.shell.app import application
from glocal_annotator.ui.shell.main_window import MainWindow
app = application()
window = MainWindow()
window.show()
window.open_project(pathlib.Path(sys.argv[1]))
assert window.project is not None and not window.project.read_only
print("open", flush=True)
quit_file = pathlib.Path(sys.argv[2])
def poll():
    if quit_file.exists():
        window.close()
        app.quit()
timer = QTimer()
timer.timeout.connect(poll)
timer.start(50)
app.exec()
print("closed", flush=True)
"""


@pytest.mark.parametrize("ending", ["quits", "is killed"])
def test_the_app_holding_the_project_tells_the_cli_and_lets_go(project, tmp_path, ending):
    env = {**ENV, "QT_QPA_PLATFORM": "offscreen", "GLOCAL_ANNOTATOR_DATA": str(tmp_path / "d"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    quit_file = tmp_path / "quit"
    app = subprocess.Popen([sys.executable, "-c", GUI, str(project), str(quit_file)], cwd=REPO,
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert app.stdout.readline().strip() == "open"
        refused = cli("uncode", str(project), "--id", "1")
        assert refused.returncode == 1 and "is open for writing by" in refused.stderr
        if ending == "quits":
            quit_file.touch()
            out, _err = app.communicate(timeout=60)
            assert "closed" in out and app.returncode == 0
            assert not project.with_name("p.glocal.lock").exists()
        else:
            app.kill()
            app.wait(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
    assert cli("uncode", str(project), "--id", "1").returncode == 0
    _intact(project)


def test_a_disk_that_cannot_lock_opens_read_only(project, monkeypatch):
    """Some network drives cannot lock files: writing is refused (two programs could write at
    once), reading works, and the app opens the project read-only (ProjectNotWritable)."""
    import errno

    from glocal_annotator.errors import ProjectNotWritable
    from glocal_annotator.store import lock

    def no_locks(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(lock.fcntl, "flock", no_locks)
    with pytest.raises(ProjectNotWritable, match="cannot be locked on this disk"):
        Project.open(project)
    with Project.open(project, read_only=True) as opened:
        assert opened.documents()

"""Paths, permissions and disks: each problem is one line, and nothing is lost.

Read-only folders and files are real read-only mounts, and full disks a small tmpfs (see
``tests/mounts.py``): the tests run as root, for whom permission bits mean nothing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from glocal_annotator.cli import main
from glocal_annotator.errors import ProjectNotWritable
from glocal_annotator.project import Project
from glocal_annotator.store.health import check_project_file
from tests.mounts import fill, read_only_bind, small_disk
from tests.store.damage import digest, rows, sample  # noqa: F401 - fixture

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str | bytes, cwd: Path, check: int | None = None) -> subprocess.CompletedProcess:
    """Run the command as a user would (arguments may be bytes: file names need not be
    UTF-8)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "GLOCAL_ANNOTATOR_DATA": str(cwd / "data")}
    result = subprocess.run([sys.executable, "-m", "glocal_annotator", *args], cwd=cwd,
                            env=env, capture_output=True, timeout=120)
    if check is not None:
        assert result.returncode == check, result
    return result


def one_line(result: subprocess.CompletedProcess) -> str:
    """The single error line of a failed command (and that there was no traceback)."""
    assert result.returncode == 1, result
    err = result.stderr.decode("utf-8", "replace")
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err, err
    return err.strip()


# -- file names --------------------------------------------------------------------------------


def test_file_names_that_are_not_utf8_work_end_to_end(tmp_path):
    if sys.platform == "darwin":
        pytest.skip("macOS file systems only take UTF-8 names")
    source = tmp_path / os.fsdecode(b"caf\xe9-interview.txt")
    source.write_text("The caf\u00e9 owners ran the water committee.\n", encoding="utf-8")
    project = b"proj\xff.glocal"
    cli(b"new", project, cwd=tmp_path, check=0)
    out = cli(b"import", project, b"caf\xe9-interview.txt", cwd=tmp_path, check=0).stdout
    assert out == b"Imported caf\xef\xbf\xbd-interview.txt (40 characters)\n"
    # the stored name shows the undecodable byte as U+FFFD; the file's own name finds it
    cli(b"code", project, b"--doc", b"caf\xe9-interview.txt", b"--code", b"Homogenization",
        b"--quote", b"water", cwd=tmp_path, check=0)
    assert b"caf\xef\xbf\xbd-interview.txt" in cli(b"docs", project, cwd=tmp_path,
                                                  check=0).stdout
    cli(b"export", project, b"out\xfe.docx", cwd=tmp_path, check=0)
    assert (tmp_path / os.fsdecode(b"out\xfe.docx")).stat().st_size > 0
    # text that is not UTF-8 cannot be stored: one line, nothing changed
    path = tmp_path / os.fsdecode(project)
    before = rows(path)
    message = one_line(cli(b"code", project, b"--doc", b"caf\xe9-interview.txt", b"--code",
                           b"Homogenization", b"--quote", b"owners", b"--memo", b"bad \xff memo",
                           cwd=tmp_path))
    assert "not valid UTF-8" in message
    assert rows(path) == before
    with Project.open(path, read_only=True) as opened:
        assert opened.name == "proj\ufffd"


def test_names_too_long_are_one_line_and_leave_nothing(tmp_path):
    long_project = "p" * 250 + ".glocal"
    assert "too long" in one_line(cli("new", long_project, cwd=tmp_path))
    assert "too long" in one_line(cli("docs", "q" * 300 + ".glocal", cwd=tmp_path))
    cli("new", "ok.glocal", cwd=tmp_path, check=0)
    assert "too long" in one_line(cli("import", "ok.glocal", "t" * 300 + ".txt", cwd=tmp_path))
    assert "too long" in one_line(cli("export", "ok.glocal", "e" * 300 + ".csv", cwd=tmp_path))
    made = {p.name for p in tmp_path.iterdir()} - {"data", "ok.glocal-wal", "ok.glocal-shm"}
    assert made == {"ok.glocal"}  # (SQLite keeps -wal and -shm beside a file it has read)
    # the longest name that leaves room for the side files works, migration backup and all
    longest = "n" * (255 - len(".v99-20260101T000000.bak")) + ""
    cli("new", longest, cwd=tmp_path, check=0)
    cli("code", longest, "--doc", "x", "--code", "y", "--quote", "z", cwd=tmp_path, check=1)


@pytest.mark.parametrize("argv", [
    ["docs", "{d}"], ["new", "{d}"], ["import", "{d}", "{d}"], ["code", "{d}", "--doc", "a",
    "--code", "b", "--quote", "c"], ["check", "{d}"], ["salvage", "{d}", "{t}/new.glocal"],
    ["export", "{d}", "{t}/x.csv"],
])
def test_a_folder_given_as_the_project_is_one_line(argv, tmp_path, capsys):
    folder = tmp_path / "interviews"
    folder.mkdir()
    code = main([part.format(d=folder, t=tmp_path) for part in argv])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "is a folder" in err
    assert list(folder.iterdir()) == [] and not (tmp_path / "new.glocal").exists()


# -- numbers -----------------------------------------------------------------------------------

HUGE = str(2**64 + 7)


@pytest.mark.parametrize("argv", [
    ["uncode", "{p}", "--id", HUGE],
    ["uncode", "{p}", "--id", "-" + HUGE],
    ["code", "{p}", "--doc", "note.md", "--code", "Top", "--start", HUGE, "--end", HUGE + "0"],
    ["code", "{p}", "--doc", "note.md", "--code", "Top", "--start", "0", "--end", HUGE],
    ["code", "{p}", "--doc", HUGE, "--code", "Top", "--start", "0", "--end", "3"],
    ["code", "{p}", "--doc", "note.md", "--code", "Top", "--quote", "Local", "--occurrence",
     HUGE],
    ["search", "{p}", "water", "--limit", HUGE],
    ["export", "{p}", "{t}/x.docx", "--context", "--context-chars", HUGE],
])
def test_numbers_beyond_64_bits_are_one_line(argv, sample, tmp_path, capsys):  # noqa: F811
    path = tmp_path / "p.glocal"
    path.write_bytes(sample.read_bytes())
    before = rows(path)
    code = main([part.format(p=path, t=tmp_path) for part in argv])
    err = capsys.readouterr().err
    assert code in (0, 1)
    if code == 1:
        assert err.count("\n") == 1 and err.startswith("error: ")
    assert rows(path) == before


# -- read-only files, folders and disks --------------------------------------------------------


def test_a_read_only_project_file_opens_read_only(sample, tmp_path):  # noqa: F811
    folder = tmp_path / "work"
    folder.mkdir()
    source = tmp_path / "source.glocal"
    source.write_bytes(sample.read_bytes())
    path = folder / "p.glocal"
    with read_only_bind(source, path):
        with pytest.raises(ProjectNotWritable, match="cannot be changed: it is on a read-only"):
            Project.open(path)
        message = one_line(cli("code", str(path), "--doc", "note.md", "--code", "Top",
                               "--quote", "Local", cwd=tmp_path))
        assert "p.glocal cannot be changed" in message and "Open it read-only" in message
        out = cli("docs", str(path), cwd=tmp_path, check=0).stdout.decode()
        assert "long.txt" in out and "note.md" in out
        assert not (folder / "p.glocal.lock").exists()
    assert digest(source) == digest(sample)


def test_a_project_in_a_read_only_folder_can_be_read(sample, tmp_path):  # noqa: F811
    source = tmp_path / "source"
    source.mkdir()
    (source / "p.glocal").write_bytes(sample.read_bytes())
    expected = rows(sample)
    with read_only_bind(source, tmp_path / "mounted") as folder:
        path = folder / "p.glocal"
        assert "long.txt" in cli("docs", str(path), cwd=tmp_path, check=0).stdout.decode()
        assert cli("search", str(path), "water committee", cwd=tmp_path, check=0).stdout
        assert cli("check", str(path), cwd=tmp_path, check=0).stdout.startswith(b"p.glocal is")
        cli("export", str(path), str(tmp_path / "x.csv"), cwd=tmp_path, check=0)
        cli("salvage", str(path), str(tmp_path / "copy.glocal"), cwd=tmp_path, check=0)
        assert rows(tmp_path / "copy.glocal")["codings"] == expected["codings"]
        with Project.open(path, read_only=True) as project:
            assert any("cannot be written" in notice for notice in project.notices)
            assert len(project.codings()) == len(expected["codings"])
        message = one_line(cli("uncode", str(path), "--id", "1", cwd=tmp_path))
        assert "p.glocal cannot be changed: it is on a read-only disk" in message
        message = one_line(cli("new", str(folder / "q.glocal"), cwd=tmp_path))
        assert message.startswith(f"error: cannot write in the folder {folder}")
        assert sorted(p.name for p in folder.iterdir()) == ["p.glocal"]
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob("glocal-read-*"))


def test_a_read_only_folder_with_a_waiting_log_shows_every_committed_change(
    sample, tmp_path  # noqa: F811
):
    """A copy of a folder taken while the app ran holds changes only in the -wal file: they
    are read too (from a private copy), never left out."""
    source = tmp_path / "source"
    source.mkdir()
    live = tmp_path / "live.glocal"
    live.write_bytes(sample.read_bytes())
    conn = sqlite3.connect(live, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO coders (guid, name) VALUES ('g-late', 'late coder')")
    shutil.copyfile(live, source / "p.glocal")
    shutil.copyfile(live.with_name("live.glocal-wal"), source / "p.glocal-wal")
    conn.close()
    with read_only_bind(source, tmp_path / "mounted") as folder, \
            Project.open(folder / "p.glocal", read_only=True) as project:
        assert "late coder" in [coder.name for coder in project.coders()]
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob("glocal-read-*"))


# -- full disks --------------------------------------------------------------------------------


def test_new_on_a_full_disk_leaves_nothing_and_the_retry_works(tmp_path):
    with small_disk(tmp_path / "disk", "1m") as disk:
        filler = fill(disk, leave=60_000)
        message = one_line(cli("new", str(disk / "p.glocal"), cwd=tmp_path))
        assert message.startswith("error: the disk holding p.glocal is full")
        assert sorted(p.name for p in disk.iterdir()) == ["filler.bin"]
        filler.unlink()
        cli("new", str(disk / "p.glocal"), cwd=tmp_path, check=0)
        assert check_project_file(disk / "p.glocal").problems == []


def test_import_and_coding_on_a_full_disk_change_nothing(sample, tmp_path):  # noqa: F811
    with small_disk(tmp_path / "disk", "2m") as disk:
        path = disk / "p.glocal"
        path.write_bytes(sample.read_bytes())
        big = tmp_path / "big.txt"
        big.write_text("a long interview about the river. " * 40_000, encoding="utf-8")
        fill(disk, leave=200_000)
        before = rows(path)
        message = one_line(cli("import", str(path), str(big), cwd=tmp_path))
        assert "the disk holding p.glocal is full" in message and "nothing was changed" in message
        assert rows(path) == before
        fill(disk, leave=0)
        message = one_line(cli("code", str(path), "--doc", "note.md", "--code", "Top",
                               "--quote", "Local", cwd=tmp_path))
        assert "full" in message
        assert rows(path) == before
        (disk / "filler.bin").unlink()
        cli("code", str(path), "--doc", "note.md", "--code", "Top", "--quote", "Local",
            cwd=tmp_path, check=0)
        assert len(rows(path)["codings"]) == len(before["codings"]) + 1
        assert check_project_file(path).problems == []


def test_export_to_a_full_disk_is_one_line_and_leaves_no_part_file(sample, tmp_path):  # noqa: F811
    path = tmp_path / "p.glocal"
    path.write_bytes(sample.read_bytes())
    with small_disk(tmp_path / "disk", "1m") as disk:
        (disk / "x.docx").write_bytes(b"the report before")
        fill(disk, leave=4_000)
        for out in ("x.docx", "x.csv", "x.xlsx"):
            message = one_line(cli("export", str(path), str(disk / out), cwd=tmp_path))
            assert "disk is full" in message
        message = one_line(cli("salvage", str(path), str(disk / "s.glocal"), cwd=tmp_path))
        assert "full" in message
        assert sorted(p.name for p in disk.iterdir()) == ["filler.bin", "x.docx"]
        assert (disk / "x.docx").read_bytes() == b"the report before"

"""The lock file goes away on close, and an open project notices when its file is taken away
(deleted, moved, replaced); a complete copy can still be saved from the open connection."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from glocal_annotator.errors import ProjectError, ProjectFileGone, ProjectLocked
from glocal_annotator.project import Project
from glocal_annotator.store.lock import WriterLock, lock_path_for

REPO = Path(__file__).resolve().parents[2]


def _project(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "study.glocal", default_codebook=False)
    project.add_code("Hybridization")
    return project


# -- the lock file -----------------------------------------------------------------------------


def test_closing_removes_the_lock_file(tmp_path):
    project = _project(tmp_path)
    lock = lock_path_for(project.path)
    assert lock.exists() and "process" in lock.read_text()
    project.close()
    assert not lock.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["study.glocal"]
    Project.open(tmp_path / "study.glocal").close()  # and the next opener takes a fresh one
    assert not lock.exists()


def test_quitting_process_leaves_no_lock_file(tmp_path):
    path = tmp_path / "study.glocal"
    Project.create(path, default_codebook=False).close()
    code = f"from glocal_annotator.project import Project\nProject.open({str(path)!r}).close()"
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
    assert not lock_path_for(path).exists()


def test_an_opener_holding_a_removed_lock_file_opens_the_path_again(tmp_path, monkeypatch):
    """A second opener opened the lock file just before the holder removed it on close: it
    gets the OS lock on a deleted file, must notice, and lock the file at the path instead;
    else a third opener would lock a new file and two processes would write."""
    path = tmp_path / "study.glocal"
    holder = WriterLock(path)
    stale = open(lock_path_for(path), "a+", encoding="utf-8")  # noqa: SIM115
    holder.release()
    assert not lock_path_for(path).exists()
    real_open = WriterLock._open
    handed: list[bool] = []

    def stale_first(self, project_path):
        if not handed:
            handed.append(True)
            return stale
        return real_open(self, project_path)

    monkeypatch.setattr(WriterLock, "_open", stale_first)
    second = WriterLock(path)
    assert stale.closed
    assert os.path.samestat(os.fstat(second._handle.fileno()), os.stat(lock_path_for(path)))
    monkeypatch.undo()
    with pytest.raises(ProjectLocked):
        WriterLock(path)
    second.release()
    assert not lock_path_for(path).exists()


def test_a_second_writer_is_still_refused_and_names_the_holder(tmp_path):
    project = _project(tmp_path)
    with pytest.raises(ProjectLocked, match="open for writing by .*process"):
        Project.open(project.path)
    project.close()


# -- the file under an open project ------------------------------------------------------------


def test_file_state_follows_deletion_move_and_replacement(tmp_path):
    project = _project(tmp_path)
    path = project.path
    assert project.file_state() == "present"
    project.add_code("Creolization")  # our own writes keep it the same file
    assert project.file_state() == "present"
    moved = tmp_path / "moved.glocal"
    os.rename(path, moved)
    assert project.file_state() == "missing"
    os.rename(moved, path)
    assert project.file_state() == "present"
    other = tmp_path / "other.glocal"
    Project.create(other, default_codebook=False).close()
    os.replace(other, path)  # e.g. a sync tool or a restore put another file there
    assert project.file_state() == "replaced"
    project.close()


def test_changes_are_refused_once_the_file_is_gone(tmp_path):
    project = _project(tmp_path)
    path = project.path
    before = [c.name for c in project.codes()]
    path.unlink()
    with pytest.raises(ProjectFileGone, match="moved, renamed or deleted"):
        project.add_code("Lost")
    assert [c.name for c in project.codes()] == before  # nothing was written anywhere
    project.close()


def test_changes_are_refused_when_the_file_was_replaced(tmp_path):
    project = _project(tmp_path)
    other = tmp_path / "other.glocal"
    Project.create(other, default_codebook=False).close()
    os.replace(other, project.path)
    with pytest.raises(ProjectFileGone, match="replaced"):
        project.add_code("Lost")
    project.close()
    with Project.open(project.path) as reopened:
        assert reopened.codes() == []  # the file now at the path was not touched


def test_save_copy_of_a_deleted_project_keeps_every_committed_change(tmp_path):
    project = _project(tmp_path)
    for name in ("Creolization", "Westernization"):
        project.add_code(name)
    names = sorted(c.name for c in project.codes())
    for leftover in tmp_path.glob("study.glocal*"):  # the file, its -wal and -shm, the lock
        leftover.unlink()
    assert project.file_state() == "missing"
    folder = tmp_path / "rescued"
    folder.mkdir()
    copy = project.save_copy(folder / "study.glocal")
    assert copy == folder / "study.glocal" and copy.is_file()
    assert [p.name for p in folder.iterdir()] == ["study.glocal"]  # no temporary file left
    project.close()
    with Project.open(copy) as rescued:
        assert sorted(c.name for c in rescued.codes()) == names
        rescued.add_code("Goes on")  # a working project, not a read-only dump
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_save_copy_never_overwrites(tmp_path):
    project = _project(tmp_path)
    existing = tmp_path / "report.docx"
    existing.write_bytes(b"not ours")
    for target in (existing, project.path):
        with pytest.raises(ProjectError, match="exists already"):
            project.save_copy(target)
    assert existing.read_bytes() == b"not ours"
    with pytest.raises(ProjectError, match="does not exist"):
        project.save_copy(tmp_path / "no such folder" / "copy.glocal")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("study")) == [
        "report.docx"]
    project.close()


def test_save_copy_works_read_only(tmp_path):
    project = _project(tmp_path)
    project.close()
    with Project.open(project.path, read_only=True) as reader:
        copy = reader.save_copy(tmp_path / "copy.glocal")
    with Project.open(copy) as opened:
        assert [c.name for c in opened.codes()] == ["Hybridization"]


def test_closing_after_a_replacement_leaves_the_new_file_alone(tmp_path):
    """SQLite keeps the write-ahead log under the old name when the file was replaced; it
    must not be replayed into the file that is at the path now."""
    project = _project(tmp_path)
    other = tmp_path / "other.glocal"
    Project.create(other, default_codebook=False).close()
    os.replace(other, project.path)
    project.close()
    with Project.open(project.path) as reopened:
        assert reopened.codes() == []


def test_a_copy_saved_under_the_deleted_files_name_is_not_mixed_with_the_old_log(tmp_path):
    project = _project(tmp_path)
    project.add_code("Creolization")
    path = project.path
    path.unlink()  # only the main file: its -wal stays beside it
    copy = project.save_copy(path)
    project.close()
    with Project.open(copy) as rescued:
        assert sorted(c.name for c in rescued.codes()) == ["Creolization", "Hybridization"]
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()

"""A killed export leaves its hidden ``.NAME.PID-RANDOM.part``; the next export into the folder
removes such leftovers once their writer is dead and they are stale, and nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from glocal_annotator.atomic import (
    STALE_AFTER,
    STALE_UNKNOWN_AFTER,
    atomic_write,
    remove_stale_parts,
)


def _dead_pid() -> int:
    """The id of a process that has ended (and was reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _make(folder: Path, name: str, age: float) -> Path:
    path = folder / name
    path.write_bytes(b"half a docx")
    stamp = time.time() - age
    os.utime(path, (stamp, stamp))
    return path


def test_only_stale_leftovers_of_dead_writers_go(tmp_path):
    dead = _dead_pid()
    alive = os.getpid()
    gone = [
        _make(tmp_path, f".report.docx.{dead}-abcd1234.part", STALE_AFTER + 60),
        _make(tmp_path, f".table.csv.{dead}-zz_9zz99.part", STALE_AFTER * 10),
        _make(tmp_path, ".old.docx.k3j4h5g6.part", STALE_UNKNOWN_AFTER + 60),  # older versions
    ]
    kept = [
        _make(tmp_path, f".report.docx.{dead}-abcd1235.part", STALE_AFTER - 30),  # too fresh
        _make(tmp_path, f".report.docx.{alive}-abcd1236.part", STALE_AFTER * 10),  # writing
        _make(tmp_path, ".old.docx.k3j4h5g7.part", STALE_UNKNOWN_AFTER - 60),
        _make(tmp_path, ".notes.part", STALE_UNKNOWN_AFTER * 2),  # not our shape
        _make(tmp_path, "report.docx.part", STALE_UNKNOWN_AFTER * 2),  # not hidden
        _make(tmp_path, f".x.{dead}-ABCD1234.part", STALE_AFTER * 10),  # not mkstemp's letters
        _make(tmp_path, "report.docx", STALE_UNKNOWN_AFTER * 2),
    ]
    folder_like = tmp_path / f".dir.{dead}-abcd1237.part"
    folder_like.mkdir()
    os.utime(folder_like, (0, 0))
    assert sorted(remove_stale_parts(tmp_path)) == sorted(gone)
    assert all(path.exists() for path in kept) and folder_like.is_dir()
    assert not any(path.exists() for path in gone)


def test_the_next_export_cleans_up_and_names_its_part_with_its_process(tmp_path):
    leftover = _make(tmp_path, f".x.csv.{_dead_pid()}-abcd1234.part", STALE_AFTER + 1)
    with atomic_write(tmp_path / "x.csv") as temp:
        assert not leftover.exists()
        assert temp.name.startswith(f".x.csv.{os.getpid()}-") and temp.name.endswith(".part")
        temp.write_text("a,b\n", encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]


def test_a_folder_that_cannot_be_listed_is_no_error(tmp_path):
    assert remove_stale_parts(tmp_path / "missing") == []

"""store.lock: one writer per project, told who holds it; readers need no lock."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from glocal_annotator.errors import ProjectLocked
from glocal_annotator.project import Project
from glocal_annotator.store.lock import WriterLock, lock_path_for

REPO = Path(__file__).resolve().parents[2]


def test_the_lock_names_its_holder_and_refuses_a_second_writer(tmp_path):
    project = tmp_path / "p.glocal"
    first = WriterLock(project)
    holder = lock_path_for(project).read_text(encoding="utf-8")
    assert f"(process {os.getpid()})" in holder
    with pytest.raises(ProjectLocked, match="open for writing by .*process") as caught:
        WriterLock(project)
    assert "\n" not in str(caught.value) and "open it read-only" in str(caught.value)
    first.release()
    first.release()  # releasing twice is harmless
    second = WriterLock(project)  # free again
    second.release()


def test_second_writer_is_told_and_read_only_works(tmp_path):
    path = tmp_path / "p.glocal"
    writer = Project.create(path, default_codebook=False)
    writer.add_code("One")
    script = textwrap.dedent(
        f"""
        import sys
        from glocal_annotator.project import Project
        from glocal_annotator.errors import ProjectLocked
        try:
            Project.open({str(path)!r})
        except ProjectLocked as error:
            print("LOCKED", error)
        with Project.open({str(path)!r}, read_only=True) as ro:
            print("CODES", [c.name for c in ro.codes()])
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout
    assert "LOCKED" in out and "open for writing by" in out
    assert "CODES ['One']" in out
    writer.close()
    # once closed, another process may write
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from glocal_annotator.project import Project\n"
            f"Project.open({str(path)!r}).add_code('Two'); print('OK')",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    ).stdout
    assert "OK" in out


def test_lock_in_same_process_and_release_on_close(tmp_path):
    path = tmp_path / "p.glocal"
    first = Project.create(path, default_codebook=False)
    with pytest.raises(ProjectLocked):
        Project.open(path)
    first.close()
    Project.open(path).close()

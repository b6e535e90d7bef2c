"""A single-writer lock on a project, held by the process that writes it.

The lock is an OS advisory lock on a side file ``<project>.lock``. The OS drops it when the process
ends, even on a crash, so a stale lock never blocks a user. The side file is left in place on close:
deleting it would let a third process lock a fresh file while a second still holds the old one.
"""

from __future__ import annotations

import getpass
import os
import socket
from pathlib import Path
from typing import IO

from glocal_annotator.errors import ProjectError, ProjectLocked

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def lock_path_for(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".lock")


class WriterLock:
    """Hold the project's writer lock until :meth:`release`."""

    def __init__(self, project_path: Path) -> None:
        self.path = lock_path_for(project_path)
        try:
            handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held while locked
        except OSError as error:
            raise ProjectError(
                f"cannot write in the folder of {project_path.name} ({error.strerror}); "
                "open it read-only, or copy it to a folder you can write to"
            ) from error
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "another program"
            handle.close()
            raise ProjectLocked(
                f"{project_path.name} is open for writing by {holder}; "
                "close it there, or open it read-only"
            )
        handle.seek(0)
        handle.truncate()
        handle.write(f"{getpass.getuser()} on {socket.gethostname()} (process {os.getpid()})")
        handle.flush()
        self._handle: IO[str] | None = handle

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            self._handle.seek(0)
            self._handle.truncate()
            _unlock(self._handle)
        finally:
            self._handle.close()
            self._handle = None

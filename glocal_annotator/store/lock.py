"""A single-writer lock on a project, held by the process that writes it.

The lock is an OS advisory lock on a side file ``<project>.lock``. The OS drops it when the process
ends, even on a crash, so a stale lock never blocks a user.

On close the side file is removed while the lock is still held, so that quitting leaves no empty
``.lock`` behind. That is safe because every opener checks, once it holds the lock, that the
path still names the file it locked (same device and inode): an opener that opened the file just
before it was removed finds its lock on a deleted file, lets go and opens the path afresh. (This
is the usual protocol for removable lock files; see for example the ``flufl.lock`` and
``filelock`` notes on unlink races.) On Windows an open file cannot be removed; there the holder
removes it after letting go, and the removal simply fails while another process has it open.
"""

from __future__ import annotations

import errno
import getpass
import os
import socket
from contextlib import suppress
from pathlib import Path
from typing import IO

from glocal_annotator.errors import ProjectLocked
from glocal_annotator.store.file_access import not_writable

# how often an opener retries when the lock file is removed under it; each retry means another
# process closed the project at that moment, so a handful is plenty
_ATTEMPTS = 20

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
        """True if locked, False if another holds the lock; OSError if this disk cannot lock
        at all (some network drives: ENOLCK, EOPNOTSUPP)."""
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError as error:
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def lock_path_for(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".lock")


def _names_same_file(handle: IO[str], path: Path) -> bool:
    """True if ``path`` still names the file open as ``handle`` (same device and inode)."""
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except OSError:  # removed (or unreadable) since it was opened
        return False


class WriterLock:
    """Hold the project's writer lock until :meth:`release`.

    Raises :class:`ProjectLocked` when another process (or another open in this process) holds
    it, :class:`~glocal_annotator.errors.ProjectNotWritable` when the lock file cannot be
    created (a read-only folder or disk).
    """

    def __init__(self, project_path: Path) -> None:
        self.path = lock_path_for(project_path)
        for _attempt in range(_ATTEMPTS):
            handle = self._open(project_path)
            try:
                locked = _try_lock(handle)
            except OSError as error:
                handle.close()
                raise not_writable(
                    f"the project file {project_path.name} cannot be locked on this disk "
                    f"({error.strerror}), so two programs could write it at once"
                ) from error
            if not locked:
                handle.seek(0)
                holder = handle.read().strip() or "another program"
                handle.close()
                raise ProjectLocked(
                    f"{project_path.name} is open for writing by {holder}; "
                    "close it there, or open it read-only"
                )
            if _names_same_file(handle, self.path):
                break
            # the holder removed the file between our open and our lock: lock the new one
            _unlock(handle)
            handle.close()
        else:  # pragma: no cover - needs another process closing the project 20 times over
            raise ProjectLocked(
                f"{project_path.name} is being opened and closed by another program; try again"
            )
        handle.seek(0)
        handle.truncate()
        handle.write(f"{getpass.getuser()} on {socket.gethostname()} (process {os.getpid()})")
        handle.flush()
        self._handle: IO[str] | None = handle

    def _open(self, project_path: Path) -> IO[str]:
        try:
            return open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held while locked
        except OSError as error:
            raise not_writable(
                f"cannot write in the folder of {project_path.name} ({error.strerror})"
            ) from error

    def release(self) -> None:
        """Remove the lock file and let go of the lock (in that order, see the module notes)."""
        handle, self._handle = self._handle, None
        if handle is None:
            return
        removed = False
        try:
            if os.name != "nt" and _names_same_file(handle, self.path):
                with suppress(OSError):
                    self.path.unlink()
                    removed = True
            if not removed:
                handle.seek(0)
                handle.truncate()
            _unlock(handle)
        finally:
            handle.close()
        if os.name == "nt":  # pragma: no cover - Windows only
            with suppress(OSError):
                self.path.unlink()

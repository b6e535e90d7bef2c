"""Write a file all at once or not at all.

Every file export (reports, tables, codebooks) writes through :func:`atomic_write`: the content
goes to a temporary file in the target's folder, is flushed to disk, and only then replaces the
target (``os.replace`` is atomic on one file system). If anything fails, or the export is
cancelled, the temporary file is removed and an existing file at the target is left exactly as it
was.

No export writes over a project or any database: :func:`atomic_write` first checks the target
with :func:`glocal_annotator.project_files.check_export_target`.

The temporary file is hidden and named ``.NAME.PID-RANDOM.part`` (the writing process's id in
it). A process killed while it writes leaves it behind; the next export into the same folder
removes such leftovers (:func:`remove_stale_parts`): files of exactly that shape whose process is
no longer running and that have not changed for :data:`STALE_AFTER` seconds (leftovers of older
versions, without a process id, after :data:`STALE_UNKNOWN_AFTER`). Nothing else is touched.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from glocal_annotator.errors import ExportFailure
from glocal_annotator.project_files import check_export_target


def _explain(path: Path, error: OSError) -> ExportFailure:
    """One line saying why ``path`` could not be written, and what to do."""
    folder = path.parent
    if isinstance(error, FileNotFoundError) and not folder.is_dir():
        reason = f"the folder {folder} does not exist; create it or choose another folder"
    elif isinstance(error, PermissionError):
        reason = (
            "permission denied; choose a folder you can write to, "
            "or close the file if another program has it open"
        )
    elif isinstance(error, IsADirectoryError) or path.is_dir():
        reason = "a folder has that name; choose a file name"
    elif error.errno == errno.ENOSPC:
        reason = "the disk is full; free some space and try again"
    elif error.errno == errno.EROFS:
        reason = "the disk is read-only; choose another folder"
    else:
        reason = error.strerror or str(error)
    return ExportFailure(f"could not write {path}: {reason}")


def _final_mode(target: Path) -> int:
    """Keep an existing file's permissions; new files get the usual 0666 minus the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# A leftover may be removed once it has not changed for this long and its writer is gone.
STALE_AFTER = 120.0
# Leftovers whose writer cannot be told (older versions' names, or no way to ask the system).
STALE_UNKNOWN_AFTER = 3600.0
_PART_WITH_PID = re.compile(r"^\..+\.(?P<pid>\d{1,10})-[a-z0-9_]{8}\.part$")
_PART_WITHOUT_PID = re.compile(r"^\..+\.[a-z0-9_]{8}\.part$")


def _process_running(pid: int) -> bool | None:
    """Whether process ``pid`` runs on this machine; None when that cannot be told."""
    if os.name != "posix":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:
        return None
    return True


def remove_stale_parts(folder: str | os.PathLike, now: float | None = None) -> list[Path]:
    """Remove the temporary files that killed exports left in ``folder`` (see the module
    notes for which); return the paths removed. Never raises for a file it cannot remove."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not (name.startswith(".") and name.endswith(".part")):
            continue
        with_pid = _PART_WITH_PID.match(name)
        if with_pid is None and _PART_WITHOUT_PID.match(name) is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not entry.is_file(follow_symlinks=False):
            continue
        age = now - info.st_mtime
        running = _process_running(int(with_pid["pid"])) if with_pid else None
        grace = STALE_UNKNOWN_AFTER if running is None else STALE_AFTER
        if not running and age > grace:
            with suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a new name in ``folder`` durable (POSIX; a no-op elsewhere)."""
    if os.name != "posix":
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove(temp: Path) -> None:
    with suppress(OSError):
        temp.unlink(missing_ok=True)


@contextmanager
def atomic_write(
    path: str | os.PathLike, *, protect: Iterable[str | os.PathLike] = ()
) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it becomes ``path``.

    Refused at once (:class:`ExportFailure`, nothing written) when ``path`` is one of the files in
    ``protect`` (the project being exported: same file, hard link or symlink), a database of any
    program, or a database's side file.

    Write the whole file to the yielded path (any library that takes a file name will do). When
    the block ends normally the file is synced and moved over ``path``; when it raises, the
    temporary file is deleted and ``path`` is untouched. ``OSError`` (a missing folder, no
    permission, a full disk) comes out as :class:`ExportFailure` with one clear line; any other
    exception is re-raised as it is.
    """
    target = Path(path)
    check_export_target(target, protect)
    if target.is_dir():
        raise ExportFailure(f"could not write {target}: a folder has that name; choose a file name")
    remove_stale_parts(target.parent)
    try:
        fd, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.{os.getpid()}-", suffix=".part"
        )
    except OSError as error:
        raise _explain(target, error) from None
    os.close(fd)
    temp = Path(temp_name)
    try:
        yield temp
        _fsync_file(temp)
        os.chmod(temp, _final_mode(target))
        os.replace(temp, target)
    except OSError as error:
        _remove(temp)
        raise _explain(target, error) from None
    except BaseException:
        _remove(temp)
        raise
    fsync_folder(target.parent)

"""Write a file all at once or not at all.

Every file export (reports, tables, codebooks) writes through :func:`atomic_write`: the content
goes to a temporary file in the target's folder, is flushed to disk, and only then replaces the
target (``os.replace`` is atomic on one file system). If anything fails, or the export is
cancelled, the temporary file is removed and an existing file at the target is left exactly as it
was.

No export writes over a project or any database: :func:`atomic_write` first checks the target
with :func:`glocal_annotator.project_files.check_export_target`.
"""

from __future__ import annotations

import errno
import os
import tempfile
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


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
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
    try:
        fd, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
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
    _fsync_folder(target.parent)

"""The project file on disk: which paths can be a project, whether it can be written here,
reading it where SQLite cannot write its side files, and making a new file all at once.

- A folder given as the project, a name too long for the side files SQLite and the app write
  beside it (``-wal``, ``-shm``, ``.lock``, the migration backup): one line each.
- A file that cannot be written (no permission, a read-only disk) is refused for writing with
  :class:`ProjectNotWritable`, so callers can open it read-only instead.
- Reading in a folder that cannot be written: SQLite's write-ahead log needs a shared-memory
  file (``-shm``) beside the project, even to read. When it cannot be made there, the file is
  read with ``immutable=1`` (no locks, no side files) if no log is waiting (no ``-wal`` or an
  empty one): nobody can be writing in a read-only folder, so nothing is missed. If a log is
  waiting (a copy of a folder taken while the app ran), the project and its log are copied to
  a private temporary folder and read there, so no committed change is left out. The caveat,
  stated to the user: a file read this way does not see changes made by someone else while it
  is open (only possible where another machine can write that folder).
- :func:`new_project_file` builds a new project under a hidden temporary name and gives it its
  real name only when complete, so a failed ``new`` (a full disk) leaves nothing behind.

(See https://sqlite.org/wal.html#readonly and https://sqlite.org/uri.html#uriimmutable.)
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from glocal_annotator.atomic import fsync_folder
from glocal_annotator.errors import GlocalError, ProjectError, ProjectNotWritable

#: the longest suffix the app or SQLite adds to a project's file name (a migration backup,
#: ``NAME.v12-20260101T000000.bak``); a new project's name leaves room for it
LONGEST_SUFFIX = len(".v99-20260101T000000.bak")

SIDE_SUFFIXES = ("-wal", "-shm", "-journal", ".lock")
#: room for the longest of those
SIDE_ROOM = max(len(suffix) for suffix in SIDE_SUFFIXES)


def name_max(folder: Path) -> int:
    """The longest file name (in bytes) the file system of ``folder`` allows; 255 if unknown."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def _check_name_length(path: Path, margin: int = 0) -> None:
    """Raise :class:`ProjectError` if ``path``'s file name (with ``margin`` bytes more for
    the files saved beside it) is longer than its file system allows."""
    size = len(os.fsencode(path.name))
    folder = path.parent if path.parent.is_dir() else Path(".")
    room = name_max(folder) - margin
    if size > room:
        beside = ", to leave room for the files saved beside it" if margin else ""
        raise ProjectError(
            f"the file name is too long ({size} bytes; at most {room} here{beside}); "
            "choose a shorter name"
        )


def check_openable(path: Path) -> None:
    """Raise :class:`ProjectError` with one line unless ``path`` names an existing file."""
    _check_name_length(path)
    if path.is_dir():
        raise ProjectError(f"{path} is a folder, not a project file; choose the .glocal file")
    if not path.is_file():
        raise ProjectError(f"{path} does not exist")


def check_creatable(path: Path, margin: int = LONGEST_SUFFIX) -> None:
    """Raise :class:`ProjectError` with one line unless a new project can be made at
    ``path``: nothing there yet, its folder exists, its name leaves ``margin`` bytes of room
    for the names of the files saved beside it."""
    _check_name_length(path, margin)
    if path.is_dir():
        raise ProjectError(f"{path} is a folder; choose a file name for the new project")
    if path.exists() or path.is_symlink():
        raise ProjectError(f"{path.name} already exists; open it instead")
    if not path.parent.is_dir():
        raise ProjectError(f"the folder {path.parent} does not exist; create it first")


def check_writable(path: Path) -> None:
    """Raise :class:`ProjectNotWritable` if the file at ``path`` cannot be written."""
    if os.access(path, os.W_OK):
        return
    read_only_disk = False
    with suppress(OSError, AttributeError):
        read_only_disk = bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    reason = "it is on a read-only disk" if read_only_disk else \
        "you do not have permission to change it"
    raise not_writable(f"the project file {path.name} cannot be changed: {reason}")


def not_writable(why: str) -> ProjectNotWritable:
    """A :class:`ProjectNotWritable` saying ``why`` and what to do; ``why`` alone is kept as
    its ``why`` attribute (for the GUI, which opens the project read-only at once)."""
    error = ProjectNotWritable(
        f"{why}. Open it read-only, or save a copy in a folder you can write to"
    )
    error.why = why  # type: ignore[attr-defined]
    return error


def folder_writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def _uri(path: Path, options: str) -> str:
    return path.resolve().as_uri() + "?" + options


def connect_read_only(path: Path) -> tuple[sqlite3.Connection, Path | None, str]:
    """Open ``path`` for reading only. Returns the connection, the private temporary folder
    holding a copy (None when the file itself is read; remove it after closing), and a notice
    for the user ('' when the file is read as usual). Raises ``sqlite3.Error``."""
    try:
        conn = _probe(sqlite3.connect(_uri(path, "mode=ro"), uri=True, isolation_level=None,
                                      check_same_thread=False))
        return conn, None, ""
    except sqlite3.OperationalError:
        if folder_writable(path.parent):
            raise
    log = path.with_name(path.name + "-wal")
    caveat = (
        f"the project file {path.name} is in a folder that cannot be written, so it is read "
        "as it was when opened; changes made elsewhere while it is open are not seen"
    )
    if not log.exists() or log.stat().st_size == 0:
        conn = _probe(sqlite3.connect(_uri(path, "mode=ro&immutable=1"), uri=True,
                                      isolation_level=None, check_same_thread=False))
        return conn, None, caveat
    private = Path(tempfile.mkdtemp(prefix="glocal-read-"))
    try:
        copy = private / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(log, private / log.name)
        conn = _probe(sqlite3.connect(_uri(copy, "mode=ro"), uri=True, isolation_level=None,
                                      check_same_thread=False))
    except BaseException:
        shutil.rmtree(private, ignore_errors=True)
        raise
    return conn, private, caveat


def _probe(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Read the schema once, so that a file that cannot be opened fails here."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def remove_with_side_files(path: Path) -> None:
    """Remove a file the app made and the files SQLite and the lock left beside it."""
    for leftover in (path, *(path.with_name(path.name + s) for s in SIDE_SUFFIXES)):
        with suppress(OSError):
            leftover.unlink()


@contextmanager
def new_project_file(path: Path) -> Iterator[Path]:
    """Yield a hidden temporary path beside ``path`` to build a new project in; when the
    block ends normally (the project closed), the file takes the name ``path`` (never over an
    existing file). When the block raises, the temporary file and its side files are removed,
    so nothing blocks a retry. Raises :class:`ProjectError` (see :func:`check_creatable`)."""
    check_creatable(path)
    if not folder_writable(path.parent):
        raise not_writable(f"cannot write in the folder {path.parent}")
    room = name_max(path.parent) - len(".") - len(".12345678.part") - SIDE_ROOM
    short = os.fsdecode(os.fsencode(path.name)[:room])
    temp = path.with_name(f".{short}.{secrets.token_hex(4)}.part")
    try:
        yield temp
        move_without_replacing(temp, path)
    except FileExistsError:
        remove_with_side_files(temp)
        raise ProjectError(f"{path.name} already exists; open it instead") from None
    except GlocalError as error:  # said of the hidden file: say it of the one asked for
        remove_with_side_files(temp)
        if temp.name not in str(error):
            raise
        raise type(error)(str(error).replace(temp.name, path.name)) from error
    except BaseException:
        remove_with_side_files(temp)
        raise
    remove_with_side_files(temp)  # the side files of the closed temporary project, if any
    fsync_folder(path.parent)


def move_without_replacing(source: Path, target: Path) -> None:
    """Give ``source`` the name ``target``; FileExistsError if ``target`` exists (a hard link
    cannot replace a file; where links are not supported, as on FAT drives, a rename after a
    last check)."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists():
            raise FileExistsError(target) from None
        os.rename(source, target)  # Windows: fails rather than replace
        return
    source.unlink()

"""What a file on disk is, read from its first bytes only: the rules that keep the app from
writing over a project or another program's database. No SQL, no writes.

- A SQLite database starts with the 16 bytes ``SQLite format 3\\0``; its 100-byte header holds the
  ``user_version`` at offset 60 and the ``application_id`` at offset 68 (big-endian 32-bit), and
  the value 2 at offsets 18 and 19 when it is in write-ahead-log mode (source: "Database File
  Format", https://www.sqlite.org/fileformat2.html, section 1.3). A SQLite WAL file starts with
  the magic number 0x377F0682 or 0x377F0683 (same page, section 4.1).
- In WAL mode the header on disk can be older than the database: a new project's header carries
  ``application_id`` 0 until its log is first checkpointed. :attr:`FileHeader.may_hide_our_id`
  says when only a read-only look through SQLite can tell.

Used by :mod:`glocal_annotator.store.database` before any connection that could write (so another
program's database is never switched to WAL mode, and an empty file is never made into a project),
and by :mod:`glocal_annotator.atomic` before an export replaces a file (so no export writes over a
project or any database).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from glocal_annotator.errors import ExportFailure

SQLITE_MAGIC = b"SQLite format 3\x00"
WAL_MAGICS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
HEADER_BYTES = 100
# "GLOC" in ASCII; the same value as store.schema.APPLICATION_ID (a test keeps them equal).
PROJECT_APPLICATION_ID = 0x474C4F43
# Files SQLite and the app keep beside a database, by suffix of the database's name.
SIDE_SUFFIXES = ("-wal", "-shm", "-journal", ".lock")


@dataclass(frozen=True)
class FileHeader:
    """The first bytes of a file, as far as they tell what it is."""

    size: int  # bytes
    sqlite: bool  # a SQLite database (by its magic string)
    wal_log: bool  # a SQLite write-ahead log
    application_id: int  # 0 unless a SQLite database says otherwise
    user_version: int
    wal_mode: bool  # a SQLite database in write-ahead-log mode

    @property
    def is_project(self) -> bool:
        """A Glocal Annotator project by its header (see :attr:`may_hide_our_id`)."""
        return self.sqlite and self.application_id == PROJECT_APPLICATION_ID

    @property
    def may_hide_our_id(self) -> bool:
        """A WAL-mode database whose header shows no application id yet: the id may be in its
        log, unread (a new project that is still open, or that was never closed)."""
        return self.sqlite and self.wal_mode and self.application_id == 0


def read_header(path: str | os.PathLike) -> FileHeader:
    """The header of the file at ``path`` (read-only; symlinks followed). Raises OSError."""
    with open(path, "rb") as handle:
        data = handle.read(HEADER_BYTES)
        size = os.fstat(handle.fileno()).st_size
    sqlite = data.startswith(SQLITE_MAGIC) and len(data) >= HEADER_BYTES
    return FileHeader(
        size=size,
        sqlite=sqlite,
        wal_log=data[:4] in WAL_MAGICS,
        application_id=int.from_bytes(data[68:72], "big") if sqlite else 0,
        user_version=int.from_bytes(data[60:64], "big") if sqlite else 0,
        wal_mode=sqlite and data[18:20] == b"\x02\x02",
    )


def _database_beside(path: Path) -> Path | None:
    """The database that ``path`` would be a side file of (``X-wal`` -> ``X``), if any."""
    for suffix in SIDE_SUFFIXES:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            owner = path.with_name(path.name[: -len(suffix)])
            try:
                if read_header(owner).sqlite:
                    return owner
            except OSError:
                continue
    return None


def check_export_target(
    target: str | os.PathLike, sources: Iterable[str | os.PathLike] = ()
) -> None:
    """Refuse, with one line, to write an export over a project or any database.

    Raises :class:`ExportFailure` when ``target`` is one of ``sources`` (``os.path.samefile``:
    the same file by another name, a hard link or a symbolic link count too), a SQLite database
    (a project or another program's), a SQLite log, or a side file of a database (``-wal``,
    ``-shm``, ``-journal``, ``.lock``); also when an existing ``target`` cannot be read to tell.
    A target that does not exist yet, or is an ordinary file, passes. Nothing is written.
    """
    path = Path(target)
    if not os.path.lexists(path):
        owner = _database_beside(path)
        if owner is not None:
            raise ExportFailure(
                f"{path.name} belongs to the database {owner.name}; an export never writes there; "
                "choose another file name"
            )
        return
    for source in sources:
        try:
            same = os.path.samefile(path, source)
        except OSError:
            same = False
        if same:
            raise ExportFailure(
                f"{path} is the project being exported ({Path(source).name}); an export never "
                "writes over a project; choose another file name"
            )
    if path.is_dir():
        return  # atomic_write says "a folder has that name"
    try:
        header = read_header(path)
    except OSError as error:
        if not os.path.exists(path):
            return  # a dangling link: nothing of the user's is behind it
        raise ExportFailure(
            f"cannot read {path} to check that it is not a project "
            f"({error.strerror or error}); choose another file name"
        ) from None
    if header.sqlite or header.wal_log:
        what = "a Glocal Annotator project" if header.is_project else "a database"
        raise ExportFailure(
            f"{path.name} is {what}; an export never writes over one; choose another file name"
        )
    owner = _database_beside(path)
    if owner is not None:
        raise ExportFailure(
            f"{path.name} belongs to the database {owner.name}; an export never writes there; "
            "choose another file name"
        )


def backup_path(path: Path, moment: datetime | None = None) -> Path:
    """A free name beside ``path`` for a dated copy: ``NAME.YYYYmmdd-HHMMSS.bak`` (local time),
    ``NAME.YYYYmmdd-HHMMSS-2.bak`` if that is taken, and so on. Nothing is created."""
    stamp = (moment or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.{stamp}.bak")
    number = 2
    while os.path.lexists(candidate):
        candidate = path.with_name(f"{path.name}.{stamp}-{number}.bak")
        number += 1
    return candidate

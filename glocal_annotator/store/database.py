"""Opening a project file: connection settings, version checks, migrations, the writer lock;
noticing when the file is taken away under an open project, and saving a complete copy."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from glocal_annotator.errors import (
    NewerProjectVersion,
    ProjectError,
    ProjectFileGone,
    ProjectLocked,
)
from glocal_annotator.failures import damaged, explain
from glocal_annotator.project_files import SIDE_SUFFIXES, backup_path, read_header
from glocal_annotator.store import file_access
from glocal_annotator.store.check import open_problems, summary
from glocal_annotator.store.file_access import move_without_replacing
from glocal_annotator.store.lock import WriterLock
from glocal_annotator.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from glocal_annotator.store.search_index import rebuild_derived, use_temporary_index

log = logging.getLogger(__name__)

#: the first bytes of every SQLite file, and where the application id sits in its header
_SQLITE_MAGIC = b"SQLite format 3\x00"
_APPLICATION_ID_OFFSET = 68
#: tables only a Glocal Annotator project has
_PROJECT_TABLES = {"project_info", "documents", "codes", "codings"}


def header_is_ours(path: Path) -> bool:
    """True if the file's header says it is a Glocal Annotator project (read from the file
    itself, for when SQLite cannot read it)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    return header.startswith(_SQLITE_MAGIC) and int.from_bytes(
        header[_APPLICATION_ID_OFFSET:_APPLICATION_ID_OFFSET + 4], "big") == APPLICATION_ID


def looks_like_project(conn: sqlite3.Connection) -> bool:
    """True if the file holds most of a project's tables (whatever its header says)."""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return len(_PROJECT_TABLES & names) >= 3

if TYPE_CHECKING:
    import sqlite_utils

#: ``present``: the path still names the opened file; ``missing``: nothing is there (moved,
#: renamed or deleted); ``replaced``: another file is there now.
FileState = Literal["present", "missing", "replaced"]


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path``; None if there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


class ProjectDatabase:
    """A connection to one project file, migrated to the current schema.

    Writable opens take the single-writer lock first; read-only opens never write, not even a
    migration (an old file opened read-only is refused with a message).

    An existing file is checked before anything could write to it (:meth:`_check_header`): an
    empty file, a file that is not SQLite, or another program's database is refused with one
    line and left byte for byte as it was (no WAL switch, no lock file beside it). Only
    ``create`` makes a new project, and only where no file is.
    """

    def __init__(self, path: Path, *, create: bool = False, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.in_snapshot = False  # inside snapshot(): a write now would wait for its end
        self._lock: WriterLock | None = None
        self._creating = create
        self._private_copy: Path | None = None
        #: things the user should know about how the file was opened or repaired, one line each
        self.notices: list[str] = []
        if create:
            file_access.check_creatable(self.path, file_access.SIDE_ROOM)
        else:
            file_access.check_openable(self.path)
            self._check_header()
            if not read_only:
                file_access.check_writable(self.path)
        if not read_only:
            self._lock = WriterLock(self.path)
        try:
            self.conn = self._connect(create)
            self._db: sqlite_utils.Database | None = None
            self._check_and_migrate()
        except BaseException as error:
            self.close()
            explained = explain(error, self.path)
            if explained is None or explained is error:
                raise
            raise explained from error
        self._opened_identity = _identity(self.path)

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over this connection, for :meth:`~sqlite_utils.Database.atomic` (the
        transaction of every write). Made on first use: reading a project (``docs``, ``search``,
        exports) never loads sqlite-utils, which takes longer to import than such a command
        takes to run."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def _not_ours(self, why: str = "") -> ProjectError:
        return ProjectError(f"{self.path.name} is {why or 'not'} a Glocal Annotator project")

    def _check_header(self) -> None:
        """Refuse a file that is not one of our projects, reading it only."""
        try:
            header = read_header(self.path)
        except OSError as error:
            raise ProjectError(
                f"cannot read {self.path.name}: {error.strerror or error}"
            ) from error
        if header.size == 0:
            raise self._not_ours("an empty file, not")
        if not header.sqlite:
            raise self._not_ours()
        if header.is_project or self._holds_project_tables():
            return  # ours, or a damaged project of ours: the checks on open say which
        if header.application_id != 0:
            raise self._not_ours("another program's database, not")
        if header.may_hide_our_id and self._wal_holds_data():
            # A project not yet checkpointed (open elsewhere, or never closed) shows its id
            # only through its log: ask SQLite, read-only.
            conn = self._read_only_connection()
            try:
                app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            except sqlite3.DatabaseError:
                app_id = 0
            finally:
                conn.close()
            if app_id == APPLICATION_ID:
                return
        raise self._not_ours()

    def _holds_project_tables(self) -> bool:
        """Whether the file, read without writing, holds most of a project's tables. With no
        log beside it, the file is read as immutable, so that SQLite leaves no side files
        (``-wal``, ``-shm``) beside what may be another program's database."""
        try:
            conn = self._read_only_connection(immutable=not self._wal_holds_data())
        except ProjectError:
            return False
        try:
            return looks_like_project(conn)
        except sqlite3.DatabaseError:
            return False
        finally:
            conn.close()

    def _wal_holds_data(self) -> bool:
        wal = self.path.with_name(self.path.name + "-wal")
        try:
            return wal.stat().st_size > 0
        except OSError:
            return False

    def _read_only_connection(self, immutable: bool = False) -> sqlite3.Connection:
        uri = self.path.resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
        try:
            return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise ProjectError(f"cannot open {self.path.name}: {error}") from error

    def _connect(self, create: bool) -> sqlite3.Connection:
        try:
            if self.read_only:
                conn, self._private_copy, notice = file_access.connect_read_only(self.path)
                if notice:
                    self.notices.append(notice)
            else:
                conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:  # a folder that cannot be written, a vanished file
            if header_is_ours(self.path):
                raise damaged(self.path, str(error)) from error
            raise ProjectError(f"cannot open {self.path.name}: {error}") from error
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            if not self.read_only:
                if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                    raise ProjectError(f"{self.path.name}: cannot use write-ahead logging here")
                conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA busy_timeout = 5000")
        except sqlite3.DatabaseError as error:
            conn.close()
            if header_is_ours(self.path):
                raise damaged(self.path, str(error)) from error
            if isinstance(error, sqlite3.OperationalError):  # e.g. a read-only folder
                raise ProjectError(f"cannot open {self.path.name}: {error}") from error
            raise ProjectError(
                f"{self.path.name} is not a Glocal Annotator project ({error})"
            ) from error
        return conn

    def _check_and_migrate(self) -> None:
        try:
            app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            ours = tables > 0 and looks_like_project(self.conn)
        except sqlite3.DatabaseError as error:
            if header_is_ours(self.path):
                raise damaged(self.path, str(error)) from error
            raise ProjectError(
                f"{self.path.name} is not a Glocal Annotator project ({error})"
            ) from error
        fresh = self._creating and app_id == 0 and version == 0 and tables == 0
        if app_id != APPLICATION_ID and not fresh:
            if ours:
                raise damaged(self.path, "its application id is not Glocal Annotator's")
            raise ProjectError(f"{self.path.name} is not a Glocal Annotator project")
        if version == 0 and tables:
            raise damaged(self.path, "its schema version (user_version) is 0 although it "
                          "holds a project")
        if version > SCHEMA_VERSION:
            raise NewerProjectVersion(
                f"{self.path.name} was saved by a newer Glocal Annotator (file version {version}, "
                f"this app reads up to {SCHEMA_VERSION}); update the app to open it"
            )
        if version:
            self._check_health(version)
        if version == SCHEMA_VERSION:
            return
        if self.read_only:
            raise ProjectError(
                f"{self.path.name} needs an upgrade to this version; open it for writing once"
            )
        if tables:
            self.backup_before_migration(version)
        self._migrate(version)

    def _check_health(self, version: int) -> None:
        """Refuse a damaged file with one line (see :mod:`.check`); rebuild the search index
        and other derived parts when they are all that is wrong (in memory when read-only)."""
        problems = open_problems(self.conn, version)
        if not problems:
            return
        if not all(problem.derived for problem in problems):
            raise damaged(self.path, summary([p for p in problems if not p.derived]))
        if self.read_only:
            if any(p.kind == "index" for p in problems):
                use_temporary_index(self.conn, version)
                self.notices.append(
                    f"the search index of {self.path.name} is damaged; it was rebuilt in "
                    "memory for this session (open the project for writing to repair it)"
                )
            return
        made = rebuild_derived(self.conn, version)
        remaining = open_problems(self.conn, version)
        if remaining:
            raise damaged(self.path, summary(remaining))
        self.notices.append(f"repaired {self.path.name}: rebuilt {', '.join(made)}")
        log.warning("%s", self.notices[-1])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction: committed when the block ends, rolled back when it raises. A full
        disk, a read-only disk, a damaged page, a number too large or text that cannot be
        stored raise their one-line GlocalError (see :func:`~glocal_annotator.failures.explain`;
        nothing was changed); other exceptions pass as they are."""
        try:
            with self.db.atomic():
                yield
        except Exception as error:
            explained = explain(error, self.path)
            if explained is None or explained is error:
                raise
            raise explained from error

    def backup_before_migration(self, version: int) -> Path:
        """Copy the file aside (``NAME.vN-YYYYmmddTHHMMSS.bak``) before its schema changes; a
        name too long for that is shortened (never over an existing file)."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        suffix = f".v{version}-{stamp}.bak"
        name = os.fsencode(self.path.name)
        room = file_access.name_max(self.path.parent) - len(suffix) - 4  # room for "-N"
        shown = os.fsdecode(name if len(name) <= room else name[:room])
        target = self.path.with_name(shown + suffix)
        number = 2
        while os.path.lexists(target):  # never write over an earlier backup
            target = self.path.with_name(f"{shown}.v{version}-{stamp}-{number}.bak")
            number += 1
        destination = sqlite3.connect(target)
        try:
            self.conn.backup(destination)
        finally:
            destination.close()
        if not target.is_file():  # pragma: no cover - defensive
            shutil.copy2(self.path, target)
        return target

    def _migrate(self, version: int) -> None:
        with self.db.atomic():
            for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
                migration(self.conn)
                self.conn.execute(f"PRAGMA user_version = {number}")
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one state of the file: a read transaction (``BEGIN`` ... ``COMMIT``)
        unless the connection is in a transaction already. With write-ahead logging another
        connection may commit meanwhile; these reads do not see it, and do not block it."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        self.in_snapshot = True
        try:
            yield
        finally:
            self.in_snapshot = False
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    # -- the file under the open connection -------------------------------------------------------

    def file_state(self) -> FileState:
        """Whether the path still names the file that was opened (compared by device and
        inode, so a file moved away, deleted, or replaced by another one is noticed). SQLite
        keeps writing into the file it opened even after it is gone from the folder, and that
        work would be lost when the project closes."""
        now = _identity(self.path)
        if now is None:
            return "missing"
        opened = self._opened_identity
        if opened is None or 0 in (now[1], opened[1]):  # no inode numbers on this file system
            return "present"
        return "present" if now == opened else "replaced"

    def check_file(self) -> None:
        """Raise :class:`ProjectFileGone` unless the path still names the opened file."""
        state = self.file_state()
        if state == "present":
            return
        what = ("was moved, renamed or deleted" if state == "missing"
                else "was replaced by another file")
        raise ProjectFileGone(
            f"{self.path.name} {what} while it was open, so changes can no longer be saved "
            f"there; nothing was changed. Save a copy of the open project to keep your work"
        )

    def backup_to(self, target: Path) -> Path:
        """Write a complete copy of the project as this connection sees it (every committed
        change, also those still in the write-ahead log) to the new file ``target``, using
        SQLite's online backup API. ``target`` must not exist: nothing is overwritten. The copy
        is written beside the target first and appears under its name only when complete.
        Raises :class:`ProjectError` with one line when it cannot be written."""
        target = Path(target)
        if target.exists() or target.is_symlink():
            raise ProjectError(f"{target.name} exists already; choose a new name for the copy")
        if not target.parent.is_dir():
            raise ProjectError(f"the folder {target.parent} does not exist; choose another")
        try:
            fd, temp_name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".part"
            )
        except OSError as error:
            raise ProjectError(f"cannot write in {target.parent}: {error.strerror}") from error
        os.close(fd)
        temp = Path(temp_name)
        try:
            destination = sqlite3.connect(temp)
            try:
                self.conn.backup(destination)
            finally:
                destination.close()
            with open(temp, "rb+") as handle:
                os.fsync(handle.fileno())
            move_without_replacing(temp, target)
        except (OSError, sqlite3.Error) as error:
            for leftover in (temp, temp.with_name(temp.name + "-journal")):
                with suppress(OSError):
                    leftover.unlink()
            if isinstance(error, FileExistsError):
                raise ProjectError(
                    f"{target.name} exists already; choose a new name for the copy"
                ) from error
            reason = getattr(error, "strerror", None) or str(error)
            raise ProjectError(f"could not save a copy as {target}: {reason}") from error
        return target

    def checkpoint_and_disconnect(self) -> None:
        """Move everything in the write-ahead log into the file and close the connection, keeping
        the writer lock; afterwards the file alone holds the whole project. Raises
        :class:`ProjectLocked` when another program still reads it (the log cannot be emptied)."""
        busy = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        self.conn.close()
        self.conn = None  # type: ignore[assignment]
        wal = self.path.with_name(self.path.name + "-wal")
        if busy or (wal.exists() and wal.stat().st_size > 0):
            raise ProjectLocked(
                f"{self.path.name} is open in another program; close it there first"
            )

    def close(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            if not self.read_only and getattr(self, "_opened_identity", None) is not None \
                    and self.file_state() != "present":
                # The file was taken away: SQLite leaves its write-ahead log behind under the
                # old name, and would replay it into whatever file is put at that path next
                # (a restored copy, another project). Fold it into the old file and empty it.
                with suppress(sqlite3.Error):
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
            self.conn = None  # type: ignore[assignment]
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        if self._private_copy is not None:
            shutil.rmtree(self._private_copy, ignore_errors=True)
            self._private_copy = None


def replace_project(path: Path, build: Callable[[Path], object]) -> Path:
    """Replace the project at ``path`` with a new one, keeping the old file as a dated backup.

    ``build(new_path)`` writes the new project at a temporary name beside ``path`` (and closes
    it). The old project's writer lock is held throughout, so this is refused with
    :class:`ProjectLocked` (and nothing changes) while another program writes it; its log is
    checkpointed into the file, which then gets the backup's name (``NAME.YYYYmmdd-HHMMSS.bak``,
    see :func:`glocal_annotator.project_files.backup_path`) and the new file takes ``path``. On
    POSIX the swap is a hard link and an atomic rename, so ``path`` never goes missing. A file
    that is not one of our projects is refused (:class:`ProjectError`) and left alone. Returns the
    backup's path. Whatever fails, the old project stays at ``path`` or at the backup's name.
    """
    database = ProjectDatabase(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        build(temp)
        database.checkpoint_and_disconnect()
        backup = backup_path(path)
        try:
            os.link(path, backup)
        except (OSError, NotImplementedError):  # no hard links here (FAT, some network shares)
            os.rename(path, backup)
            os.rename(temp, path)
        else:
            os.replace(temp, path)
    finally:
        database.close()
        for leftover in (temp, *(temp.with_name(temp.name + end) for end in SIDE_SUFFIXES)):
            if leftover.exists():
                leftover.unlink()  # files made by this call only
    return backup


def preload_for_writing() -> None:
    """Load what the first change to a project needs (sqlite-utils and its plugins, about
    0.2 s) on a worker thread now, so that the user's first coding does not wait for it:
    reading a project never loads it (see :attr:`ProjectDatabase.db`)."""
    import sys

    if "sqlite_utils" in sys.modules:
        return
    import threading

    def load() -> None:
        import sqlite_utils

        sqlite_utils.Database(memory=True).close()  # loads its plugins, once per process

    threading.Thread(target=load, name="glocal-preload", daemon=True).start()

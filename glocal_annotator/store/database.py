"""Opening a project file: connection settings, version checks, migrations, the writer lock."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from glocal_annotator.errors import NewerProjectVersion, ProjectError
from glocal_annotator.store.lock import WriterLock
from glocal_annotator.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION


class ProjectDatabase:
    """A connection to one project file, migrated to the current schema.

    Writable opens take the single-writer lock first; read-only opens never write, not even a
    migration (an old file opened read-only is refused with a message).
    """

    def __init__(self, path: Path, *, create: bool = False, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._lock: WriterLock | None = None
        if create and self.path.exists():
            raise ProjectError(f"{self.path.name} already exists; open it instead")
        if not create and not self.path.is_file():
            raise ProjectError(f"{self.path} does not exist")
        if create and not self.path.parent.is_dir():
            raise ProjectError(f"the folder {self.path.parent} does not exist; create it first")
        if not read_only:
            self._lock = WriterLock(self.path)
        try:
            self.conn = self._connect(create)
            self.db = sqlite_utils.Database(self.conn)
            self._check_and_migrate()
        except BaseException:
            self.close()
            raise

    def _connect(self, create: bool) -> sqlite3.Connection:
        try:
            if self.read_only:
                uri = self.path.resolve().as_uri() + "?mode=ro"
                conn = sqlite3.connect(
                    uri, uri=True, isolation_level=None, check_same_thread=False
                )
            else:
                conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:  # a folder that cannot be written, a vanished file
            raise ProjectError(f"cannot open {self.path.name}: {error}") from error
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            if not self.read_only:
                if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                    raise ProjectError(f"{self.path.name}: cannot use write-ahead logging here")
                conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA busy_timeout = 5000")
        except sqlite3.OperationalError as error:  # e.g. a read-only folder
            conn.close()
            raise ProjectError(f"cannot open {self.path.name}: {error}") from error
        except sqlite3.DatabaseError as error:
            conn.close()
            raise ProjectError(
                f"{self.path.name} is not a Glocal Annotator project ({error})"
            ) from error
        return conn

    def _check_and_migrate(self) -> None:
        try:
            app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise ProjectError(
                f"{self.path.name} is not a Glocal Annotator project ({error})"
            ) from error
        if app_id != APPLICATION_ID and not (app_id == 0 and version == 0 and tables == 0):
            raise ProjectError(f"{self.path.name} is not a Glocal Annotator project")
        if version > SCHEMA_VERSION:
            raise NewerProjectVersion(
                f"{self.path.name} was saved by a newer Glocal Annotator (file version {version}, "
                f"this app reads up to {SCHEMA_VERSION}); update the app to open it"
            )
        if version == SCHEMA_VERSION:
            return
        if self.read_only:
            raise ProjectError(
                f"{self.path.name} needs an upgrade to this version; open it for writing once"
            )
        if tables:
            self.backup_before_migration(version)
        self._migrate(version)

    def backup_before_migration(self, version: int) -> Path:
        """Copy the file aside (``NAME.vN-YYYYmmddTHHMMSS.bak``) before its schema changes."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.v{version}-{stamp}.bak")
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

    def close(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            conn.close()
            self.conn = None  # type: ignore[assignment]
        if self._lock is not None:
            self._lock.release()
            self._lock = None

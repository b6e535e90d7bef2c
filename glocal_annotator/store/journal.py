"""Row-level change recording: every write of an operation, with before and after images.

All writes of :mod:`glocal_annotator.project` go through a :class:`Journal`, so every operation
knows exactly what it changed. Its inverse is mechanical: replay the row changes backwards, checking
that each row is still as the operation left it. Replaying records again, so the inverse of an
inverse (redo) comes for free.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from glocal_annotator.errors import InvalidOperation
from glocal_annotator.store.schema import TABLE_COLUMNS

Row = dict[str, Any]

PRIMARY_KEYS = {"project_info": "key"}
_READ_BACK = 4096  # characters: a longer str value is kept as given, not read back


def _pk(table: str) -> str:
    return PRIMARY_KEYS.get(table, "id")


def _quoted(columns: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


# INSERT ... RETURNING: SQLite 3.35 (3.35.5 fixed its early bugs); older ones read the row back.
_RETURNING = sqlite3.sqlite_version_info >= (3, 35, 5)


@lru_cache(maxsize=256)
def _insert_sql(
    table: str, columns: tuple[str, ...], given: tuple[str, ...]
) -> tuple[str, tuple[str, ...]]:
    """The INSERT statement for these columns, and the columns it returns (none without
    ``RETURNING``): every column of the table but the long ``given`` ones."""
    sql = f"INSERT INTO {table} ({_quoted(columns)}) VALUES ({', '.join('?' * len(columns))})"
    if not _RETURNING:
        return sql, ()
    returned = tuple(c for c in TABLE_COLUMNS[table] if c not in given)
    return f"{sql} RETURNING {_quoted(returned)}", returned


@dataclass(frozen=True)
class RowChange:
    """One row written: ``before`` is None for an insert, ``after`` is None for a delete."""

    table: str
    key: Any
    before: Row | None
    after: Row | None


class Journal:
    """Writes rows and remembers each write. Use inside a transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.changes: list[RowChange] = []

    def fetch(self, table: str, key: Any) -> Row | None:
        columns = TABLE_COLUMNS[table]
        row = self.conn.execute(
            f"SELECT {_quoted(columns)} FROM {table} WHERE {_pk(table)} = ?", (key,)
        ).fetchone()
        return dict(zip(columns, row, strict=True)) if row is not None else None

    def insert(self, table: str, values: Row) -> Any:
        """Insert a row (its id may be given, as when restoring) and return its key.

        The change records the row as stored, column defaults included (the image undo will
        check), read back by the insert itself (``RETURNING``, one statement) where SQLite has
        it. Long text values (a document's text) are taken as given instead of read back:
        SQLite stores a str in a TEXT column as it is, and a 5 MB copy costs 20 ms of an
        import."""
        columns = tuple(values)
        given = tuple(c for c, v in values.items() if isinstance(v, str) and len(v) > _READ_BACK)
        insert, returned = _insert_sql(table, columns, given)
        cursor = self.conn.execute(insert, [values[column] for column in columns])
        if returned:
            row = cursor.fetchone()
            image = dict(zip(returned, row, strict=True))
            key = image[_pk(table)]
        else:
            key = values.get(_pk(table), cursor.lastrowid)
            read = [c for c in TABLE_COLUMNS[table] if c not in given]
            row = self.conn.execute(
                f"SELECT {_quoted(read)} FROM {table} WHERE {_pk(table)} = ?", (key,)
            ).fetchone()
            image = dict(zip(read, row, strict=True))
        image.update((column, values[column]) for column in given)
        self.changes.append(
            RowChange(table, key, None, {c: image[c] for c in TABLE_COLUMNS[table]})
        )
        return key

    def update(self, table: str, key: Any, values: Row) -> Row:
        """Set ``values`` on one row; return the row as it was."""
        before = self.fetch(table, key)
        if before is None:
            raise InvalidOperation(f"no {table[:-1]} with id {key}")
        changed = {column: value for column, value in values.items() if before[column] != value}
        if changed:
            assignments = ", ".join(f'"{column}" = ?' for column in changed)
            self.conn.execute(
                f"UPDATE {table} SET {assignments} WHERE {_pk(table)} = ?",
                [*changed.values(), key],
            )
            self.changes.append(RowChange(table, key, before, {**before, **changed}))
        return before

    def delete(self, table: str, key: Any) -> Row:
        before = self.fetch(table, key)
        if before is None:
            raise InvalidOperation(f"no {table[:-1]} with id {key}")
        self.conn.execute(f"DELETE FROM {table} WHERE {_pk(table)} = ?", (key,))
        self.changes.append(RowChange(table, key, before, None))
        return before

    def revert(self, changes: list[RowChange]) -> None:
        """Undo ``changes`` (as recorded by another journal), newest first, recording as it goes.

        Each row must still be as the change left it; if anything else changed it since, the
        revert stops with :class:`InvalidOperation` and the caller's transaction rolls back.
        """
        for change in reversed(changes):
            current = self.fetch(change.table, change.key)
            if current != change.after:
                raise InvalidOperation(
                    "the project has changed since; this step can no longer be undone"
                )
            if change.after is None:
                assert change.before is not None
                self.insert(change.table, change.before)
            elif change.before is None:
                self.delete(change.table, change.key)
            else:
                self.update(change.table, change.key, change.before)

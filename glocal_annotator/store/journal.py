"""Row-level change recording: every write of an operation, with before and after images.

All writes of :mod:`glocal_annotator.project` go through a :class:`Journal`, so every operation
knows exactly what it changed. Its inverse is mechanical: replay the row changes backwards, checking
that each row is still as the operation left it. Replaying records again, so the inverse of an
inverse (redo) comes for free.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from glocal_annotator.errors import InvalidOperation
from glocal_annotator.store.schema import TABLE_COLUMNS

Row = dict[str, Any]

PRIMARY_KEYS = {"project_info": "key"}


def _pk(table: str) -> str:
    return PRIMARY_KEYS.get(table, "id")


def _quoted(columns: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


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
        """The row of ``table`` with this key, or None (also for an integer key beyond the
        64 bits SQLite stores, which no row can have)."""
        if isinstance(key, int) and not -(2**63) <= key < 2**63:
            return None
        columns = TABLE_COLUMNS[table]
        row = self.conn.execute(
            f"SELECT {_quoted(columns)} FROM {table} WHERE {_pk(table)} = ?", (key,)
        ).fetchone()
        return dict(zip(columns, row, strict=True)) if row is not None else None

    def insert(self, table: str, values: Row) -> Any:
        """Insert a row (its id may be given, as when restoring) and return its key."""
        columns = list(values)
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({_quoted(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [values[column] for column in columns],
        )
        key = values.get(_pk(table), cursor.lastrowid)
        # Read the row back so column defaults are part of the image the undo will check.
        self.changes.append(RowChange(table, key, None, self.fetch(table, key)))
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

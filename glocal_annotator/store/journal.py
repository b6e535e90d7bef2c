"""Row-level change recording: every write of an operation, with before and after images.

All writes of :mod:`glocal_annotator.project` go through a :class:`Journal`, so every operation
knows exactly what it changed. Its inverse is mechanical: replay the row changes backwards, checking
that each row is still as the operation left it. Replaying records again, so the inverse of an
inverse (redo) comes for free.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from glocal_annotator.errors import InvalidOperation
from glocal_annotator.store.schema import TABLE_COLUMNS

Row = dict[str, Any]

PRIMARY_KEYS = {"project_info": "key", "search_texts": "document_id"}
# Tables whose rows are written with every column, each of its declared type, so the values
# given are the row as stored (no read-back needed for the undo's image: a document's search
# forms are megabytes).
_STORED_AS_GIVEN = {"search_texts"}
_READ_BACK = 4096  # characters: a longer str value is kept as given, not read back
BATCH = 2000  # rows per statement of a batched insert, with a progress report between


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
    if not returned:
        return sql, ()
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
        """Insert a row (its id may be given, as when restoring) and return its key.

        The change records the row as stored, column defaults included (the image undo will
        check), read back by the insert itself (``RETURNING``, one statement) where SQLite has
        it. Long text values (a document's text) are taken as given instead of read back:
        SQLite stores a str in a TEXT column as it is, and a 5 MB copy costs 20 ms of an
        import."""
        columns = tuple(values)
        if table in _STORED_AS_GIVEN and all(c in values for c in TABLE_COLUMNS[table]):
            given = TABLE_COLUMNS[table]
        else:
            given = tuple(
                c for c, v in values.items() if isinstance(v, str) and len(v) > _READ_BACK
            )
        insert, returned = _insert_sql(table, columns, given)
        cursor = self.conn.execute(insert, [values[column] for column in columns])
        if returned:
            row = cursor.fetchone()
            image = dict(zip(returned, row, strict=True))
            key = image[_pk(table)]
        else:
            key = values.get(_pk(table), cursor.lastrowid)
            read = [c for c in TABLE_COLUMNS[table] if c not in given]
            image = {}
            if read:
                row = self.conn.execute(
                    f"SELECT {_quoted(read)} FROM {table} WHERE {_pk(table)} = ?", (key,)
                ).fetchone()
                image = dict(zip(read, row, strict=True))
        image.update((column, values[column]) for column in given)
        self.changes.append(
            RowChange(table, key, None, {c: image[c] for c in TABLE_COLUMNS[table]})
        )
        return key

    def insert_many(self, table: str, rows: list[Row],
                    progress: Callable[[int, int], object] | None = None) -> list[int]:
        """Insert rows of a table with an integer ``id`` in one statement; return their ids.

        Each row gives every column but ``id``; ids are assigned in order after the highest
        ever used (AUTOINCREMENT's rule, so an id is never reused). The rows are recorded as
        :meth:`insert` records them, without reading each back (about 40 times faster for
        50,000 codings). Raises ValueError for a row that leaves out or adds a column.

        ``progress(done, total)`` (rows), when given, is called between batches of
        :data:`BATCH` rows; whatever it raises stops the insert (the caller's transaction
        rolls back).
        """
        if not rows:
            return []
        columns = TABLE_COLUMNS[table]
        if columns[0] != "id" or _pk(table) != "id":
            raise ValueError(f"{table} has no integer id to assign")
        wanted = set(columns[1:])
        for row in rows:
            if set(row) != wanted:
                raise ValueError(f"a {table} row needs exactly the columns {sorted(wanted)}")
        highest = self.conn.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), "
            f"coalesce((SELECT max(id) FROM {table}), 0))",
            (table,),
        ).fetchone()[0]
        images = [{"id": highest + number, **row} for number, row in enumerate(rows, start=1)]
        sql = f"INSERT INTO {table} ({_quoted(columns)}) VALUES ({', '.join('?' * len(columns))})"
        for first in range(0, len(images), BATCH):
            if progress is not None:
                progress(first, len(images))
            batch = images[first:first + BATCH]
            self.conn.executemany(sql, [[image[column] for column in columns] for image in batch])
            self.changes.extend(RowChange(table, image["id"], None, image) for image in batch)
        if progress is not None:
            progress(len(images), len(images))
        return [image["id"] for image in images]

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

    def fetch_many(self, table: str, keys: list[Any]) -> dict[Any, Row]:
        """The rows of ``keys`` that exist, by key (one query)."""
        columns = TABLE_COLUMNS[table]
        rows = self.conn.execute(
            f"SELECT {_quoted(columns)} FROM {table} "
            f"WHERE {_pk(table)} IN (SELECT value FROM json_each(?))",
            (json.dumps(keys),),
        )
        pk = columns.index(_pk(table))
        return {row[pk]: dict(zip(columns, row, strict=True)) for row in rows}

    def revert(self, changes: list[RowChange],
               progress: Callable[[int, int], object] | None = None) -> None:
        """Undo ``changes`` (as recorded by another journal), newest first, recording as it goes.

        Each row must still be as the change left it; if anything else changed it since, the
        revert stops with :class:`InvalidOperation` and the caller's transaction rolls back.
        Runs of inserts or deletes in one table (50,000 codings from an autocode) are checked
        and reverted in batches of :data:`BATCH`, in the same order; ``progress(done,
        total)`` (rows), when given, is called between batches (what it raises stops the
        revert, the transaction rolls back).
        """
        newest_first = list(reversed(changes))
        index = 0
        while index < len(newest_first):
            if progress is not None:
                progress(index, len(newest_first))
            change = newest_first[index]
            kind = _kind(change)
            end = index + 1
            if kind != "update":
                while (
                    end < len(newest_first)
                    and end - index < BATCH
                    and newest_first[end].table == change.table
                    and _kind(newest_first[end]) == kind
                ):
                    end += 1
            if end - index > 1:
                self._revert_run(newest_first[index:end], kind)
            else:
                self._revert_one(change)
            index = end
        if progress is not None:
            progress(len(newest_first), len(newest_first))

    def _revert_one(self, change: RowChange) -> None:
        current = self.fetch(change.table, change.key)
        if current != change.after:
            raise InvalidOperation(_CHANGED_SINCE)
        if change.after is None:
            assert change.before is not None
            self.insert(change.table, change.before)
        elif change.before is None:
            self.delete(change.table, change.key)
        else:
            self.update(change.table, change.key, change.before)

    def _revert_run(self, run: list[RowChange], kind: str) -> None:
        """Revert inserts (by deleting) or deletes (by inserting) of one table, in order."""
        table = run[0].table
        current = self.fetch_many(table, [change.key for change in run])
        for change in run:
            if current.get(change.key) != change.after:
                raise InvalidOperation(_CHANGED_SINCE)
        if kind == "insert":
            self.conn.executemany(
                f"DELETE FROM {table} WHERE {_pk(table)} = ?", [(c.key,) for c in run]
            )
            self.changes.extend(RowChange(table, c.key, c.after, None) for c in run)
            return
        columns = TABLE_COLUMNS[table]
        self.conn.executemany(
            f"INSERT INTO {table} ({_quoted(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [[c.before[column] for column in columns] for c in run if c.before is not None],
        )
        self.changes.extend(RowChange(table, c.key, None, c.before) for c in run)


_CHANGED_SINCE = "the project has changed since; this step can no longer be undone"


def _kind(change: RowChange) -> str:
    if change.before is None:
        return "insert"
    if change.after is None:
        return "delete"
    return "update"

"""Reading every row that can still be read from a damaged project file, row by row.

A table is read in rowid order. When SQLite stops on a damaged page, the reader asks for the
next rowid alone (which reads only the table's tree, not the row's content): if that works,
the row whose content is damaged is skipped and reading goes on after it. If even the tree is
damaged there, it looks for the first rowid it can reach again, in steps that double and then
by bisection (about 2 x 63 seeks at most), and reports the stretch of ids it had to skip.
Everything it could not read is reported as one line each; it never raises for damage.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

_SMALLEST = -(2**63)
_LARGEST = 2**63 - 1


@dataclass
class TableRead:
    """The rows read from one table: ``rows`` as dicts of the asked columns (None where the
    table lacks a column or a value could not be read; the bytes where a text could not be
    read as text), ``lost`` one line per row or stretch of rows that could not be read,
    ``missing_columns`` the asked columns the table does not have."""

    table: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    table_missing: bool = False
    #: rows read only in part: rowid -> the columns of which only the start could be read
    damaged: dict[int, list[str]] = field(default_factory=dict)
    #: the rowids that could not be read through the table's tree, as (low, high) stretches
    unread: list[tuple[int, int]] = field(default_factory=list)
    #: rowids of the rows found afterwards on the file's pages (see salvage_pages)
    found_on_pages: set[int] = field(default_factory=set)


def read_table(conn: sqlite3.Connection, table: str, columns: tuple[str, ...],
               thing: str) -> TableRead:
    """Read ``columns`` of every readable row of ``table`` (see the module notes); ``thing``
    names one row in the report ("coding")."""
    result = TableRead(table)
    try:
        present = {row[1] for row in conn.execute(f'PRAGMA main.table_info("{table}")')}
    except sqlite3.DatabaseError:  # the list of tables is damaged: look on the pages
        return unreadable(table)
    if not present:
        result.table_missing = True
        result.lost.append(f"the {table} table is missing, so no {thing} could be read")
        return result
    result.missing_columns = [c for c in columns if c not in present]
    selected = ", ".join(f'"{c}"' if c in present else "NULL" for c in columns)
    query = f'SELECT rowid, {selected} FROM main."{table}" WHERE rowid > ? ORDER BY rowid'

    def keep(row: tuple) -> None:
        result.rows.append(dict(zip(columns, row[1:], strict=True)))

    last = _SMALLEST
    while True:
        try:
            for row in conn.execute(query, (last,)):
                if not isinstance(row[0], int) or row[0] <= last:
                    raise _OutOfOrder  # a damaged page read as if it were sound
                keep(row)
                last = row[0]
            return result
        except (sqlite3.DatabaseError, _OutOfOrder):
            pass
        found, following = _seek(conn, table, last)
        if found:
            if following is None:
                return result
            row = _one(conn, table, selected, following)
            if row is not None:
                keep(row)
            else:
                values, damaged = _column_by_column(conn, table, columns, present, following)
                if all(values[c] is None for c in columns if c in present):
                    result.unread.append((following, following))
                else:
                    result.rows.append(values)
                    if damaged:
                        result.damaged[following] = damaged
            last = following
            continue
        resume = _resume_after(conn, table, last)
        following = _seek(conn, table, resume, inclusive=True)[1] if resume is not None else None
        if following is None:
            result.unread.append((last + 1, _LARGEST))
            return result
        result.unread.append((last + 1, following - 1))
        last = following - 1


def unreadable(table: str) -> TableRead:
    """A table none of whose rows could be read through SQLite (all are looked for on the
    file's pages)."""
    return TableRead(table, table_missing=True, unread=[(_SMALLEST + 1, _LARGEST)])


def stretch(thing: str, low: int, high: int) -> str:
    """The rows with ids ``low`` to ``high`` in words: "coding 7", "the codings from id 3 up
    to id 9", "every coding after id 40", "every coding"."""
    if low == high:
        return f"{thing} {low}"
    if high == _LARGEST:
        return f"every {thing}" if low <= _SMALLEST + 1 else f"every {thing} after id {low - 1}"
    start = "" if low <= _SMALLEST + 1 else f" from id {low}"
    return f"the {thing}s{start} up to id {high}"


def _column_by_column(conn: sqlite3.Connection, table: str, columns: tuple[str, ...],
                      present: set[str], rowid: int) -> tuple[dict[str, Any], list[str]]:
    """A row whose content cannot be read whole, read one column at a time: a text that is
    not valid UTF-8 comes as its bytes; one whose pages are broken off comes as the bytes up
    to the break (and is named in the second item), anything else unreadable as None."""
    values: dict[str, Any] = {}
    damaged: list[str] = []
    for column in columns:
        values[column] = None
        if column not in present:
            continue
        for expression in (f'"{column}"', f'CAST("{column}" AS BLOB)'):
            try:
                found = conn.execute(
                    f'SELECT {expression} FROM main."{table}" WHERE rowid = ?', (rowid,)
                ).fetchone()
            except sqlite3.DatabaseError:
                continue
            values[column] = found[0] if found else None
            break
        else:
            values[column] = _readable_start(conn, table, column, rowid)
            damaged.append(column)
    return values, damaged


def _readable_start(conn: sqlite3.Connection, table: str, column: str,
                    rowid: int) -> bytes | None:
    """The bytes of a long text or blob up to the page whose link to the next one is broken,
    less that page's own content (it is the damaged one); read with SQLite's incremental blob
    I/O, which follows the value's chain of pages. None if nothing before it can be read."""
    try:
        blob = conn.blobopen(table, column, rowid, readonly=True, name="main")
        page = conn.execute("PRAGMA main.page_size").fetchone()[0]
    except (sqlite3.Error, AttributeError):
        return None
    parts: list[bytes] = []
    read = 0
    try:
        with blob:
            while True:
                chunk = blob.read(512)
                if not chunk:
                    return b"".join(parts)  # it could all be read after all
                parts.append(chunk)
                read += len(chunk)
    except sqlite3.Error:
        pass
    kept = max(0, read - (page - 4))  # an overflow page holds page size - 4 bytes of content
    return b"".join(parts)[:kept] or None


class _OutOfOrder(Exception):
    """A table read returned rowids out of order: the page it read is damaged."""


def _seek(conn: sqlite3.Connection, table: str, after: int,
          inclusive: bool = False) -> tuple[bool, int | None]:
    """(True, the first rowid past ``after`` or None if there is none) if the table's tree
    can be searched there; (False, None) if it cannot."""
    operator = ">=" if inclusive else ">"
    try:
        row = conn.execute(
            f'SELECT rowid FROM main."{table}" WHERE rowid {operator} ? ORDER BY rowid LIMIT 1',
            (after,),
        ).fetchone()
    except sqlite3.DatabaseError:
        return False, None
    if row is not None and (not isinstance(row[0], int) or row[0] < after
                            or (row[0] == after and not inclusive)):
        return False, None  # out of order: the tree is damaged there
    return True, (row[0] if row else None)


def _one(conn: sqlite3.Connection, table: str, selected: str, rowid: int) -> tuple | None:
    try:
        row = conn.execute(
            f'SELECT rowid, {selected} FROM main."{table}" WHERE rowid = ?', (rowid,)
        ).fetchone()
    except sqlite3.DatabaseError:
        return None
    return row if row is not None and row[0] == rowid else None


def _resume_after(conn: sqlite3.Connection, table: str, last: int) -> int | None:
    """The smallest rowid past ``last`` from which the table's tree can be searched again,
    or None if nothing past ``last`` can be reached. Doubling steps, then bisection."""

    def reachable(start: int) -> bool:
        return _seek(conn, table, start, inclusive=True)[0]

    low, step = last + 1, 1  # searching from ``low`` is known to fail
    while True:
        high = min(low + step, _LARGEST)
        if reachable(high):
            break
        if high == _LARGEST:
            return None
        low, step = high, step * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if reachable(middle) else (middle, high)
    return high

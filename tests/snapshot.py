"""Every row of every table of a project file, to compare a project's content before and after
(not only counts): what the reliability tests use to say "nothing changed" or "all or none"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

Rows = dict[str, dict[int, tuple]]  # table -> rowid -> the row's values


def _tables(conn: sqlite3.Connection) -> list[str]:
    # FTS5 shadow tables are derived from the rows of search_texts; their content is checked
    # through integrity_check and the search tests, not compared row by row here.
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_fts%' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [row[0] for row in rows]


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def project_rows(path: Path) -> Rows:
    """``{table: {rowid: row}}`` of the project at ``path``, every column, read without writing
    (the write-ahead log, if any, is read too). Compare two with ``==`` (byte-equal values)."""
    conn = _read_only(path)
    try:
        rows: Rows = {}
        for table in _tables(conn):
            cursor = conn.execute(f'SELECT rowid, * FROM "{table}"')
            rows[table] = {row[0]: tuple(row[1:]) for row in cursor}
        return rows
    finally:
        conn.close()


def health(path: Path) -> tuple[str, list[tuple]]:
    """``PRAGMA integrity_check``'s first line and ``foreign_key_check``'s rows."""
    conn = _read_only(path)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        dangling = conn.execute("PRAGMA foreign_key_check").fetchall()
        return integrity, dangling
    finally:
        conn.close()


def lost_rows(before: Rows, after: Rows) -> dict[str, list[int]]:
    """Rowids of rows of ``before`` that ``after`` lacks or holds changed, by table."""
    lost: dict[str, list[int]] = {}
    for table, rows in before.items():
        now = after.get(table, {})
        missing = [rowid for rowid, row in rows.items() if now.get(rowid) != row]
        if missing:
            lost[table] = missing
    return lost


def new_rows(before: Rows, after: Rows) -> dict[str, dict[int, tuple]]:
    """Rows of ``after`` whose rowid ``before`` does not have, by table (empty tables left out)."""
    added = {
        table: {rowid: row for rowid, row in rows.items() if rowid not in before.get(table, {})}
        for table, rows in after.items()
    }
    return {table: rows for table, rows in added.items() if rows}

"""Every row of every table of a project file, to compare a project's content before and after
(not only counts): what the reliability tests use to say "nothing changed" or "all or none"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

Rows = dict[str, list[tuple]]


def _tables(conn: sqlite3.Connection) -> list[str]:
    # FTS5 shadow tables are derived from the rows of search_texts; their content is checked
    # through integrity_check and the search tests, not compared byte for byte here.
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_fts%' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [row[0] for row in rows]


def project_rows(path: Path) -> Rows:
    """``{table: sorted rows}`` of the project at ``path``, read without writing (the write-ahead
    log, if any, is read too)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            table: sorted(
                conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr
            )
            for table in _tables(conn)
        }
    finally:
        conn.close()


def health(path: Path) -> tuple[str, list[tuple]]:
    """``PRAGMA integrity_check``'s first line and ``foreign_key_check``'s rows."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        dangling = conn.execute("PRAGMA foreign_key_check").fetchall()
        return integrity, dangling
    finally:
        conn.close()


def added_rows(before: Rows, after: Rows) -> dict[str, set[tuple]]:
    """Rows in ``after`` that ``before`` lacks, by table (tables new in ``after`` count whole)."""
    return {
        table: set(rows) - set(before.get(table, []))
        for table, rows in after.items()
        if set(rows) - set(before.get(table, []))
    }


def removed_rows(before: Rows, after: Rows) -> dict[str, set[tuple]]:
    """Rows of ``before`` that are not in ``after`` (byte-equal), by table."""
    return {
        table: set(rows) - set(after.get(table, []))
        for table, rows in before.items()
        if set(rows) - set(after.get(table, []))
    }

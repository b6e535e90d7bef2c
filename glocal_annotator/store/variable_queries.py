"""Reading document variables, their values and document sets (schema version 3 on)."""

from __future__ import annotations

import json
import sqlite3

from glocal_annotator.model import DocumentSet, Variable


def _variable(row: tuple) -> Variable:
    variable_id, guid, name, kind, choices, description, position = row
    try:
        parsed = json.loads(choices)
    except ValueError:
        parsed = []
    return Variable(name=name, type=kind, choices=tuple(str(c) for c in parsed), id=variable_id,
                    guid=guid, description=description, position=position)


def variables(conn: sqlite3.Connection) -> list[Variable]:
    """Every variable, in the project's order (``position``, then id)."""
    rows = conn.execute(
        "SELECT id, guid, name, type, choices, description, position FROM variables "
        "ORDER BY position, id"
    )
    return [_variable(row) for row in rows]


def variable(conn: sqlite3.Connection, variable_id: int) -> Variable | None:
    row = conn.execute(
        "SELECT id, guid, name, type, choices, description, position FROM variables "
        "WHERE id = ?", (variable_id,)
    ).fetchone()
    return _variable(row) if row is not None else None


def variable_by_name(conn: sqlite3.Connection, name: str) -> Variable | None:
    """The variable called ``name`` (case ignored, as the column's collation does)."""
    row = conn.execute(
        "SELECT id, guid, name, type, choices, description, position FROM variables "
        "WHERE name = ?", (name,)
    ).fetchone()
    return _variable(row) if row is not None else None


def values(conn: sqlite3.Connection, variable_id: int | None = None) -> dict[tuple[int, int], str]:
    """``(variable id, document id) -> value`` (canonical text), of one variable or all."""
    if variable_id is None:
        rows = conn.execute("SELECT variable_id, document_id, value FROM variable_values")
    else:
        rows = conn.execute(
            "SELECT variable_id, document_id, value FROM variable_values WHERE variable_id = ?",
            (variable_id,),
        )
    return {(v, d): value for v, d, value in rows}


def value_rows(conn: sqlite3.Connection, variable_id: int | None = None
               ) -> dict[tuple[int, int], int]:
    """``(variable id, document id) -> the id of its row``, of one variable or all."""
    if variable_id is None:
        rows = conn.execute("SELECT variable_id, document_id, id FROM variable_values")
    else:
        rows = conn.execute(
            "SELECT variable_id, document_id, id FROM variable_values WHERE variable_id = ?",
            (variable_id,),
        )
    return {(v, d): row_id for v, d, row_id in rows}


def document_value_rows(conn: sqlite3.Connection, document_id: int) -> list[int]:
    """The ids of a document's value rows."""
    return [row[0] for row in conn.execute(
        "SELECT id FROM variable_values WHERE document_id = ? ORDER BY id", (document_id,))]


def document_sets(conn: sqlite3.Connection) -> list[DocumentSet]:
    """Every document set with its documents, by name (case ignored)."""
    members: dict[int, set[int]] = {}
    for set_id, document_id in conn.execute(
            "SELECT set_id, document_id FROM document_set_members"):
        members.setdefault(set_id, set()).add(document_id)
    rows = conn.execute(
        "SELECT id, guid, name, description FROM document_sets ORDER BY name COLLATE NOCASE, id"
    )
    return [DocumentSet(set_id, guid, name, frozenset(members.get(set_id, ())), description)
            for set_id, guid, name, description in rows]


def set_by_name(conn: sqlite3.Connection, name: str) -> tuple[int, str] | None:
    """``(id, name)`` of the set called ``name`` (case ignored)."""
    row = conn.execute("SELECT id, name FROM document_sets WHERE name = ?", (name,)).fetchone()
    return (row[0], row[1]) if row is not None else None


def member_rows(conn: sqlite3.Connection, set_id: int | None = None
                ) -> dict[tuple[int, int], int]:
    """``(set id, document id) -> the id of its membership row``, of one set or all."""
    if set_id is None:
        rows = conn.execute("SELECT set_id, document_id, id FROM document_set_members")
    else:
        rows = conn.execute(
            "SELECT set_id, document_id, id FROM document_set_members WHERE set_id = ?",
            (set_id,),
        )
    return {(s, d): row_id for s, d, row_id in rows}


def document_member_rows(conn: sqlite3.Connection, document_id: int) -> list[int]:
    """The ids of a document's set membership rows."""
    return [row[0] for row in conn.execute(
        "SELECT id FROM document_set_members WHERE document_id = ? ORDER BY id",
        (document_id,))]

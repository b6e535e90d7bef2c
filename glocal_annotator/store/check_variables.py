"""Do the stored document-variable values still fit their variable's type? A check for
``glocal-annotator check`` (:func:`glocal_annotator.store.check.full_problems`).

Values are stored as text in their type's canonical form (:mod:`glocal_annotator.variable_types`),
checked when they are set. A value can stop fitting when the file was edited by another program
or by hand, or written by a damaged copy: a number variable holding ``abc``, a date holding
``01/02/2024``, a choice variable holding a value no longer among its choices. Each such value is
one finding naming the document, the variable (with its type) and the value, as
:func:`~glocal_annotator.variable_types.canonical_value` words the refusal. A variable whose type
is not one of :data:`~glocal_annotator.model.VARIABLE_TYPES`, or whose choices are not a JSON list
of texts, is a finding of its own (its values are not checked then).

One pass over the values, linear in their number; nothing is written.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from glocal_annotator.errors import GlocalError
from glocal_annotator.model import VARIABLE_TYPES
from glocal_annotator.variable_types import canonical_value

#: the Problem kind of these findings (see :class:`glocal_annotator.store.check.Problem`)
KIND = "variable"


def _text(data: bytes | None) -> str:
    """A TEXT column read as bytes (a damaged text is reported by the UTF-8 check, not here)."""
    return "" if data is None else bytes(data).decode("utf-8", "replace")


def _choices(raw: str) -> list[str] | None:
    """A choice variable's stored choices, or None when they are not a JSON list of texts."""
    try:
        choices = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        return None
    return choices


def unfit_variables(conn: sqlite3.Connection) -> Iterator[str]:
    """One line per variable whose type or choices cannot be read, then one per stored value
    that does not fit its variable's type: ``document 2 'b.txt', variable 'Age' (number): 'abc'
    is not a number (write it as 12, -3.5 or 1e3)``. Needs the schema-3 tables ``variables``
    and ``variable_values`` with every column; raises ``sqlite3.DatabaseError`` when a page
    cannot be read (the caller reports that)."""
    variables: dict[int, tuple[str, str, list[str]]] = {}
    rows = conn.execute("SELECT id, CAST(name AS BLOB), CAST(type AS BLOB), "
                        "CAST(choices AS BLOB) FROM main.variables ORDER BY id")
    for variable_id, name_data, type_data, choices_data in rows:
        name, kind = _text(name_data), _text(type_data)
        if kind not in VARIABLE_TYPES:
            yield (f"variable {variable_id} {name!r}: its type {kind!r} is not one of "
                   f"{', '.join(VARIABLE_TYPES)}")
            continue
        choices: list[str] | None = []
        if kind == "choice":
            choices = _choices(_text(choices_data))
            if choices is None:
                yield (f"variable {variable_id} {name!r}: its choices are not a JSON list of "
                       "texts")
                continue
        variables[variable_id] = (name, kind, choices or [])
    values = conn.execute(
        "SELECT v.variable_id, v.document_id, CAST(d.name AS BLOB), CAST(v.value AS BLOB) "
        "FROM main.variable_values v LEFT JOIN main.documents d ON d.id = v.document_id "
        "WHERE typeof(v.value) = 'text' ORDER BY v.document_id, v.variable_id"
    )
    for variable_id, document_id, document_name, value_data in values:
        variable = variables.get(variable_id)
        if variable is None:  # an unreadable variable (above) or a missing one (references)
            continue
        name, kind, choices = variable
        value = _text(value_data)
        try:
            canonical_value(kind, value, choices)
        except GlocalError as error:
            where = f"document {document_id}"
            if document_name is not None:
                where += f" {_text(document_name)!r}"
            yield f"{where}, variable {name!r} ({kind}): {error}"

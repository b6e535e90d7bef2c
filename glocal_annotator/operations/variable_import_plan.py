"""Planning an import of document variables from a table (.csv/.xlsx, one row per document):
what it would add and change, before anything is written. Plain data in (the project's
documents, variables and values, and a :class:`~glocal_annotator.variable_tables.VariableTable`),
a :class:`VariableImportPlan` out; ``Project.apply_variable_import(plan)`` carries it out as one
undoable change.

The rules, said in the preview:

- a row's document is found by its name (case ignored; the extension may be left off, as on the
  command line); rows naming no document of the project are listed and left out, as are rows
  whose name fits several documents;
- a column whose name is a variable of the project (case ignored) fills that variable, each
  value checked against its type (:mod:`glocal_annotator.variable_types`); any other column
  makes a new variable whose type is inferred from its values (number, date, yes/no, else text:
  :func:`~glocal_annotator.variable_types.infer_type`), the reason stated;
- an empty cell changes nothing (a value is cleared with ``var set ... ""`` or in the app);
- one row per document: a document named by two rows is refused, as is a value that does not fit
  its variable (each listed with its row and column); nothing is imported until they are fixed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glocal_annotator.errors import InvalidValue
from glocal_annotator.model import Document, Variable
from glocal_annotator.variable_tables import VariableTable
from glocal_annotator.variable_types import canonical_value, infer_type
from glocal_annotator.wording import agreeing, plural

#: at most this many problems and unknown documents are listed in a preview
LISTED = 20


@dataclass(frozen=True)
class NewVariable:
    """A variable the import defines: its name, inferred type and why."""

    name: str
    type: str
    reason: str


@dataclass(frozen=True)
class CellProblem:
    """A cell whose value does not fit its variable, or a row that cannot be used."""

    row: int
    column: str  # the variable's name, or "" for a whole row
    document: str
    message: str

    def line(self) -> str:
        where = f"row {self.row}" + (f", {self.column}" if self.column else "")
        return f"{where} ({self.document}): {self.message}"


@dataclass
class VariableImportPlan:
    """What importing a table would do (see the module notes). ``values`` are ``(variable name,
    document id, canonical value)`` to set; ``added``/``changed``/``unchanged`` count them
    against the project's values."""

    source: str
    columns: list[str]
    new_variables: list[NewVariable]
    existing: list[Variable]
    values: list[tuple[str, int, str]]
    rows: int
    added: int
    changed: int
    unchanged: int
    unknown_documents: list[tuple[int, str]]
    problems: list[CellProblem]
    fingerprint: str
    warnings: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.new_variables or self.added or self.changed)

    def preview_lines(self) -> list[str]:
        """The preview, one line each: the variables (new ones with their inferred type and
        why), the values added / changed / unchanged, the unknown documents, the problems."""
        lines = [f"{self.source}: {plural(len(self.columns), 'variable column')}, "
                 f"{plural(self.rows, 'row')}"]
        lines.extend(f"  warning: {warning}" for warning in self.warnings)
        for variable in self.new_variables:
            lines.append(f"  new variable {variable.name!r}: {variable.type} "
                         f"({variable.reason})")
        for variable in self.existing:
            kind = variable.type + (f": {', '.join(variable.choices)}" if variable.choices else "")
            lines.append(f"  existing variable {variable.name!r} ({kind})")
        lines.append(f"  values: {self.added} added, {self.changed} changed, {self.unchanged} "
                     "unchanged; empty cells change nothing")
        if self.unknown_documents:
            shown = ", ".join(f"row {row} {name!r}" for row, name in
                              self.unknown_documents[:LISTED])
            more = len(self.unknown_documents) - LISTED
            unknown = len(self.unknown_documents)
            lines.append(f"  {plural(unknown, 'row')} {agreeing(unknown, 'names', 'name')} no "
                         f"document of the project and {agreeing(unknown, 'is', 'are')} left "
                         f"out: {shown}"
                         + (f" and {more} more" if more > 0 else ""))
        if self.problems:
            lines.append(f"  {plural(len(self.problems), 'problem')}; nothing is imported until "
                         f"{agreeing(len(self.problems), 'it is', 'they are')} fixed:")
            lines.extend(f"    {problem.line()}" for problem in self.problems[:LISTED])
            if len(self.problems) > LISTED:
                lines.append(f"    ... and {len(self.problems) - LISTED} more")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "rows": self.rows,
            "new_variables": [vars(v) for v in self.new_variables],
            "existing_variables": [v.name for v in self.existing],
            "values": {"added": self.added, "changed": self.changed,
                       "unchanged": self.unchanged},
            "unknown_documents": [{"row": row, "name": name}
                                  for row, name in self.unknown_documents],
            "problems": [vars(problem) for problem in self.problems],
            "warnings": list(self.warnings),
        }


def variables_fingerprint(
    documents: Sequence[Document],
    variables: Sequence[Variable],
    values: Mapping[tuple[int, int], str],
) -> str:
    """A digest of what a plan depends on (documents' ids and names, the variables, their
    values), so that a plan made before the project changed is refused."""
    digest = hashlib.sha256()
    digest.update(repr(sorted((d.id, d.name) for d in documents)).encode("utf-8",
                                                                        "surrogatepass"))
    digest.update(repr([(v.id, v.name, v.type, v.choices) for v in variables]).encode(
        "utf-8", "surrogatepass"))
    digest.update(repr(sorted(values.items())).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class _Documents:
    """Documents by name as a row names them: full name, then without its extension (case
    ignored); ``None`` for no document, a list for several."""

    def __init__(self, documents: Sequence[Document]) -> None:
        from glocal_annotator.importers import SUPPORTED_SUFFIXES

        self.full: dict[str, list[Document]] = {}
        self.stem: dict[str, list[Document]] = {}
        for document in documents:
            self.full.setdefault(document.name.casefold(), []).append(document)
            path = Path(document.name)
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                self.stem.setdefault(path.stem.casefold(), []).append(document)

    def find(self, name: str) -> list[Document]:
        wanted = " ".join(name.split()).casefold()
        return self.full.get(wanted) or self.stem.get(wanted) or []


def plan_variable_import(
    documents: Sequence[Document],
    variables: Sequence[Variable],
    values: Mapping[tuple[int, int], str],
    table: VariableTable,
) -> VariableImportPlan:
    """Plan importing ``table`` into a project of these ``documents``, ``variables`` and
    ``values`` (``(variable id, document id) -> value``); nothing is changed. Linear in the
    table's cells."""
    by_name = {variable.name.casefold(): variable for variable in variables}
    finder = _Documents(documents)
    problems: list[CellProblem] = []
    unknown: list[tuple[int, str]] = []
    rows: list[tuple[int, Document, list[str]]] = []
    first_row: dict[int, int] = {}
    for row in table.rows:
        found = finder.find(row.document)
        if not found:
            unknown.append((row.number, row.document))
            continue
        if len(found) > 1:
            problems.append(CellProblem(row.number, "", row.document,
                                        f"the name fits {len(found)} documents; write it in "
                                        "full"))
            continue
        document = found[0]
        if document.id in first_row:
            problems.append(CellProblem(
                row.number, "", row.document,
                f"{document.name} is named in row {first_row[document.id]} too; one row per "
                "document"))
            continue
        first_row[document.id] = row.number
        rows.append((row.number, document, row.cells))
    new_variables: list[NewVariable] = []
    existing: list[Variable] = []
    planned: list[tuple[str, int, str]] = []
    added = changed = unchanged = 0
    for column, name in enumerate(table.names):
        variable = by_name.get(name.casefold())
        if variable is None:
            kind, reason = infer_type(cells[column] for _n, _d, cells in rows)
            new_variables.append(NewVariable(name, kind, reason))
            target_name, choices, variable_id = name, (), None
        else:
            existing.append(variable)
            kind, choices = variable.type, variable.choices
            target_name, variable_id = variable.name, variable.id
        for number, document, cells in rows:
            text = cells[column]
            if not text:
                continue
            try:
                value = canonical_value(kind, text, choices)
            except InvalidValue as error:
                problems.append(CellProblem(number, target_name, document.name, str(error)))
                continue
            current = values.get((variable_id, document.id)) if variable_id is not None else None
            if current is None:
                added += 1
            elif current == value:
                unchanged += 1
                continue
            else:
                changed += 1
            planned.append((target_name, document.id, value))
    problems.sort(key=lambda problem: problem.row)
    return VariableImportPlan(
        source=table.source,
        columns=list(table.names),
        new_variables=new_variables,
        existing=existing,
        values=planned,
        rows=len(table.rows),
        added=added,
        changed=changed,
        unchanged=unchanged,
        unknown_documents=unknown,
        problems=problems,
        fingerprint=variables_fingerprint(documents, variables, values),
        warnings=list(table.warnings),
    )

"""The project's document variables and document sets: the :class:`~glocal_annotator.project.
Project` methods that read and change them (mixed into ``Project``, which supplies ``conn``,
``_run`` and ``find_document``). Every change is one undoable :class:`~glocal_annotator.
project.Change`; its summary says which variables, values and sets changed
(``ChangeSummary.variables``, ``variable_values``, ``document_sets``).

The analysis views group documents through :meth:`VariablesAndSets.document_sets` and
:meth:`VariablesAndSets.variable_groups`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from glocal_annotator.errors import NotFound
from glocal_annotator.model import DocumentSet, Variable
from glocal_annotator.operations import document_sets, variables
from glocal_annotator.operations.variable_import_plan import (
    VariableImportPlan,
    plan_variable_import,
)
from glocal_annotator.store import queries, variable_queries
from glocal_annotator.suggest import did_you_mean
from glocal_annotator.variable_types import sort_key


class VariablesAndSets:
    """Document variables and sets of a project (see the module notes)."""

    conn: Any
    path: Any
    _run: Any  # Project._run(description, operation, *args) -> Change

    # -- variables -------------------------------------------------------------------------

    def variables(self) -> list[Variable]:
        """The project's variables, in their order."""
        return variable_queries.variables(self.conn)

    def find_variable(self, name: str) -> Variable:
        """A variable by name (case and spacing ignored) or id. Raises :class:`NotFound`
        (with "did you mean")."""
        wanted = " ".join(str(name).split()).casefold()
        found = self.variables()
        for variable in found:
            if variable.name.casefold() == wanted:
                return variable
        for variable in found:
            if str(variable.id) == wanted:
                return variable
        raise NotFound(f"there is no variable named {name!r}"
                       + did_you_mean(str(name), [v.name for v in found]))

    def define_variable(self, name: str, kind: str, choices: Sequence[str] = (),
                        description: str = "") -> Any:
        """Define a variable (``kind``: text, number, date, boolean or choice; ``choices`` for
        a choice variable); ``result`` is its id. Raises :class:`InvalidOperation`."""
        return self._run(f"Define variable {name}", variables.define_variable, name, kind,
                         list(choices), description)

    def update_variable(self, variable_id: int, *, name: str | None = None,
                        kind: str | None = None, choices: Sequence[str] | None = None,
                        description: str | None = None) -> Any:
        """Rename, retype or re-choose a variable; every value is checked against the new type
        (:class:`InvalidValue` for the first that does not fit; nothing changed). ``result``
        is how many values were rewritten in the new type's form."""
        return self._run("Edit variable", variables.update_variable, variable_id, name, kind,
                         None if choices is None else list(choices), description)

    def delete_variable(self, variable_id: int) -> Any:
        """Delete a variable and its values; ``result`` is how many values went."""
        return self._run("Delete variable", variables.delete_variable, variable_id)

    def set_variable_value(self, document_id: int, variable_id: int, value: str) -> Any:
        """Set (``""``: clear) one document's value of one variable; ``result`` is the value
        as kept (canonical: ``12.50`` -> ``12.5``). Raises :class:`InvalidValue` with one line
        for a value that does not fit the variable's type."""
        return self._run("Set variable value", variables.set_value, variable_id, document_id,
                         value)

    def set_variable_values(self, items: Iterable[tuple[int, int, str]],
                            description: str = "Set variable values") -> Any:
        """Set several ``(variable id, document id, value)`` at once, one undoable step;
        ``result`` is a :class:`~glocal_annotator.operations.variables.ValueCounts`."""
        return self._run(description, variables.set_values, list(items))

    def variable_values(self, variable_id: int | None = None) -> dict[tuple[int, int], str]:
        """``(variable id, document id) -> value`` (canonical text), of one variable or all;
        documents without a value are absent."""
        return variable_queries.values(self.conn, variable_id)

    def document_variables(self, document_id: int) -> dict[str, str]:
        """A document's values by variable name, in the variables' order (no value: absent)."""
        values = self.variable_values()
        return {v.name: values[(v.id, document_id)] for v in self.variables()
                if (v.id, document_id) in values}

    def variable_groups(self, name: str) -> dict[str, frozenset[int]]:
        """Documents grouped by their value of the variable ``name`` (or id): value as text ->
        document ids, in the value's order (numbers by size, dates by time, choices in their
        order); documents without a value under ``""``, last (only if there are any). Raises
        :class:`NotFound` for no such variable."""
        variable = self.find_variable(name)
        values = self.variable_values(variable.id)
        groups: dict[str, set[int]] = {}
        for (_variable_id, document_id), value in values.items():
            groups.setdefault(value, set()).add(document_id)
        if variable.type == "choice":
            order = {choice: index for index, choice in enumerate(variable.choices)}
            keys = sorted(groups, key=lambda v: (order.get(v, len(order)), v.casefold()))
        else:
            keys = sorted(groups, key=lambda v: sort_key(variable.type, v))
        result = {key: frozenset(groups[key]) for key in keys}
        without = set(queries.document_ids(self.conn)) - {d for _v, d in values}
        if without:
            result[""] = frozenset(without)
        return result

    def plan_variable_import(self, path: str | os.PathLike) -> VariableImportPlan:
        """Read a variables table (.csv/.xlsx, one row per document) and plan its import (see
        :mod:`glocal_annotator.operations.variable_import_plan`); nothing is changed. Raises
        :class:`ImportFailure` for a file that cannot be read."""
        from glocal_annotator.variable_tables import read_variable_table

        table = read_variable_table(path)
        return plan_variable_import(queries.documents(self.conn), self.variables(),
                                    self.variable_values(), table)

    def apply_variable_import(self, plan: VariableImportPlan) -> Any:
        """Carry out a plan from :meth:`plan_variable_import` as one undoable change;
        ``result`` is the value counts. Refused (nothing changed) for a plan with problems or
        one made before the project changed."""
        return self._run(f"Import variables from {plan.source}", variables.apply_variable_import,
                         plan)

    def export_variables(self, path: str | os.PathLike) -> int:
        """Write every document's values to a .csv or .xlsx table (one row per document, in
        the documents' order; see :mod:`glocal_annotator.variable_tables`); return the rows
        written. Never writes over the project. Raises :class:`ExportFailure`."""
        from glocal_annotator.variable_tables import write_variable_table

        found = self.variables()
        values = self.variable_values()
        rows = [(document.name, [values.get((v.id, document.id), "") for v in found])
                for document in queries.documents(self.conn)]
        return write_variable_table(path, found, rows, protect=(self.path,))

    # -- document sets ---------------------------------------------------------------------

    def document_set_list(self) -> list[DocumentSet]:
        """The document sets with their documents, by name."""
        return variable_queries.document_sets(self.conn)

    def document_sets(self) -> dict[str, frozenset[int]]:
        """Set name -> the ids of its documents, by name (case ignored)."""
        return {item.name: item.document_ids for item in self.document_set_list()}

    def find_document_set(self, name: str) -> DocumentSet:
        """A document set by name (case and spacing ignored) or id; raises :class:`NotFound`."""
        wanted = " ".join(str(name).split()).casefold()
        found = self.document_set_list()
        for item in found:
            if item.name.casefold() == wanted:
                return item
        for item in found:
            if str(item.id) == wanted:
                return item
        raise NotFound(f"there is no document set named {name!r}"
                       + did_you_mean(str(name), [item.name for item in found]))

    def add_document_set(self, name: str, document_ids: Iterable[int] = (),
                         description: str = "") -> Any:
        """Add a document set (with documents); ``result`` is its id."""
        return self._run(f"Add set {name}", document_sets.add_set, name, list(document_ids),
                         description)

    def rename_document_set(self, set_id: int, name: str) -> Any:
        return self._run(f"Rename set to {name}", document_sets.rename_set, set_id, name)

    def delete_document_set(self, set_id: int) -> Any:
        """Delete a set (not its documents); ``result`` is how many documents it held."""
        return self._run("Delete set", document_sets.delete_set, set_id)

    def add_to_document_set(self, set_id: int, document_ids: Iterable[int]) -> Any:
        """Put documents in a set; ``result`` is how many were not in it already."""
        return self._run("Add to set", document_sets.add_documents, set_id, list(document_ids))

    def remove_from_document_set(self, set_id: int, document_ids: Iterable[int]) -> Any:
        """Take documents out of a set; ``result`` is how many were in it."""
        return self._run("Remove from set", document_sets.remove_documents, set_id,
                         list(document_ids))

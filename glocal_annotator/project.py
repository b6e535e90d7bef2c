"""The one path for changes to a project.

Every change runs as one transaction through a row journal and returns a :class:`Change`; calling
``change.undo()`` reverts it (as another transaction) and returns the change that redoes it.
Listeners (plain callables, no Qt) hear every committed change, undo and redo included.
"""

from __future__ import annotations

import getpass
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glocal_annotator import __version__, search
from glocal_annotator.errors import InvalidOperation, NotFound, ReadOnlyProject
from glocal_annotator.file_names import readable_name
from glocal_annotator.importers import ExtractedText
from glocal_annotator.model import (
    CODE_TEXT_FIELDS,
    Code,
    Coder,
    Coding,
    Document,
    Excerpt,
    SearchHit,
)
from glocal_annotator.operations import codebook, coding, documents, new_guid, now
from glocal_annotator.store import queries
from glocal_annotator.store.database import FileState, ProjectDatabase
from glocal_annotator.store.file_access import new_project_file
from glocal_annotator.store.journal import Journal, RowChange

log = logging.getLogger(__name__)

Listener = Callable[["Change"], None]


@dataclass
class Change:
    """What one operation changed, and the way back."""

    description: str
    result: Any
    rows: list[RowChange]
    _project: Project = field(repr=False)

    def undo(self) -> Change:
        """Revert this change; the returned change, undone in turn, redoes it."""
        return self._project.revert(self)

    def ids(self, table: str) -> set[int]:
        return {row.key for row in self.rows if row.table == table}

    @property
    def document_ids(self) -> set[int]:
        """Documents whose rows or codings this change touched."""
        touched = self.ids("documents")
        for row in self.rows:
            if row.table == "codings":
                touched.update(
                    image["document_id"] for image in (row.before, row.after) if image is not None
                )
        return touched

    def touches(self, table: str) -> bool:
        return any(row.table == table for row in self.rows)


def default_coder_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems
        return "coder"


class Project:
    """An open project file. Use :meth:`create` or :meth:`open`; close it (or use ``with``)."""

    def __init__(self, database: ProjectDatabase, coder: str | None = None) -> None:
        self._database = database
        self.conn = database.conn
        self.coder_name = coder or default_coder_name()
        self._listeners: list[Listener] = []
        self._lock = threading.RLock()
        self._texts = search.DocumentTexts(self.conn)

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    def create(
        cls, path: str | Path, *, default_codebook: bool = True, coder: str | None = None
    ) -> Project:
        """Make a new project file; with the default glocalization codebook unless told not to.
        The file is built under a hidden name and appears at ``path`` only when complete, so a
        failure (a full disk) leaves nothing that blocks a retry. Raises ProjectError."""
        path = Path(path)
        with new_project_file(path) as building:
            project = cls(ProjectDatabase(building, create=True), coder)
            try:
                with project._operation("Create project") as journal:
                    for key, value in (
                        ("name", readable_name(path.stem)),
                        ("guid", new_guid()),
                        ("created_at", now()),
                        ("created_by_version", __version__),
                    ):
                        journal.insert("project_info", {"key": key, "value": value})
                if default_codebook:
                    from glocal_annotator.default_codebook import load_default_codebook

                    project.add_codebook(load_default_codebook(), "Add the default codebook")
            finally:
                project.close()
        return cls.open(path, coder=coder)

    @classmethod
    def open(
        cls, path: str | Path, *, read_only: bool = False, coder: str | None = None
    ) -> Project:
        return cls(ProjectDatabase(Path(path), read_only=read_only), coder)

    def close(self) -> None:
        self._database.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self._database.path

    def file_state(self) -> FileState:
        """``present``, ``missing`` or ``replaced``: whether the project's path still names the
        file that was opened (see :meth:`ProjectDatabase.file_state`). Changes are refused with
        :class:`~glocal_annotator.errors.ProjectFileGone` once it does not."""
        return self._database.file_state()

    def save_copy(self, target: str | Path) -> Path:
        """Write a complete copy of the open project to the new file ``target`` (never over an
        existing file), from the open connection: it works also when the project's own file
        was deleted or moved. Returns the copy's path; raises ProjectError. The project stays
        open as it is; open the copy to go on working there."""
        return self._database.backup_to(Path(target))

    @property
    def read_only(self) -> bool:
        return self._database.read_only

    @property
    def notices(self) -> list[str]:
        """What the user should know about how the file was opened (read from a read-only
        folder, its search index rebuilt), one line each."""
        return list(self._database.notices)

    @property
    def name(self) -> str:
        return queries.project_info(self.conn).get("name", self.path.stem)

    # -- listeners and transactions ------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(change)`` after every committed change; returns an unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            try:
                listener(change)
            except Exception:  # a broken view must not undo a committed change
                log.exception("a project listener failed")

    @contextmanager
    def _operation(self, description: str) -> Iterator[Journal]:
        if self.read_only:
            raise ReadOnlyProject(f"{self.path.name} is open read-only; nothing was changed")
        self._database.check_file()  # a write into a file gone from its folder would be lost
        with self._lock, self._database.transaction():
            yield Journal(self.conn)

    def _run(
        self, description: str, operation: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> Change:
        with self._operation(description) as journal:
            result = operation(journal, *args, **kwargs)
        change = Change(description, result, journal.changes, self)
        if change.rows:
            self._notify(change)
        return change

    def revert(self, change: Change) -> Change:
        """Undo ``change``; see :meth:`Change.undo`."""
        with self._operation(change.description) as journal:
            journal.revert(change.rows)
        inverse = Change(change.description, change.result, journal.changes, self)
        self._notify(inverse)
        return inverse

    # -- documents -----------------------------------------------------------------------------

    def add_document(
        self, name: str, extracted: ExtractedText, source_path: str = "", guid: str | None = None
    ) -> Change:
        """Store extracted text as a new document; ``result`` is its id."""
        return self._run(
            f"Import {name}", documents.add_document, name, extracted, source_path, guid
        )

    def import_file(self, path: str | Path) -> Change:
        """Extract a file's text and store it; nothing changes if it cannot be read."""
        from glocal_annotator.importers import extract

        path = Path(path)
        return self.add_document(
            readable_name(path.name), extract(path), readable_name(str(path.resolve()))
        )

    def rename_document(self, document_id: int, name: str) -> Change:
        return self._run("Rename document", documents.rename_document, document_id, name)

    def delete_document(self, document_id: int) -> Change:
        return self._run("Delete document", documents.delete_document, document_id)

    def documents(self) -> list[Document]:
        return queries.documents(self.conn)

    def document(self, document_id: int) -> Document:
        found = queries.document(self.conn, document_id)
        if found is None:
            raise NotFound(f"there is no document with id {document_id}")
        return found

    def document_text(self, document_id: int) -> str:
        text = queries.document_text(self.conn, document_id)
        if text is None:
            raise NotFound(f"there is no document with id {document_id}")
        return text

    def find_document(self, name: str) -> Document:
        """A document by name (case-insensitive; the suffix may be left off) or by id."""
        all_documents = self.documents()
        wanted = readable_name(name).strip().casefold()  # names from files are stored so
        for matcher in (
            lambda d: d.name.casefold() == wanted,
            lambda d: _without_suffix(d.name).casefold() == wanted,
            lambda d: str(d.id) == wanted,
        ):
            found = [d for d in all_documents if matcher(d)]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise NotFound(f"{name!r} names several documents; use the full name")
        raise NotFound(f"there is no document named {name!r}")

    # -- codebook ------------------------------------------------------------------------------

    def codes(self) -> list[Code]:
        return queries.codes(self.conn)

    def code(self, code_id: int) -> Code:
        for found in self.codes():
            if found.id == code_id:
                return found
        raise NotFound(f"there is no code with id {code_id}")

    def find_code(self, name_or_path: str) -> Code:
        """A code by path (``hybridization/creolization``) or by name, case-insensitively."""
        wanted = name_or_path.strip().strip("/").casefold()
        all_codes = self.codes()
        by_path = [c for c in all_codes if c.path.casefold() == wanted]
        if by_path:
            return by_path[0]
        by_name = [c for c in all_codes if c.name.casefold() == wanted]
        if len(by_name) == 1:
            return by_name[0]
        if by_name:
            paths = ", ".join(c.path for c in by_name)
            raise NotFound(f"{name_or_path!r} names several codes ({paths}); give its path")
        raise NotFound(f"there is no code named {name_or_path!r}")

    def add_code(self, name: str, parent_id: int | None = None, **kwargs: Any) -> Change:
        """Add a code; ``result`` is its id. Keyword arguments: color, position, guid and the
        entry fields (short_definition, definition, when_to_use, when_not_to_use, example,
        memo, codable)."""
        return self._run(f"Add code {name}", codebook.add_code, name, parent_id, **kwargs)

    def rename_code(self, code_id: int, name: str) -> Change:
        return self._run(f"Rename code to {name}", codebook.rename_code, code_id, name)

    def recolor_code(self, code_id: int, color: str) -> Change:
        return self._run("Change code colour", codebook.recolor_code, code_id, color)

    def update_code(self, code_id: int, **fields: Any) -> Change:
        return self._run("Edit code", codebook.update_code_fields, code_id, **fields)

    def move_code(self, code_id: int, parent_id: int | None, position: int | None = None) -> Change:
        return self._run("Move code", codebook.move_code, code_id, parent_id, position)

    def merge_codes(self, source_id: int, target_id: int) -> Change:
        return self._run("Merge codes", codebook.merge_codes, source_id, target_id)

    def delete_code(self, code_id: int) -> Change:
        return self._run("Delete code", codebook.delete_code, code_id)

    def add_codebook(self, nodes: list[Any], description: str = "Import codebook") -> Change:
        """Add a tree of codebook nodes (objects with name, guid, color, codable, the entry
        fields and children) at the top level, as one change."""
        return self._run(description, _add_nodes, nodes, None)

    def apply_codebook_plan(self, plan: Any) -> Change:
        """Carry out a codebook import plan (``refi.project_codebook.plan_codebook_import``) as
        one change; ``result`` is the counts ``{"added", "updated", "unchanged"}``."""
        from glocal_annotator.operations.codebook_import import apply_plan

        return self._run(f"Import codebook {plan.source}".rstrip(), apply_plan, plan)

    # -- codings -------------------------------------------------------------------------------

    def coders(self) -> list[Coder]:
        return queries.coders(self.conn)

    def add_coding(
        self,
        document_id: int,
        code_id: int,
        start: int,
        end: int,
        memo: str = "",
        coder: str | None = None,
    ) -> Change:
        """Code ``[start, end)`` (code points) of a document; ``result`` is the coding's id."""
        return self._run(
            "Code passage",
            coding.add_coding,
            document_id,
            code_id,
            coder or self.coder_name,
            start,
            end,
            memo,
        )

    def remove_coding(self, coding_id: int) -> Change:
        return self._run("Remove coding", coding.remove_coding, coding_id)

    def change_coding_code(self, coding_id: int, code_id: int) -> Change:
        return self._run("Change coding's code", coding.change_coding_code, coding_id, code_id)

    def set_coding_memo(self, coding_id: int, memo: str) -> Change:
        return self._run("Edit coding memo", coding.set_coding_memo, coding_id, memo)

    def coding(self, coding_id: int) -> Coding:
        found = queries.coding(self.conn, coding_id)
        if found is None:
            raise NotFound(f"there is no coding with id {coding_id}")
        return found

    def codings(
        self,
        document_ids: list[int] | None = None,
        code_ids: list[int] | None = None,
        coder_ids: list[int] | None = None,
    ) -> list[Coding]:
        return queries.codings(self.conn, document_ids, code_ids, coder_ids)

    def count_codings(
        self,
        document_ids: list[int] | None = None,
        code_ids: list[int] | None = None,
        coder_ids: list[int] | None = None,
    ) -> int:
        """``len(self.codings(...))`` for the same filters, counted in SQL."""
        return queries.count_codings(self.conn, document_ids, code_ids, coder_ids)

    def excerpts(
        self,
        document_ids: list[int] | None = None,
        code_ids: list[int] | None = None,
        coder_ids: list[int] | None = None,
    ) -> list[Excerpt]:
        return queries.excerpts(self.conn, document_ids, code_ids, coder_ids)

    # -- search and autocode -------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        regex: bool = False,
        document_ids: list[int] | None = None,
        limit: int | None = None,
    ) -> list[SearchHit]:
        return search.search(
            self.conn, query, regex=regex, document_ids=document_ids, limit=limit, texts=self._texts
        )

    def warm_search(self) -> Iterator[int]:
        """Read documents into the search cache, one per step (for an idle loop in the GUI)."""
        return self._texts.warm(queries.document_ids(self.conn))

    def autocode(
        self,
        code_id: int,
        pattern: str,
        *,
        regex: bool = True,
        widen: str = "none",
        coder: str | None = None,
    ) -> Change:
        """Code every hit of ``pattern`` (widened to its sentence or paragraph) in one change;
        passages already coded identically are left alone. ``result`` is the new codings' ids."""
        ranges = search.autocode_ranges(
            self.conn, pattern, regex=regex, unit=widen, texts=self._texts
        )
        if not ranges:
            raise InvalidOperation(f"{pattern!r} was not found; nothing was coded")
        return self._run(
            f"Autocode {pattern}", _autocode, code_id, ranges, coder or self.coder_name
        )


def _without_suffix(name: str) -> str:
    """``interview.docx`` -> ``interview``; ``a.txt (2)`` stays as it is."""
    from glocal_annotator.importers import SUPPORTED_SUFFIXES

    path = Path(name)
    return path.stem if path.suffix.lower() in SUPPORTED_SUFFIXES else name


def _add_nodes(journal: Journal, nodes: list[Any], parent_id: int | None) -> list[int]:
    added: list[int] = []
    for node in nodes:
        fields = {key: getattr(node, key, "") or "" for key in CODE_TEXT_FIELDS}
        code_id = codebook.add_code(
            journal,
            node.name,
            parent_id,
            color=getattr(node, "color", None),
            guid=getattr(node, "guid", None),
            codable=getattr(node, "codable", True),
            **fields,
        )
        added.append(code_id)
        added.extend(_add_nodes(journal, list(getattr(node, "children", [])), code_id))
    return added


def _autocode(
    journal: Journal, code_id: int, ranges: list[tuple[int, int, int]], coder_name: str
) -> list[int]:
    created: list[int] = []
    for document_id, start, end in ranges:
        coding_id = coding.add_coding(
            journal, document_id, code_id, coder_name, start, end, skip_identical=True
        )
        if coding_id is not None:
            created.append(coding_id)
    return created

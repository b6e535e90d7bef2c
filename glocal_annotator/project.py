"""The one path for changes to a project.

Every change runs as one transaction through a row journal and returns a :class:`Change`; calling
``change.undo()`` reverts it (as another transaction) and returns the change that redoes it.
Listeners (plain callables, no Qt) hear every committed change, undo and redo included, and read
what it did from ``change.summary`` (a :class:`~glocal_annotator.model.ChangeSummary`: codings,
codes, documents, coders), never from the file's rows.
"""

from __future__ import annotations

import getpass
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glocal_annotator import __version__, code_paths, search
from glocal_annotator.errors import InvalidOperation, NotFound, ReadOnlyProject
from glocal_annotator.file_names import readable_name
from glocal_annotator.importers import ExtractedText
from glocal_annotator.model import (
    ChangeSummary,
    Code,
    CodebookNode,
    Coder,
    CoderSpan,
    Coding,
    CodingFilter,
    Document,
    Excerpt,
    Memo,
    with_subcodes,
)
from glocal_annotator.operations import codebook, coding, documents, new_guid, now
from glocal_annotator.project_search import SearchAndSpeakers
from glocal_annotator.project_variables import VariablesAndSets
from glocal_annotator.store import coding_rows, queries
from glocal_annotator.store.change_summary import summarize
from glocal_annotator.store.database import (
    FileState,
    ProjectDatabase,
    replace_project,
)
from glocal_annotator.store.database import (  # for the window, which never imports store/
    preload_for_writing as preload_for_writing,
)
from glocal_annotator.store.file_access import new_project_file
from glocal_annotator.store.journal import Journal, RowChange
from glocal_annotator.store.queries import CodingRow
from glocal_annotator.suggest import did_you_mean

if TYPE_CHECKING:
    from glocal_annotator.operations.codebook_merge_plan import ImportPlan
    from glocal_annotator.operations.project_import_plan import ProjectImportPlan

log = logging.getLogger(__name__)

Listener = Callable[["Change"], None]


@dataclass
class Change:
    """What one operation changed, and the way back.

    ``result`` is the operation's own answer (a new id, counts ...); :attr:`summary` says what
    changed. The journal's rows stay private: only :meth:`Project.revert` replays them.
    """

    description: str
    result: Any
    _rows: list[RowChange] = field(repr=False)
    _project: Project = field(repr=False)

    def undo(self, progress: Callable[[int, int], object] | None = None) -> Change:
        """Revert this change; the returned change, undone in turn, redoes it. ``progress(done,
        total)`` is called as rows are reverted (see :meth:`Project.revert`)."""
        return self._project.revert(self, progress)

    @property
    def size(self) -> int:
        """How many rows the change wrote: what undoing it, or telling it to listeners, costs
        (an autocode of 50,000 hits: 50,000)."""
        return len(self._rows)

    @cached_property
    def summary(self) -> ChangeSummary:
        """What the change did, in the model's terms (worked out once, when first asked)."""
        return summarize(self._rows)

    def prepare_summary(self, progress: Callable[[int, int], object]) -> None:
        """Work out :attr:`summary` now, calling ``progress(done, total)`` (rows) as it goes:
        for a big change, before its listeners ask for it."""
        if "summary" not in self.__dict__:
            self.__dict__["summary"] = summarize(self._rows, progress)

    @property
    def document_ids(self) -> frozenset[int]:
        """Documents whose rows or codings this change touched."""
        return self.summary.document_ids

    @classmethod
    def combined(cls, description: str, changes: Sequence[Change]) -> Change:
        """One change standing for ``changes`` (committed one after another on one project,
        oldest first), so that they are undone together: its :meth:`undo` reverts all of them,
        newest first, in one transaction (all or nothing). ``result`` is the list of their
        results. Raises ValueError for no changes or changes of different projects."""
        if not changes:
            raise ValueError("nothing to combine")
        project = changes[0]._project
        if any(change._project is not project for change in changes):
            raise ValueError("changes of different projects cannot be combined")
        rows = [row for change in changes for row in change._rows]
        return cls(description, [change.result for change in changes], rows, project)


def replace_project_file(path: Path, build: Callable[[Path], object]) -> Path:
    """Replace the project at ``path`` by the one ``build(new_path)`` writes, keeping the old file
    as a dated backup beside it; returns the backup's path. Refused (:class:`ProjectLocked`,
    nothing changed) while another program writes the project. See
    :func:`glocal_annotator.store.database.replace_project` for how the swap keeps ``path``
    present throughout."""
    return replace_project(Path(path), build)


def default_coder_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems
        return "coder"


class Project(VariablesAndSets, SearchAndSpeakers):
    """An open project file. Use :meth:`create` or :meth:`open`; close it (or use ``with``).
    Document variables and sets: :class:`~glocal_annotator.project_variables.VariablesAndSets`;
    search, autocode and speakers: :class:`~glocal_annotator.project_search.SearchAndSpeakers`.
    """

    def __init__(self, database: ProjectDatabase, coder: str | None = None) -> None:
        self._database = database
        self.conn = database.conn
        self.coder_name = coder or default_coder_name()
        self._listeners: list[Listener] = []
        self._lock = threading.RLock()
        self._writing = False  # inside an operation's transaction (on the thread holding _lock)
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

    def open_reader(self) -> Project:
        """The same project file opened again, read-only, on a connection of its own: what a
        worker thread uses to read the project (an export, an analysis) while this one goes on
        changing it. Close it when done (``with project.open_reader() as reader:``).

        Threads and the project: SQLite connections here are opened with
        ``check_same_thread=False`` and every write holds this project's lock, but a connection
        has one transaction at a time, so a reader on another thread sharing this project's
        connection could see a half-made change or be cut short by the writer. A reader of its
        own sees every change committed before each :meth:`reading` block begins (write-ahead
        logging lets it read while this project writes), never blocks a write, and is never
        blocked by one. Raises :class:`~glocal_annotator.errors.ProjectError` when the file
        cannot be opened (moved away, for example)."""
        return Project.open(self.path, read_only=True, coder=self.coder_name)

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Reads inside the block see one state of the project: no change committed meanwhile
        (by this project on another thread, or by another connection) shows in some of them and
        not in others. Exports read everything they need inside one such block. Blocks nest.

        Other threads' changes to this project wait for the block to end; a change asked for
        on this thread inside the block (an event handled while an export reports progress) is
        refused with :class:`InvalidOperation`, since it would be saved only when the block
        ends."""
        with self._lock, self._database.snapshot():
            yield

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
        with self._lock:
            if self._writing:
                # This thread is inside another change that reports progress (the window
                # handles events meanwhile): a change now would join that one's transaction
                # and be undone with it if that one is cancelled. Refused instead.
                raise InvalidOperation(
                    f"{self.path.name} is busy with another change; nothing was changed, try "
                    "again when it is done"
                )
            if self._database.in_snapshot:
                # This thread reads inside reading() (an export reporting progress, and the
                # window handling events meanwhile): a write would join the read transaction
                # and be saved only when the reading ends. Refused, so that "done" means saved.
                raise InvalidOperation(
                    f"{self.path.name} is being read for an export; nothing was changed, try "
                    "again when the export is done"
                )
            self._writing = True
            try:
                with self._database.transaction():
                    yield Journal(self.conn)
            finally:
                self._writing = False

    def _run(
        self, description: str, operation: Callable[..., Any], *args: Any,
        report: Callable[[int, int], object] | None = None, **kwargs: Any
    ) -> Change:
        """Run ``operation(journal, *args, **kwargs)`` as one change and tell the listeners.
        ``report(done, total)``, when given, hears how the change's summary is worked out
        before the listeners are told (a big change reports progress throughout)."""
        with self._operation(description) as journal:
            result = operation(journal, *args, **kwargs)
        change = Change(description, result, journal.changes, self)
        if journal.changes:
            if report is not None:
                self._telling(change, report)
            self._notify(change)
        return change

    def _telling(self, change: Change, progress: Callable[[int, int], object]) -> None:
        """Work out ``change``'s summary with progress; meanwhile (the window handling events
        from ``progress``) no other change is accepted on this thread, so that the listeners
        hear of this one before any that follows it."""
        with self._lock:
            self._writing = True
            try:
                change.prepare_summary(progress)
            finally:
                self._writing = False

    def revert(self, change: Change,
               progress: Callable[[int, int], object] | None = None) -> Change:
        """Undo ``change``; see :meth:`Change.undo`. ``progress(done, total)`` (rows, one pass
        to revert them, one to tell what changed) is called every few thousand rows; what it
        raises stops the revert before anything is saved."""
        total = 2 * change.size

        def reverting(done: int, _rows: int) -> object:
            return progress(done, total) if progress is not None else None

        def telling(done: int, rows: int) -> object:
            return progress(change.size + done * change.size // max(rows, 1), total) \
                if progress is not None else None

        with self._operation(change.description) as journal:
            journal.revert(change._rows, reverting if progress is not None else None)
        inverse = Change(change.description, change.result, journal.changes, self)
        if progress is not None:
            self._telling(inverse, telling)
        self._notify(inverse)
        return inverse

    # -- documents -----------------------------------------------------------------------------

    def add_document(
        self, name: str, extracted: ExtractedText, source_path: str = "", guid: str | None = None,
        *, progress: Callable[[int, int], object] | None = None,
    ) -> Change:
        """Store extracted text as a new document; ``result`` is its id. ``progress(done,
        total)`` is called between the steps of storing it (a window handles events there)."""
        if progress is None:
            return self._run(
                f"Import {name}", documents.add_document, name, extracted, source_path, guid
            )
        return self._run(
            f"Import {name}", documents.add_document, name, extracted, source_path, guid,
            progress=progress, report=progress,
        )

    def import_file(self, path: str | Path, encoding: str | None = None) -> Change:
        """Extract a file's text and store it; nothing changes if it cannot be read.

        ``encoding``: the user's choice for a text or HTML file that is not UTF-8 (see
        :func:`glocal_annotator.importers.extract`).
        """
        from glocal_annotator.importers import extract

        path = Path(path)
        return self.add_document(
            readable_name(path.name), extract(path, encoding), readable_name(str(path.resolve()))
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
                choices = ", ".join(f"{d.name} (id {d.id})" for d in found)
                raise NotFound(f"{name!r} names {len(found)} documents: {choices}; give the id")
        names = {d.name: d.name for d in all_documents}
        names.update({_without_suffix(d.name): d.name for d in all_documents})
        raise NotFound(f"there is no document named {name!r}" + did_you_mean(name.strip(), names))

    def add_memo(self, title: str, text: str, document_id: int | None = None) -> Change:
        """Add a memo to the project (or to a document); ``result`` is its id."""
        from glocal_annotator.operations.memos import add_memo

        return self._run("Add memo", add_memo, title, text, document_id, self.coder_name)

    def set_document_memo(self, document_id: int, memo: str) -> Change:
        """Write (or, with "", remove) a document's own memo."""
        from glocal_annotator.operations.memos import set_document_memo

        return self._run("Edit document memo", set_document_memo, document_id, memo)

    def document_memos(self) -> dict[int, str]:
        """The documents' own memos (one text per document; empty ones left out), by id."""
        return queries.document_memos(self.conn)

    def memos(self) -> list[Memo]:
        """The memos of the project and of its documents (``document_id`` None: the project's),
        in the order they were written."""
        return queries.memos(self.conn)

    def info(self) -> dict[str, str]:
        """The project's own facts: ``name``, ``guid``, ``created_at``, ``created_by_version``."""
        return queries.project_info(self.conn)

    def apply_project_import_plan(
        self, plan: ProjectImportPlan, progress: Callable[[int, int], object] | None = None
    ) -> Change:
        """Carry out a project import plan (made by :func:`~glocal_annotator.operations.
        project_import_plan.plan_project_import` from this project's state) as one change;
        ``result`` is an :class:`~glocal_annotator.operations.project_import.ImportCounts`
        (what was added and changed, per kind). Raises
        :class:`~glocal_annotator.errors.ImportFailure` if the project changed since the plan
        was made (nothing changed then). ``progress(done, total)`` hears how far it is
        (:func:`~glocal_annotator.operations.project_import.apply_project_plan`; the listeners
        are told with ``done == total``) and cancels with False
        (:class:`~glocal_annotator.errors.OperationCancelled`, nothing changed)."""
        from glocal_annotator.operations.project_import import apply_project_plan, apply_units

        total = apply_units(plan)
        return self._run(f"Import project {plan.source}".rstrip(), apply_project_plan, plan,
                         progress, report=None if progress is None or not self._listeners else (
                             lambda done, rows: progress(total, total)))

    # -- codebook ------------------------------------------------------------------------------

    def codes(self) -> list[Code]:
        return queries.codes(self.conn)

    def code(self, code_id: int) -> Code:
        for found in self.codes():
            if found.id == code_id:
                return found
        raise NotFound(f"there is no code with id {code_id}")

    def find_code(self, name_or_path: str) -> Code:
        """A code by name or path (``hybridization/creolization``), case-insensitively; see
        :func:`glocal_annotator.code_paths.find_code` for names holding ``/`` and ambiguity.
        Raises NotFound (with "did you mean", or the choices)."""
        return code_paths.find_code(self.codes(), name_or_path)

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

    def merge_codes(self, source_id: int, target_id: int,
                    progress: Callable[[int, int], bool] | None = None) -> Change:
        """Merge a code into another (see :func:`operations.codebook.merge_codes`);
        ``progress(done, total)`` hears how far it is and cancels with False
        (:class:`OperationCancelled`, nothing changed)."""
        return self._run("Merge codes", codebook.merge_codes, source_id, target_id, progress,
                         report=None if progress is None else (
                             lambda done, rows: progress(rows, rows)))

    def delete_code(self, code_id: int) -> Change:
        return self._run("Delete code", codebook.delete_code, code_id)

    def add_codebook(
        self, nodes: list[CodebookNode], description: str = "Import codebook"
    ) -> Change:
        """Add a tree of codebook nodes at the top level, as one change; ``result`` is the new
        codes' ids, parents before their children."""
        return self._run(description, _add_nodes, nodes, None)

    def apply_codebook_plan(self, plan: ImportPlan) -> Change:
        """Carry out a codebook import plan (made by
        :func:`~glocal_annotator.operations.codebook_merge_plan.plan_codebook_import` from this
        project's codes) as one change; ``result`` is the counts ``{"added", "updated",
        "unchanged"}``. Raises :class:`~glocal_annotator.errors.CodebookError` if the codebook
        changed since the plan was made."""
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

    def add_codings(self, document_id: int, code_id: int, spans: list[tuple[int, int]],
                    coder: str, memo: str = "",
                    description: str = "Settle disagreement") -> Change:
        """Code several ``[start, end)`` spans (code points) of one document with one code by
        ``coder``, as one undoable step (settling a disagreement: ``coder`` is the consensus
        coder). ``result`` is the new codings' ids; identical codings are not doubled."""
        return self._run(description, coding.add_codings, document_id, code_id, coder,
                         list(spans), memo)

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
        where: CodingFilter | None = None,
        *,
        document_ids: Iterable[int] | None = None,
        code_ids: Iterable[int] | None = None,
        coder_ids: Iterable[int] | None = None,
    ) -> list[Coding]:
        """The codings ``where`` lets through (every coding without it), in document order.
        The id keywords are a shorthand for ``CodingFilter(code_ids, document_ids, coder_ids)``
        (code ids as given, without sub-codes); give one or the other."""
        return queries.codings(self.conn, _filter(where, code_ids, document_ids, coder_ids))

    def coder_spans(self, coder_ids: Iterable[int] | None = None,
                     code_ids: Iterable[int] | None = None) -> list[CoderSpan]:
        """Every coding by ``coder_ids`` of ``code_ids`` (each without sub-codes; None: all) as a
        plain ``(document_id, code_id, coder_id, start, end)`` tuple (code points), ordered by
        document, code, coder and position: for analyses over tens of thousands of codings,
        several times faster to read than :meth:`codings`."""
        return coding_rows.coder_spans(self.conn, None if coder_ids is None else list(coder_ids),
                                        None if code_ids is None else list(code_ids))

    def document_lengths(self) -> dict[int, int]:
        """Each document's id -> its length in code points (import order)."""
        return coding_rows.document_lengths(self.conn)

    def coding_batches(
        self, where: CodingFilter | None = None, *, size: int = 5000
    ) -> Iterator[list[Coding]]:
        """:meth:`codings` in lists of at most ``size`` codings, read as they are asked for, so
        that a long read (50,000 codings) can report progress and be cancelled between them.
        Iterate inside :meth:`reading` to see one state of the project throughout."""
        return queries.coding_batches(self.conn, where or CodingFilter(), size)

    def coding_pages(
        self, where: CodingFilter | None = None, *, size: int = 2000
    ) -> Iterator[list[Coding]]:
        """:meth:`codings` in lists of at most ``size``, by document, start and id, each list
        read whole when it is asked for (nothing stays open between lists), so that a window can
        retrieve 50,000 codings over short steps. A change committed while they are read may
        show in the later lists or not: a caller that must see one state starts again when a
        change comes, or reads inside :meth:`reading`."""
        return queries.coding_pages(self.conn, where or CodingFilter(), size)

    def coding_row_pages(
        self, document_id: int, *, size: int = 5000
    ) -> Iterator[list[CodingRow]]:
        """The codings of one document in the lightest form, ``(coding id, code id, coder id,
        start, end)`` tuples (offsets in code points), in lists of at most ``size`` read as they
        are asked for: what a view needs to show 50,000 codings without building a
        :class:`Coding` for each, spread over short steps. Not in document order. Each list is
        read whole (nothing stays open between lists); a change committed while they are read
        may show in the later lists or not, so a reader that keeps reading across changes
        follows them itself (the document view replays them), or reads inside
        :meth:`reading`."""
        return queries.coding_row_pages(self.conn, document_id, size)

    def count_codings(
        self,
        where: CodingFilter | None = None,
        *,
        document_ids: Iterable[int] | None = None,
        code_ids: Iterable[int] | None = None,
        coder_ids: Iterable[int] | None = None,
    ) -> int:
        """``len(self.codings(...))`` for the same filter, counted in SQL."""
        return queries.count_codings(self.conn, _filter(where, code_ids, document_ids, coder_ids))

    def coding_spans(
        self, where: CodingFilter | None = None
    ) -> list[tuple[int, int, int, int, int, int]]:
        """:meth:`codings` as plain tuples ``(id, document_id, code_id, coder_id, start, end)``
        (code points, end exclusive), in document order: what the analysis views read, several
        times faster than building :class:`Coding` objects (50,000 in a few hundredths of a
        second)."""
        return coding_rows.coding_spans(self.conn, where or CodingFilter())

    def code_passages(
        self,
        passages: Iterable[tuple[int, int, int]],
        *,
        code_id: int | None = None,
        new_code: str | None = None,
        parent_id: int | None = None,
        coder: str | None = None,
        description: str = "Code query result",
    ) -> Change:
        """Code each ``(document_id, start, end)`` passage (code points), in any documents,
        with the code ``code_id`` or a new code named ``new_code`` (under ``parent_id``), as one
        undoable step: undoing it removes the new code too. ``result`` is an
        :class:`~glocal_annotator.operations.code_passages.CodedPassages`. Raises as
        :func:`~glocal_annotator.operations.code_passages.code_passages` (nothing changed)."""
        from glocal_annotator.operations.code_passages import code_passages

        return self._run(description, code_passages, list(passages), coder or self.coder_name,
                         code_id=code_id, new_code=new_code, parent_id=parent_id)

    def excerpts(
        self,
        where: CodingFilter | None = None,
        *,
        document_ids: Iterable[int] | None = None,
        code_ids: Iterable[int] | None = None,
        coder_ids: Iterable[int] | None = None,
    ) -> list[Excerpt]:
        """:meth:`codings` with their text, document name, code path and coder."""
        return queries.excerpts(self.conn, _filter(where, code_ids, document_ids, coder_ids))

    def excerpt_batches(
        self, where: CodingFilter | None = None, *, size: int = 2000
    ) -> Iterator[list[Excerpt]]:
        """:meth:`excerpts` in lists of at most ``size``, read as they are asked for (progress
        and cancel between them); iterate inside :meth:`reading` for one state throughout."""
        return queries.excerpt_batches(self.conn, where or CodingFilter(), size)

    def coding_filter(
        self,
        codes: Sequence[str] | None = None,
        documents: Sequence[str] | None = None,
        coders: Sequence[str] | None = None,
    ) -> CodingFilter:
        """The filter a user names: codes by name or path (each with its sub-codes, as NVivo
        and MAXQDA retrieve), documents by name (:meth:`find_document`), coders by name (case
        ignored). None or an empty list: no filter on that field. Raises :class:`NotFound` for a
        name that names nothing."""
        code_ids = None
        if codes:
            asked = [self.find_code(name).id for name in codes]
            code_ids = with_subcodes(self.codes(), asked)
        document_ids = [self.find_document(name).id for name in documents] if documents else None
        coder_ids = None
        if coders:
            known = {coder.name.casefold(): coder.id for coder in self.coders()}
            missing = [name for name in coders if name.casefold() not in known]
            if missing:
                names = [coder.name for coder in self.coders()]
                raise NotFound(f"there is no coder named {missing[0]!r}"
                               + did_you_mean(missing[0], names))
            coder_ids = [known[name.casefold()] for name in coders]
        return CodingFilter(code_ids, document_ids, coder_ids)


def _filter(
    where: CodingFilter | None,
    code_ids: Iterable[int] | None,
    document_ids: Iterable[int] | None,
    coder_ids: Iterable[int] | None,
) -> CodingFilter:
    shorthand = CodingFilter(code_ids, document_ids, coder_ids)
    if where is None:
        return shorthand
    if shorthand != CodingFilter():
        raise TypeError("give a CodingFilter or id lists, not both")
    return where


def _without_suffix(name: str) -> str:
    """``interview.docx`` -> ``interview``; ``a.txt (2)`` stays as it is."""
    from glocal_annotator.importers import SUPPORTED_SUFFIXES

    path = Path(name)
    return path.stem if path.suffix.lower() in SUPPORTED_SUFFIXES else name


def _add_nodes(journal: Journal, nodes: list[CodebookNode], parent_id: int | None) -> list[int]:
    """Add a tree of nodes under ``parent_id`` in one pass (no recursion: any depth works);
    returns the new ids, parents before their children."""
    specs: list[codebook.NewCode] = []
    stack: list[tuple[CodebookNode, int | None]] = [(node, None) for node in reversed(nodes)]
    while stack:
        node, parent_index = stack.pop()
        index = len(specs)
        specs.append(codebook.NewCode(
            node.name,
            parent_id=parent_id if parent_index is None else None,
            parent_index=parent_index,
            color=node.color,
            guid=node.guid or None,
            fields={
                "codable": node.codable,
                **{key: value or "" for key, value in node.entry_fields().items()},
            },
        ))
        stack.extend((child, index) for child in reversed(node.children))
    return codebook.add_codes(journal, specs)

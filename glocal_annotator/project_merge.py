"""Merging another project file (a colleague's copy) into this one (issue 11, "Team work").

The other file is opened read-only and read into the plain shape a .qdpx import plans from
(:class:`~glocal_annotator.refi.project_resolve.IncomingProject`); the same planner
(:func:`~glocal_annotator.operations.project_import_plan.plan_project_import`) then matches
documents by content hash (then GUID, then name), codes by GUID then path, coders by GUID, and
codings by GUID or identity, so identical codings are not doubled. As a merge it changes nothing
of ours (``keep_ours``): see the planner's notes. A coder named like one of ours but with another
GUID is kept apart as ``NAME (2)`` and reported, unless ``join_coders`` names it. The whole merge
is one undoable step; merging the same file again changes nothing.

Planning reports progress in :data:`MERGE_UNITS` units (:class:`~glocal_annotator.progress.
Ticker`): a step per document and per batch of codings read from the other file, per table
of ours read, and per document and batch of codings planned; a cancel through the progress
callback stops it at the next step with :class:`OperationCancelled` (it only reads: nothing
was changed).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glocal_annotator.errors import InvalidOperation, OperationCancelled, ProjectError
from glocal_annotator.model import Codebook
from glocal_annotator.operations.project_import_plan import (
    ProjectImportPlan,
    ProjectState,
    plan_project_import,
)
from glocal_annotator.progress import Progress, Ticker
from glocal_annotator.project import Project
from glocal_annotator.refi.project_data import RefiUser
from glocal_annotator.refi.project_resolve import (
    IncomingCoding,
    IncomingDocument,
    IncomingMemo,
    IncomingProject,
    IncomingSet,
    IncomingVariable,
)

# A merge plan's progress units (MERGE_UNITS in all): reading the other file, reading ours,
# planning.
MERGE_UNITS = 1000
READ_SHARE, STATE_SHARE = 450, 150  # planning takes the rest
CODING_BATCH = 500  # codings read between two progress steps
STATE_STEPS = 9  # the tables of ours the planner reads (ProjectState's fields)


def merge_cancelled() -> OperationCancelled:
    """The error of a merge plan the user cancelled (through its progress callback)."""
    return OperationCancelled("merge cancelled; nothing was changed")


@dataclass
class MergeReport:
    """What a merge did (or, for a dry run, would do): ``counts`` per kind (documents, codes,
    codings, memos, coders) of added, changed, unchanged and only here; ``preview`` the plan
    in words (notes included)."""

    other: str
    project: str
    dry_run: bool
    counts: dict[str, dict[str, int]]
    preview: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    applied: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"other": self.other, "project": self.project, "dry_run": self.dry_run,
                "applied": self.applied, "counts": self.counts, "notes": self.notes,
                "skipped": self.skipped, "preview": self.preview}

    def lines(self) -> list[str]:
        """The report as text for the command line."""
        lines = [f"Merge of {Path(self.other).name} into {self.project}"
                 + (" (dry run: nothing is changed)" if self.dry_run else "")]
        lines.extend(f"  {line}" for line in self.preview)
        lines.extend(f"  skipped: {item}" for item in self.skipped)
        added = ", ".join(f"{self.counts[kind]['added']} {kind}" for kind in
                          ("documents", "codes", "codings", "memos", "coders", "variables",
                           "values", "sets"))
        if self.applied:
            lines.append(f"Merged: {added} added (one step: undo it in the app's history)")
        elif self.dry_run:
            lines.append(f"Would add: {added}")
        else:
            lines.append("Nothing to merge: this project already holds everything in the file.")
        return lines


def read_project_for_merge(other: Project, ticker: Ticker | None = None) -> IncomingProject:
    """Everything of ``other`` a merge takes, in the planner's plain shape: coders, the
    codebook, documents with their text, memo, metadata, page starts, source path, codings and
    variable values, memos, variables and document sets. ``ticker``'s current stage is
    recounted to one step per document (its text read) and per coding (taken
    :data:`CODING_BATCH` at a time), once they are listed."""
    coders = other.coders()
    coder_guids = {coder.id: coder.guid for coder in coders}
    codes = other.codes()
    code_guids = {code.id: code.guid for code in codes}
    memos_of_documents = other.document_memos()
    listed = other.documents()
    codings = other.codings()
    if ticker is not None:
        ticker.recount(len(listed) + len(codings))
    codings_by_document: dict[int, list[IncomingCoding]] = {}
    for counted, coding in enumerate(codings, 1):
        if ticker is not None and counted % CODING_BATCH == 0:
            ticker.step(CODING_BATCH)
        codings_by_document.setdefault(coding.document_id, []).append(IncomingCoding(
            coding.guid, code_guids[coding.code_id], coder_guids.get(coding.coder_id),
            coding.start, coding.end, coding.memo, coding.created_at))
    if ticker is not None:
        ticker.step(len(codings) % CODING_BATCH)
    variables = other.variables()
    variable_guids = {variable.id: variable.guid for variable in variables}
    values: dict[int, dict[str, str]] = {}
    for (variable_id, document_id), value in other.variable_values().items():
        values.setdefault(document_id, {})[variable_guids[variable_id]] = value
    documents = []
    for document in listed:
        if ticker is not None:
            ticker.step()
        documents.append(IncomingDocument(
            document.guid, document.name, other.document_text(document.id), document.format,
            memos_of_documents.get(document.id, ""), dict(document.metadata),
            codings_by_document.get(document.id, []), document.imported_at,
            values.get(document.id, {}), page_starts=tuple(document.page_starts),
            source_path=document.source_path))
    document_guids = {document.id: document.guid for document in listed}
    memos = [
        IncomingMemo(memo.guid, memo.title, memo.text, coder_guids.get(memo.coder_id),
                     memo.created_at, memo.modified_at,
                     None if memo.document_id is None else document_guids[memo.document_id])
        for memo in other.memos()
    ]
    return IncomingProject(
        name=other.name, origin="Glocal Annotator",
        users=[RefiUser(coder.guid, coder.name) for coder in coders],
        codebook=Codebook.from_codes(codes), documents=documents, memos=memos, units=[],
        variables=[IncomingVariable(v.guid, v.name, v.type, v.choices, v.description)
                   for v in variables],
        sets=[IncomingSet(item.guid, item.name, item.description,
                          [document_guids[d] for d in sorted(item.document_ids)])
              for item in other.document_set_list()],
    )


def same_named_coders(project: Project, other_path: str | os.PathLike) -> list[str]:
    """The other project file's coders that are named like one of ours (case ignored) but
    carry another GUID: the ones to ask the user about (the same person on two computers, or
    two people of one name?) before :func:`plan_merge` (``join_coders``). Names as the other
    file writes them, in its order. Raises :class:`ProjectError` for a file that cannot be
    opened as a project."""
    ours = {coder.name.casefold(): coder.guid for coder in project.coders()}
    with Project.open(other_path, read_only=True) as other:
        return [coder.name for coder in other.coders()
                if coder.name.casefold() in ours and ours[coder.name.casefold()] != coder.guid]


def project_state(project: Project, ticker: Ticker | None = None) -> ProjectState:
    """``project`` as the planner sees it; ``ticker``'s current stage counts one step per
    table read (:data:`STATE_STEPS` in all)."""

    def read(query: Callable[[], Any]) -> Any:
        result = query()
        if ticker is not None:
            ticker.step()
        return result

    return ProjectState(
        read(project.documents), read(project.codes), read(project.coders),
        read(project.codings), read(project.memos), read(project.document_memos),
        read(project.variables), read(project.variable_values),
        read(project.document_set_list))


def plan_merge(project: Project, other_path: str | os.PathLike, *,
               join_coders: Sequence[str] = (), progress: Progress | None = None
               ) -> ProjectImportPlan:
    """The plan for merging the project file ``other_path`` into the open ``project``; nothing
    is changed. ``project.apply_project_import_plan(plan)`` carries it out as one undoable
    change (its inverse undoes the whole merge). ``project`` may be a reader on another thread
    (:meth:`Project.open_reader`).

    ``progress(done, total)`` (:data:`MERGE_UNITS` units: the other file's documents and
    codings read, our tables read, each document and coding planned) is called at least every
    20 ms of work plus the longest step (:class:`~glocal_annotator.progress.Ticker`), first
    with 0 and last with ``done == total``; when it returns False the planning stops with
    :class:`OperationCancelled` ("merge cancelled; nothing was changed"). Raises
    :class:`ProjectError` for a file that cannot be opened as a project."""
    ticker = Ticker(progress, MERGE_UNITS, cancelled=merge_cancelled)
    ticker.report(0)
    ticker.stage(1, READ_SHARE)
    with Project.open(other_path, read_only=True) as other:
        incoming = read_project_for_merge(other, ticker)
    ticker.stage(STATE_STEPS, STATE_SHARE)
    state = project_state(project, ticker)
    ticker.rest(1)
    plan = plan_project_import(
        state, incoming, source=Path(other_path).name, keep_colours=True,
        importing_coder=project.coder_name, keep_ours=True, join_coders=join_coders,
        ticker=ticker)
    ticker.finish()
    return plan


def merge_project(
    project_path: str | os.PathLike,
    other_path: str | os.PathLike,
    *,
    dry_run: bool = False,
    join_coders: Sequence[str] = (),
) -> MergeReport:
    """Merge the project file ``other_path`` into the project at ``project_path`` (module
    notes); ``dry_run`` plans and reports only. The report's ``preview`` lists what is added,
    ``notes`` what was kept apart. Raises :class:`ProjectError` for a missing or unreadable file
    and :class:`InvalidOperation` for merging a project into itself."""
    target, other_file = Path(project_path), Path(other_path)
    for path in (target, other_file):
        if not path.is_file():
            raise ProjectError(f"there is no project file at {path}")
    if target.resolve() == other_file.resolve():
        raise InvalidOperation("a project cannot be merged into itself")
    with Project.open(target, read_only=dry_run) as project:
        plan = plan_merge(project, other_file, join_coders=join_coders)
        report = MergeReport(str(other_file), str(target), dry_run, plan.counts(),
                             plan.preview_lines(), list(plan.notes), list(plan.skipped))
        if not dry_run and plan.has_changes:
            project.apply_project_import_plan(plan)
            report.applied = True
    return report

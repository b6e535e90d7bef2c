"""Importing a REFI-QDA project (.qdpx, .qde) into a new or an open project, with its report.

The steps, each testable alone: read the file (:func:`glocal_annotator.refi.project_reader.
read_project`), extract the rich text of sources that have no plain text (.docx, .pdf, with this
app's importers), resolve offsets and memos (:func:`glocal_annotator.refi.project_resolve.
resolve_project`), plan against the project (:func:`glocal_annotator.operations.
project_import_plan.plan_project_import`), then apply the plan as one undoable change
(``Project.apply_project_import_plan``), unless it is a dry run.

A new project is built under a temporary name in a fresh folder beside the target and takes its
name only when complete, never over an existing file; if anything fails, nothing is left behind.
The :class:`QdpxImportReport` says per source which offset units were chosen and how many
selections landed on word boundaries, what was added, changed, kept, skipped and transformed, as
text lines (CLI) and JSON (``--json``, and the GUI's dialog later).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from glocal_annotator.errors import GlocalError, OperationCancelled, ProjectError
from glocal_annotator.operations.project_import import apply_units
from glocal_annotator.operations.project_import_plan import (
    ProjectImportPlan,
    ProjectState,
    plan_project_import,
)
from glocal_annotator.progress import Progress, Ticker
from glocal_annotator.project import Project, default_coder_name
from glocal_annotator.refi.project_data import RefiProject
from glocal_annotator.refi.project_resolve import IncomingProject, SourceUnits
from glocal_annotator.wording import memo_parts, plural


@dataclass
class QdpxImportReport:
    """What an import of a .qdpx did (or, for a dry run, would do)."""

    file: str
    project: str
    new_project: bool
    dry_run: bool
    keep_colours: bool
    colours_kept: int
    units: list[SourceUnits]
    counts: dict[str, dict[str, int]]
    applied: bool = False
    preview: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    transformed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    memos_imported: dict[str, int] = field(default_factory=dict)

    def imported(self) -> dict[str, int]:
        """What was (or would be) added: documents, codes, codings, memos (project memos),
        users (coders), variables, their values and document sets; and ``document_memos`` and
        ``coding_memos``, the memos brought on documents and codings
        (:meth:`ProjectImportPlan.memos_imported`), as an export of the file counts them."""
        added = {kind: self.counts[kind]["added"] for kind in
                 ("documents", "codes", "codings", "memos", "coders", "variables", "values",
                  "sets")}
        return {**added, "document_memos": self.memos_imported.get("document_memos", 0),
                "coding_memos": self.memos_imported.get("coding_memos", 0)}

    def memo_parts(self) -> list[str]:
        """``["21 coding memos", "2 document memos", "1 project memo"]``, as the export's
        report names and counts them (:meth:`QdpxExportResult.memo_parts`)."""
        counts = self.imported()
        return memo_parts(counts["coding_memos"], counts["document_memos"], counts["memos"])

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "project": self.project,
            "new_project": self.new_project,
            "dry_run": self.dry_run,
            "applied": self.applied,
            "keep_colours": self.keep_colours,
            "colours_kept": self.colours_kept,
            "sources": [asdict(units) for units in self.units],
            "counts": self.counts,
            "imported": self.imported(),
            "skipped": list(self.skipped),
            "transformed": list(self.transformed),
            "notes": list(self.notes),
        }

    def lines(self) -> list[str]:
        """The report as text for the command line."""
        where = "a new project" if self.new_project else "the project"
        lines = [f"Import of {Path(self.file).name} into {where} {self.project}"
                 + (" (dry run: nothing is changed)" if self.dry_run else "")]
        lines.append("Sources and the offset units chosen for each:")
        lines.extend(f"  {units.line()}" for units in self.units)
        if not self.units:
            lines.append("  (no text sources)")
        lines.append("Plan:")
        lines.extend(f"  {line}" for line in self.preview)
        if not self.new_project:
            if self.keep_colours:
                matched = plural(self.colours_kept, "matched code")
                lines.append(f"Colours: ours kept ({matched} "
                             f"{'has' if self.colours_kept == 1 else 'have'} another colour in the "
                             "file; --no-keep-colours takes the file's)")
            else:
                lines.append("Colours: the file's colours are taken for matched codes")
        for title, items in (("Skipped (not imported)", self.skipped),
                             ("Transformed", self.transformed)):
            if items:
                lines.append(f"{title}:")
                lines.extend(f"  - {item}" for item in items)
        counts = self.imported()
        if not self.applied and not self.dry_run:
            lines.append("Nothing to import: the project already holds everything in the file.")
            return lines
        done = ("Imported" if self.applied else "Would import") + ": " + ", ".join([
            plural(counts["documents"], "document"), plural(counts["codes"], "code"),
            plural(counts["codings"], "coding"), *self.memo_parts(),
            plural(counts["coders"], "user (coder)", "users (coders)"),
            plural(counts["variables"], "variable"), plural(counts["values"], "variable value"),
            plural(counts["sets"], "document set"),
        ])
        lines.append(done)
        return lines


def extract_rich_texts(project: RefiProject, ticker: Ticker | None = None) -> None:
    """Give sources without plain text the text of their rich text file (.docx, .pdf), as this
    app imports such files; the report says so. A file that cannot be read leaves the source
    without text (skipped, with the reason). ``ticker``'s current stage counts one step per
    rich text (it is recounted to their number)."""
    from glocal_annotator.importers import extract

    rich = [source for source in project.sources
            if source.raw_text is None and source.rich is not None]
    if ticker is not None:
        ticker.recount(len(rich))
    for source in rich:
        if ticker is not None:
            ticker.step()
        if source.rich is None:  # pragma: no cover - chosen above
            continue
        folder = tempfile.mkdtemp(prefix="glocal-qdpx-")
        try:
            path = Path(folder) / f"source{source.rich.suffix}"
            path.write_bytes(source.rich.data)
            source.raw_text = extract(path).text
        except GlocalError as error:
            source.problem = f"its rich text {source.rich.label} cannot be read ({error})"
            continue
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        source.text_label = f"{source.rich.label} (rich text)"
        source.problem = ""
        project.transformed.append(
            f"the text of {source.name!r} was taken from its rich text {source.rich.label}, as "
            "this app imports such files: the file gives no plain text"
        )


# An import's progress units (IMPORT_UNITS in all), shared among the steps of reading and
# planning it.
IMPORT_UNITS = 1000
READ_SHARE, EXTRACT_SHARE, RESOLVE_SHARE, PLAN_SHARE = 450, 150, 250, 150


def read_for_import(path: str | os.PathLike, *, outside_files: bool = False,
                    ticker: Ticker | None = None) -> IncomingProject:
    """Read, extract and resolve a .qdpx/.qde (the steps before planning); ``outside_files``
    allows sources named by ``relative://``/``absolute://`` paths to be read from this computer.
    ``ticker`` (of :data:`IMPORT_UNITS` units, of which this takes all but ``PLAN_SHARE``)
    steps through unpacking and parsing, each source read, each rich text extracted and each
    source resolved, and raises its cancellation error at the next step once cancelled.
    Raises :class:`ImportFailure` (one line) for a file that is unreadable, hostile or no
    project."""
    from glocal_annotator.refi.project_reader import read_project
    from glocal_annotator.refi.project_resolve import resolve_project

    if ticker is not None:
        ticker.stage(1, READ_SHARE)
    project = read_project(path, outside_files=outside_files, ticker=ticker)
    if ticker is not None:
        ticker.stage(1, EXTRACT_SHARE)
    extract_rich_texts(project, ticker)
    if ticker is not None:
        ticker.stage(len(project.sources), RESOLVE_SHARE)
    return resolve_project(project, ticker)


def project_state(project: Project) -> ProjectState:
    """The project as the planner sees it."""
    return ProjectState(
        documents=project.documents(),
        codes=project.codes(),
        coders=project.coders(),
        codings=project.codings(),
        memos=project.memos(),
        document_memos=project.document_memos(),
        variables=project.variables(),
        values=project.variable_values(),
        sets=project.document_set_list(),
    )


def plan_for(
    project: Project | None, incoming: IncomingProject, *, source: str, keep_colours: bool,
    coder: str, ticker: Ticker | None = None,
) -> ProjectImportPlan:
    """The plan of ``incoming`` into ``project`` (None: a new project); ``ticker``'s current
    stage counts two steps, the project read and the planning, which the planner recounts to
    its own (one per document and per coding of ``incoming``: :func:`plan_project_import`)."""
    state = project_state(project) if project is not None else ProjectState([], [], [], [], [], {})
    if ticker is not None:
        ticker.step()
    return plan_project_import(state, incoming, source=source, keep_colours=keep_colours,
                               importing_coder=coder, ticker=ticker)


def _report(path: Path, target: Path, new: bool, dry_run: bool, incoming: IncomingProject,
            plan: ProjectImportPlan) -> QdpxImportReport:
    return QdpxImportReport(
        file=str(path),
        project=str(target),
        new_project=new,
        dry_run=dry_run,
        keep_colours=plan.keep_colours,
        colours_kept=plan.colours_kept,
        units=incoming.units,
        counts=plan.counts(),
        memos_imported=plan.memos_imported(),
        preview=plan.preview_lines(),
        skipped=[*incoming.skipped, *plan.skipped],
        transformed=list(incoming.transformed),
        notes=list(plan.notes),
    )


def prepare_import(
    project: Project | None,
    qdpx_path: str | os.PathLike,
    *,
    target: str | os.PathLike,
    dry_run: bool = False,
    keep_colours: bool = True,
    coder: str | None = None,
    outside_files: bool = False,
    progress: Progress | None = None,
) -> tuple[ProjectImportPlan, QdpxImportReport]:
    """Read ``qdpx_path`` and plan its import into ``project`` (None: a new project at
    ``target``), changing nothing: the plan (``project.apply_project_import_plan(plan)`` or
    :func:`build_new_project` carries it out) and the report of what it would do (``applied``
    False). The GUI previews the report before applying; :func:`import_qdpx` does both steps.
    ``project`` may be a reader on another thread (:meth:`Project.open_reader`).

    ``progress(done, total)`` (:data:`IMPORT_UNITS` units: unpacking and parsing, each source
    read, each rich text extracted, each source resolved, the plan) is called at least every
    20 ms of work plus the longest step (:class:`~glocal_annotator.progress.Ticker`), last with
    ``done == total``; when it returns False the reading stops with :class:`OperationCancelled`
    (nothing was changed: this only reads). Raises as :func:`import_qdpx`."""
    path = Path(qdpx_path)
    coder = coder or default_coder_name()
    ticker = Ticker(progress, IMPORT_UNITS, cancelled=import_cancelled)
    ticker.report(0)
    incoming = read_for_import(path, outside_files=outside_files, ticker=ticker)
    ticker.stage(2, PLAN_SHARE)
    plan = plan_for(project, incoming, source=path.name, keep_colours=keep_colours, coder=coder,
                    ticker=ticker)
    ticker.finish()
    return plan, _report(path, Path(target), project is None, dry_run, incoming, plan)


def import_cancelled() -> OperationCancelled:
    """The error of an import the user cancelled (through its progress callback)."""
    return OperationCancelled("import cancelled; nothing was changed")


def import_qdpx(
    project_path: str | os.PathLike,
    qdpx_path: str | os.PathLike,
    *,
    dry_run: bool = False,
    keep_colours: bool = True,
    coder: str | None = None,
    outside_files: bool = False,
) -> QdpxImportReport:
    """Import ``qdpx_path`` into the project at ``project_path``: a new project when no file is
    there (created only if the import succeeds), else a sync into the existing one (one undoable
    change). ``dry_run`` plans and reports only. ``keep_colours`` keeps our colour for codes the
    file also has (other tools snap colours to their palettes). ``coder`` is credited with
    codings the file names no user for (default: the user's name). ``outside_files`` reads
    sources the file names outside itself, on this computer (off by default).

    Raises :class:`ImportFailure` or :class:`ProjectError` (one line; nothing changed, nothing
    left behind) for a file that cannot be imported or a project that cannot be written.
    """
    target = Path(project_path)
    coder = coder or default_coder_name()
    options = {"target": target, "dry_run": dry_run, "keep_colours": keep_colours,
               "coder": coder, "outside_files": outside_files}
    if os.path.lexists(target):
        with Project.open(target, read_only=dry_run, coder=coder) as project:
            plan, report = prepare_import(project, qdpx_path, **options)
            if not dry_run and plan.has_changes:
                project.apply_project_import_plan(plan)
                report.applied = True
        return report
    plan, report = prepare_import(None, qdpx_path, **options)
    if not dry_run:
        build_new_project(target, plan, coder)
        report.applied = True
    return report


def build_new_project(target: str | os.PathLike, plan: ProjectImportPlan, coder: str,
                      progress: Progress | None = None) -> None:
    """Create the project ``target`` holding what ``plan`` (planned for no project) adds: built
    under a temporary name in a fresh folder beside it, named ``target`` only when complete,
    never over an existing file. Raises :class:`ProjectError` (nothing left behind) when the
    folder is missing or cannot be written, or ``target`` appeared meanwhile.

    ``progress(done, total)`` (:func:`~glocal_annotator.operations.project_import.apply_units`
    units) as for :meth:`Project.apply_project_import_plan`, and once more with ``done ==
    total`` just before the project takes its name; when it returns False the build stops with
    :class:`OperationCancelled` and nothing is left behind. Runs on any thread: the new
    project is opened and closed inside."""
    target = Path(target)
    if not target.parent.is_dir():
        raise ProjectError(f"the folder {target.parent} does not exist; create it first")
    try:
        folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as error:
        raise ProjectError(f"cannot write in {target.parent}: {error.strerror}") from error
    try:
        built = folder / target.name
        with Project.create(built, default_codebook=False, coder=coder) as project:
            project.apply_project_import_plan(plan, progress)
        total = apply_units(plan)
        if progress is not None and progress(total, total) is False:
            raise import_cancelled()
        try:
            os.link(built, target)
        except FileExistsError:
            raise ProjectError(f"{target.name} appeared while importing; nothing was "
                               "written over it") from None
        except OSError:
            if os.path.lexists(target):
                raise ProjectError(f"{target.name} appeared while importing; nothing was "
                                   "written over it") from None
            os.rename(built, target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

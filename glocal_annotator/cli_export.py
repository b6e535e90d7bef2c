"""Export commands for the command line; importing this module registers them with ``cli``.

    export PROJECT OUT.docx|OUT.csv|OUT.xlsx [--code NAME]... [--doc NAME]... [--coder NAME]...
           [--by code|document] [--context] [--no-memos] [--title TEXT] [--charts]
    export PROJECT OUT.qdpx          (the whole project, REFI-QDA; the filters do not apply)
    export-document PROJECT --doc NAME OUT.docx
    codebook export PROJECT OUT.docx|OUT.qdc|OUT.csv
    codebook import PROJECT FILE [--dry-run]

The codebook editing actions (add, rename, move ...) are in :mod:`glocal_annotator.cli_codebook`.

Exports open the project read-only, so they also work while the app has it open.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from glocal_annotator import cli_common
from glocal_annotator.errors import GlocalError
from glocal_annotator.project_files import check_export_target
from glocal_annotator.wording import plural

if TYPE_CHECKING:
    from glocal_annotator.project import Project

Command = Callable[..., argparse.ArgumentParser]


def _suffix_error(path: str, allowed: str) -> GlocalError:
    suffix = Path(path).suffix.lower()
    kind = f"a {suffix} file" if suffix else "a file without an extension"
    return GlocalError(f"cannot export {kind} ({path}); use {allowed}")


def _check_target(args: argparse.Namespace, allowed: tuple[str, ...]) -> str:
    """The lower-case suffix of ``args.out``, once it is allowed and is no project or database
    (the writers check again as they write: :func:`glocal_annotator.atomic.atomic_write`)."""
    suffix = Path(args.out).suffix.lower()
    if suffix not in allowed:
        raise _suffix_error(args.out, ", ".join(allowed[:-1]) + " or " + allowed[-1]
                            if len(allowed) > 1 else allowed[0])
    check_export_target(args.out, (args.project,))
    return suffix


def _open(path: str, *, read_only: bool) -> Project:
    from glocal_annotator.project import Project  # here: `--help` needs no SQLite

    return Project.open(path, read_only=read_only)


def cmd_export(args: argparse.Namespace) -> int:
    suffix = _check_target(args, (".docx", ".csv", ".xlsx", ".qdpx"))
    if args.charts and suffix != ".docx":
        raise GlocalError(f"--charts puts charts in the Word report; a {suffix} file holds "
                          "none (export to .docx, or leave --charts out)")
    if suffix == ".qdpx":
        return _export_qdpx(args)
    with _open(args.project, read_only=True) as project:
        where = project.coding_filter(args.code, args.doc, args.coder)
        if suffix == ".docx":
            from glocal_annotator.exporters.excerpts_docx import (
                ExcerptReportOptions,
                export_excerpts_docx,
            )

            options = ExcerptReportOptions(
                where=where,
                group_by=args.by,
                include_context=args.context,
                context_chars=args.context_chars,
                include_memos=not args.no_memos,
                title=args.title,
                include_charts=args.charts,
            )
            if args.charts:
                options.figures = _chart_figures(project, where)
            count = export_excerpts_docx(project, args.out, options)
        else:
            from glocal_annotator.exporters.tables import export_excerpts_table

            count = export_excerpts_table(project, args.out, where)
    print(f"Exported {count} excerpt{'' if count == 1 else 's'} to {args.out}")
    return 0


def _chart_figures(project: Project, where) -> tuple:  # noqa: ANN001 - a CodingFilter
    """The report's charts (code frequencies, code by document matrix, overlap
    co-occurrence), drawn by the app's chart code with an offscreen Qt (no display needed;
    loaded only for ``--charts``)."""
    from glocal_annotator.ui.analysis.report_figures import offscreen_cli_figures

    return offscreen_cli_figures(project, where)


def _export_qdpx(args: argparse.Namespace) -> int:
    if args.code or args.doc or args.coder:
        raise GlocalError("a .qdpx export holds the whole project; --code, --doc and --coder "
                          "do not apply to it")
    from glocal_annotator.exporters.project_qdpx import export_project_qdpx

    with _open(args.project, read_only=True) as project:
        result = export_project_qdpx(project, args.out)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    parts = [plural(result.documents, "document"), plural(result.codes, "code"),
             plural(result.codings, "coding"), *result.memo_parts()]
    print(f"Exported {', '.join(parts)} and "
          f"{plural(result.coders, 'user (coder)', 'users (coders)')} "
          f"to {args.out}")
    return 0


def cmd_export_document(args: argparse.Namespace) -> int:
    _check_target(args, (".docx",))
    from glocal_annotator.exporters.document_docx import export_document_docx

    with _open(args.project, read_only=True) as project:
        document = project.find_document(args.doc)
        count = export_document_docx(project, document.id, args.out)
    print(f"Exported {document.name} with {count} coding{'' if count == 1 else 's'} to {args.out}")
    return 0


def cmd_codebook_export(args: argparse.Namespace) -> int:
    suffix = _check_target(args, (".docx", ".qdc", ".csv"))
    with _open(args.project, read_only=True) as project:
        if suffix == ".docx":
            from glocal_annotator.exporters.codebook_docx import export_codebook_docx

            count = export_codebook_docx(project, args.out)
        else:  # .qdc, or .csv in the columns `codebook import` reads
            from glocal_annotator.exporters.codebook_refi import export_project_codebook

            count = export_project_codebook(project, args.out)
    print(f"Exported {count} code{'' if count == 1 else 's'} to {args.out}")
    return 0


def cmd_codebook_import(args: argparse.Namespace) -> int:
    with _open(args.project, read_only=args.dry_run) as project:
        message = import_codebook(project, args.file, dry_run=args.dry_run)
    print(message)
    return 0


def import_codebook(
    project: Project, path: str | os.PathLike, dry_run: bool, *, out: TextIO | None = None
) -> str:
    """Read ``path``, print the plan's preview (to ``out``, default stdout), apply the plan unless
    ``dry_run``; return the final one-line summary.

    Raises :class:`~glocal_annotator.errors.CodebookError` (nothing changed) for a file that
    cannot be read.
    """
    from glocal_annotator.operations.codebook_merge_plan import plan_codebook_import
    from glocal_annotator.refi.codebook_files import read_codebook_file

    out = sys.stdout if out is None else out
    name = Path(path).name
    plan = plan_codebook_import(project.codes(), read_codebook_file(path), source=name)
    for line in plan.preview_lines():
        print(line, file=out)
    if dry_run:
        return f"Dry run, nothing changed: {name} would give {plan.summary()}."
    if not plan.has_changes:
        return f"Nothing to import from {name}: {plan.summary()}."
    counts = project.apply_codebook_plan(plan).result
    return (
        f"Imported {name}: {counts['added']} added, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged."
    )


def register(command: Command) -> None:
    """Add the export commands to the parser (called by ``cli.build_parser``)."""
    sub = command(
        "export",
        cmd_export,
        "export coded excerpts: a Word report (.docx) or a table (.csv, .xlsx); or the whole "
        "project for NVivo, ATLAS.ti, MAXQDA, QualCoder (.qdpx, REFI-QDA)",
    )
    cli_common.add_project_argument(sub)
    sub.add_argument("out", help="OUT.docx, OUT.csv, OUT.xlsx or OUT.qdpx (never a project)")
    cli_common.add_filter_options(sub)
    sub.add_argument(
        "--by", choices=("code", "document"), default="code", help="group the Word report by"
    )
    sub.add_argument("--context", action="store_true", help="show text around each excerpt")
    sub.add_argument(
        "--context-chars", type=int, default=200, help="characters of context (default 200)"
    )
    sub.add_argument("--no-memos", action="store_true", help="leave coding memos out")
    sub.add_argument("--title", help="title of the Word report")
    sub.add_argument("--charts", action="store_true",
                     help="add charts to the Word report: code frequencies, codes by document, "
                     "co-occurrence (drawn offscreen; no display needed)")

    sub = command(
        "export-document",
        cmd_export_document,
        "export one document to Word with its codings shaded and commented",
    )
    cli_common.add_project_argument(sub)
    sub.add_argument("--doc", required=True, help=cli_common.DOC_HELP)
    sub.add_argument("out", help="OUT.docx (never a project)")

    sub = command(
        "codebook", _codebook_usage, "edit the codebook (add, rename, move, recolour, edit, "
        "delete, merge), or export or import it"
    )
    actions = sub.add_subparsers(dest="codebook_action", metavar="ACTION")
    export = actions.add_parser(
        "export",
        help="write the codebook to Word (.docx), REFI-QDA (.qdc) or CSV (.csv)",
        description="Write the codebook to Word (.docx), REFI-QDA (.qdc) or CSV (.csv: one row "
        "per code with its path, colour, codable flag, GUID and entry fields; the columns "
        "`codebook import` reads).",
    )
    export.set_defaults(handler=cmd_codebook_export)
    cli_common.add_project_argument(export)
    export.add_argument("out", help="OUT.docx, OUT.qdc or OUT.csv")
    imported = actions.add_parser(
        "import",
        help="add codes from a codebook (.qdc, .qdpx, .qde or .csv)",
        description="Add codes from a codebook (.qdc, .qdpx, .qde or .csv) to the project; "
        "codes are matched by GUID, then by name, and nothing of yours is deleted.",
    )
    imported.set_defaults(handler=cmd_codebook_import)
    cli_common.add_project_argument(imported)
    imported.add_argument("file", help="the codebook file (.qdc, .qdpx, .qde, .csv)")
    imported.add_argument(
        "--dry-run", action="store_true", help="show what would change, change nothing"
    )
    from glocal_annotator.cli_codebook import register as register_codebook_editing

    register_codebook_editing(actions)
    sub.set_defaults(codebook_parser=sub)


def _codebook_usage(args: argparse.Namespace) -> int:
    args.codebook_parser.print_usage(sys.stderr)
    print(
        "glocal-annotator codebook: error: choose an action: add, rename, move, recolour, edit, "
        "delete, merge, export or import",
        file=sys.stderr,
    )
    return 2

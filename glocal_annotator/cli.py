"""The command line: ``glocal-annotator`` (the GUI) and headless subcommands.

Exit status: 0 on success, 1 with one line on stderr for a user error, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from glocal_annotator import __version__
from glocal_annotator.cli_common import (
    CODE_HELP,
    CODER_HELP,
    DOC_HELP,
    EPILOG,
    JSON_HELP,
    Handler,
    add_filter_options,
    add_project_argument,
)
from glocal_annotator.cli_common import open_project as _open
from glocal_annotator.errors import GlocalError
from glocal_annotator.failures import explain, let_go
from glocal_annotator.text_units import WIDEN_CHOICES, nth_occurrence
from glocal_annotator.wording import agreeing, plural

# The project (and with it SQLite, sqlite-utils), the importers and exporters (lxml,
# python-docx, openpyxl, pypdfium2, charset-normalizer) are imported by the commands that use
# them, so that `--version`, `--help` and a mistyped command answer at once
# (tests/test_cli_startup.py).


def _print_rows(rows: list[dict[str, Any]], as_json: bool, columns: Sequence[str]) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        print("(none)")
        return
    widths = {c: min(60, max(len(c), *(len(_cell(r[c])) for r in rows))) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns).rstrip())
    for row in rows:
        print("  ".join(_cell(row[c])[: widths[c]].ljust(widths[c]) for c in columns).rstrip())


def _cell(value: Any) -> str:
    return " ".join(str(value).split())


# -- commands ----------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from glocal_annotator.project import Project

    with Project.create(args.project, default_codebook=not args.empty) as project:
        print(f"Created {project.path} with {len(project.codes())} codes")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from glocal_annotator.importing import import_files

    def progress(done: int, total: int, path: Path) -> None:
        if total > 1:
            print(f"[{done + 1}/{total}] {path.name}", file=sys.stderr)

    encoding = None
    if args.encoding:
        from glocal_annotator.text_decoding import canonical

        encoding = canonical(args.encoding)
        if encoding is None:
            raise GlocalError(f"{args.encoding!r} is not a text encoding Python knows; use a "
                              "name such as cp1255, windows-1251 or latin-1")
    with _open(args, write=True) as project:
        report = import_files(project, args.files, progress, encoding=encoding)
        notices: dict[Path, list[str]] = {}
        for path, notice in report.notices:
            notices.setdefault(path, []).append(notice)
        for path, document_id in report.imported:
            document = project.document(document_id)
            extra = "".join(f"; {notice}" for notice in notices.get(path, []))
            print(f"Imported {document.name} ({plural(document.characters, 'character')}){extra}")
    for _path, message in report.failed:
        print(f"error: {message}", file=sys.stderr)
    return 1 if report.failed else 0


def cmd_docs(args: argparse.Namespace) -> int:
    with _open(args) as project:
        rows = [
            {
                "id": d.id,
                "name": d.name,
                "format": d.format,
                "characters": d.characters,
                "codings": d.codings,
                "guid": d.guid,
                "imported_at": d.imported_at,
                "pages": len(d.page_starts),
            }
            for d in project.documents()
        ]
    _print_rows(rows, args.json, ("id", "name", "format", "characters", "codings"))
    return 0


def cmd_codes(args: argparse.Namespace) -> int:
    with _open(args) as project:
        rows = [
            {
                "id": c.id,
                "name": c.name,
                "path": c.path,
                "color": c.color,
                "codings": c.codings,
                "guid": c.guid,
                "parent_id": c.parent_id,
                "codable": c.codable,
                "short_definition": c.short_definition,
            }
            for c in project.codes()
        ]
    _print_rows(rows, args.json, ("id", "path", "color", "codings"))
    return 0


def cmd_code(args: argparse.Namespace) -> int:
    with _open(args, write=True) as project:
        document = project.find_document(args.doc)
        code = project.find_code(args.code)
        if args.quote is not None:
            if not args.quote:
                raise GlocalError("--quote is empty")
            if args.occurrence < 1:
                raise GlocalError("--occurrence counts from 1")
            start = nth_occurrence(project.document_text(document.id), args.quote, args.occurrence)
            end = start + len(args.quote)
        else:
            if args.start is None or args.end is None:
                raise GlocalError("give --quote TEXT, or both --start and --end")
            start, end = args.start, args.end
        change = project.add_coding(document.id, code.id, start, end, args.memo or "")
        print(f"Coded {document.name} [{start}, {end}) with {code.path} (coding {change.result})")
    return 0


def cmd_uncode(args: argparse.Namespace) -> int:
    with _open(args, write=True) as project:
        project.remove_coding(args.id)
        print(f"Removed coding {args.id}")
    return 0


def cmd_memo(args: argparse.Namespace) -> int:
    with _open(args, write=True) as project:
        coding = project.coding(args.id)
        project.set_coding_memo(coding.id, args.text)
        done = "Removed the memo of" if not args.text.strip() else "Set the memo of"
        print(f"{done} coding {coding.id}")
    return 0


def cmd_excerpts(args: argparse.Namespace) -> int:
    with _open(args) as project:
        where = project.coding_filter(args.code, args.doc, args.coder)
        rows = [
            {
                "id": e.coding_id,
                "document": e.document,
                "code": e.code_path,
                "coder": e.coder,
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "memo": e.memo,
                "created_at": e.created_at,
            }
            for e in project.excerpts(where)
        ]
    _print_rows(rows, args.json, ("id", "document", "code", "coder", "start", "end", "text"))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with _open(args) as project:
        hits = project.search(
            args.query,
            regex=args.regex,
            ignore_case=args.ignore_case,
            exact=args.exact_characters,
            limit=args.limit,
            exclude_code_ids=project.speaker_code_ids(args.exclude_speaker or []),
        )
    rows = [
        {
            "document": h.document,
            "document_id": h.document_id,
            "start": h.start,
            "end": h.end,
            "text": h.text,
        }
        for h in hits
    ]
    _print_rows(rows, args.json, ("document", "start", "end", "text"))
    return 0


def cmd_autocode(args: argparse.Namespace) -> int:
    with _open(args, write=not args.dry_run) as project:
        code = project.find_code(args.code)
        plan = project.plan_autocode(
            code.id,
            args.pattern,
            regex=not args.plain,
            ignore_case=args.ignore_case,
            exact=args.exact_characters,
            widen=args.widen,
            exclude_code_ids=project.speaker_code_ids(args.exclude_speaker or []),
        )
        found = f"{plural(plan.hits, 'hit')} in {plural(plan.documents, 'document')}"
        covered = f"{plural(plan.covered, 'hit')} already coded with {code.path}"
        if not plan.hits:
            raise GlocalError(f'"{args.pattern}" was not found; nothing was coded')
        if args.dry_run:
            print(
                f"Would code {plural(len(plan.new), 'new passage')} with {code.path}: "
                f"{found}, {covered} (left alone). Nothing was changed."
            )
            return 0
        if not plan.new:
            print(f"Nothing new to code: {found}, {covered}.")
            return 0
        change = project.autocode(code.id, args.pattern, plan=plan)
        result = change.result
        left_alone = plan.covered + result.covered_since
        print(
            f"Coded {plural(len(result.coding_ids), 'new passage')} with {code.path}: "
            f"{found}; {plural(left_alone, 'hit')} already coded with it "
            f"{agreeing(left_alone, 'was', 'were')} left alone."
        )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from glocal_annotator.demo import ensure_demo, rebuild_demo
    from glocal_annotator.errors import ProjectLocked
    from glocal_annotator.paths import default_demo_path

    path = Path(args.project) if args.project else default_demo_path()
    if args.rebuild:
        try:
            result = rebuild_demo(path)
        except ProjectLocked as error:
            reason = str(error).split(";")[0]
            raise ProjectLocked(
                f"the demo was not rebuilt: {reason}; close it there first"
            ) from None
    else:
        result = ensure_demo(path)
    if result.backup is not None:
        print(f"Rebuilt the demo project {path}; the old one is kept as {result.backup.name}")
    elif result.built:
        print(f"Created the demo project {path}")
    else:
        print(f"The demo project {path} is kept as it is (--rebuild builds it afresh)")
    if args.open:
        return _run_gui(path)
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    return _run_gui(Path(args.project) if getattr(args, "project", None) else None)


def _run_gui(path: Path | None) -> int:
    from glocal_annotator.ui.shell.preflight import explain_import_error, gui_problem

    # Qt aborts the process (qFatal) when its platform plugin cannot load: check first
    problem = gui_problem()
    if problem:
        raise GlocalError(problem)
    try:
        from glocal_annotator.ui.shell.app import run
    except ImportError as error:
        raise GlocalError(explain_import_error(error)) from None
    return run(path)


# -- parser ------------------------------------------------------------------------------------

def _matching_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ignore-case",
        action="store_true",
        help="a regular expression ignores case (Unicode full case folding; plain words always do)",
    )
    parser.add_argument(
        "--exact-characters",
        action="store_true",
        help="a regular expression matches the stored characters as they are (no accent, quote, "
        "dash, ligature or hidden-character equivalence)",
    )


def _exclude_speaker(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--exclude-speaker", action="append", metavar="NAME",
        help="leave out hits in this speaker's turns (coded by speakers --code-turns; "
        "repeatable)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="glocal-annotator",
        description="Code documents against a codebook. With no command, opens the app.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text, epilog=EPILOG)
        sub.set_defaults(handler=handler)
        return sub

    sub = command("new", cmd_new, "create a project (with the default glocalization codebook)")
    sub.add_argument("project", help="where to create it (NAME.glocal); no file may be there")
    sub.add_argument("--empty", action="store_true", help="start with no codes")

    sub = command("import", cmd_import, "import .txt .md .docx .odt .pdf .html files")
    add_project_argument(sub)
    sub.add_argument("files", nargs="+", help="the files to import")
    sub.add_argument("--encoding", metavar="NAME",
                     help="read text and HTML files that are not UTF-8 in this encoding (e.g. "
                          "cp1255, windows-1251, latin-1) instead of detecting it; needed when "
                          "detection is unsure")

    for name, handler, text in (
        ("docs", cmd_docs, "list documents"),
        ("codes", cmd_codes, "list codes in codebook order"),
    ):
        sub = command(name, handler, text)
        add_project_argument(sub)
        sub.add_argument("--json", action="store_true", help=JSON_HELP)

    sub = command("code", cmd_code, "code a passage of a document")
    add_project_argument(sub)
    sub.add_argument("--doc", required=True, help=DOC_HELP)
    sub.add_argument("--code", required=True, help=CODE_HELP)
    sub.add_argument("--quote", help="the exact text to code")
    sub.add_argument("--occurrence", type=int, default=1, help="which occurrence of --quote")
    sub.add_argument("--start", type=int, help="start offset (code points)")
    sub.add_argument("--end", type=int, help="end offset, exclusive")
    sub.add_argument("--memo", help="a memo on the coding")
    sub.add_argument("--coder", help=CODER_HELP)

    sub = command("uncode", cmd_uncode, "remove a coding")
    add_project_argument(sub)
    sub.add_argument("--id", type=int, required=True, help="the coding's id (see excerpts)")

    sub = command("memo", cmd_memo, "write, change or remove the memo of a coding")
    add_project_argument(sub)
    sub.add_argument("--id", type=int, required=True, help="the coding's id (see excerpts)")
    sub.add_argument("text", help='the memo ("" removes it)')

    sub = command("excerpts", cmd_excerpts, "list coded excerpts")
    add_project_argument(sub)
    add_filter_options(sub)
    sub.add_argument("--json", action="store_true", help=JSON_HELP)

    sub = command("search", cmd_search, "search the text of every document")
    add_project_argument(sub)
    sub.add_argument("query", help="words to find (or a regular expression with --regex)")
    sub.add_argument("--regex", action="store_true", help="QUERY is a regular expression")
    _matching_options(sub)
    sub.add_argument("--limit", type=int, help="show at most this many hits")
    _exclude_speaker(sub)
    sub.add_argument("--json", action="store_true", help=JSON_HELP)

    sub = command("autocode", cmd_autocode, "code every match of a pattern")
    add_project_argument(sub)
    sub.add_argument("--code", required=True, help=CODE_HELP)
    sub.add_argument("--pattern", required=True, help="a regular expression")
    sub.add_argument("--plain", action="store_true", help="PATTERN is plain text, not a regex")
    _matching_options(sub)
    sub.add_argument("--widen", choices=WIDEN_CHOICES, default="none",
                     help="code each hit's whole sentence or paragraph (default: the hit only)")
    sub.add_argument(
        "--dry-run",
        action="store_true",
        help="only say how many hits there are, how many are new and how many already coded",
    )
    _exclude_speaker(sub)
    sub.add_argument("--coder", help=CODER_HELP)

    sub = command(
        "demo",
        cmd_demo,
        "the demo project: built where none is, an existing one kept as it is "
        "(and opened with --open)",
    )
    sub.add_argument("project", nargs="?", help="where (default: in your data folder)")
    sub.add_argument("--open", action="store_true", help="open it in the app")
    sub.add_argument(
        "--rebuild",
        action="store_true",
        help="build it afresh; the old one is kept beside it as NAME.DATE.bak "
        "(refused while it is open for writing)",
    )

    sub = command("gui", cmd_gui, "open the app")
    sub.add_argument("project", nargs="?", help="a project to open (NAME.glocal)")

    from glocal_annotator.cli_export import register as register_export_commands

    register_export_commands(command)
    from glocal_annotator.cli_exchange import register as register_exchange_commands

    register_exchange_commands(command)
    from glocal_annotator.cli_agreement import register as register_agreement_commands

    register_agreement_commands(command)
    from glocal_annotator.cli_repair import register as register_repair_commands

    register_repair_commands(command)
    from glocal_annotator.cli_analysis import register as register_analysis_commands

    register_analysis_commands(command)
    from glocal_annotator.cli_variables import register as register_variable_commands

    register_variable_commands(command)
    return parser


def _with_bare_project(argv: Sequence[str] | None, parser: argparse.ArgumentParser) -> list[str]:
    """``glocal-annotator PROJECT`` (a path, as a file manager passes it) means ``gui PROJECT``.

    A first argument that is not a command is taken as a project when it names an existing
    file, has a folder in it, or ends in ``.glocal``; anything else is left to the parser
    (so a misspelt command is still refused as one)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0].startswith("-"):
        return args
    commands = next(
        (a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)), {}
    )
    first = args[0]
    if first in commands:
        return args
    looks_like_path = (
        Path(first).is_file() or os.sep in first or "/" in first
        or first.lower().endswith(".glocal")
    )
    return ["gui", *args] if looks_like_path else args


def _printable_streams() -> None:
    """File names need not be valid UTF-8 (PEP 383): print them as the bytes they are on a
    UTF-8 terminal, escaped elsewhere, rather than fail."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        handler = "surrogateescape" if encoding == "utf8" else "backslashreplace"
        with suppress(AttributeError, ValueError):
            stream.reconfigure(errors=handler)  # type: ignore[union-attr]


def main(argv: Sequence[str] | None = None) -> int:
    _printable_streams()
    parser = build_parser()
    args = parser.parse_args(_with_bare_project(argv, parser))
    handler: Handler = getattr(args, "handler", cmd_gui)
    try:
        return handler(args)
    except GlocalError as error:
        print(f"error: {error}", file=sys.stderr)
        let_go(error)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except (sqlite3.DatabaseError, OSError, OverflowError, UnicodeEncodeError) as error:
        # a full or read-only disk, a page damaged under a command, a number too large
        explained = explain(error, getattr(args, "project", None))
        if explained is None:
            raise
        print(f"error: {explained}", file=sys.stderr)
        let_go(error)
        return 1

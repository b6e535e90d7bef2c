"""Project exchange on the command line; ``cli.build_parser`` registers it::

    import-qdpx PROJECT FILE.qdpx [--dry-run] [--json] [--no-keep-colours] [--coder NAME]

A PROJECT that does not exist is created from the file (only when the import succeeds); an
existing one is synced: matched by content, GUID and path, nothing of it deleted, the whole import
one step in its history. The export is ``export PROJECT OUT.qdpx`` (:mod:`.cli_export`).

    merge PROJECT OTHER.glocal [--dry-run] [--json] [--join-coder NAME]...

merges a colleague's copy of a project into this one (:mod:`glocal_annotator.project_merge`).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from glocal_annotator import cli_common

Command = Callable[..., argparse.ArgumentParser]


def cmd_import_qdpx(args: argparse.Namespace) -> int:
    from glocal_annotator.project_exchange import import_qdpx

    report = import_qdpx(args.project, args.file, dry_run=args.dry_run,
                         keep_colours=args.keep_colours, coder=args.coder,
                         outside_files=args.outside_files)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(report.lines()))
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from glocal_annotator.project_merge import merge_project

    report = merge_project(args.project, args.other, dry_run=args.dry_run,
                           join_coders=args.join_coder or ())
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(report.lines()))
    return 0


def register(command: Command) -> None:
    """Add ``import-qdpx`` and ``merge`` to the parser (called by ``cli.build_parser``)."""
    sub = command("merge", cmd_merge,
                  "merge another project file (a colleague's copy) into this one: documents by "
                  "content, codes by GUID then path, identical codings once, coders kept apart; "
                  "one undoable step")
    cli_common.add_project_argument(sub)
    sub.add_argument("other", help="the other project file (OTHER.glocal), read only")
    sub.add_argument("--dry-run", action="store_true",
                     help="show what would be added and kept apart; change nothing")
    sub.add_argument("--json", action="store_true", help="print the report as JSON")
    sub.add_argument("--join-coder", action="append", metavar="NAME",
                     help="join the other file's coder of this name with ours although their "
                          "GUIDs differ (repeatable; otherwise kept apart as 'NAME (2)')")
    sub = command(
        "import-qdpx",
        cmd_import_qdpx,
        "import a REFI-QDA project (.qdpx or .qde from NVivo, ATLAS.ti, MAXQDA, QualCoder or "
        "this app) into a new project, or sync it into an existing one",
    )
    cli_common.add_project_argument(sub)
    sub.add_argument("file", help="the .qdpx (or .qde) file")
    sub.add_argument("--dry-run", action="store_true",
                     help="show the preview (added, changed, unchanged, only here) and the "
                          "report; change nothing")
    sub.add_argument("--json", action="store_true", help="print the report as JSON")
    sub.add_argument("--outside-files", action="store_true",
                     help="also read sources the file names by relative:// or absolute:// paths "
                          "from this computer (off by default: a file you were sent should not "
                          "take text from your disk unasked)")
    sub.add_argument("--keep-colours", action=argparse.BooleanOptionalAction, default=True,
                     help="keep our colour for codes the file also has (default: on, as other "
                          "tools snap colours to their palettes); --no-keep-colours takes the "
                          "file's")
    sub.add_argument("--coder", help="who is credited with codings the file names no user for "
                                     "(default: your user name)")

"""Commands for a damaged project; importing this module registers them with ``cli``.

    check PROJECT          list every problem; exit 0 if healthy, 1 if damaged
    salvage PROJECT NEW    copy what can still be read into the new project NEW

Both only read PROJECT (no lock, no writes), so they also work while the app has it open.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Callable
from pathlib import Path

Command = Callable[..., argparse.ArgumentParser]

def cmd_check(args: argparse.Namespace) -> int:
    from glocal_annotator.repair import check_project, summary

    health = check_project(args.project)
    name = Path(args.project).name
    if not health.problems:
        print(f"{name} is healthy ({summary(health.counts)})")
        return 0
    count = len(health.problems)
    print(f"{name} is damaged: {count} problem{'s' if count != 1 else ''}")
    for problem in health.problems:
        print(f"  {problem.message}")
    shown = shlex.quote(args.project)
    damage = [problem for problem in health.problems if problem.kind != "variable"]
    if len(damage) < count:
        print(f"To fix a variable value: glocal-annotator var set {shown} --doc DOCUMENT "
              f"VARIABLE VALUE (\"\" clears it); or give the variable a type its values fit: "
              f"glocal-annotator var edit {shown} VARIABLE --type text")
    if damage and all(problem.derived for problem in damage):
        print("Only the search index or other parts made from the rest are damaged; opening "
              "the project for writing rebuilds them.")
    elif damage:
        print(f"To copy what can still be read into a new project: glocal-annotator salvage "
              f"{shown} NEW.glocal")
    return 1


def cmd_salvage(args: argparse.Namespace) -> int:
    from glocal_annotator.repair import salvage_project, summary

    report = salvage_project(args.project, args.new)
    print(f"Salvaged {Path(args.project).name} into {args.new}: {summary(report.copied)}")
    if report.complete:
        print("Everything was copied as it was.")
    for title, lines, count in (
        ("Could not be copied", report.lost, report.lost_count),
        ("Copied with a change", report.mended, report.mended_count),
    ):
        if not count:
            continue
        print(f"{title} ({count}):")
        for line in lines:
            print(f"  {line}")
        if count > len(lines):
            print(f"  ... and {count - len(lines)} more")
    return 0


def register(command: Command) -> None:
    """Add ``check`` and ``salvage`` to the CLI (``command`` is ``cli.build_parser``'s)."""
    sub = command("check", cmd_check, "check a project file for damage (exit 1 if damaged)")
    sub.add_argument("project", help="the project file to check (only read, never locked)")
    sub = command(
        "salvage", cmd_salvage,
        "copy what can still be read from a damaged project into a new project",
    )
    sub.add_argument("project", help="the damaged project (only read)")
    sub.add_argument("new", help="the new project file to make (must not exist)")

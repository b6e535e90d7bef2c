"""What every command-line module shares: help texts, the PROJECT argument, the filter options
and opening the project. ``cli``, ``cli_export`` and ``cli_codebook`` import it; it imports none
of them."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a command opens a project: `--version` and `--help` stay quick
    from glocal_annotator.project import Project

Handler = Callable[[argparse.Namespace], int]

PROJECT_HELP = "the project file (NAME.glocal)"
JSON_HELP = "print a JSON array instead of a table"
CODE_HELP = (
    "code name or path (parent/child), case-insensitive; in a path write a / inside a name as "
    "\\/, and start with / for a path from the top"
)
DOC_HELP = "document name (the extension may be left off) or id"
CODER_HELP = "coder name (default: your user name)"
EPILOG = (
    "Codes are named by name or by path (hybridization/creolization), case-insensitively. A name "
    "that holds / is written with \\/ inside a path (Migration/in\\/out), and a leading / reads "
    "a path from the top only (/Other). When a name fits several codes the command stops and "
    "lists the forms that tell them apart; a misspelt name gets \"did you mean\". "
    "Exit status: 0 done, 1 a user error (one line on stderr), 2 bad usage."
)


def add_project_argument(parser: argparse.ArgumentParser) -> None:
    """The positional PROJECT every headless command takes."""
    parser.add_argument("project", help=PROJECT_HELP)


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """``--code``, ``--doc`` and ``--coder``, each repeatable (see Project.coding_filter)."""
    parser.add_argument("--code", action="append", help=CODE_HELP + "; with its sub-codes "
                        "(repeatable)")
    parser.add_argument("--doc", action="append", help=DOC_HELP + " (repeatable)")
    parser.add_argument("--coder", action="append", help="coder name (repeatable)")



def open_project(args: argparse.Namespace, *, write: bool = False) -> Project:
    """The project named by ``args.project``, read-only unless ``write``."""
    from glocal_annotator.project import Project

    return Project.open(args.project, read_only=not write, coder=getattr(args, "coder", None))

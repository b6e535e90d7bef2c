"""Codebook editing on the command line, through the same operations as the app's codebook panel
(each one change in the project's history, as in the app)::

    codebook add PROJECT NAME [--parent CODE] [--color COLOUR] [--position N] [FIELDS]
                 [--not-codable]
    codebook rename PROJECT CODE NEW_NAME
    codebook move PROJECT CODE (--parent CODE | --top) [--position N]
    codebook recolour PROJECT CODE COLOUR          (also: recolor)
    codebook edit PROJECT CODE [FIELDS] [--codable | --not-codable]
    codebook delete PROJECT CODE [--with-codings]
    codebook merge PROJECT SOURCE TARGET

FIELDS are the entry fields ``--short-definition``, ``--definition``, ``--when-to-use``,
``--when-not-to-use``, ``--example`` and ``--memo``. A colour is ``#RRGGBB`` or anything a
codebook file may hold (``#RGB``, ``rgb(...)``, ``teal``). ``delete`` refuses to delete codings
unless told to with ``--with-codings``.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from glocal_annotator import cli_common
from glocal_annotator.errors import InvalidOperation
from glocal_annotator.model import CODE_TEXT_FIELD_LABELS, Code, with_subcodes
from glocal_annotator.refi.colors import parse_color
from glocal_annotator.wording import plural

if TYPE_CHECKING:
    from glocal_annotator.project import Project

Subparsers = Any  # argparse's private _SubParsersAction


def _color(value: str) -> str:
    """A colour as ``#RRGGBB``; argparse reports an unreadable one as bad usage."""
    parsed = parse_color(value)
    if parsed is None:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a colour; use the form #RRGGBB (or #RGB, rgb(...), a colour name)"
        )
    return parsed


def _fields(args: argparse.Namespace) -> dict[str, Any]:
    fields = {
        name: getattr(args, name)
        for name, _label in CODE_TEXT_FIELD_LABELS
        if getattr(args, name, None) is not None
    }
    if getattr(args, "codable", None) is not None:
        fields["codable"] = args.codable
    return fields


def _where(project: Project, parent_id: int | None) -> str:
    return "at the top level" if parent_id is None else f"under {project.code(parent_id).path}"


def cmd_add(args: argparse.Namespace) -> int:
    with cli_common.open_project(args, write=True) as project:
        parent = project.find_code(args.parent) if args.parent else None
        parent_id = parent.id if parent else None
        change = project.add_code(
            args.name, parent_id, color=args.color, position=args.position, **_fields(args)
        )
        code = project.code(change.result)
        print(f"Added {code.path} ({code.color}) {_where(project, parent_id)}, id {code.id}")
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    with cli_common.open_project(args, write=True) as project:
        code = project.find_code(args.code)
        project.rename_code(code.id, args.new_name)
        print(f"Renamed {code.path} to {project.code(code.id).path}")
    return 0


def cmd_move(args: argparse.Namespace) -> int:
    with cli_common.open_project(args, write=True) as project:
        code = project.find_code(args.code)
        if args.top:
            parent_id = None
        elif args.parent:
            parent_id = project.find_code(args.parent).id
        else:
            parent_id = code.parent_id  # only a new position among the same siblings
        project.move_code(code.id, parent_id, args.position)
        moved = project.code(code.id)
        siblings = sum(1 for c in project.codes() if c.parent_id == parent_id)
        print(f"Moved {code.path} to {moved.path} (position {moved.position} among "
              f"{plural(siblings, 'code')} {_where(project, parent_id)})")
    return 0


def cmd_recolour(args: argparse.Namespace) -> int:
    with cli_common.open_project(args, write=True) as project:
        code = project.find_code(args.code)
        project.recolor_code(code.id, args.colour)
        print(f"Recoloured {code.path} from {code.color} to {project.code(code.id).color}")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    fields = _fields(args)
    if not fields:
        raise InvalidOperation(
            "nothing to change; give a field such as --definition TEXT, or --not-codable"
        )
    with cli_common.open_project(args, write=True) as project:
        code = project.find_code(args.code)
        project.update_code(code.id, **fields)
        names = [label.lower() for name, label in CODE_TEXT_FIELD_LABELS if name in fields]
        if "codable" in fields:
            names.append("codable" if fields["codable"] else "not codable")
        print(f"Edited {code.path}: {', '.join(names)}")
    return 0


def _subtree(codes: list[Code], code: Code) -> list[Code]:
    ids = set(with_subcodes(codes, [code.id]))
    return [c for c in codes if c.id in ids]


def cmd_delete(args: argparse.Namespace) -> int:
    with cli_common.open_project(args, write=True) as project:
        code = project.find_code(args.code)
        subtree = _subtree(project.codes(), code)
        codings = sum(c.codings for c in subtree)
        below = len(subtree) - 1
        if codings and not args.with_codings:
            held = (
                f"{code.path} and its {plural(below, 'sub-code')} hold"
                if below
                else f"{code.path} holds"
            )
            raise InvalidOperation(
                f"{held} {plural(codings, 'coding')}; nothing was deleted. Merge the code "
                "into another to keep them, or add --with-codings to delete them too"
            )
        project.delete_code(code.id)
        extra = f", its {plural(below, 'sub-code')}" if below else ""
        print(f"Deleted {code.path}{extra} and {plural(codings, 'coding')}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    with cli_common.open_project(args, write=True) as project:
        source = project.find_code(args.source)
        target = project.find_code(args.target)
        children = sum(1 for code in project.codes() if code.parent_id == source.id)
        moved = project.merge_codes(source.id, target.id).result
        extra = f"; {plural(children, 'sub-code')} moved under it" if children else ""
        print(f"Merged {source.path} into {target.path}: {plural(moved, 'coding')} moved{extra}")
    return 0


_FIELD_HELP = {
    "short_definition": "a one-line definition",
    "definition": "the full definition",
    "when_to_use": "when to use the code",
    "when_not_to_use": "when not to use it (and what to use instead)",
    "example": "an example passage",
    "memo": "a memo on the code",
}


def _field_options(parser: argparse.ArgumentParser) -> None:
    for name, label in CODE_TEXT_FIELD_LABELS:
        flag = "--" + name.replace("_", "-")
        parser.add_argument(
            flag, dest=name, metavar="TEXT", help=_FIELD_HELP.get(name, label.lower())
        )


def register(actions: Subparsers) -> None:
    """Add the editing actions to the ``codebook`` command's sub-parsers (``cli_export``)."""

    def action(
        name: str, handler: cli_common.Handler, text: str, **kwargs: Any
    ) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".",
                                 epilog=cli_common.EPILOG, **kwargs)
        sub.set_defaults(handler=handler)
        cli_common.add_project_argument(sub)
        return sub

    sub = action("add", cmd_add, "add a code (at the top level, or under --parent)")
    sub.add_argument("name", help="the new code's name (one starting with - goes after --)")
    sub.add_argument("--parent", metavar="CODE",
                     help="the code to add it under; " + cli_common.CODE_HELP)
    sub.add_argument("--color", "--colour", dest="color", type=_color, metavar="COLOUR",
                     help="#RRGGBB (default: a colour its siblings do not have)")
    sub.add_argument("--position", type=int, metavar="N",
                     help="its place among its siblings, from 0 (default: last)")
    _field_options(sub)
    sub.add_argument("--not-codable", dest="codable", action="store_const", const=False,
                     help="a code that only groups its sub-codes")

    sub = action("rename", cmd_rename, "rename a code")
    sub.add_argument("code", help=cli_common.CODE_HELP)
    sub.add_argument("new_name", help="its new name (slashes allowed: names print as written)")

    sub = action("move", cmd_move, "move a code under another, to the top, or among its siblings")
    sub.add_argument("code", help=cli_common.CODE_HELP)
    where = sub.add_mutually_exclusive_group()
    where.add_argument("--parent", metavar="CODE", help="the code to move it under")
    where.add_argument("--top", action="store_true", help="move it to the top level")
    sub.add_argument("--position", type=int, metavar="N",
                     help="its place among its new siblings, from 0 (default: last)")

    sub = action("recolour", cmd_recolour, "give a code another colour", aliases=["recolor"])
    sub.add_argument("code", help=cli_common.CODE_HELP)
    sub.add_argument("colour", type=_color, help="#RRGGBB (or #RGB, rgb(...), a colour name)")

    sub = action("edit", cmd_edit, "change a code's entry fields or whether it is codable")
    sub.add_argument("code", help=cli_common.CODE_HELP)
    _field_options(sub)
    codable = sub.add_mutually_exclusive_group()
    codable.add_argument("--codable", dest="codable", action="store_const", const=True,
                         help="passages may be coded with it")
    codable.add_argument("--not-codable", dest="codable", action="store_const", const=False,
                         help="it only groups its sub-codes")

    sub = action("delete", cmd_delete, "delete a code and its sub-codes")
    sub.add_argument("code", help=cli_common.CODE_HELP)
    sub.add_argument("--with-codings", action="store_true",
                     help="also delete their codings (refused without it when there are any)")

    sub = action("merge", cmd_merge,
                 "merge one code into another: its codings and sub-codes move, then it goes")
    sub.add_argument("source", help="the code that goes; " + cli_common.CODE_HELP)
    sub.add_argument("target", help="the code that stays")

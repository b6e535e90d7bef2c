"""Document variables, document sets and speakers on the command line; ``cli.build_parser``
registers them::

    var list PROJECT [--values] [--json]
    var define PROJECT NAME --type text|number|date|boolean|choice [--choices a,b,c]
    var set PROJECT --doc NAME VARIABLE VALUE          ("" clears the value)
    var edit PROJECT VARIABLE [--name NEW] [--type TYPE] [--choices a,b,c]
    var delete PROJECT VARIABLE
    var import PROJECT FILE.csv|FILE.xlsx [--dry-run] [--json]
    var export PROJECT OUT.csv|OUT.xlsx
    sets list PROJECT [--json]
    sets add PROJECT SET [--doc NAME]...               (makes the set if needed)
    sets remove PROJECT SET --doc NAME...              (takes documents out of the set)
    sets rename PROJECT SET NEW_NAME
    sets delete PROJECT SET
    speakers PROJECT [--doc NAME]... [--pattern REGEX] [--code-turns [--speaker NAME]...] [--json]

Every change is one step of the project's history (undo it in the app). Bad input gets one line
on stderr and exit status 1, and changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from glocal_annotator import cli_common
from glocal_annotator.errors import GlocalError, NotFound
from glocal_annotator.wording import agreeing, plural

Command = Callable[..., argparse.ArgumentParser]


def _rows(rows: list[dict[str, Any]], as_json: bool, columns: tuple[str, ...]) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        print("(none)")
        return
    cells = [[" ".join(str(row[c]).split()) for c in columns] for row in rows]
    widths = [min(60, max(len(c), *(len(r[i]) for r in cells))) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        print("  ".join(v[:w].ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


# -- var ---------------------------------------------------------------------------------------


def cmd_var_list(args: argparse.Namespace) -> int:
    with cli_common.open_project(args) as project:
        variables = project.variables()
        values = project.variable_values()
        if args.values:
            rows = [{"document": d.name,
                     **{v.name: values.get((v.id, d.id), "") for v in variables}}
                    for d in project.documents()]
            _rows(rows, args.json, ("document", *(v.name for v in variables)))
            return 0
        counts: dict[int, int] = {}
        for variable_id, _document in values:
            counts[variable_id] = counts.get(variable_id, 0) + 1
        rows = [{"name": v.name, "type": v.type, "choices": ", ".join(v.choices),
                 "documents": counts.get(v.id, 0), "guid": v.guid} for v in variables]
    _rows(rows, args.json, ("name", "type", "choices", "documents"))
    return 0


def _choices(text: str | None) -> list[str]:
    return [part for part in (text or "").split(",") if part.strip()]


def cmd_var_define(args: argparse.Namespace) -> int:
    with cli_common.open_project(args, write=True) as project:
        project.define_variable(args.name, args.type, _choices(args.choices))
        variable = project.find_variable(args.name)
    extra = f": {', '.join(variable.choices)}" if variable.choices else ""
    print(f"Defined the variable {variable.name} ({variable.type}{extra})")
    return 0


def cmd_var_set(args: argparse.Namespace) -> int:
    from glocal_annotator.suggest import close_matches
    from glocal_annotator.variable_types import infer_type

    with cli_common.open_project(args, write=True) as project:
        document = project.find_document(args.doc)
        defined = ""
        try:
            variable = project.find_variable(args.variable)
        except NotFound:
            names = [v.name for v in project.variables()]
            if close_matches(args.variable, names) or not args.value.strip():
                raise
            kind, _reason = infer_type([args.value])
            project.define_variable(args.variable, kind)
            variable = project.find_variable(args.variable)
            defined = f"Defined the variable {variable.name} ({variable.type}); "
        kept = project.set_variable_value(document.id, variable.id, args.value).result
    what = f"set {variable.name} of {document.name} to {kept}" if kept else (
        f"cleared {variable.name} of {document.name}")
    print(defined + (what if defined else what[0].upper() + what[1:]))
    return 0


def cmd_var_edit(args: argparse.Namespace) -> int:
    with cli_common.open_project(args, write=True) as project:
        variable = project.find_variable(args.variable)
        choices = None if args.choices is None else _choices(args.choices)
        rewritten = project.update_variable(variable.id, name=args.name, kind=args.type,
                                            choices=choices).result
        changed = project.find_variable(str(variable.id))
    extra = f": {', '.join(changed.choices)}" if changed.choices else ""
    print(f"{changed.name} is a {changed.type} variable{extra}"
          + (f"; {plural(rewritten, 'value')} rewritten in its form" if rewritten else ""))
    return 0


def cmd_var_delete(args: argparse.Namespace) -> int:
    with cli_common.open_project(args, write=True) as project:
        variable = project.find_variable(args.variable)
        removed = project.delete_variable(variable.id).result
    print(f"Deleted the variable {variable.name} and its {plural(removed, 'value')}")
    return 0


def cmd_var_import(args: argparse.Namespace) -> int:
    with cli_common.open_project(args, write=not args.dry_run) as project:
        plan = project.plan_variable_import(args.file)
        applied = False
        if not args.dry_run and not plan.problems and plan.has_changes:
            counts = project.apply_variable_import(plan).result
            applied = True
    if args.json:
        print(json.dumps({**plan.to_json(), "dry_run": args.dry_run, "applied": applied},
                         ensure_ascii=False, indent=2))
    else:
        print("\n".join(plan.preview_lines()))
        if args.dry_run:
            print("Dry run: nothing was changed.")
        elif applied:
            print(f"Imported: {plural(len(plan.new_variables), 'new variable')}, "
                  f"{plural(counts.added, 'value')} added, {counts.changed} changed (one step: "
                  "undo it in the app's history)")
        elif not plan.problems:
            print("Nothing to import: the project already holds every value in the file.")
    if plan.problems and not args.dry_run:
        print(f"error: {plural(len(plan.problems), 'problem')} in {plan.source}, the first: "
              f"{plan.problems[0].line()}; nothing was imported", file=sys.stderr)
        return 1
    return 0


def cmd_var_export(args: argparse.Namespace) -> int:
    with cli_common.open_project(args) as project:
        rows = project.export_variables(args.out)
        count = len(project.variables())
    print(f"Wrote {plural(count, 'variable')} of {plural(rows, 'document')} to {args.out}")
    return 0


# -- sets --------------------------------------------------------------------------------------


def cmd_sets_list(args: argparse.Namespace) -> int:
    with cli_common.open_project(args) as project:
        names = {d.id: d.name for d in project.documents()}
        rows = [{"name": item.name, "documents": len(item.document_ids),
                 "members": ", ".join(sorted(names[d] for d in item.document_ids)),
                 "guid": item.guid} for item in project.document_set_list()]
    if args.json:
        for row in rows:
            row["members"] = [name for name in row["members"].split(", ") if name]
    _rows(rows, args.json, ("name", "documents", "members"))
    return 0


def cmd_sets_add(args: argparse.Namespace) -> int:
    with cli_common.open_project(args, write=True) as project:
        documents = [project.find_document(name) for name in args.doc or ()]
        ids = [d.id for d in documents]
        try:
            found = project.find_document_set(args.set)
        except NotFound:
            project.add_document_set(args.set, ids)
            print(f"Made the set {' '.join(args.set.split())} with "
                  f"{plural(len(set(ids)), 'document')}")
            return 0
        added = project.add_to_document_set(found.id, ids).result if ids else 0
    print(f"Added {plural(added, 'document')} to the set {found.name}"
          + (f" ({len(set(ids)) - added} already in it)" if len(set(ids)) > added else ""))
    return 0


def cmd_sets_remove(args: argparse.Namespace) -> int:
    with cli_common.open_project(args, write=True) as project:
        found = project.find_document_set(args.set)
        ids = [project.find_document(name).id for name in args.doc]
        removed = project.remove_from_document_set(found.id, ids).result
    print(f"Took {plural(removed, 'document')} out of the set {found.name}")
    return 0


def cmd_sets_rename(args: argparse.Namespace) -> int:
    with cli_common.open_project(args, write=True) as project:
        found = project.find_document_set(args.set)
        project.rename_document_set(found.id, args.new_name)
    print(f"Renamed the set {found.name} to {' '.join(args.new_name.split())}")
    return 0


def cmd_sets_delete(args: argparse.Namespace) -> int:
    with cli_common.open_project(args, write=True) as project:
        found = project.find_document_set(args.set)
        held = project.delete_document_set(found.id).result
    print(f"Deleted the set {found.name} (its {plural(held, 'document')} "
          f"{agreeing(held, 'stays', 'stay')} in the project)")
    return 0


# -- speakers ----------------------------------------------------------------------------------


def cmd_speakers(args: argparse.Namespace) -> int:
    if args.speaker and not args.code_turns:
        raise GlocalError("--speaker chooses whose turns --code-turns codes; add --code-turns")
    with cli_common.open_project(args, write=args.code_turns) as project:
        ids = [project.find_document(name).id for name in args.doc] if args.doc else None
        report = project.find_speakers(ids, args.pattern)
        result = None
        if args.code_turns:
            result = project.code_speaker_turns(report, args.speaker or None).result
    rows = [{"speaker": s.name, "turns": s.turns, "characters": s.characters,
             "documents": s.documents} for s in report.speakers]
    if args.json:
        payload: dict[str, Any] = {"documents": report.documents, "speakers": rows}
        if result is not None:
            payload["coded"] = {"codings": len(result.coding_ids), "covered": result.covered,
                                "codes_added": result.codes_added}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _rows(rows, False, ("speaker", "turns", "characters", "documents"))
        if result is not None:
            print(f"Coded {plural(len(result.coding_ids), 'turn')} under Speakers "
                  f"({plural(result.codes_added, 'code')} added, "
                  f"{plural(result.covered, 'turn')} already "
                  "coded left alone; one step: undo it in the app's history)")
    return 0


# -- parser ------------------------------------------------------------------------------------


def _group(command: Command, name: str, text: str, actions_text: str
           ) -> Callable[..., argparse.ArgumentParser]:
    parser = command(name, lambda args: _usage(parser, name, actions_text), text)
    actions = parser.add_subparsers(dest=f"{name}_action", metavar="ACTION")

    def action(action_name: str, handler: cli_common.Handler, help_text: str
               ) -> argparse.ArgumentParser:
        sub = actions.add_parser(action_name, help=help_text,
                                 description=help_text[0].upper() + help_text[1:] + ".",
                                 epilog=cli_common.EPILOG)
        sub.set_defaults(handler=handler)
        cli_common.add_project_argument(sub)
        return sub

    return action


def _usage(parser: argparse.ArgumentParser, name: str, actions_text: str) -> int:
    parser.print_usage(sys.stderr)
    print(f"glocal-annotator {name}: error: choose an action: {actions_text}", file=sys.stderr)
    return 2


def register(command: Command) -> None:
    """Add ``var``, ``sets`` and ``speakers`` to the parser (called by ``cli.build_parser``)."""
    action = _group(command, "var", "document variables: list, define, set, edit, delete, "
                    "import from or export to .csv/.xlsx",
                    "list, define, set, edit, delete, import, export")
    sub = action("list", cmd_var_list, "list the variables (or, with --values, every "
                 "document's values)")
    sub.add_argument("--values", action="store_true", help="a row per document, a column per "
                     "variable")
    sub.add_argument("--json", action="store_true", help=cli_common.JSON_HELP)
    sub = action("define", cmd_var_define, "define a variable")
    sub.add_argument("name", help="the variable's name")
    sub.add_argument("--type", required=True, choices=("text", "number", "date", "boolean",
                                                       "choice"),
                     help="number: decimal point '.'; date: YYYY-MM-DD; boolean: yes/no")
    sub.add_argument("--choices", metavar="A,B,C", help="the values a choice variable allows")
    sub = action("set", cmd_var_set, "set (or, with \"\", clear) a document's value of a "
                 "variable; an unknown variable is defined, its type taken from the value")
    sub.add_argument("--doc", required=True, help=cli_common.DOC_HELP)
    sub.add_argument("variable", help="the variable's name")
    sub.add_argument("value", help='the value ("" clears it)')
    sub = action("edit", cmd_var_edit, "rename a variable, change its type or its choices "
                 "(every value is checked against the new type first)")
    sub.add_argument("variable", help="the variable's name")
    sub.add_argument("--name", help="its new name")
    sub.add_argument("--type", choices=("text", "number", "date", "boolean", "choice"),
                     help="its new type")
    sub.add_argument("--choices", metavar="A,B,C", help="a choice variable's choices")
    sub = action("delete", cmd_var_delete, "delete a variable and its values")
    sub.add_argument("variable", help="the variable's name")
    sub = action("import", cmd_var_import, "import values from a .csv or .xlsx (first column: "
                 "the document's name; first row: the variables' names); previewed, then one "
                 "undoable step")
    sub.add_argument("file", help="FILE.csv or FILE.xlsx")
    sub.add_argument("--dry-run", action="store_true", help="show what would change, change "
                     "nothing")
    sub.add_argument("--json", action="store_true", help="print the preview as JSON")
    sub = action("export", cmd_var_export, "write every document's values to a .csv or .xlsx")
    sub.add_argument("out", help="OUT.csv or OUT.xlsx (never a project)")

    action = _group(command, "sets", "document sets: list, add documents to (making the set), "
                    "remove documents from, rename, delete", "list, add, remove, rename, delete")
    sub = action("list", cmd_sets_list, "list the document sets and their documents")
    sub.add_argument("--json", action="store_true", help=cli_common.JSON_HELP)
    sub = action("add", cmd_sets_add, "add documents to a set (made if it does not exist)")
    sub.add_argument("set", help="the set's name")
    sub.add_argument("--doc", action="append", help=cli_common.DOC_HELP + " (repeatable)")
    sub = action("remove", cmd_sets_remove, "take documents out of a set")
    sub.add_argument("set", help="the set's name")
    sub.add_argument("--doc", action="append", required=True,
                     help=cli_common.DOC_HELP + " (repeatable)")
    sub = action("rename", cmd_sets_rename, "rename a set")
    sub.add_argument("set", help="the set's name")
    sub.add_argument("new_name", help="its new name")
    sub = action("delete", cmd_sets_delete, "delete a set (its documents stay)")
    sub.add_argument("set", help="the set's name")

    sub = command("speakers", cmd_speakers,
                  "list the speakers of transcripts (turns written Name:, NAME:, [Name], or "
                  "your --pattern at line starts) and code each one's turns")
    cli_common.add_project_argument(sub)
    sub.add_argument("--doc", action="append", help=cli_common.DOC_HELP + " (repeatable; "
                     "default: every document)")
    sub.add_argument("--pattern", metavar="REGEX",
                     help="a regular expression matched at line starts; its group 'speaker' "
                     "(or its first group) names the speaker")
    sub.add_argument("--code-turns", action="store_true",
                     help="code each speaker's turns with a code of their own under "
                     "'Speakers' (one undoable step)")
    sub.add_argument("--speaker", action="append", metavar="NAME",
                     help="with --code-turns: code only this speaker's turns (repeatable)")
    sub.add_argument("--coder", help=cli_common.CODER_HELP)
    sub.add_argument("--json", action="store_true", help="print the speakers as JSON")

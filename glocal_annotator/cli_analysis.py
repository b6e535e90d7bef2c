"""The analysis views on the command line; ``cli.build_parser`` registers them::

    stats PROJECT [--by-coder] [--own-only]
    matrix PROJECT --rows codes --cols documents|coders|speakers|sets|VARIABLE
           [--measure count|row_percent|column_percent|presence] [--rolled-up]
    cooccurrence PROJECT [--mode overlap|paragraph|near] [--within N]
                 [--measure count|coefficient]
    query PROJECT "A AND B" [--code-as NEW [--parent CODE] [--as-coder NAME]]
    words PROJECT [--code NAME]... [--language en]... [--stop-words FILE]... [--top N]
    kwic PROJECT WORD [--sort document|left|right] [--width N]

each with ``--json`` or ``--csv`` and the filters ``--doc``, ``--code``, ``--coder`` (``query``
names its codes itself), ``--set NAME`` and ``--var KEY=VALUE``. Only ``query --code-as``
changes the project (one step in its history).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from glocal_annotator import cli_common
from glocal_annotator.errors import GlocalError
from glocal_annotator.spreadsheet_cells import spreadsheet_text
from glocal_annotator.wording import plural

# What ``matrix --cols`` takes besides a variable's name.
COLUMN_CHOICES = ("documents", "coders", "speakers", "sets")
# The stop words ``words`` leaves out unless --language says otherwise: the app's default too.
DEFAULT_STOP_LANGUAGES = ("en",)

if TYPE_CHECKING:
    from glocal_annotator.analysis.results import Passage, ResultTable
    from glocal_annotator.model import CodingFilter
    from glocal_annotator.project import Project

Command = Callable[..., argparse.ArgumentParser]
EXCERPT_CHARACTERS = 70
# The analysis modules' choices, written here so that building the parser (--help, --version)
# loads no analysis module and with it no SQLite (tests/test_cli_startup.py); a test checks
# that they agree with the modules.
MATRIX_MEASURES = ("count", "row_percent", "column_percent", "presence")
MODES = ("overlap", "paragraph", "near")
COOCCURRENCE_MEASURES = ("count", "coefficient")
SORTS = ("document", "left", "right")
DEFAULT_WIDTH = 40
LANGUAGES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish",
             "pt": "Portuguese", "it": "Italian", "nl": "Dutch"}


# -- shared: the scope, and printing a table ---------------------------------------------------


def _scope(project: Project, args: argparse.Namespace, *, codes: bool = True) -> CodingFilter:
    """The filter the options name: codes (with sub-codes), documents narrowed by sets and
    variable values, coders."""
    from glocal_annotator.analysis.groups import filtered_documents
    from glocal_annotator.model import CodingFilter

    where = project.coding_filter(args.code if codes else None, args.doc, args.coder)
    documents = filtered_documents(project, where.document_ids, args.set or (), args.var or ())
    return CodingFilter(where.code_ids, documents, where.coder_ids)


def _number(value: float, measure: str) -> str:
    if isinstance(value, int):
        return str(value)
    return f"{value:.3f}" if measure == "coefficient" else f"{value:.1f}"


def _json_value(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def print_table(table: ResultTable, args: argparse.Namespace) -> None:
    """A result table as aligned text (title, note, header, rows), JSON or CSV."""
    if args.json:
        print(json.dumps({
            "title": table.title, "measure": table.measure, "note": table.note,
            "columns": list(table.column_labels),
            "column_keys": [_json_value(key) for key in table.column_keys],
            "rows": [{"label": label, "key": _json_value(key), "values": list(values)}
                     for label, key, values in zip(table.row_labels, table.row_keys or
                                                   [None] * len(table.row_labels),
                                                   table.values, strict=True)],
        }, ensure_ascii=False, indent=2))
        return
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        for row in table.rows():
            writer.writerow([spreadsheet_text(cell) if isinstance(cell, str) else cell
                             for cell in row])
        return
    print(table.title)
    if table.note:
        print(f"  {table.note}")
    if not table.row_labels or not table.column_labels:
        print("(none)" if not table.row_labels else
              f"(no columns: {plural(len(table.row_labels), 'row')} with nothing to compare them "
              "by)")
        return
    cells = [[_number(value, table.measure) for value in row] for row in table.values]
    headers = list(table.column_labels)
    if len(headers) > 3 and max(len(label) for label in headers) > 12:
        # many long column names (documents, codes): numbers over the columns, and a legend
        for number, label in enumerate(headers, 1):
            print(f"  [{number}] {label}")
        headers = [f"[{number}]" for number in range(1, len(headers) + 1)]
    label_width = min(50, max(len(label) for label in table.row_labels))
    widths = [max(len(label), *(len(row[c]) for row in cells))
              for c, label in enumerate(headers)]
    print("  ".join([" " * label_width, *(label.rjust(width) for label, width in
                                          zip(headers, widths, strict=True))]))
    for label, row in zip(table.row_labels, cells, strict=True):
        shown = label if len(label) <= label_width else label[:label_width - 1] + "…"
        print("  ".join([shown.ljust(label_width), *(cell.rjust(width) for cell, width in
                                                      zip(row, widths, strict=True))]))


def _add_output(sub: argparse.ArgumentParser) -> None:
    output = sub.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--csv", action="store_true", help="print CSV")


def _add_filters(sub: argparse.ArgumentParser, *, codes: bool = True) -> None:
    if codes:
        cli_common.add_filter_options(sub)
    else:
        sub.add_argument("--doc", action="append", help=cli_common.DOC_HELP + " (repeatable)")
        sub.add_argument("--coder", action="append", help="coder name (repeatable)")
    sub.add_argument("--set", action="append", metavar="NAME",
                     help="only the documents of this document set (repeatable: any of them)")
    sub.add_argument("--var", action="append", metavar="KEY=VALUE",
                     help="only the documents whose variable KEY has VALUE (repeatable; values "
                          "of one variable: any of them; different variables: all)")


# -- commands ----------------------------------------------------------------------------------


def cmd_stats(args: argparse.Namespace) -> int:
    from glocal_annotator.analysis.frequencies import code_frequencies

    with cli_common.open_project(args) as project:
        table = code_frequencies(project, _scope(project, args), by_coder=args.by_coder,
                                 rolled_up=not args.own_only)
    print_table(table, args)
    return 0


def cmd_matrix(args: argparse.Namespace) -> int:
    from glocal_annotator.analysis.groups import document_sets, variable_groups
    from glocal_annotator.analysis.matrices import COLUMN_KINDS, code_matrix

    with cli_common.open_project(args) as project:
        scope = _scope(project, args)
        kind = " ".join(args.cols.split()).casefold()
        columns: Any = kind
        if kind == "sets":
            columns = document_sets(project)
        elif kind not in COLUMN_KINDS:
            columns = _variable_columns(project, args.cols, variable_groups)
        table = code_matrix(project, scope, columns, args.measure, rolled_up=args.rolled_up)
    print_table(table, args)
    return 0


def _variable_columns(project: Any, name: str, variable_groups: Callable[..., Any]) -> Any:
    """The columns of a variable's values; an unknown name is one line listing what ``--cols``
    takes, with "did you mean" over the kinds and the variables alike."""
    from glocal_annotator.errors import NotFound
    from glocal_annotator.suggest import did_you_mean

    try:
        return variable_groups(project, name)
    except NotFound:
        choices = [*COLUMN_CHOICES, *(variable.name for variable in project.variables())]
        raise NotFound(
            f"--cols {name!r} is neither {', '.join(COLUMN_CHOICES[:-1])} or "
            f"{COLUMN_CHOICES[-1]} nor a variable's name" + did_you_mean(name, choices)
        ) from None


def cmd_cooccurrence(args: argparse.Namespace) -> int:
    from glocal_annotator.analysis.cooccurrence import cooccurrence

    with cli_common.open_project(args) as project:
        table = cooccurrence(project, _scope(project, args), args.mode, args.within,
                             args.measure)
    print_table(table, args)
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from glocal_annotator.analysis.queries import parse_query, run_query
    from glocal_annotator.project import Project

    query = parse_query(args.query)  # a malformed query is refused before the file is opened
    if args.code_as is None and (args.parent or args.as_coder):
        raise GlocalError("--parent and --as-coder go with --code-as NEW")
    if args.code_as is None:
        with cli_common.open_project(args) as project:
            passages = run_query(project, query, _scope(project, args, codes=False))
            _print_passages(project, passages, args)
        return 0
    with Project.open(args.project, coder=args.as_coder) as project:
        passages = run_query(project, query, _scope(project, args, codes=False))
        parent = project.find_code(args.parent).id if args.parent else None
        change = project.code_passages([(p.document_id, p.start, p.end) for p in passages],
                                       new_code=args.code_as, parent_id=parent,
                                       description=f"Code query result {args.query}")
        code = project.code(change.result.code_id)
    documents = len({p.document_id for p in passages})
    print(f"Coded {plural(len(change.result.coding_ids), 'passage')} in "
          f"{plural(documents, 'document')} with "
          f"the new code {code.path!r}, as one step in the project's history")
    return 0


def _print_passages(project: Project, passages: Sequence[Passage],
                    args: argparse.Namespace) -> None:
    names = {document.id: document.name for document in project.documents()}
    texts: dict[int, str] = {}
    rows = []
    for passage in passages:
        if passage.document_id not in texts:
            texts[passage.document_id] = project.document_text(passage.document_id)
        rows.append({"document": names[passage.document_id],
                     "document_id": passage.document_id, "start": passage.start,
                     "end": passage.end,
                     "text": texts[passage.document_id][passage.start:passage.end],
                     "coding_ids": list(passage.coding_ids)})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["document", "query", "start", "end", "text", "codings"])
        for row in rows:
            writer.writerow([spreadsheet_text(row["document"]), spreadsheet_text(args.query),
                             row["start"], row["end"], spreadsheet_text(row["text"]),
                             " ".join(map(str, row["coding_ids"]))])
        return
    for row in rows:
        excerpt = " ".join(row["text"].split())
        if len(excerpt) > EXCERPT_CHARACTERS:
            excerpt = excerpt[:EXCERPT_CHARACTERS - 1] + "…"
        print(f"{row['document']} [{row['start']}, {row['end']}): {excerpt}")
    print(f"{plural(len(rows), 'passage')} in "
          f"{plural(len({r['document_id'] for r in rows}), 'document')}")


def cmd_words(args: argparse.Namespace) -> int:
    from glocal_annotator.analysis.stop_words import stop_words
    from glocal_annotator.analysis.words import word_frequencies

    languages = [code for code in (args.language or DEFAULT_STOP_LANGUAGES) if code != "none"]
    leave_out = stop_words(languages, args.stop_words or ())
    with cli_common.open_project(args) as project:
        table = word_frequencies(project, _scope(project, args), stop_words=leave_out,
                                 limit=args.top or None)
    print_table(table, args)
    return 0


def cmd_kwic(args: argparse.Namespace) -> int:
    from glocal_annotator.analysis.words import kwic

    with cli_common.open_project(args) as project:
        lines = kwic(project, args.word, _scope(project, args), width=args.width,
                     sort=args.sort)
    if args.json:
        print(json.dumps([{"document": line.document, "document_id": line.document_id,
                           "start": line.start, "end": line.end, "left": line.left,
                           "keyword": line.keyword, "right": line.right} for line in lines],
                         ensure_ascii=False, indent=2))
        return 0
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["document", "start", "end", "left", "keyword", "right"])
        for line in lines:
            writer.writerow([spreadsheet_text(line.document), line.start, line.end,
                             spreadsheet_text(line.left), spreadsheet_text(line.keyword),
                             spreadsheet_text(line.right)])
        return 0
    for line in lines:  # the keyword in brackets, the text's own spacing around it
        print(f"{line.left:>{args.width}}[{line.keyword}]{line.right:<{args.width}}  "
              f"{line.document} {line.start}")
    print(f"{len(lines)} line{'' if len(lines) == 1 else 's'}")
    return 0


# -- the parser --------------------------------------------------------------------------------


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("give 0 or more")
    return value


def register(command: Command) -> None:
    """Add the analysis commands to the parser (called by ``cli.build_parser``)."""
    sub = command("stats", cmd_stats,
                  "code frequencies: codings, documents and characters per code, with and "
                  "without sub-codes")
    cli_common.add_project_argument(sub)
    sub.add_argument("--by-coder", action="store_true", help="the figures for each coder")
    sub.add_argument("--own-only", action="store_true",
                     help="leave out the columns that count each code with its sub-codes")
    _add_filters(sub)
    _add_output(sub)

    sub = command("matrix", cmd_matrix,
                  "codes by documents, coders, speakers, document sets or a variable's values")
    cli_common.add_project_argument(sub)
    sub.add_argument("--rows", choices=("codes",), default="codes", help="the rows: codes")
    sub.add_argument("--cols", required=True, metavar="documents|coders|speakers|sets|VARIABLE",
                     help="the columns: documents, coders, speakers (sub-codes of the "
                          "'Speakers' code), document sets, or the values of a document variable")
    sub.add_argument("--measure", choices=MATRIX_MEASURES, default="count",
                     help="codings per cell (count), as a share of the row or column (percent), "
                          "or 1/0 (presence)")
    sub.add_argument("--rolled-up", action="store_true",
                     help="a code's row counts its sub-codes' codings too")
    _add_filters(sub)
    _add_output(sub)

    sub = command("cooccurrence", cmd_cooccurrence,
                  "code by code: coded segments where two codes occur together, with "
                  "Jaccard's coefficient")
    cli_common.add_project_argument(sub)
    sub.add_argument("--mode", choices=MODES, default="overlap",
                     help="overlapping segments (touching ones do not overlap), segments in the "
                          "same paragraph, or segments within --within characters")
    sub.add_argument("--within", type=_count, default=0, metavar="N",
                     help="--mode near: at most N characters between the two segments")
    sub.add_argument("--measure", choices=COOCCURRENCE_MEASURES, default="count",
                     help="the number of co-occurring segments, or the coefficient (0..1)")
    _add_filters(sub)
    _add_output(sub)

    sub = command("query", cmd_query,
                  "passages found by a code query: A AND B, A OR B, A NOT B, A NEAR/200 B, "
                  "A NEAR/PARAGRAPH B, A THEN B, with parentheses")
    cli_common.add_project_argument(sub)
    sub.add_argument("query",
                     help="codes by name or path joined by AND, OR, NOT, NEAR/N, "
                          "NEAR/PARAGRAPH, THEN (capitals); quote names with spaces or "
                          "operators inside; ONLY NAME leaves out its sub-codes")
    sub.add_argument("--code-as", metavar="NEW",
                     help="code the passages found with a new code of this name (one step in "
                          "the project's history)")
    sub.add_argument("--parent", metavar="CODE", help="--code-as: the new code's parent")
    sub.add_argument("--as-coder", metavar="NAME",
                     help="--code-as: the coder recorded (default: your user name)")
    _add_filters(sub, codes=False)
    _add_output(sub)

    sub = command("words", cmd_words,
                  "word frequencies of the documents, or of the text coded with --code")
    cli_common.add_project_argument(sub)
    sub.add_argument("--language", action="append", metavar="CODE",
                     help="leave out this language's stop words (repeatable; default en, as "
                          "the app; none: keep every word): "
                          + ", ".join(f"{code} {name}" for code, name in LANGUAGES.items()))
    sub.add_argument("--stop-words", action="append", metavar="FILE",
                     help="leave out the words of this UTF-8 file (repeatable)")
    sub.add_argument("--top", type=_count, default=100, metavar="N",
                     help="show the N most frequent words (default 100; 0: all)")
    _add_filters(sub)
    _add_output(sub)

    sub = command("kwic", cmd_kwic,
                  "keyword in context: each occurrence of a word or phrase with the text "
                  "around it")
    cli_common.add_project_argument(sub)
    sub.add_argument("word", help="a word or phrase (case ignored; end it with * for words "
                                  "that start so)")
    sub.add_argument("--sort", choices=SORTS, default="document",
                     help="by document, or by the words nearest on the left or the right")
    sub.add_argument("--width", type=_count, default=DEFAULT_WIDTH, metavar="N",
                     help=f"characters of context on each side (default {DEFAULT_WIDTH})")
    _add_filters(sub)
    _add_output(sub)

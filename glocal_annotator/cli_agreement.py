"""Inter-coder agreement on the command line; ``cli.build_parser`` registers it::

    agreement PROJECT --coders A B [C ...] [--code NAME]... [--level LEVEL] [--threshold 0.9]
              [--exclude-uncoded] [--disagreements] [--json | --csv | --docx OUT.docx]

Prints one row per code and an overall row, each figure headed by its method; or, with
``--disagreements``, every passage where the coders differ. ``--docx`` writes either as a Word
document instead (:mod:`glocal_annotator.exporters.agreement_docx`). Reads the project only. And::

    settle PROJECT --doc NAME --code NAME --range START END (--keep CODER [CODER] | --new S E)

records the decision on one passage as codings by the consensus coder (one undoable step).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from glocal_annotator import cli_common
from glocal_annotator.analysis.agreement import ALPHA_METHOD, KAPPA_METHOD, PERCENT_METHOD
from glocal_annotator.analysis.agreement_units import LEVELS
from glocal_annotator.errors import GlocalError
from glocal_annotator.wording import plural

if TYPE_CHECKING:  # loaded by the commands that use it: the project is heavy for --help
    from glocal_annotator.analysis.project_agreement import AgreementReport, DisagreementRow

Command = Callable[..., argparse.ArgumentParser]
EXCERPT_CHARACTERS = 60


def _number(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def cmd_agreement(args: argparse.Namespace) -> int:
    from glocal_annotator.analysis.project_agreement import agreement_report, disagreement_list

    with cli_common.open_project(args) as project:
        if args.disagreements:
            rows = disagreement_list(project, args.coders, codes=args.code)
            if args.docx:
                return _disagreements_docx(project, rows, args)
            _print_disagreements(rows, args)
            return 0
        report = agreement_report(project, args.coders, codes=args.code, level=args.level,
                                  threshold=args.threshold,
                                  exclude_uncoded=args.exclude_uncoded)
        if args.docx:
            return _agreement_docx(project, report, args)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    elif args.csv:
        _agreement_csv(report)
    else:
        print("\n".join(agreement_lines(report)))
    return 0


def agreement_lines(report: AgreementReport) -> list[str]:
    """The agreement table as text lines: what was compared and how, then the rows."""
    lines = [
        f"Coders: {', '.join(report.coders)}; level: {report.level}",
        f"  {report.unit_method}",
        f"  percent = {PERCENT_METHOD}",
        f"  kappa = {KAPPA_METHOD}" + ("" if len(report.coders) == 2 else " (n/a here)"),
        f"  alpha = {ALPHA_METHOD}",
        "  n/a: undefined (only one value occurs, or no units)",
        "",
    ]
    width = max([len("code"), *(len(row.code) for row in report.rows)])
    lines.append(f"{'code':<{width}}  {'units':>10}  {'agreeing':>10}  {'percent':>8}  "
                 f"{'kappa':>7}  {'alpha':>7}")
    for row in report.rows:
        result = row.figures
        lines.append(f"{row.code:<{width}}  {result.units:>10}  {result.agreeing:>10}  "
                     f"{_number(result.percent, 1):>8}  {_number(result.kappa):>7}  "
                     f"{_number(result.alpha):>7}")
    return lines


def _agreement_csv(report: AgreementReport) -> None:
    from glocal_annotator.exporters.agreement_tables import agreement_csv_rows

    csv.writer(sys.stdout, lineterminator="\n").writerows(agreement_csv_rows(report.to_json()))


def _docx_target(args: argparse.Namespace) -> str:
    if not args.docx.lower().endswith(".docx"):
        raise GlocalError(f"--docx writes a Word document: give a name ending in .docx, not "
                          f"{args.docx!r}")
    return args.docx


def _agreement_docx(project, report: AgreementReport, args: argparse.Namespace) -> int:
    from glocal_annotator.exporters.agreement_docx import export_agreement_docx

    count = export_agreement_docx(report.to_json(), _docx_target(args),
                                  project_name=project.name, project_file=project.path)
    print(f"Wrote the agreement table ({plural(count - 1, 'code')} and the overall row) to "
          f"{args.docx}")
    return 0


def _disagreements_docx(project, rows: list[DisagreementRow],
                        args: argparse.Namespace) -> int:
    from glocal_annotator.analysis.project_agreement import find_coders
    from glocal_annotator.exporters.agreement_docx import export_disagreements_docx

    names = [coder.name for coder in find_coders(project, args.coders)]
    count = export_disagreements_docx([row.to_json() for row in rows], _docx_target(args),
                                      coders=names, project_name=project.name,
                                      project_file=project.path)
    print(f"Wrote {plural(count, 'passage')} where the coders differ to {args.docx}")
    return 0


def _print_disagreements(rows: list[DisagreementRow], args: argparse.Namespace) -> None:
    if args.json:
        print(json.dumps([row.to_json() for row in rows], ensure_ascii=False, indent=2))
        return
    if args.csv:
        from glocal_annotator.exporters.agreement_tables import disagreement_csv_rows

        csv.writer(sys.stdout, lineterminator="\n").writerows(
            disagreement_csv_rows(row.to_json() for row in rows))
        return
    if not rows:
        print("No disagreements: the coders applied every code to the same text.")
        return
    for row in rows:
        excerpt = " ".join(row.text.split())
        if len(excerpt) > EXCERPT_CHARACTERS:
            excerpt = excerpt[:EXCERPT_CHARACTERS - 1] + "…"
        print(f"{row.document} [{row.start}, {row.end}) {row.code}: coded by "
              f"{', '.join(row.coded_by)}; not by {', '.join(row.not_coded_by)}: {excerpt}")
    print(f"{plural(len(rows), 'passage')} where the coders differ")


def cmd_settle(args: argparse.Namespace) -> int:
    from glocal_annotator.analysis.settle import settle

    with cli_common.open_project(args, write=True) as project:
        document = project.find_document(args.doc)
        code = project.find_code(args.code)
        start, end = args.range
        change = settle(project, document.id, code.id, start, end, keep=args.keep or (),
                        new=tuple(args.new) if args.new else None, coder=args.consensus)
        added = len(change.result)
    print(f"Settled {document.name} [{start}, {end}) {code.path or code.name}: "
          f"{plural(added, 'coding')} by {args.consensus!r}"
          + ("" if added else " (coded so already)"))
    return 0


def _threshold(text: str) -> float:
    try:
        value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError("give a share above 0 and at most 1 (0.9) or 90%")
    return value


def register(command: Command) -> None:
    """Add ``agreement`` to the parser (called by ``cli.build_parser``)."""
    sub = command("agreement", cmd_agreement,
                  "inter-coder agreement between two or more coders, per code and overall "
                  "(percent, Cohen's kappa, Krippendorff's alpha)")
    cli_common.add_project_argument(sub)
    sub.add_argument("--coders", nargs="+", required=True, metavar="NAME",
                     help="the coders to compare (two or more)")
    sub.add_argument("--code", action="append",
                     help=cli_common.CODE_HELP + "; that code alone (repeatable; default: every "
                     "code the coders applied)")
    sub.add_argument("--level", choices=LEVELS, default="character",
                     help="the unit: each character (as NVivo, the default), each coded segment "
                          "(as MAXQDA), each paragraph, or each document")
    sub.add_argument("--threshold", type=_threshold, default=0.9,
                     help="segment level: how much two segments must overlap to agree, as a "
                          "share of the text they cover together (default 0.9, or write 90%%)")
    sub.add_argument("--exclude-uncoded", action="store_true",
                     help="leave out text (paragraphs, documents) nobody coded with the code, "
                          "which otherwise counts as agreement")
    sub.add_argument("--disagreements", action="store_true",
                     help="list every passage where the coders differ instead")
    output = sub.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--csv", action="store_true", help="print CSV")
    output.add_argument("--docx", metavar="OUT.docx",
                        help="write the table (or, with --disagreements, the list) as a Word "
                             "document instead of printing it")

    sub = command("settle", cmd_settle,
                  "settle a disagreement: record the decision on a passage as codings by a "
                  "consensus coder (each coder's own codings stay)")
    cli_common.add_project_argument(sub)
    sub.add_argument("--doc", required=True, help=cli_common.DOC_HELP)
    sub.add_argument("--code", required=True, help=cli_common.CODE_HELP)
    sub.add_argument("--range", nargs=2, type=int, required=True, metavar=("START", "END"),
                     help="the passage, as `agreement --disagreements` lists it (code points)")
    decision = sub.add_mutually_exclusive_group(required=True)
    decision.add_argument("--keep", nargs="+", metavar="CODER",
                          help="keep this coder's coding inside the passage (name two to keep "
                               "both)")
    decision.add_argument("--new", nargs=2, type=int, metavar=("START", "END"),
                          help="code this range instead")
    sub.add_argument("--consensus", default="consensus", metavar="NAME",
                     help="the coder the decision is recorded as (default: consensus)")

"""The agreement table and the disagreement list as CSV rows (and files), for the command line and
the Team dialogs alike.

Input is the plain JSON shape the analysis gives (exporters never import the analysis package):

* an agreement: ``AgreementReport.to_json()`` (:mod:`glocal_annotator.analysis.project_agreement`)
  with ``coders``, ``level``, ``unit`` and ``codes``, each code holding ``units``,
  ``agreeing_units``, ``coded_units_per_coder`` and, for each figure, ``{"value", "method"}``;
* a disagreement list: ``[DisagreementRow.to_json(), ...]`` with ``document``, ``code``,
  ``start``, ``end`` (code points), ``coded_by``, ``not_coded_by`` and ``text``.

Every text cell goes through :func:`~glocal_annotator.spreadsheet_cells.spreadsheet_text`, so a
code name or a passage that starts with ``=`` is never run as a formula. Each figure has its
method in the column beside it.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from glocal_annotator.atomic import atomic_write
from glocal_annotator.spreadsheet_cells import spreadsheet_text

FIGURES = ("percent_agreement", "cohen_kappa", "krippendorff_alpha")
AGREEMENT_HEADER = ["code", "level", "unit", "coders", "units", "agreeing_units",
                    "percent_agreement", "percent_method", "cohen_kappa", "kappa_method",
                    "krippendorff_alpha", "alpha_method"]
DISAGREEMENT_HEADER = ["document", "start", "end", "code", "coded_by", "not_coded_by", "text"]


def figure_text(value: float | None, figure: str) -> str:
    """A figure as the tables show it: percent agreement with one decimal and ``%``, kappa and
    alpha with three decimals, ``n/a`` when undefined (None)."""
    if value is None:
        return "n/a"
    if figure == "percent_agreement":
        return f"{value:.1f} %"
    return f"{value:.3f}"


def _blank(value: float | None) -> str:
    return "" if value is None else repr(round(value, 6))


def agreement_csv_rows(agreement: Mapping[str, Any]) -> list[list[object]]:
    """The header and one row per code (the overall row last, as in the report): the code, the
    level and unit, the coders (``A | B``), the units, and each figure (blank when undefined,
    six decimals at most) with its method beside it."""
    coders = spreadsheet_text(" | ".join(agreement["coders"]))
    rows: list[list[object]] = [list(AGREEMENT_HEADER)]
    for code in agreement["codes"]:
        row: list[object] = [spreadsheet_text(code["code"]), agreement["level"],
                             agreement["unit"], coders, code["units"], code["agreeing_units"]]
        for figure in FIGURES:
            row += [_blank(code[figure]["value"]), code[figure]["method"]]
        rows.append(row)
    return rows


def disagreement_csv_rows(rows: Iterable[Mapping[str, Any]]) -> list[list[object]]:
    """The header and one row per passage: document, start, end (code points), code, who coded
    it and who did not (``A | B``), and the passage's text."""
    table: list[list[object]] = [list(DISAGREEMENT_HEADER)]
    for row in rows:
        table.append([spreadsheet_text(row["document"]), row["start"], row["end"],
                      spreadsheet_text(row["code"]),
                      spreadsheet_text(" | ".join(row["coded_by"])),
                      spreadsheet_text(" | ".join(row["not_coded_by"])),
                      spreadsheet_text(row["text"])])
    return table


def write_csv(path: str | os.PathLike, rows: Sequence[Sequence[object]], *,
              protect: Iterable[str | os.PathLike] = ()) -> int:
    """Write ``rows`` (header first) to ``path`` as UTF-8 CSV with a byte-order mark (so that
    Excel reads accents and scripts right), whole or not at all, never over a file in
    ``protect`` (:func:`~glocal_annotator.atomic.atomic_write`). Returns the number of data
    rows. Raises :class:`~glocal_annotator.errors.ExportFailure` (one line) when the file cannot
    be written."""
    with atomic_write(path, protect=protect) as temporary, open(
        temporary, "w", encoding="utf-8-sig", newline=""
    ) as handle:
        csv.writer(handle).writerows(rows)
    return max(len(rows) - 1, 0)

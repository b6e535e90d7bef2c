"""Analysis results as .csv or .xlsx, chosen by the file's suffix, from plain rows: a header row,
then rows of text and numbers (numbers stay numbers, for R, pandas, SPSS and Excel). The ui
turns a result table or keyword-in-context lines into these rows (exporters do not import the
analysis services: they share a layer).

Text cells follow the excerpts table's rules (:mod:`.tables`): CSV is UTF-8 with a byte-order
mark and text a spreadsheet would run as a formula starts with ``'``; XLSX stores text as text,
drops characters XML cannot hold, bolds and freezes the header row and the first column, and
gets a second sheet, "About", with what the caller says about the table (its title, measure,
note, filters).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from pathlib import Path

from glocal_annotator.atomic import atomic_write
from glocal_annotator.errors import ExportFailure
from glocal_annotator.exporters.tables import TABLE_SUFFIXES, _save, excel_text
from glocal_annotator.spreadsheet_cells import spreadsheet_text

Value = str | int | float


def export_rows(path: str | os.PathLike, header: Sequence[str], rows: Sequence[Sequence[Value]],
                *, title: str = "Table", about: Sequence[tuple[str, str]] = (),
                number_format: str | None = None,
                protect: tuple[str | os.PathLike, ...] = ()) -> int:
    """Write ``rows`` under ``header`` to ``path`` (.csv or .xlsx); returns the number of rows.

    XLSX only: the sheet is named after ``title`` (cut to Excel's 31 characters, without the
    characters it refuses), numbers get ``number_format`` (``"0.0"`` ...), and ``about``
    (label, text) pairs fill an "About" sheet. Whole floats are written as integers. Never
    writes over a file in ``protect`` (the open project) or any database; raises
    :class:`ExportFailure` (nothing written) for another suffix or a failed write."""
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        kind = f"a {suffix} file" if suffix else "a file without an extension"
        raise ExportFailure(f"cannot export a table as {kind}; use .csv or .xlsx")
    with atomic_write(path, protect=protect) as temp:
        if suffix == ".csv":
            _write_csv(temp, header, rows)
        else:
            _write_xlsx(temp, header, rows, title, about, number_format)
    return len(rows)


def _plain(value: Value) -> Value:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[Value]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow([spreadsheet_text(name) for name in header])
        for row in rows:
            writer.writerow([spreadsheet_text(v) if isinstance(v, str) else _plain(v)
                             for v in row])


def _write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[Value]], title: str,
                about: Sequence[tuple[str, str]], number_format: str | None) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_name(title))
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 40
    bold = Font(bold=True)

    def cell(value: Value, strong: bool = False) -> WriteOnlyCell:
        if isinstance(value, str):
            made = WriteOnlyCell(sheet, excel_text(value))
            made.data_type = "s"  # never a formula
        else:
            made = WriteOnlyCell(sheet, _plain(value))
            if number_format:
                made.number_format = number_format
        if strong:
            made.font = bold
        return made

    sheet.append([cell(name, True) for name in header])
    for row in rows:
        sheet.append([cell(value, column == 0 and isinstance(value, str))
                      for column, value in enumerate(row)])
    if about:
        notes = workbook.create_sheet("About")
        notes.column_dimensions["A"].width = 14
        notes.column_dimensions["B"].width = 100
        for label, text in about:
            notes.append([cell(label, True), cell(text)])
    _save(workbook, path)


_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_name(title: str) -> str:
    """``title`` as an Excel sheet name: without ``[]:*?/\\``, at most 31 characters."""
    name = " ".join(excel_text(title).translate(_SHEET_FORBIDDEN).split())[:31].strip("'")
    return name or "Table"

"""An analysis result table (:class:`~glocal_annotator.analysis.results.ResultTable`) as .csv or
.xlsx, chosen by the file's suffix: a header row of the column labels, then one row per row
label with its numbers (numbers stay numbers, for R, pandas, SPSS and Excel).

Text cells follow the excerpts table's rules (:mod:`.tables`): CSV is UTF-8 with a byte-order
mark and labels a spreadsheet would run as formulas start with ``'``; XLSX stores text as text,
drops characters XML cannot hold, and gets a second sheet, "About", with the table's title, its
measure, its note and the filters it was made with.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from glocal_annotator.analysis.results import ResultTable
from glocal_annotator.atomic import atomic_write
from glocal_annotator.errors import ExportFailure
from glocal_annotator.exporters.tables import TABLE_SUFFIXES, _save, excel_text
from glocal_annotator.spreadsheet_cells import spreadsheet_text


def export_result_table(table: ResultTable, path: str | os.PathLike, *, filters: str = "",
                        protect: tuple[str | os.PathLike, ...] = ()) -> int:
    """Write ``table`` to ``path`` (.csv or .xlsx); returns the number of rows written (not
    counting the header). ``filters`` (the selection in words) goes to the XLSX "About" sheet.
    Never writes over a file in ``protect`` (the open project) or any database; raises
    :class:`ExportFailure` (nothing written) for another suffix or a failed write."""
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        kind = f"a {suffix} file" if suffix else "a file without an extension"
        raise ExportFailure(f"cannot export a table as {kind}; use .csv or .xlsx")
    with atomic_write(path, protect=protect) as temp:
        if suffix == ".csv":
            _write_csv(temp, table)
        else:
            _write_xlsx(temp, table, filters)
    return len(table.row_labels)


def export_rows(path: str | os.PathLike, header: list[str], rows: list[list[object]], *,
                title: str = "Table", protect: tuple[str | os.PathLike, ...] = ()) -> int:
    """Write plain rows (text and numbers) under ``header`` to ``path`` (.csv or .xlsx, sheet
    named after ``title``), with the same text rules; returns the number of rows. Raises
    :class:`ExportFailure` as :func:`export_result_table` does."""
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        kind = f"a {suffix} file" if suffix else "a file without an extension"
        raise ExportFailure(f"cannot export a table as {kind}; use .csv or .xlsx")
    with atomic_write(path, protect=protect) as temp:
        if suffix == ".csv":
            with open(temp, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
                writer.writerow([spreadsheet_text(name) for name in header])
                for row in rows:
                    writer.writerow([spreadsheet_text(v) if isinstance(v, str) else v
                                     for v in row])
        else:
            from openpyxl import Workbook
            from openpyxl.cell import WriteOnlyCell
            from openpyxl.styles import Font

            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet(_sheet_name(title))
            sheet.freeze_panes = "A2"
            bold = Font(bold=True)

            def cell(value: object, strong: bool = False) -> WriteOnlyCell:
                made = WriteOnlyCell(sheet, excel_text(value) if isinstance(value, str)
                                     else value)
                if isinstance(value, str):
                    made.data_type = "s"
                if strong:
                    made.font = bold
                return made

            sheet.append([cell(name, True) for name in header])
            for row in rows:
                sheet.append([cell(v) for v in row])
            _save(workbook, temp)
    return len(rows)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _write_csv(path: Path, table: ResultTable) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(["", *(spreadsheet_text(label) for label in table.column_labels)])
        for label, values in zip(table.row_labels, table.values, strict=True):
            writer.writerow([spreadsheet_text(label), *(_number(v) for v in values)])


def _write_xlsx(path: Path, table: ResultTable, filters: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_name(table.title))
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 40
    bold = Font(bold=True)
    percent = table.measure in ("row_percent", "column_percent")
    decimals = "0.0" if percent else ("0.00" if table.measure == "coefficient" else None)

    def text(value: str, *, strong: bool = False) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, excel_text(value))
        cell.data_type = "s"  # never a formula
        if strong:
            cell.font = bold
        return cell

    def number(value: float) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, _number(value))
        if decimals:
            cell.number_format = decimals
        return cell

    sheet.append([text(""), *(text(label, strong=True) for label in table.column_labels)])
    for label, values in zip(table.row_labels, table.values, strict=True):
        sheet.append([text(label, strong=True), *(number(v) for v in values)])
    about = workbook.create_sheet("About")
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 100
    for name, value in (("Title", table.title), ("Measure", table.measure),
                        ("Note", table.note), ("Filters", filters or "none")):
        about.append([text(name, strong=True), text(value)])
    _save(workbook, path)


_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_name(title: str) -> str:
    """``title`` as an Excel sheet name: without ``[]:*?/\\``, at most 31 characters."""
    name = " ".join(excel_text(title).translate(_SHEET_FORBIDDEN).split())[:31].strip("'")
    return name or "Table"

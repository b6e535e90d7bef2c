"""Coded excerpts as a table, one row per coding: .csv or .xlsx (chosen by the file's suffix).

Columns: document, code (its path, ``parent/child``, a ``/`` inside a name written ``\\/`` as on
the command line), start, end (code-point offsets, end exclusive), text, coder, memo, created
(UTC). Rows in document order (document, then start).

- CSV is UTF-8 with a byte-order mark, so Excel shows accents and scripts right; every field is
  written verbatim (line breaks inside quotes), for R, pandas and other tools, except that a text
  cell a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return) starts with a ``'`` so that it shows as text
  (:mod:`glocal_annotator.spreadsheet_cells`, after OWASP's CSV injection guidance).
- XLSX (openpyxl, write-only) has a bold, frozen, filterable header row; text is stored as text,
  never as a formula; characters XML cannot hold are dropped (U+FFFE, U+FFFF, C0 controls:
  :mod:`glocal_annotator.xml_chars`), and a cell longer than Excel's 32,767-character limit is
  cut with a note saying how long the full text is.
"""

from __future__ import annotations

import csv
import os
import zipfile
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

from glocal_annotator.atomic import atomic_write
from glocal_annotator.errors import ExportFailure
from glocal_annotator.exporters._common import Progress, Ticker, select, selected_count
from glocal_annotator.model import CodingFilter, Excerpt
from glocal_annotator.project import Project
from glocal_annotator.spreadsheet_cells import spreadsheet_text
from glocal_annotator.xml_chars import xml_chars

COLUMNS = ("document", "code", "start", "end", "text", "coder", "memo", "created")
EXCEL_CELL_LIMIT = 32_767
TABLE_SUFFIXES = (".csv", ".xlsx")


def export_excerpts_table(
    project: Project,
    path: str | os.PathLike,
    where: CodingFilter | None = None,
    *,
    progress: Progress | None = None,
) -> int:
    """Write coded excerpts to a .csv or .xlsx file; returns the number of rows written.

    ``where`` as for the Word report (a code includes its sub-codes). ``progress(done, total)``
    is called at least every 20 ms of work (units: one per row read, one per row written, a
    tenth as many for packing the .xlsx; :class:`~._common.Ticker`); when it returns False the
    export stops with :class:`~glocal_annotator.exporters.ExportCancelled` and nothing is
    written. The project is only read, in one snapshot: a worker thread runs this on a project
    of its own (:meth:`Project.open_reader`).
    """
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        kind = f"a {suffix} file" if suffix else "a file without an extension"
        raise ExportFailure(f"cannot export excerpts as {kind}; use .csv or .xlsx")
    with project.reading():
        rows = selected_count(project, where)
        packing = rows // 10 if suffix == ".xlsx" else 0
        ticker = Ticker(progress, 2 * rows + packing)
        ticker.report(0)
        ticker.stage(rows, rows)
        selection = select(project, where, ticker)
    rows = len(selection.excerpts)
    ticker.stage(rows, rows)
    with atomic_write(path, protect=(project.path,)) as temp:
        if suffix == ".csv":
            _write_csv(temp, selection.excerpts, ticker)
        else:
            _write_xlsx(temp, selection.excerpts, ticker)
        ticker.finish()
    return rows


def _row(excerpt: Excerpt) -> list[object]:
    """One CSV row; text cells protected from being read as formulas."""
    return [
        spreadsheet_text(excerpt.document),
        spreadsheet_text(excerpt.code_path),
        excerpt.start,
        excerpt.end,
        spreadsheet_text(excerpt.text),
        spreadsheet_text(excerpt.coder),
        spreadsheet_text(excerpt.memo),
        excerpt.created_at,
    ]


def _write_csv(path: Path, excerpts: list[Excerpt], ticker: Ticker) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for excerpt in excerpts:
            writer.writerow(_row(excerpt))
            ticker.step()


def excel_text(value: str) -> str:
    """``value`` as Excel can hold it: no characters illegal in XML, at most 32,767 long."""
    value = xml_chars(value)
    if len(value) <= EXCEL_CELL_LIMIT:
        return value
    note = f" […truncated: the full text has {len(value):,} characters]"
    return value[: EXCEL_CELL_LIMIT - len(note)] + note


def _created(value: str) -> datetime | str:
    """A stored UTC time as a naive datetime (Excel has no time zones), or the text as it is."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _write_xlsx(path: Path, excerpts: list[Excerpt], ticker: Ticker) -> None:
    # loading openpyxl is one step that cannot report (0.07 s; 0.13 s where numpy is
    # installed, which openpyxl then loads too): a report just before makes it the only one
    ticker.report()
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Coded excerpts")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:H{len(excerpts) + 1}"
    for letter, width in zip("ABCDEFGH", (28, 34, 8, 8, 80, 14, 40, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    header = []
    for name in (*COLUMNS[:-1], "created (UTC)"):
        cell = WriteOnlyCell(sheet, name)
        cell.font = bold
        header.append(cell)
    # Each style is set once, on a template cell, and its style array is shared by every cell of
    # that look (never changed afterwards): no style objects or style look-ups per cell, which
    # took as long as writing the cells.
    wrap = _style(WriteOnlyCell(sheet), Alignment(wrap_text=True, vertical="top"))
    top = _style(WriteOnlyCell(sheet), Alignment(vertical="top"))
    dated = _style(WriteOnlyCell(sheet), Alignment(vertical="top"), "yyyy-mm-dd hh:mm")

    def cell(value: object, style: object) -> WriteOnlyCell:
        made = WriteOnlyCell(sheet, value)
        made._style = style
        return made

    def text(value: str, style: object) -> WriteOnlyCell:
        made = WriteOnlyCell(sheet, excel_text(value))
        made._style = style
        made.data_type = "s"  # never a formula, even if it starts with "="
        return made

    # Rows go to openpyxl's temporary file as they are made; a cancelled or failed export
    # removes that file (_discard) and the target is never written (atomic_write).
    try:
        sheet.append(header)
        for excerpt in excerpts:
            created = _created(excerpt.created_at)
            sheet.append(
                [
                    text(excerpt.document, top),
                    text(excerpt.code_path, top),
                    cell(excerpt.start, top),
                    cell(excerpt.end, top),
                    text(excerpt.text, wrap),
                    text(excerpt.coder, top),
                    text(excerpt.memo, wrap),
                    cell(created, dated if isinstance(created, datetime) else top),
                ]
            )
            ticker.step()
        ticker.stage(1, ticker.total)  # the rest: packing the file
        _save(workbook, path)
    except BaseException:
        _discard(sheet)
        raise


def _save(workbook, path: Path) -> None:  # noqa: ANN001 - an openpyxl Workbook
    """``workbook.save(path)`` with zlib's fastest compression (what openpyxl's own
    ``save_workbook`` does, but level 1 instead of 6: the sheet of 10,000 excerpts packs in a
    third of the time, the file about a third larger)."""
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.modified = datetime.now(UTC).replace(tzinfo=None)
    with zipfile.ZipFile(
        path, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1
    ) as archive:
        ExcelWriter(workbook, archive).save()


def _style(template, alignment, number_format: str | None = None):  # noqa: ANN001, ANN202
    """The style array (openpyxl's ``Cell._style``) of a cell with this look."""
    template.alignment = alignment
    if number_format:
        template.number_format = number_format
    return template._style


def _discard(sheet) -> None:  # noqa: ANN001 - an openpyxl WriteOnlyWorksheet
    """Close a half-written write-only sheet and remove openpyxl's temporary file for it."""
    with suppress(Exception):
        if not sheet.closed:
            sheet.close()
    with suppress(Exception):
        sheet._writer.cleanup()

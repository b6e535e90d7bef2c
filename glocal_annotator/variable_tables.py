"""Document variables as a spreadsheet, one row per document: read from and written to .csv and
.xlsx. Pure: files in, plain rows out (and back); the project is not seen here.

The shape (NVivo's classification sheet, MAXQDA's document variables table): the first row holds
the variable names after a first cell naming the document column (any text: ``Document``); each
further row starts with a document's name, then its values, one column per variable.

Reading:

- ``.csv``: the text encoding detected as for imported documents (UTF-8 with or without a BOM,
  else a legacy code page named in a warning; an uncertain one is refused), the delimiter the
  first row uses (``,`` ``;`` or tab; Excel's ``sep=`` line is honoured), a cell protected
  against formulas by our own export (``'=x``) read back as written
  (:func:`glocal_annotator.spreadsheet_cells.unprotect`).
- ``.xlsx``: the first sheet, cell values as stored (a number as a number, a date cell as its
  date: :func:`glocal_annotator.variable_types.cell_text`), never a formula's text; archives
  larger than :data:`MAX_XLSX_BYTES` unpacked are refused.
- Blank rows and blank trailing columns are left out. A column with values but no name, two
  columns of one name (case ignored), or a row with values but no document name is refused with
  one line.

Writing: CSV as UTF-8 with a BOM (so Excel shows accents), every text cell that a spreadsheet
would run as a formula (``=``, ``+``, ``-``, ``@`` ...) started with ``'`` (OWASP's CSV
injection advice, :mod:`glocal_annotator.spreadsheet_cells`); XLSX with numbers as numbers,
dates as dates, true/false as booleans and text always as text (never a formula), a bold frozen
header row. Written whole or not at all (:func:`glocal_annotator.atomic.atomic_write`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from glocal_annotator.atomic import atomic_write
from glocal_annotator.errors import ExportFailure, ImportFailure
from glocal_annotator.model import Variable
from glocal_annotator.spreadsheet_cells import spreadsheet_text, unprotect
from glocal_annotator.variable_types import cell_text
from glocal_annotator.xml_chars import xml_chars

TABLE_SUFFIXES = (".csv", ".xlsx")
#: an .xlsx whose parts unpack to more than this is refused (a sheet of values is far smaller)
MAX_XLSX_BYTES = 256 * 1024 * 1024
#: a .csv larger than this is refused
MAX_CSV_BYTES = 256 * 1024 * 1024
DOCUMENT_HEADER = "Document"


@dataclass
class TableRow:
    """One row of a variables table: its number as a spreadsheet shows it (the header is row 1),
    the document's name as written, and its cells, one per variable (``""`` for blank)."""

    number: int
    document: str
    cells: list[str]


@dataclass
class VariableTable:
    """A variables table as read: ``names`` of the variables (the header after the first
    cell), ``rows`` one per document, ``warnings`` one line each (a legacy encoding)."""

    source: str
    names: list[str]
    rows: list[TableRow]
    warnings: list[str] = field(default_factory=list)


def _suffix(path: Path, what: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        kind = f"a {suffix} file" if suffix else "a file without an extension"
        raise (ImportFailure if what == "import" else ExportFailure)(
            f"cannot {what} variables as {kind}; use .csv or .xlsx")
    return suffix


def read_variable_table(path: str | os.PathLike) -> VariableTable:
    """Read a variables table (see the module notes). Raises :class:`ImportFailure` (one
    line) for a file that cannot be read or is not shaped as one."""
    path = Path(path)
    suffix = _suffix(path, "import")
    if not path.is_file():
        raise ImportFailure(f"there is no file at {path}")
    warnings: list[str] = []
    grid = _csv_grid(path, warnings) if suffix == ".csv" else _xlsx_grid(path)
    return _table(grid, path.name, warnings)


def _csv_grid(path: Path, warnings: list[str]) -> list[list[str]]:
    from glocal_annotator.text_decoding import DecodingError, decode, preview
    from glocal_annotator.text_decoding import label as encoding_label

    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise ImportFailure(f"{path.name} is larger than {MAX_CSV_BYTES // 2**20} MB; a "
                                "table of variables is far smaller")
        data = path.read_bytes()
    except OSError as error:
        raise ImportFailure(f"cannot read {path.name}: {error.strerror or error}") from error
    try:
        decoded = decode(data)
    except DecodingError as error:
        raise ImportFailure(f"{path.name}: {error.reason}") from error
    if not decoded.certain:
        shown = "; ".join(
            f"{encoding_label(name)} reads \u201c{preview(data.decode(name, 'replace'), 40)}\u201d"
            for name in decoded.alternatives[:3])
        raise ImportFailure(f"{path.name}: its text encoding is uncertain ({shown}); save it "
                            "as UTF-8 and import it again")
    if not decoded.encoding.startswith("utf"):
        warnings.append(f"{path.name} is not UTF-8; it was read as "
                        f"{encoding_label(decoded.encoding)}")
    text = decoded.text
    candidates: list[str] = []
    first, _newline, rest = text.partition("\n")
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:  # Excel's hint
        candidates.append(first.strip()[4])
        text = rest
    with contextlib.suppress(csv.Error):
        candidates.append(csv.Sniffer().sniff(text.partition("\n")[0] or ",",
                                              delimiters=",;\t").delimiter)
    candidates += [d for d in (",", ";", "\t") if d not in candidates]
    header = text.partition("\n")[0]
    delimiter = next((d for d in candidates if d in header), candidates[0])
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFailure(f"{path.name}: the CSV is malformed ({error})") from error
    return [[unprotect(cell) for cell in row] for row in rows]


def _xlsx_grid(path: Path) -> list[list[str]]:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFailure(f"{path.name} is not an .xlsx workbook ({error})") from error
    if unpacked > MAX_XLSX_BYTES:
        raise ImportFailure(f"{path.name} unpacks to more than {MAX_XLSX_BYTES // 2**20} MB; "
                            "a table of variables is far smaller")
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ImportFailure(f"{path.name} cannot be read as an .xlsx workbook "
                            f"({type(error).__name__}: {error})") from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportFailure(f"{path.name} has no sheet")
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    if any(value is None for row in values for value in row):
        _check_formulas(path, values)
    return [[cell_text(value) for value in row] for row in values]


def _check_formulas(path: Path, values: list[list[object]]) -> None:
    """Refuse a sheet with a formula whose result was never saved (a file written by a program
    that does not calculate): its value would be read as blank."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        for number, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True)):
            for column, value in enumerate(row):
                saved = values[number][column] if column < len(values[number]) else None
                if saved is None and isinstance(value, str) and value.startswith("="):
                    raise ImportFailure(
                        f"{path.name}: cell {_letters(column)}{number + 1} holds a formula whose "
                        "result was never saved; open the file in a spreadsheet program, save "
                        "it and import it again")
    finally:
        workbook.close()


def _table(grid: list[list[str]], source: str, warnings: list[str]) -> VariableTable:
    numbered = [(number, [cell.strip() for cell in row])
                for number, row in enumerate(grid, start=1)]
    numbered = [(number, row) for number, row in numbered if any(row)]
    if not numbered:
        raise ImportFailure(f"{source} is empty: its first row names the document column and "
                            "the variables")
    header_number, header = numbered[0]
    body = numbered[1:]
    width = max(len(row) for _number, row in numbered)
    used = [column for column in range(1, width)
            if (column < len(header) and header[column])
            or any(column < len(row) and row[column] for _number, row in body)]
    names: list[str] = []
    seen: dict[str, int] = {}
    for column in used:
        name = " ".join(header[column].split()) if column < len(header) else ""
        if not name:
            raise ImportFailure(f"{source}: column {_letters(column)} has values but no "
                                f"variable name in row {header_number}")
        if name.casefold() in seen:
            raise ImportFailure(f"{source}: the variable {name!r} names two columns "
                                f"({_letters(seen[name.casefold()])} and {_letters(column)})")
        seen[name.casefold()] = column
        names.append(name)
    if not names:
        raise ImportFailure(f"{source}: row {header_number} names no variable after the "
                            "document column")
    rows: list[TableRow] = []
    for number, row in body:
        document = row[0] if row else ""
        cells = [row[column] if column < len(row) else "" for column in used]
        if not document:
            if any(cells):
                raise ImportFailure(f"{source}: row {number} has values but no document name "
                                    "in its first column")
            continue
        rows.append(TableRow(number, document, cells))
    return VariableTable(source, names, rows, warnings)


def _letters(column: int) -> str:
    """A 0-based column number as a spreadsheet names it (0 -> A, 26 -> AA)."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_variable_table(
    path: str | os.PathLike,
    variables: Sequence[Variable],
    rows: Iterable[tuple[str, Sequence[str]]],
    *,
    protect: Iterable[str | os.PathLike] = (),
) -> int:
    """Write ``rows`` (a document's name and its values, one per variable, canonical text;
    ``""`` for none) under a header of ``variables``' names, as .csv or .xlsx by ``path``'s
    suffix (see the module notes); return the number of rows written. Raises
    :class:`ExportFailure` (nothing written) for another suffix or a file that cannot be
    written, and never writes over a file in ``protect`` (the project)."""
    path = Path(path)
    suffix = _suffix(path, "export")
    listed = [(name, list(values)) for name, values in rows]
    with atomic_write(path, protect=protect) as temporary:
        if suffix == ".csv":
            with open(temporary, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\r\n")
                writer.writerow([DOCUMENT_HEADER, *(spreadsheet_text(v.name) for v in variables)])
                for name, values in listed:
                    writer.writerow([spreadsheet_text(name),
                                     *(spreadsheet_text(value) for value in values)])
        else:
            _write_xlsx(temporary, variables, listed)
    return len(listed)


def _write_xlsx(path: Path, variables: Sequence[Variable],
                rows: list[tuple[str, list[str]]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Variables")
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)

    def text(value: str, *, header: bool = False) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=xml_chars(value))
        cell.data_type = "s"  # never a formula, even if it starts with "="
        if header:
            cell.font = bold
        return cell

    def typed(variable: Variable, value: str) -> object:
        if not value:
            return None
        if variable.type == "number":
            number = Decimal(value)
            as_float = float(number)
            if number == number.to_integral_value() and abs(number) < 2**53:
                return int(number)
            if Decimal(repr(as_float)) == number:
                return as_float
            return text(value)  # more digits than a spreadsheet number holds: kept as text
        if variable.type == "date":
            cell = WriteOnlyCell(sheet, value=date.fromisoformat(value))
            cell.number_format = "yyyy-mm-dd"
            return cell
        if variable.type == "boolean":
            return value == "true"
        return text(value)

    sheet.append([text(DOCUMENT_HEADER, header=True),
                  *(text(variable.name, header=True) for variable in variables)])
    for name, values in rows:
        sheet.append([text(name), *(typed(v, value) for v, value in zip(variables, values,
                                                                         strict=True))])
    workbook.save(path)

"""Codebooks as CSV: what Taguette, QualCoder, MAXQDA and spreadsheets exchange when they do not
speak REFI-QDA. Pure: no project, no database.

Reading (:func:`read_codebook_csv`) is tolerant:

- Encoding: UTF-8 with or without BOM, UTF-16 with BOM; otherwise Windows-1252 (what Excel writes
  on Windows), with a warning. Files holding NUL bytes or other control characters are refused as
  binary.
- Delimiter: Excel's ``sep=;`` first line if present, else ``csv.Sniffer``'s guess among ``,``
  ``;`` tab and ``|``; the first choice whose header row names a code column wins (then ``,``,
  ``;``, tab are tried).
- Headers are matched case-insensitively, ignoring spaces, ``_`` and ``-``. The code column is the
  first present of ``path`` (also ``code path``, ``full path``, ``hierarchy``), ``tag``,
  ``name``, ``code`` (also ``code name``, ``node``). A path nests with ``/``, `` > `` or ``\\``:
  the file's separator is the first of `` > ``, ``\\``, ``/`` that occurs in its paths (a
  ``tag``/``name``/``code`` column is never split: Taguette tags hold ``/``). A
  ``parent`` column (a path too) nests a ``name`` column. Parents that have no row of their own are
  created on the way.
- Optional columns: ``description`` (parsed like a REFI-QDA ``Description``, so this app's
  labelled layout comes back field by field), ``definition``/``full definition``,
  ``short definition``, ``when to use``, ``when not to use``, ``example``, ``memo``/``comment``,
  ``color``/``colour`` (anything :func:`parse_color` reads), ``codable``, ``guid``. Other columns
  (Taguette's ``number of highlights`` ...) are ignored.
- A row without a code name is skipped; a path given twice fills what the first left empty.

CSV carries no GUID unless a ``guid`` column holds one: such nodes get ``guid == ""`` (no
identity), so an import matches them by path and name only and gives new codes fresh GUIDs.

Writing (:func:`write_codebook_csv`) is UTF-8 with BOM (so Excel reads the accents),
``,``-delimited, with the columns ``path`` (`` > ``-separated; ``name`` for a flat codebook),
``color``, ``codable``, ``guid`` and the entry fields; reading it back gives the same codebook.
A cell a spreadsheet would run as a formula (a name or definition starting with ``=``, ``+``,
``-``, ``@`` ...) is written with a leading ``'`` (:mod:`glocal_annotator.spreadsheet_cells`),
which reading drops again.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
from pathlib import Path

from glocal_annotator.atomic import atomic_write
from glocal_annotator.errors import CodebookError
from glocal_annotator.refi.codebook import Codebook, CodebookNode, walk
from glocal_annotator.refi.colors import parse_color
from glocal_annotator.refi.description import FIELD_NAMES, parse_description
from glocal_annotator.refi.guids import normalize_guid
from glocal_annotator.refi.safe_xml import BadInput, read_capped
from glocal_annotator.spreadsheet_cells import spreadsheet_text, unprotect

MAX_CSV_BYTES = 20 * 1024 * 1024
PATH_SEPARATORS = (" > ", "\\", "/")
WRITE_SEPARATOR = " > "

_PATH_HEADERS = ("path", "codepath", "fullpath", "hierarchy", "codesystem")
_NAME_HEADERS = ("tag", "name", "code", "codename", "node", "nodename", "label")
_PARENT_HEADERS = ("parent", "parentcode", "parentpath")
_FIELD_HEADERS: dict[str, tuple[str, ...]] = {
    "short_definition": ("shortdefinition", "briefdefinition"),
    "definition": ("definition", "fulldefinition", "longdefinition"),
    "when_to_use": ("whentouse", "inclusioncriteria"),
    "when_not_to_use": ("whennottouse", "exclusioncriteria"),
    "example": ("example", "examples"),
    "memo": ("memo", "comment", "comments", "note", "notes"),
}
_DESCRIPTION_HEADERS = ("description",)
_COLOR_HEADERS = ("color", "colour", "colorcode", "colourcode", "hex")
_CODABLE_HEADERS = ("codable", "iscodable")
_GUID_HEADERS = ("guid", "uuid", "codeguid")
_FALSE_VALUES = {"false", "0", "no", "n"}
# Control characters other than tab, CR, LF mark a binary file.
_BINARY_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WRITE_COLUMNS = ("path", "color", "codable", "guid", *FIELD_NAMES)


def _key(header: str) -> str:
    return re.sub(r"[\s_\-]+", "", header.strip().lower())


def _decode(data: bytes, label: str, warnings: list[str]) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CodebookError(f"{label}: the UTF-16 text is damaged.") from exc
    if b"\x00" in data:
        raise CodebookError(f"{label}: this is a binary file, not a CSV text file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise CodebookError(f"{label}: this is not a CSV text file (not UTF-8 text).") from exc
    warnings.append("The CSV file is not UTF-8; it was read as Windows-1252.")
    return text


def _rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _find(headers: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in headers:
            return headers.index(name)
    return None


def _code_column(headers: list[str]) -> int | None:
    return _find(headers, _PATH_HEADERS + _NAME_HEADERS)


def _table(text: str, label: str) -> list[list[str]]:
    """The rows of ``text`` split with the delimiter whose header row names a code column."""
    candidates: list[str] = []
    first, newline, rest = text.partition("\n")
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:  # Excel's hint
        candidates.append(first.strip()[4])
        text = rest
    sample = text[: 64 * 1024]
    with contextlib.suppress(csv.Error):
        candidates.append(csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter)
    candidates += [d for d in (",", ";", "\t") if d not in candidates]
    for delimiter in candidates:
        try:
            rows = _rows(text, delimiter)
        except csv.Error as exc:
            raise CodebookError(f"{label}: the CSV is malformed ({exc}).") from exc
        rows = [row for row in rows if any(cell.strip() for cell in row)]
        if rows and _code_column([_key(cell) for cell in rows[0]]) is not None:
            return rows
    raise CodebookError(
        f"{label}: no code column; the first row must name one of the columns "
        "path, tag, name or code."
    )


def _separator(paths: list[str]) -> str:
    for separator in PATH_SEPARATORS:
        if any(separator in path for path in paths):
            return separator
    return "/"


def _split(path: str, separator: str) -> list[str]:
    return [" ".join(part.split()) for part in path.split(separator) if part.strip()]


def read_codebook_csv(source: str | os.PathLike | bytes) -> Codebook:
    """Read a codebook from a CSV file (path) or bytes; see the module notes for the rules.

    Raises :class:`CodebookError` (one line) for a missing or unreadable file, a binary file, a
    file over 20 MB, a CSV without a code column or without any code.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        label = "Cannot read the CSV codebook"
        data = bytes(source)
    else:
        label = f"Cannot read the CSV codebook {Path(source).name!r}"
        try:
            data = read_capped(source, MAX_CSV_BYTES)
        except BadInput as exc:
            raise CodebookError(f"{label}: {exc}.") from exc
    if len(data) > MAX_CSV_BYTES:
        raise CodebookError(f"{label}: the file is larger than 20 MB.")
    warnings: list[str] = []
    text = _decode(data, label, warnings)
    if _BINARY_RE.search(text):
        raise CodebookError(f"{label}: this is a binary file, not a CSV text file.")
    rows = _table(text, label)
    headers = [_key(cell) for cell in rows[0]]
    code_col = _code_column(headers)
    assert code_col is not None
    is_path = headers[code_col] in _PATH_HEADERS
    parent_col = None if is_path else _find(headers, _PARENT_HEADERS)
    field_cols = {name: _find(headers, keys) for name, keys in _FIELD_HEADERS.items()}
    description_col = _find(headers, _DESCRIPTION_HEADERS)
    color_col = _find(headers, _COLOR_HEADERS)
    codable_col = _find(headers, _CODABLE_HEADERS)
    guid_col = _find(headers, _GUID_HEADERS)

    def cell(row: list[str], column: int | None) -> str:
        return unprotect(row[column]) if column is not None and column < len(row) else ""

    body = rows[1:]
    nested = is_path or parent_col is not None
    path_cells = [cell(r, code_col) for r in body] + [cell(r, parent_col) for r in body]
    separator = _separator(path_cells) if nested else ""

    roots: list[CodebookNode] = []
    by_path: dict[tuple[str, ...], CodebookNode] = {}

    def node_at(parts: list[str]) -> CodebookNode:
        key = tuple(part.casefold() for part in parts)
        found = by_path.get(key)
        if found is None:
            found = CodebookNode(name=parts[-1], guid="", color=None)
            (node_at(parts[:-1]).children if len(parts) > 1 else roots).append(found)
            by_path[key] = found
        return found

    seen_guids: set[str] = set()
    for number, row in enumerate(body, start=2):
        raw = cell(row, code_col)
        if is_path:
            parts = _split(raw, separator)
        else:
            name = " ".join(raw.split())
            parents = _split(cell(row, parent_col), separator) if parent_col is not None else []
            parts = [*parents, name] if name else []
        if not parts:
            warnings.append(f"Row {number} has no code name; skipped.")
            continue
        node = node_at(parts)
        if len(row) > len(headers):
            warnings.append(
                f"Row {number} has more cells than the header; is a value with the delimiter "
                "in it missing its quotes?"
            )
        fields = parse_description(cell(row, description_col))
        for name, column in field_cols.items():
            value = cell(row, column).strip()
            if value:
                fields[name] = value
        for name, value in fields.items():
            if value and not getattr(node, name):
                setattr(node, name, value.replace("\r\n", "\n"))
        raw_color = cell(row, color_col).strip()
        color = parse_color(raw_color)
        if raw_color and color is None:
            warnings.append(f"Row {number}: unreadable colour {raw_color!r}; dropped.")
        node.color = node.color or color
        if cell(row, codable_col).strip().lower() in _FALSE_VALUES:
            node.codable = False
        guid = normalize_guid(cell(row, guid_col))
        if guid and not node.guid and guid not in seen_guids:
            node.guid = guid
            seen_guids.add(guid)
    if not roots:
        raise CodebookError(f"{label}: the CSV holds no codes.")
    return Codebook(codes=roots, origin="CSV", warnings=warnings)


def codebook_csv_text(codebook: Codebook) -> str:
    """The codebook as CSV text (no BOM); one row per code, parents first."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    # A flat codebook is written with a "name" column, so names holding "/" stay whole.
    nested = any(depth > 1 for depth, _ in walk(codebook.codes))
    writer.writerow(("path" if nested else "name", *_WRITE_COLUMNS[1:]))

    def rows(nodes: list[CodebookNode], prefix: str) -> None:
        for node in nodes:
            path = f"{prefix}{WRITE_SEPARATOR}{node.name}" if prefix else node.name
            writer.writerow(
                [
                    spreadsheet_text(path),
                    node.color or "",
                    "true" if node.codable else "false",
                    node.guid,
                    *(spreadsheet_text(getattr(node, name) or "") for name in FIELD_NAMES),
                ]
            )
            rows(node.children, path)

    rows(codebook.codes, "")
    return buffer.getvalue()


def write_codebook_csv(codebook: Codebook, path: str | os.PathLike) -> None:
    """Write the codebook as CSV (UTF-8 with BOM) to ``path`` atomically."""
    if not codebook.codes:
        raise CodebookError("Cannot write an empty codebook: there are no codes.")
    data = codebook_csv_text(codebook).encode("utf-8-sig")
    with atomic_write(path) as temporary:
        temporary.write_bytes(data)

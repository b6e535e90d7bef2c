"""Codebooks as CSV: what Taguette, QualCoder, MAXQDA and spreadsheets exchange when they do not
speak REFI-QDA. Pure: no project, no database.

Reading (:func:`read_codebook_csv`) is tolerant:

- Encoding: read as documents are (:mod:`glocal_annotator.text_decoding`): UTF-8 with or
  without BOM, UTF-16/32 with BOM; otherwise the legacy code page detected (Windows-1252 is what
  Excel writes on Windows), with a warning naming it; refused when detection is uncertain
  (readings in different scripts alike). Files holding NUL bytes or other control characters
  are refused as binary.
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
- Limits (:mod:`glocal_annotator.limits`), checked before the tree is built: at most
  ``MAX_CODEBOOK_CODES`` rows, paths at most ``MAX_CODE_DEPTH`` deep, names at most
  ``MAX_CODE_NAME_CHARACTERS`` long; above them the file is refused with one line. Below them
  reading is linear in the file (each row walks its path once, no recursion).

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
from dataclasses import dataclass, field
from pathlib import Path

from glocal_annotator.atomic import atomic_write
from glocal_annotator.errors import CodebookError
from glocal_annotator.limits import MAX_CODE_DEPTH, MAX_CODEBOOK_CODES, too_long_name
from glocal_annotator.model import Codebook, CodebookNode, walk
from glocal_annotator.refi.colors import parse_color
from glocal_annotator.refi.description import FIELD_NAMES, parse_description
from glocal_annotator.refi.guids import normalize_guid
from glocal_annotator.refi.safe_xml import read_capped
from glocal_annotator.safe_io import BadInput
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
    """The file's text, decoded like an imported document (:mod:`glocal_annotator.text_decoding`);
    a legacy encoding gives a warning naming it, an uncertain one is refused (there is no way
    to choose one here, and a misread codebook would name codes wrongly)."""
    from glocal_annotator.text_decoding import (
        DecodingError,
        decode,
        preview,
    )
    from glocal_annotator.text_decoding import (
        label as encoding_label,
    )

    try:
        decoded = decode(data)
    except DecodingError as exc:
        raise CodebookError(f"{label}: {exc.reason}.") from exc
    if not decoded.certain:
        shown = "; ".join(
            f"{encoding_label(name)} reads \u201c{preview(data.decode(name, 'replace'), 40)}\u201d"
            for name in decoded.alternatives[:3])
        raise CodebookError(f"{label}: its text encoding is uncertain ({shown}); save it as "
                            "UTF-8 and import it again.")
    if not decoded.encoding.startswith("utf"):
        warnings.append(f"The CSV file is not UTF-8; it was read as "
                        f"{encoding_label(decoded.encoding)}.")
    return decoded.text


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
            if "field limit" in str(exc):
                raise CodebookError(
                    f"{label}: a cell holds more than {csv.field_size_limit():,} characters; "
                    "a codebook's names and definitions are far shorter."
                ) from exc
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
    columns = _Columns.of(rows[0])
    body = rows[1:]
    if len(body) > MAX_CODEBOOK_CODES:
        raise CodebookError(
            f"{label}: it holds {len(body):,} rows; a codebook may have at most "
            f"{MAX_CODEBOOK_CODES:,} codes. Split it, or check that it is a codebook."
        )
    separator = columns.separator(body)
    paths: list[tuple[int, list[str]]] = []
    for number, row in enumerate(body, start=2):
        parts = columns.path(row, separator)
        if len(parts) > MAX_CODE_DEPTH:
            raise CodebookError(
                f"{label}: row {number} nests {len(parts):,} levels deep; codes may nest at "
                f"most {MAX_CODE_DEPTH} levels (REFI-QDA readers stop near there)."
            )
        for part in parts:
            problem = too_long_name(part)
            if problem:
                raise CodebookError(f"{label}: row {number}: {problem}.")
        paths.append((number, parts))
    tree = _Tree()
    seen_guids: set[str] = set()
    for (number, parts), row in zip(paths, body, strict=True):
        if not parts:
            warnings.append(f"Row {number} has no code name; skipped.")
            continue
        if len(row) > len(columns.headers):
            warnings.append(
                f"Row {number} has more cells than the header; is a value with the delimiter "
                "in it missing its quotes?"
            )
        tree.node_at(parts).fill(columns, row, number, warnings, seen_guids)
    if not tree.roots:
        raise CodebookError(f"{label}: the CSV holds no codes.")
    return Codebook(codes=_freeze(tree.roots), origin="CSV", warnings=warnings)


@dataclass
class _Columns:
    """Where each column of the header row is (None: the file has no such column)."""

    headers: list[str]
    code: int
    is_path: bool
    parent: int | None
    fields: dict[str, int | None]
    description: int | None
    color: int | None
    codable: int | None
    guid: int | None

    @classmethod
    def of(cls, header_row: list[str]) -> _Columns:
        headers = [_key(cell) for cell in header_row]
        code = _code_column(headers)
        assert code is not None  # _table only accepts a header row with a code column
        is_path = headers[code] in _PATH_HEADERS
        return cls(
            headers=headers,
            code=code,
            is_path=is_path,
            parent=None if is_path else _find(headers, _PARENT_HEADERS),
            fields={name: _find(headers, keys) for name, keys in _FIELD_HEADERS.items()},
            description=_find(headers, _DESCRIPTION_HEADERS),
            color=_find(headers, _COLOR_HEADERS),
            codable=_find(headers, _CODABLE_HEADERS),
            guid=_find(headers, _GUID_HEADERS),
        )

    @staticmethod
    def cell(row: list[str], column: int | None) -> str:
        return unprotect(row[column]) if column is not None and column < len(row) else ""

    def separator(self, body: list[list[str]]) -> str:
        """The path separator of the file ("" when codes do not nest)."""
        if not self.is_path and self.parent is None:
            return ""
        return _separator([self.cell(r, self.code) for r in body]
                          + [self.cell(r, self.parent) for r in body])

    def path(self, row: list[str], separator: str) -> list[str]:
        """The names from the top down to the row's code ([] for a row without a name)."""
        raw = self.cell(row, self.code)
        if self.is_path:
            return _split(raw, separator)
        name = " ".join(raw.split())
        parents = _split(self.cell(row, self.parent), separator) if self.parent is not None else []
        return [*parents, name] if name else []


@dataclass
class _Draft:
    """A code while its rows are read: later rows fill what earlier ones left empty."""

    name: str
    guid: str = ""
    color: str | None = None
    codable: bool = True
    fields: dict[str, str] = field(default_factory=dict)
    children: list[_Draft] = field(default_factory=list)

    def fill(
        self,
        columns: _Columns,
        row: list[str],
        number: int,
        warnings: list[str],
        seen_guids: set[str],
    ) -> None:
        """Take from ``row`` what this code does not have yet."""
        fields = parse_description(columns.cell(row, columns.description))
        for name, column in columns.fields.items():
            value = columns.cell(row, column).strip()
            if value:
                fields[name] = value
        for name, value in fields.items():
            if value and not self.fields.get(name):
                self.fields[name] = value.replace("\r\n", "\n")
        raw_color = columns.cell(row, columns.color).strip()
        color = parse_color(raw_color)
        if raw_color and color is None:
            warnings.append(f"Row {number}: unreadable colour {raw_color!r}; dropped.")
        self.color = self.color or color
        if columns.cell(row, columns.codable).strip().lower() in _FALSE_VALUES:
            self.codable = False
        guid = normalize_guid(columns.cell(row, columns.guid))
        if guid and not self.guid and guid not in seen_guids:
            self.guid = guid
            seen_guids.add(guid)


class _Tree:
    """Drafts by path (names compared case-insensitively); parents are made on the way. Each
    lookup walks the path one level at a time (linear in its length, no recursion)."""

    def __init__(self) -> None:
        self.roots: list[_Draft] = []
        self._top: dict[str, _Draft] = {}
        self._below: dict[int, dict[str, _Draft]] = {}  # id(draft) -> its children by name

    def node_at(self, parts: list[str]) -> _Draft:
        siblings, index = self.roots, self._top
        found: _Draft | None = None
        for part in parts:
            key = part.casefold()
            found = index.get(key)
            if found is None:
                found = _Draft(part)
                siblings.append(found)
                index[key] = found
            siblings, index = found.children, self._below.setdefault(id(found), {})
        assert found is not None  # parts is never empty
        return found


def _freeze(drafts: list[_Draft]) -> list[CodebookNode]:
    """The drafts as codebook nodes, children first (no recursion: any depth works)."""
    order: list[_Draft] = []
    stack = list(drafts)
    while stack:
        draft = stack.pop()
        order.append(draft)
        stack.extend(draft.children)
    nodes: dict[int, CodebookNode] = {}
    for draft in reversed(order):  # every child before its parent
        nodes[id(draft)] = CodebookNode(
            name=draft.name,
            guid=draft.guid,
            color=draft.color,
            codable=draft.codable,
            children=[nodes[id(child)] for child in draft.children],
            **draft.fields,
        )
    return [nodes[id(draft)] for draft in drafts]


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

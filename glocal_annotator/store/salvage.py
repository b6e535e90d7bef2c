"""Salvage: copy everything that can still be read from a damaged project into a new one.

The damaged file is only read (never written, never locked). Each table is read row by row
(:mod:`.salvage_read`); each row is checked against the app's rules and copied with its id,
GUID, times and text as they were, or mended where that loses nothing the user made:

- a text stored as bytes is read as UTF-8 (bytes that are not UTF-8 become U+FFFD, reported);
  a document's character count and content hash are worked out again from its text;
- a page list or metadata that does not parse is dropped (the text and codings stay);
- a code whose parent is gone, or that is its own ancestor, moves to the top level;
- a coding whose code or coder could not be read keeps its passage under a stand-in code
  ("Unreadable code 17") or coder, so the user can merge it where it belongs;
- a memo whose document or coder is gone is kept without that link.

What cannot be kept (a coding whose document is gone, or whose range lies outside its text; a
row that cannot be read at all) is reported, one line each. The new project is built under a
hidden name and appears only when complete; its search forms and search index are built afresh
from the texts.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from glocal_annotator.errors import ProjectError
from glocal_annotator.failures import explain
from glocal_annotator.file_names import readable_name
from glocal_annotator.model import VARIABLE_TYPES
from glocal_annotator.store import file_access
from glocal_annotator.store.database import ProjectDatabase
from glocal_annotator.store.expected import SEARCH_FORMS_TABLE, data_tables
from glocal_annotator.store.salvage_pages import Shape, rows_on_pages
from glocal_annotator.store.salvage_read import TableRead, read_table, stretch, unreadable
from glocal_annotator.store.schema import SCHEMA_VERSION, TABLE_COLUMNS
from glocal_annotator.store.search_index import drop_search_index, rebuild_derived

#: the tables copied, with their columns: the user's work; the search forms (``search_texts``)
#: are made afresh from the copied texts, like the search index
COPIED = {table: columns for table, columns in TABLE_COLUMNS.items()
          if table != SEARCH_FORMS_TABLE}
#: at most this many lines of each kind are listed in a report; the rest are counted
LISTED = 50

_THINGS = {
    "project_info": "project setting",
    "coders": "coder",
    "documents": "document",
    "codes": "code",
    "codings": "coding",
    "memos": "memo",
    "variables": "variable",
    "variable_values": "variable value",
    "document_sets": "document set",
    "document_set_members": "document set membership",
}
#: tables many projects leave empty: when one cannot be reached and none of its rows is found
#: on the pages, that is said as a doubt, not as a loss
_OFTEN_EMPTY = frozenset({"variables", "variable_values", "document_sets",
                          "document_set_members"})
_WHOLE_TABLE = unreadable("").unread[0]
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_STAND_IN_COLOR = "#9E9E9E"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class SalvageReport:
    """What a salvage copied (``copied``: rows per table), what it had to leave out
    (``lost``) and what it copied with a change (``mended``), one line each."""

    source: Path
    target: Path
    copied: dict[str, int] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)
    mended: list[str] = field(default_factory=list)
    lost_count: int = 0
    mended_count: int = 0

    def lose(self, line: str) -> None:
        self.lost_count += 1
        if len(self.lost) < LISTED:
            self.lost.append(line)

    def mend(self, line: str) -> None:
        self.mended_count += 1
        if len(self.mended) < LISTED:
            self.mended.append(line)

    @property
    def complete(self) -> bool:
        """True if everything was copied as it was."""
        return not self.lost_count and not self.mended_count


def salvage(source: Path, target: Path) -> SalvageReport:
    """Copy what can be read from the project file ``source`` into a new project file
    ``target`` (which must not exist) and report what could not. Raises
    :class:`ProjectError` when ``source`` cannot be opened at all or ``target`` cannot be
    written; ``source`` is never changed."""
    source, target = Path(source), Path(target)
    file_access.check_openable(source)
    file_access.check_creatable(target)
    if source.resolve() == target.resolve():
        raise ProjectError("salvage into a new file, not over the damaged one")
    report = SalvageReport(source, target)
    try:
        conn, private, _notice = file_access.connect_read_only(source)
    except sqlite3.Error as error:  # not even the file's first page: look on the others
        opened: str | None = str(error)
        reads = {table: unreadable(table) for table in COPIED}
        version = SCHEMA_VERSION
    else:
        opened = None
        try:
            with _snapshot(conn):
                try:
                    version = conn.execute("PRAGMA user_version").fetchone()[0]
                except sqlite3.Error:
                    version = 0
                known = (data_tables(version) if 0 < version <= SCHEMA_VERSION
                         else COPIED)
                reads = {
                    table: read_table(conn, table, columns, _THINGS[table])
                    if table in known else TableRead(table)  # newer than the file
                    for table, columns in COPIED.items()
                }
        finally:
            conn.close()
            if private is not None:
                shutil.rmtree(private, ignore_errors=True)
    _read_from_pages(source, reads, version if 0 < version <= SCHEMA_VERSION else SCHEMA_VERSION)
    if not any(read.rows for read in reads.values()):
        why = opened or "; ".join(reads["documents"].lost) or "no project tables"
        raise ProjectError(f"nothing could be read from {source.name} ({why})")
    _write(target, _Mender(reads, report, target).mend(), report)
    return report


def _read_from_pages(source: Path, reads: dict[str, TableRead], version: int) -> None:
    """Look for the rows that could not be read through their table's tree on the file's
    pages themselves (see :mod:`.salvage_pages`), and add those found to ``reads``."""
    wanted = {table: read.unread for table, read in reads.items() if read.unread}
    if not wanted:
        return
    tables = data_tables(version)
    shapes = {
        table: Shape(
            tuple(c.declared for c in tables[table].columns),
            tuple(not c.not_null for c in tables[table].columns),
            next((i for i, c in enumerate(tables[table].columns) if c.is_rowid), None),
        )
        for table in wanted if table in tables
    }
    with _checkpointed(source) as snapshot:
        if snapshot is None:
            return
        found = rows_on_pages(snapshot, shapes, {t: wanted[t] for t in shapes})
    for table, rows in found.items():
        order = [column.name for column in tables[table].columns]
        read = reads[table]
        for rowid, values in sorted(rows.items()):
            on_disk = dict(zip(order, values, strict=True))
            read.rows.append({column: on_disk.get(column) for column in COPIED[table]})
            read.found_on_pages.add(rowid)


@contextmanager
def _checkpointed(source: Path) -> Iterator[Path | None]:
    """The file to read pages from: ``source`` itself when no write-ahead log waits beside
    it, else a private copy with the log folded in (None if that cannot be made: pages
    older than the log could bring back deleted rows)."""
    log = source.with_name(source.name + "-wal")
    try:
        waiting = log.exists() and log.stat().st_size > 0
    except OSError:
        waiting = True
    if not waiting:
        yield source
        return
    private = Path(tempfile.mkdtemp(prefix="glocal-salvage-"))
    try:
        copy = private / "copy.glocal"
        try:
            shutil.copyfile(source, copy)
            shutil.copyfile(log, private / "copy.glocal-wal")
            conn = sqlite3.connect(copy)
            try:
                busy, _frames, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                conn.close()
        except (OSError, sqlite3.Error):
            busy = 1
        yield None if busy else copy
    finally:
        shutil.rmtree(private, ignore_errors=True)


@contextmanager
def _snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction, so every table is read as of the same moment even while the
    app writes the project."""
    with suppress(sqlite3.Error):
        conn.execute("BEGIN")
    try:
        yield
    finally:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


class _Mender:
    """Checks and mends the rows read, table by table (see the module notes)."""

    def __init__(self, reads: dict[str, TableRead], report: SalvageReport, target: Path):
        self.reads = reads
        self.report = report
        self.target = target
        self.guids: set[str] = set()
        for read in reads.values():
            for line in read.lost:
                report.lose(line)
            for low, high in read.unread:
                rows = stretch(_THINGS[read.table], low, high)
                found = sum(low <= rowid <= high for rowid in read.found_on_pages)
                if not found and read.table in _OFTEN_EMPTY and read.table_missing \
                        and not read.rows and (low, high) == _WHOLE_TABLE:
                    report.mend(f"no {_THINGS[read.table]} was found on the file's pages (its "
                                "table could not be reached; there may have been none)")
                elif not found:
                    report.lose(f"{rows} could not be read (a damaged part of the file)")
                else:
                    report.mend(f"{rows} could not be reached through the file's tables; "
                                f"{found} were found on its pages, read one by one, and copied "
                                "(any others there are lost)")
            for column in read.missing_columns:
                report.mend(f"the {read.table} table had no {column} column; "
                            "a default was used")

    def mend(self) -> dict[str, list[dict[str, Any]]]:
        """The rows to write, by table (codes and coders include any stand-ins)."""
        rows = {
            "project_info": self._project_info(),
            "coders": self._coders(),
            "documents": self._documents(),
            "codes": self._codes(),
        }
        codings, memos = self._codings(), self._memos()
        rows["codes"] += self.stand_in_codes
        rows["coders"] += self.stand_in_coders
        rows["codings"], rows["memos"] = codings, memos
        rows["variables"] = self._variables()
        rows["variable_values"] = self._variable_values()
        rows["document_sets"] = self._document_sets()
        rows["document_set_members"] = self._set_members()
        return rows

    # -- helpers ---------------------------------------------------------------------------

    def _guid(self, value: Any, thing: str, key: Any) -> str:
        if isinstance(value, str) and value.strip() and value not in self.guids:
            self.guids.add(value)
            return value
        fresh = str(uuid.uuid4())
        self.guids.add(fresh)
        self.report.mend(f"{thing} {key} got a new GUID (its own was missing or repeated)")
        return fresh

    def _text(self, value: Any, thing: str, key: Any, column: str, default: str = "") -> str:
        """``value`` as text: bytes are read as UTF-8, numbers written out, NULL is
        ``default``; each change but the last is reported."""
        if isinstance(value, str):
            return value
        if value is None:
            return default
        if isinstance(value, bytes):
            text = value.decode("utf-8", "replace")
            if text.count("\ufffd") > value.count(b"\xef\xbf\xbd"):
                self.report.mend(f"{thing} {key}: its {column} was not valid UTF-8; the bytes "
                                 "that could not be read became U+FFFD")
            else:
                self.report.mend(f"{thing} {key}: its {column} was stored as bytes; read as "
                                 "UTF-8")
            return text
        self.report.mend(f"{thing} {key}: its {column} was stored as a number; kept as text")
        return str(value)

    def _name(self, value: Any, thing: str, key: Any, column: str = "name") -> str:
        """A name (or title) as text; an empty or unreadable one becomes ``thing key``."""
        name = self._text(value, thing, key, column).strip()
        if name:
            return name
        self.report.mend(f"{thing} {key} had no {column}; it is called '{thing} {key}' now")
        return f"{thing} {key}"

    @staticmethod
    def _int(value: Any) -> int | None:
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        return None

    # -- tables ----------------------------------------------------------------------------

    def _project_info(self) -> list[dict[str, Any]]:
        rows: dict[str, str] = {}
        for row in self.reads["project_info"].rows:
            key, value = row["key"], row["value"]
            if isinstance(key, str) and isinstance(value, str | int | float | bytes):
                rows[key] = self._text(value, "project setting", key, "value")
        rows["name"] = readable_name(self.target.stem)
        rows.setdefault("guid", str(uuid.uuid4()))
        rows.setdefault("created_at", _now())
        rows["salvaged_from"] = readable_name(str(self.report.source))
        rows["salvaged_at"] = _now()
        return [{"key": key, "value": value} for key, value in rows.items()]

    def _coders(self) -> list[dict[str, Any]]:
        rows = []
        names: set[str] = set()
        for row in self.reads["coders"].rows:
            key = self._int(row["id"])
            if key is None:
                self.report.lose(f"a coder without a usable id ({row['id']!r})")
                continue
            name = self._name(row["name"], "coder", key)
            name = _unique(name, names)
            rows.append({"id": key, "guid": self._guid(row["guid"], "coder", key),
                         "name": name})
        self.coder_ids = {row["id"] for row in rows}
        self.coder_names = names
        self.coder_names_by_id = {row["id"]: row["name"] for row in rows}
        self.stand_in_coder_ids: dict[int | None, int] = {}
        return rows

    def _documents(self) -> list[dict[str, Any]]:
        rows = []
        self.lengths: dict[int, int] = {}
        self.document_names: dict[int, str] = {}
        self.cut_short: set[int] = set()
        for row in self.reads["documents"].rows:
            key = self._int(row["id"])
            if key is None:
                self.report.lose(f"a document without a usable id ({row['id']!r})")
                continue
            if row["text"] is None:
                self.report.lose(f"document {key} ({row['name']!r}) has no text; left out")
                continue
            cut_short = "text" in self.reads["documents"].damaged.get(key, [])
            if cut_short and isinstance(row["text"], bytes):
                # the bytes up to a break: a character split by the break is left off
                text = row["text"].decode("utf-8", "replace").rstrip("\ufffd")
            else:
                text = self._text(row["text"], "document", key, "text")
            name = self._name(row["name"], "document", key)
            values = {
                "id": key,
                "guid": self._guid(row["guid"], "document", key),
                "name": name,
                "format": self._text(row["format"], "document", key, "format", "txt") or "txt",
                "text": text,
                "characters": len(text),
                "content_hash": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                "source_path": self._text(row["source_path"], "document", key, "source_path"),
                "imported_at": self._text(row["imported_at"], "document", key, "imported_at",
                                          _now()),
                "page_starts": self._json(row["page_starts"], list, key, "page list", "[]"),
                "metadata": self._json(row["metadata"], dict, key, "metadata", "{}"),
                "memo": self._text(row["memo"], "document", key, "memo"),
            }
            counted = self._int(row["characters"])
            if cut_short:
                self.cut_short.add(key)
                of = f" of {counted}" if counted is not None else ""
                self.report.mend(f"document {key} ({name}): only its first {len(text)}{of} "
                                 "characters could be read; the rest of it is lost")
            elif row["characters"] is not None and counted != len(text):
                self.report.mend(f"document {key} ({name}): its character count was "
                                 f"{row['characters']!r}, its text has {len(text)}; codings "
                                 "after a damaged stretch may be shifted")
            self.lengths[key] = len(text)
            self.document_names[key] = name
            rows.append(values)
        return rows

    def _json(self, value: Any, shape: type, key: int, what: str, empty: str) -> str:
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        try:
            parsed = json.loads(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        good = isinstance(parsed, shape) and (
            shape is not list or all(isinstance(n, int) and not isinstance(n, bool)
                                     for n in parsed)
        )
        if good:
            return value  # type: ignore[return-value]
        if value is not None:
            self.report.mend(f"document {key}: its {what} could not be read and was dropped")
        return empty

    def _codes(self) -> list[dict[str, Any]]:
        by_id: dict[int, dict[str, Any]] = {}
        for row in self.reads["codes"].rows:
            key = self._int(row["id"])
            if key is None:
                self.report.lose(f"a code without a usable id ({row['id']!r})")
                continue
            color = row["color"]
            if not (isinstance(color, str) and _COLOR.match(color)):
                self.report.mend(f"code {key}: its colour {color!r} was not #RRGGBB; grey now")
                color = _STAND_IN_COLOR
            values = {
                "id": key,
                "guid": self._guid(row["guid"], "code", key),
                "parent_id": self._int(row["parent_id"]),
                "position": self._int(row["position"]) or 0,
                "name": self._name(row["name"], "code", key),
                "color": color,
                "codable": 0 if self._int(row["codable"]) == 0 else 1,
                "created_at": self._text(row["created_at"], "code", key, "created_at", _now()),
            }
            for column in ("short_definition", "definition", "when_to_use", "when_not_to_use",
                           "example", "memo"):
                values[column] = self._text(row[column], "code", key, column)
            by_id[key] = values
        for key, values in by_id.items():
            parent = values["parent_id"]
            if parent is not None and parent not in by_id:
                self.report.mend(f"code {key} ({values['name']}): its parent code {parent} "
                                 "could not be read; moved to the top level")
                values["parent_id"] = None
        for key in _in_cycles(by_id):
            self.report.mend(f"code {key} ({by_id[key]['name']}) was its own ancestor; moved "
                             "to the top level")
            by_id[key]["parent_id"] = None
        self.codes = by_id
        return list(by_id.values())

    def _codings(self) -> list[dict[str, Any]]:
        codings = []
        identities: set[tuple] = set()
        self.stand_in_codes: list[dict[str, Any]] = []
        self.stand_in_coders: list[dict[str, Any]] = []
        for row in self.reads["codings"].rows:
            key = self._int(row["id"])
            if key is None:
                self.report.lose(f"a coding without a usable id ({row['id']!r})")
                continue
            document_id = self._int(row["document_id"])
            start, end = self._int(row["start"]), self._int(row["end"])
            where = f"coding {key} ([{row['start']!r}, {row['end']!r}) of document {document_id}"
            if document_id not in self.lengths:
                self.report.lose(f"{where}): its document could not be read")
                continue
            where = f"coding {key} ([{start}, {end}) of {self.document_names[document_id]}"
            if start is None or end is None or not 0 <= start < end <= self.lengths[document_id]:
                reason = ("it lies in the part of the document that could not be read"
                          if document_id in self.cut_short and start is not None
                          and end is not None and 0 <= start < end
                          else "its range lies outside the document's text")
                self.report.lose(f"{where}): {reason}")
                continue
            code_id = self._int(row["code_id"])
            if code_id not in self.codes:
                code_id = self._stand_in_code(code_id)
                self.report.mend(f"{where}): its code could not be read; kept under "
                                 f"{self.codes[code_id]['name']!r}")
            coder_id = self._int(row["coder_id"])
            if coder_id not in self.coder_ids:
                coder_id = self._stand_in_coder(coder_id)
                self.report.mend(f"{where}): its coder could not be read; kept as "
                                 f"{self.coder_names_by_id[coder_id]!r}")
            identity = (document_id, code_id, coder_id, start, end)
            if identity in identities:
                self.report.mend(f"{where}): a second copy of the same coding; kept once")
                continue
            identities.add(identity)
            codings.append({
                "id": key,
                "guid": self._guid(row["guid"], "coding", key),
                "document_id": document_id,
                "code_id": code_id,
                "coder_id": coder_id,
                "start": start,
                "end": end,
                "memo": self._text(row["memo"], "coding", key, "memo"),
                "created_at": self._text(row["created_at"], "coding", key, "created_at",
                                         _now()),
            })
        return codings

    def _memos(self) -> list[dict[str, Any]]:
        memos = []
        for row in self.reads["memos"].rows:
            key = self._int(row["id"])
            if key is None:
                self.report.lose(f"a memo without a usable id ({row['id']!r})")
                continue
            values = {
                "id": key,
                "guid": self._guid(row["guid"], "memo", key),
                "title": self._name(row["title"], "memo", key, "title"),
                "text": self._text(row["text"], "memo", key, "text"),
                "document_id": self._int(row["document_id"]),
                "coder_id": self._int(row["coder_id"]),
                "created_at": self._text(row["created_at"], "memo", key, "created_at", _now()),
                "modified_at": self._text(row["modified_at"], "memo", key, "modified_at",
                                          _now()),
            }
            for column, known, thing in (("document_id", self.lengths, "document"),
                                         ("coder_id", self.coder_ids, "coder")):
                if values[column] is not None and values[column] not in known:
                    self.report.mend(f"memo {key} ({values['title']}): its {thing} "
                                     f"{values[column]} could not be read; kept without it")
                    values[column] = None
            memos.append(values)
        return memos

    def _variables(self) -> list[dict[str, Any]]:
        rows = []
        names: set[str] = set()
        for number, row in enumerate(self.reads["variables"].rows):
            key = self._int(row["id"])
            if key is None:
                self.report.lose(f"a variable without a usable id ({row['id']!r})")
                continue
            name = _unique(self._name(row["name"], "variable", key), names)
            kind = row["type"]
            if kind not in VARIABLE_TYPES:
                self.report.mend(f"variable {key} ({name}): its type {kind!r} is not one this "
                                 "app knows; it is a text variable now")
                kind = "text"
            choices = row["choices"]
            try:
                parsed = json.loads(choices) if isinstance(choices, str) else None
            except ValueError:
                parsed = None
            if not (isinstance(parsed, list) and all(isinstance(c, str) for c in parsed)):
                self.report.mend(f"variable {key} ({name}): its choices could not be read "
                                 "and were dropped")
                choices = "[]"
                if kind == "choice":
                    kind = "text"
            rows.append({
                "id": key, "guid": self._guid(row["guid"], "variable", key), "name": name,
                "type": kind, "choices": choices,
                "description": self._text(row["description"], "variable", key, "description"),
                "position": self._int(row["position"]) if self._int(row["position"]) is not None
                else number,
            })
        self.variable_ids = {row["id"] for row in rows}
        return rows

    def _variable_values(self) -> list[dict[str, Any]]:
        rows = []
        seen: set[tuple[int, int]] = set()
        for row in self.reads["variable_values"].rows:
            key = self._int(row["id"])
            variable_id, document_id = self._int(row["variable_id"]), self._int(
                row["document_id"])
            if key is None or variable_id not in self.variable_ids \
                    or document_id not in self.lengths:
                self.report.lose(f"variable value {row['id']!r}: its variable or document "
                                 "could not be read")
                continue
            if (variable_id, document_id) in seen:
                self.report.mend(f"variable value {key}: a second value of one variable for "
                                 "one document; the first is kept")
                continue
            seen.add((variable_id, document_id))
            rows.append({"id": key, "variable_id": variable_id, "document_id": document_id,
                         "value": self._text(row["value"], "variable value", key, "value")})
        return rows

    def _document_sets(self) -> list[dict[str, Any]]:
        rows = []
        names: set[str] = set()
        for row in self.reads["document_sets"].rows:
            key = self._int(row["id"])
            if key is None:
                self.report.lose(f"a document set without a usable id ({row['id']!r})")
                continue
            rows.append({
                "id": key, "guid": self._guid(row["guid"], "document set", key),
                "name": _unique(self._name(row["name"], "document set", key), names),
                "description": self._text(row["description"], "document set", key,
                                          "description"),
                "created_at": self._text(row["created_at"], "document set", key,
                                         "created_at", _now()),
            })
        self.set_ids = {row["id"] for row in rows}
        return rows

    def _set_members(self) -> list[dict[str, Any]]:
        rows = []
        seen: set[tuple[int, int]] = set()
        for row in self.reads["document_set_members"].rows:
            key = self._int(row["id"])
            set_id, document_id = self._int(row["set_id"]), self._int(row["document_id"])
            if key is None or set_id not in self.set_ids or document_id not in self.lengths:
                self.report.lose(f"document set membership {row['id']!r}: its set or "
                                 "document could not be read")
                continue
            if (set_id, document_id) not in seen:
                seen.add((set_id, document_id))
                rows.append({"id": key, "set_id": set_id, "document_id": document_id})
        return rows

    def _stand_in_code(self, code_id: int | None) -> int:
        """The id of the code that holds codings of the unreadable code ``code_id``."""
        name = f"Unreadable code {code_id}" if code_id is not None else "Unreadable code"
        for code in self.stand_in_codes:
            if code["name"] == name:
                return code["id"]
        new_id = max([*self.codes, 0]) + 1
        values = {
            "id": new_id, "guid": str(uuid.uuid4()), "parent_id": None,
            "position": len(self.codes), "name": name, "color": _STAND_IN_COLOR, "codable": 1,
            "created_at": _now(), "short_definition": "", "definition": "", "when_to_use": "",
            "when_not_to_use": "",
            "example": "", "memo": "Made by salvage: holds codings whose code could not be read.",
        }
        self.codes[new_id] = values
        self.stand_in_codes.append(values)
        return new_id

    def _stand_in_coder(self, coder_id: int | None) -> int:
        """The id of the coder that stands in for the unreadable coder ``coder_id``."""
        if coder_id in self.stand_in_coder_ids:
            return self.stand_in_coder_ids[coder_id]
        name = _unique(f"unreadable coder {coder_id}", self.coder_names)
        new_id = max([*self.coder_ids, 0]) + 1
        self.coder_ids.add(new_id)
        self.stand_in_coder_ids[coder_id] = new_id
        self.coder_names_by_id[new_id] = name
        self.stand_in_coders.append({"id": new_id, "guid": str(uuid.uuid4()), "name": name})
        return new_id


def _unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``... if taken (case-insensitively); adds it to ``taken``."""
    candidate, number = name, 2
    while candidate.casefold() in taken:
        candidate = f"{name} ({number})"
        number += 1
    taken.add(candidate.casefold())
    return candidate


def _in_cycles(codes: dict[int, dict[str, Any]]) -> list[int]:
    """Break every cycle in the parent links by moving one code of it to the top level;
    return those codes."""
    state: dict[int, int] = {}  # 1: on the current path, 2: reaches the top
    breakers: list[int] = []
    for start in codes:
        path: list[int] = []
        node: int | None = start
        while node is not None and state.get(node) != 2:
            if state.get(node) == 1:
                breakers.append(node)
                codes[node]["parent_id"] = None
                break
            state[node] = 1
            path.append(node)
            node = codes[node]["parent_id"]
        for visited in path:
            state[visited] = 2
    return breakers


def _write(target: Path, rows: dict[str, list[dict[str, Any]]], report: SalvageReport) -> None:
    """Build the new project at ``target`` from ``rows`` (one transaction, then the search
    index from the texts); nothing is left at ``target`` if it fails."""
    rows = {**rows, "codes": _parents_first(rows["codes"])}
    with file_access.new_project_file(target) as building:
        database = ProjectDatabase(building, create=True)
        try:
            conn = database.conn
            with database.transaction():
                # the search data is built once, at the end, from the copied texts
                drop_search_index(conn, SCHEMA_VERSION, with_triggers=True)
                for table, columns in COPIED.items():
                    if not rows[table]:
                        continue
                    names = ", ".join(f'"{column}"' for column in columns)
                    conn.executemany(
                        f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})",
                        [tuple(row[column] for column in columns) for row in rows[table]],
                    )
            try:
                rebuild_derived(conn, SCHEMA_VERSION)
            except sqlite3.Error as error:
                raise (explain(error, target) or error) from error
        finally:
            database.close()
    report.copied = {table: len(rows[table]) for table in COPIED}


def _parents_first(codes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Codes ordered so that each comes after its parent (the foreign key is checked per
    row)."""
    by_id = {code["id"]: code for code in codes}
    placed: set[int] = set()
    ordered: list[dict[str, Any]] = []

    def place(code: dict[str, Any]) -> None:
        chain = []
        node: dict[str, Any] | None = code
        while node is not None and node["id"] not in placed:
            chain.append(node)
            parent = node["parent_id"]
            node = by_id.get(parent) if parent is not None else None
        for item in reversed(chain):
            placed.add(item["id"])
            ordered.append(item)

    for code in codes:
        place(code)
    return ordered

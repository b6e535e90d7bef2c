"""Rows the table's tree no longer reaches, found by reading the file page by page.

When an interior page of a table is damaged, SQLite cannot reach the leaf pages under it, though
those pages (and the rows on them) may be whole. This module reads every page of the file
itself, decodes the rows on each table leaf page (the SQLite file format:
https://sqlite.org/fileformat2.html, sections 1.6 "B-tree Pages", 2.1 "Record Format" and 1.5
"Overflow Pages") and keeps those that have the shape of an asked table (its number of columns
and the type of each). Pages on the file's list of free pages are skipped (they hold rows
that were deleted). It is used only for the rowids that could not be read through the tree.

The file must be a snapshot with no write-ahead log waiting (the caller reads a checkpointed
private copy when there is one), so each page holds its latest content. Damage met on a page
skips that page or row; this module never raises for it.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_TABLE_LEAF = 0x0D


@dataclass(frozen=True)
class Shape:
    """What a table's rows look like on disk: per column, the declared type ("TEXT",
    "INTEGER"), whether NULL is allowed, and whether it is the rowid itself (stored as NULL)."""

    declared: tuple[str, ...]
    nullable: tuple[bool, ...]
    rowid_column: int | None

    def fits(self, types: list[int]) -> bool:
        """True if a record with these serial types is a row of this table."""
        if len(types) != len(self.declared):
            return False
        for index, (serial, declared, nullable) in enumerate(
            zip(types, self.declared, self.nullable, strict=True)
        ):
            if index == self.rowid_column:
                if serial != 0:
                    return False
            elif serial == 0:
                if not nullable:
                    return False
            elif declared == "TEXT":
                if serial < 13 or serial % 2 == 0:
                    return False
            elif declared == "INTEGER" and serial not in (1, 2, 3, 4, 5, 6, 8, 9):
                return False
        return True


def _varint(data: bytes, offset: int) -> tuple[int, int]:
    """SQLite's variable-length integer at ``offset``: (value, offset after it)."""
    value = 0
    for index in range(9):
        byte = data[offset + index]
        if index == 8:
            return (value << 8) | byte, offset + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, offset + index + 1
    raise ValueError("varint")  # pragma: no cover - the loop always returns


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


class _File:
    def __init__(self, path: Path) -> None:
        self.handle = open(path, "rb")  # noqa: SIM115 - closed by close()
        header = self.handle.read(100)
        if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
            raise ValueError("not an SQLite file")
        size = struct.unpack(">H", header[16:18])[0]
        self.page_size = 65536 if size == 1 else size
        self.usable = self.page_size - header[20]
        self.utf8 = struct.unpack(">I", header[56:60])[0] == 1
        self.handle.seek(0, 2)
        self.pages = self.handle.tell() // self.page_size
        self.first_free_trunk = struct.unpack(">I", header[32:36])[0]

    def page(self, number: int) -> bytes:
        self.handle.seek((number - 1) * self.page_size)
        return self.handle.read(self.page_size)

    def close(self) -> None:
        self.handle.close()

    def free_pages(self) -> set[int]:
        """The pages on the free list (as far as it can be read)."""
        free: set[int] = set()
        trunk = self.first_free_trunk
        while 0 < trunk <= self.pages and trunk not in free:
            free.add(trunk)
            data = self.page(trunk)
            following, count = struct.unpack(">II", data[:8])
            if count > (self.usable - 8) // 4:
                break
            free.update(struct.unpack(f">{count}I", data[8:8 + 4 * count]))
            trunk = following
        return free

    def payload(self, data: bytes, offset: int, size: int) -> bytes | None:
        """The whole payload of a cell starting at ``offset`` (its local part, then its
        overflow pages), or None if a page of it cannot be followed."""
        usable = self.usable
        largest_local = usable - 35
        if size <= largest_local:
            return data[offset:offset + size]
        smallest = ((usable - 12) * 32 // 255) - 23
        local = smallest + ((size - smallest) % (usable - 4))
        if local > largest_local:
            local = smallest
        parts = [data[offset:offset + local]]
        following = struct.unpack(">I", data[offset + local:offset + local + 4])[0]
        remaining = size - local
        seen: set[int] = set()
        while remaining > 0:
            if not 0 < following <= self.pages or following in seen:
                return None
            seen.add(following)
            page = self.page(following)
            chunk = page[4:4 + min(remaining, usable - 4)]
            parts.append(chunk)
            remaining -= len(chunk)
            following = struct.unpack(">I", page[:4])[0]
        return b"".join(parts)


def _record(payload: bytes) -> tuple[list[int], list[object]]:
    """The serial types and values of a record."""
    header_size, offset = _varint(payload, 0)
    types: list[int] = []
    while offset < header_size:
        serial, offset = _varint(payload, offset)
        types.append(serial)
    values: list[object] = []
    position = header_size
    for serial in types:
        if serial == 0:
            values.append(None)
        elif 1 <= serial <= 6:
            width = (1, 2, 3, 4, 6, 8)[serial - 1]
            raw = payload[position:position + width]
            if len(raw) != width:
                raise ValueError("record")
            values.append(int.from_bytes(raw, "big", signed=True))
            position += width
        elif serial == 7:
            values.append(struct.unpack(">d", payload[position:position + 8])[0])
            position += 8
        elif serial in (8, 9):
            values.append(serial - 8)
        elif serial >= 12:
            width = (serial - 12) // 2
            raw = payload[position:position + width]
            if len(raw) != width:
                raise ValueError("record")
            values.append(raw.decode("utf-8", "replace") if serial % 2 else raw)
            position += width
        else:
            raise ValueError("record")
    return types, values


def _leaf_rows(file: _File, number: int) -> Iterator[tuple[int, list[int], list[object]]]:
    data = file.page(number)
    start = 100 if number == 1 else 0
    if len(data) < start + 8 or data[start] != _TABLE_LEAF:
        return
    cells = struct.unpack(">H", data[start + 3:start + 5])[0]
    for index in range(cells):
        try:
            pointer = struct.unpack(">H", data[start + 8 + 2 * index:start + 10 + 2 * index])[0]
            size, offset = _varint(data, pointer)
            rowid, offset = _varint(data, offset)
            payload = file.payload(data, offset, size)
            if payload is None:
                continue
            types, values = _record(payload)
        except (ValueError, IndexError, struct.error):
            continue
        yield _signed(rowid), types, values


def rows_on_pages(path: Path, shapes: dict[str, Shape],
                  wanted: dict[str, list[tuple[int, int]]]) -> dict[str, dict[int, list]]:
    """For each table in ``wanted`` (rowid stretches ``(low, high)``, inclusive), the rows of
    its shape found on the file's table leaf pages with a rowid in one of those stretches:
    ``{table: {rowid: values}}``, the rowid column filled in."""
    found: dict[str, dict[int, list]] = {table: {} for table in wanted}
    try:
        file = _File(path)
    except (OSError, ValueError, struct.error):
        return found
    try:
        if not file.utf8:
            return found
        try:
            free = file.free_pages()
        except (OSError, struct.error):
            free = set()
        for number in range(1, file.pages + 1):
            if number in free:
                continue
            for rowid, types, values in _leaf_rows(file, number):
                for table, stretches in wanted.items():
                    shape = shapes[table]
                    if rowid in found[table] or not shape.fits(types):
                        continue
                    if any(low <= rowid <= high for low, high in stretches):
                        if shape.rowid_column is not None:
                            values[shape.rowid_column] = rowid
                        found[table][rowid] = values
                        break
    except OSError:
        pass
    finally:
        file.close()
    return found

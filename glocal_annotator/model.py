"""Plain data: what a project holds. No I/O here.

Offsets are Python ``str`` indices (Unicode code points) into :attr:`Document.text`, half-open
``[start, end)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# The fields of a good codebook entry, in the order they are shown and exported.
CODE_ENTRY_FIELDS: tuple[tuple[str, str], ...] = (
    ("short_definition", "Short definition"),
    ("definition", "Full definition"),
    ("when_to_use", "When to use"),
    ("when_not_to_use", "When not to use"),
    ("example", "Example"),
)
# The text fields a code carries: the entry fields, then the memo. Codebook nodes (default
# codebook, .qdc, .csv) carry them under these names, in this order.
# The entry fields and the memo, with their labels: what an editor, an export or a .qdc shows.
CODE_TEXT_FIELD_LABELS: tuple[tuple[str, str], ...] = (*CODE_ENTRY_FIELDS, ("memo", "Memo"))
CODE_TEXT_FIELDS: tuple[str, ...] = tuple(name for name, _ in CODE_TEXT_FIELD_LABELS)


@dataclass(frozen=True)
class Coder:
    id: int
    guid: str
    name: str


@dataclass(frozen=True)
class Document:
    """A document as listed: everything but its (possibly large) text."""

    id: int
    guid: str
    name: str
    format: str
    characters: int
    content_hash: str
    imported_at: str
    source_path: str = ""
    page_starts: tuple[int, ...] = ()
    metadata: dict = field(default_factory=dict, compare=False)
    codings: int = 0


@dataclass(frozen=True)
class Code:
    id: int
    guid: str
    name: str
    parent_id: int | None
    position: int
    color: str
    codable: bool = True
    short_definition: str = ""
    definition: str = ""
    when_to_use: str = ""
    when_not_to_use: str = ""
    example: str = ""
    memo: str = ""
    path: str = ""  # names from the top joined by "/", a "/" in a name as "\/" (code_paths)
    codings: int = 0


def with_subcodes(codes: Iterable[Code], code_ids: Iterable[int]) -> list[int]:
    """The codes asked for and all their sub-codes (as NVivo and MAXQDA retrieve), in codebook
    order. ``codes`` must be in codebook order (parents before their children), as
    ``Project.codes()`` gives them; ids that are not among ``codes`` are left out."""
    wanted = set(code_ids)
    chosen: list[int] = []
    for code in codes:
        if code.id in wanted or code.parent_id in wanted:
            wanted.add(code.id)
            chosen.append(code.id)
    return chosen


@dataclass(frozen=True)
class Coding:
    id: int
    guid: str
    document_id: int
    code_id: int
    coder_id: int
    start: int
    end: int
    memo: str
    created_at: str


@dataclass(frozen=True)
class Excerpt:
    """A coding with what is needed to show or export it without further look-ups."""

    coding_id: int
    document_id: int
    document: str
    code_id: int
    code_path: str
    color: str
    coder: str
    start: int
    end: int
    text: str
    memo: str
    created_at: str


@dataclass(frozen=True)
class SearchHit:
    document_id: int
    document: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Memo:
    id: int
    guid: str
    title: str
    text: str
    document_id: int | None
    coder_id: int | None
    created_at: str
    modified_at: str

"""Plain data: what a project holds. No I/O here.

Offsets are Python ``str`` indices (Unicode code points) into :attr:`Document.text`, half-open
``[start, end)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The fields of a good codebook entry, in the order they are shown and exported.
CODE_ENTRY_FIELDS: tuple[tuple[str, str], ...] = (
    ("short_definition", "Short definition"),
    ("definition", "Full definition"),
    ("when_to_use", "When to use"),
    ("when_not_to_use", "When not to use"),
    ("example", "Example"),
)


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
    path: str = ""
    codings: int = 0


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

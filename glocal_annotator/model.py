"""Plain data: what a project holds. No I/O here.

Offsets are Python ``str`` indices (Unicode code points) into :attr:`Document.text`, half-open
``[start, end)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
class CodeEntry:
    """What a code is, wherever it lives: its name, GUID, colour, whether it can be applied, and
    the codebook entry (:data:`CODE_TEXT_FIELDS`). A project's :class:`Code` and a codebook file's
    :class:`CodebookNode` are both entries, so the fields are named and ordered once, here."""

    name: str
    guid: str  # canonical lowercase
    color: str | None  # '#RRGGBB'; None only in a codebook file that gave none
    codable: bool = True
    short_definition: str = ""
    definition: str = ""
    when_to_use: str = ""
    when_not_to_use: str = ""
    example: str = ""
    memo: str = ""

    def entry_fields(self) -> dict[str, str]:
        """The text fields (:data:`CODE_TEXT_FIELDS`, memo included) by name, in order."""
        return {name: getattr(self, name) for name in CODE_TEXT_FIELDS}


@dataclass(frozen=True, kw_only=True)
class Code(CodeEntry):
    """A code of the project's codebook, as stored, with its place in the tree."""

    id: int
    parent_id: int | None
    position: int  # among its siblings, from 0
    path: str = ""  # names from the top, joined by "/"
    codings: int = 0  # how many codings apply it


@dataclass(frozen=True)
class CodebookNode(CodeEntry):
    """One code of a codebook that is not (yet) the project's: the default codebook, a .qdc, a
    .qdpx or a .csv file. Its sub-codes are its ``children``, in order."""

    children: list[CodebookNode] = field(default_factory=list)


@dataclass
class CodeSet:
    """A named group of codes (REFI-QDA ``Set`` with ``MemberCode``\\ s)."""

    name: str
    guid: str
    member_guids: list[str] = field(default_factory=list)
    description: str = ""


@dataclass
class Codebook:
    """A codebook outside the project: a tree of :class:`CodebookNode` and its code sets."""

    codes: list[CodebookNode]
    origin: str = ""  # the tool that wrote the file, if it said
    sets: list[CodeSet] = field(default_factory=list)
    # What was repaired while reading (fresh GUIDs, dropped colours ...); not part of equality.
    warnings: list[str] = field(default_factory=list, compare=False)

    def walk(self) -> Iterator[tuple[int, CodebookNode]]:
        """Every code, depth first in file order, as ``(depth, node)``; top-level codes are 1."""
        return walk(self.codes)

    @classmethod
    def from_codes(cls, codes: Iterable[Code]) -> Codebook:
        """The project's codes as a tree. ``codes`` must be in codebook order (parents before
        their children), as ``Project.codes()`` gives them."""
        roots: list[CodebookNode] = []
        nodes: dict[int, CodebookNode] = {}
        for code in codes:
            node = CodebookNode(
                name=code.name,
                guid=code.guid,
                color=code.color,
                codable=code.codable,
                **{name: value or "" for name, value in code.entry_fields().items()},
            )
            nodes[code.id] = node
            siblings = roots if code.parent_id is None else nodes[code.parent_id].children
            siblings.append(node)
        return cls(codes=roots)


def walk(nodes: Iterable[CodebookNode], depth: int = 1) -> Iterator[tuple[int, CodebookNode]]:
    """``(depth, node)`` for ``nodes`` and all their descendants, depth first (no recursion, so
    any depth works)."""
    stack = [(depth, node) for node in reversed(list(nodes))]
    while stack:
        level, node = stack.pop()
        yield level, node
        stack.extend((level + 1, child) for child in reversed(node.children))


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

"""Plain data: what a project holds. No I/O here.

Offsets are Python ``str`` indices (Unicode code points) into :attr:`Document.text`, half-open
``[start, end)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from functools import cached_property

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
    path: str = ""  # names from the top joined by "/", a "/" in a name as "\\/" (code_paths)
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


# The types a document variable can have (REFI-QDA's ``typeOfVariable`` Text, Float/Integer,
# Date and Boolean, and a list of choices as NVivo and MAXQDA offer; see variable_types.py).
VARIABLE_TYPES: tuple[str, ...] = ("text", "number", "date", "boolean", "choice")


@dataclass(frozen=True)
class Variable:
    """A document variable (NVivo: attribute; MAXQDA: document variable; REFI-QDA:
    ``Variable``): a name, a type (:data:`VARIABLE_TYPES`) and, for ``choice``, the values it
    allows, in order. Each document has at most one value per variable."""

    name: str
    type: str
    choices: tuple[str, ...] = ()
    id: int = 0
    guid: str = ""
    description: str = ""
    position: int = 0  # among the project's variables, from 0


@dataclass(frozen=True)
class DocumentSet:
    """A named group of documents (NVivo and MAXQDA: document set; REFI-QDA: a ``Set`` of
    ``MemberSource``\\ s). A document may be in several sets."""

    id: int
    guid: str
    name: str
    document_ids: frozenset[int] = frozenset()
    description: str = ""


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


# A coding as the analyses that read tens of thousands at once take it (no GUID, memo or time):
# (document_id, code_id, coder_id, start, end), offsets in code points, half-open.
CoderSpan = tuple[int, int, int, int, int]


def _id_tuple(ids: Iterable[int] | None) -> tuple[int, ...] | None:
    return None if ids is None else tuple(ids)


@dataclass(frozen=True)
class CodingFilter:
    """Which codings to take, by code, document and coder ids (MAXQDA's "activate" model, as the
    retrieval panel, the exports and ``excerpts --code/--doc/--coder`` use it).

    Within one field the ids are united, across fields they are intersected. ``None`` lets every
    code (document, coder) through; an empty tuple lets none through. Code ids are taken as they
    are: :meth:`with_subcodes` adds the sub-codes, as NVivo and MAXQDA retrieve.
    """

    code_ids: tuple[int, ...] | None = None
    document_ids: tuple[int, ...] | None = None
    coder_ids: tuple[int, ...] | None = None

    def __post_init__(self) -> None:  # lists and sets given are kept as tuples (hashable)
        for name in ("code_ids", "document_ids", "coder_ids"):
            object.__setattr__(self, name, _id_tuple(getattr(self, name)))

    def with_subcodes(self, codes: Iterable[Code]) -> CodingFilter:
        """The same filter with the sub-codes of every chosen code added (see
        :func:`with_subcodes`; ``codes`` in codebook order). No code filter stays none."""
        if self.code_ids is None:
            return self
        return replace(self, code_ids=tuple(with_subcodes(codes, self.code_ids)))

    def within_coders(self, coder_ids: Iterable[int] | None) -> CodingFilter:
        """The same filter letting through only the coders ``coder_ids`` as well (blind coding:
        one's own codings alone); ``None`` changes nothing, an empty list lets no coder
        through."""
        if coder_ids is None:
            return self
        allowed = tuple(coder_ids)
        if self.coder_ids is not None:
            allowed = tuple(c for c in self.coder_ids if c in set(allowed))
        return replace(self, coder_ids=allowed)

    def admits(self, coding: Coding) -> bool:
        """Whether ``coding`` passes the filter (in constant time)."""
        codes, documents, coders = self._sets
        return (
            (codes is None or coding.code_id in codes)
            and (documents is None or coding.document_id in documents)
            and (coders is None or coding.coder_id in coders)
        )

    @cached_property
    def _sets(self) -> tuple[frozenset[int] | None, ...]:
        return tuple(
            None if ids is None else frozenset(ids)
            for ids in (self.code_ids, self.document_ids, self.coder_ids)
        )


@dataclass(frozen=True)
class ChangeSummary:
    """What one committed change did, in the model's terms (as Anki's ``OpChanges``), for views
    to follow it without knowing the file's tables.

    Codings are compared before and after the change: a coding that was added appears in
    ``codings_added``, one that was deleted in ``codings_removed``, and one that was altered
    (recoded, re-memoed) in both, as it was and as it is. Undo and redo are changes too, so each
    kind of set can grow or shrink (undoing an import removes the codes it added).
    """

    codings_added: tuple[Coding, ...] = ()
    codings_removed: tuple[Coding, ...] = ()
    # codes added, deleted, moved to another parent or reordered: the code tree must be rebuilt
    codes_restructured: frozenset[int] = frozenset()
    # codes renamed or recoloured: what a highlight and its label show
    codes_restyled: frozenset[int] = frozenset()
    # codes whose entry fields, memo or codable flag were edited
    codes_edited: frozenset[int] = frozenset()
    documents: frozenset[int] = frozenset()  # documents added, renamed or deleted
    coders_added: frozenset[int] = frozenset()  # coders that appeared (a first coding by them)
    coders_removed: frozenset[int] = frozenset()  # coders that went (that coding undone)
    memos: frozenset[int] = frozenset()  # memos added, edited or deleted
    project_info: frozenset[str] = frozenset()  # keys of the project's own facts (name ...)
    variables: frozenset[int] = frozenset()  # variables defined, renamed, retyped or deleted
    # (variable id, document id) of each value set, changed or cleared
    variable_values: frozenset[tuple[int, int]] = frozenset()
    # document sets added, renamed or deleted, or whose documents changed
    document_sets: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        """Whether the change changed nothing at all."""
        return not any(getattr(self, f.name) for f in fields(self))

    @property
    def codes_changed(self) -> frozenset[int]:
        """Every code this change touched, for any reason."""
        return self.codes_restructured | self.codes_restyled | self.codes_edited

    @property
    def coders_changed(self) -> bool:
        return bool(self.coders_added or self.coders_removed)

    @property
    def document_ids(self) -> frozenset[int]:
        """Documents whose own rows or whose codings this change touched."""
        return self.documents | {
            coding.document_id for coding in (*self.codings_added, *self.codings_removed)
        }

    def coding_counts(self) -> tuple[dict[int, int], dict[int, int]]:
        """How the number of codings changed, per code and per document (negative: fewer);
        keys whose count did not change may be present with 0."""
        per_code: dict[int, int] = {}
        per_document: dict[int, int] = {}
        for codings, step in ((self.codings_removed, -1), (self.codings_added, 1)):
            for coding in codings:
                per_code[coding.code_id] = per_code.get(coding.code_id, 0) + step
                per_document[coding.document_id] = per_document.get(coding.document_id, 0) + step
        return per_code, per_document


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

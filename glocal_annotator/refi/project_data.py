"""Plain data of a REFI-QDA project (.qdpx/.qde), as read (``Refi*``) and as written (``Qdpx*``).

No I/O and no project here. Offsets in ``Refi*`` are the file's own (their units are worked out
per source by :mod:`.offset_units`); offsets in ``Qdpx*`` are code points into the stored text.
GUIDs are canonical (lowercase, no braces: :func:`.guids.normalize_guid`); times are the file's
``xsd:dateTime`` strings (``2024-05-01T10:00:00Z``), or "" when not given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from glocal_annotator.model import Codebook

# --------------------------------------------------------------------------------------- reading


@dataclass
class RefiUser:
    guid: str
    name: str


@dataclass
class RefiCoding:
    """A ``Coding`` of a selection (or of a whole source)."""

    guid: str | None
    code_guid: str | None
    creator: str | None = None  # a user GUID
    created_at: str = ""
    note_guids: list[str] = field(default_factory=list)


@dataclass
class RefiSelection:
    """A ``PlainTextSelection``: offsets as the file counts them, end exclusive."""

    guid: str | None
    name: str
    start: int
    end: int
    creator: str | None = None
    created_at: str = ""
    description: str = ""
    codings: list[RefiCoding] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)


@dataclass
class RichText:
    """A source's rich text file (``richTextPath``, or a PDF's own file): its suffix and bytes."""

    suffix: str  # ".docx", ".pdf"
    data: bytes
    label: str  # where it was found, for the report


@dataclass
class RefiSource:
    """A text source (``TextSource``, or a ``PDFSource`` through its text ``Representation``)."""

    guid: str
    name: str
    kind: str  # "text" or "pdf"
    raw_text: str | None = None  # decoded plain text, BOM and line endings as in the file
    text_label: str = ""  # where the plain text came from, for the report
    rich: RichText | None = None  # for when there is no plain text
    problem: str = ""  # why there is no text, when there is none
    description: str = ""
    creator: str | None = None
    created_at: str = ""
    selections: list[RefiSelection] = field(default_factory=list)
    whole_codings: list[RefiCoding] = field(default_factory=list)  # codings of the whole source
    note_guids: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    sets: list[str] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)


@dataclass
class RefiNote:
    """A ``Note`` (a memo in the other tool)."""

    guid: str
    name: str
    text: str
    description: str = ""
    creator: str | None = None
    created_at: str = ""
    modified_at: str = ""


@dataclass
class RefiVariable:
    """A ``Variable`` of the file: its REFI-QDA ``typeOfVariable`` (Text, Boolean, Integer,
    Float, Date, DateTime) and description."""

    guid: str
    name: str
    type_of_variable: str
    description: str = ""


@dataclass
class RefiSet:
    """A ``Set`` of the file, with the sources it holds (``MemberSource``)."""

    guid: str
    name: str
    description: str = ""
    source_guids: list[str] = field(default_factory=list)


@dataclass
class RefiProject:
    """Everything an import can use from a .qdpx/.qde, and what it could not use.

    ``skipped`` and ``transformed`` are one line each, for the import report; readers of the
    project file add to them, later steps too.
    """

    name: str
    origin: str = ""
    creator: str | None = None
    users: list[RefiUser] = field(default_factory=list)
    codebook: Codebook = field(default_factory=lambda: Codebook(codes=[]))
    code_note_guids: dict[str, list[str]] = field(default_factory=dict)  # code GUID -> notes
    sources: list[RefiSource] = field(default_factory=list)
    notes: dict[str, RefiNote] = field(default_factory=dict)
    project_note_guids: list[str] = field(default_factory=list)
    description: str = ""
    case_guids: set[str] = field(default_factory=set)
    variables: list[RefiVariable] = field(default_factory=list)
    sets: list[RefiSet] = field(default_factory=list)  # sets of sources
    skipped: list[str] = field(default_factory=list)
    transformed: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------- writing


@dataclass
class QdpxNote:
    guid: str
    title: str
    text: str
    creator: str | None = None
    created_at: str = ""
    modified_at: str = ""


@dataclass
class QdpxCoding:
    """One coding, written as one ``PlainTextSelection`` holding one ``Coding``."""

    guid: str
    selection_guid: str
    start: int  # code points into the stored text
    end: int
    code_guid: str
    creator: str | None
    created_at: str
    memo_note: QdpxNote | None = None  # the coding memo, also the selection's Description


@dataclass
class QdpxDocument:
    guid: str
    name: str
    text: str  # the stored text: LF only, no BOM
    created_at: str = ""
    creator: str | None = None
    notes: list[QdpxNote] = field(default_factory=list)  # the document memo first, if any
    codings: list[QdpxCoding] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)  # variable GUID -> canonical value


@dataclass
class QdpxVariable:
    """A document variable to write: this app's type (text, number, date, boolean, choice) and,
    for a choice, its choices (:mod:`.variables` says how they are written)."""

    guid: str
    name: str
    type: str
    choices: tuple[str, ...] = ()
    description: str = ""


@dataclass
class QdpxSet:
    guid: str
    name: str
    document_guids: list[str] = field(default_factory=list)
    code_guids: list[str] = field(default_factory=list)
    description: str = ""


@dataclass
class QdpxProject:
    """A whole project to write as .qdpx (see :mod:`.project_xml`)."""

    name: str
    origin: str
    users: list[RefiUser]
    codebook: Codebook
    documents: list[QdpxDocument]
    project_notes: list[QdpxNote] = field(default_factory=list)
    sets: list[QdpxSet] = field(default_factory=list)
    variables: list[QdpxVariable] = field(default_factory=list)
    created_at: str = ""
    modified_at: str = ""
    creator: str | None = None

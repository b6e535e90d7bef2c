"""From a REFI-QDA project as read to what an import adds: documents with their stored text and
codings in code points, memos, coders and the codebook. Pure: plain data in, plain data out.

:func:`resolve_project` takes a :class:`~.project_data.RefiProject` (its sources' plain text
already there; the caller extracts rich text where a source has no plain text) and, per source:

- works out the offset units (:func:`.offset_units.choose_reading`) and maps every selection into
  the stored text, recording the reading chosen (report, and the document's metadata
  ``offset_units``);
- turns each ``Coding`` of a selection into a coding of that range, its memo made of the
  selection's ``Description``, the notes linked to the selection and those linked to the coding
  (each distinct text once, blank line between); a coding of the whole source covers its text;
- turns a selection without codings but with a description or notes into a memo on the document
  (noted), and lists one with neither as skipped (ATLAS.ti's free quotations);
- gives the document's memo from the source's ``Description`` and the note this app writes as the
  document memo (:func:`document_memo_guid`); other notes linked to the source become memos of the
  document; case names go to the document's metadata;
- keeps the document's variable values (by variable GUID) in the variables' types: a variable
  whose values do not all fit its type is imported as text (noted), DateTime as text; the
  file's sets of sources become document sets.

Notes linked to codes are added to the code's memo; notes linked from the project or from nothing
become project memos. A code that has codings in the file but is marked not codable is imported
codable (noted). Codings naming no code (or a case, as MAXQDA's case codings do) are skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from glocal_annotator.errors import InvalidValue
from glocal_annotator.model import Codebook, CodebookNode, walk
from glocal_annotator.progress import Ticker
from glocal_annotator.refi.guids import derived_guid
from glocal_annotator.refi.offset_units import Selection, UnitsChoice, choose_reading, stored_text
from glocal_annotator.refi.project_data import RefiNote, RefiProject, RefiSource, RefiUser
from glocal_annotator.refi.variables import our_type
from glocal_annotator.variable_types import canonical_value
from glocal_annotator.wording import plural

# The texts of the notes with the given GUIDs, marking them used (broken links are reported).
NoteTexts = Callable[[list[str]], list[str]]


def document_memo_guid(document_guid: str) -> str:
    """The GUID of the note that carries a document's memo in our exports (derived, stable)."""
    return derived_guid(document_guid, "document memo")


def coding_memo_guid(coding_guid: str) -> str:
    """The GUID of the note that carries a coding's memo in our exports."""
    return derived_guid(coding_guid, "coding memo")


def selection_guid(coding_guid: str) -> str:
    """The GUID of the selection that holds a coding in our exports (one selection a coding)."""
    return derived_guid(coding_guid, "selection")


@dataclass
class IncomingCoding:
    guid: str | None
    code_guid: str
    coder_guid: str | None
    start: int  # code points into the document's stored text
    end: int
    memo: str = ""
    created_at: str = ""


@dataclass
class IncomingMemo:
    guid: str
    title: str
    text: str
    coder_guid: str | None = None
    created_at: str = ""
    modified_at: str = ""
    document_guid: str | None = None  # None: a project memo


@dataclass
class SourceUnits:
    """How one source's offsets were read, for the import report."""

    name: str
    reading: str  # in words (Reading.label)
    key: str  # Reading.key
    selections: int
    on_words: int
    names_compared: int
    names_matched: int
    unclean: int
    text_from: str

    def line(self) -> str:
        parts = [f"{self.name}: {self.reading}"]
        if self.selections:
            parts.append(f"{self.on_words} of {plural(self.selections, 'selection')} on word "
                         "boundaries")
            if self.names_compared:
                parts.append(f"{self.names_matched} of "
                             f"{plural(self.names_compared, 'named selection')} "
                              "match their text")
            if self.unclean:
                parts.append(f"{self.unclean} inside a character or past the end")
        else:
            parts.append("no selections")
        return "; ".join(parts)


@dataclass
class IncomingDocument:
    guid: str
    name: str
    text: str  # as stored: LF only, no BOM, no trailing whitespace
    format: str
    memo: str = ""
    metadata: dict = field(default_factory=dict)
    codings: list[IncomingCoding] = field(default_factory=list)
    created_at: str = ""
    variables: dict[str, str] = field(default_factory=dict)  # variable GUID -> value as read
    # Where each page starts in ``text`` (code points; PDFs only) and the file it was first
    # imported from: a merged project file has them, REFI-QDA has no place for them.
    page_starts: tuple[int, ...] = ()
    source_path: str = ""


@dataclass
class IncomingVariable:
    """A variable as this app will hold it: its type (text, number, date, boolean, choice) and
    choices worked out from the file (:func:`glocal_annotator.refi.variables.our_type`)."""

    guid: str
    name: str
    type: str
    choices: tuple[str, ...] = ()
    description: str = ""


@dataclass
class IncomingSet:
    """A document set: the GUIDs of the sources it holds (those imported)."""

    guid: str
    name: str
    description: str = ""
    document_guids: list[str] = field(default_factory=list)


@dataclass
class IncomingProject:
    """What an import would add, in this app's terms (see the module notes)."""

    name: str
    origin: str
    users: list[RefiUser]
    codebook: Codebook
    documents: list[IncomingDocument]
    memos: list[IncomingMemo]
    units: list[SourceUnits]
    default_coder: str | None = None  # the project's creator, for codings that name none
    case_guids: set[str] = field(default_factory=set)
    variables: list[IncomingVariable] = field(default_factory=list)
    sets: list[IncomingSet] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    transformed: list[str] = field(default_factory=list)


def _join(parts: list[str]) -> str:
    seen: list[str] = []
    for part in parts:
        text = part.replace("\r\n", "\n").replace("\r", "\n").strip()
        if text and text not in seen:
            seen.append(text)
    return "\n\n".join(seen)


def _note_text(note: RefiNote) -> str:
    return _join([note.text, note.description])


def resolve_project(project: RefiProject, ticker: Ticker | None = None) -> IncomingProject:
    """See the module notes. Sources without text (``raw_text`` None) are listed as skipped,
    with their codings. ``ticker``'s current stage counts one step per source (give it
    ``len(project.sources)`` steps); a cancel there raises its error (nothing is changed here).
    """
    skipped = list(project.skipped)
    transformed = list(project.transformed)
    used_notes: set[str] = set()

    def notes(guids: list[str]) -> list[str]:
        texts = []
        for guid in guids:
            note = project.notes.get(guid)
            if note is None:
                skipped.append(f"a link to a note that is not in the file ({guid})")
                continue
            used_notes.add(guid)
            texts.append(_note_text(note))
        return texts

    codebook = _codebook(project, notes, transformed)
    documents: list[IncomingDocument] = []
    memos: list[IncomingMemo] = []
    units: list[SourceUnits] = []
    for source in project.sources:
        if ticker is not None:
            ticker.step()
        if source.raw_text is None:
            codings = sum(len(s.codings) for s in source.selections) + len(source.whole_codings)
            skipped.append(f"the source {source.name!r} with {plural(codings, 'coding')}: "
                           f"{source.problem or 'its text could not be read'}")
            continue
        document, source_memos, source_units = _document(
            source, project, notes, skipped, transformed
        )
        documents.append(document)
        memos.extend(source_memos)
        units.append(source_units)
    for guid in project.project_note_guids:
        used_notes.discard(guid)  # project notes become project memos even if also used
    for guid, note in project.notes.items():
        if guid in used_notes:
            continue
        memos.append(IncomingMemo(
            guid=guid,
            title=note.name or "Memo",
            text=_note_text(note),
            coder_guid=note.creator,
            created_at=note.created_at,
            modified_at=note.modified_at or note.created_at,
        ))
    if project.description:
        memos.append(IncomingMemo(
            guid=derived_guid(project.name, "project description"),
            title="Project description",
            text=project.description,
            coder_guid=project.creator,
        ))
        transformed.append("the project's description became the project memo "
                           "'Project description'")
    imported = {document.guid for document in documents if document.guid}
    return IncomingProject(
        name=project.name,
        origin=project.origin,
        users=list(project.users),
        codebook=codebook,
        documents=documents,
        memos=memos,
        units=units,
        default_coder=project.creator,
        case_guids=set(project.case_guids),
        variables=_variables(project, documents, transformed),
        sets=[IncomingSet(item.guid, item.name, item.description,
                          [guid for guid in item.source_guids if guid in imported])
              for item in project.sets],
        skipped=skipped,
        transformed=transformed,
    )


def _variables(project: RefiProject, documents: list[IncomingDocument],
               transformed: list[str]) -> list[IncomingVariable]:
    """The file's variables in this app's types; a variable whose values do not all fit the
    type the file gives it becomes a text variable (said in ``transformed``), so no value is
    lost. Each document's values (read by variable name) are kept by variable GUID."""
    guids = {variable.name: variable.guid for variable in project.variables}
    read = [{guids[name]: value.strip() for name, value in document.variables.items()
             if name in guids and value.strip()} for document in documents]
    for document, values in zip(documents, read, strict=True):
        document.variables = dict(values)
    found: list[IncomingVariable] = []
    for variable in project.variables:
        kind, choices, description = our_type(variable.type_of_variable, variable.description)
        if variable.type_of_variable.strip().casefold() == "datetime":
            transformed.append(f"the variable {variable.name!r} holds dates with times "
                               "(DateTime); it was imported as text, values as written")
        for document in documents:
            value = document.variables.get(variable.guid)
            if value is None:
                continue
            try:
                document.variables[variable.guid] = canonical_value(kind, value, choices)
            except InvalidValue as error:
                transformed.append(f"the variable {variable.name!r} is {variable.type_of_variable}"
                                   f" in the file, but the value of {document.name!r} is not "
                                   f"({error}); it was imported as a text variable")
                kind, choices = "text", ()
                for other, values in zip(documents, read, strict=True):  # values as read
                    if variable.guid in values:
                        other.variables[variable.guid] = values[variable.guid]
                break
        found.append(IncomingVariable(variable.guid, variable.name, kind, choices, description))
    return found


def _codebook(project: RefiProject, notes: NoteTexts, transformed: list[str]) -> Codebook:
    coded = {
        coding.code_guid
        for source in project.sources
        for coding in (*source.whole_codings, *(c for s in source.selections for c in s.codings))
        if coding.code_guid
    }

    def rebuild(node: CodebookNode) -> CodebookNode:
        changes: dict = {"children": [rebuild(child) for child in node.children]}
        extra = notes(project.code_note_guids.get(node.guid, []))
        if extra:
            changes["memo"] = _join([node.memo, *extra])
        if not node.codable and node.guid in coded:
            changes["codable"] = True
            transformed.append(f"the code {node.name!r} is a folder (not codable) in the file "
                               "but has codings there; it was made codable")
        return replace(node, **changes)

    codebook = project.codebook
    codes = [rebuild(node) for node in codebook.codes]
    return Codebook(codes=codes, origin=codebook.origin)


def _document(
    source: RefiSource,
    project: RefiProject,
    notes: NoteTexts,
    skipped: list[str],
    transformed: list[str],
) -> tuple[IncomingDocument, list[IncomingMemo], SourceUnits]:
    raw = source.raw_text or ""
    text = stored_text(raw)
    choice: UnitsChoice = choose_reading(
        raw, [Selection(s.start, s.end, s.name) for s in source.selections]
    )
    known_codes = {node.guid for _, node in walk(project.codebook.codes)}
    guid = source.guid
    document = IncomingDocument(
        guid=guid,
        name=source.name,
        text=text,
        format=source.kind if source.kind == "pdf" else "txt",
        created_at=source.created_at,
    )
    memo_parts = [source.description]
    memos: list[IncomingMemo] = []
    for note_guid in source.note_guids:
        note = project.notes.get(note_guid)
        if note is None:
            notes([note_guid])  # reports the broken link
        elif guid and note_guid == document_memo_guid(guid):
            memo_parts.extend(notes([note_guid]))
        else:
            notes([note_guid])
            memos.append(IncomingMemo(
                guid=note_guid,
                title=note.name or f"Memo on {source.name}",
                text=_note_text(note),
                coder_guid=note.creator,
                created_at=note.created_at,
                modified_at=note.modified_at or note.created_at,
                document_guid=guid or None,
            ))
    document.memo = _join(memo_parts)
    document.variables = dict(source.variables)  # by name: by GUID in _variables
    metadata: dict = {"offset_units": choice.reading.key}
    if source.cases:
        metadata["cases"] = list(source.cases)
    if source.text_label and source.text_label != "PlainTextContent" \
            and not source.text_label.startswith("internal://"):
        metadata["source"] = source.text_label
    document.metadata = metadata

    def code_ok(code_guid: str | None, where: str) -> bool:
        if code_guid and code_guid in known_codes:
            return True
        if code_guid and code_guid in project.case_guids:
            skipped.append(f"a coding of {where} that assigns a case, not a code")
        else:
            skipped.append(f"a coding of {where} that names no code of the codebook")
        return False

    free = 0
    for selection, selected in zip(source.selections, choice.ranges, strict=True):
        where = f"{source.name!r} [{selection.start}, {selection.end})"
        if selected is None:
            skipped.append(f"the selection {where}: it is empty or reversed "
                           f"({plural(len(selection.codings), 'coding')})")
            continue
        start, end = selected
        shared = [selection.description, *notes(selection.note_guids)]
        creator = selection.creator
        if not selection.codings:
            memo_text = _join(shared)
            if memo_text:
                memos.append(IncomingMemo(
                    guid=selection.guid or derived_guid(f"{guid}:{start}:{end}", "passage memo"),
                    title=f"Memo on {source.name} [{start}, {end})",
                    text=f"{memo_text}\n\n\u201c{text[start:end]}\u201d",
                    coder_guid=creator,
                    created_at=selection.created_at,
                    modified_at=selection.created_at,
                    document_guid=guid or None,
                ))
                transformed.append(f"the comment on an uncoded passage of {source.name!r} "
                                   f"[{start}, {end}) became a memo of the document")
            else:
                free += 1
            continue
        for coding in selection.codings:
            if not code_ok(coding.code_guid, where):
                continue
            document.codings.append(IncomingCoding(
                guid=coding.guid,
                code_guid=coding.code_guid or "",
                coder_guid=coding.creator or creator or source.creator,
                start=start,
                end=end,
                memo=_join([*shared, *notes(coding.note_guids)]),
                created_at=coding.created_at or selection.created_at,
            ))
    for coding in source.whole_codings:
        if not code_ok(coding.code_guid, repr(source.name)) or not text:
            continue
        document.codings.append(IncomingCoding(
            guid=coding.guid,
            code_guid=coding.code_guid or "",
            coder_guid=coding.creator or source.creator,
            start=0,
            end=len(text),
            memo=_join(notes(coding.note_guids)),
            created_at=coding.created_at,
        ))
        transformed.append(f"a coding of the whole source {source.name!r} became a coding of "
                           "its whole text")
    if free:
        skipped.append(f"{plural(free, 'selection')} of {source.name!r} without a coding or "
                       "comment "
                       "(free quotations): this app keeps only coded passages")
    report = SourceUnits(
        name=source.name,
        reading=choice.reading.label,
        key=choice.reading.key,
        selections=choice.total,
        on_words=choice.on_words,
        names_compared=choice.names_compared,
        names_matched=choice.names_matched,
        unclean=choice.unclean,
        text_from=source.text_label,
    )
    return document, memos, report

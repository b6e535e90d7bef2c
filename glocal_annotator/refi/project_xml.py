"""Writing a REFI-QDA project: ``project.qde`` and the ``.qdpx`` archive. Pure: plain data in.

The shape follows the spec's annex example (ATLAS.ti, ``shared/refi-qda/samples/08``), which the
big tools read, and is valid against ``Project.xsd``:

- root ``Project`` in the namespace ``urn:QDA-XML:project:1.0`` exactly (QualCoder matches this
  string), with ``name``, ``origin``, dates, ``xsi:schemaLocation``; no BOM;
- ``Users`` (the coders), ``CodeBook`` (each code's entry fields and memo in ``Description``, as a
  .qdc: :mod:`.description`), ``Variables`` (the documents' variables, typed: :mod:`.variables`),
  ``Sources`` (each source's values as ``VariableValue``\\ s of their type), ``Notes``, ``Sets``
  (document sets, empty ones too, with their descriptions), then the project's ``NoteRef``\\ s;
  empty groups are left out, as the schema wants;
- each document a ``TextSource`` with ``plainTextPath="internal://<GUID>.txt"``; the text as UTF-8,
  LF only, no BOM, in ``sources/`` (lowercase); offsets are code points over exactly that text;
- each coding one ``PlainTextSelection`` (``name``: the start of its text, as ATLAS.ti writes it,
  which readers use to check offsets) holding one ``Coding`` with ``creatingUser`` and
  ``creationDateTime``; the coding memo is the selection's ``Description`` (what QualCoder and
  ATLAS.ti read) and a ``Note`` linked from the ``Coding`` by ``NoteRef`` (what the issue asks);
- memos of documents and of the project are ``Note``\\ s linked by ``NoteRef``.

Characters XML 1.0 cannot carry are left out of names and memos; the source texts are written as
they are stored (a lone surrogate, which UTF-8 cannot hold, becomes U+FFFD: one code point for
one, so no offset moves). Dates that are not ``xsd:dateTime`` are left out.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable, Iterable

from lxml import etree

from glocal_annotator.atomic import atomic_write
from glocal_annotator.errors import ExportFailure
from glocal_annotator.model import CodebookNode, walk
from glocal_annotator.progress import Ticker
from glocal_annotator.refi.colors import parse_color
from glocal_annotator.refi.description import render_description
from glocal_annotator.refi.guids import normalize_guid
from glocal_annotator.refi.project_data import QdpxCoding, QdpxNote, QdpxProject, QdpxVariable
from glocal_annotator.refi.variables import VALUE_ELEMENTS, refi_type
from glocal_annotator.refi.variables import render_description as render_variable_description
from glocal_annotator.xml_chars import xml_chars

PROJECT_NS = "urn:QDA-XML:project:1.0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{PROJECT_NS} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
SELECTION_NAME_CHARS = 100  # ATLAS.ti names a quotation by its first 100 characters and "…"
MAX_CODE_DEPTH = 250  # libxml2 stops at 256 nested elements
# The spec's limit for one internal file (section 8.5): 2^31 - 1 bytes.
MAX_SOURCE_BYTES = 2**31 - 1
QDE_CHUNK = 1 << 20  # bytes of project.qde compressed between two progress steps

_DATETIME = re.compile(r"^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NS = f"{{{PROJECT_NS}}}"


def _date(value: str) -> str | None:
    value = (value or "").strip()
    return value if _DATETIME.match(value) else None


def source_bytes(text: str) -> bytes:
    """A document's stored text as its ``sources/<GUID>.txt`` bytes: UTF-8, no BOM, LF only
    (stored text has no other line ends), a lone surrogate as U+FFFD."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text.encode("utf-8")


def selection_name(text: str) -> str:
    """The ``name`` of a selection: its text with whitespace collapsed, cut at
    :data:`SELECTION_NAME_CHARS` with "…" (ATLAS.ti's form, which our reader also matches)."""
    squashed = " ".join(xml_chars(text).split())
    if len(squashed) > SELECTION_NAME_CHARS:
        return squashed[:SELECTION_NAME_CHARS].rstrip() + "…"
    return squashed


def _sub(parent: etree._Element, tag: str, **attrs: str | None) -> etree._Element:
    element = etree.SubElement(parent, _NS + tag)
    for key, value in attrs.items():
        if value is not None and value != "":
            element.set(key, value)
    return element


def _guid(value: str | None, what: str) -> str:
    guid = normalize_guid(value)
    if guid is None:
        raise ExportFailure(f"cannot write the project: {what} has no valid GUID ({value!r})")
    return guid


def _note(parent: etree._Element, note: QdpxNote) -> None:
    element = _sub(
        parent,
        "Note",
        guid=_guid(note.guid, f"the memo {note.title!r}"),
        name=xml_chars(note.title),
        creatingUser=normalize_guid(note.creator),
        creationDateTime=_date(note.created_at),
        modifiedDateTime=_date(note.modified_at),
    )
    _sub(element, "PlainTextContent").text = xml_chars(note.text)


def project_to_xml(project: QdpxProject, on_coding: Callable[[], object] | None = None) -> bytes:
    """The ``project.qde`` document (UTF-8, XML declaration, no BOM) for ``project``;
    ``on_coding()`` is called after each coding is laid out (progress: what it raises, a
    cancel, stops the work).

    Raises :class:`ExportFailure` for a GUID that is not one, a GUID used twice, or codes nested
    more than :data:`MAX_CODE_DEPTH` levels deep.
    """
    if any(depth > MAX_CODE_DEPTH for depth, _ in walk(project.codebook.codes)):
        raise ExportFailure(
            f"cannot write the project: codes are nested more than {MAX_CODE_DEPTH} levels deep"
        )
    root = etree.Element(_NS + "Project", nsmap={None: PROJECT_NS, "xsi": XSI_NS})
    root.set("name", xml_chars(project.name) or "Project")
    root.set("origin", xml_chars(project.origin))
    for key, value in (
        ("creatingUserGUID", normalize_guid(project.creator)),
        ("creationDateTime", _date(project.created_at)),
        ("modifyingUserGUID", normalize_guid(project.creator)),
        ("modifiedDateTime", _date(project.modified_at)),
    ):
        if value:
            root.set(key, value)
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    seen: set[str] = set()

    def unique(value: str | None, what: str) -> str:
        guid = _guid(value, what)
        if guid in seen:
            raise ExportFailure(f"cannot write the project: {what} repeats the GUID {guid}")
        seen.add(guid)
        return guid

    if project.users:
        users = _sub(root, "Users")
        for user in project.users:
            _sub(users, "User", guid=unique(user.guid, f"the coder {user.name!r}"),
                 name=xml_chars(user.name))
    code_guids: set[str] = set()
    if project.codebook.codes:
        codes = _sub(_sub(root, "CodeBook"), "Codes")
        for node in project.codebook.codes:
            _code(codes, node, unique, code_guids)
    variables = _variables(project, unique)
    if variables:
        holder = _sub(root, "Variables")
        for guid, (variable, type_of_variable) in variables.items():
            element = _sub(holder, "Variable", guid=guid, name=xml_chars(variable.name),
                           typeOfVariable=type_of_variable)
            description = render_variable_description(xml_chars(variable.description),
                                                      [xml_chars(c) for c in variable.choices])
            if description:
                _sub(element, "Description").text = description
    notes: list[QdpxNote] = []
    if project.documents:
        sources = _sub(root, "Sources")
        for document in project.documents:
            guid = unique(document.guid, f"the document {document.name!r}")
            source = _sub(
                sources,
                "TextSource",
                guid=guid,
                name=xml_chars(document.name),
                plainTextPath=f"internal://{guid}.txt",
                creatingUser=normalize_guid(document.creator),
                creationDateTime=_date(document.created_at),
            )
            for coding in document.codings:
                _coding(source, coding, document.text, unique, code_guids, notes)
                if on_coding is not None:
                    on_coding()
            for note in document.notes:
                _sub(source, "NoteRef", targetGUID=_guid(note.guid, f"a memo of {document.name!r}"))
                notes.append(note)
            for variable_guid, value in document.variables.items():
                guid_of = _guid(variable_guid, f"a variable of {document.name!r}")
                if guid_of not in variables or not value:
                    continue
                value_element = _sub(source, "VariableValue")
                _sub(value_element, "VariableRef", targetGUID=guid_of)
                element_name = VALUE_ELEMENTS[variables[guid_of][1]]
                _sub(value_element, element_name).text = xml_chars(value)
    notes.extend(project.project_notes)
    if notes:
        holder = _sub(root, "Notes")
        for note in notes:
            unique(note.guid, f"the memo {note.title!r}")
            _note(holder, note)
    if project.sets:
        holder = _sub(root, "Sets")
        for item in project.sets:
            element = _sub(holder, "Set", guid=unique(item.guid, f"the set {item.name!r}"),
                           name=xml_chars(item.name))
            if item.description.strip():
                _sub(element, "Description").text = xml_chars(item.description)
            for guid in item.code_guids:
                _sub(element, "MemberCode", targetGUID=_guid(guid, "a member of a set"))
            for guid in item.document_guids:
                _sub(element, "MemberSource", targetGUID=_guid(guid, "a member of a set"))
    for note in project.project_notes:
        _sub(root, "NoteRef", targetGUID=normalize_guid(note.guid))
    body = etree.tostring(root, xml_declaration=False, encoding="UTF-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n' + body


def _variables(project: QdpxProject, unique) -> dict[str, tuple[QdpxVariable, str]]:
    """The variables to write by GUID, each with its ``typeOfVariable`` (Integer or Float for
    a number by its values: :func:`.variables.refi_type`)."""
    values: dict[str, list[str]] = {}
    for document in project.documents:
        for guid, value in document.variables.items():
            values.setdefault(normalize_guid(guid) or guid, []).append(value)
    written: dict[str, tuple[QdpxVariable, str]] = {}
    for variable in project.variables:
        guid = unique(variable.guid, f"the variable {variable.name!r}")
        written[guid] = (variable, refi_type(variable.type, values.get(guid, [])))
    return written


def _code(parent: etree._Element, node: CodebookNode, unique, code_guids: set[str]) -> None:
    stack: list[tuple[etree._Element, CodebookNode]] = [(parent, node)]
    while stack:
        holder, current = stack.pop()
        guid = unique(current.guid, f"the code {current.name!r}")
        code_guids.add(guid)
        element = _sub(holder, "Code", guid=guid, name=xml_chars(current.name),
                       isCodable="true" if current.codable else "false",
                       color=parse_color(current.color))
        description = render_description(
            {name: xml_chars(value) for name, value in current.entry_fields().items()}
        )
        if description:
            _sub(element, "Description").text = description
        stack.extend((element, child) for child in reversed(current.children))


def _coding(
    source: etree._Element,
    coding: QdpxCoding,
    text: str,
    unique,
    code_guids: set[str],
    notes: list[QdpxNote],
) -> None:
    code_guid = _guid(coding.code_guid, "a coding's code")
    if code_guid not in code_guids:
        raise ExportFailure(f"cannot write the project: a coding names the code {code_guid}, "
                            "which is not in the codebook")
    selection = _sub(
        source,
        "PlainTextSelection",
        guid=unique(coding.selection_guid, "a coded passage"),
        name=selection_name(text[coding.start : coding.end]),
        startPosition=str(coding.start),
        endPosition=str(coding.end),
        creatingUser=normalize_guid(coding.creator),
        creationDateTime=_date(coding.created_at),
    )
    memo = coding.memo_note
    if memo is not None:
        _sub(selection, "Description").text = xml_chars(memo.text)
    element = _sub(
        selection,
        "Coding",
        guid=unique(coding.guid, "a coding"),
        creatingUser=normalize_guid(coding.creator),
        creationDateTime=_date(coding.created_at),
    )
    _sub(element, "CodeRef", targetGUID=code_guid)
    if memo is not None:
        _sub(element, "NoteRef", targetGUID=_guid(memo.guid, "a coding memo"))
        notes.append(memo)


def write_qdpx(
    project: QdpxProject, path: str | os.PathLike, *, protect: Iterable[str | os.PathLike] = (),
    ticker: Ticker | None = None,
) -> int:
    """Write ``project`` as a .qdpx archive at ``path`` (``project.qde`` and ``sources/``),
    whole or not at all (:func:`~glocal_annotator.atomic.atomic_write`; never over a file in
    ``protect``, a project or a database). Returns the archive's size in bytes.

    ``ticker`` (progress): its current stage counts one step per coding laid out in
    ``project.qde``; then the writing is its last stage (:meth:`~glocal_annotator.progress.
    Ticker.rest`), one step per :data:`QDE_CHUNK` bytes of ``project.qde`` compressed and one
    per source written. A cancel it raises at any of them stops the write and leaves nothing
    behind; no step follows the last source (the file is then put in place).

    Raises :class:`ExportFailure` (one line) when the project cannot be written or the file
    cannot be saved, and for a source text over the spec's 2 GB limit (section 8.5).
    """
    qde = project_to_xml(project, None if ticker is None else ticker.step)
    chunks = range(0, len(qde), QDE_CHUNK)
    if ticker is not None:
        ticker.rest(len(chunks) + len(project.documents))
    with atomic_write(path, protect=protect) as temporary:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED,
                             compresslevel=6) as archive:
            with archive.open("project.qde", "w") as entry:
                for start in chunks:
                    entry.write(qde[start:start + QDE_CHUNK])
                    if ticker is not None:
                        ticker.step()
            for document in project.documents:
                data = source_bytes(document.text)
                if len(data) > MAX_SOURCE_BYTES:
                    raise ExportFailure(f"cannot write {document.name!r}: its text is larger "
                                        "than the 2 GB a REFI-QDA source may hold")
                guid = normalize_guid(document.guid)
                archive.writestr(f"sources/{guid}.txt", data)
                if ticker is not None:
                    ticker.step()
        size = os.path.getsize(temporary)
    return size

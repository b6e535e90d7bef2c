"""Reading a REFI-QDA project (.qdpx archive or bare .qde) into plain data. Pure: no project.

:func:`read_project` gives a :class:`~.project_data.RefiProject`: users, the codebook (read by
:mod:`.codebook`, so codes, entry fields and NVivo's ``Nodes`` are handled as for a .qdc), text
sources with their plain text as decoded (offsets still in the file's units, see
:mod:`.offset_units`), selections and codings, notes and where they are linked, source variables
and set memberships. Everything it does not model is listed in ``skipped``; whatever it changed on
the way in ``transformed``. Tolerated, as real writers do it (``shared/refi-qda/README.md``):

- any ``urn:QDA-XML:project:`` namespace, or none (elements are read by local name);
- the ``.qde`` under any name (``project.qde`` first, then the shallowest);
- ``sources/`` in any letter case, ``internal://`` names looked up case-insensitively;
- ``relative://`` against the project's ``basePath``, or the archive's folder without one, and
  ``absolute://``: files outside the archive are read only when the caller allows it
  (``outside_files=True``; a file someone sends must not pull text off the receiver's disk
  unasked), and then only when the file exists, is a regular file with the suffix its role
  needs (``.txt`` for plain text, ``.docx``/``.pdf`` for rich text) and is under the size cap:
  never a device, a folder, a file without a suffix or a path that climbs out with ``..``;
- no ``plainTextPath``: ``PlainTextContent``, else the rich text (the caller extracts it);
- PDF sources by their text ``Representation``; ``PDFSelection``\\ s that repeat a selection of the
  representation (ATLAS.ti writes both) are not counted twice, area selections are skipped;
- notes linked by ``NoteRef`` from the project, sources, selections, codings and codes, and by
  ``Link`` between a note and one of those;
- variables with their types (``project.variables``); cases: a case's variable values go to the
  sources it names (MAXQDA's nameless per-source cases), a named case's name too; values given
  on a source directly as well;
- sets of sources (``project.sets``, empty ones too); sets of codes or notes are skipped.

Hostile input is refused with :class:`~glocal_annotator.errors.ImportFailure` (one line, nothing
read further): zip entries that are absolute or climb out (:class:`~glocal_annotator.safe_io.
SafeZip`), decompression bombs (size caps), archives inside the archive, XML with entity
declarations or references (:mod:`.safe_xml`), an archive without a ``.qde``.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from glocal_annotator.errors import CodebookError, ImportFailure
from glocal_annotator.model import walk
from glocal_annotator.progress import Ticker
from glocal_annotator.refi.codebook import codebook_from_element
from glocal_annotator.refi.guids import normalize_guid
from glocal_annotator.refi.project_data import (
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSet,
    RefiSource,
    RefiUser,
    RefiVariable,
    RichText,
)
from glocal_annotator.refi.safe_xml import (
    MAX_XML_BYTES,
    attributes,
    children,
    first_child,
    local_name,
    namespace,
    parse_xml,
)
from glocal_annotator.safe_io import MAX_ENTRY_BYTES, BadInput, SafeZip, TooLarge, read_file
from glocal_annotator.wording import plural

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
NESTED_ARCHIVE_SUFFIXES = (".zip", ".qdpx", ".7z", ".rar", ".jar")
TEXT_SUFFIXES = (".txt",)
RICH_SUFFIXES = (".docx", ".pdf")
MEDIA_ELEMENTS = {"PictureSource": "picture", "AudioSource": "audio", "VideoSource": "video"}


def read_project(
    path: str | os.PathLike, *, max_entry_bytes: int = MAX_ENTRY_BYTES, outside_files: bool = False,
    ticker: Ticker | None = None,
) -> RefiProject:
    """Read the .qdpx (a zip) or .qde (XML) at ``path``, told apart by content, not suffix.
    ``outside_files`` lets ``relative://`` and ``absolute://`` sources be read from this
    computer; without it they are not read, and their ``problem`` says how to allow it.
    ``ticker``'s current stage counts one step for the unpacked and parsed XML, then one per
    element of its ``<Sources>`` (:meth:`~glocal_annotator.progress.Ticker.recount` once they
    are counted); a cancel there raises its error (nothing was changed: this only reads).

    Raises :class:`ImportFailure` with one line (``Cannot import NAME: ...``) for a file that
    cannot be read, is hostile or is not a REFI-QDA project. Sources that cannot be read are not
    errors: they keep a ``problem`` for the report.
    """
    path = Path(path)
    label = f"Cannot import {path.name}"
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except FileNotFoundError:
        raise ImportFailure(f"{label}: the file does not exist") from None
    except IsADirectoryError:
        raise ImportFailure(f"{label}: it is a folder, not a .qdpx file") from None
    except OSError as exc:
        raise ImportFailure(f"{label}: it cannot be read ({exc.strerror or exc})") from None
    try:
        if head in ZIP_MAGIC:
            with SafeZip(path, max_entry_bytes=max_entry_bytes) as archive:
                return _Reader(path, archive, max_entry_bytes, outside_files, ticker).read()
        return _Reader(path, None, max_entry_bytes, outside_files, ticker).read()
    except BadInput as exc:
        raise ImportFailure(f"{label}: {exc}") from None
    except CodebookError as exc:
        raise ImportFailure(f"{label}: {str(exc).split(': ', 1)[-1]}") from None


def _text(element: etree._Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


def _grandchildren(element: etree._Element, name: str, child: str) -> Iterator[etree._Element]:
    """The ``child`` elements of ``element``'s first ``name`` child (none if it has none)."""
    parent = first_child(element, name)
    return iter(()) if parent is None else children(parent, child)


def _int(value: str | None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


class _Reader:
    def __init__(self, path: Path, archive: SafeZip | None, max_entry_bytes: int,
                 outside_files: bool = False, ticker: Ticker | None = None) -> None:
        self.path = path
        self.ticker = ticker
        self.outside_files = outside_files
        self.archive = archive
        self.max_entry_bytes = max_entry_bytes
        self.base_path = ""
        self.skipped: list[str] = []
        self.transformed: list[str] = []
        self._folder_entries: dict[str, Path] | None = None

    # -- the .qde -------------------------------------------------------------------------------

    def _root(self) -> etree._Element:
        if self.archive is None:
            return parse_xml(self.path, max_bytes=MAX_XML_BYTES)
        names = self.archive.namelist()
        for name in names:
            if name.lower().endswith(NESTED_ARCHIVE_SUFFIXES):
                raise BadInput(f"refused: the archive holds another archive ({name!r})")
        qdes = [
            name
            for name in names
            if name.lower().endswith(".qde")
            and not name.rsplit("/", 1)[-1].startswith("._")
            and not name.lower().startswith("__macosx/")
        ]
        if not qdes:
            raise BadInput("refused: the archive holds no .qde project file, so it is not a "
                           "REFI-QDA project")
        qdes.sort(key=lambda name: (name.count("/"), name.lower() != "project.qde", name))
        data = self.archive.read(qdes[0], max_bytes=MAX_XML_BYTES)
        if data[:4] in ZIP_MAGIC:
            raise BadInput(f"refused: {qdes[0]!r} is another archive, not XML")
        return parse_xml(data, max_bytes=MAX_XML_BYTES)

    def read(self) -> RefiProject:
        root = self._root()
        if self.ticker is not None:
            sources = first_child(root, "Sources")
            self.ticker.recount(1 + (len(sources) if sources is not None else 0))
            self.ticker.step()
        if local_name(root) != "Project":
            raise BadInput(f"not a REFI-QDA project (the XML is <{local_name(root)}>, "
                           "expected <Project>)")
        uri = namespace(root)
        if uri and not uri.lower().startswith("urn:qda-xml:"):
            raise BadInput(f"not a REFI-QDA project (unknown namespace {uri!r})")
        attrs = attributes(root)
        self.base_path = attrs.get("basepath", "")
        project = RefiProject(
            name=attrs.get("name", "") or self.path.stem,
            origin=attrs.get("origin", ""),
            creator=normalize_guid(attrs.get("creatinguserguid")),
        )
        project.codebook = codebook_from_element(root)
        project.transformed.extend(project.codebook.warnings)
        self._code_notes(root, project)
        self._users(root, project)
        variables = self._variables(root, project)
        sources_by_guid: dict[str, RefiSource] = {}
        sources = first_child(root, "Sources")
        if sources is not None:
            self._sources(sources, project, sources_by_guid, variables)
        self._notes(root, project)
        self._cases(root, project, sources_by_guid, variables)
        self._sets(root, project, sources_by_guid)
        self._links(root, project, sources_by_guid)
        project.project_note_guids.extend(self._note_refs(root))
        project.description = _text(first_child(root, "Description")).strip()
        known = {"Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets",
                 "Graphs", "Description", "NoteRef", "Codes"}
        for child in root:
            name = local_name(child)
            if name == "Graphs":
                count = len(list(children(child, "Graph")))
                if count:
                    self.skipped.append(f"{plural(count, 'graph')} (network views): this app has "
                                        "none")
            elif name and name not in known:
                self.skipped.append(f"<{name}> at the top of the project: not a REFI-QDA part "
                                    "this app reads")
        project.skipped[:0] = self.skipped
        project.transformed.extend(self.transformed)
        return project

    # -- codebook, users, variables ---------------------------------------------------------------

    def _code_notes(self, root: etree._Element, project: RefiProject) -> None:
        codes = first_child(first_child(root, "CodeBook"), "Codes")
        if codes is None:
            return
        elements = [el for el in codes.iter() if local_name(el) == "Code"]
        for (_, node), element in zip(walk(project.codebook.codes), elements, strict=False):
            refs = self._note_refs(element)
            if refs:
                project.code_note_guids.setdefault(node.guid, []).extend(refs)

    def _users(self, root: etree._Element, project: RefiProject) -> None:
        seen: set[str] = set()
        for element in _grandchildren(root, "Users", "User"):
            attrs = attributes(element)
            guid = normalize_guid(attrs.get("guid"))
            if guid is None or guid in seen:
                self.skipped.append(f"a user without a valid GUID ({attrs.get('name', '')!r})")
                continue
            seen.add(guid)
            name = " ".join(attrs.get("name", "").split()) or attrs.get("id", "").strip()
            if not name:
                name = f"User {guid[:8]}"
                self.transformed.append(f"a user without a name was called {name!r}")
            project.users.append(RefiUser(guid, name))

    def _variables(self, root: etree._Element, project: RefiProject) -> dict[str, str]:
        """The file's variables (into ``project.variables``), and their names by GUID."""
        names: dict[str, str] = {}
        taken: set[str] = set()
        for element in _grandchildren(root, "Variables", "Variable"):
            attrs = attributes(element)
            guid = normalize_guid(attrs.get("guid"))
            if not guid or guid in names:
                self.skipped.append(f"the variable {attrs.get('name', '')!r}: no valid GUID of "
                                    "its own")
                continue
            name = " ".join(attrs.get("name", "").split()) or f"Variable {guid[:8]}"
            if name.casefold() in taken:
                number = 2
                while f"{name} ({number})".casefold() in taken:
                    number += 1
                self.transformed.append(f"a second variable called {name!r} was called "
                                        f"{name!r} ({number})")
                name = f"{name} ({number})"
            taken.add(name.casefold())
            names[guid] = name
            project.variables.append(RefiVariable(
                guid, name, attrs.get("typeofvariable", "Text") or "Text",
                _text(first_child(element, "Description"))))
        return names

    def _variable_values(self, element: etree._Element, names: dict[str, str]) -> dict[str, str]:
        values: dict[str, str] = {}
        for value in children(element, "VariableValue"):
            ref = first_child(value, "VariableRef")
            guid = normalize_guid(attributes(ref).get("targetguid")) if ref is not None else None
            name = names.get(guid or "", "")
            if not name:
                self.skipped.append("a variable value that names no variable")
                continue
            content = [child for child in value if local_name(child).endswith("Value")]
            values[name] = _text(content[0]).strip() if content else ""
        return values

    # -- sources --------------------------------------------------------------------------------

    def _sources(
        self,
        element: etree._Element,
        project: RefiProject,
        by_guid: dict[str, RefiSource],
        variables: dict[str, str],
    ) -> None:
        media: dict[str, list[str]] = {}
        media_codings = 0
        for child in element:
            if self.ticker is not None:
                self.ticker.step()
            kind = local_name(child)
            if kind in MEDIA_ELEMENTS:
                media.setdefault(MEDIA_ELEMENTS[kind], []).append(attributes(child).get("name", ""))
                media_codings += sum(1 for el in child.iter() if local_name(el) == "Coding")
                for transcript in children(child, "Transcript"):
                    self.skipped.append(
                        f"the transcript {attributes(transcript).get('name', '')!r} of "
                        f"{attributes(child).get('name', '')!r}: media and their transcripts "
                        "are not imported (import the transcript's text as a document instead)"
                    )
                continue
            if kind not in ("TextSource", "PDFSource"):
                if kind:
                    self.skipped.append(f"a <{kind}> source: not a kind this app reads")
                continue
            source = self._source(child, kind, variables)
            if source is None:
                continue
            if source.guid in by_guid:
                self.transformed.append(f"source {source.name!r} repeated the GUID of another "
                                        "source; it was read as a source of its own")
                source.guid = ""
            else:
                by_guid[source.guid] = source
            project.sources.append(source)
        for kind, names in media.items():
            shown = ", ".join(repr(name) for name in names[:5]) + (" ..." if len(names) > 5 else "")
            self.skipped.append(f"{plural(len(names), kind + ' source')} ({shown}): this app "
                                "codes text "
                                "only")
        if media_codings:
            self.skipped.append(f"{plural(media_codings, 'coding')} of picture, audio and video "
                                "sources")

    def _source(
        self, element: etree._Element, kind: str, variables: dict[str, str]
    ) -> RefiSource | None:
        attrs = attributes(element)
        guid = normalize_guid(attrs.get("guid"))
        name = " ".join(attrs.get("name", "").split())
        if guid is None:
            guid = ""
        if not name:
            fallback = Path(attrs.get("plaintextpath", "") or attrs.get("path", "")).name
            name = fallback.split("://")[-1] or f"Source {guid[:8] or 'without a name'}"
            self.transformed.append(f"a source without a name was called {name!r}")
        source = RefiSource(
            guid=guid,
            name=name,
            kind="pdf" if kind == "PDFSource" else "text",
            description=_text(first_child(element, "Description")).strip(),
            creator=normalize_guid(attrs.get("creatinguser")),
            created_at=attrs.get("creationdatetime", ""),
        )
        text_element = element
        if kind == "PDFSource":
            representation = first_child(element, "Representation")
            pdf_path = attrs.get("path", "")
            if pdf_path:
                rich = self._rich(pdf_path, source)
                if rich is not None:
                    source.rich = rich
            if representation is None:
                text_element = None
            else:
                text_element = representation
                rep_attrs = attributes(representation)
                source.creator = source.creator or normalize_guid(rep_attrs.get("creatinguser"))
            repeated = {
                normalize_guid(attributes(sel).get("guid"))
                for sel in children(text_element, "PlainTextSelection")
            } if text_element is not None else set()
            areas = [sel for sel in children(element, "PDFSelection")
                     if normalize_guid(attributes(sel).get("guid")) not in repeated]
            if areas:
                codings = sum(len(list(children(sel, "Coding"))) for sel in areas)
                self.skipped.append(f"{plural(len(areas), 'area selection')} of the PDF {name!r} "
                                    f"with {plural(codings, 'coding')}: this app codes text, not "
                                    "page areas")
            source.whole_codings.extend(self._codings(element))
            source.note_guids.extend(self._note_refs(element))
            source.variables.update(self._variable_values(element, variables))
        if text_element is not None:
            self._text_of(text_element, source)
            source.selections.extend(self._selections(text_element))
            if text_element is element:
                source.whole_codings.extend(self._codings(element))
                source.note_guids.extend(self._note_refs(element))
                source.variables.update(self._variable_values(element, variables))
        elif source.rich is None:
            source.problem = "it has no text representation"
        return source

    def _text_of(self, element: etree._Element, source: RefiSource) -> None:
        attrs = attributes(element)
        content = first_child(element, "PlainTextContent")
        plain = attrs.get("plaintextpath", "")
        if plain:
            found = self._resolve(plain, TEXT_SUFFIXES)
            if isinstance(found, str):
                source.problem = found
            else:
                data, label = found
                text, note = _decode(data)
                source.raw_text, source.text_label = text, label
                if note:
                    self.transformed.append(f"the text of {source.name!r} {note}")
                return
        if content is not None:
            source.raw_text = _text(content)
            source.text_label = "PlainTextContent"
            source.problem = ""
            return
        rich_path = attrs.get("richtextpath", "")
        if rich_path and source.rich is None:
            rich = self._rich(rich_path, source)
            if rich is not None:
                source.rich = rich
        if source.rich is not None:
            source.problem = ""
            return
        if not plain:
            source.problem = "it names no plain text (no plainTextPath or PlainTextContent)"

    def _rich(self, reference: str, source: RefiSource) -> RichText | None:
        found = self._resolve(reference, RICH_SUFFIXES)
        if isinstance(found, str):
            source.problem = source.problem or found
            return None
        data, label = found
        return RichText(Path(label.split("://")[-1]).suffix.lower() or ".docx", data, label)

    def _selections(self, element: etree._Element) -> Iterator[RefiSelection]:
        for child in children(element, "PlainTextSelection"):
            attrs = attributes(child)
            start, end = _int(attrs.get("startposition")), _int(attrs.get("endposition"))
            if start is None or end is None:
                name = attrs.get("name", "")
                self.skipped.append(f"a selection without valid positions ({name!r})")
                continue
            yield RefiSelection(
                guid=normalize_guid(attrs.get("guid")),
                name=attrs.get("name", ""),
                start=start,
                end=end,
                creator=normalize_guid(attrs.get("creatinguser")),
                created_at=attrs.get("creationdatetime", ""),
                description=_text(first_child(child, "Description")).strip(),
                codings=list(self._codings(child)),
                note_guids=self._note_refs(child),
            )

    def _codings(self, element: etree._Element) -> Iterator[RefiCoding]:
        for child in children(element, "Coding"):
            attrs = attributes(child)
            ref = first_child(child, "CodeRef")
            target = normalize_guid(attributes(ref).get("targetguid")) if ref is not None else None
            yield RefiCoding(
                guid=normalize_guid(attrs.get("guid")),
                code_guid=target,
                creator=normalize_guid(attrs.get("creatinguser")),
                created_at=attrs.get("creationdatetime", ""),
                note_guids=self._note_refs(child),
            )

    def _note_refs(self, element: etree._Element) -> list[str]:
        refs = []
        for child in children(element, "NoteRef"):
            guid = normalize_guid(attributes(child).get("targetguid"))
            if guid:
                refs.append(guid)
        return refs

    # -- notes, cases, sets, links -------------------------------------------------------------

    def _notes(self, root: etree._Element, project: RefiProject) -> None:
        for element in _grandchildren(root, "Notes", "Note"):
            attrs = attributes(element)
            guid = normalize_guid(attrs.get("guid"))
            name = " ".join(attrs.get("name", "").split())
            if guid is None or guid in project.notes:
                self.skipped.append(f"the note {name!r}: no valid GUID of its own")
                continue
            holder = RefiSource(guid=guid, name=name or "Note", kind="note")
            self._text_of(element, holder)
            text = holder.raw_text or ""
            if holder.raw_text is None and holder.problem:
                self.skipped.append(f"the text of the note {name!r}: {holder.problem}")
            selections = list(children(element, "PlainTextSelection"))
            if selections:
                self.skipped.append(f"{plural(len(selections), 'selection')} inside the note "
                                    f"{name!r}: "
                                    "this app does not code memos")
            project.notes[guid] = RefiNote(
                guid=guid,
                name=name,
                text=text.replace("\r\n", "\n").replace("\r", "\n"),
                description=_text(first_child(element, "Description")).strip(),
                creator=normalize_guid(attrs.get("creatinguser")),
                created_at=attrs.get("creationdatetime", ""),
                modified_at=attrs.get("modifieddatetime", ""),
            )

    def _cases(
        self,
        root: etree._Element,
        project: RefiProject,
        sources: dict[str, RefiSource],
        variables: dict[str, str],
    ) -> None:
        unattached = 0
        for element in _grandchildren(root, "Cases", "Case"):
            attrs = attributes(element)
            guid = normalize_guid(attrs.get("guid"))
            if guid:
                project.case_guids.add(guid)
            name = " ".join(attrs.get("name", "").split())
            values = self._variable_values(element, variables)
            targets = [
                sources[ref]
                for ref in (normalize_guid(attributes(child).get("targetguid"))
                            for child in children(element, "SourceRef"))
                if ref in sources
            ]
            if not targets:
                unattached += 1
                continue
            for source in targets:
                source.variables.update(values)
                if name and name not in source.cases:
                    source.cases.append(name)
            if values and name:
                self.transformed.append(
                    f"the variables of case {name} ({', '.join(values)}) were given to its "
                    f"{plural(len(targets), 'document')}: this app keeps variables on documents"
                )
            if any(True for _ in children(element, "SelectionRef")):
                self.skipped.append(f"the selections linked to case {name or '(nameless)'}")
        if unattached:
            self.skipped.append(f"{plural(unattached, 'case')} linked to no text source")

    def _sets(
        self, root: etree._Element, project: RefiProject, sources: dict[str, RefiSource]
    ) -> None:
        for element in _grandchildren(root, "Sets", "Set"):
            attrs = attributes(element)
            name = " ".join(attrs.get("name", "").split()) or "Unnamed set"
            members = [normalize_guid(attributes(child).get("targetguid"))
                       for child in children(element, "MemberSource")]
            found: list[str] = []
            for guid in members:
                if guid in sources and guid not in found:
                    found.append(guid)  # type: ignore[arg-type]
                    if name not in sources[guid].sets:  # type: ignore[index]
                        sources[guid].sets.append(name)  # type: ignore[index]
            codes = len(list(children(element, "MemberCode")))
            notes = len(list(children(element, "MemberNote")))
            if found or not (codes or notes):
                project.sets.append(RefiSet(
                    normalize_guid(attrs.get("guid")) or "", name,
                    _text(first_child(element, "Description")).strip(), found))
            if codes or notes:
                what = " and ".join(part for part in (
                    plural(codes, "code") if codes else "", plural(notes, "note") if notes else "",
                ) if part)
                self.skipped.append(f"set {name!r} of {what}: this app has no code or memo sets "
                                    "(its documents are kept as a document set)" if found else
                                    f"set {name!r} of {what}: this app has no code or memo sets")

    def _links(
        self, root: etree._Element, project: RefiProject, sources: dict[str, RefiSource]
    ) -> None:
        selections = {
            selection.guid: selection
            for source in project.sources
            for selection in source.selections
            if selection.guid
        }
        codes = {node.guid for _, node in walk(project.codebook.codes)}
        other = 0
        for element in _grandchildren(root, "Links", "Link"):
            attrs = attributes(element)
            ends = [normalize_guid(attrs.get(end)) for end in ("originguid", "targetguid")]
            note = next((guid for guid in ends if guid in project.notes), None)
            target = next((guid for guid in ends if guid != note), None)
            if note is None or target is None:
                other += 1
            elif target in selections:
                selections[target].note_guids.append(note)
            elif target in sources:
                sources[target].note_guids.append(note)
            elif target in codes:
                project.code_note_guids.setdefault(target, []).append(note)
            else:
                other += 1
        if other:
            self.skipped.append(f"{plural(other, 'link')} between items other than a memo and a "
                                "text "
                                "passage, document or code (relations): this app has none")

    # -- files ---------------------------------------------------------------------------------

    def _resolve(self, reference: str, suffixes: tuple[str, ...]) -> tuple[bytes, str] | str:
        """The bytes a source path names and where they were found, or why they cannot be read."""
        scheme, _, rest = reference.strip().partition("://")
        scheme = scheme.lower()
        if not _ or scheme not in ("internal", "relative", "absolute"):
            return f"its path {reference!r} is not internal://, relative:// or absolute://"
        if scheme == "internal":
            return self._internal(rest.lstrip("/"))
        if scheme == "relative":
            parts = [part for part in re.split(r"[\\/]+", rest) if part not in ("", ".")]
            if ".." in parts:
                return f"its path {reference!r} climbs out of the project's folder"
            base = Path(self.base_path) if self.base_path.strip() else self.path.parent
            return self._external(base.joinpath(*parts), suffixes, reference)
        location = rest
        if re.match(r"^/[A-Za-z]:", location):
            location = location[1:]
        if ".." in re.split(r"[\\/]+", location):
            return f"its path {reference!r} climbs out with '..'"
        return self._external(Path(location), suffixes, reference)

    def _internal(self, name: str) -> tuple[bytes, str] | str:
        if not name or re.search(r"[\\/]", name) or name in (".", ".."):
            return f"its internal name {name!r} is not a plain file name"
        label = f"internal://{name}"
        if self.archive is not None:
            for candidate in (f"sources/{name}", name):
                found = self.archive.find(candidate)
                if found is not None:
                    return self.archive.read(found), label
            return f"{label} is not in the archive"
        folder = self._folder()
        found_path = folder.get(f"sources/{name}".casefold()) or folder.get(name.casefold())
        if found_path is None:
            return f"{label} is not beside the .qde (a bare .qde carries no sources)"
        try:
            return read_file(found_path, self.max_entry_bytes), label
        except TooLarge:
            raise BadInput(f"refused: {label} is larger than the size cap") from None
        except OSError as exc:
            return f"{label} cannot be read ({exc.strerror or exc})"

    def _folder(self) -> dict[str, Path]:
        """Files beside a bare .qde and in its sources/ folder (any case), by folded name."""
        if self._folder_entries is None:
            entries: dict[str, Path] = {}
            parent = self.path.parent
            try:
                for item in parent.iterdir():
                    if item.is_file():
                        entries.setdefault(item.name.casefold(), item)
                    elif item.is_dir() and item.name.casefold() == "sources":
                        for inner in item.iterdir():
                            if inner.is_file():
                                entries.setdefault(f"sources/{inner.name}".casefold(), inner)
            except OSError:
                pass
            self._folder_entries = entries
        return self._folder_entries

    def _external(self, location: Path, suffixes: tuple[str, ...], reference: str
                  ) -> tuple[bytes, str] | str:
        if not self.outside_files:
            return (f"{reference} names a file outside the archive, on this computer; it is read "
                    "only when you allow it (import-qdpx --outside-files)")
        if location.suffix.lower() not in suffixes:
            return (f"{reference} is not read: only {', '.join(suffixes)} files are read from "
                    "outside the archive")
        try:
            found = os.stat(location)
        except OSError:
            return f"{reference} was not found on this computer"
        if not stat.S_ISREG(found.st_mode):
            return f"{reference} is not a regular file"
        try:
            data = read_file(location, self.max_entry_bytes)
        except TooLarge:
            return f"{reference} is larger than the size cap"
        except OSError as exc:
            return f"{reference} cannot be read ({exc.strerror or exc})"
        self.transformed.append(f"read {location} from this computer (named by {reference})")
        return data, str(location)


def _decode(data: bytes) -> tuple[str, str]:
    """Plain text bytes as text, a UTF-8 BOM kept as U+FEFF (its count is part of the offset
    reading); and a note when they were not UTF-8."""
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    from glocal_annotator.text_decoding import DecodingError, decode, label

    try:
        decoded = decode(data)
    except DecodingError:
        return data.decode("utf-8", errors="replace"), (
            "is not valid UTF-8; unreadable bytes were replaced by \ufffd"
        )
    guess = "" if decoded.certain else " (a guess)"
    return decoded.text, f"was not UTF-8 and was read as {label(decoded.encoding)}{guess}"

"""REFI-QDA codebooks (.qdc): read tolerantly, write strictly. Pure: no project, no database.

Reading (:func:`read_qdc`) goes by local element names, so the namespaces found in the wild
(``urn:QDA-XML:codebook:1.0``, ``...:1:0``, ``...:0:4``, the project namespace, none) all work. The
root may be ``CodeBook`` (.qdc) or ``Project`` (.qde, whose ``CodeBook/Codes`` is read), so the
project reader can reuse this. The code tree is the nesting of ``Code`` elements; NVivo's wrapping
root code ``Nodes`` is kept as read (the caller decides whether to drop it). Repairs made while
reading are listed in :attr:`Codebook.warnings`:

- a missing, malformed or duplicate GUID gets a fresh one (GUIDs are otherwise kept, normalised
  to lowercase without braces);
- a colour that :func:`~glocal_annotator.refi.colors.parse_color` cannot read is dropped;
- a code without a name is called "Unnamed code";
- set members that name no code are dropped.

Empty ``<Sets/>`` (Taguette), a missing ``<Codes>``, unknown elements and attributes, and
attribute names in other letter cases are accepted silently. ``isCodable`` is false only for
``false``/``0``/``no``. ``Description`` text is split into the entry fields by
:func:`~glocal_annotator.refi.description.parse_description`. Code ``NoteRef``\\ s of a project are
not followed here (memos from notes are the project reader's business).

Writing (:func:`codebook_to_xml`, :func:`write_qdc`) produces exactly what ``Codebook.xsd``
allows: namespace ``urn:QDA-XML:codebook:1.0``, ``<Codes>`` always with at least one code (so an
empty codebook cannot be written: :class:`CodebookError`), no empty ``<Sets>``, colours as
``#RRGGBB``, a ``Description`` only when some entry field is set, characters that XML 1.0 cannot
carry removed. Trees nested deeper than :data:`MAX_CODE_DEPTH` are refused, as they could not be
read back. Set members that are not codes of the codebook are left out.

Limits (:mod:`glocal_annotator.limits`), checked before the code tree is built: at most
``MAX_CODEBOOK_CODES`` codes, ``MAX_CODE_DEPTH`` levels, names of at most
``MAX_CODE_NAME_CHARACTERS``; above them the file is refused with one line.
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from glocal_annotator.atomic import atomic_write
from glocal_annotator.errors import CodebookError
from glocal_annotator.limits import MAX_CODE_DEPTH, MAX_CODEBOOK_CODES, too_long_name
from glocal_annotator.model import Codebook, CodebookNode, CodeSet, walk
from glocal_annotator.refi.colors import parse_color
from glocal_annotator.refi.description import parse_description, render_description
from glocal_annotator.refi.guids import new_guid, normalize_guid
from glocal_annotator.refi.safe_xml import (
    MAX_XML_BYTES,
    attributes,
    children,
    first_child,
    local_name,
    namespace,
    parse_xml,
)
from glocal_annotator.safe_io import BadInput
from glocal_annotator.xml_chars import xml_chars

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
DEFAULT_ORIGIN = "Glocal Annotator"
UNNAMED_CODE = "Unnamed code"
_FALSE_VALUES = {"false", "0", "no"}


# ----------------------------------------------------------------------------------------- reading


def read_qdc(source: str | os.PathLike | bytes) -> Codebook:
    """Read a codebook from a .qdc (or the codebook of a .qde) given as a path or as bytes.

    A ``str`` is a path. Raises :class:`CodebookError` with a one-line message if the file cannot
    be read, is not XML, is hostile (entity declarations), is over 50 MB or is not a REFI-QDA
    codebook or project.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        label = "Cannot read the codebook"
    else:
        label = f"Cannot read the codebook {Path(source).name!r}"
    try:
        root = parse_xml(source, max_bytes=MAX_XML_BYTES)
    except BadInput as exc:
        raise CodebookError(f"{label}: {exc}.") from exc
    return codebook_from_element(root, error_prefix=label)


def codebook_from_element(
    root: etree._Element, *, error_prefix: str = "Not a codebook"
) -> Codebook:
    """The codebook held by a parsed ``CodeBook`` or ``Project`` root element."""
    kind = local_name(root)
    uri = namespace(root)
    if kind not in ("CodeBook", "Project"):
        raise CodebookError(
            f"{error_prefix}: this is not a REFI-QDA codebook "
            f"(the XML is <{kind}>, expected <CodeBook>)."
        )
    if uri and not uri.lower().startswith("urn:qda-xml:"):
        raise CodebookError(
            f"{error_prefix}: this is not a REFI-QDA codebook (unknown namespace {uri!r})."
        )
    warnings: list[str] = []
    if kind == "CodeBook":
        codes_element = first_child(root, "Codes")
    else:
        codes_element = first_child(first_child(root, "CodeBook"), "Codes")
        if codes_element is None:
            codes_element = first_child(root, "Codes")
    if codes_element is None:
        codes: list[CodebookNode] = []
        if kind == "CodeBook":
            warnings.append("The file has no <Codes> element: the codebook is empty.")
    else:
        _check_limits(codes_element, error_prefix)
        codes = parse_code_elements(codes_element, warnings=warnings)
    known = {node.guid for _, node in walk(codes)}
    sets = parse_code_sets(first_child(root, "Sets"), known, warnings=warnings)
    origin = attributes(root).get("origin", "")
    return Codebook(codes=codes, origin=origin, sets=sets, warnings=warnings)


def _check_limits(codes_element: etree._Element, error_prefix: str) -> None:
    """Refuse more codes, deeper nesting or longer names than :mod:`~glocal_annotator.limits`
    allows, before any node is built (one pass over the elements, no recursion)."""
    count = 0
    stack = [(codes_element, 0)]
    while stack:
        element, depth = stack.pop()
        for child in children(element, "Code"):
            count += 1
            if count > MAX_CODEBOOK_CODES:
                raise CodebookError(
                    f"{error_prefix}: it holds more than {MAX_CODEBOOK_CODES:,} codes; split it, "
                    "or check that it is a codebook."
                )
            if depth + 1 > MAX_CODE_DEPTH:
                raise CodebookError(
                    f"{error_prefix}: codes nest more than {MAX_CODE_DEPTH} levels deep."
                )
            problem = too_long_name(attributes(child).get("name", ""))
            if problem:
                raise CodebookError(f"{error_prefix}: {problem}.")
            stack.append((child, depth + 1))


def parse_code_elements(
    parent_element: etree._Element,
    *,
    warnings: list[str] | None = None,
    seen_guids: set[str] | None = None,
) -> list[CodebookNode]:
    """The ``Code`` children of ``parent_element`` (a ``Codes`` or a ``Code``), with their subtrees.

    Elements are matched by local name in any namespace. Repairs (fresh GUIDs, dropped colours,
    unnamed codes) are appended to ``warnings`` if given; ``seen_guids`` collects the GUIDs used so
    far so that duplicates are caught across calls.
    """
    if warnings is None:
        warnings = []
    if seen_guids is None:
        seen_guids = set()
    nodes = []
    for element in children(parent_element, "Code"):
        attrs = attributes(element)
        name = attrs.get("name", "")
        if not name.strip():
            warnings.append(f"A code without a name was called {UNNAMED_CODE!r}.")
            name = UNNAMED_CODE
        raw_guid = attrs.get("guid")
        guid = normalize_guid(raw_guid)
        if guid is None:
            problem = "no GUID" if raw_guid is None else f"an invalid GUID ({raw_guid!r})"
            warnings.append(f"Code {name!r} had {problem}; it was given a new one.")
            guid = new_guid()
        elif guid in seen_guids:
            warnings.append(f"Code {name!r} repeated the GUID {raw_guid}; it was given a new one.")
            guid = new_guid()
        seen_guids.add(guid)
        raw_color = attrs.get("color")
        color = parse_color(raw_color)
        if color is None and raw_color and raw_color.strip():
            warnings.append(f"Code {name!r} had an unreadable colour ({raw_color!r}); dropped.")
        codable = attrs.get("iscodable", "true").strip().lower() not in _FALSE_VALUES
        description = first_child(element, "Description")
        text = "".join(description.itertext()) if description is not None else ""
        nodes.append(
            CodebookNode(
                name=name,
                guid=guid,
                color=color,
                codable=codable,
                **parse_description(text),
                children=parse_code_elements(element, warnings=warnings, seen_guids=seen_guids),
            )
        )
    return nodes


def parse_code_sets(
    sets_element: etree._Element | None,
    known_guids: set[str],
    *,
    warnings: list[str] | None = None,
) -> list[CodeSet]:
    """The code sets of a ``Sets`` element (of a .qdc or a project).

    Members are read from ``MemberCode`` ``guid`` (.qdc) or ``targetGUID`` (project). A set that
    groups only sources or notes is not a code set and is skipped; members naming no known code
    are dropped.
    """
    if warnings is None:
        warnings = []
    if sets_element is None:
        return []
    result = []
    seen: set[str] = set()
    for element in children(sets_element, "Set"):
        member_elements = list(children(element, "MemberCode"))
        others = [child for child in element if local_name(child).startswith("Member")]
        if not member_elements and others:
            continue
        attrs = attributes(element)
        name = attrs.get("name", "")
        guid = normalize_guid(attrs.get("guid"))
        if guid is None or guid in seen:
            warnings.append(f"Set {name!r} had a missing or repeated GUID; it was given a new one.")
            guid = new_guid()
        seen.add(guid)
        members: list[str] = []
        for member in member_elements:
            member_attrs = attributes(member)
            raw = member_attrs.get("guid", member_attrs.get("targetguid"))
            target = normalize_guid(raw)
            if target is None or target not in known_guids:
                warnings.append(f"Set {name!r} named a code that is not in the codebook ({raw!r}).")
            elif target not in members:
                members.append(target)
        description = first_child(element, "Description")
        text = "".join(description.itertext()) if description is not None else ""
        result.append(CodeSet(name=name, guid=guid, member_guids=members, description=text))
    return result


# ----------------------------------------------------------------------------------------- writing


def xml_text(value: object) -> str:
    """``value`` as a str without the characters XML 1.0 cannot carry (NUL, most C0 controls...)."""
    return xml_chars(value)


def codebook_to_xml(codebook: Codebook, origin: str = DEFAULT_ORIGIN) -> bytes:
    """The codebook as a schema-valid REFI-QDA .qdc document (UTF-8, with XML declaration).

    Raises :class:`CodebookError` for a codebook without codes (the schema requires at least one),
    a code or set whose GUID is not a GUID, a GUID used twice, or codes nested more than
    :data:`MAX_CODE_DEPTH` levels deep.
    """
    if not codebook.codes:
        raise CodebookError(
            "Cannot write an empty codebook: a REFI-QDA codebook must hold at least one code."
        )
    if any(depth > MAX_CODE_DEPTH for depth, _ in walk(codebook.codes)):  # also stops cycles
        raise CodebookError(
            f"Cannot write the codebook: codes are nested more than {MAX_CODE_DEPTH} levels deep."
        )
    ns = f"{{{CODEBOOK_NS}}}"
    root = etree.Element(f"{ns}CodeBook", nsmap={None: CODEBOOK_NS})
    if origin:
        root.set("origin", xml_text(origin))
    codes_element = etree.SubElement(root, f"{ns}Codes")
    written: set[str] = set()
    for node in codebook.codes:
        _write_node(codes_element, node, written, ns)
    if codebook.sets:
        sets_element = etree.SubElement(root, f"{ns}Sets")
        set_guids: set[str] = set()
        for code_set in codebook.sets:
            set_element = etree.SubElement(sets_element, f"{ns}Set")
            set_element.set("guid", _checked_guid(code_set.guid, code_set.name, "set", set_guids))
            set_element.set("name", xml_text(code_set.name))
            description = xml_text(code_set.description)
            if description:
                etree.SubElement(set_element, f"{ns}Description").text = description
            members: list[str] = []
            for member in code_set.member_guids:
                guid = normalize_guid(member)
                if guid in written and guid not in members:  # codes only, once each
                    members.append(guid)
            for guid in members:
                etree.SubElement(set_element, f"{ns}MemberCode").set("guid", guid)
    body = etree.tostring(root, xml_declaration=False, encoding="UTF-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def _checked_guid(value: str, name: str, what: str, written: set[str]) -> str:
    guid = normalize_guid(value)
    if guid is None:
        raise CodebookError(f"Cannot write the codebook: {what} {name!r} has no valid GUID.")
    if guid in written:
        raise CodebookError(
            f"Cannot write the codebook: {what} {name!r} repeats the GUID {guid} of another entry."
        )
    written.add(guid)
    return guid


def _write_node(parent: etree._Element, node: CodebookNode, written: set[str], ns: str) -> None:
    element = etree.SubElement(parent, f"{ns}Code")
    element.set("guid", _checked_guid(node.guid, node.name, "code", written))
    element.set("name", xml_text(node.name))
    element.set("isCodable", "true" if node.codable else "false")
    color = parse_color(node.color)
    if color:
        element.set("color", color)
    description = render_description(
        {name: xml_text(value) for name, value in node.entry_fields().items()}
    )
    if description:
        etree.SubElement(element, f"{ns}Description").text = description
    for child in node.children:
        _write_node(element, child, written, ns)


def write_qdc(codebook: Codebook, path: str | os.PathLike, origin: str = DEFAULT_ORIGIN) -> None:
    """Write the codebook to ``path`` atomically (:func:`~glocal_annotator.atomic.atomic_write`),
    so an existing file is either fully replaced or left as it was.

    ``origin`` names the writing tool; ``codebook.origin`` (where it was read from) is not reused.

    Raises :class:`CodebookError` for a codebook that cannot be written (see
    :func:`codebook_to_xml`) and :class:`ExportFailure` when the file cannot be written.
    """
    data = codebook_to_xml(codebook, origin)
    with atomic_write(path) as temporary:
        temporary.write_bytes(data)

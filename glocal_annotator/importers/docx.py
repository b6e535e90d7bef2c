"""Word documents (.docx): the main story, then notes, comments, headers and footers.

The package is read as Open Packaging Conventions say (ECMA-376 Part 2): the main part is the
target of the ``officeDocument`` relationship in ``_rels/.rels`` (transitional or Strict
relationship type; ``word/document.xml`` when a package has no relationships), and the parts it
uses (footnotes, endnotes, comments, headers, footers, styles) are the targets of its own
relationships. How a story becomes lines is in :mod:`.docx_story`.

What a reader of the printed document sees besides the body is imported after it, so that it can
be coded, each kind under a label line, after one empty line:

- ``Footnotes``, ``Endnotes``: ``[1] text``, numbered in the order the body refers to them (as
  Word numbers them); a note of several paragraphs continues on the following lines.
- ``Comments``: ``[1] Author: text``, in the order the body refers to them.
- ``Headers``, ``Footers``: the text of each one the sections use, once (empty ones and repeats
  of the same text are skipped).

The import tells what it added (:attr:`ExtractedText.notices`). Notes and comments the body does
not refer to are not shown by Word and are not imported.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from glocal_annotator.importers import ExtractedText
from glocal_annotator.importers.docx_story import HiddenStyles, Story, hidden_styles_of, read_story
from glocal_annotator.importers.normalize import normalize
from glocal_annotator.importers.safety import (
    check_no_dtd,
    failure,
    open_zip,
    read_entry,
    xml_failure,
)
from glocal_annotator.safe_io import SafeZip, xml_parser
from glocal_annotator.wording import plural

_KIND = "Word (.docx)"
_DEFAULT_PART = "word/document.xml"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# Relationship types end the same in both namespace sets:
#   http://schemas.openxmlformats.org/officeDocument/2006/relationships/<kind>
#   http://purl.oclc.org/ooxml/officeDocument/relationships/<kind>
_TYPE_PREFIXES = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
                  "http://purl.oclc.org/ooxml/officeDocument/relationships/")
_EXTRAS = (("footnotes", "Footnotes", "footnote"), ("endnotes", "Endnotes", "endnote"),
           ("comments", "Comments", "comment"))


def extract(path: Path, fmt: str, encoding: str | None = None) -> ExtractedText:
    """The text of the Word document at ``path`` (``encoding`` is for text files)."""
    with open_zip(path, _KIND) as zf:
        main = _main_part(zf, path)
        data = read_entry(zf, main, path, _KIND)
        related = _relationships(zf, main, path)
        hidden = HiddenStyles()
        if "styles" in related.by_kind:
            try:
                hidden = hidden_styles_of(_read_xml(zf, related.by_kind["styles"][0], path))
            except etree.LxmlError:
                hidden = HiddenStyles()  # styles only refine hiding; a damaged one is ignored
        body = _story(data, main, path, hidden)
        lines = list(body.lines)
        added: list[str] = []
        for kind, label, noun in _EXTRAS:
            if kind in related.by_kind and body.references.get(kind):
                part = related.by_kind[kind][0]
                notes = _story(_read_xml(zf, part, path), part, path, hidden).notes
                count = _append_notes(lines, label, body.references[kind], notes,
                                      with_author=kind == "comments")
                if count:
                    added.append(plural(count, noun))
        for kind, label, noun in (("headers", "Headers", "header"),
                                  ("footers", "Footers", "footer")):
            count = _append_headers(lines, label, zf, path, related, body, kind, hidden)
            if count:
                added.append(plural(count, noun))
        metadata = _core_properties(zf, path)
    text = normalize("\n".join(lines))
    if not text:  # normalize() strips trailing white space, so blank means empty
        raise failure(path, "the document contains no text; check that it is the right file")
    notices = (f"added after the text, each under its label: {', '.join(added)}",) if added else ()
    return ExtractedText(text=text, format=fmt, metadata=metadata, notices=notices)


def _story(data: bytes, part: str, path: Path, hidden: HiddenStyles) -> Story:
    check_no_dtd(data, path, part)
    try:
        return read_story(data, hidden)
    except etree.LxmlError as exc:
        raise xml_failure(path, part, exc) from exc


def _read_xml(zf: SafeZip, part: str, path: Path) -> bytes:
    data = read_entry(zf, part, path, _KIND)
    check_no_dtd(data, path, part)
    return data


def _append_notes(lines: list[str], label: str, order: list[str],
                  notes: dict[str, tuple[str, list[str]]], with_author: bool) -> int:
    number = 0
    seen: set[str] = set()
    for note_id in order:
        if note_id in seen or note_id not in notes:
            continue
        seen.add(note_id)
        author, paragraphs = notes[note_id]
        paragraphs = [p for p in paragraphs if p.strip()] or [""]
        if not number:
            lines.extend(["", label])
        number += 1
        prefix = f"[{number}] " + (f"{author}: " if with_author and author else "")
        lines.append(prefix + paragraphs[0])
        lines.extend(paragraphs[1:])
    return number


def _append_headers(lines: list[str], label: str, zf: SafeZip, path: Path,
                    related: _Related, body: Story, kind: str, hidden: HiddenStyles) -> int:
    texts: list[list[str]] = []
    for section_kind, rid in body.sections:
        part = related.by_id.get(rid)
        if section_kind != kind or part is None:
            continue
        paragraphs = [p for p in _story(_read_xml(zf, part, path), part, path, hidden).lines
                      if p.strip()]
        if paragraphs and paragraphs not in texts:
            texts.append(paragraphs)
    if texts:
        lines.extend(["", label])
        for paragraphs in texts:
            lines.extend(paragraphs)
    return len(texts)


# -- package relationships ----------------------------------------------------------------------

@dataclass
class _Related:
    """The parts a part refers to: by kind ('footnotes', 'header' ...) and by relationship id."""

    by_kind: dict[str, list[str]] = field(default_factory=dict)
    by_id: dict[str, str] = field(default_factory=dict)


def _main_part(zf: SafeZip, path: Path) -> str:
    for _rid, kind, target in _parse_relationships(zf, "_rels/.rels", "", path):
        if kind == "officeDocument" and target in zf:
            return target
    return _DEFAULT_PART


def _relationships(zf: SafeZip, part: str, path: Path) -> _Related:
    """The parts that ``part``'s relationships (``_rels/NAME.rels`` beside it) point to."""
    folder, name = posixpath.split(part)
    related = _Related()
    names = set(zf.namelist())
    for rid, kind, target in _parse_relationships(
            zf, posixpath.join(folder, "_rels", name + ".rels"), folder, path):
        if target in names:
            related.by_kind.setdefault(kind, []).append(target)
            related.by_id[rid] = target
    return related


def _parse_relationships(zf: SafeZip, rels: str, folder: str, path: Path
                         ) -> list[tuple[str, str, str]]:
    """(id, kind, target part) of each internal relationship in the ``rels`` part, if any."""
    if rels not in zf:
        return []
    data = read_entry(zf, rels, path, _KIND, limit=4 * 1024 * 1024)
    check_no_dtd(data, path, rels)
    try:
        root = etree.fromstring(data, xml_parser())
    except (etree.LxmlError, ValueError) as exc:
        raise xml_failure(path, rels, exc) from exc
    found = []
    for rel in root.iter(_RELATIONSHIPS):
        kind = rel.get("Type", "")
        for prefix in _TYPE_PREFIXES:
            if kind.startswith(prefix) and rel.get("TargetMode") != "External":
                found.append((rel.get("Id", ""), kind[len(prefix):],
                              _resolve(folder, rel.get("Target", ""))))
    return found


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a zip entry name (targets are relative to the source part's
    folder, or absolute from the package root when they start with '/')."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def _core_properties(zf: SafeZip, path: Path) -> dict[str, str]:
    """Title and author from docProps/core.xml; a missing or odd part just gives no metadata."""
    names = {
        "{http://purl.org/dc/elements/1.1/}title": "title",
        "{http://purl.org/dc/elements/1.1/}creator": "author",
    }
    try:
        data = read_entry(zf, "docProps/core.xml", path, _KIND, limit=1024 * 1024)
        root = etree.fromstring(data, xml_parser())
    except Exception:  # metadata is optional: any problem with it just means none
        return {}
    meta = {}
    for child in root:
        key = names.get(child.tag)
        value = " ".join((child.text or "").split())
        if key and value:
            meta[key] = value
    return meta

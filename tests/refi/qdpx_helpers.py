"""Builders for .qdpx tests: a project with every kind of content, archives written by hand, and
a comparison of two projects' content (by names and paths, not ids)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import xmlschema

from glocal_annotator.project import Project
from tests.projects import MIXED_TEXT, add_text, empty_project

SCHEMAS = Path(__file__).parent / "schemas"
_SCHEMA: xmlschema.XMLSchema | None = None


def project_schema() -> xmlschema.XMLSchema:
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = xmlschema.XMLSchema(str(SCHEMAS / "Project.xsd"))
    return _SCHEMA


def validate_qdpx(path: Path) -> bytes:
    """Validate the archive's project.qde against Project.xsd; return it."""
    with zipfile.ZipFile(path) as archive:
        qde = archive.read("project.qde")
    assert not qde.startswith(b"\xef\xbb\xbf")
    project_schema().validate(io.BytesIO(qde))
    return qde


def rich_project(tmp_path: Path, name: str = "rich.glocal") -> Project:
    """A project with nested codes (every entry field, memos, a folder), two coders, codings
    around emoji, CJK, combining marks and right-to-left text, coding memos, a document memo, a
    memo on a document and a project memo."""
    project = empty_project(tmp_path, name)
    first = add_text(project, "interview 1.txt", MIXED_TEXT)
    second = add_text(project, "notes.md", "Line one\nLine two 😀😀 and more\n\nLast line", "md")
    folder = project.add_code("Themes", codable=False, color="#112233").result
    fields = {
        "short_definition": "Local actors adapt a global form.",
        "definition": "First paragraph.\n\nSecond paragraph with Example: inside.",
        "when_to_use": "When adaptation is explicit.",
        "when_not_to_use": "Mere translation.",
        "example": '"We kept the franchise, but the menu is ours."',
        "memo": "Check with coder B.",
    }
    hybrid = project.add_code("Hybridization", folder, color="#80CD82", **fields).result
    plain = project.add_code("Plain definition", folder, color="#FFAA00",
                             short_definition="Definition: written elsewhere").result
    child = project.add_code("Creolization", hybrid, color="#123456", memo="only a memo").result
    text = project.document_text(first)
    for quote, code, coder, memo in (
        ("global programme", hybrid, "Amina", "first memo"),
        ("全球本土化", child, "Amina", ""),
        ("Cafe\u0301", plain, "Bao", "memo with\nnew line"),
        ("العولمة", child, "Bao", ""),
        ("👩🏽‍🔬", hybrid, "Bao", ""),
    ):
        start = text.index(quote)
        project.add_coding(first, code, start, start + len(quote), memo, coder=coder)
    second_text = project.document_text(second)
    start = second_text.index("😀😀 and")
    project.add_coding(second, child, start, start + len("😀😀 and"), "astral", coder="Amina")
    project.set_document_memo(first, "Interviewed in May.\nTranscribed by B.")
    project.add_memo("Method", "We code in pairs.")
    project.add_memo("On notes", "A memo about the notes.", second)
    return project


def content(project: Project) -> dict:
    """What a user sees, keyed by names and paths, for comparing two projects."""
    documents = {d.id: d for d in project.documents()}
    codes = {c.id: c for c in project.codes()}
    coders = {c.id: c for c in project.coders()}
    memos = project.document_memos()
    return {
        "documents": sorted(
            (d.name, project.document_text(d.id), memos.get(d.id, ""), d.guid)
            for d in documents.values()
        ),
        "codes": [
            (c.path, c.guid, c.color, c.codable, tuple(c.entry_fields().items()))
            for c in codes.values()
        ],
        "codings": sorted(
            (documents[c.document_id].name, codes[c.code_id].path, coders[c.coder_id].name,
             c.start, c.end, c.memo, c.created_at, c.guid)
            for c in project.codings()
        ),
        "memos": sorted(
            (m.guid, m.title, m.text, documents[m.document_id].name if m.document_id else None,
             coders[m.coder_id].name if m.coder_id else None, m.created_at, m.modified_at)
            for m in project.memos()
        ),
        "coders": sorted((c.name, c.guid) for c in coders.values()),
    }


def qde(body: str, *, namespace: str = "urn:QDA-XML:project:1.0", attrs: str = "") -> str:
    """A project.qde around ``body`` (the elements inside <Project>)."""
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{namespace}" '
            f'name="hand made" {attrs}>{body}</Project>')


def write_archive(path: Path, entries: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path

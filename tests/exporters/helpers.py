"""Helpers for the export tests. A small coded project: nested codes, two coders, overlapping and
multi-paragraph codings, memos, emoji/CJK/RTL text and a two-page "PDF"; and Word files read back
as XML."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from glocal_annotator.importers import ExtractedText
from glocal_annotator.project import Project

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

INTERVIEW = (
    "Interview 01 — Lạc Hòa market 😀\n"
    "\n"
    "Q: What changed when the chain arrived?\n"
    "A: The burger came, but they sell a rice burger now. 全球化与本土化 is what my son calls it.\n"
    "\n"
    "العولمة المحلية هي ما نعيشه اليوم، تقول أمي\n"
    "A: The cooperative stopped buying the package;\n"
    "we went back to compost, as our mothers did.\n"
)

REPORT = (
    "Annual report 2024. The programme was delivered exactly as written in every country. "
    "Page one ends here.\n"
    "Second page: local staff adapted the template anyway, quietly, with "
    "the donor's blessing.\n"
    "Reporting stayed quarterly.\n"
)

NOTES = '=SUM(A1) looks like a formula\tbut is a note.\nPlain line with "quotes", commas.\n'


@dataclass
class Built:
    path: Path
    project: Project
    codes: dict[str, int] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)
    codings: dict[str, int] = field(default_factory=dict)


def _code(built: Built, document: str, quote: str, code: str, coder: str, memo: str = "") -> None:
    text = built.project.document_text(built.documents[document])
    start = text.index(quote)
    change = built.project.add_coding(
        built.documents[document], built.codes[code], start, start + len(quote), memo, coder=coder
    )
    built.codings[f"{code}:{quote[:12]}"] = change.result


def build(path: Path) -> Built:
    project = Project.create(path, default_codebook=False, coder="ana")
    built = Built(path, project)
    add = project.add_code
    built.codes["Change"] = add(
        "Change", color="#85AFE0", short_definition="Things becoming different."
    ).result
    built.codes["Hybrid"] = add(
        "Hybrid",
        built.codes["Change"],
        color="#F4A261",
        short_definition="Global and local mixed.",
        definition="Long definition of hybrid.",
        when_to_use="When mixed.",
        when_not_to_use="When pure.",
        example="A rice burger.",
        memo="Grounded in Pieterse.",
    ).result
    built.codes["Sameness"] = add("Sameness", built.codes["Change"], color="#9DD0E7").result
    built.codes["Resistance"] = add(
        "Resistance", color="#1F4E5F", definition="Saying no to the global model."
    ).result
    built.codes["Unused"] = add("Unused", color="#CCCCCC", codable=False).result
    for name, extracted in (
        ("interview-01.txt", ExtractedText(INTERVIEW, "txt")),
        ("report.pdf", ExtractedText(REPORT, "pdf", page_starts=(0, REPORT.index("Second")))),
        ("notes.txt", ExtractedText(NOTES, "txt")),
    ):
        built.documents[name] = project.add_document(name, extracted).result
    _code(built, "interview-01.txt", "they sell a rice burger now", "Hybrid", "ana", "In vivo.")
    _code(built, "interview-01.txt", "rice burger now. 全球化与本土化", "Resistance", "bo")
    _code(built, "interview-01.txt", "The burger came", "Sameness", "ana", "Two lines\nof memo")
    _code(built, "interview-01.txt", "العولمة المحلية", "Hybrid", "bo")
    _code(
        built,
        "interview-01.txt",
        "The cooperative stopped buying the package;\nwe went back to compost",
        "Resistance",
        "ana",
        "Spans two paragraphs.",
    )
    _code(built, "interview-01.txt", "Lạc Hòa market 😀", "Change", "bo")
    _code(built, "report.pdf", "delivered exactly as written", "Sameness", "ana")
    _code(built, "report.pdf", "local staff adapted the template", "Hybrid", "bo", "Page two.")
    _code(built, "notes.txt", "=SUM(A1) looks like a formula\tbut", "Sameness", "ana")
    return built


# -- reading Word files back -------------------------------------------------------------------


def body_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def part_xml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def anchored_texts(path: Path) -> dict[str, str]:
    """Text between each commentRangeStart and commentRangeEnd, paragraphs joined by newlines
    (the superscript note numbers of other codings inside a range are not text)."""
    root = body_xml(path)
    for mark in list(root.iter(f"{W}vertAlign")):
        run = mark.getparent().getparent()
        run.getparent().remove(run)
    open_ranges: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for paragraph in root.iter(f"{W}p"):
        for collected in open_ranges.values():  # ranges begun in an earlier paragraph
            collected.append("\n")
        for element in paragraph.iter():
            if element.tag == f"{W}commentRangeStart":
                open_ranges[element.get(f"{W}id")] = []
            elif element.tag == f"{W}commentRangeEnd":
                collected = open_ranges.pop(element.get(f"{W}id"))
                done[element.get(f"{W}id")] = "".join(collected)
            elif open_ranges and element.tag in (f"{W}t", f"{W}br", f"{W}tab"):
                piece = {f"{W}br": "\n", f"{W}tab": "\t"}.get(element.tag, element.text or "")
                for collected in open_ranges.values():
                    collected.append(piece)
    return done

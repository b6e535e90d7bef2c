"""The coded excerpts report, reopened with python-docx and compared with the project."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import docx
import pytest

from glocal_annotator.errors import ExportFailure
from glocal_annotator.excerpt_context import context
from glocal_annotator.exporters import ExportCancelled
from glocal_annotator.exporters._common import Locator, local_date
from glocal_annotator.exporters._wordml import hex_color
from glocal_annotator.exporters.excerpts_docx import ExcerptReportOptions, export_excerpts_docx
from glocal_annotator.model import CodingFilter
from glocal_annotator.text_units import page_number, paragraph_number
from tests.exporters.helpers import W, body_xml


@dataclass
class Entry:
    text: str
    citation: str = ""
    memo: str = ""
    plain: str = ""  # the excerpt's own (not greyed context) text


@dataclass
class Group:
    heading: str
    style: str
    entries: list[Entry] = field(default_factory=list)


def read_groups(path) -> tuple[list[str], list[Group]]:
    """(title part paragraphs, groups under each heading after the title part)."""
    document = docx.Document(path)
    front: list[str] = []
    groups: list[Group] = []
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        if style.startswith("Heading") and paragraph.text != "Summary":
            groups.append(Group(paragraph.text, style))
        elif not groups:
            front.append(paragraph.text)
        elif style == "Coded Excerpt":
            plain = "".join(r.text for r in paragraph.runs if r.font.color.rgb is None)
            groups[-1].entries.append(Entry(paragraph.text, plain=plain))
        elif style == "Excerpt Citation":
            groups[-1].entries[-1].citation = paragraph.text
        elif style == "Excerpt Memo":
            groups[-1].entries[-1].memo = paragraph.text
    return front, groups


def test_grouped_by_code_in_codebook_order_with_every_excerpt_verbatim(built, tmp_path):
    out = tmp_path / "report.docx"
    count = export_excerpts_docx(built.project, out)
    excerpts = built.project.excerpts()
    assert count == len(excerpts) == 9
    front, groups = read_groups(out)
    codes = built.project.codes()
    with_excerpts = {e.code_id for e in excerpts}
    expected = [c for c in codes if c.id in with_excerpts]
    assert [g.heading for g in groups] == [c.name for c in expected]  # "Unused" left out
    levels = {c.name: ("Heading 2" if c.parent_id else "Heading 1") for c in codes}
    assert all(g.style == levels[g.heading] for g in groups)
    for group, code in zip(groups, expected, strict=True):
        mine = [e for e in excerpts if e.code_id == code.id]  # already in document order
        assert [entry.text for entry in group.entries] == [e.text for e in mine]
        for entry, excerpt in zip(group.entries, mine, strict=True):
            text = built.project.document_text(excerpt.document_id)
            assert entry.citation.startswith(excerpt.document)
            assert f"¶ {paragraph_number(text, excerpt.start)}" in entry.citation
            assert excerpt.coder in entry.citation
            assert local_date(excerpt.created_at) in entry.citation
            if excerpt.memo:
                assert entry.memo == f"Memo: {excerpt.memo}"
            else:
                assert entry.memo == ""
    assert "Codes: all codes" in front
    assert f"Contents: {count} excerpts from 3 documents, grouped by code" in front


def test_pdf_page_and_multi_paragraph_locations(built, tmp_path):
    out = tmp_path / "report.docx"
    export_excerpts_docx(built.project, out)
    _front, groups = read_groups(out)
    entries = {entry.text: entry for group in groups for entry in group.entries}
    assert "report.pdf · p. 1, ¶ 1 ·" in entries["delivered exactly as written"].citation
    assert "report.pdf · p. 2, ¶ 2 ·" in entries["local staff adapted the template"].citation
    spanning = "The cooperative stopped buying the package;\nwe went back to compost"
    assert "interview-01.txt · ¶ 5–6 ·" in entries[spanning].citation
    assert entries["=SUM(A1) looks like a formula\tbut"].citation.startswith("notes.txt")


def test_colour_bar_and_heading_definitions(built, tmp_path):
    out = tmp_path / "report.docx"
    export_excerpts_docx(built.project, out)
    root = body_xml(out)
    bars = {
        border.get(f"{W}color")
        for border in root.iter(f"{W}left")
        if border.getparent().tag == f"{W}pBdr"
    }
    used = {hex_color(c.color) for c in built.project.codes() if c.name != "Unused"}
    assert bars == used
    document = docx.Document(out)
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("Change") + 1] == "Things becoming different."
    assert texts[texts.index("Resistance") + 1] == "Saying no to the global model."
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == "Coded excerpts: study"


def test_grouped_by_document_in_import_order_and_position(built, tmp_path):
    out = tmp_path / "by-doc.docx"
    export_excerpts_docx(built.project, out, ExcerptReportOptions(group_by="document"))
    _front, groups = read_groups(out)
    assert [g.heading for g in groups] == ["interview-01.txt", "report.pdf", "notes.txt"]
    assert all(g.style == "Heading 1" for g in groups)
    for group in groups:
        mine = [e for e in built.project.excerpts() if e.document == group.heading]
        assert [e.text for e in group.entries] == [e.text for e in mine]
        starts = [e.start for e in mine]
        assert starts == sorted(starts)
        for entry, excerpt in zip(group.entries, mine, strict=True):
            assert excerpt.code_path.replace("/", " / ") in entry.citation


def test_code_filter_includes_sub_codes_and_is_described(built, tmp_path):
    out = tmp_path / "filtered.docx"
    bo = next(c.id for c in built.project.coders() if c.name == "bo")
    options = ExcerptReportOptions(CodingFilter(code_ids=[built.codes["Change"]], coder_ids=[bo]))
    count = export_excerpts_docx(built.project, out, options)
    wanted = {built.codes[n] for n in ("Change", "Hybrid", "Sameness")}
    expected = [e for e in built.project.excerpts() if e.code_id in wanted and e.coder == "bo"]
    assert count == len(expected) > 0
    front, groups = read_groups(out)
    assert [e.text for g in groups for e in g.entries] == [
        e.text for c in built.project.codes() for e in expected if e.code_id == c.id
    ]
    assert "Codes: Change (with its 2 sub-codes)" in front
    assert "Coders: bo" in front
    # a parent without excerpts of its own keeps its heading over its sub-codes
    assert groups[0].heading == "Change"


def test_parent_heading_kept_when_only_sub_codes_have_excerpts(built, tmp_path):
    out = tmp_path / "sub.docx"
    hybrid = CodingFilter(code_ids=[built.codes["Hybrid"]])
    export_excerpts_docx(built.project, out, ExcerptReportOptions(hybrid))
    _front, groups = read_groups(out)
    assert [(g.heading, g.style, len(g.entries)) for g in groups] == [
        ("Change", "Heading 1", 0),
        ("Hybrid", "Heading 2", 3),
    ]


def test_context_is_grey_and_the_excerpt_stays_exact(built, tmp_path):
    out = tmp_path / "context.docx"
    export_excerpts_docx(
        built.project,
        out,
        ExcerptReportOptions(include_context=True, context_chars=30, include_memos=False),
    )
    _front, groups = read_groups(out)
    entries = [entry for group in groups for entry in group.entries]
    excerpts = {e.text for e in built.project.excerpts()}
    assert {entry.plain for entry in entries} == excerpts
    burger = next(e for e in entries if e.plain == "they sell a rice burger now")
    assert (
        burger.text
        == "A: The burger came, but they sell a rice burger now. 全球化与本土化 is what my son…"
    )
    assert all(entry.memo == "" for entry in entries)


def test_context_helper_stays_near_its_paragraph():
    text = "One.\n\nTwo has the bit in it and more.\nThree."
    start = text.index("the bit")
    assert context(text, start, start + 7, 100) == ("Two has ", " in it and more.")
    whole = text.index("Two"), text.index("\nThree")
    assert context(text, *whole, 100) == ("One.\n", "\nThree.")
    assert context(text, start, start + 7, 0) == ("", "")


def test_locator_agrees_with_text_units():
    rng = random.Random(7)
    for _ in range(20):
        text = "".join(rng.choice(["a", "b ", "\n", "\n\n", "  ", "😀"]) for _ in range(80))
        pages = tuple(sorted({0, *rng.sample(range(len(text) + 1), 3)}))
        locator = Locator(text, pages)
        for offset in range(len(text) + 1):
            assert locator.paragraph(offset) == paragraph_number(text, offset)
            assert locator.page(offset) == page_number(pages, offset)


def test_empty_selection_still_writes_a_report(built, tmp_path):
    out = tmp_path / "empty.docx"
    nothing = ExcerptReportOptions(CodingFilter(code_ids=[]))
    assert export_excerpts_docx(built.project, out, nothing) == 0
    front, groups = read_groups(out)
    assert groups == []
    assert "No coded excerpts match this selection." in front


def test_summary_table_counts(built, tmp_path):
    out = tmp_path / "report.docx"
    export_excerpts_docx(built.project, out, ExcerptReportOptions(title="My report"))
    document = docx.Document(out)
    assert document.paragraphs[0].text == "My report"
    assert document.core_properties.title == "My report"
    codes_table, documents_table = document.tables
    rows = [[cell.text for cell in row.cells] for row in codes_table.rows]
    assert rows[0][1:] == ["Code", "Excerpts"]
    assert rows[-1][1:] == ["Total", "9"]
    counts = {row[1]: int(row[2]) for row in rows[1:-1]}
    assert counts == {"Change": 1, "Change / Hybrid": 3, "Change / Sameness": 3, "Resistance": 2}
    rows = [[cell.text for cell in row.cells] for row in documents_table.rows]
    assert rows[1:] == [["interview-01.txt", "6"], ["report.pdf", "2"], ["notes.txt", "1"]]


def test_cancel_writes_nothing(built, tmp_path):
    out = tmp_path / "cancelled.docx"
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return False

    with pytest.raises(ExportCancelled):
        export_excerpts_docx(built.project, out, progress=progress)
    assert calls == [(0, 27)]  # 9 excerpts read, laid out, then written
    assert list(tmp_path.glob("cancelled*")) == []
    assert list(tmp_path.glob(".cancelled*")) == []


def test_progress_reaches_the_total(built, tmp_path):
    calls = []
    export_excerpts_docx(built.project, tmp_path / "r.docx", progress=lambda d, t: calls.append(d))
    assert calls[0] == 0 and calls[-1] == 27


def test_bad_grouping_is_refused(built, tmp_path):
    with pytest.raises(ExportFailure, match="cannot group"):
        export_excerpts_docx(built.project, tmp_path / "x.docx", ExcerptReportOptions(group_by="x"))

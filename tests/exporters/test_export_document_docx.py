"""The coded document: full text, shading in code colours, one Word comment per coding."""

from __future__ import annotations

import docx

from glocal_annotator.exporters._wordml import blend, hex_color, luminance, readable_fill
from glocal_annotator.exporters.document_docx import export_document_docx
from glocal_annotator.importers import ExtractedText
from tests.exporters.helpers import W, anchored_texts, body_xml, part_xml


def _text_paragraphs(path) -> list:
    """The paragraphs of the document's text: after the "Text" heading, before the notes."""
    paragraphs = docx.Document(path).paragraphs
    heading = next(i for i, p in enumerate(paragraphs) if p.text == "Text")
    notes = next(
        (i for i, p in enumerate(paragraphs) if p.text == "Notes: the codings"), len(paragraphs)
    )
    return paragraphs[heading + 1 : notes]


def _plain(paragraph) -> str:
    """A paragraph's text without the superscript note numbers."""
    pieces = []
    for run in paragraph._p.iter(f"{W}r"):
        if run.find(f"{W}rPr/{W}vertAlign") is not None:
            continue
        for element in run:
            if element.tag == f"{W}t":
                pieces.append(element.text or "")
            elif element.tag == f"{W}tab":
                pieces.append("\t")
            elif element.tag == f"{W}br":
                pieces.append("\n")
    return "".join(pieces)


def test_full_text_one_paragraph_per_line(built, tmp_path):
    out = tmp_path / "doc.docx"
    document_id = built.documents["interview-01.txt"]
    export_document_docx(built.project, document_id, out)
    text = built.project.document_text(document_id)
    paragraphs = _text_paragraphs(out)
    assert "\n".join(_plain(p) for p in paragraphs) == text
    assert all(p.style.name == "Document Text" for p in paragraphs)
    title = docx.Document(out).paragraphs[0]
    assert (title.style.name, title.text) == ("Title", "interview-01.txt")
    # the Arabic line reads right to left
    arabic = next(p for p in paragraphs if "العولمة" in p.text)
    assert arabic._p.pPr.find(f"{W}bidi") is not None


def test_one_comment_per_coding_anchored_on_its_text(built, tmp_path):
    out = tmp_path / "doc.docx"
    document_id = built.documents["interview-01.txt"]
    count = export_document_docx(built.project, document_id, out)
    codings = built.project.codings(document_ids=[document_id])
    assert count == len(codings) == 6
    text = built.project.document_text(document_id)
    codes = {c.id: c for c in built.project.codes()}
    coders = {c.id: c.name for c in built.project.coders()}

    comments = list(docx.Document(out).comments)
    assert len(comments) == len(codings)
    anchored = anchored_texts(out)
    assert len(anchored) == len(codings)
    by_id = {str(comment.comment_id): comment for comment in comments}
    for index, coding in enumerate(codings):
        comment = by_id[str(index)]
        assert anchored[str(index)] == text[coding.start : coding.end]
        code = codes[coding.code_id]
        assert code.path.replace("/", " / ") in comment.text
        assert comment.author == coders[coding.coder_id]
        assert f"Coder: {coders[coding.coder_id]}" in comment.text
        if coding.memo:
            assert f"Memo: {coding.memo.splitlines()[0]}" in comment.text
            assert coding.memo.splitlines()[-1] in comment.text
    spanning = next(c for c in codings if "\n" in text[c.start : c.end])
    assert "\n" in anchored[str(codings.index(spanning))]


def test_comments_part_is_well_formed(built, tmp_path):
    out = tmp_path / "doc.docx"
    export_document_docx(built.project, built.documents["report.pdf"], out)
    root = part_xml(out, "word/comments.xml")
    comments = root.findall(f"{W}comment")
    assert [c.get(f"{W}id") for c in comments] == ["0", "1"]
    assert all(c.get(f"{W}date", "").endswith("Z") for c in comments)
    assert {c.get(f"{W}author") for c in comments} == {"ana", "bo"}
    references = body_xml(out).findall(f".//{W}commentReference")
    assert sorted(r.get(f"{W}id") for r in references) == ["0", "1"]


def test_shading_in_code_colours_darker_where_codings_overlap(built, tmp_path):
    out = tmp_path / "doc.docx"
    document_id = built.documents["interview-01.txt"]
    export_document_docx(built.project, document_id, out)
    codes = {c.name: hex_color(c.color) for c in built.project.codes()}
    fills: dict[str, str] = {}
    for run in body_xml(out).iter(f"{W}r"):
        shading = run.find(f"{W}rPr/{W}shd")
        texts = "".join(t.text or "" for t in run.iter(f"{W}t"))
        if shading is not None and texts:
            fills[texts] = shading.get(f"{W}fill")
    hybrid, resistance = codes["Hybrid"], codes["Resistance"]
    assert fills["they sell a "] == readable_fill(hybrid)  # Hybrid alone
    blended = blend([readable_fill(hybrid), readable_fill(resistance)])
    assert fills["rice burger now"] == readable_fill(blended, 0.3)
    assert luminance(fills["rice burger now"]) < luminance(fills["they sell a "])
    # the dark code colour is lightened enough for black text to stay readable
    assert fills[". 全球化与本土化"] == readable_fill(resistance)
    assert luminance(fills[". 全球化与本土化"]) >= 0.4
    assert fills["The burger came"] == readable_fill(codes["Sameness"])
    legend = docx.Document(out).tables[0]
    assert [row.cells[1].text for row in legend.rows] == [
        "Code",
        "Change",
        "Change / Hybrid",
        "Change / Sameness",
        "Resistance",
    ]


def test_codings_sharing_boundaries_and_newline_only_codings(tmp_path):
    from glocal_annotator.project import Project

    with Project.create(tmp_path / "p.glocal", default_codebook=False) as project:
        code = project.add_code("A", color="#FF0000").result
        other = project.add_code("B", color="#00FF00").result
        text = "abc\n\ndef ghi\n"
        document_id = project.add_document("d.txt", ExtractedText(text, "txt")).result
        spans = [(0, 3, code), (0, 3, other), (3, 5, code), (6, 9, other), (4, 12, code)]
        for start, end, code_id in spans:
            project.add_coding(document_id, code_id, start, end)
        out = tmp_path / "d.docx"
        assert export_document_docx(project, document_id, out) == 5
        anchored = anchored_texts(out)
        codings = project.codings(document_ids=[document_id])
        for index, coding in enumerate(codings):
            # line breaks at either end of a coding fall outside its runs; a coding of line
            # breaks only gets an empty range where it starts
            expected = text[coding.start : coding.end].strip("\n")
            assert anchored[str(index)] == expected
        assert "\n".join(_plain(p) for p in _text_paragraphs(out)) == text


def test_document_without_codings(built, tmp_path):
    from glocal_annotator.project import Project

    with Project.create(tmp_path / "p.glocal", default_codebook=False) as project:
        document_id = project.add_document("d.txt", ExtractedText("one\ntwo", "txt")).result
        out = tmp_path / "d.docx"
        assert export_document_docx(project, document_id, out) == 0
        assert [p.text for p in _text_paragraphs(out)] == ["one", "two"]
        assert len(docx.Document(out).comments) == 0
